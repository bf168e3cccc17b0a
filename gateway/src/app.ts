import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import {
  createEvaluationCounter,
  createEventBus,
  busUsageSink,
  EvaluationUsage,
  RecentContextSampler,
  createLiveMetrics,
  createMetrics,
  createReadPool,
  drainHttp,
  lifecycle,
  type EventBus,
  type Identity,
  InProcessRateLimiter,
  InternalRouteClient,
  type RateLimiter,
  RedisRateLimiter,
  rateLimitMiddleware,
  takeToken,
  unpublishedChangeCount,
  type Logger,
  registerPoolMetrics,
  requestLogging,
} from '@switchyard/server-kit';
import cors from 'cors';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import type { GatewayConfig } from './config';
import { gatewayFormatError } from './errors';
import { mountGraphiql } from './graphiql';
import { mountEventIngestion, mountUsageIntake } from './events';
import { mountOfrep } from './ofrep';
import { mountSlackCommands } from './slack';
import { accessGuardPlugin } from './auth/access-guard';
import { anonymous } from './auth/authenticator';
import { fillRefreshTokenFromCookie, refreshCookiePlugin } from './auth/refresh-cookie';
import { mountSingleSignOn } from './auth/sso';
import { clientAddress } from './limits/client-address';
import { FailedCredentials, refuseCredentials } from './limits/failed-credentials';
import {
  batchLimit,
  jsonBodyErrors,
  metricsAccess,
  responseSizeLimit,
  securityHeaders,
} from './limits/http-hardening';
import { inputValuesPlugin } from './limits/input-values';
import { operationLimitsPlugin } from './limits/operation-limits';
import {
  assignmentAnswerer,
  type EdgeAnswerer,
  EdgeDocuments,
  evaluateAnswerer,
  FlagEvaluation,
  flagSetAnswerer,
  flagSetFromSubgraph,
  LiveFlagSets,
} from '@switchyard/edge';
import { edgeInvalidationPlugin } from './edge/edge-invalidation';
import { edgeLane } from './edge/edge-lane';
import { createAuthenticator, credentialsOf } from './identify';
import { keepAliveFetcher } from './keep-alive-fetcher';
import { type GatewayContext, SubgraphTransport } from './subgraph-transport';
import { startSubscriptions } from './subscriptions';
import { supergraphFromFile } from './supergraph-source';

export interface RunningGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Assembles the gateway: federation, HTTP concerns, landing pages, probes. */
/** A subgraph's reason for being unavailable (ECONNREFUSED, a timeout), logged once a second at most. */
function unavailableLog(logger: Logger): (subgraph: string, reason: string) => void {
  let last = 0;
  return (subgraph, reason) => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    logger.warn({ subgraph, reason }, 'subgraph unavailable');
  };
}

export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const development = config.NODE_ENV !== 'production';
  const subgraphUrls: Record<string, string> = {
    flags: config.FLAGS_URL,
    experiments: config.EXPERIMENTS_URL,
    analytics: config.ANALYTICS_URL,
  };
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.SUPERGRAPH_PATH, { watch: development, logger }),
    buildService: ({ name, url }) =>
      new SubgraphTransport(
        name,
        subgraphUrls[name] ?? url ?? '',
        config.INTERNAL_TOKEN_SECRET,
        config.SUBGRAPH_TIMEOUT_MS,
        unavailableLog(logger),
      ),
  });

  // The bus carries key revocations (and change events); Postgres when REDIS_URL is unset.
  const bus: EventBus | null = config.DATABASE_URL
    ? await createEventBus({ redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL, logger })
    : null;
  // Read-only use: API key lookups and the committed change sequence.
  const pool = config.DATABASE_URL ? createReadPool(config.DATABASE_URL, 'gateway', logger) : null;
  const metrics = createMetrics('gateway');
  registerPoolMetrics(metrics.registry, () => pool);
  let subscriptionGroups = () => 0;
  const live = createLiveMetrics(metrics.registry, {
    subscriptionGroups: () => subscriptionGroups(),
    outboxBacklog: pool ? () => unpublishedChangeCount(pool) : undefined,
  });
  // API keys are the flags subgraph's: asked through its internal route, cached, evicted by the bus.
  const apiKeyRoute = bus
    ? new InternalRouteClient(
        config.FLAGS_URL,
        'apiKey',
        config.INTERNAL_TOKEN_SECRET,
        config.SUBGRAPH_TIMEOUT_MS,
      )
    : null;
  // So are users and sessions: whether an access token's session is open, and the user's role now.
  const sessionRoute = new InternalRouteClient(
    config.FLAGS_URL,
    'session',
    config.INTERNAL_TOKEN_SECRET,
    config.SUBGRAPH_TIMEOUT_MS,
  );
  // Console single sign-on asks flags to find or create the user and open a session.
  const ssoIssuer = config.OIDC_SSO_ISSUER ?? config.OIDC_ISSUER;
  const ssoRoute =
    config.OIDC_CLIENT_ID && ssoIssuer
      ? new InternalRouteClient(
          config.FLAGS_URL,
          'ssoSignIn',
          config.INTERNAL_TOKEN_SECRET,
          config.SUBGRAPH_TIMEOUT_MS,
        )
      : null;
  const authenticator = await createAuthenticator(config, logger, bus, apiKeyRoute, sessionRoute, (result) =>
    live.apiKeyCache.inc({ result }),
  );
  let apiSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });

  // The evaluation edge needs change events to stay current; without a bus every evaluate is federated.
  const edge =
    config.EDGE_EVALUATION && bus
      ? {
          flagSets: new LiveFlagSets(
            flagSetFromSubgraph(
              config.FLAGS_URL,
              config.INTERNAL_TOKEN_SECRET,
              keepAliveFetcher(config.SUBGRAPH_TIMEOUT_MS),
              config.SUBGRAPH_TIMEOUT_MS,
            ),
            { logger },
          ),
          usage: new EvaluationUsage(busUsageSink(bus), logger, createEvaluationCounter(metrics.registry)),
          contexts: RecentContextSampler.fromEnv(bus, logger),
        }
      : null;
  if (edge) {
    await edge.flagSets.listen(bus!);
    edge.usage.start(config.EVALUATION_USAGE_FLUSH_MS);
    edge.contexts.start(config.EVALUATION_USAGE_FLUSH_MS);
  }
  const experimentsRoute = config.EDGE_ASSIGNMENT
    ? new InternalRouteClient(
        config.EXPERIMENTS_URL,
        'assignment',
        config.INTERNAL_TOKEN_SECRET,
        config.SUBGRAPH_TIMEOUT_MS,
      )
    : null;
  // One evaluation for the edge lane's evaluate and OFREP.
  const evaluation = edge ? new FlagEvaluation(edge.flagSets, edge.usage, edge.contexts) : null;
  const answerers: { evaluate?: EdgeAnswerer; assignment?: EdgeAnswerer; flagSet?: EdgeAnswerer } = {
    ...(edge && evaluation
      ? {
          evaluate: evaluateAnswerer(evaluation),
          flagSet: flagSetAnswerer(edge.flagSets),
        }
      : {}),
    ...(experimentsRoute ? { assignment: assignmentAnswerer(experimentsRoute) } : {}),
  };

  const app = express();
  app.disable('x-powered-by');
  // GraphQL answers are POSTs nobody revalidates: no body hash per response for an ETag.
  app.set('etag', false);
  // Express until the edge lane in front of it is built below.
  let handle: http.RequestListener = app;
  const httpServer = http.createServer((req, res) => handle(req, res));
  const drain = drainHttp(httpServer);
  const operationLimits = {
    maxDepth: config.MAX_QUERY_DEPTH,
    maxCost: config.MAX_QUERY_COST,
    maxAliases: config.MAX_QUERY_ALIASES,
    maxIntrospectionCost: config.MAX_INTROSPECTION_COST,
  };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    allowBatchedHttpRequests: true,
    // Our own SIGTERM handling drains in order (server-kit shutdown.ts); Apollo's would close the listener at once.
    stopOnTerminationSignals: false,
    formatError: gatewayFormatError(logger),
    // Stacks are logged, never answered (development included): they name our files and dependencies.
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Introspection is open in development; in production only to authenticated callers.
      accessGuardPlugin({ introspectionForAnonymous: development }),
      operationLimitsPlugin(operationLimits),
      inputValuesPlugin(),
      refreshCookiePlugin({ secure: !development }),
      metrics.plugin,
      ...(edge ? [edgeInvalidationPlugin(edge.flagSets)] : []),
      // In production the page is served only to signed-in browsers (see mountGraphiql).
      ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: true }),
    ],
  });
  await apollo.start();

  // Redis makes the buckets shared by every replica; without it each replica counts alone.
  const limiter = (perSecond: number, burst: number): Promise<RateLimiter> =>
    config.REDIS_URL
      ? RedisRateLimiter.connect(config.REDIS_URL, burst, perSecond, logger)
      : Promise.resolve(new InProcessRateLimiter(burst, perSecond));
  const limiters = {
    perKey: await limiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
    perIp: await limiter(config.RATE_LIMIT_ANONYMOUS_PER_SECOND, config.RATE_LIMIT_ANONYMOUS_BURST),
  };

  const clientIp = clientAddress(config.TRUSTED_PROXIES);
  const failedCredentials = new FailedCredentials(limiters.perIp, () =>
    live.rateLimited.inc({ limit: 'ip' }),
  );
  // Every HTTP path identifies its caller through here, so wrong credentials are rate limited.
  const authenticateRequest = (req: http.IncomingMessage, credentials = credentialsOf(req)) =>
    failedCredentials.identifyRequest(req, clientIp(req), () => authenticator.authenticate(credentials));
  const identifyRequest = async (req: http.IncomingMessage, credentials = credentialsOf(req)) =>
    (await authenticateRequest(req, credentials)).identity;
  const logRequests = requestLogging(logger);
  const security = securityHeaders(!development);
  const graphqlCors = cors({ origin: config.CORS_ORIGINS, credentials: true });
  app.use(logRequests);
  app.use(security);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  // Readiness: false from the first stop signal on, so a balancer sends nothing new (server-kit shutdown.ts).
  app.get('/ready', (_req, res) => {
    res.status(lifecycle.draining ? 503 : 200).json({
      status: lifecycle.draining ? 'draining' : 'ready',
      service: 'gateway',
    });
  });
  app.get('/metrics', metricsAccess(config.METRICS_TOKEN, !development), async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  mountGraphiql(app, {
    endpoint: '/graphql',
    ...(development ? {} : { authenticate: (c, req) => identifyRequest(req, c) }),
  });
  mountEventIngestion(app, {
    analyticsUrl: config.ANALYTICS_URL,
    internalSecret: config.INTERNAL_TOKEN_SECRET,
    corsOrigins: config.CORS_ORIGINS,
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    logger,
    authenticate: (c, req) => identifyRequest(req, c),
    rateLimit: async (identity, req) => {
      const decision = await takeToken(limiters, identity, clientIp(req));
      if (!decision.allowed) live.rateLimited.inc({ limit: decision.kind });
      return decision;
    },
  });
  mountSlackCommands(app, {
    flagsUrl: config.FLAGS_URL,
    internalSecret: config.INTERNAL_TOKEN_SECRET,
    timeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    logger,
    rateLimit: async (identity, req) => {
      const decision = await takeToken(limiters, identity, clientIp(req));
      if (!decision.allowed) live.rateLimited.inc({ limit: decision.kind });
      return decision;
    },
  });
  const consoleOrigins = [...new Set([new URL(config.CONSOLE_URL).origin, ...config.CORS_ORIGINS])];
  mountSingleSignOn(
    app,
    ssoRoute && config.OIDC_CLIENT_ID && ssoIssuer
      ? {
          issuer: ssoIssuer,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUrl: config.OIDC_REDIRECT_URL,
          label: config.OIDC_SSO_LABEL,
          scopes: config.OIDC_SSO_SCOPES,
          roleClaim: config.OIDC_ROLE_CLAIM,
          groupsClaim: config.OIDC_GROUPS_CLAIM,
          defaultRole: config.OIDC_DEFAULT_ROLE,
          consoleUrl: config.CONSOLE_URL,
          consoleOrigins,
          secret: config.INTERNAL_TOKEN_SECRET,
          secure: !development,
          allowInsecureIssuer: development,
          flags: ssoRoute,
          clientIp,
          rateLimit: async (req) => {
            const decision = await takeToken(limiters, anonymous, clientIp(req));
            if (!decision.allowed) live.rateLimited.inc({ limit: decision.kind });
            return decision;
          },
          logger,
        }
      : null,
    { origins: config.CORS_ORIGINS },
  );
  if (edge)
    mountUsageIntake(app, {
      usage: edge.usage,
      contexts: edge.contexts,
      logger,
      authenticate: (c, req) => identifyRequest(req, c),
    });
  // GraphQL over SSE, mounted before `/graphql` (whose middleware would take the sub-path); its handler
  // exists once the subscription feeds are started below.
  let sse: Awaited<ReturnType<typeof startSubscriptions>>['sse'] | null = null;
  app.use('/graphql/stream', graphqlCors, (req, res) => {
    if (sse) return void sse.handle(req, res);
    res
      .status(503)
      .setHeader('retry-after', '1')
      .json({ errors: [{ message: 'Starting; retry shortly' }] });
  });
  mountOfrep(app, {
    evaluation,
    corsOrigins: config.CORS_ORIGINS,
    maxBodyBytes: config.MAX_BODY_BYTES,
    logger,
    identify: (req) => identifyRequest(req),
    rateLimit: async (identity, req) => {
      const decision = await takeToken(limiters, identity, clientIp(req));
      if (!decision.allowed) live.rateLimited.inc({ limit: decision.kind });
      return decision;
    },
  });
  app.use(
    '/graphql',
    graphqlCors,
    express.json({ limit: config.MAX_BODY_BYTES }),
    fillRefreshTokenFromCookie,
    batchLimit(config.MAX_BATCH_SIZE),
    responseSizeLimit(config.MAX_RESPONSE_BYTES),
    // Who is calling, once per HTTP request: the rate limiter and the context both need it.
    async (req, res, next) => {
      try {
        // The edge lane may have identified the caller before handing the request on.
        res.locals.identity ??= await identifyRequest(req);
        next();
      } catch (err) {
        refuseCredentials(res, err, logger);
      }
    },
    rateLimitMiddleware(
      limiters,
      (res) => (res.locals.identity as Identity) ?? anonymous,
      clientIp,
      (limit) => live.rateLimited.inc({ limit }),
    ),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => ({
        requestId: String(res.locals.requestId),
        identity: (res.locals.identity as Identity) ?? anonymous,
        ip: clientIp(req),
        userAgent: req.headers['user-agent'] ?? null,
      }),
    }),
  );
  app.use(['/graphql', '/events', '/usage'], jsonBodyErrors);
  if (Object.keys(answerers).length > 0) {
    handle = edgeLane(
      {
        schema: () => apiSchema,
        documents: new EdgeDocuments(config.MAX_QUERY_ALIASES),
        answerers,
        identify: (req) => identifyRequest(req),
        limiters,
        onLimited: (limit) => live.rateLimited.inc({ limit }),
        responseHeaders: [logRequests, security, graphqlCors],
        maxBodyBytes: config.MAX_BODY_BYTES,
        logger,
        ip: clientIp,
        answered: (operation, seconds) => metrics.observe(operation, 'query', seconds),
      },
      app,
    );
  }

  const subscriptions = await startSubscriptions({
    httpServer,
    apollo,
    schema: () => apiSchema,
    authenticator,
    bus,
    pool,
    logger,
    pollMs: config.SUBSCRIPTION_POLL_MS,
    operationLimits,
    maxPayloadBytes: config.WS_MAX_PAYLOAD_BYTES,
    maxReplayCost: config.WS_MAX_REPLAY_COST,
    sse: {
      authenticate: (req) => authenticateRequest(req),
      rateLimit: async (identity, req) => {
        const decision = await takeToken(limiters, identity, clientIp(req));
        if (!decision.allowed) live.rateLimited.inc({ limit: decision.kind });
        return decision;
      },
    },
    limits: {
      maxConnectionsPerIp: config.WS_MAX_CONNECTIONS_PER_IP,
      subscribePerSecond: config.WS_SUBSCRIBE_PER_SECOND,
      subscribeBurst: config.WS_SUBSCRIBE_BURST,
      perIdentity: limiters.perKey,
      keyRecheckMs: config.WS_KEY_RECHECK_MS,
      allowedOrigins: config.CORS_ORIGINS,
      clientIp,
    },
    metrics: {
      busLag: (s) => live.busLag.observe(s),
      executions: (n) => live.executions.inc(n),
      connections: (d) => live.openConnections.inc(d),
      subscriptions: (field, d) => live.openSubscriptions.inc({ field }, d),
    },
  });
  subscriptionGroups = () => subscriptions.groupCount();
  sse = subscriptions.sse;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.GATEWAY_PORT, config.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  logger.info({ url }, 'gateway ready');
  return {
    url,
    port,
    async close() {
      // In-flight requests first (SSE streams end at once: they last as long as their subscriber), then
      // WebSockets (closed with a reconnect code), then the rest.
      sse?.closeAll();
      await drain();
      await subscriptions.close();
      await apollo.stop();
      await edge?.flagSets.close();
      await edge?.usage.stop();
      await edge?.contexts.stop();
      experimentsRoute?.close();
      apiKeyRoute?.close();
      sessionRoute.close();
      ssoRoute?.close();
      await bus?.close();
      await pool?.end();
      await limiters.perKey.close();
      await limiters.perIp.close();
    },
  };
}
