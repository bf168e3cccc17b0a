import type { DataSource, EntityManager } from 'typeorm';
import { ExperimentRow, type ExperimentStatus } from './experiment.entity';

/** An experiment's identity: keys are unique within a project. */
export interface ExperimentRef {
  project: string;
  key: string;
}

export interface ExperimentListFilter {
  status?: ExperimentStatus | null;
  flagKey?: string | null;
  search?: string | null;
  archived?: boolean | null;
}

/** Every query on experiments.experiments. */
export class ExperimentRepository {
  constructor(private readonly ds: DataSource) {}

  /** The experiments of these (project, key) pairs. */
  findByRefs(refs: readonly ExperimentRef[]): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('(e.project, e.key) IN (SELECT * FROM unnest(:projects::text[], :keys::text[]))', {
        projects: refs.map((r) => r.project),
        keys: refs.map((r) => r.key),
      })
      .getMany();
  }

  findByKey(project: string, key: string): Promise<ExperimentRow | null> {
    return this.ds.getRepository(ExperimentRow).findOne({ where: { project, key } });
  }

  /** Unarchived experiments on these flags, each flag named by (project, key). */
  findByFlags(flags: readonly ExperimentRef[]): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('(e.project, e.flag_key) IN (SELECT * FROM unnest(:projects::text[], :flagKeys::text[]))', {
        projects: flags.map((f) => f.project),
        flagKeys: flags.map((f) => f.key),
      })
      .andWhere('e.archived_at IS NULL')
      .orderBy('e.created_at', 'DESC')
      .getMany();
  }

  findByLayer(project: string, layerKey: string): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('e.project = :project AND e.layer_key = :layerKey', { project, layerKey })
      .orderBy('e.layer_range_start', 'ASC')
      .getMany();
  }

  async list(project: string, filter: ExperimentListFilter, first: number, afterKey: string | null) {
    const qb = this.ds.getRepository(ExperimentRow).createQueryBuilder('e');
    qb.where('e.project = :project', { project });
    qb.andWhere(filter.archived ? 'e.archived_at IS NOT NULL' : 'e.archived_at IS NULL');
    if (filter.status) qb.andWhere('e.status = :status', { status: filter.status });
    if (filter.flagKey) qb.andWhere('e.flag_key = :flagKey', { flagKey: filter.flagKey });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        '(e.key ILIKE :pattern OR e.name ILIKE :pattern OR e.description ILIKE :pattern OR e.hypothesis ILIKE :pattern)',
        { pattern },
      );
    }
    const totalCount = await qb.getCount();
    if (afterKey) qb.andWhere('e.key > :afterKey', { afterKey });
    const rows = await qb
      .orderBy('e.key', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  async keyExists(m: EntityManager, project: string, key: string): Promise<boolean> {
    return (await m.getRepository(ExperimentRow).count({ where: { project, key } })) > 0;
  }

  /** The row, locked until the transaction ends: transitions of one experiment run one at a time. */
  findForUpdate(m: EntityManager, project: string, key: string): Promise<ExperimentRow | null> {
    return m
      .getRepository(ExperimentRow)
      .findOne({ where: { project, key }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Serialises the writers that must see each other's effect on one flag and environment
   * (starting an experiment) or one layer (taking a slice), until the transaction ends.
   */
  async lock(m: EntityManager, scope: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`experiments:${scope}`]);
  }

  async runningOnFlag(
    m: EntityManager,
    project: string,
    flagKey: string,
    environment: string,
    exceptKey: string,
  ) {
    return m
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where(
        "e.status = 'RUNNING' AND e.project = :project AND e.flag_key = :flagKey AND e.environment = :environment",
        { project, flagKey, environment },
      )
      .andWhere('e.key <> :exceptKey', { exceptKey })
      .getOne();
  }

  /** Slices held in a layer: by every experiment that is neither completed nor archived. */
  async layerSlices(m: EntityManager, project: string, layerKey: string, exceptKey: string) {
    const rows = await m
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('e.project = :project AND e.layer_key = :layerKey', { project, layerKey })
      .andWhere("e.status <> 'COMPLETED' AND e.archived_at IS NULL")
      .andWhere('e.key <> :exceptKey', { exceptKey })
      .getMany();
    return rows.map((r) => ({ key: r.key, rangeStart: r.layerRangeStart!, rangeEnd: r.layerRangeEnd! }));
  }

  /** Due scheduled transitions, locked and skipped by other replicas so each runs once. */
  async lockDue(m: EntityManager, kind: 'start' | 'end', limit: number): Promise<ExperimentRow[]> {
    const qb = m.getRepository(ExperimentRow).createQueryBuilder('e');
    if (kind === 'start') {
      qb.where(
        "e.status = 'DRAFT' AND e.starts_at IS NOT NULL AND e.archived_at IS NULL AND e.starts_at <= now()",
      );
      qb.orderBy('e.starts_at', 'ASC');
    } else {
      qb.where("e.status IN ('RUNNING', 'PAUSED') AND e.ends_at IS NOT NULL AND e.ends_at <= now()");
      qb.orderBy('e.ends_at', 'ASC');
    }
    return qb.limit(limit).setLock('pessimistic_write').setOnLocked('skip_locked').getMany();
  }

  /** Forgets assignments to variants the experiment no longer has. */
  async deleteAssignmentsOutside(
    m: EntityManager,
    experiment: ExperimentRef,
    variants: string[],
  ): Promise<void> {
    await m.query(
      `DELETE FROM experiments.user_assignments
        WHERE project = $1 AND experiment_key = $2 AND NOT (variant = ANY($3::text[]))`,
      [experiment.project, experiment.key, variants],
    );
  }
}
