// The checks pack-dir and the Electronegativity gate rely on must be able to fail: each is fed
// a deliberately bad input here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { createPackage } from '@electron/asar';
import { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ROOT } from './support/run-script';

interface CheckResult {
  failures: string[];
}
interface InspectModule {
  checkAsarContents(asarPath: string): CheckResult & { entries: string[] };
  checkFuses(executable: string, configured: Record<string, boolean>): Promise<CheckResult>;
}
interface StandInModule {
  createStandInElectron(dir: string): string;
}
interface Finding {
  check: string;
  file: string;
}
interface ReviewModule {
  classifyFindings(
    issues: object[],
    reviewed: object[],
  ): { explained: Finding[]; unexplained: Finding[]; unused: object[] };
}

const load = async <T>(script: string): Promise<T> =>
  (await import(pathToFileURL(join(ROOT, script)).href)) as T;

let workDir: string;
let inspect: InspectModule;
let standIn: StandInModule;
let review: ReviewModule;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'package-checks-'));
  inspect = await load<InspectModule>('scripts/packaging/inspect-package.mjs');
  standIn = await load<StandInModule>('scripts/packaging/stand-in-electron.mjs');
  review = await load<ReviewModule>('scripts/electronegativity/review.mjs');
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function writeTree(root: string, files: string[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), 'x');
  }
}

describe('the app.asar check', () => {
  it('reports development files, stray files and missing entries', async () => {
    const appDir = join(workDir, 'app');
    writeTree(appDir, [
      'package.json',
      'dist/main/main.js',
      'dist/main/main.js.map',
      'src/main/electron/main.ts',
      'node_modules/left-pad/index.js',
      'notes.txt',
    ]);
    const archive = join(workDir, 'app.asar');
    await createPackage(appDir, archive);

    const { failures } = inspect.checkAsarContents(archive);

    expect(failures).toEqual(
      expect.arrayContaining([
        'app.asar contains dist/main/main.js.map: a source map',
        'app.asar contains src/main/electron/main.ts: source code',
        'app.asar contains node_modules/left-pad/index.js: a node_modules folder (everything should be bundled)',
        'app.asar contains notes.txt, which is not on the list of shipped paths',
        'app.asar lacks dist/preload/preload.js',
        'app.asar lacks assets/tray/validTemplate@2x.png',
      ]),
    );
    expect(failures).not.toContain('app.asar lacks dist/main/main.js');
    expect(failures).not.toContain(
      'app.asar contains package.json, which is not on the list of shipped paths',
    );
  });
});

describe('the stand-in Electron and the fuse check', () => {
  it('carries a wire that @electron/fuses reads with Electron defaults', async () => {
    const executable = standIn.createStandInElectron(join(workDir, 'stand-in'));

    const wire = await getCurrentFuseWire(executable);

    expect(wire.version).toBe(FuseVersion.V1);
    expect(wire[FuseV1Options.RunAsNode]).toBe('1'.charCodeAt(0));
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe('0'.charCodeAt(0));
    expect((await inspect.checkFuses(executable, {})).failures).toEqual([]);
  });

  it('fails when a configured fuse was not flipped, and passes once it is', async () => {
    const executable = standIn.createStandInElectron(join(workDir, 'stand-in-flip'));

    const before = await inspect.checkFuses(executable, { runAsNode: false });
    await flipFuses(executable, { version: FuseVersion.V1, [FuseV1Options.RunAsNode]: false });
    const after = await inspect.checkFuses(executable, { runAsNode: false });

    expect(before.failures).toEqual(['fuse runAsNode is enabled, expected disabled']);
    expect(after.failures).toEqual([]);
  });
});

describe('the review of Electronegativity findings', () => {
  const finding = (id: string, file: string, sample = 'new BrowserWindow({') => ({
    id,
    file,
    sample,
    location: { line: 3, column: 1 },
    description: 'test finding',
  });
  const reason = 'the handler installed on every webContents denies it';

  it('explains only findings whose check, file and code match an entry', () => {
    const verdict = review.classifyFindings(
      [
        finding('AUXCLICK_JS_CHECK', 'src/main/electron/windows.ts'),
        finding('AUXCLICK_JS_CHECK', 'src/main/electron/other.ts'),
        finding('AUXCLICK_JS_CHECK', 'src/main/electron/windows.ts', 'shell.openExternal(url)'),
      ],
      [
        {
          check: 'AUXCLICK_JS_CHECK',
          file: 'src/main/electron/windows.ts',
          match: 'new BrowserWindow',
          reason,
        },
        { check: 'PRELOAD_JS_CHECK', file: 'src/main/electron/windows.ts', reason },
      ],
    );

    expect(verdict.explained.map((item) => item.file)).toEqual(['src/main/electron/windows.ts']);
    expect(verdict.unexplained.map((item) => item.file)).toEqual([
      'src/main/electron/other.ts',
      'src/main/electron/windows.ts',
    ]);
    expect(verdict.unused).toHaveLength(1);
  });

  it('refuses an entry that does not say why the finding is acceptable', () => {
    expect(() =>
      review.classifyFindings([], [{ check: 'PRELOAD_JS_CHECK', file: 'a.ts', reason: 'ok' }]),
    ).toThrow(/reason must say why/);
  });
});
