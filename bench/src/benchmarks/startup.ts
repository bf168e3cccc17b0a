import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, repoRoot, stackPortVariables } from '@switchyard/infra';
import type { BenchmarkResult } from '../result';

/** Seconds from `npm start` to "Switchyard is running", then a clean Ctrl-C. */
async function timeStart(dataDir: string): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, SWITCHYARD_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  for (const name of stackPortVariables) {
    env[name] = String(await freePort());
  }
  const started = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Switchyard is running')) {
          clearInterval(timer);
          resolve();
        } else if (child.exitCode !== null || Date.now() - started > 180_000) {
          clearInterval(timer);
          reject(new Error(`npm start did not come up:\n${output.slice(-2000)}`));
        }
      }, 50);
    });
    return (Date.now() - started) / 1000;
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    const deadline = Date.now() + 30_000;
    while (!output.includes('stopped') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * `npm start` with no DATABASE_URL: the first start initialises the embedded
 * PostgreSQL, migrates and seeds; the second reuses `.data/`.
 */
export async function run(): Promise<BenchmarkResult> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchyard-startup-'));
  try {
    const cold = await timeStart(dataDir);
    const warm = await timeStart(dataDir);
    const rows = [
      { start: 'first (initdb, migrations, demo seed)', seconds: cold.toFixed(1) },
      { start: 'second (reuses the data folder)', seconds: warm.toFixed(1) },
    ];
    return {
      name: 'startup',
      rows,
      summary: `npm start is up in ${cold.toFixed(1)} s on a fresh machine and ${warm.toFixed(1)} s on the next start (target < 60 s); all services, admin console included`,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
