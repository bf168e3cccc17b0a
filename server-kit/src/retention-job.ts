import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { loadConfig } from './config';
import type { Logger } from './logger';
import { PeriodicTask } from './periodic-task';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionState {
  nextRunAt: Date;
  lastRunAt: Date | null;
  lastCutoff: Date | null;
  lastDeleted: number;
  totalDeleted: number;
}

/** What one retention policy deletes: its rows older than a cutoff, a batch at a time, and the oldest left. */
export interface RetainedRows {
  /** Deletes up to `batch` rows older than `cutoff` in one short transaction; returns how many. */
  deleteBatch(cutoff: Date, batch: number): Promise<number>;
  oldest(): Promise<Date | null>;
}

/** The rows of an UPDATE/DELETE ... RETURNING: TypeORM's postgres driver answers [rows, affected]. */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

/**
 * Claims a periodic job's due run for this replica: one row (id 1) of `table` holds `next_run_at`;
 * the replica whose UPDATE moves it `intervalMs` on runs, the others see it not due.
 */
export async function claimScheduledRun(ds: DataSource, table: string, intervalMs: number): Promise<boolean> {
  const rows = returnedRows<{ id: number }>(
    await ds.query(
      `UPDATE ${table} SET next_run_at = now() + make_interval(secs => $1)
       WHERE id = 1 AND next_run_at <= now() RETURNING id`,
      [intervalMs / 1000],
    ),
  );
  return rows.length > 0;
}

/**
 * A retention job's schedule and record, one row (id 1) in the owning service's own table
 * (`next_run_at`, `last_run_at`, `last_cutoff`, `last_deleted`, `total_deleted`).
 */
export class RetentionSchedule {
  constructor(
    private readonly ds: DataSource,
    private readonly table: string,
  ) {}

  /** Claims the due run for this replica (one wins), pushing the next run `intervalMs` on. */
  claimRun(intervalMs: number): Promise<boolean> {
    return claimScheduledRun(this.ds, this.table, intervalMs);
  }

  async recordRun(cutoff: Date, deleted: number): Promise<void> {
    await this.ds.query(
      `UPDATE ${this.table} SET last_run_at = now(), last_cutoff = $1, last_deleted = $2,
         total_deleted = total_deleted + $2 WHERE id = 1`,
      [cutoff, deleted],
    );
  }

  async state(): Promise<RetentionState> {
    const rows: RetentionState[] = await this.ds.query(
      `SELECT next_run_at AS "nextRunAt", last_run_at AS "lastRunAt", last_cutoff AS "lastCutoff",
         last_deleted::int AS "lastDeleted", total_deleted::int AS "totalDeleted"
       FROM ${this.table} WHERE id = 1`,
    );
    return rows[0]!;
  }
}

export interface RetentionJobOptions {
  /** For the logs: what is deleted, e.g. "audit entries". */
  what: string;
  days: number;
  intervalMs: number;
  batchSize: number;
}

/**
 * Deletes rows older than `days`, in batches of `batchSize`, each its own short transaction, so no
 * long lock is held. Every replica ticks; the schedule row lets one of them run each interval.
 */
export class RetentionJob {
  private readonly task: PeriodicTask;

  constructor(
    private readonly rows: RetainedRows,
    private readonly schedule: RetentionSchedule,
    private readonly options: RetentionJobOptions,
    private readonly logger: Logger,
  ) {
    this.task = new PeriodicTask(`${options.what} retention run`, () => this.runIfDue(), logger);
  }

  get days(): number {
    return this.options.days;
  }

  start(): void {
    this.task.start(Math.min(this.options.intervalMs, 60_000), { immediately: false });
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One run if this replica claims it; the number deleted, or null when it was not due here. */
  async runIfDue(): Promise<number | null> {
    if (!(await this.schedule.claimRun(this.options.intervalMs))) return null;
    const cutoff = new Date(Date.now() - this.options.days * DAY_MS);
    let deleted = 0;
    for (;;) {
      const n = await this.rows.deleteBatch(cutoff, this.options.batchSize);
      deleted += n;
      if (n < this.options.batchSize) break;
    }
    await this.schedule.recordRun(cutoff, deleted);
    if (deleted > 0)
      this.logger.info({ deleted, cutoff, what: this.options.what }, 'retention deleted old rows');
    return deleted;
  }

  /** The schedule's state and the oldest row kept. */
  async report(): Promise<RetentionState & { oldest: Date | null }> {
    const [state, oldest] = await Promise.all([this.schedule.state(), this.rows.oldest()]);
    return { ...state, oldest };
  }
}

/**
 * A service's retention job over `rows`, deleting what is older than the days in `daysVariable` (fractions
 * allowed; tests use seconds), every RETENTION_INTERVAL_MS in batches of RETENTION_BATCH_SIZE, scheduled in
 * `table` (the service's own one-row schedule).
 */
export function scheduledRetention(
  ds: DataSource,
  logger: Logger,
  rows: RetainedRows,
  opts: { table: string; what: string; daysVariable: string; defaultDays: number },
  source: NodeJS.ProcessEnv = process.env,
): RetentionJob {
  const config = loadConfig(
    {
      [opts.daysVariable]: z.coerce.number().positive().default(opts.defaultDays),
      RETENTION_INTERVAL_MS: z.coerce
        .number()
        .int()
        .min(100)
        .default(60 * 60 * 1000),
      RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
    },
    source,
  ) as Record<string, number>;
  return new RetentionJob(
    rows,
    new RetentionSchedule(ds, opts.table),
    {
      what: opts.what,
      days: config[opts.daysVariable]!,
      intervalMs: config.RETENTION_INTERVAL_MS!,
      batchSize: config.RETENTION_BATCH_SIZE!,
    },
    logger,
  );
}
