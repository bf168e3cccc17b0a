import { type DataSource, type EntityManager, In } from 'typeorm';
import { MetricRow } from './metric.entity';

/** All SQL about metric definitions. */
export class MetricRepository {
  constructor(private readonly ds: DataSource) {}

  /** Metrics by their project-scoped keys (MetricRow.storageKey). */
  byKeys(storageKeys: readonly string[]): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).findBy({ storageKey: In([...storageKeys]) });
  }

  /** The project-scoped keys of the metrics computed from events of these names (release guards name them). */
  async keysForEvents(eventNames: readonly string[]): Promise<string[]> {
    const rows = await this.ds.getRepository(MetricRow).find({
      select: { storageKey: true },
      where: { eventName: In([...eventNames]) },
    });
    return rows.map((r) => r.storageKey);
  }

  /** The project's metrics. */
  list(project: string): Promise<MetricRow[]> {
    return this.ds.getRepository(MetricRow).find({ where: { project }, order: { key: 'ASC' } });
  }

  /** Locks the row for the rest of the transaction, so concurrent edits queue up. */
  lockByKey(m: EntityManager, project: string, key: string): Promise<MetricRow | null> {
    return m
      .getRepository(MetricRow)
      .findOne({ where: { project, key }, lock: { mode: 'pessimistic_write' } });
  }
}
