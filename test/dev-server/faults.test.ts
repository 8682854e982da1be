import { request } from 'node:http';

import { describe, expect, it } from 'vitest';

import { run } from '../../src/dev-server/cli';
import { faultTable } from '../../src/dev-server/faults';
import { startDevServer } from '../../src/dev-server/server';

import { exampleSecretForm, useDevServer } from './fixtures';
import { FORM_CONTENT_TYPE, jwtPart, postForm, send } from './http-client';

const dev = useDevServer();
const { clock } = dev;

function tokenUrl(faults: string, mount = ''): string {
  return `${dev.server.url}${mount}/_fault/${faults}/auth/oauth2_token`;
}

function postWithFault(faults: string, mount = '') {
  return postForm(tokenUrl(faults, mount), exampleSecretForm);
}

describe('faults that replace the answer', () => {
  it('html: 200 text/html login page', async () => {
    const response = await postWithFault('html');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('<form method="post" action="/login">');
  });

  it('redirect: 302 to a /login page that exists', async () => {
    const response = await postWithFault('redirect');
    expect(response.status).toBe(302);
    const location = response.headers.location ?? '';
    expect(location).toBe(
      `${dev.server.url}/login?ReturnUrl=${encodeURIComponent('/_fault/redirect/auth/oauth2_token')}`,
    );
    const page = await send(location);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('rate-limit: 429 with Retry-After: 7 and a JSON error', async () => {
    const response = await postWithFault('rate-limit');
    expect(response.status).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.json.error).toBe('unspecified_error');
  });

  it('unavailable: 503 text/html', async () => {
    const response = await postWithFault('unavailable');
    expect(response.status).toBe(503);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('policy-denied: 403 E11', async () => {
    const response = await postWithFault('policy-denied');
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description:
        "Policy '1.3.6.1.4.1.33349.3.1.5.9.2.1.0.0.1' was violated by 'org.example.desktop' with outcome 'Deny'",
    });
  });

  it('error-200: HTTP 200 whose body is an OAuth error', async () => {
    const response = await postWithFault('error-200');
    expect(response.status).toBe(200);
    expect(response.json.error).toBe('unspecified_error');
    expect(response.json.access_token).toBeUndefined();
  });

  it('close: the connection is destroyed without an answer', async () => {
    await expect(postWithFault('close')).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe('faults that spoil a success body', () => {
  it.each([
    ['string-expiry', '3600'],
    ['ms-expiry', 3_600_000],
    ['ms-expiry+string-expiry', '3600000'],
    ['zero-expiry', 0],
    ['negative-expiry', -3600],
    ['huge-expiry', 1e12],
  ])('%s gives expires_in %j', async (fault, expected) => {
    const response = await postWithFault(fault);
    expect(response.status).toBe(200);
    expect(response.json.expires_in).toStrictEqual(expected);
  });

  it('missing-expiry leaves expires_in out', async () => {
    const body = (await postWithFault('missing-expiry')).json;
    expect('expires_in' in body).toBe(false);
    expect(body.access_token).toBeTypeOf('string');
  });

  it('no-access-token leaves access_token out but keeps the id_token', async () => {
    const body = (await postWithFault('no-access-token')).json;
    expect('access_token' in body).toBe(false);
    expect((body.id_token as string).split('.')).toHaveLength(3);
  });

  it('malformed-id-token, bad-token-type and space-token combine', async () => {
    const body = (await postWithFault('malformed-id-token+bad-token-type+space-token')).json;
    expect(body.id_token).toBe('not-a-jws.token');
    expect(body.token_type).toBe('mac');
    expect(body.access_token as string).toMatch(/^[A-Za-z0-9_-]{11} [A-Za-z0-9_.-]{55}$/);
  });

  it('text: the normal answer labelled text/plain', async () => {
    const response = await postWithFault('text');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.json.token_type).toBe('bearer');
  });

  it('spoils 2.x bodies as well: santedb2 + string-expiry gives milliseconds as a string', async () => {
    const response = await postForm(tokenUrl('string-expiry', '/santedb2'), exampleSecretForm, {
      'X-Device-Authorization': `BASIC ${Buffer.from('DESKTOP-NODE-01:dev-Secr3t-EXAMPLE-only').toString('base64')}`,
    });
    expect(response.json.expires_in).toBe('3600000');
  });
});

describe('clock and lifetime faults', () => {
  it('lifetime-5: sessions last five seconds', async () => {
    const body = (await postWithFault('lifetime-5')).json;
    expect(body.expires_in).toBe(5);
    expect(jwtPart(body.id_token as string, 1).exp).toBe(clock.now() / 1000 + 5);
  });

  it('skew-300: Date, iat, nbf and exp come from a clock five minutes ahead', async () => {
    const response = await postWithFault('skew-300');
    const skewedMs = clock.now() + 300_000;
    expect(response.headers.date).toBe(new Date(skewedMs).toUTCString());
    const claims = jwtPart(response.json.id_token as string, 1);
    expect(claims).toMatchObject({
      iat: skewedMs / 1000,
      nbf: skewedMs / 1000,
      exp: skewedMs / 1000 + 3600,
    });
    expect(response.json.expires_in).toBe(3600);
  });

  it('skew--120: a clock behind', async () => {
    const response = await postWithFault('skew--120');
    expect(jwtPart(response.json.id_token as string, 1).iat).toBe(clock.now() / 1000 - 120);
  });
});

describe('slow, drip and huge', () => {
  it('slow-300: waits before the headers', async () => {
    const started = Date.now();
    const response = await postWithFault('slow-300');
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('drip-400: headers at once, body in pieces over the period', async () => {
    const timing = await timedExchange(tokenUrl('drip-400'));
    expect(timing.status).toBe(200);
    expect(timing.chunks).toBeGreaterThanOrEqual(2);
    expect(timing.endMs - timing.headersMs).toBeGreaterThanOrEqual(200);
    expect(JSON.parse(timing.body).token_type).toBe('bearer');
  });

  it('huge: a 20 MB body without Content-Length', async () => {
    const timing = await timedExchange(tokenUrl('huge'));
    expect(timing.status).toBe(200);
    expect(timing.contentLength).toBeUndefined();
    expect(timing.bytes).toBe(20 * 1024 * 1024);
  });

  it('applies only to the token endpoint: discovery on a fault mount is normal', async () => {
    const response = await send(
      `${dev.server.url}/_fault/html+slow-5000/auth/.well-known/openid-configuration`,
    );
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
  });
});

describe('closing the server during a fault', () => {
  it.each(['slow-60000', 'drip-60000', 'huge'])(
    '%s does not keep close() waiting',
    async (fault) => {
      const own = await startDevServer();
      const url = `${own.url}/_fault/${fault}/auth/oauth2_token`;
      // A client that stops reading stalls the huge stream on back-pressure until close.
      let closed = (): void => undefined;
      const closedSignal = new Promise<void>((resolve) => {
        closed = resolve;
      });
      const pausedUntil = fault === 'huge' ? closedSignal : undefined;
      const pending = timedExchange(url, { pausedUntil }).catch((error: Error) => error);
      await waitUntil(() => own.requests.length === 1);

      const result = await Promise.race([
        own.close().then(() => 'closed'),
        delay(10_000).then(() => 'stuck'),
      ]);
      closed();
      expect(result).toBe('closed');
      const outcome = await pending;
      expect(
        outcome instanceof Error || (outcome as { complete: boolean }).complete === false,
      ).toBe(true);
    },
  );
});

describe('the fault table', () => {
  it('documents every switch the brief names', () => {
    expect(faultTable.map((fault) => fault.name)).toEqual([
      'html', 'text', 'slow-<ms>', 'drip-<ms>', 'huge', 'redirect', 'close', 'no-access-token',
      'error-200', 'string-expiry', 'ms-expiry', 'zero-expiry', 'negative-expiry', 'huge-expiry',
      'missing-expiry', 'malformed-id-token', 'bad-token-type', 'space-token', 'rate-limit',
      'unavailable', 'policy-denied', 'lifetime-<s>', 'skew-<s>',
    ]); // prettier-ignore
  });

  it('is what --help lists: every switch on its own line with its effect', async () => {
    const lines: string[] = [];
    const result = await run(['--help'], {
      out: (text) => lines.push(text),
      error: () => undefined,
    });
    expect(result).toEqual({ exitCode: 0 });

    const helpLines = lines.join('\n').split('\n');
    for (const fault of faultTable) {
      const row = helpLines.find((line) => line.trim().split(/\s+/)[0] === fault.name);
      expect(row, fault.name).toBeDefined();
      expect(row).toContain(fault.effect);
    }
  });
});

interface TimedExchange {
  status: number;
  contentLength?: string;
  headersMs: number;
  endMs: number;
  chunks: number;
  bytes: number;
  body: string;
  complete: boolean;
}

function timedExchange(
  url: string,
  options: { pausedUntil?: Promise<void> } = {},
): Promise<TimedExchange> {
  const body = new URLSearchParams(exampleSecretForm).toString();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': FORM_CONTENT_TYPE } },
      (response) => {
        const headersMs = Date.now() - started;
        const pieces: Buffer[] = [];
        let chunks = 0;
        let bytes = 0;
        if (options.pausedUntil) {
          response.pause();
          void options.pausedUntil.then(() => response.resume());
        }
        response.on('data', (chunk: Buffer) => {
          chunks += 1;
          bytes += chunk.length;
          if (bytes < 100_000) {
            pieces.push(chunk);
          }
        });
        const finish = (): void =>
          resolve({
            status: response.statusCode ?? 0,
            contentLength: response.headers['content-length'],
            headersMs,
            endMs: Date.now() - started,
            chunks,
            bytes,
            body: Buffer.concat(pieces).toString('utf8'),
            complete: response.complete,
          });
        response.on('end', finish);
        response.on('error', finish);
        // A paused response reports nothing when the connection dies; the request does.
        outgoing.on('close', finish);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await delay(10);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
