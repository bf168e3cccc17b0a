import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DEFAULT_PROJECT,
  errors,
  type EvaluationUsage,
  findTextProblem,
  httpStatusOf,
  type Identity,
  type Logger,
  type RecentContextSampler,
  sendJson,
} from '@switchyard/server-kit';
import { execute, type GraphQLError, type GraphQLSchema, getOperationAST, parse, validate } from 'graphql';
import { createHandler as createSseHandler } from 'graphql-sse/lib/use/http';
import { useServer } from 'graphql-ws/use/ws';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { type EdgeAnswerer, type EdgeRequest, PreparedResponse, sendPrepared } from '../answerer';
import type { EdgeDocuments, EdgeField } from '../projection/edge-documents';
import type { CallerKeys } from './caller-keys';
import { keyOf } from './caller-keys';
import type { EventBuffer } from './event-buffer';
import type { RelayContext } from './relay-schema';
import type { FlagEvaluation } from '../evaluation/flag-evaluation';
import { takeUsage } from '../evaluation/usage-intake';
import { EventBatchError, readEventBatch } from '../events/event-batch';
import { answerOfrep, ENVIRONMENT_HEADER, ofrepTarget, sendOfrep } from '../ofrep/ofrep';

export interface RelayServerOptions {
  host: string;
  port: number;
  schema: GraphQLSchema;
  documents: EdgeDocuments;
  answerers: Partial<Record<EdgeField, EdgeAnswerer>>;
  keys: CallerKeys;
  evaluation: FlagEvaluation;
  /** The event buffer of a project served (its events go upstream with the relay's key of it). */
  events(project: string): EventBuffer | null;
  /** Counts of this edge's evaluations, which chained edges' `POST /usage` join; null offline. */
  usage: EvaluationUsage | null;
  /** The sample of evaluated contexts, which chained edges' `POST /usage` contexts join; null offline. */
  contexts: RecentContextSampler | null;
  registry: Registry;
  metricsToken: string | null;
  logger: Logger;
  ready(): { ready: boolean; status: string };
  answered(operation: string, seconds: number): void;
}

const MAX_GRAPHQL_BODY = 1024 * 1024;
const MAX_EVENTS_BODY = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'BAD_USER_INPUT', `The body is larger than ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Browsers may call the relay from any page: it takes keys in headers, never cookies. */
function cors(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader(
    'access-control-allow-headers',
    'authorization, content-type, if-none-match, x-api-key, x-switchyard-environment',
  );
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-expose-headers', 'etag');
  res.setHeader('access-control-max-age', '600');
}

const statusOf = (code: unknown): number =>
  ({ UNAUTHENTICATED: 401, SERVICE_UNAVAILABLE: 503 })[String(code)] ?? 200;

interface GraphQLBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

/**
 * The relay's HTTP and WebSocket server: the graph's evaluation subset on `/graphql` (POST, GET for
 * `flagSet` with If-None-Match; graphql-ws for subscriptions), `POST /events`, and the probes.
 */
export async function startRelayServer(
  o: RelayServerOptions,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const identify = (req: IncomingMessage, url: URL) => o.keys.identify(keyOf(req.headers, url.searchParams));

  async function answerGraphQL(req: IncomingMessage, res: ServerResponse, body: GraphQLBody, get: boolean) {
    if (typeof body.query !== 'string') throw new HttpError(400, 'BAD_USER_INPUT', 'Send { "query": "…" }');
    const variables =
      body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
    const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
    const text = findTextProblem(variables, 'variables');
    if (text) throw errors.badInput(text.message, text.path);
    const url = new URL(req.url ?? '/', 'http://relay');
    let identity: Identity;
    try {
      identity = await identify(req, url);
    } catch (err) {
      const e = err as GraphQLError;
      sendJson(res, statusOf(e.extensions?.code), { errors: [e.toJSON?.() ?? { message: e.message }] });
      return;
    }
    const start = process.hrtime.bigint();
    // The gateway's fast path: plain evaluate and flagSet documents, answered without execution.
    const document = o.documents.documentFor(o.schema, body.query, operationName);
    const answerer = document && o.answerers[document.field];
    if (document && answerer && (!get || document.field === 'flagSet')) {
      let answer: Awaited<ReturnType<EdgeAnswerer>> = null;
      try {
        const request: EdgeRequest = { requestId: '', identity, ip: null, userAgent: null };
        answer = await answerer(document.projection.plan(variables), request);
      } catch {
        answer = null;
      }
      if (answer) {
        o.answered(document.operationName, Number(process.hrtime.bigint() - start) / 1e9);
        if (answer instanceof PreparedResponse) return sendPrepared(req, res, answer, get);
        return sendJson(res, 200, { data: answer });
      }
    }
    // Everything else (and every refusal, worded by the same checks) through graphql-js.
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(body.query, { maxTokens: 5000 });
    } catch (err) {
      return sendJson(res, 400, {
        errors: [{ message: (err as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
      });
    }
    const invalid = validate(o.schema, parsed);
    if (invalid.length > 0)
      return sendJson(res, 400, {
        errors: invalid.map((e) => ({ ...e.toJSON(), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })),
      });
    const operation = getOperationAST(parsed, operationName);
    if (operation?.operation !== 'query')
      throw errors.badInput('Only queries are served over HTTP; subscribe over WebSocket (graphql-ws)');
    const result = await execute({
      schema: o.schema,
      document: parsed,
      variableValues: variables,
      operationName,
      contextValue: { identity } satisfies RelayContext,
    });
    o.answered(operation.name?.value ?? 'anonymous', Number(process.hrtime.bigint() - start) / 1e9);
    sendJson(res, 200, {
      ...(result.data !== undefined ? { data: result.data } : {}),
      ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
    });
  }

  async function takeEvents(req: IncomingMessage, res: ServerResponse, url: URL) {
    let batch: ReturnType<typeof readEventBatch>;
    try {
      batch = readEventBatch(await readBody(req, MAX_EVENTS_BODY));
    } catch (err) {
      if (err instanceof EventBatchError) throw new HttpError(400, 'BAD_USER_INPUT', err.message);
      throw err;
    }
    const { events, apiKey: bodyKey } = batch;
    let identity: Identity;
    try {
      identity = await o.keys.identify(keyOf(req.headers, url.searchParams) ?? bodyKey);
    } catch (err) {
      const e = err as GraphQLError;
      const code = String(e.extensions?.code ?? 'UNAUTHENTICATED');
      throw new HttpError(statusOf(code) === 200 ? 401 : statusOf(code), code, e.message);
    }
    if (!identity.permissions.includes('events:write'))
      throw new HttpError(403, 'FORBIDDEN', 'This key may not send events');
    // Upstream checks each event; an event without its id could not be sent twice safely.
    const missing = events.findIndex((e) => typeof (e as { eventId?: unknown } | null)?.eventId !== 'string');
    if (missing >= 0)
      throw new HttpError(
        400,
        'BAD_USER_INPUT',
        `events[${missing}].eventId: every event needs a string eventId`,
      );
    // A caller's events go upstream with the relay's key of the caller's project (an SDK key reports its own).
    const buffer = o.events(identity.project ?? DEFAULT_PROJECT);
    if (!buffer) throw new HttpError(403, 'FORBIDDEN', 'This edge serves no project of this key');
    if (events.length > 0) await buffer.append(events);
    // 202: kept on disk; upstream (and analytics) will judge each event when it is forwarded.
    sendJson(res, 202, { queued: events.length });
    void buffer.flush();
  }

  async function takeUsageRequest(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (!o.usage)
      throw new HttpError(404, 'NOT_FOUND', 'This edge is offline: it counts no usage and takes none');
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, MAX_EVENTS_BODY));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, 'BAD_USER_INPUT', 'The body is not JSON: send { "counts": [...] }');
    }
    try {
      const taken = takeUsage(o.usage, await identify(req, url), body, o.contexts);
      sendJson(res, 202, { taken });
    } catch (err) {
      const e = err as GraphQLError;
      const code = String(e.extensions?.code ?? 'UNAUTHENTICATED');
      throw new HttpError(httpStatusOf(code) ?? 401, code, e.message);
    }
  }

  async function answerOfrepRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    target: string | true,
  ) {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, MAX_GRAPHQL_BODY)) || '{}');
    } catch (err) {
      if (err instanceof HttpError) throw err;
      body = undefined;
    }
    let identity: Identity;
    try {
      identity = await identify(req, url);
    } catch (err) {
      const e = err as GraphQLError;
      const status = statusOf(e.extensions?.code);
      return sendJson(res, status === 200 ? 401 : status, { errorDetails: e.message });
    }
    const header = req.headers[ENVIRONMENT_HEADER];
    const answer = await answerOfrep(o.evaluation, {
      target,
      identity,
      body,
      environmentHeader: typeof header === 'string' ? header : null,
      ifNoneMatch: req.headers['if-none-match'] ?? null,
    });
    sendOfrep(res, answer);
  }

  // GraphQL over SSE (distinct connections) for the same subscriptions, where WebSockets do not get through.
  const sseCallers = new WeakMap<IncomingMessage, Identity>();
  const sse = createSseHandler<RelayContext>({
    schema: o.schema,
    authenticate: () => null,
    onSubscribe: async (req) => {
      try {
        sseCallers.set(req.raw, await identify(req.raw, new URL(req.raw.url ?? '/', 'http://relay')));
      } catch (err) {
        const e = err as GraphQLError;
        const code = String(e.extensions?.code ?? 'UNAUTHENTICATED');
        return [
          JSON.stringify({ errors: [{ message: e.message, extensions: { code } }] }),
          { status: statusOf(code) === 200 ? 401 : statusOf(code), statusText: code },
        ];
      }
    },
    context: (req) => ({ identity: sseCallers.get(req.raw)! }),
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://relay');
    cors(res);
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/health')
      return sendJson(res, 200, { status: 'ok', service: 'edge' });
    if (req.method === 'GET' && url.pathname === '/ready') {
      const r = o.ready();
      return sendJson(res, r.ready ? 200 : 503, { status: r.status, service: 'edge' });
    }
    if (req.method === 'GET' && url.pathname === '/metrics') {
      if (o.metricsToken && req.headers.authorization !== `Bearer ${o.metricsToken}`)
        return sendJson(res, 401, {
          error: { code: 'UNAUTHENTICATED', message: 'Send the metrics bearer token' },
        });
      res.setHeader('content-type', o.registry.contentType);
      res.end(await o.registry.metrics());
      return;
    }
    if (url.pathname === '/graphql' && req.method === 'POST') {
      let body: GraphQLBody;
      try {
        body = JSON.parse(await readBody(req, MAX_GRAPHQL_BODY)) as GraphQLBody;
      } catch (err) {
        if (err instanceof HttpError) throw err;
        throw new HttpError(400, 'BAD_USER_INPUT', 'The body is not JSON');
      }
      return answerGraphQL(req, res, body ?? {}, false);
    }
    if (url.pathname === '/graphql' && req.method === 'GET') {
      let variables: unknown;
      try {
        variables = JSON.parse(url.searchParams.get('variables') ?? '{}');
      } catch {
        throw new HttpError(400, 'BAD_USER_INPUT', 'variables is not JSON');
      }
      return answerGraphQL(
        req,
        res,
        {
          query: url.searchParams.get('query'),
          operationName: url.searchParams.get('operationName'),
          variables,
        },
        true,
      );
    }
    if (url.pathname === '/graphql/stream') return sse(req, res);
    if (url.pathname === '/events' && req.method === 'POST') return takeEvents(req, res, url);
    if (url.pathname === '/usage' && req.method === 'POST') return takeUsageRequest(req, res, url);
    const ofrep = req.method === 'POST' ? ofrepTarget(url.pathname) : null;
    if (ofrep !== null) return answerOfrepRequest(req, res, url, ofrep);
    sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No route ${req.method} ${url.pathname}` } });
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof HttpError)
        return sendJson(res, err.status, { error: { code: err.code, message: err.message } });
      const e = err as GraphQLError;
      if (e.extensions?.code) return sendJson(res, 400, { errors: [e.toJSON()] });
      o.logger.error({ err: (err as Error).message }, 'relay request failed');
      sendJson(res, 500, {
        error: { code: 'INTERNAL_SERVER_ERROR', message: 'The edge failed; see its log' },
      });
    });
  });

  const wss = new WebSocketServer({ server, path: '/graphql' });
  const ws = useServer<Record<string, unknown> | undefined, { identity?: Identity }>(
    {
      schema: o.schema,
      onConnect: async (ctx) => {
        try {
          ctx.extra.identity = await o.keys.identify(keyOf(ctx.connectionParams ?? {}));
          return true;
        } catch {
          return false;
        }
      },
      context: (ctx) => ({ identity: ctx.extra.identity! }) satisfies RelayContext,
    },
    wss,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`,
    port,
    async close() {
      await ws.dispose();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
