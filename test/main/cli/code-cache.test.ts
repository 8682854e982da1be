import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { runFromCodeCache } from '../../../src/main/cli/code-cache';

const scratch: string[] = [];

afterEach(() => {
  vi.unstubAllEnvs();
  for (const directory of scratch.splice(0)) {
    rmSync(directory, { recursive: true, force: true });
  }
});

describe('runFromCodeCache', () => {
  it('runs uncached where the OS has no user id to check the cache folder against', () => {
    const temp = mkdtempSync(join(tmpdir(), 'code-cache-windows-'));
    scratch.push(temp);
    const bundle = join(temp, 'bundle.js');
    writeFileSync(bundle, 'globalThis.__codeCacheRan = true;\n');
    vi.stubEnv('TMPDIR', temp);
    // What Windows looks like to Node: process.getuid does not exist.
    const getuid = Object.getOwnPropertyDescriptor(process, 'getuid');
    Object.defineProperty(process, 'getuid', { value: undefined, configurable: true });

    try {
      expect(runFromCodeCache(bundle, require)).toBe(false);
      expect(readdirSync(temp)).toEqual(['bundle.js']);
    } finally {
      Object.defineProperty(process, 'getuid', getuid ?? { value: undefined, configurable: true });
    }
  });
});
