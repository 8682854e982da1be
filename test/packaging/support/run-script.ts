// Runs the repository's scripts as CI does (separate Node processes from the repository root),
// and builds dist/ once when a packaging test finds it missing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const ROOT = resolve(__dirname, '..', '..', '..');

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ScriptResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

const BUILT = ['dist/main/main.js', 'dist/preload/preload.js', 'dist/renderer/index.html'];
const LOCK = join(ROOT, 'test-output', '.packaging-build-lock');

/**
 * `npm test` builds before vitest starts, so this is usually a no-op. When run alone, the
 * packaging tests build once; a lock folder keeps two test files from wiping dist/ under
 * each other.
 */
export async function ensureBuilt(): Promise<void> {
  if (BUILT.every((file) => existsSync(join(ROOT, file)))) {
    return;
  }

  mkdirSync(join(ROOT, 'test-output'), { recursive: true });
  try {
    mkdirSync(LOCK);
  } catch {
    for (let waited = 0; existsSync(LOCK) && waited < 120; waited += 1) {
      await sleep(500);
    }
    return;
  }

  try {
    const result = await runScript('scripts/build.mjs');
    if (result.status !== 0) {
      throw new Error(`node scripts/build.mjs failed:\n${result.stderr}`);
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
