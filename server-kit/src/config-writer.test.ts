import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import type { DataSource, EntityManager } from 'typeorm';
import { ConfigChangeOutbox, type ConfigChange, currentChangeSeq } from './change-outbox';
import { ConfigWriter, type RecordChange, type WriteContext } from './config-writer';
import { openDatabase } from './database';
import type { EventBus } from './event-bus';
import { createLogger } from './logger';

const logger = createLogger('test', 'silent');
const ctx: WriteContext = {
  actor: { id: 'u1', name: 'Ada', kind: 'user', role: 'admin' },
  ip: '203.0.113.9',
  userAgent: 'config-writer-test',
};

/** Records what is published, as the bus would carry it. */
function recordingBus(): EventBus & { published: string[] } {
  const published: string[] = [];
  return {
    published,
    async publish(_channel: string, message: string) {
      published.push(message);
    },
    async publishMany(_channel: string, messages: readonly string[]) {
      published.push(...messages);
    },
    async subscribe() {
      return async () => {};
    },
    async close() {},
  } as unknown as EventBus & { published: string[] };
}

// The one audited write path on a real database: the entity's version, its audit entry and its outbox
// row commit together or not at all; changes are published after commit, listeners hear them first.
describe('ConfigWriter', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let bus: ReturnType<typeof recordingBus>;
  let writer: ConfigWriter;

  /** A config row of this test's own: bumps its version and records the change, as every service's write does. */
  const bump = async (m: EntityManager, record: RecordChange, key: string) => {
    await m.query('UPDATE writer_test.items SET version = version + 1 WHERE key = $1', [key]);
    const rows: { version: number }[] = await m.query(
      'SELECT version FROM writer_test.items WHERE key = $1',
      [key],
    );
    record({
      action: 'item.updated',
      kind: 'ITEM_UPDATED',
      resourceType: 'item',
      resourceKey: key,
      environment: null,
      before: { version: rows[0]!.version - 1 },
      after: { version: rows[0]!.version },
    });
    return rows[0]!.version;
  };
  const version = async (key: string) =>
    Number((await ds.query('SELECT version FROM writer_test.items WHERE key = $1', [key]))[0].version);
  const audits = async (key: string) =>
    Number(
      (await ds.query('SELECT count(*) AS n FROM platform.audit_log WHERE resource_key = $1', [key]))[0].n,
    );

  beforeAll(async () => {
    db = await createTestDatabase('sy_writer');
    ds = await openDatabase({ url: db.url, schema: 'writer_test', entities: [], migrations: [] });
    await ds.query('CREATE TABLE writer_test.items (key text PRIMARY KEY, version int NOT NULL)');
    await ds.query("INSERT INTO writer_test.items VALUES ('a', 1), ('b', 1)");
    bus = recordingBus();
    writer = new ConfigWriter(ds, new ConfigChangeOutbox(ds, bus, logger));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('commits the version, the audit entry and the outbox row together, then publishes', async () => {
    const heard: ConfigChange[][] = [];
    writer.onCommitted((changes) => heard.push(changes));
    const seqBefore = await currentChangeSeq(ds);
    expect(await writer.write(ctx, (m, record) => bump(m, record, 'a'))).toBe(2);
    expect(await version('a')).toBe(2);
    expect(await audits('a')).toBe(1);
    expect(await currentChangeSeq(ds)).toBe(seqBefore + 1);
    expect(heard).toEqual([[expect.objectContaining({ resourceKey: 'a', seq: seqBefore + 1 })]]);
    expect(bus.published.map((m) => JSON.parse(m).resourceKey)).toContain('a');
  });

  it('leaves nothing behind when the write fails after recording', async () => {
    const seqBefore = await currentChangeSeq(ds);
    await expect(
      writer.write(ctx, async (m, record) => {
        await bump(m, record, 'b');
        throw new Error('refused after the update');
      }),
    ).rejects.toThrow('refused after the update');
    expect(await version('b')).toBe(1);
    expect(await audits('b')).toBe(0);
    expect(await currentChangeSeq(ds)).toBe(seqBefore);
  });

  it('joins a write started inside another: one transaction, both changes in order', async () => {
    const seqBefore = await currentChangeSeq(ds);
    await writer.write(ctx, async (m, record) => {
      await bump(m, record, 'a');
      await writer.write(ctx, (inner, recordInner) => bump(inner, recordInner, 'b'));
    });
    expect([await version('a'), await version('b')]).toEqual([3, 2]);
    const changes: { resource_key: string }[] = await ds.query(
      'SELECT resource_key FROM platform.config_changes WHERE seq > $1 ORDER BY seq',
      [seqBefore],
    );
    expect(changes.map((c) => c.resource_key)).toEqual(['a', 'b']);
  });
});
