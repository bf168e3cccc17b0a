#!/usr/bin/env node
// `npm test`: what the suites need from the machine first (preflight.js: Debian's packages,
// a Redis), then every project's test target through Nx (unit, integration, browser), then
// one summed line. Exits non-zero when any project failed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { installPackages, provideRedis } = require('./preflight');

const root = path.join(__dirname, '..');
const reports = path.join(root, '.reports', 'last-run');

async function main() {
  fs.rmSync(reports, { recursive: true, force: true });
  installPackages();
  const redis = await provideRedis();
  const extra = process.argv.slice(2);
  const env = {
    ...process.env,
    ...redis.env,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    SWITCHYARD_TEST_REPORTS: reports,
  };
  try {
    const result = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=stream', ...extra],
      { cwd: root, stdio: 'inherit', env },
    );
    spawnSync(process.execPath, [path.join(__dirname, 'test-summary.js')], {
      cwd: root,
      stdio: 'inherit',
      env,
    });
    return result.status ?? 1;
  } finally {
    redis.stop();
  }
}

main().then(
  (status) => process.exit(status),
  (err) => {
    process.stderr.write(`npm test: ${err.message}\n`);
    process.exit(1);
  },
);
