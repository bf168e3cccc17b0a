import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Express } from 'express';
import { type DocumentNode, GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { RequestContext } from './context';
import { errors, isUnavailableError, PUBLIC_ERROR_CODES } from './errors';
import type { Identity } from './identity';
import { type InternalRoute, mountInternalRoutes } from './internal-routes';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { signedRequestContext } from './request-context';
import { drainHttp, lifecycle } from './shutdown';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface SubgraphOptions<TContext extends RequestContext> {
  name: string;
  port: number;
  host?: string;
  typeDefs: DocumentNode;
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps are typed per subgraph by codegen.
  resolvers: GraphQLResolverMap<any>;
  logger: Logger;
  /** Shared with the gateway; requests without a valid identity signed with it are refused. */
  internalSecret: string;
  /** GET /ready answers 200 only when this resolves true (e.g. the database answers). */
  ready: () => Promise<boolean>;
  /** The registry behind GET /metrics, when the service registers its own metrics in it too. */
  metrics?: Metrics;
  buildContext: (base: RequestContext & { identity: Identity }) => TContext | Promise<TContext>;
  routes?: (app: Express) => void;
  /** Served at `POST /internal/<name>` for the gateway's edge (see internal-routes.ts). */
  internalRoutes?: Record<string, InternalRoute<TContext>>;
  onClose?: () => Promise<void>;
}

/** Assigns or propagates `x-request-id` and logs one line per request. */
export function requestLogging(logger: Logger) {
  return (
    req: IncomingMessage & { originalUrl?: string },
    res: ServerResponse & { locals: Record<string, unknown> },
    next: () => void,
  ) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && incoming.length <= 128 ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('x-request-id', requestId);
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // originalUrl: inside a mounted router express rewrites req.url; a bare request has only req.url.
      const path = (req.originalUrl ?? req.url ?? '/').split('?')[0];
      if (path === '/health' || path === '/ready' || path === '/metrics') return;
      logger.info(
        {
          requestId,
          method: req.method,
          path,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - start) / 1e6,
        },
        'request',
      );
    });
    next();
  };
}

/** Apollo's refusals of a malformed request (automatic persisted queries), worded with the field at fault. */
const REQUEST_REFUSALS: Record<string, { field: string; message: string }> = {
  'provided sha does not match query': {
    field: 'extensions.persistedQuery.sha256Hash',
    message: 'is not the SHA-256 of the query sent with it',
  },
  'Unsupported persisted query version': {
    field: 'extensions.persistedQuery.version',
    message: 'must be 1, the only persisted query version',
  },
};

/**
 * A refusal Apollo makes before execution without a code (it gives only an HTTP 4xx status) is the
 * caller's mistake, so BAD_REQUEST with its message, not INTERNAL_SERVER_ERROR.
 */
function requestRefusal(original: unknown): GraphQLFormattedError | null {
  if (!(original instanceof GraphQLError) || original.extensions.code !== undefined) return null;
  const status = (original.extensions.http as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  const known = REQUEST_REFUSALS[original.message];
  return known
    ? {
        message: `${known.field}: ${known.message}`,
        extensions: { code: 'BAD_REQUEST', field: known.field },
      }
    : { message: original.message, extensions: { code: 'BAD_REQUEST' } };
}

/**
 * Keeps deliberate errors as they are; a dependency that cannot be reached becomes a retryable
 * SERVICE_UNAVAILABLE; hides the details of other unexpected errors behind the request id.
 */
export function formatErrorFor(logger: Logger, dependency = 'database') {
  let lastWarn = 0;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? '');
    if (PUBLIC_ERROR_CODES.has(code)) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = unwrapResolverError(error);
    const refusal = requestRefusal(original);
    if (refusal) return { ...refusal, locations: formatted.locations };
    if (isUnavailableError(original)) {
      // One line a second at most: during an outage every request fails the same way.
      if (Date.now() - lastWarn > 1000) {
        lastWarn = Date.now();
        logger.warn(
          { err: original instanceof Error ? original.message : String(original) },
          'dependency unavailable',
        );
      }
      const unavailable = errors.serviceUnavailable(dependency);
      return {
        message: unavailable.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: unavailable.extensions,
      };
    }
    logger.error({ err: original instanceof Error ? original.stack : String(original) }, 'unexpected error');
    return {
      message: 'Internal error: the server could not complete this request. It has been logged.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export async function listen(app: Express | http.RequestListener, port: number, host = '0.0.0.0') {
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** Boots one subgraph: Apollo Server with its federated schema, plus health, readiness and metrics. */
export async function startSubgraph<TContext extends RequestContext>(
  opts: SubgraphOptions<TContext>,
): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POSTs nobody revalidates: no body hash per response for an ETag.
  app.set('etag', false);
  const metrics = opts.metrics ?? createMetrics(opts.name);
  const httpServer = http.createServer(app);
  const drain = drainHttp(httpServer);

  const apollo = new ApolloServer<TContext>({
    schema: buildSubgraphSchema([{ typeDefs: opts.typeDefs, resolvers: opts.resolvers }]),
    // No Apollo Studio here, so no inline traces to compute; no @cacheControl hints either, and the
    // default cache-control plugin wraps every field resolver to look for them (~7 % of a subgraph's CPU).
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      metrics.plugin,
    ],
    formatError: formatErrorFor(opts.logger),
    // Our own SIGTERM handling drains in order (shutdown.ts); Apollo's would close the listener at once.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();

  app.use(requestLogging(opts.logger));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: opts.name });
  });
  app.get('/ready', async (_req, res) => {
    const ok = !lifecycle.draining && (await opts.ready().catch(() => false));
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'unavailable', service: opts.name });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  opts.routes?.(app);
  if (opts.internalRoutes) {
    mountInternalRoutes(app, opts.internalRoutes, {
      secret: opts.internalSecret,
      logger: opts.logger,
      buildContext: opts.buildContext,
    });
  }
  app.use(
    '/graphql',
    express.json({ limit: '2mb' }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const base = await signedRequestContext(req, res, opts.internalSecret, opts.logger);
        if (!base) {
          // Only the gateway may call a subgraph: it is the one place that authenticates.
          throw new GraphQLError(
            errors.unauthenticated('Subgraphs are reached through the gateway').message,
            {
              extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
            },
          );
        }
        return opts.buildContext(base);
      },
    }),
  );

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  opts.logger.info({ url }, `${opts.name} subgraph ready`);
  return {
    url,
    port,
    async close() {
      await drain();
      await apollo.stop();
      await opts.onClose?.();
    },
  };
}
