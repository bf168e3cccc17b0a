import {
  type ConfigWriter,
  claimScheduledRun,
  DEFAULT_PROJECT,
  type Identity,
  type Logger,
  operation,
  PeriodicTask,
  type SubgraphClient,
  systemActor,
} from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';
import { type Activity, deriveLifecycle } from './lifecycle';
import type { LifecycleConfig } from './lifecycle.config';
import type { LifecycleRepository, LifecycleRow } from './lifecycle.repository';

const ACTIVITY = operation<
  { days: number; project: string },
  { flagActivity: { flagKey: string; lastEvaluatedAt: string; evaluations: number; variations: string[] }[] }
>(
  'query FlagLifecycleActivity($days: Int!, $project: String) { flagActivity(days: $days, project: $project) { flagKey lastEvaluatedAt evaluations variations } }',
);

const IDENTITY: Identity = { ...systemActor, permissions: [] };
/** Flags listed by name in one digest, per group; the counts say how many more. */
const DIGEST_LISTED = 25;

/**
 * Derives every project's flags' lifecycle from analytics' evaluation activity (counted per project, so
 * a key is one flag within its project) on an interval, and once per FLAG_DIGEST_INTERVAL_MS (one
 * replica claims each run) records the flag-debt digest of each project with debt as a change, which
 * the integrations deliver: stale and rolled-out flags, and which of them no code references.
 */
export class FlagLifecycleJob {
  private readonly task: PeriodicTask;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: LifecycleRepository,
    private readonly analytics: SubgraphClient,
    private readonly writer: ConfigWriter,
    private readonly settings: LifecycleConfig,
    logger: Logger,
  ) {
    this.task = new PeriodicTask('flag lifecycle run', () => this.run(), logger);
  }

  start(): void {
    this.task.start(this.settings.FLAG_LIFECYCLE_INTERVAL_MS);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  async run(now = Date.now()): Promise<void> {
    const flags = await this.repo.allFlags();
    const settings = {
      staleDays: this.settings.FLAG_STALE_DAYS,
      rolledOutDays: this.settings.FLAG_ROLLED_OUT_DAYS,
    };
    const projects = [...new Set(flags.map((f) => f.project))];
    const activity = new Map(
      await Promise.all(
        projects.map(
          async (project) =>
            [
              project,
              await Promise.all([
                this.activity(project, this.settings.FLAG_STALE_DAYS),
                this.activity(project, this.settings.FLAG_ROLLED_OUT_DAYS),
              ]),
            ] as const,
        ),
      ),
    );
    await this.repo.save(
      flags.map((f) => {
        const [ever, recent] = activity.get(f.project)!;
        const inWindow = recent.get(f.key);
        return {
          project: f.project,
          flagKey: f.key,
          ...deriveLifecycle(
            f,
            ever.get(f.key) ?? null,
            inWindow?.evaluations ? inWindow : null,
            settings,
            now,
          ),
        };
      }),
    );
    if (await claimScheduledRun(this.ds, 'flags.lifecycle_schedule', this.settings.FLAG_DIGEST_INTERVAL_MS)) {
      for (const project of await this.repo.projectsInStates(['STALE', 'ROLLED_OUT']))
        await this.digest(project);
    }
  }

  private async activity(project: string, days: number): Promise<Map<string, Activity>> {
    const { flagActivity } = await this.analytics.request(ACTIVITY, { days, project }, IDENTITY);
    return new Map(
      flagActivity.map((a) => [a.flagKey, { ...a, lastEvaluatedAt: new Date(a.lastEvaluatedAt) }]),
    );
  }

  /**
   * A project's digest as one audited change by the system (`flag.digest`, in the project, so its
   * subscribers and integrations hear of it), nothing when it has no debt.
   */
  private async digest(project: string): Promise<void> {
    const [stale, rolledOut] = await Promise.all([
      this.repo.inStates(project, ['STALE'], DIGEST_LISTED),
      this.repo.inStates(project, ['ROLLED_OUT'], DIGEST_LISTED),
    ]);
    if (stale.total + rolledOut.total === 0) return;
    const unreferenced = await this.repo.unreferenced(
      project,
      [...stale.rows, ...rolledOut.rows].map((r) => r.flagKey),
    );
    const listed = (rows: LifecycleRow[]) =>
      rows.map((r) => ({
        key: r.flagKey,
        since: r.since.toISOString(),
        lastEvaluatedAt: r.lastEvaluatedAt?.toISOString() ?? null,
        variation: r.variation,
        removable: unreferenced ? unreferenced.has(r.flagKey) : null,
      }));
    const week = new Date().toISOString().slice(0, 10);
    await this.writer.write({ actor: systemActor, ip: null, userAgent: null }, async (_m, record) => {
      record({
        action: 'flag.digest',
        kind: 'FLAG_DIGEST',
        resourceType: 'flag_digest',
        // The default project's digest keeps the key it had before projects.
        resourceKey: project === DEFAULT_PROJECT ? week : `${project}/${week}`,
        environment: null,
        project,
        before: null,
        after: {
          project,
          staleDays: this.settings.FLAG_STALE_DAYS,
          rolledOutDays: this.settings.FLAG_ROLLED_OUT_DAYS,
          staleCount: stale.total,
          rolledOutCount: rolledOut.total,
          stale: listed(stale.rows),
          rolledOut: listed(rolledOut.rows),
        },
      });
    });
  }
}
