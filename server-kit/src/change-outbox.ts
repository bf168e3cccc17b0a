import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { channels, type EventBus } from './event-bus';
import type { Logger } from './logger';
import { ConfigChangeRow } from './platform/entities';

/** The event every subscriber sees, in `seq` order. */
export interface ConfigChange {
  seq: number;
  environment: string | null;
  /** The project of a project-owned resource; null for installation-wide ones (users, keys, environments). */
  project: string | null;
  kind: string;
  resourceType: string;
  resourceKey: string;
  at: string;
}

export interface ChangeRecord {
  /** Dotted verb, e.g. `flag.created`, `flag.targeting.updated`. */
  action: string;
  /** Event kind for subscribers, e.g. `FLAG_UPDATED`. */
  kind: string;
  resourceType: string;
  resourceKey: string;
  /** null: the change concerns every environment. */
  environment: string | null;
  /**
   * The project of a project-owned resource (flags, segments, experiments, metrics, and the plans,
   * schedules and requests on them); null or absent for installation-wide ones.
   */
  project?: string | null;
  before: unknown;
  after: unknown;
}

function rowToChange(r: ConfigChangeRow): ConfigChange {
  return {
    seq: Number(r.seq),
    environment: r.environment,
    project: r.project,
    kind: r.kind,
    resourceType: r.resourceType,
    resourceKey: r.resourceKey,
    at: r.createdAt.toISOString(),
  };
}

/**
 * Publishes committed changes on the bus and marks them published. A relay loop
 * re-publishes rows that were committed but never marked (a crash or a bus outage
 * between commit and publish), so no change is lost; subscribers dedupe by seq.
 */
export class ConfigChangeOutbox {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async publish(changes: ConfigChange[]): Promise<void> {
    for (const change of changes) {
      try {
        await this.bus.publish(channels.configChanges, JSON.stringify(change));
        await this.ds.query('UPDATE platform.config_changes SET published_at = now() WHERE seq = $1', [
          change.seq,
        ]);
      } catch (err) {
        // Left unpublished on purpose: the relay picks it up.
        this.logger.warn(
          { err: (err as Error).message, seq: change.seq },
          'publish failed; relay will retry',
        );
      }
    }
  }

  /** Re-publishes changes older than `graceMs` that are still unpublished. */
  async relayOnce(graceMs = 2000): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: ConfigChangeRow[] = await m
        .createQueryBuilder(ConfigChangeRow, 'c')
        .where('c.published_at IS NULL')
        .andWhere(`c.created_at < now() - make_interval(secs => :grace)`, { grace: graceMs / 1000 })
        .orderBy('c.seq', 'ASC')
        .limit(500)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const r of rows) await this.bus.publish(channels.configChanges, JSON.stringify(rowToChange(r)));
      if (rows.length > 0) {
        await m.query(
          'UPDATE platform.config_changes SET published_at = now() WHERE seq = ANY($1::bigint[])',
          [rows.map((r) => r.seq)],
        );
        this.logger.info({ count: rows.length }, 'relayed unpublished config changes');
      }
      return rows.length;
    });
  }

  startRelay(intervalMs = 1000): void {
    this.timer = setInterval(() => {
      this.relayOnce().catch((err) =>
        this.logger.warn({ err: (err as Error).message }, 'outbox relay failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  stopRelay(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

/** Changes after `sinceSeq` in order, for replay to a resuming subscriber. */
export async function changesSince(
  ds: DataSource,
  sinceSeq: number,
  opts: { environment?: string | null; project?: string | null; limit?: number } = {},
): Promise<ConfigChange[]> {
  const qb = ds
    .createQueryBuilder(ConfigChangeRow, 'c')
    .where('c.seq > :since', { since: sinceSeq })
    .orderBy('c.seq', 'ASC')
    .limit(opts.limit ?? 1000);
  if (opts.environment)
    qb.andWhere('(c.environment = :env OR c.environment IS NULL)', { env: opts.environment });
  // A project's changes and the installation-wide ones (environments, users, keys).
  if (opts.project) qb.andWhere('(c.project = :project OR c.project IS NULL)', { project: opts.project });
  return (await qb.getMany()).map(rowToChange);
}

/**
 * What reads the platform tables: a service's DataSource or transaction, or the gateway's read pool
 * (the gateway has no TypeORM). The platform schema is server-kit's, so its SQL stays here.
 */
export type PlatformReader = DataSource | EntityManager | Pool;

async function platformRows<T>(db: PlatformReader, sql: string): Promise<T[]> {
  // TypeORM answers the rows; node-postgres a result holding them.
  const result: T[] | { rows: T[] } = await (
    db as { query(sql: string): Promise<T[] | { rows: T[] }> }
  ).query(sql);
  return Array.isArray(result) ? result : result.rows;
}

/** The `seq` of the last committed config change (0 before the first). */
export async function currentChangeSeq(db: PlatformReader): Promise<number> {
  const rows = await platformRows<{ value: string }>(
    db,
    'SELECT value FROM platform.config_change_seq WHERE id = 1',
  );
  return Number(rows[0]?.value ?? 0);
}

/** Config changes committed but not yet published on the bus (the outbox relay's backlog). */
export async function unpublishedChangeCount(db: PlatformReader): Promise<number> {
  const rows = await platformRows<{ n: string }>(
    db,
    'SELECT count(*) AS n FROM platform.config_changes WHERE published_at IS NULL',
  );
  return Number(rows[0]?.n ?? 0);
}
