import { FlagEvaluation, LiveFlagSets } from '@switchyard/edge';
import {
  createEvaluationCounter,
  busUsageSink,
  EvaluationUsage,
  type Identity,
  type Logger,
  type RetentionJob,
  RecentContextSampler,
  scheduledRetention,
  SubgraphClient,
  type SubgraphDeps,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import { AuditLogRepository } from './audit/audit-log.repository';
import { EnvironmentRow } from './environments/environment.entity';
import { EnvironmentService } from './environments/environment.service';
import { FlagSetLoader } from './evaluation/flag-set.loader';
import { RedisFlagSetStore } from './evaluation/redis-flag-set.store';
import { FlagEnvironmentRow, FlagRow } from './flags/flag.entity';
import { createFlagLoaders } from './flags/flag.loaders';
import { FlagRepository } from './flags/flag.repository';
import { FlagImportService } from './flags/flag-import.service';
import { FlagService } from './flags/flag.service';
import { TargetingService } from './flags/targeting.service';
import { createIntegrations, startIntegrations } from './integrations/integrations.module';
import { FlagLifecycleJob } from './lifecycle/lifecycle-job';
import { ProjectService } from './projects/project.service';
import { RecentContextStore } from './preview/recent-context.store';
import { TargetingPreviewService } from './preview/targeting-preview';
import { loadLifecycleConfig } from './lifecycle/lifecycle.config';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { loadReleaseConfig } from './releases/release.config';
import { AuditLogRows } from './retention/retention.repository';
import { RevertService } from './revert/revert.service';
import { changeRequestEntities } from './releases/change-request.entities';
import { releaseEntities } from './releases/release.entities';
import { createReleaseServices } from './releases/release.services';
import { SegmentRow } from './segments/segment.entity';
import { SegmentRepository } from './segments/segment.repository';
import { SegmentService } from './segments/segment.service';
import { ConfigWriter } from '@switchyard/server-kit';

/** The flag domain's tables (auth has its own). */
export const flagEntities = [
  EnvironmentRow,
  FlagRow,
  FlagEnvironmentRow,
  SegmentRow,
  ...releaseEntities,
  ...changeRequestEntities,
];

/** Long-lived services of the flag domain, built once per process. */
export function createFlagServices(deps: SubgraphDeps) {
  const { ds, outbox, logger } = deps;
  const repo = new FlagRepository(ds);
  const segmentRepo = new SegmentRepository(ds);
  const writer = new ConfigWriter(ds, outbox);
  const environments = new EnvironmentService(ds, writer);
  const projects = new ProjectService(ds, writer);
  const flagSetLoader = new FlagSetLoader(ds, repo, segmentRepo, logger);
  // A write here waits for the rebuild (it reads its own write); the last known set only when PostgreSQL fails.
  const flagSets = new LiveFlagSets(flagSetLoader.load, { logger, staleWaitMs: Number.POSITIVE_INFINITY });
  const targeting = new TargetingService(repo, writer);
  const flags = new FlagService(repo, writer);
  const segments = new SegmentService(segmentRepo, repo, writer);
  const auditLog = new AuditLogRepository(ds);
  const analytics = new SubgraphClient(
    'analytics',
    loadReleaseConfig().ANALYTICS_URL,
    deps.config.INTERNAL_TOKEN_SECRET,
    5000,
  );
  const lifecycleRepo = new LifecycleRepository(ds);
  const evaluation = new FlagEvaluation(flagSets);
  const recentContexts = new RecentContextStore(ds, deps.logger);
  // Our own writes invalidate before the bus echoes them, so a client reads its write at once.
  writer.onCommitted((changes) => {
    for (const change of changes) flagSets.invalidateFor(change);
  });
  return {
    ds,
    repo,
    segmentRepo,
    writer,
    flags,
    flagImports: new FlagImportService(repo, writer),
    targeting,
    ...createReleaseServices(
      deps,
      repo,
      targeting,
      writer,
      { service: segments, repo: segmentRepo },
      analytics,
    ),
    segments,
    environments,
    projects,
    flagSetLoader,
    evaluation,
    auditLog,
    revert: new RevertService(auditLog, flags, targeting, segments, segmentRepo),
    integrations: createIntegrations({ ds, logger }, writer),
    auditRetention: auditRetentionJob(ds, logger),
    lifecycleRepo,
    recentContexts,
    targetingPreview: new TargetingPreviewService(ds, repo, evaluation, recentContexts),
    lifecycleJob: new FlagLifecycleJob(ds, lifecycleRepo, analytics, writer, loadLifecycleConfig(), logger),
  };
}
export type FlagServices = ReturnType<typeof createFlagServices>;

/** Listens for other replicas' changes and publishes evaluation counts; returns the stopper. */
export async function startFlagBackground(deps: SubgraphDeps, services: FlagServices) {
  let store: RedisFlagSetStore | null = null;
  if (deps.config.REDIS_URL) {
    const rows: { db: string }[] = await deps.ds.query('SELECT current_database() AS db');
    store = await RedisFlagSetStore.connect(deps.config.REDIS_URL, rows[0]!.db, deps.logger);
    services.flagSetLoader.useSnapshotStore(store);
  }
  await services.evaluation.flagSets.listen(deps.bus);
  const usage = new EvaluationUsage(
    busUsageSink(deps.bus),
    deps.logger,
    createEvaluationCounter(deps.metrics.registry),
  );
  usage.start();
  services.evaluation.usage = usage;
  const contexts = RecentContextSampler.fromEnv(deps.bus, deps.logger);
  contexts.start(5000);
  services.evaluation.contexts = contexts;
  const stopContextStore = await services.recentContexts.listen(deps.bus);
  const stopIntegrations = await startIntegrations(deps, services.integrations);
  services.auditRetention.start();
  services.lifecycleJob.start();
  if (services.releaseSettings.RELEASE_EXECUTOR) {
    services.releaseExecutor.start();
    await services.releaseGuardWaker.listen(deps.bus);
  }
  return async () => {
    await services.releaseGuardWaker.close();
    await services.releaseExecutor.stop();
    await services.auditRetention.stop();
    await services.lifecycleJob.stop();
    await stopIntegrations();
    await usage.stop();
    await contexts.stop();
    await stopContextStore();
    await services.evaluation.flagSets.close();
    await store?.close();
  };
}

/** The flag domain's part of the request context. */
export function flagContext(services: FlagServices, identity: Identity) {
  return {
    identity,
    ds: services.ds,
    flags: services.flags,
    flagImports: services.flagImports,
    targeting: services.targeting,
    segments: services.segments,
    environments: services.environments,
    projects: services.projects,
    evaluation: services.evaluation,
    auditLog: services.auditLog,
    integrations: services.integrations.service,
    auditRetention: services.auditRetention,
    releaseRepo: services.releaseRepo,
    releasePlans: services.releasePlans,
    releaseTemplates: services.releaseTemplates,
    scheduledChanges: services.scheduledChanges,
    changeRequests: services.changeRequests,
    revert: services.revert,
    lifecycle: services.lifecycleRepo,
    targetingPreview: services.targetingPreview,
    loaders: createFlagLoaders({
      flags: services.repo,
      segments: services.segmentRepo,
      environments: services.environments,
      lifecycle: services.lifecycleRepo,
    }),
  };
}
export type FlagContext = ReturnType<typeof flagContext>;

/** Audit retention (AUDIT_RETENTION_DAYS, 7 years): the shared retention job over the audit log. */
function auditRetentionJob(ds: DataSource, logger: Logger): RetentionJob {
  return scheduledRetention(ds, logger, new AuditLogRows(ds), {
    table: 'flags.retention_state',
    what: 'audit entries',
    daysVariable: 'AUDIT_RETENTION_DAYS',
    // 365.25 days a year.
    defaultDays: 2557,
  });
}
