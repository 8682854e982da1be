// Closes a CI run with the plain tally line from vitest's JSON report, and fails the run when a
// test failed, when vitest reports failure for another reason (an error outside any test), or
// when nothing ran at all: a run that executed no test proves nothing (issue 2).
//
//   node scripts/ci-tally.mjs test-output/vitest.json
//
// Prints `tests: N passed, N failed, N skipped`. Exits 1 on any of the above, or when the
// report cannot be read.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [reportPath] = process.argv.slice(2);
if (!reportPath) {
  console.error('usage: node scripts/ci-tally.mjs <vitest JSON report>');
  process.exit(1);
}

const report = JSON.parse(readFileSync(resolve(reportPath), 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`,
);

if (report.numTotalTests === 0 || report.numPassedTests === 0) {
  console.error('CI: the test run executed no test');
  process.exit(1);
}
if (report.numFailedTests > 0 || !report.success) {
  process.exit(1);
}
