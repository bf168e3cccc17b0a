#!/usr/bin/env node
// Runs the built CLI; in this repository without a build, the TypeScript sources through tsx.
const path = require('node:path');
const fs = require('node:fs');

const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
let entry = built;
if (!fs.existsSync(built)) {
  require('tsx/cjs');
  entry = path.join(__dirname, '..', 'src', 'cli', 'main.ts');
}
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
