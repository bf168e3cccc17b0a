import {
  type ChangeRecord,
  type ConfigChange,
  type ConfigChangeOutbox,
  type RequestContext,
  recordChange,
} from '@switchyard/server-kit';
import type { DataSource, EntityManager } from 'typeorm';

/** Who is writing: what the audit entry records. */
export type WriteContext = Pick<RequestContext, 'actor' | 'ip' | 'userAgent'>;

/** Adds one change (audit entry + outbox row) to the running write. */
export type RecordChange = (change: ChangeRecord) => void;

/**
 * The one way the flags subgraph writes config: the entity change, its audit entries and
 * outbox rows in one transaction, then publishing after commit. Local listeners (the
 * live flag sets) hear about the change before the bus echoes it, so a caller reads its
 * own write at once.
 */
export class ConfigWriter {
  private readonly listeners: ((changes: ConfigChange[]) => void)[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly outbox: ConfigChangeOutbox,
  ) {}

  onCommitted(listener: (changes: ConfigChange[]) => void): void {
    this.listeners.push(listener);
  }

  async write<T>(
    ctx: WriteContext,
    work: (m: EntityManager, record: RecordChange) => Promise<T>,
  ): Promise<T> {
    let changes: ConfigChange[] = [];
    const result = await this.ds.transaction(async (m) => {
      const pending: ChangeRecord[] = [];
      const value = await work(m, (change) => pending.push(change));
      // Entity rows are locked first and the sequence row last, in every write, so two
      // writes never wait on each other in opposite orders.
      changes = [];
      for (const change of pending) changes.push(await recordChange(m, ctx, change));
      return value;
    });
    for (const listener of this.listeners) listener(changes);
    await this.outbox.publish(changes);
    return result;
  }
}
