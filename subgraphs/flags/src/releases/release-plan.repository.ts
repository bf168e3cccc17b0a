import type { DataSource, EntityManager } from 'typeorm';
import {
  ReleasePlanEventRow,
  ReleasePlanRow,
  ScheduledChangeRow,
  type ScheduledChangeStatus,
} from './release.entities';

/** The SQL of release plans and scheduled changes. */
export class ReleaseRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Leases one due ACTIVE plan, in one statement and no transaction held open: its next check
   * moves to `leaseUntil`, so no other replica takes it while its guards are read, and a replica
   * that dies holding it leaves it due again when the lease ends. Returns the plan as leased.
   */
  async leaseDuePlan(now: Date, leaseUntil: Date): Promise<ReleasePlanRow | null> {
    const [rows] = (await this.ds.query(
      `UPDATE flags.release_plans SET next_check_at = $2
        WHERE id = (SELECT id FROM flags.release_plans
                     WHERE status = 'ACTIVE' AND next_check_at <= $1
                     ORDER BY next_check_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, leaseUntil],
    )) as [{ id: string }[], number];
    const id = rows[0]?.id;
    return id ? this.ds.getRepository(ReleasePlanRow).findOneBy({ id }) : null;
  }

  /**
   * Makes the active plans (of these flags; null: any) with a guard on one of these metrics due now (new events),
   * so their guards are read at the executor's next step instead of at their interval. Returns how many.
   */
  async wakeGuarded(metrics: readonly string[], flags: readonly string[] | null, now: Date): Promise<number> {
    const [, count] = (await this.ds.query(
      `UPDATE flags.release_plans SET next_check_at = $2
        WHERE status = 'ACTIVE' AND next_check_at > $2
          AND ($3::text[] IS NULL OR flag_key = ANY($3))
          AND EXISTS (SELECT 1 FROM jsonb_array_elements(guards) g WHERE g->>'metric' = ANY($1))`,
      [metrics, now, flags],
    )) as [unknown, number];
    return count;
  }

  lockPlan(m: EntityManager, id: string): Promise<ReleasePlanRow | null> {
    return m
      .getRepository(ReleasePlanRow)
      .createQueryBuilder('p')
      .where('p.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  livePlan(m: EntityManager, flagId: string, environment: string): Promise<ReleasePlanRow | null> {
    return m
      .getRepository(ReleasePlanRow)
      .createQueryBuilder('p')
      .where('p.flag_id = :flagId AND p.environment_key = :environment', { flagId, environment })
      .andWhere(`p.status IN ('ACTIVE', 'PAUSED')`)
      .getOne();
  }

  plan(id: string): Promise<ReleasePlanRow | null> {
    return this.ds.getRepository(ReleasePlanRow).findOne({ where: { id } });
  }

  plansOfFlag(
    project: string,
    flagKey: string,
    environment: string | null | undefined,
  ): Promise<ReleasePlanRow[]> {
    return this.ds.getRepository(ReleasePlanRow).find({
      where: environment ? { project, flagKey, environmentKey: environment } : { project, flagKey },
      order: { createdAt: 'DESC' },
    });
  }

  events(planId: string): Promise<ReleasePlanEventRow[]> {
    return this.ds.getRepository(ReleasePlanEventRow).find({ where: { planId }, order: { id: 'ASC' } });
  }

  claimDueChange(m: EntityManager, now: Date): Promise<ScheduledChangeRow | null> {
    return m
      .getRepository(ScheduledChangeRow)
      .createQueryBuilder('c')
      .where(`c.status = 'PENDING'`)
      .andWhere('c.due_at <= :now', { now })
      .orderBy('c.due_at', 'ASC')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
  }

  lockChange(m: EntityManager, id: string): Promise<ScheduledChangeRow | null> {
    return m
      .getRepository(ScheduledChangeRow)
      .createQueryBuilder('c')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  change(id: string): Promise<ScheduledChangeRow | null> {
    return this.ds.getRepository(ScheduledChangeRow).findOne({ where: { id } });
  }

  /** One project's changes. */
  changes(filter: {
    project: string;
    flagKey?: string | null;
    environment?: string | null;
    status?: ScheduledChangeStatus | null;
  }): Promise<ScheduledChangeRow[]> {
    const where: Record<string, string> = { project: filter.project };
    if (filter.flagKey) where.flagKey = filter.flagKey;
    if (filter.environment) where.environmentKey = filter.environment;
    if (filter.status) where.status = filter.status;
    return this.ds.getRepository(ScheduledChangeRow).find({ where, order: { dueAt: 'ASC' }, take: 500 });
  }
}
