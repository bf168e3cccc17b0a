#!/usr/bin/env node
// Prints the one summary line CI reads, summed from every Jest run's own counts,
// after naming each failed test (project folder, file, test, first line of why).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const dir = process.env.SWITCHYARD_TEST_REPORTS || path.join(root, '.reports', 'last-run');
let passed = 0;
let failed = 0;
const failures = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
  if (!file.startsWith('jest-')) continue;
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += r.passed;
  failed += r.failed + r.suiteErrors;
  const project = path.relative(root, r.cwd) || '.';
  for (const f of r.failures ?? []) failures.push(`${project}/${f.where} › ${f.test}\n    ${f.reason}`);
}
for (const f of failures) console.log(`failed: ${f}`);
console.log(`tests: ${passed} passed, ${failed} failed`);
