#!/usr/bin/env node
// Runs the built relay; in this repository without a build, the TypeScript sources through tsx, in a child Node
// started with the `development` export condition so workspace packages resolve to their sources. Signals are
// passed on, so stopping this process stops the relay the orderly way.
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');

const built = path.join(__dirname, '..', 'dist', 'relay', 'main.js');
if (fs.existsSync(built)) {
  require(built).main(process.argv.slice(2));
} else {
  const source = path.join(__dirname, '..', 'src', 'relay', 'main.ts');
  const child = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
