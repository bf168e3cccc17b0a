import type { SubgraphClient, SubgraphDeps } from '@switchyard/server-kit';
import { Counter } from 'prom-client';
import type { FlagRepository } from '../flags/flag.repository';
import type { TargetingService } from '../flags/targeting.service';
import type { SegmentRepository } from '../segments/segment.repository';
import type { SegmentService } from '../segments/segment.service';
import type { ConfigWriter } from '@switchyard/server-kit';
import { AnalyticsGuardReader } from './analytics-guard.reader';
import { ChangeRequestService } from './change-request.service';
import { executorClock } from './executor-clock';
import { GuardWaker } from './guard-waker';
import { ReleaseExecutor } from './release-executor';
import { ReleaseTemplateService } from './release-templates';
import { ReleaseRepository } from './release-plan.repository';
import { ReleasePlanService } from './release-plan.service';
import { loadReleaseConfig } from './release.config';
import { ScheduledChangeService } from './scheduled-change.service';

/** Release plans, scheduled changes and their executor, built once per process. */
export function createReleaseServices(
  { ds, logger, metrics, config }: SubgraphDeps,
  flags: FlagRepository,
  targeting: TargetingService,
  writer: ConfigWriter,
  segments: { service: SegmentService; repo: SegmentRepository },
  analytics: SubgraphClient,
) {
  const settings = loadReleaseConfig();
  const clock = executorClock(ds, {
    ...process.env,
    RELEASE_TEST_CLOCK: settings.RELEASE_TEST_CLOCK ? 'true' : '',
  });
  const repo = new ReleaseRepository(ds);
  const rollbacks = new Counter({
    name: 'switchyard_release_rollbacks_total',
    help: 'Release plans rolled back, by environment and trigger (guard: a breached guard; manual: a person)',
    labelNames: ['environment', 'trigger'] as const,
    registers: [metrics.registry],
  });
  const guards = new AnalyticsGuardReader(analytics);
  const templates = new ReleaseTemplateService(ds, writer, guards);
  const plans = new ReleasePlanService(
    repo,
    flags,
    targeting,
    writer,
    clock,
    guards,
    logger,
    {
      guardIntervalMs: settings.RELEASE_GUARD_INTERVAL_MS,
      onRollback: (environment, trigger) => rollbacks.inc({ environment, trigger }),
    },
    templates,
  );
  const schedules = new ScheduledChangeService(repo, flags, targeting, writer, clock, logger);
  const changeRequests = new ChangeRequestService(flags, writer, schedules, clock, {
    targeting,
    plans,
    releaseRepo: repo,
    segments: segments.service,
    segmentRepo: segments.repo,
  });
  const executor = new ReleaseExecutor(
    [() => schedules.stepDue(), () => changeRequests.stepDue(), () => plans.stepDue()],
    logger,
    {
      intervalMs: settings.RELEASE_EXECUTOR_INTERVAL_MS,
      maxPerTick: 1000,
    },
  );
  const guardWaker = new GuardWaker(
    repo,
    clock,
    () => executor.kick(),
    logger,
    settings.RELEASE_GUARD_WAKE_MS,
  );
  return {
    releaseRepo: repo,
    releaseTemplates: templates,
    releaseGuardWaker: guardWaker,
    releasePlans: plans,
    scheduledChanges: schedules,
    changeRequests,
    releaseExecutor: executor,
    releaseSettings: settings,
  };
}
