// scripts/ci-tally.mjs closes the CI run (.ci/run): it prints the tally line and must fail the
// run when a test failed, when vitest reported failure, or when no test ran (issue 2). It runs
// here as CI runs it, on fake vitest JSON reports.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runScript } from './support/run-script';

interface ReportCounts {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

let reportDir: string;

beforeAll(() => {
  reportDir = mkdtempSync(join(tmpdir(), 'ci-tally-'));
});
afterAll(() => {
  rmSync(reportDir, { recursive: true, force: true });
});

/** Writes the fields of vitest's JSON report that the tally reads, and tallies it. */
function tally(name: string, counts: ReportCounts) {
  const path = join(reportDir, `${name}.json`);
  const numTotalTests =
    counts.numPassedTests + counts.numFailedTests + counts.numPendingTests + counts.numTodoTests;
  writeFileSync(
    path,
    JSON.stringify({ numTotalTestSuites: 1, numTotalTests, ...counts, testResults: [] }),
  );
  return runScript('scripts/ci-tally.mjs', [path]);
}

describe('ci-tally', () => {
  it('fails a run that executed no test', async () => {
    const result = await tally('empty', {
      numPassedTests: 0,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      success: true,
    });

    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('tests: 0 passed, 0 failed, 0 skipped\n');
    expect(result.stderr).toContain('the test run executed no test');
  });

  it('fails a run whose every test was skipped', async () => {
    const result = await tally('all-skipped', {
      numPassedTests: 0,
      numFailedTests: 0,
      numPendingTests: 2,
      numTodoTests: 1,
      success: true,
    });

    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('tests: 0 passed, 0 failed, 3 skipped\n');
    expect(result.stderr).toContain('the test run executed no test');
  });

  it('fails a run with one failed test', async () => {
    // success: true, unlike vitest's own report, so that the failed count alone must fail it.
    const result = await tally('one-failed', {
      numPassedTests: 4,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      success: true,
    });

    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('tests: 4 passed, 1 failed, 0 skipped\n');
  });

  it('fails a run that vitest reports unsuccessful although every test passed', async () => {
    // As when an unhandled error escapes the tests: vitest then sets `success: false`.
    const result = await tally('unsuccessful', {
      numPassedTests: 5,
      numFailedTests: 0,
      numPendingTests: 0,
      numTodoTests: 0,
      success: false,
    });

    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('tests: 5 passed, 0 failed, 0 skipped\n');
  });

  it('passes a run whose tests all passed, and prints the tally line', async () => {
    const result = await tally('passed', {
      numPassedTests: 5,
      numFailedTests: 0,
      numPendingTests: 1,
      numTodoTests: 1,
      success: true,
    });

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('tests: 5 passed, 0 failed, 2 skipped\n');
    expect(result.stderr).toBe('');
  });
});
