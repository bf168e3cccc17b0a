#!/usr/bin/env node
// Runs the built CLI; in this repository without a build, the TypeScript sources through tsx.
const path = require('node:path');
const fs = require('node:fs');

const built = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
const entry = fs.existsSync(built)
  ? built
  : (require('tsx/cjs'), path.join(__dirname, '..', 'src', 'cli', 'main.ts'));
require(entry)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
