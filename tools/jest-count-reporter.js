// Writes this Jest run's own pass/fail counts to the folder `npm test` names in
// SWITCHYARD_TEST_REPORTS, so every project's run can be summed into one
// `tests: N passed, N failed` line. A Jest run outside `npm test` writes nothing.
// It also names what failed, with the first line of why: CI keeps only the end of
// the log, where the summary prints them, so a failure that does not repeat can
// still be found.
const fs = require('node:fs');
const path = require('node:path');
const { stripVTControlCharacters } = require('node:util');

const MAX_REASON = 240;

/** The first line of a failure message that says something, without terminal colours. */
function reasonOf(message) {
  const plain = stripVTControlCharacters(String(message ?? ''));
  const line = plain
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at '));
  return (line ?? '').slice(0, MAX_REASON);
}

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.SWITCHYARD_TEST_REPORTS;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `jest-${process.pid}-${Date.now()}.json`);
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    const failures = [];
    for (const suite of results.testResults) {
      const where = path.relative(process.cwd(), suite.testFilePath);
      if (suite.testExecError && suite.numFailingTests === 0) {
        failures.push({
          where,
          test: '(the suite did not run)',
          reason: reasonOf(suite.testExecError.message),
        });
      }
      for (const t of suite.testResults) {
        if (t.status !== 'failed') continue;
        failures.push({ where, test: t.fullName, reason: reasonOf(t.failureMessages?.[0]) });
      }
    }
    fs.writeFileSync(
      file,
      JSON.stringify({
        cwd: process.cwd(),
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        // A suite that crashed before its tests ran counts as one failure.
        suiteErrors: results.testResults.filter((r) => r.testExecError && r.numFailingTests === 0).length,
        failedSuites,
        failures,
      }),
    );
  }
}
module.exports = CountReporter;
