import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  MAX_CREDENTIAL_FILE_BYTES,
  readCredentialFile,
} from '../../../src/main/core/credential-file';
import { createCredentialLoader } from '../../../src/main/core/credentials';
import { parseProfile } from '../../../src/main/core/profile';
import { MemoryVault } from '../../../src/main/core/secret-vault';

const directory = mkdtempSync(join(tmpdir(), 'credential-file-'));

afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'read',
    (error: unknown) => (error as { code?: unknown }).code,
  );
}

describe('readCredentialFile', () => {
  it('reads a small regular file', async () => {
    const path = join(directory, 'ca.pem');
    writeFileSync(path, 'pem text');

    expect((await readCredentialFile(path)).toString()).toBe('pem text');
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);

    expect(await codeOf(readCredentialFile(fifo))).toBe('ENOTREG');
  });

  it('refuses a device, a file over the cap and a network path', async () => {
    const big = join(directory, 'big.p12');
    writeFileSync(big, Buffer.alloc(MAX_CREDENTIAL_FILE_BYTES + 1));

    expect(await codeOf(readCredentialFile('/dev/zero'))).toBe('ENOTREG');
    expect(await codeOf(readCredentialFile(big))).toBe('EFBIG');
    expect(await codeOf(readCredentialFile('\\\\attacker\\share\\ca.pem'))).toBe('EREMOTE');
  });

  it('gives the reason in the credential loader message, naming the field', async () => {
    const parsed = parseProfile({
      id: 'prod',
      name: 'prod',
      protocol: 'santedb3',
      serverRoot: 'https://sdb.example.org',
      clientId: 'org.example.desktop',
      caPath: '/dev/zero',
    });
    if (!parsed.ok) {
      throw new Error('profile rejected');
    }
    const vault = new MemoryVault();
    await vault.set('prod', 'clientSecret', 'secret-value');
    const load = createCredentialLoader({ vault, readFile: readCredentialFile });

    await expect(load(parsed.profile)).rejects.toMatchObject({
      code: 'unreadable_file',
      context: { field: 'caPath', detail: 'ENOTREG' },
      message: expect.stringContaining('it is not a regular file'),
    });
  });
});
