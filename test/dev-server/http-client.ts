// A small HTTP client for the dev-server tests, on node:http/https so that every header (Host,
// Authorization casing, odd content types) goes out exactly as written. Each request uses its
// own connection, so no keep-alive socket outlives a test.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RequestOptions } from 'node:https';

import { exampleDevice } from '../../src/dev-server/accounts';

export interface SentResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body bytes as received (not decompressed). */
  raw: Buffer;
  /** The body parsed as JSON (throws when it is not JSON). */
  json: Record<string, unknown>;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** TLS settings for https URLs: ca, cert, key, pfx, passphrase, servername. */
  tls?: Pick<RequestOptions, 'ca' | 'cert' | 'key' | 'pfx' | 'passphrase' | 'servername'>;
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded; charset=utf-8';

export function basicAuthorization(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}

/** The E3 header: `Basic REVTS1RPUC1OT0RFLTAxOmRldi1TZWNyM3QtRVhBTVBMRS1vbmx5`. */
export const deviceBasic = basicAuthorization(exampleDevice.deviceId, exampleDevice.deviceSecret);

export function send(url: string, options: SendOptions = {}): Promise<SentResponse> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      { method: options.method ?? 'GET', headers: options.headers, agent: false, ...options.tls },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            raw,
            get json() {
              return JSON.parse(text) as Record<string, unknown>;
            },
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

/** POST a form; `fields` as an object is URL-encoded, as a string it is sent verbatim. */
export function postForm(
  url: string,
  fields: Record<string, string> | string,
  headers: Record<string, string> = {},
  tls?: SendOptions['tls'],
): Promise<SentResponse> {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  return send(url, {
    method: 'POST',
    headers: { 'Content-Type': FORM_CONTENT_TYPE, Accept: 'application/json', ...headers },
    body,
    tls,
  });
}

export function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** A copy of a form without one field. */
export function without(fields: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => key !== name));
}
