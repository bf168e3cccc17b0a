import type { FlagConfig, FlagEnvironmentConfig, Prerequisite } from '@switchyard/core';
import type { DataSource, EntityManager } from 'typeorm';
import { EnvironmentRow } from '../environments/environment.entity';
import { FlagEnvironmentRow, FlagRow } from './flag.entity';
import type { FlagOrder, FlagPosition } from './flag-order';
import type { LifecycleState } from '../lifecycle/lifecycle';
import { lifecycleStateSql } from '../lifecycle/lifecycle.repository';

export interface FlagListFilter {
  project: string;
  search?: string | null;
  tags?: string[] | null;
  archived?: boolean | null;
  environment?: string | null;
  enabled?: boolean | null;
  lifecycle?: LifecycleState[] | null;
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

/**
 * An order in SQL: the expression sorted on, its exact text form for cursors, the cursor value cast
 * back, and the direction. STATUS ranks (archived last either way) and always sorts the rank up.
 */
function orderSql(order: FlagOrder): {
  expr: string;
  text: string;
  param: string;
  direction: 'ASC' | 'DESC';
} {
  switch (order.field) {
    case 'NAME':
      return {
        expr: 'lower(f.name)',
        text: 'lower(f.name)',
        param: ':orderValue',
        direction: order.direction,
      };
    case 'UPDATED_AT':
      return {
        expr: 'f.updated_at',
        text: `to_char(f.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        param: 'CAST(:orderValue AS timestamptz)',
        direction: order.direction,
      };
    case 'STATUS': {
      const enabled = `COALESCE((SELECT fe.enabled FROM flags.flag_environments fe
        WHERE fe.flag_id = f.id AND fe.environment_key = :orderEnv), false)`;
      const [on, off] = order.direction === 'ASC' ? [0, 1] : [1, 0];
      const rank = `(CASE WHEN f.archived THEN 2 WHEN ${enabled} THEN ${on} ELSE ${off} END)`;
      return {
        expr: rank,
        text: `CAST(${rank} AS text)`,
        param: 'CAST(:orderValue AS int)',
        direction: 'ASC',
      };
    }
    default:
      // (A bare `f.key` selection would replace the entity's own key column.)
      return { expr: 'f.key', text: 'CAST(f.key AS text)', param: ':orderValue', direction: order.direction };
  }
}

/** All SQL about flags lives here. */
export class FlagRepository {
  constructor(private readonly ds: DataSource) {}

  get dataSource(): DataSource {
    return this.ds;
  }

  findByKeys(project: string, keys: readonly string[]): Promise<FlagRow[]> {
    return this.ds
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('f.project = :project AND f.key = ANY(:keys)', { project, keys })
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

  /**
   * A page in `order`, after `after` (the position of the previous page's last flag). Ties are
   * broken by key, A to Z, so the order is total and a keyset cursor (sort value, key) never
   * repeats or skips a flag.
   */
  async list(filter: FlagListFilter, order: FlagOrder, first: number, after: FlagPosition | null) {
    const qb = this.ds
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('f.project = :project', { project: filter.project });
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
    if (filter.lifecycle?.length) {
      qb.andWhere(`${lifecycleStateSql('f')} = ANY(:lifecycle)`, { lifecycle: filter.lifecycle });
    }
    const totalCount = await qb.getCount();
    const sort = orderSql(order);
    if (order.field === 'STATUS') qb.setParameter('orderEnv', order.environment);
    if (after) {
      const op = sort.direction === 'ASC' ? '>' : '<';
      // The first bound lets an index on the sort expression start at the position.
      const { expr, param } = sort;
      qb.andWhere(
        `${expr} ${op}= ${param} AND (${expr} ${op} ${param} OR (${expr} = ${param} AND f.key > :orderKey))`,
        {
          orderValue: after.value,
          orderKey: after.key,
        },
      );
    }
    qb.addSelect(sort.text, 'order_value').orderBy(sort.expr, sort.direction);
    if (sort.expr !== 'f.key') qb.addOrderBy('f.key', 'ASC');
    const { entities, raw } = await qb
      .limit(first + 1)
      .getRawAndEntities<{ f_key: string; order_value: string }>();
    const values = new Map(raw.map((r) => [r.f_key, String(r.order_value)]));
    const rows = entities.slice(0, first);
    return {
      rows,
      positions: rows.map((r): FlagPosition => ({ value: values.get(r.key)!, key: r.key })),
      hasNextPage: entities.length > first,
      totalCount,
    };
  }

  async keyExists(m: EntityManager, project: string, key: string): Promise<boolean> {
    return (await m.getRepository(FlagRow).count({ where: { project, key } })) > 0;
  }

  /** The flag, locked until the transaction ends, so concurrent writers queue behind it. */
  lock(m: EntityManager, project: string, key: string): Promise<FlagRow | null> {
    return m
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('f.project = :project AND f.key = :key', { project, key })
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

  /** Variation keys of every non-archived flag of the project, for validating prerequisites. */
  async variationKeysByFlag(m: EntityManager, project: string): Promise<Map<string, string[]>> {
    const rows: { key: string; variations: { key: string }[] }[] = await m.query(
      'SELECT key, variations FROM flags.flags WHERE NOT archived AND project = $1',
      [project],
    );
    return new Map(rows.map((r) => [r.key, r.variations.map((v) => v.key)]));
  }

  /** Every flag's prerequisites in one environment, for cycle detection. */
  async prerequisiteGraph(m: EntityManager, project: string, environment: string) {
    const rows: { key: string; prerequisites: Prerequisite[] }[] = await m.query(
      `SELECT f.key, fe.prerequisites FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id
       WHERE fe.environment_key = $1 AND f.project = $2`,
      [environment, project],
    );
    return rows;
  }

  /** Flags (key, environment) whose prerequisites name one of `flagKeys`. */
  async dependents(
    m: EntityManager,
    project: string,
    flagKeys: string[],
  ): Promise<{ key: string; environment: string }[]> {
    return m.query(
      `SELECT DISTINCT f.key, fe.environment_key AS environment
       FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id,
            jsonb_array_elements(fe.prerequisites) p
       WHERE p->>'flagKey' = ANY($1) AND NOT (f.key = ANY($1)) AND f.project = $2
       ORDER BY f.key`,
      [flagKeys, project],
    );
  }

  /** Flag keys using each segment (inSegment in a rule), by segment key. */
  async flagsUsingSegments(m: EntityManager | DataSource, project: string, segmentKeys: readonly string[]) {
    const rows: { segment: string; flag: string }[] = await m.query(
      `SELECT DISTINCT v.value AS segment, f.key AS flag
       FROM flags.flag_environments fe JOIN flags.flags f ON f.id = fe.flag_id,
            jsonb_array_elements(fe.rules) r, jsonb_array_elements(r->'conditions') c,
            jsonb_array_elements_text(c->'values') v
       WHERE c->>'operator' = 'inSegment' AND v.value = ANY($1) AND f.project = $2
       ORDER BY f.key`,
      [segmentKeys, project],
    );
    return rows;
  }

  /** Every non-archived flag of the project with its targeting in one environment, in key order. */
  async flagConfigs(m: EntityManager, project: string, environment: string): Promise<FlagConfig[]> {
    const rows = await m
      .getRepository(FlagRow)
      .createQueryBuilder('f')
      .where('NOT f.archived AND f.project = :project', { project })
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
