import { type DataSource, type EntityManager, In } from 'typeorm';
import { MetricRow } from './metric.entity';

/** All SQL about metric definitions. */
export class MetricRepository {
  constructor(private readonly ds: DataSource) {}

  byKeys(keys: readonly string[]): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).findBy({ key: In([...keys]) });
  }

  list(): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).find({ order: { key: 'ASC' } });
  }

  /** Locks the row for the rest of the transaction, so concurrent edits queue up. */
  lockByKey(m: EntityManager, key: string): Promise<MetricRow | null> {
    return m.getRepository(MetricRow).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
  }
}
