#!/usr/bin/env node
// Prints the one summary line CI reads, summed from every Jest run's own counts.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.SWITCHYARD_TEST_REPORTS || path.join(__dirname, '..', '.reports', 'last-run');
let passed = 0;
let failed = 0;
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  if (!file.startsWith('jest-')) continue;
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += r.passed;
  failed += r.failed + r.suiteErrors;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
