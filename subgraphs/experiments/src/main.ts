import { subgraphTypeDefs } from '@switchyard/schema';
import {
  type ConfigChange,
  ConfigWriter,
  channels,
  DEFAULT_PROJECT,
  loadExposureAttributes,
  ProjectDirectory,
  runSubgraph,
  SubgraphClient,
  type SubgraphDeps,
} from '@switchyard/server-kit';
import { UserAssignmentRow } from './assignments/assignment.entity';
import { AssignmentRepository } from './assignments/assignment.repository';
import { assignmentRoute } from './assignments/assignment.route';
import { AssignmentService } from './assignments/assignment.service';
import { ExperimentCache } from './assignments/experiment-cache';
import { ExposurePublisher } from './assignments/exposure-publisher';
import { AlertRepository } from './alerts/alert.repository';
import { ExperimentWatcher } from './alerts/experiment-watcher';
import { AnalyticsClient } from './clients/analytics-client';
import { FlagsClient } from './clients/flags-client';
import { loadExperimentsConfig } from './config';
import type { SubgraphContext } from './context';
import { ExperimentRow } from './experiments/experiment.entity';
import { createExperimentLoaders } from './experiments/experiment.loaders';
import { ExperimentRepository } from './experiments/experiment.repository';
import { ExperimentService } from './experiments/experiment.service';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { ExperimentScheduler } from './scheduler/experiment-scheduler';
import { seedDemo } from './seed/demo';

function setup({ ds, bus, outbox, config, logger }: SubgraphDeps) {
  const own = loadExperimentsConfig();
  const secret = config.INTERNAL_TOKEN_SECRET;
  const timeout = own.SERVICE_CALL_TIMEOUT_MS;
  const flagsSubgraph = new SubgraphClient('flags', own.FLAGS_URL, secret, timeout);
  const flags = new FlagsClient(flagsSubgraph);
  const projects = ProjectDirectory.askingFlags(flagsSubgraph);
  const analytics = new AnalyticsClient(new SubgraphClient('analytics', own.ANALYTICS_URL, secret, timeout));
  const repo = new ExperimentRepository(ds);
  const experiments = new ExperimentService(ds, repo, new ConfigWriter(ds, outbox), flags, analytics);
  const cache = new ExperimentCache(repo, flags, logger);
  experiments.onChanged = (project, key) => cache.invalidate(project, key);
  const assignmentRepo = new AssignmentRepository(ds);
  const exposures = new ExposurePublisher(assignmentRepo, bus, logger);
  const assignments = new AssignmentService(
    projects,
    cache,
    assignmentRepo,
    exposures,
    loadExposureAttributes(),
  );
  const scheduler = new ExperimentScheduler(repo, experiments, logger);
  const alerts = new AlertRepository(ds);
  const watcher = new ExperimentWatcher(alerts, analytics, experiments, logger);
  return { own, projects, repo, experiments, cache, exposures, assignments, scheduler, alerts, watcher };
}
type Services = ReturnType<typeof setup>;

/** Cache invalidation from other replicas' writes, the exposure relay and the scheduler. */
async function background({ bus, logger }: SubgraphDeps, services: Services) {
  const unsubscribe = await bus.subscribe(channels.configChanges, (message) => {
    try {
      const change = JSON.parse(message) as ConfigChange;
      if (change.resourceType === 'experiment')
        services.cache.invalidate(change.project ?? DEFAULT_PROJECT, change.resourceKey);
      if (change.resourceType === 'segment') services.cache.invalidateSegments();
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'unreadable config change');
    }
  });
  services.exposures.startRelay();
  services.scheduler.start(services.own.EXPERIMENT_SCHEDULER_INTERVAL_MS);
  if (services.own.EXPERIMENT_WATCH_INTERVAL_MS > 0)
    services.watcher.start(services.own.EXPERIMENT_WATCH_INTERVAL_MS);
  return async () => {
    await services.watcher.stop();
    await services.scheduler.stop();
    await services.exposures.stop();
    await unsubscribe();
  };
}

void runSubgraph<SubgraphContext, Services>({
  name: 'experiments',
  schema: 'experiments',
  portVariable: 'EXPERIMENTS_PORT',
  defaultPort: 4002,
  typeDefs: subgraphTypeDefs('experiments'),
  entities: [ExperimentRow, UserAssignmentRow],
  migrations,
  resolvers,
  setup,
  buildContext: (base, services) => ({
    ...base,
    projects: services.projects,
    experiments: services.experiments,
    experimentRepository: services.repo,
    assignments: services.assignments,
    loaders: createExperimentLoaders(services.repo, services.alerts),
  }),
  internalRoutes: { assignment: assignmentRoute },
  seed: (deps, services) => seedDemo(deps, services.experiments),
  background,
}).catch((err) => {
  console.error(`experiments subgraph failed to start: ${(err as Error).message}`);
  process.exit(1);
});
