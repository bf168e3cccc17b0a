import type { GraphQLResolverMap } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { DataSource } from 'typeorm';
import { ConfigChangeOutbox } from './change-outbox';
import type { RequestContext } from './context';
import { type ClassList, isDatabaseReachable, migrate, openDatabase } from './database';
import { createEventBus, type EventBus } from './event-bus';
import type { Identity } from './identity';
import type { InternalRoute } from './internal-routes';
import { createLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { type PoolLike, registerPoolMetrics } from './ops-metrics';
import { type RunningServer, startSubgraph } from './server';
import { loadServiceConfig, type ServiceConfig } from './service-config';
import { onShutdown } from './shutdown';

/** What a subgraph's domain code is built from. */
export interface SubgraphDeps {
  config: ServiceConfig;
  ds: DataSource;
  bus: EventBus;
  outbox: ConfigChangeOutbox;
  logger: Logger;
  /** The process's metrics, served at GET /metrics; domain code may register its own in `registry`. */
  metrics: Metrics;
}

export interface SubgraphSpec<TContext extends RequestContext, TServices> {
  name: string;
  /** The Postgres schema the subgraph owns. */
  schema: string;
  portVariable: string;
  defaultPort: number;
  typeDefs: DocumentNode;
  entities: ClassList;
  migrations: ClassList;
  // biome-ignore lint/suspicious/noExplicitAny: each subgraph's map is typed by its codegen.
  resolvers: GraphQLResolverMap<any>;
  /** Builds long-lived domain services once; the result is passed to `buildContext`. */
  setup(deps: SubgraphDeps): TServices | Promise<TServices>;
  buildContext(base: RequestContext & { identity: Identity }, services: TServices): TContext;
  /** Operations the gateway's edge calls without GraphQL, at `POST /internal/<name>`. */
  internalRoutes?: Record<string, InternalRoute<TContext>>;
  /** Demo data, run once at start when SWITCHYARD_SEED_DEMO is true. */
  seed?(deps: SubgraphDeps, services: TServices): Promise<void>;
  /** Background work (listeners, schedulers) started after the server listens; returns a stopper. */
  background?(deps: SubgraphDeps, services: TServices): Promise<() => Promise<void>>;
}

/** The whole life of a subgraph process: config, database, bus, server, shutdown. */
export async function runSubgraph<TContext extends RequestContext, TServices>(
  spec: SubgraphSpec<TContext, TServices>,
): Promise<RunningServer> {
  const config = loadServiceConfig(spec.portVariable, spec.defaultPort);
  const logger = createLogger(spec.name, config.LOG_LEVEL);
  if (config.SWITCHYARD_MIGRATE_ONLY) {
    // A deployment's migrations step (the Kubernetes Job) runs the new image this way before it rolls out.
    const { DATABASE_URL: url } = config;
    await migrate({ url, schema: spec.schema, entities: spec.entities, migrations: spec.migrations, logger });
    logger.info('migrations applied; exiting (SWITCHYARD_MIGRATE_ONLY)');
    process.exit(0);
  }
  const ds = await openDatabase({
    url: config.DATABASE_URL,
    schema: spec.schema,
    entities: spec.entities,
    migrations: spec.migrations,
    logger,
  });
  const bus = await createEventBus({ redisUrl: config.REDIS_URL, databaseUrl: config.DATABASE_URL, logger });
  const outbox = new ConfigChangeOutbox(ds, bus, logger);
  outbox.startRelay();
  const metrics = createMetrics(spec.name);
  // TypeORM's postgres driver keeps its node-postgres pool as `master`.
  registerPoolMetrics(metrics.registry, () => (ds.driver as unknown as { master?: PoolLike }).master ?? null);
  const deps: SubgraphDeps = { config, ds, bus, outbox, logger, metrics };
  const services = await spec.setup(deps);
  if (config.SWITCHYARD_SEED_DEMO && spec.seed) await spec.seed(deps, services);
  const stopBackground = spec.background ? await spec.background(deps, services) : async () => {};

  const server = await startSubgraph<TContext>({
    name: spec.name,
    port: config.port,
    host: config.HOST,
    typeDefs: spec.typeDefs,
    resolvers: spec.resolvers,
    logger,
    metrics,
    internalSecret: config.INTERNAL_TOKEN_SECRET,
    ready: () => isDatabaseReachable(ds),
    buildContext: (base) => spec.buildContext(base, services),
    ...(spec.internalRoutes ? { internalRoutes: spec.internalRoutes } : {}),
    onClose: async () => {
      outbox.stopRelay();
      await stopBackground();
      await bus.close();
      await ds.destroy();
    },
  });
  onShutdown(logger, () => server.close());
  return server;
}
