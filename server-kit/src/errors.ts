import { GraphQLError } from 'graphql';

/** Stable error codes clients can branch on (`extensions.code`). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED';

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
  notFound: (what: string, key: string) =>
    graphqlError('NOT_FOUND', `${what} "${key}" does not exist`, { key }),
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
};

export function isGraphQLError(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError;
}

/** Codes whose message is meant for the caller; any other error is answered as INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  // A subgraph that calls another one says when that one is unavailable (the gateway's code for it).
  'SUBGRAPH_UNAVAILABLE',
]);
