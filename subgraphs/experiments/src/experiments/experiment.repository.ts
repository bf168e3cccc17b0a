import type { DataSource, EntityManager } from 'typeorm';
import { ExperimentRow } from './experiment.entity';

export class ExperimentRepository {
  constructor(private readonly ds: DataSource) {}

  findByKeys(keys: readonly string[]): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('e.key = ANY(:keys)', { keys })
      .getMany();
  }

  findByFlagKeys(flagKeys: readonly string[]): Promise<ExperimentRow[]> {
    return this.ds
      .getRepository(ExperimentRow)
      .createQueryBuilder('e')
      .where('e.flag_key = ANY(:flagKeys)', { flagKeys })
      .orderBy('e.created_at', 'DESC')
      .getMany();
  }

  async list(first: number, afterKey: string | null) {
    const qb = this.ds.getRepository(ExperimentRow).createQueryBuilder('e');
    const totalCount = await qb.getCount();
    if (afterKey) qb.andWhere('e.key > :afterKey', { afterKey });
    const rows = await qb
      .orderBy('e.key', 'ASC')
      .limit(first + 1)
      .getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }

  async keyExists(m: EntityManager, key: string): Promise<boolean> {
    return (await m.getRepository(ExperimentRow).count({ where: { key } })) > 0;
  }
}
