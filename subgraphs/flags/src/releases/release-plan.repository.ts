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

  /** Claims one due ACTIVE plan for this transaction; other replicas skip it while it is held. */
  claimDuePlan(m: EntityManager, now: Date): Promise<ReleasePlanRow | null> {
    return m
      .getRepository(ReleasePlanRow)
      .createQueryBuilder('p')
      .where(`p.status = 'ACTIVE'`)
      .andWhere('p.next_check_at <= :now', { now })
      .orderBy('p.next_check_at', 'ASC')
      .limit(1)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getOne();
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

  plansOfFlag(flagKey: string, environment: string | null | undefined): Promise<ReleasePlanRow[]> {
    return this.ds.getRepository(ReleasePlanRow).find({
      where: environment ? { flagKey, environmentKey: environment } : { flagKey },
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

  changes(filter: {
    flagKey?: string | null;
    environment?: string | null;
    status?: ScheduledChangeStatus | null;
  }): Promise<ScheduledChangeRow[]> {
    const where: Record<string, string> = {};
    if (filter.flagKey) where.flagKey = filter.flagKey;
    if (filter.environment) where.environmentKey = filter.environment;
    if (filter.status) where.status = filter.status;
    return this.ds.getRepository(ScheduledChangeRow).find({ where, order: { dueAt: 'ASC' }, take: 500 });
  }
}
