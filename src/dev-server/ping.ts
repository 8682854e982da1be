// SanteDB answers the custom method `PING /` with 204. Node's HTTP parser knows no PING and
// reports it as a client error carrying the raw bytes, so the answer is written by hand.
import type { Duplex } from 'node:stream';

import { resolveMount } from './mounts';
import type { RecordedRequest } from './request-intake';

const PING_LINE = /^PING (\S+) HTTP\/1\.[01]\r\n/;

export function isPingPacket(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): boolean {
  return (
    error.code === 'HPE_INVALID_METHOD' &&
    error.rawPacket !== undefined &&
    PING_LINE.test(error.rawPacket.toString('latin1'))
  );
}

export function answerPing(
  rawPacket: Buffer | undefined,
  socket: Duplex,
  nowMs: number,
  record: (request: RecordedRequest) => void,
): number {
  const text = rawPacket?.toString('latin1') ?? '';
  const target = PING_LINE.exec(text)?.[1] ?? '/';
  record({ method: 'PING', path: target, headers: headersOf(text), form: {} });

  const status = isPingTarget(target) ? 204 : 404;
  const reason = status === 204 ? 'No Content' : 'Not Found';
  const date = new Date(nowMs).toUTCString();
  const length = status === 204 ? '' : 'Content-Length: 0\r\n';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nDate: ${date}\r\n${length}Connection: close\r\n\r\n`);
  return status;
}

function isPingTarget(target: string): boolean {
  const pathname = target.split('?')[0] ?? '/';
  if (pathname === '/') {
    return true;
  }
  const resolution = resolveMount(pathname);
  return resolution.kind === 'mount' && resolution.mount.route === '/';
}

function headersOf(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}
