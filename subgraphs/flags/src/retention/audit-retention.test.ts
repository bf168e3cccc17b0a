import { startTestStack, type TestStack } from '@switchyard/testkit';
import { Client } from 'pg';
import { until } from '../integrations/test-receivers';

type Report = {
  auditLogDays: number;
  lastRunAt: string | null;
  lastCutoff: string | null;
  lastDeleted: number;
  totalDeleted: number;
  oldestAuditEntryAt: string | null;
};
const REPORT =
  '{ auditRetention { auditLogDays lastRunAt lastCutoff lastDeleted totalDeleted oldestAuditEntryAt } }';

describe('audit retention', () => {
  let stack: TestStack;
  const windowDays = 2 / 86_400; // two seconds

  beforeAll(async () => {
    stack = await startTestStack({
      subgraphs: ['flags'],
      env: {
        AUDIT_RETENTION_DAYS: String(windowDays),
        RETENTION_INTERVAL_MS: '500',
        RETENTION_BATCH_SIZE: '2',
      },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('deletes entries older than the window in batches and reports it in the graph', async () => {
    for (const key of ['ret-a', 'ret-b', 'ret-c', 'ret-d', 'ret-e'])
      await stack.gqlOk(`mutation { createFlag(input: { key: "${key}", name: "R" }) { key } }`);
    const report = await until('five entries deleted', async () => {
      const r = (await stack.gqlOk<{ auditRetention: Report }>(REPORT)).auditRetention;
      return r.totalDeleted >= 5 ? r : undefined;
    });
    expect(report.auditLogDays).toBeCloseTo(windowDays, 10);
    expect(report.lastRunAt).not.toBeNull();
    const cutoff = Date.parse(report.lastCutoff!);
    const remaining = await stack.gqlOk<{ auditLog: { nodes: { at: string }[] } }>(
      '{ auditLog(first: 100) { nodes { at } } }',
    );
    for (const entry of remaining.auditLog.nodes) expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(cutoff);
    // Writes go on as before; the flags themselves are untouched.
    const flags = await stack.gqlOk<{ flags: { totalCount: number } }>('{ flags { totalCount } }');
    expect(flags.flags.totalCount).toBeGreaterThanOrEqual(5);
  });

  it('still refuses any other edit or delete of the audit log', async () => {
    const db = new Client({ connectionString: stack.db.url });
    await db.connect();
    try {
      await stack.gqlOk('mutation { createFlag(input: { key: "ret-z", name: "Z" }) { key } }');
      await expect(db.query('DELETE FROM platform.audit_log')).rejects.toThrow(/append-only/);
      await expect(db.query(`UPDATE platform.audit_log SET actor_name = 'someone else'`)).rejects.toThrow(
        /append-only/,
      );
    } finally {
      await db.end();
    }
  });
});
