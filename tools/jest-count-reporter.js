// Writes this Jest run's own pass/fail counts to .reports/ so the totals of
// every project's run can be summed into one `tests: N passed, N failed` line.
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '.reports');
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
