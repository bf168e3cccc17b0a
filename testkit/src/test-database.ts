import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type EmbeddedDatabase, freePort, startEmbeddedPostgres } from '@switchyard/infra';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  name: string;
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
export async function createTestDatabase(prefix = 'sy_test'): Promise<TestDatabase> {
  const admin = await adminUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  await client.end();
  return {
    name,
    url: withDatabase(admin, name),
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
