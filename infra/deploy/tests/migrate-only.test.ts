import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@switchyard/testkit';
import { Client } from 'pg';

// The Kubernetes migrations Job runs each subgraph with SWITCHYARD_MIGRATE_ONLY=true.
const root = path.join(__dirname, '..', '..', '..');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('sy_migrate_only');
});
afterAll(() => db?.drop());

it('SWITCHYARD_MIGRATE_ONLY runs the migrations and exits 0 without serving', async () => {
  const started = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'subgraphs/experiments/src/main.ts'],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      // Port 1 cannot be listened on without privileges: a server start would fail the run.
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        SWITCHYARD_MIGRATE_ONLY: 'true',
        EXPERIMENTS_PORT: '1',
        LOG_LEVEL: 'info',
      },
    },
  );
  expect(started.status).toBe(0);
  expect(started.stdout).toContain('migrations applied; exiting');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM experiments.migrations');
    expect(rows[0].n).toBeGreaterThan(0);
  } finally {
    await client.end();
  }
}, 150_000);
