// Appends each Jest run's pass/fail counts to tmp/test-counts.jsonl so that .ci/run can
// print one "N passed, N failed" line for the whole Nx run (a run that executed no test is visible).
const fs = require('node:fs');
const path = require('node:path');

class CountReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const file = process.env.LAKEHOUSE_TEST_COUNTS;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const line = {
      project: this.rootDir,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suitesFailed: results.numFailedTestSuites,
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  }
}

module.exports = CountReporter;
