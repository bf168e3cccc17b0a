import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Stack, startStack } from '@switchyard/infra';
import {
  createTestDatabase,
  graphqlOk,
  startTestStack,
  type TestDatabase,
  type TestStack,
} from '@switchyard/testkit';
import { requireTool, run } from './tools';

// Fills a database through the graph, backs it up with `npm run backup`, restores it with
// `npm run restore` into a fresh database, starts the services on that and compares.
const root = path.join(__dirname, '..', '..', '..');
// An admin the restored stack creates at start (the source's admin is the testkit's own).
const admin = { email: 'restore-admin@switchyard.test', password: 'restore-test-password' };
// The experiment watcher is off: an alert it records meanwhile would bump the version compared below.
const quiet = { EXPERIMENT_WATCH_INTERVAL_MS: '0' };
const adminEnv = { SWITCHYARD_ADMIN_EMAIL: admin.email, SWITCHYARD_ADMIN_PASSWORD: admin.password, ...quiet };

// The flag set of each environment, every experiment, and the results of the seeded one.
const SNAPSHOT = `query Snapshot {
  flags(first: 100) { nodes { key name type version variations { key value }
    environment(key: "production") { enabled rules { id } } } }
  experiments(first: 50) { nodes { key name status variants { key weight } } }
  experiment(key: "checkout-redesign") {
    results(metricKey: "purchase") { variants { variant users conversions mean } }
  }
}`;

const backupDir = mkdtempSync(path.join(os.tmpdir(), 'switchyard-backups-'));
let source: TestStack;
let restoredDb: TestDatabase;
let restored: Stack | null = null;
let before: unknown;
let flagSetBefore: unknown;
let sdkKey: string;
let sourceStopped = false;

const npm = (script: string, env: NodeJS.ProcessEnv, args: string[] = []) =>
  run('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], root, {
    ...process.env,
    BACKUP_DIR: backupDir,
    ...env,
  });

async function signIn(graphqlUrl: string) {
  const { login } = await graphqlOk<{ login: { accessToken: string } }>(
    graphqlUrl,
    'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
    admin,
  );
  return { authorization: `Bearer ${login.accessToken}` };
}

beforeAll(async () => {
  requireTool('pg_dump', 'apt-get install -y postgresql-client');
  source = await startTestStack({ seedDemo: true, env: quiet });
  // Writes through the graph on top of the demo data: a flag, and events for the experiment.
  await source.gqlOk(
    'mutation { createFlag(input: { key: "restored-flag", name: "Restored flag" }) { key } }',
  );
  const key = await source.createApiKey('server', { environment: 'production' });
  sdkKey = key.secret;
  const events = Array.from({ length: 40 }, (_, i) => ({
    eventId: `backup-${i}`,
    type: i % 2 ? 'EXPOSURE' : 'CONVERSION',
    userKey: `user-${i % 20}`,
    experimentKey: 'checkout-redesign',
    variant: i % 4 < 2 ? 'control' : 'treatment',
    ...(i % 2 ? {} : { eventName: 'purchase', value: 10 + i }),
  }));
  await source.gqlOk(
    'mutation($events: [EventInput!]!) { trackEvents(events: $events) { accepted } }',
    { events },
    { token: key.secret },
  );
  before = await source.gqlOk(SNAPSHOT);
  flagSetBefore = await source.gqlOk(
    '{ flagSet(environment: "production") { version flags segments } }',
    {},
    {
      token: key.secret,
    },
  );
}, 180_000);

afterAll(async () => {
  await restored?.stop();
  await restoredDb?.drop();
  if (!sourceStopped) await source?.stop();
  rmSync(backupDir, { recursive: true, force: true });
}, 60_000);

describe('npm run backup / npm run restore', () => {
  it('keep BACKUP_KEEP generations, newest last', () => {
    for (let i = 0; i < 3; i++)
      expect(npm('backup', { DATABASE_URL: source.db.url, BACKUP_KEEP: '2' }).status).toBe(0);
    const dumps = readdirSync(backupDir).sort();
    expect(dumps).toHaveLength(2);
    for (const d of dumps) expect(d).toMatch(/^switchyard-\d{8}T\d{6}\.\d{3}Z\.dump$/);
    expect(npm('backup', { DATABASE_URL: source.db.url, BACKUP_KEEP: 'none' }).stderr).toContain(
      'BACKUP_KEEP must be a positive whole number',
    );
  });

  it('restore into a fresh database the same flag sets, experiments and results', async () => {
    restoredDb = await createTestDatabase('sy_restored');
    const out = npm('restore', { DATABASE_URL: restoredDb.url });
    expect(out.stdout).toContain('restore: restored');
    expect(out.status).toBe(0);

    await source.stop();
    sourceStopped = true;
    restored = await startStack({ databaseUrl: restoredDb.url, logLevel: 'warn', env: adminEnv });
    const auth = await signIn(restored.graphqlUrl);
    expect(await graphqlOk(restored.graphqlUrl, SNAPSHOT, {}, auth)).toEqual(before);
    // The SDK key survived too, and the SDK's view of production is the same.
    const flagSetAfter = await graphqlOk(
      restored.graphqlUrl,
      '{ flagSet(environment: "production") { version flags segments } }',
      {},
      { authorization: `Bearer ${sdkKey}` },
    );
    expect(flagSetAfter).toEqual(flagSetBefore);
    expect(before).toMatchObject({ experiment: { results: { variants: expect.any(Array) } } });
    // What was compared is not empty: the flag written through the graph, users in the results.
    expect(flagSetBefore).toMatchObject({
      flagSet: { flags: expect.arrayContaining([expect.objectContaining({ key: 'restored-flag' })]) },
    });
    expect(JSON.stringify(before)).toMatch(/"users":[1-9]/);
  });
});
