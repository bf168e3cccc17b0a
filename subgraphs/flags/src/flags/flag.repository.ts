import type { DataSource, EntityManager } from 'typeorm';
import { EnvironmentRow } from '../environments/environment.entity';
import { FlagEnvironmentRow, FlagRow } from './flag.entity';

export interface FlagListFilter {
  search?: string | null;
  tags?: string[] | null;
  archived?: boolean | null;
}

/** All SQL about flags lives here. */
export class FlagRepository {
  constructor(private readonly ds: DataSource) {}

  findByKeys(keys: readonly string[]): Promise<FlagRow[]> {
    return this.ds
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('f.key = ANY(:keys)', { keys })
      .getMany();
  }

  findEnvironmentsOf(flagIds: readonly string[]): Promise<FlagEnvironmentRow[]> {
    return this.ds
      .getRepository(FlagEnvironmentRow)
      .createQueryBuilder('fe')
      .where('fe.flag_id = ANY(:flagIds)', { flagIds })
      .getMany();
  }

  /** A page ordered by key; `afterKey` is the last key of the previous page. */
  async list(filter: FlagListFilter, first: number, afterKey: string | null) {
    const qb = this.ds.getRepository(FlagRow).createQueryBuilder('f');
    if (filter.search) {
      qb.andWhere('(f.key ILIKE :q OR f.name ILIKE :q OR f.description ILIKE :q)', {
        q: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    if (filter.tags?.length) qb.andWhere('f.tags @> :tags', { tags: filter.tags });
    if (filter.archived !== null && filter.archived !== undefined) {
      qb.andWhere('f.archived = :archived', { archived: filter.archived });
    }
    const totalCount = await qb.getCount();
    if (afterKey) qb.andWhere('f.key > :afterKey', { afterKey });
    const rows = await qb
      .orderBy('f.key', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  async keyExists(m: EntityManager, key: string): Promise<boolean> {
    return (await m.getRepository(FlagRow).count({ where: { key } })) > 0;
  }

  environmentKeys(m: EntityManager): Promise<string[]> {
    return m
      .getRepository(EnvironmentRow)
      .find({ order: { sortOrder: 'ASC' } })
      .then((rows) => rows.map((r) => r.key));
  }
}
