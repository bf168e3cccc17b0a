import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type GraphFlagValue, openFeatureErrorCode, openFeatureReason } from '@switchyard/core';
import { type Identity, isGraphQLError } from '@switchyard/server-kit';
import type { FlagEvaluation } from '../evaluation/flag-evaluation';

/**
 * OpenFeature Remote Evaluation Protocol (OFREP, github.com/open-feature/protocol): single-flag and
 * bulk evaluation over JSON, for any language's OpenFeature OFREP provider. Answered by the same
 * `FlagEvaluation` as `evaluate` (permission, context limits, usage), with our reasons and error codes
 * in OpenFeature's terms (`@switchyard/core` openFeatureReason / openFeatureErrorCode, which the
 * Switchyard OpenFeature providers use too). The environment is the SDK key's; other credentials
 * name it in `X-Switchyard-Environment`.
 */

export const OFREP_BULK_PATH = '/ofrep/v1/evaluate/flags';
export const ENVIRONMENT_HEADER = 'x-switchyard-environment';

export interface OfrepAnswer {
  status: number;
  headers: Record<string, string>;
  /** Null: no body (304). */
  body: unknown;
}

/** The flag key of a single-flag path, `true` for the bulk path, null for any other path. */
export function ofrepTarget(pathname: string): string | true | null {
  if (pathname === OFREP_BULK_PATH || pathname === `${OFREP_BULK_PATH}/`) return true;
  if (!pathname.startsWith(`${OFREP_BULK_PATH}/`)) return null;
  const rest = pathname.slice(OFREP_BULK_PATH.length + 1);
  if (rest.length === 0 || rest.includes('/')) return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return null;
  }
}

interface OfrepRequest {
  /** The flag key, or true for bulk. */
  target: string | true;
  identity: Identity;
  /** The parsed JSON body (`{ context }`), or undefined when it was not JSON. */
  body: unknown;
  environmentHeader: string | null;
  ifNoneMatch: string | null;
}

/** OpenFeature's `targetingKey` is our `key`; every other attribute passes through. */
function toContext(context: Record<string, unknown>): Record<string, unknown> {
  const { targetingKey, ...attributes } = context;
  return targetingKey === undefined ? attributes : { ...attributes, key: targetingKey };
}

function success(v: GraphFlagValue, stale: boolean) {
  const metadata: Record<string, string | boolean> = { switchyardReason: v.reason };
  if (v.ruleId) metadata.ruleId = v.ruleId;
  if (v.experimentKey) metadata.experimentKey = v.experimentKey;
  if (v.prerequisiteKey) metadata.prerequisiteKey = v.prerequisiteKey;
  if (v.inExperiment) metadata.inExperiment = true;
  return {
    key: v.key,
    value: v.value,
    reason: stale ? 'STALE' : openFeatureReason({ kind: v.reason, inExperiment: v.inExperiment }),
    ...(v.variation !== null ? { variant: v.variation } : {}),
    metadata,
  };
}

const failure = (key: string | undefined, errorCode: string, errorDetails: string) => ({
  ...(key !== undefined ? { key } : {}),
  errorCode,
  errorDetails,
});

/** The protocol's answer to one OFREP request, from the graph's checks and results. */
export async function answerOfrep(evaluation: FlagEvaluation, r: OfrepRequest): Promise<OfrepAnswer> {
  const key = r.target === true ? undefined : r.target;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): OfrepAnswer => ({
    status,
    headers,
    body,
  });
  if (r.identity.kind === 'anonymous')
    return json(401, { errorDetails: 'Send an SDK key (Authorization: Bearer sy_… or X-API-Key)' });
  const environment = r.identity.environment ?? r.environmentHeader;
  if (!environment)
    return json(
      400,
      failure(
        key,
        'GENERAL',
        `Name the environment in the ${ENVIRONMENT_HEADER} header (SDK keys carry their own)`,
      ),
    );
  const body = r.body as { context?: unknown } | undefined;
  const context = body && typeof body === 'object' && !Array.isArray(body) ? (body.context ?? {}) : undefined;
  if (context === undefined || context === null || typeof context !== 'object' || Array.isArray(context))
    return json(
      400,
      failure(key, 'PARSE_ERROR', 'The body must be JSON: { "context": { "targetingKey": "…", … } }'),
    );
  const ctx = toContext(context as Record<string, unknown>);

  let evaluated: Awaited<ReturnType<FlagEvaluation['evaluate']>>;
  try {
    evaluated = await evaluation.evaluate(r.identity, {
      environment,
      context: ctx,
      keys: key === undefined ? null : [key],
    });
  } catch (err) {
    if (!isGraphQLError(err)) throw err;
    const code = err.extensions?.code;
    if (code === 'UNAUTHENTICATED') return json(401, { errorDetails: err.message });
    if (code === 'FORBIDDEN') return json(403, { errorDetails: err.message });
    if (code === 'RATE_LIMITED') return json(429, { errorDetails: err.message });
    if (code === 'BAD_USER_INPUT') {
      const missingKey = err.extensions?.field === 'context.key';
      return json(
        400,
        failure(
          key,
          missingKey ? 'TARGETING_KEY_MISSING' : 'INVALID_CONTEXT',
          missingKey ? 'context.targetingKey: must be a non-empty string identifying the user' : err.message,
        ),
      );
    }
    if (code === 'NOT_FOUND') return json(400, failure(key, 'GENERAL', err.message));
    throw err;
  }

  if (key !== undefined) {
    const v = evaluated.values[0]!;
    if (v.reason !== 'ERROR') return json(200, success(v, evaluated.stale));
    const code = openFeatureErrorCode(v.errorCode, ctx.key);
    return json(code === 'FLAG_NOT_FOUND' ? 404 : 400, failure(key, code, v.errorMessage ?? code));
  }
  const flags = evaluated.values.map((v) =>
    v.reason === 'ERROR'
      ? failure(v.key, openFeatureErrorCode(v.errorCode, ctx.key), v.errorMessage ?? '')
      : success(v, evaluated.stale),
  );
  // The tag of what this context gets: unchanged flags and rules give the same tag on every replica.
  const text = JSON.stringify({ flags });
  const etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  if (r.ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return { status: 304, headers: { etag }, body: null };
  return { status: 200, headers: { etag }, body: text };
}

/** An OFREP answer: JSON (the bulk body comes serialised already, for its ETag), or no body for a 304. */
export function sendOfrep(res: ServerResponse, answer: OfrepAnswer): void {
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  if (answer.body === null) {
    res.statusCode = answer.status;
    res.end();
    return;
  }
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  res.statusCode = answer.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}
