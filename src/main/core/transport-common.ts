// What every Transport does the same way, whichever client moves the bytes: the errors for a
// cancelled request, a passed total deadline and an answer over the size cap, the flat header
// record and the capped body read. One copy, so both transports say the same words.
import type { Readable } from 'node:stream';

import { secondsOf } from '../../shared/duration';

import { TokenError } from './errors';
import type { HttpRequest } from './transport';
import { hostOf } from './transport-failures';

export function cancelled(request: HttpRequest): TokenError {
  return new TokenError('cancelled', 'The request was cancelled before it finished', {
    url: request.url,
  });
}

export function totalDeadlinePassed(request: HttpRequest): TokenError {
  return new TokenError(
    'timeout',
    `${hostOf(request.url)} did not answer within ${secondsOf(request.totalTimeoutMs)} s: check that the server is up, or raise the profile's timeout`,
    { url: request.url, detail: 'total_deadline' },
  );
}

export function tooLarge(request: HttpRequest, size: number): TokenError {
  return new TokenError(
    'bad_response',
    `The answer from ${hostOf(request.url)} is larger than ${request.maxResponseBytes} bytes and was abandoned: a token endpoint sends a few kilobytes, so check the URL`,
    { url: request.url, field: 'body', detail: `too_large:${size}` },
  );
}

/** Lower-case names; a header sent more than once becomes one value joined with ', '. */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) {
      result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return result;
}

/**
 * The body as UTF-8, abandoned as soon as it is larger than the cap: at once when its declared
 * length says so, otherwise at the chunk that crosses it. Rejects with the stream's own error
 * when the connection breaks, for the transport to describe.
 */
export function readCapped(
  body: Readable,
  request: HttpRequest,
  declaredLength: string | undefined,
): Promise<string> {
  const cap = request.maxResponseBytes;
  if (declaredLength !== undefined && Number(declaredLength) > cap) {
    discard(body);
    return Promise.reject(tooLarge(request, Number(declaredLength)));
  }
  // Events rather than `for await`: a token response is one chunk, and the iterator's promises
  // per chunk were a measurable share of a loopback request.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        discard(body);
        reject(tooLarge(request, size));
        return;
      }
      chunks.push(chunk);
    });
    body.once('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    // `on`, not `once`: a stream torn down by a deadline may report more than one error.
    body.on('error', reject);
  });
}

/** Stop reading and drop the connection; the abort it causes is expected, not an error. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}
