import { type Logger, PeriodicTask, systemActor } from '@switchyard/server-kit';
import { systemIdentity } from '../clients/identity';
import type { ExperimentRepository } from '../experiments/experiment.repository';
import type { ActingContext, ExperimentService, Written } from '../experiments/experiment.service';

/**
 * Starts DRAFT experiments at `startsAt` and completes RUNNING/PAUSED ones at `endsAt`.
 *
 * The schedule is the experiments table itself, so it survives restarts. Each due row is taken with
 * `FOR UPDATE SKIP LOCKED` in the transaction that performs its transition: another replica polling at
 * the same moment skips it, and once committed the row is no longer due, so each transition runs once.
 * A transition that fails (flags down, no primary metric) is rolled back, its reason stored in
 * `scheduleError`, and retried on the next tick.
 */
export class ExperimentScheduler {
  private readonly task: PeriodicTask;

  constructor(
    private readonly repo: ExperimentRepository,
    private readonly experiments: ExperimentService,
    private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask('experiment scheduler tick', () => this.tick(), logger);
  }

  private context(): ActingContext {
    return {
      actor: systemActor,
      identity: systemIdentity,
      ip: null,
      userAgent: 'switchyard-scheduler',
      requestId: 'scheduler',
      logger: this.logger,
    };
  }

  /** One pass over due transitions; returns how many ran. */
  async tick(): Promise<number> {
    let ran = 0;
    for (const kind of ['start', 'end'] as const) {
      const failed = new Set<string>();
      for (;;) {
        const outcome = await this.runOne(kind, failed);
        if (outcome === 'none') break;
        if (outcome === 'ran') ran++;
      }
    }
    return ran;
  }

  private async runOne(kind: 'start' | 'end', failed: Set<string>): Promise<'ran' | 'failed' | 'none'> {
    let key: string | null = null;
    let project: string | null = null;
    let pending: Written | null = null;
    try {
      const ctx = this.context();
      const written = await this.experiments.scheduledWrite(ctx, async (m, record) => {
        // Every project's due experiments; `failed` names them as project/key.
        const due = (await this.repo.lockDue(m, kind, failed.size + 1)).filter(
          (r) => !failed.has(`${r.project}/${r.key}`),
        );
        const row = due[0];
        if (!row) return null;
        key = row.key;
        project = row.project;
        pending = await this.experiments.scheduledTransition(m, kind, row, ctx, record);
        return pending;
      });
      pending = null;
      if (written === null) return 'none';
      const { row } = written;
      this.logger.info({ project: row.project, key: row.key, status: row.status }, `scheduled ${kind} done`);
      return 'ran';
    } catch (err) {
      // The flags call succeeded but our commit did not: take the flags change back.
      const uncommitted = pending as Written | null;
      await uncommitted
        ?.undo?.()
        .catch((e: Error) =>
          this.logger.error(
            { key, err: e.message },
            'could not undo the flags change; the flag needs attention',
          ),
        );
      if (key === null || project === null) throw err;
      failed.add(`${project}/${key}`);
      const message = (err as Error).message;
      this.logger.warn({ project, key, err: message }, `scheduled ${kind} failed; retrying next tick`);
      await this.experiments
        .recordScheduleError(project, key, `scheduled ${kind} failed: ${message}`)
        .catch(() => undefined);
      return 'failed';
    }
  }

  start(intervalMs: number): void {
    this.task.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
