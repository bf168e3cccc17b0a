import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

function startFlags(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', 'subgraphs/flags/src/main.ts'],
    {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      // Generous: on a loaded machine tsx alone takes over a minute to start; this only bounds a hung process.
      timeout: 150_000,
    },
  );
}

describe('configuration at start', () => {
  it('exits with one line naming a missing variable', () => {
    const run = startFlags({});
    expect(run.status).toBe(78);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^config error: DATABASE_URL is unset/);
  });

  it('exits with one line naming a malformed port', () => {
    const run = startFlags({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none', FLAGS_PORT: 'eighty' });
    expect(run.status).toBe(78);
    expect(run.stderr.trim()).toMatch(/^config error: FLAGS_PORT is "eighty"/);
  });

  it('refuses the development secret in production', () => {
    const run = startFlags({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none',
      NODE_ENV: 'production',
    });
    expect(run.status).toBe(78);
    expect(run.stderr.trim()).toBe(
      'config error: INTERNAL_TOKEN_SECRET must be set to a private value in production',
    );
  });

  it('refuses the development secret on an address other machines reach, outside production too', () => {
    const run = startFlags({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/none',
      NODE_ENV: 'development',
      HOST: '0.0.0.0',
    });
    expect(run.status).toBe(78);
    expect(run.stderr.trim()).toMatch(/^config error: HOST is "0.0.0.0", reachable from other machines/);
  });
});
