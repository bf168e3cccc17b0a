import { AuditEntry } from '@switchyard/server-kit';
import type { DataSource } from 'typeorm';

export interface AuditLogFilter {
  resourceType?: string | null;
  resourceKey?: string | null;
  actor?: string | null;
  action?: string | null;
  environment?: string | null;
  project?: string | null;
  from?: Date | string | null;
  to?: Date | string | null;
}

/** Reads the append-only audit log (platform.audit_log), newest first. */
export class AuditLogRepository {
  constructor(private readonly ds: DataSource) {}

  async page(filter: AuditLogFilter, first: number, beforeId: string | null) {
    const qb = this.ds.getRepository(AuditEntry).createQueryBuilder('a');
    if (filter.resourceType) qb.andWhere('a.resource_type = :type', { type: filter.resourceType });
    if (filter.resourceKey) qb.andWhere('a.resource_key = :key', { key: filter.resourceKey });
    if (filter.actor) qb.andWhere('(a.actor_id = :actor OR a.actor_name = :actor)', { actor: filter.actor });
    if (filter.action) {
      // `flag.` selects every flag action; anything else is an exact action.
      if (filter.action.endsWith('.'))
        qb.andWhere('starts_with(a.action, :action)', { action: filter.action });
      else qb.andWhere('a.action = :action', { action: filter.action });
    }
    if (filter.environment) qb.andWhere('a.environment = :env', { env: filter.environment });
    if (filter.project) qb.andWhere('a.project = :project', { project: filter.project });
    if (filter.from) qb.andWhere('a.at >= :from', { from: new Date(filter.from) });
    if (filter.to) qb.andWhere('a.at < :to', { to: new Date(filter.to) });
    const totalCount = await qb.getCount();
    if (beforeId) qb.andWhere('a.id < :beforeId', { beforeId });
    const rows = await qb
      .orderBy('a.id', 'DESC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  /** One entry by id; null when there is none (or `id` is not an entry id at all). */
  entry(id: string): Promise<AuditEntry | null> {
    if (!/^\d{1,18}$/.test(id)) return Promise.resolve(null);
    return this.ds.getRepository(AuditEntry).findOne({ where: { id } });
  }

  /** The entries of one resource written after entry `afterId`, newest first. */
  entriesAfter(resourceType: string, resourceKey: string, afterId: string): Promise<AuditEntry[]> {
    return this.ds
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .where('a.resource_type = :resourceType AND a.resource_key = :resourceKey AND a.id > :afterId', {
        resourceType,
        resourceKey,
        afterId,
      })
      .orderBy('a.id', 'DESC')
      .getMany();
  }
}
