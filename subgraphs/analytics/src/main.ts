import { subgraphTypeDefs } from '@switchyard/schema';
import {
  ConfigWriter,
  createIngestionMetrics,
  loadExposureAttributes,
  ProjectDirectory,
  runSubgraph,
  SubgraphClient,
  type SubgraphDeps,
} from '@switchyard/server-kit';
import { loadAnalyticsConfig, loadIngestOptions, loadRebuildOptions } from './config';
import type { SubgraphContext } from './context';
import { startBusIngestion } from './events/bus-ingestion';
import { EventRow, ExposureRow } from './events/event.entity';
import { createEventLoaders } from './events/event.loaders';
import { EventRepository } from './events/event.repository';
import { EventService } from './events/event.service';
import { trackEventsRoute } from './events/track-events.route';
import { MetricRow } from './metrics/metric.entity';
import { MetricRepository } from './metrics/metric.repository';
import { MetricService } from './metrics/metric.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { BreakdownService } from './results/breakdown.service';
import { ResultsService } from './results/results.service';
import { FlagVariationRepository } from './guards/flag-variation.repository';
import { FlagVariationService } from './guards/flag-variation.service';
import { PowerRepository } from './power/power.repository';
import { PowerService } from './power/power.service';
import { ResultsVersions } from './results/results-version';
import { UserValueRepository } from './results/user-values.repository';
import { RebuildJobRepository } from './rollups/rebuild-jobs';
import { RebuildWorker } from './rollups/rebuild-worker';
import { ResultsNotifier } from './rollups/results-notifier';
import { RollupRepository } from './rollups/rollup.repository';
import { seedDemo } from './seed/demo';
import { ExperimentCatalog } from './services/experiment-catalog';
import { MetricUsage } from './services/metric-usage';
import { SUBGRAPH_TIMEOUT_MS } from './services/analytics-identity';
import { UsageRepository } from './usage/usage.repository';
import { eventRetentionJob } from './events/event-retention';
import { UsageService } from './usage/usage.service';

function setup({ ds, outbox, config, logger, bus }: SubgraphDeps) {
  const urls = loadAnalyticsConfig();
  const secret = config.INTERNAL_TOKEN_SECRET;
  const experiments = new SubgraphClient('experiments', urls.EXPERIMENTS_URL, secret, SUBGRAPH_TIMEOUT_MS);
  const catalog = new ExperimentCatalog(experiments, logger);
  const projects = ProjectDirectory.askingFlags(
    new SubgraphClient('flags', urls.FLAGS_URL, secret, SUBGRAPH_TIMEOUT_MS),
  );
  const rollups = new RollupRepository(ds, loadExposureAttributes());
  const metricRepo = new MetricRepository(ds);
  const notifier = new ResultsNotifier(bus, logger, (names) => metricRepo.keysForEvents(names));
  const rebuildJobs = new RebuildJobRepository(ds);
  const rebuildWorker = new RebuildWorker(rebuildJobs, rollups, notifier, logger, loadRebuildOptions());
  return {
    projects,
    catalog,
    rollups,
    metricRepo,
    notifier,
    rebuildJobs,
    rebuildWorker,
    events: new EventService(
      new EventRepository(ds, loadIngestOptions().synchronousCommit),
      rollups,
      catalog,
      notifier,
    ),
    metrics: new MetricService(
      new ConfigWriter(ds, outbox),
      metricRepo,
      rollups,
      new MetricUsage(experiments),
      rebuildJobs,
      () => rebuildWorker.kick(),
    ),
    results: new ResultsService(
      rollups,
      metricRepo,
      rebuildJobs,
      new ResultsVersions(ds),
      new UserValueRepository(ds),
    ),
    breakdowns: new BreakdownService(
      rollups,
      metricRepo,
      new ResultsVersions(ds),
      new UserValueRepository(ds),
    ),
    eventRetention: eventRetentionJob(ds, logger),
    power: new PowerService(new PowerRepository(ds), metricRepo),
    flagVariations: new FlagVariationService(new FlagVariationRepository(ds), metricRepo),
    usage: new UsageService(
      new UsageRepository(ds),
      new SubgraphClient('flags', urls.FLAGS_URL, secret, SUBGRAPH_TIMEOUT_MS),
    ),
  };
}
type Services = ReturnType<typeof setup>;

void runSubgraph<SubgraphContext, Services>({
  name: 'analytics',
  schema: 'analytics',
  portVariable: 'ANALYTICS_PORT',
  defaultPort: 4003,
  typeDefs: subgraphTypeDefs('analytics'),
  entities: [EventRow, ExposureRow, MetricRow],
  migrations,
  resolvers,
  internalRoutes: { trackEvents: trackEventsRoute },
  setup,
  buildContext: (base, services) => ({
    ...base,
    projects: services.projects,
    events: services.events,
    metrics: services.metrics,
    results: services.results,
    breakdowns: services.breakdowns,
    power: services.power,
    flagVariations: services.flagVariations,
    usage: services.usage,
    eventRetention: services.eventRetention,
    loaders: createEventLoaders(services.rollups, services.metricRepo, services.rebuildJobs),
  }),
  seed: (deps, services) => seedDemo(deps, services),
  background: async ({ bus, logger, metrics }, services) => {
    const stopWatching = await services.catalog.watch(bus);
    const stopIngesting = await startBusIngestion(
      bus,
      services.events,
      logger,
      createIngestionMetrics(metrics.registry),
    );
    services.rebuildWorker.start();
    services.eventRetention.start();
    return async () => {
      await services.eventRetention.stop();
      await services.rebuildWorker.stop();
      await stopWatching();
      await stopIngesting();
      await services.notifier.flush();
    };
  },
}).catch((err) => {
  console.error(`analytics subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
