import type { FlagConfig, FlagEnvironmentConfig, Prerequisite } from '@switchyard/core';
import type { DataSource, EntityManager } from 'typeorm';
import { EnvironmentRow } from '../environments/environment.entity';
import { FlagEnvironmentRow, FlagRow } from './flag.entity';

export interface FlagListFilter {
  search?: string | null;
  tags?: string[] | null;
  archived?: boolean | null;
  environment?: string | null;
  enabled?: boolean | null;
}

/** A row's targeting in the core's shape (timestamps as ISO strings). */
export function toEnvironmentConfig(row: FlagEnvironmentRow): FlagEnvironmentConfig {
  return {
    enabled: row.enabled,
    offVariation: row.offVariation,
    targets: row.targets,
    rules: row.rules,
    fallthrough: row.fallthrough,
    startsAt: row.startsAt ? row.startsAt.toISOString() : null,
    endsAt: row.endsAt ? row.endsAt.toISOString() : null,
    prerequisites: row.prerequisites,
  };
}

export function toFlagConfig(flag: FlagRow, env: FlagEnvironmentRow): FlagConfig {
  return {
    key: flag.key,
    type: flag.type,
    variations: flag.variations,
    archived: flag.archived,
    version: flag.version,
    environment: toEnvironmentConfig(env),
  };
}

/** All SQL about flags lives here. */
export class FlagRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

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
      .innerJoin(EnvironmentRow, 'e', 'e.key = fe.environment_key')
      .where('fe.flag_id = ANY(:flagIds)', { flagIds })
      .orderBy('e.sort_order', 'ASC')
      .addOrderBy('e.key', 'ASC')
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
    if (filter.environment) {
      const enabled =
        filter.enabled === null || filter.enabled === undefined ? '' : 'AND fe.enabled = :enabled';
      qb.andWhere(
        `EXISTS (SELECT 1 FROM flags.flag_environments fe WHERE fe.flag_id = f.id AND fe.environment_key = :env ${enabled})`,
        { env: filter.environment, enabled: filter.enabled },
      );
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

  /** The flag, locked until the transaction ends, so concurrent writers queue behind it. */
  lock(m: EntityManager, key: string): Promise<FlagRow | null> {
    return m
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('f.key = :key', { key })
      .setLock('pessimistic_write')
      .getOne();
  }

  environmentRow(m: EntityManager, flagId: string, environment: string): Promise<FlagEnvironmentRow | null> {
    return m.getRepository(FlagEnvironmentRow).findOne({ where: { flagId, environmentKey: environment } });
  }

  environmentRows(m: EntityManager, flagId: string): Promise<FlagEnvironmentRow[]> {
    return m.getRepository(FlagEnvironmentRow).find({ where: { flagId } });
  }

  environmentKeys(m: EntityManager | DataSource): Promise<string[]> {
    return m
      .getRepository(EnvironmentRow)
      .find({ order: { sortOrder: 'ASC', key: 'ASC' } })
      .then((rows) => rows.map((r) => r.key));
  }

  async environmentExists(m: EntityManager, key: string): Promise<boolean> {
    return (await m.getRepository(EnvironmentRow).count({ where: { key } })) > 0;
  }

  /** Variation keys of every non-archived flag, for validating prerequisites. */
  async variationKeysByFlag(m: EntityManager): Promise<Map<string, string[]>> {
    const rows: { key: string; variations: { key: string }[] }[] = await m.query(
      'SELECT key, variations FROM flags.flags WHERE NOT archived',
    );
    return new Map(rows.map((r) => [r.key, r.variations.map((v) => v.key)]));
  }

  /** Every flag's prerequisites in one environment, for cycle detection. */
  async prerequisiteGraph(m: EntityManager, environment: string) {
    const rows: { key: string; prerequisites: Prerequisite[] }[] = await m.query(
      `SELECT f.key, fe.prerequisites FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id
       WHERE fe.environment_key = $1`,
      [environment],
    );
    return rows;
  }

  /** Flags (key, environment) whose prerequisites name one of `flagKeys`. */
  async dependents(m: EntityManager, flagKeys: string[]): Promise<{ key: string; environment: string }[]> {
    return m.query(
      `SELECT DISTINCT f.key, fe.environment_key AS environment
       FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id,
            jsonb_array_elements(fe.prerequisites) p
       WHERE p->>'flagKey' = ANY($1) AND NOT (f.key = ANY($1))
       ORDER BY f.key`,
      [flagKeys],
    );
  }

  /** Flag keys using each segment (inSegment in a rule), by segment key. */
  async flagsUsingSegments(m: EntityManager | DataSource, segmentKeys: readonly string[]) {
    const rows: { segment: string; flag: string }[] = await m.query(
      `SELECT DISTINCT v.value AS segment, f.key AS flag
       FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id,
            jsonb_array_elements(fe.rules) r, jsonb_array_elements(r->'conditions') c,
            jsonb_array_elements_text(c->'values') v
       WHERE c->>'operator' = 'inSegment' AND v.value = ANY($1)
       ORDER BY f.key`,
      [segmentKeys],
    );
    return rows;
  }

  /** Every non-archived flag with its targeting in one environment, in key order. */
  async flagConfigs(m: EntityManager, environment: string): Promise<FlagConfig[]> {
    const rows = await m
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('NOT f.archived')
      .orderBy('f.key', 'ASC')
      .getMany();
    const envs = await m
      .getRepository(FlagEnvironmentRow)
      .createQueryBuilder('fe')
      .where('fe.environment_key = :environment', { environment })
      .getMany();
    const byFlag = new Map(envs.map((e) => [e.flagId, e]));
    return rows.flatMap((f) => {
      const env = byFlag.get(f.id);
      return env ? [toFlagConfig(f, env)] : [];
    });
  }
}
