// What a token run loads: the CLI starts on every call, so the built-ins it does not need for a
// plain-http token stay unloaded. node:crypto in particular costs a run more than the whole token
// client; the nonce comes from the OS random device instead (system-random.ts).
import { execFile, spawn } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { builtCliPath, repositoryRoot, runBuiltCli } from './built-cli';
import { exampleSecretEnv, exampleTarget, useCliWithDevServer } from './cli-fixtures';

const cli = useCliWithDevServer();
const scratch = mkdtempSync(join(tmpdir(), 'santedb-token-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A --require hook that writes the list of loaded built-ins to a file at exit. */
function moduleListHook(listFile: string): string {
  const hook = join(scratch, 'module-list.cjs');
  writeFileSync(
    hook,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, process.moduleLoadList.join('\\n')));\n`,
  );
  return hook;
}

describe('santedb-token start-up', () => {
  it.each([
    // In this order: the first run leaves the cache the second one starts from.
    ['first run (no code cache yet)', 'fresh'],
    ['run from the code cache', 'cached'],
  ])('loads neither node:crypto nor node:tls for an http:// token: %s', async (_case, label) => {
    const listFile = join(scratch, `modules-${label}.txt`);
    const env = {
      ...exampleSecretEnv,
      TMPDIR: join(scratch, 'tmp'),
      NODE_OPTIONS: `--require ${moduleListHook(listFile)}`,
    };
    mkdirSync(env.TMPDIR, { recursive: true });

    const run = await runBuiltCli(['token', ...exampleTarget(cli.server.url)], env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const loaded = readFileSync(listFile, 'utf8').split('\n');
    expect(loaded).toContain('NativeModule http');
    expect(loaded).not.toContain('NativeModule crypto');
    expect(loaded).not.toContain('NativeModule tls');
  });

  it.skipIf(process.platform === 'win32')(
    'runs by its own path and through npx in the checkout, as the README says',
    async () => {
      const run = promisify(execFile);
      // `#!/usr/bin/env node` finds the node that runs the tests.
      const env = { PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}` };

      const direct = await run(builtCliPath, ['--version'], { env });
      const npx = await run('npx', ['--offline', 'santedb-token', '--version'], {
        cwd: repositoryRoot,
        env: { ...env, HOME: process.env.HOME ?? scratch },
      });

      expect(direct.stdout).toMatch(/^santedb-token \d+\.\d+\.\d+\n$/);
      expect(npx.stdout).toBe(direct.stdout);
    },
    30_000,
  );
});

describe('santedb-token when stderr cannot be written', () => {
  it.skipIf(process.platform !== 'linux')(
    'still prints the token and exits 0 when a warning meets a full disk',
    async () => {
      // The skew fault makes the server's clock ten minutes fast, which the CLI notes on stderr.
      const full = openSync('/dev/full', 'w');
      try {
        const child = spawn(
          process.execPath,
          [builtCliPath, 'token', ...exampleTarget(`${cli.server.url}/_fault/skew-600`)],
          {
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...exampleSecretEnv },
            stdio: ['ignore', 'pipe', full],
          },
        );
        let stdout = '';
        child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        const code = await new Promise((resolvePromise) => child.once('close', resolvePromise));

        expect(code).toBe(0);
        expect(stdout).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\n$/);
      } finally {
        closeSync(full);
      }
    },
  );
});
