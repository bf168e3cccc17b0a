import { type DataSource, type EntityManager, In } from 'typeorm';
import { MetricRow } from './metric.entity';

/** All SQL about metric definitions. */
export class MetricRepository {
  constructor(private readonly ds: DataSource) {}

  byKeys(keys: readonly string[]): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).findBy({ key: In([...keys]) });
  }

  /** The keys of the metrics computed from events of these names. */
  async keysForEvents(eventNames: readonly string[]): Promise<string[]> {
    const rows = await this.ds.getRepository(MetricRow).find({
      select: { key: true },
      where: { eventName: In([...eventNames]) },
    });
    return rows.map((r) => r.key);
  }

  list(): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).find({ order: { key: 'ASC' } });
  }

  /** Locks the row for the rest of the transaction, so concurrent edits queue up. */
  lockByKey(m: EntityManager, key: string): Promise<MetricRow | null> {
    return m.getRepository(MetricRow).findOne({ where: { key }, lock: { mode: 'pessimistic_write' } });
  }
}
