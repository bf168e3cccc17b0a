import { GraphQLError } from 'graphql';

/** Stable error codes clients can branch on (`extensions.code`). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

/** The HTTP status a plain (non-GraphQL) route answers an error code with; undefined for an unknown code. */
export function httpStatusOf(code: unknown): number | undefined {
  return typeof code === 'string' && Object.hasOwn(HTTP_STATUS, code)
    ? HTTP_STATUS[code as ErrorCode]
    : undefined;
}

function graphqlError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** The one error helper: every refusal a resolver makes goes through here. */
export const errors = {
  /** `field` is the input path, e.g. `input.rules[2].conditions[0].values`. */
  badInput: (message: string, field?: string, extra: Record<string, unknown> = {}) =>
    graphqlError('BAD_USER_INPUT', field ? `${field}: ${message}` : message, {
      ...extra,
      ...(field ? { field } : {}),
    }),
  /** Several problems at once, each with its own path, so a form can show them all. */
  badInputs: (problems: { path: string; message: string }[]) =>
    graphqlError('BAD_USER_INPUT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      field: problems[0]?.path,
      problems,
    }),
  /** `field`: the input that named it, where the caller chose the key. */
  notFound: (what: string, key: string, field?: string) =>
    graphqlError('NOT_FOUND', `${what} "${key}" does not exist`, field ? { key, field } : { key }),
  conflict: (message: string, extra: Record<string, unknown> = {}) =>
    graphqlError('CONFLICT', message, extra),
  staleVersion: (what: string, key: string, expected: number, current: number) =>
    graphqlError(
      'CONFLICT',
      `${what} "${key}" was changed by someone else: you edited version ${expected}, the current version is ${current}. Reload and apply your change again.`,
      { key, expectedVersion: expected, currentVersion: current },
    ),
  unauthenticated: (message = 'Sign in or send an API key to use this operation') =>
    graphqlError('UNAUTHENTICATED', message),
  forbidden: (permission: string) =>
    graphqlError('FORBIDDEN', `This needs the "${permission}" permission, which your role does not have`, {
      permission,
    }),
  /** `what` says what is busy or refused (default: too many requests); `limit` names the bucket. */
  rateLimited: (retryAfterSeconds: number, opts: { what?: string; limit?: string } = {}) =>
    graphqlError('RATE_LIMITED', `${opts.what ?? 'Too many requests'}: retry after ${retryAfterSeconds} s`, {
      retryAfterSeconds,
      ...(opts.limit ? { limit: opts.limit } : {}),
    }),
  /**
   * A dependency (the database, Redis, another service) cannot be reached: retryable, and worded
   * without internals (no addresses or driver messages). `serviceName` names the dependency.
   */
  serviceUnavailable: (serviceName: string, retryAfterSeconds = 1) =>
    graphqlError(
      'SERVICE_UNAVAILABLE',
      `The ${serviceName} is temporarily unavailable; retry in ${retryAfterSeconds} s`,
      { serviceName, retryable: true, retryAfterSeconds },
    ),
};

// Node's socket and DNS failures: the peer is down, unreachable or went away mid-request.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// PostgreSQL: 08 connection exceptions, 57P01-03 shut down / starting, 53300 too many connections.
const UNAVAILABLE_SQLSTATES = /^(08...|57P0[123]|53300)$/;
// node-postgres and node-redis say it in words only.
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|The client is closed|Socket closed unexpectedly|Connection timeout/i;

/**
 * Whether `err` means a dependency is unavailable rather than that the request is wrong or the
 * code is: walks the wrappers (GraphQL's originalError, TypeORM's driverError, fetch's cause,
 * a connect attempt's AggregateError) looking for a connection failure.
 */
export function isUnavailableError(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 6) return false;
  const e = err as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    driverError?: unknown;
    originalError?: unknown;
    errors?: unknown;
  };
  if (typeof e.code === 'string' && (UNREACHABLE_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.test(e.code)))
    return true;
  if (e.name === 'ConnectionTimeoutError' || e.name === 'ClientClosedError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  const inner = [e.cause, e.driverError, e.originalError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => isUnavailableError(i, depth + 1));
}

export function isGraphQLError(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError;
}

/**
 * Refusals the caller can act on (its input, its rights, its rate): when another service answers one, it
 * reaches the caller with that code, never as the other service's failure (SERVICE_UNAVAILABLE).
 */
export const CALLER_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'CONFLICT',
  'FORBIDDEN',
  'NOT_FOUND',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
]);

/** Codes whose message is meant for the caller; any other error is answered as INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);
