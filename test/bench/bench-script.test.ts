// `npm run bench` is a report, not a test, but it must keep running: this runs its fast
// sections (no process starts, no Chromium) and reads the figures they print. Timings are not
// asserted here; counts are, since they do not depend on the machine.
import { describe, expect, it } from 'vitest';

import { runScript } from '../packaging/support/run-script';

const bench = (only: string) => runScript('scripts/bench.mjs', ['--only', only]);

/** The table's row for a figure: its measured value and result columns. */
function row(stdout: string, figure: string): string[] | undefined {
  const line = stdout.split('\n').find((text) => text.startsWith(figure));
  return line
    ?.slice(figure.length)
    .trim()
    .split(/\s{2,}/);
}

describe('npm run bench', () => {
  it('reports one network request for 1,000 concurrent token requests, and only the sections asked for', async () => {
    const run = await bench('single flight');

    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(row(run.stdout, 'network requests for 1,000 concurrent getToken')).toEqual([
      '1',
      'exactly 1',
      'PASS',
    ]);
    expect(row(run.stdout, 'distinct tokens handed to those 1,000 callers')).toEqual([
      '1',
      'exactly 1',
      'PASS',
    ]);
    expect(run.stdout).not.toContain('cached token');
    expect(run.stdout).not.toContain('CLI cold start');
    expect(run.stdout).not.toContain('Renderer');
    expect(run.stdout).toContain('All targets met.');
  }, 60_000);

  it('says which sections there are when none has the words given, and measures nothing', async () => {
    const run = await bench('cli client');

    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      'No section has the words "cli client"; the sections are: cached token, single flight, token client overhead, CLI cold start\n',
    );
  });
});
