// A loopback port with nothing listening on it, for "connection refused" cases.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
