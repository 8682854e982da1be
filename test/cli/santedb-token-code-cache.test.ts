// The CLI's code cache: made by a token run, used as it is by the next, and never a reason for a
// run to fail, whether the cache is corrupt, the temp directory unusable or not private.
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';

import { runBuiltCli } from './built-cli';
import { useCliWithDevServer } from './cli-fixtures';

const ACCESS_TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\n$/;
const uid = process.getuid?.();
const cacheDirectoryName = uid === undefined ? 'santedb-token-cache' : `santedb-token-cache-${uid}`;

const cli = useCliWithDevServer();
const temporaryDirectories: string[] = [];

afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
});

function freshTemp(): string {
  const directory = mkdtempSync(join(tmpdir(), 'santedb-token-cache-test-'));
  temporaryDirectories.push(directory);
  return directory;
}

function token(temp: string, args: string[] = []) {
  return runBuiltCli(
    [
      ...args,
      '--server',
      cli.server.url,
      '--client-id',
      exampleApplication.clientId,
      '--allow-http',
    ],
    { TMPDIR: temp, SANTEDB_CLIENT_SECRET: exampleApplication.clientSecret },
  );
}

async function expectToken(temp: string): Promise<void> {
  const run = await token(temp);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(ACCESS_TOKEN);
}

function cacheFiles(temp: string): string[] {
  const directory = join(temp, cacheDirectoryName);
  try {
    return readdirSync(directory)
      .filter((name) => name.endsWith('.bin'))
      .map((name) => join(directory, name));
  } catch {
    return [];
  }
}

describe('santedb-token code cache', () => {
  it('is written by a token run, private to the user, and used unchanged by the next run', async () => {
    const temp = freshTemp();

    await expectToken(temp);
    const [file] = cacheFiles(temp);
    expect(file).toBeDefined();
    if (uid !== undefined && file) {
      expect(statSync(join(temp, cacheDirectoryName)).mode & 0o777).toBe(0o700);
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    const written = statSync(file ?? '').ino;

    await expectToken(temp);

    // A cache that V8 or the digest refused would have been written again, as a new file.
    expect(cacheFiles(temp)).toEqual([file]);
    expect(statSync(file ?? '').ino).toBe(written);
  });

  it('is not written by --help or --version, whose runs compile almost nothing', async () => {
    const temp = freshTemp();

    for (const flag of ['--help', '--version']) {
      const run = await runBuiltCli([flag], { TMPDIR: temp });
      expect(run.code).toBe(0);
    }

    expect(cacheFiles(temp)).toEqual([]);
  });

  it('is ignored and replaced when corrupt or truncated', async () => {
    const temp = freshTemp();
    await expectToken(temp);
    const [file = ''] = cacheFiles(temp);
    const good = readFileSync(file);

    const flipped = Buffer.from(good);
    for (let index = flipped.length - 4096; index < flipped.length; index += 7) {
      flipped[index] = (flipped[index] ?? 0) ^ 0xff;
    }
    for (const damaged of [flipped, good.subarray(0, 100), Buffer.from('not a cache')]) {
      writeFileSync(file, damaged);

      await expectToken(temp);

      expect(readFileSync(file).equals(damaged)).toBe(false);
    }
  });

  it('is skipped when the temp directory cannot hold one', async () => {
    const temp = freshTemp();
    const notADirectory = join(temp, 'plain-file');
    writeFileSync(notADirectory, '');

    await expectToken(notADirectory);
    await expectToken(join(temp, 'missing', 'deeper'));
  });

  it.skipIf(uid === undefined)('is not used in a directory that others may write to', async () => {
    const temp = freshTemp();
    const shared = join(temp, cacheDirectoryName);
    mkdirSync(shared);
    chmodSync(shared, 0o777);

    await expectToken(temp);
    await expectToken(temp);

    expect(cacheFiles(temp)).toEqual([]);
  });

  it.skipIf(uid === undefined)('is not used through a symbolic link', async () => {
    const temp = freshTemp();
    const elsewhere = join(temp, 'elsewhere');
    mkdirSync(elsewhere, { mode: 0o700 });
    symlinkSync(elsewhere, join(temp, cacheDirectoryName));

    await expectToken(temp);

    expect(readdirSync(elsewhere)).toEqual([]);
  });
});
