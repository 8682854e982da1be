// Random bytes for the CLI's one nonce, read from the operating system's random device. A run
// needs 32 bytes once, and loading node:crypto for them cost more than the rest of the token
// client; where there is no /dev/urandom (Windows), or it cannot be read, node:crypto serves.
import { closeSync, openSync, readSync } from 'node:fs';

const RANDOM_DEVICE = '/dev/urandom';

export function systemRandomBytes(size: number): Uint8Array {
  const bytes = Buffer.alloc(size);
  if (process.platform !== 'win32' && fillFromDevice(bytes)) {
    return bytes;
  }
  return process.getBuiltinModule('node:crypto').randomFillSync(bytes);
}

function fillFromDevice(bytes: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(RANDOM_DEVICE, 'r');
  } catch {
    return false;
  }
  try {
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, null);
      if (read <= 0) {
        return false;
      }
      filled += read;
    }
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
