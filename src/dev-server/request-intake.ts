// Reading a request: the body (bounded), the TLS client certificate, and the record kept for
// test assertions.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';

import type { ClientCertificate } from './context';
import { parseFormBody } from './form';

const MAX_BODY_BYTES = 1024 * 1024;

export interface RecordedRequest {
  method: string;
  /** The request target as sent, query string included. */
  path: string;
  /** Lower-case names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** The parsed form body; empty when there was none or it was not a readable form. */
  form: Record<string, string>;
  clientCertCn?: string;
  /** Whether that certificate chains to the configured client CA. */
  clientCertAuthorized?: boolean;
}

/** The body as UTF-8, or undefined when it exceeds the limit. */
export function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) {
        chunks.push(chunk);
      }
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

export function clientCertificateOf(request: IncomingMessage): ClientCertificate | undefined {
  const socket = request.socket;
  if (!(socket instanceof TLSSocket)) {
    return undefined;
  }
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) {
    return undefined;
  }
  const commonName: unknown = peer.subject?.CN;
  return {
    commonName: Array.isArray(commonName)
      ? String(commonName[0])
      : (commonName as string | undefined),
    authorized: socket.authorized,
  };
}

export function recordRequest(
  request: IncomingMessage,
  url: URL,
  body: string,
  certificate: ClientCertificate | undefined,
): RecordedRequest {
  return {
    method: request.method ?? 'GET',
    path: request.url ?? url.pathname,
    headers: flattenHeaders(request.headers),
    form: formOf(request.headers['content-type'], body),
    clientCertCn: certificate?.commonName,
    clientCertAuthorized: certificate?.authorized,
  };
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      flat[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return flat;
}

function formOf(contentType: string | undefined, body: string): Record<string, string> {
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded') || body === '') {
    return {};
  }
  try {
    return parseFormBody(body);
  } catch {
    return {};
  }
}
