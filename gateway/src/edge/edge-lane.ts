import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  findTextProblem,
  type Identity,
  type Logger,
  type RateLimiter,
  refuseRateLimited,
  sendJson,
  takeToken,
} from '@switchyard/server-kit';
import {
  type EdgeAnswerer,
  type EdgeDocuments,
  type EdgeField,
  type EdgeRequest,
  type PlannedField,
  PreparedResponse,
  sendPrepared,
} from '@switchyard/edge';
import type { GraphQLSchema } from 'graphql';
import { checkAccess } from '../auth/access-guard';
import { sendBadJsonBody } from '../limits/http-hardening';

/** Set on responses the edge answered. */
export const EDGE_HEADER = 'x-switchyard-evaluated-by';

/** Set (with `extensions.stale`) on edge answers from last known rules during a flags subgraph outage. */
export const STALE_HEADER = 'x-switchyard-stale';

/** A response on its way out, with express's per-request scratch space (`res.locals`). */
export type LaneResponse = ServerResponse & { locals: Record<string, unknown> };
/** Middleware that only sets headers or listens, so it runs the same on a bare request. */
export type HeaderMiddleware = (req: IncomingMessage, res: LaneResponse, next: () => void) => void;

export interface EdgeLaneOptions {
  schema: () => GraphQLSchema | null;
  documents: EdgeDocuments;
  answerers: Partial<Record<EdgeField, EdgeAnswerer>>;
  /** The caller's identity; a rejection hands the request on, where it is refused with 401. */
  identify: (req: IncomingMessage) => Promise<Identity>;
  limiters: { perKey: RateLimiter; perIp: RateLimiter };
  onLimited: (kind: 'key' | 'ip') => void;
  /** Run on every response the lane writes: the express path's request log, security and CORS headers. */
  responseHeaders: HeaderMiddleware[];
  maxBodyBytes: number;
  logger: Logger;
  /** The end user's address, as the federated path forwards it. */
  ip: (req: IncomingMessage) => string | null;
  /** Called for every operation the edge answers, for /metrics. */
  answered: (operationName: string, seconds: number) => void;
}

/** An edge query with its variables is far smaller; larger bodies go to express untouched. */
const MAX_LANE_BODY = 64 * 1024;
const JSON_TYPE = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: Record<string, unknown>;
  extensions?: { persistedQuery?: unknown };
}

/**
 * A GraphQL-over-HTTP GET (`/graphql?query=…&variables=…`), taken for `flagSet` only: the download
 * SDKs repeat after every change, answered 304 when their If-None-Match still matches.
 */
function getBody(req: IncomingMessage): GraphQLBody | null {
  if (req.method !== 'GET' || !req.url?.startsWith('/graphql?') || req.url.length > MAX_LANE_BODY)
    return null;
  const params = new URLSearchParams(req.url.slice('/graphql?'.length));
  const query = params.get('query');
  if (!query) return null;
  const variables = params.get('variables');
  try {
    return {
      query,
      operationName: params.get('operationName') ?? undefined,
      variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : undefined,
    };
  } catch {
    return null;
  }
}

/** Whether the lane may read this request's body; otherwise express takes the request as it comes. */
function laneTakes(req: IncomingMessage, limit: number): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding && encoding !== 'identity') return false;
  const length = Number(req.headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= limit;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The gateway's edge: plain `evaluate` and `assignment` queries answered in front of express and
 * Apollo (Unleash Edge and LaunchDarkly's Relay Proxy do the same for evaluation). Express's
 * router, body parser and per-request prototype switch cost as much CPU as the answer itself, so
 * the lane reads small JSON bodies itself and runs only what an answer needs: identity, the rate
 * limit and the same response headers and request log as the express path.
 *
 * Only the happy path is answered here. Anything else (another document, a refusal, a batch, an
 * oddity) is handed to express with its parsed body, identity and drawn token, so the federated
 * path gives the canonical answer or error and the caller is charged once.
 */
export function edgeLane(options: EdgeLaneOptions, fallback: RequestListener): RequestListener {
  const limit = Math.min(MAX_LANE_BODY, options.maxBodyBytes);

  /** Before the lane writes an answer of its own: the express path's headers and request log. */
  const withHeaders = (req: IncomingMessage, res: LaneResponse) => {
    for (const middleware of options.responseHeaders) middleware(req, res, () => {});
  };

  const handOverBody = (req: IncomingMessage, res: LaneResponse, body: unknown) => {
    // express.json sees a finished stream and keeps this body; express keeps an existing res.locals.
    (req as IncomingMessage & { body?: unknown }).body = body;
    fallback(req, res);
  };

  async function serveGet(req: IncomingMessage, res: LaneResponse, body: GraphQLBody): Promise<void> {
    try {
      await answer(req, res, body, true);
    } catch (err) {
      options.logger.warn({ err: (err as Error).message }, 'edge failed; using the federated path');
      if (!res.headersSent) fallback(req, res);
    }
  }

  async function serve(req: IncomingMessage, res: LaneResponse): Promise<void> {
    const raw = await readBody(req);
    let body: GraphQLBody;
    try {
      body = JSON.parse(raw.toString('utf8')) as GraphQLBody;
    } catch (err) {
      withHeaders(req, res);
      sendBadJsonBody(res, (err as Error).message);
      return;
    }
    try {
      await answer(req, res, body);
    } catch (err) {
      // The federated path makes the call itself and words whatever went wrong.
      options.logger.warn({ err: (err as Error).message }, 'edge failed; using the federated path');
      if (!res.headersSent) handOverBody(req, res, body);
    }
  }

  async function answer(
    req: IncomingMessage,
    res: LaneResponse,
    body: GraphQLBody,
    get = false,
  ): Promise<void> {
    // A GET is handed on untouched: express and Apollo read it from the URL as they always did.
    const handOver = get ? (r: IncomingMessage, w: LaneResponse) => fallback(r, w) : handOverBody;
    const schema = options.schema();
    const document =
      schema &&
      body !== null &&
      typeof body === 'object' &&
      !Array.isArray(body) &&
      typeof body.query === 'string' &&
      body.extensions?.persistedQuery === undefined
        ? options.documents.documentFor(
            schema,
            body.query,
            typeof body.operationName === 'string' ? body.operationName : undefined,
          )
        : null;
    const answerer = document && (!get || document.field === 'flagSet') && options.answerers[document.field];
    if (!document || !answerer) return handOver(req, res, body);
    // Text that cannot be stored (NUL, lone surrogates; a literal can only spell them as \u escapes)
    // goes the federated way, whose input check refuses it naming the field.
    if (findTextProblem(body.variables, 'variables') || String(body.query).includes('\\u'))
      return handOver(req, res, body);
    const start = process.hrtime.bigint();
    let plan: PlannedField[];
    try {
      plan = document.projection.plan(body.variables);
    } catch {
      // Variables the projection cannot coerce: the federated path words the error.
      return handOver(req, res, body);
    }
    let identity: Identity;
    try {
      identity = await options.identify(req);
    } catch {
      return handOver(req, res, body);
    }
    res.locals.identity = identity;
    // The federated path's own gate (SDK keys reach only their root fields), so both paths allow the
    // same callers; a refusal is handed over, where the same check words it.
    if (checkAccess(identity, [document.field], { introspectionForAnonymous: false }))
      return handOver(req, res, body);
    const ip = options.ip(req);
    const decision = await takeToken(options.limiters, identity, ip);
    if (!decision.allowed) {
      withHeaders(req, res);
      refuseRateLimited(res, decision, options.onLimited);
      return;
    }
    res.locals.rateLimitTaken = true;
    const request: EdgeRequest = {
      requestId: req.headers['x-request-id'] as string,
      identity,
      ip,
      userAgent: req.headers['user-agent'] ?? null,
    };
    const data = await answerer(plan, request);
    if (!data) return handOver(req, res, body);
    withHeaders(req, res);
    // Says which path answered, for operators and tests; the body is the same either way.
    res.setHeader(EDGE_HEADER, 'edge');
    if (request.stale) res.setHeader(STALE_HEADER, 'true');
    if (data instanceof PreparedResponse) sendPrepared(req, res, data, get);
    else if (request.stale) sendJson(res, 200, { data, extensions: { stale: true } });
    else sendJson(res, 200, { data });
    options.answered(document.operationName, Number(process.hrtime.bigint() - start) / 1e9);
  }

  return (req, res) => {
    const get = getBody(req);
    if (!get && !laneTakes(req, limit)) {
      fallback(req, res);
      return;
    }
    const laneRes = res as LaneResponse;
    laneRes.locals = Object.create(null) as Record<string, unknown>;
    // One request id for the answer and for the express path, should the request go there.
    const incoming = req.headers['x-request-id'];
    if (typeof incoming !== 'string' || incoming.length > 128) req.headers['x-request-id'] = randomUUID();
    // Only reading the body can fail here: the caller went away mid-request.
    (get ? serveGet(req, laneRes, get) : serve(req, laneRes)).catch(() => res.destroy());
  };
}
