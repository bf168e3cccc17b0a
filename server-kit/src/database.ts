import { Client } from 'pg';
import { DataSource, type EntityManager, type MixedList } from 'typeorm';
import type { Logger } from './logger';
import { platformEntities } from './platform/entities';
import { platformMigrations } from './platform/migrations';

// biome-ignore lint/complexity/noBannedTypes: TypeORM identifies entities and migrations by constructor.
export type ClassList = MixedList<Function>;

export interface DatabaseOptions {
  url: string;
  /** The Postgres schema this service owns; its tables and migration history live there. */
  schema: string;
  entities: ClassList;
  migrations: ClassList;
  poolSize?: number;
  logger?: Logger;
}

// One advisory lock for every service's migrations: services starting together
// would otherwise race to create the same shared platform tables.
const MIGRATION_LOCK_KEY = 7_311_992_001;

/** Runs the shared platform migrations, then the service's own, holding a cluster-wide lock. */
export async function migrate(options: DatabaseOptions): Promise<void> {
  const lockClient = new Client({ connectionString: options.url });
  await lockClient.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await lockClient.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await lockClient.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await runMigrationSet(options.url, 'platform', platformMigrations, options.logger);
    await runMigrationSet(options.url, options.schema, options.migrations, options.logger);
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lockClient.end();
  }
}
/** Exported for upgrade tests, which stop a set before the migration under test. */
export async function runMigrationSet(url: string, schema: string, migrations: ClassList, logger?: Logger) {
  const ds = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    poolSize: 1,
  });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations();
    for (const m of applied) logger?.info({ schema, migration: m.name }, 'migration applied');
  } finally {
    await ds.destroy();
  }
}

/** Opens the service's pool. Migrations run first, so entities always meet their tables. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  await migrate(options);
  const ds = new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: [...platformEntities, ...(options.entities as unknown[])] as DatabaseOptions['entities'],
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    extra: { application_name: `switchyard-${options.schema}` },
  });
  return ds.initialize();
}

export async function isDatabaseReachable(ds: DataSource): Promise<boolean> {
  try {
    await ds.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export type { DataSource, EntityManager };
