// Writes replies to the socket, including the delivery faults: `text` relabels the body,
// `drip` trickles it out, `huge` streams 20 MB with back-pressure. Every loop stops as soon as
// the client goes away or the server closes.
import type { ServerResponse } from 'node:http';

import { HUGE_BODY_BYTES } from './fault-replies';
import type { PendingTimers } from './pending-timers';
import type { Reply } from './reply';

const DRIP_CHUNKS = 20;
const HUGE_CHUNK_BYTES = 64 * 1024;

export interface Delivery {
  /** Answer as text/plain whatever the body is. */
  textPlain?: boolean;
  /** Send headers at once, then the body spread over this many milliseconds. */
  dripMs?: number;
}

export async function writeReply(
  response: ServerResponse,
  reply: Reply,
  dateMs: number,
  delivery: Delivery,
  timers: PendingTimers,
): Promise<void> {
  const headers: Record<string, string> = {
    ...reply.headers,
    Date: new Date(dateMs).toUTCString(),
  };
  if (delivery.textPlain && reply.body.length > 0) {
    headers['Content-Type'] = 'text/plain; charset=utf-8';
  }
  const body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
  if (reply.status !== 204 && reply.status !== 304) {
    headers['Content-Length'] = String(body.length);
  }
  response.writeHead(reply.status, headers);

  if (!delivery.dripMs || body.length === 0) {
    response.end(body);
    return;
  }
  await drip(response, body, delivery.dripMs, timers);
}

async function drip(
  response: ServerResponse,
  body: Buffer,
  totalMs: number,
  timers: PendingTimers,
): Promise<void> {
  const chunkSize = Math.max(1, Math.ceil(body.length / DRIP_CHUNKS));
  const pauseMs = Math.max(1, Math.floor(totalMs / DRIP_CHUNKS));
  for (let offset = 0; offset < body.length; offset += chunkSize) {
    if (offset > 0 && !(await timers.wait(pauseMs))) {
      response.destroy();
      return;
    }
    if (response.destroyed) {
      return;
    }
    response.write(body.subarray(offset, offset + chunkSize));
  }
  response.end();
}

/** A 200 JSON-looking body of HUGE_BODY_BYTES, sent chunked so only counting bytes reveals it. */
export async function writeHugeBody(response: ServerResponse, dateMs: number): Promise<void> {
  response.writeHead(200, {
    'Content-Type': 'application/json',
    Date: new Date(dateMs).toUTCString(),
  });
  const opening = Buffer.from('{"access_token":"');
  const closing = Buffer.from('"}');
  const filler = Buffer.alloc(HUGE_CHUNK_BYTES, 'A');

  let remaining = HUGE_BODY_BYTES - opening.length - closing.length;
  response.write(opening);
  while (remaining > 0) {
    if (response.destroyed) {
      return;
    }
    const chunk = filler.subarray(0, Math.min(remaining, filler.length));
    remaining -= chunk.length;
    if (!response.write(chunk)) {
      await drainedOrClosed(response);
    }
  }
  response.end(closing);
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
