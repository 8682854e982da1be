// Runs the bundled `santedb-token` exactly as a user would: `node dist/cli/santedb-token.js`,
// with a clean environment so no SANTEDB_* variable of the developer's shell leaks in.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { buildSync } from 'esbuild';

import { cliCommand, cliEntries } from '../../scripts/cli-entries.mjs';

export const repositoryRoot = resolve(__dirname, '../..');
export const builtCliPath = join(repositoryRoot, cliCommand);

const sourcesOfTheCli = [
  'src/main/cli',
  'src/main/core',
  'scripts/cli-entries.mjs',
  'package.json',
];
const lockPath = join(repositoryRoot, 'test-output/cli-build.lock');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Build with the project's build script when the bundle is missing or older than its sources. */
export async function ensureCliBuilt(): Promise<void> {
  if (isBundleFresh()) {
    return;
  }
  await withBuildLock(() => {
    if (isBundleFresh()) {
      return;
    }
    try {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repositoryRoot, stdio: 'pipe' });
    } catch {
      // Another process's entry may be mid-edit; the CLI alone is built the same way.
      buildCliOnly();
    }
  });
}

/** The CLI entries of scripts/build.mjs, with the same options. */
function buildCliOnly(): void {
  for (const entry of cliEntries) {
    buildSync({
      absWorkingDir: repositoryRoot,
      bundle: true,
      sourcemap: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
      ...entry,
    });
  }
  chmodSync(join(repositoryRoot, cliCommand), 0o755);
}

export function runBuiltCli(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [builtCliPath, ...args], {
      cwd: repositoryRoot,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolvePromise({ code, stdout, stderr, elapsedMs: performance.now() - started });
    });
  });
}

function isBundleFresh(): boolean {
  let built: number;
  try {
    built = Math.min(
      ...cliEntries.map((entry) => statSync(join(repositoryRoot, entry.outfile ?? '')).mtimeMs),
    );
  } catch {
    return false;
  }
  return sourcesOfTheCli.every((path) => newestMtime(join(repositoryRoot, path)) <= built);
}

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    return stats.mtimeMs;
  }
  return readdirSync(path).reduce(
    (newest, entry) => Math.max(newest, newestMtime(join(path, entry))),
    stats.mtimeMs,
  );
}

/** Test files run in parallel processes; only one of them may rebuild dist/ at a time. */
async function withBuildLock(action: () => void): Promise<void> {
  mkdirSync(join(repositoryRoot, 'test-output'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockPath);
      break;
    } catch {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${lockPath}; remove it if no build is running`);
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }
  try {
    action();
  } finally {
    rmdirSync(lockPath);
  }
}
