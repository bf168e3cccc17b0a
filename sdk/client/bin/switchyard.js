#!/usr/bin/env node
// Runs the built CLI; in this repository without a build, the TypeScript sources through tsx, in a child Node
// started with the `development` export condition so workspace packages (@switchyard/core) resolve to their sources.
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(built)) {
  const source = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
  const child = spawnSync(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(child.status ?? 1);
}
require(built)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
