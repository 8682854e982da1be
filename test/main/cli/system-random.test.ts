import type * as FsModule from 'node:fs';

import { afterEach, describe, expect, it, vi } from 'vitest';

const device = vi.hoisted(() => ({ missing: false, opened: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  return {
    ...fs,
    openSync: (...args: Parameters<typeof FsModule.openSync>) => {
      if (args[0] === '/dev/urandom') {
        device.opened += 1;
        if (device.missing) {
          throw Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
        }
      }
      return fs.openSync(...args);
    },
  };
});

const { systemRandomBytes } = await import('../../../src/main/cli/system-random');

afterEach(() => {
  device.missing = false;
  device.opened = 0;
});

describe('systemRandomBytes', () => {
  it.skipIf(process.platform === 'win32')('reads the bytes from /dev/urandom', () => {
    const first = systemRandomBytes(32);
    const second = systemRandomBytes(32);

    expect(device.opened).toBe(2);
    expect(first).toHaveLength(32);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
  });

  it('falls back to node:crypto when the device cannot be opened', () => {
    device.missing = true;

    const bytes = systemRandomBytes(48);

    expect(bytes).toHaveLength(48);
    expect(Buffer.from(bytes).equals(Buffer.alloc(48))).toBe(false);
  });
});
