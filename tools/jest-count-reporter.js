// Writes this Jest run's own pass/fail counts to the folder `npm test` names in
// SWITCHYARD_TEST_REPORTS, so every project's run can be summed into one
// `tests: N passed, N failed` line. A Jest run outside `npm test` writes nothing.
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.SWITCHYARD_TEST_REPORTS;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `jest-${process.pid}-${Date.now()}.json`);
    const failedSuites = results.numFailedTestSuites + results.numRuntimeErrorTestSuites;
    fs.writeFileSync(
      file,
      JSON.stringify({
        cwd: process.cwd(),
        passed: results.numPassedTests,
        failed: results.numFailedTests,
        // A suite that crashed before its tests ran counts as one failure.
        suiteErrors: results.testResults.filter((r) => r.testExecError && r.numFailingTests === 0).length,
        failedSuites,
      }),
    );
  }
}
module.exports = CountReporter;
