#!/usr/bin/env node
// `npm test`: every project's test target through Nx (unit, integration, browser),
// then one summed line. Exits non-zero when any project failed.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const reports = path.join(root, '.reports', 'last-run');
fs.rmSync(reports, { recursive: true, force: true });
const extra = process.argv.slice(2);
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  SWITCHYARD_TEST_REPORTS: reports,
};
const result = spawnSync(
  'npx',
  ['nx', 'run-many', '-t', 'test', '--parallel=2', '--outputStyle=stream', ...extra],
  { cwd: root, stdio: 'inherit', env },
);
spawnSync(process.execPath, [path.join(__dirname, 'test-summary.js')], { cwd: root, stdio: 'inherit', env });
process.exit(result.status ?? 1);
