// The dev server also runs inside the tray for as long as the app does, reachable from every page
// in the user's browser: it must not grow without end, nor answer a name it does not own.
import { afterEach, describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer, DevServerOptions } from '../../src/dev-server/server';
import { EXPIRED_SESSION_KEPT_MS } from '../../src/dev-server/sessions';

import { exampleSecretForm, frozenClock } from './fixtures';
import { postForm, send } from './http-client';

let server: DevServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: DevServerOptions = {}): Promise<DevServer> {
  server = await startDevServer(options);
  return server;
}

describe('request records', () => {
  it('keeps every request by default, for the tests that assert on them', async () => {
    const dev = await start();
    await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);

    expect(dev.requests).toHaveLength(1);
    expect(dev.requests[0]?.form.client_secret).toBe(exampleApplication.clientSecret);
  });

  it('keeps none with recordRequests: false, and still answers', async () => {
    const dev = await start({ recordRequests: false });

    const response = await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);

    expect(response.status).toBe(200);
    expect(dev.requests).toEqual([]);
  });
});

describe('expired sessions', () => {
  const sessionOf = (dev: DevServer, token: string) =>
    send(`${dev.url}/auth/session`, { headers: { Authorization: `Bearer ${token}` } });

  it('are forgotten when a later session is issued, once past the grace period', async () => {
    const clock = frozenClock();
    const dev = await start({ now: clock.now, sessionLifetimeSeconds: 60 });
    const first = await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);
    const token = first.json.access_token as string;

    clock.advanceSeconds(60 + EXPIRED_SESSION_KEPT_MS / 1000);
    expect((await sessionOf(dev, token)).json.error_description).toBe('This session is expired');
    await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);

    expect((await sessionOf(dev, token)).json).toEqual({
      error: 'invalid_request',
      error_description: 'No Such Session',
    });
  });

  it('are kept while still within the grace period', async () => {
    const clock = frozenClock();
    const dev = await start({ now: clock.now, sessionLifetimeSeconds: 60 });
    const first = await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);

    clock.advanceSeconds(61);
    await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm);

    const response = await sessionOf(dev, first.json.access_token as string);
    expect(response.json.error_description).toBe('This session is expired');
  });
});

describe('Host header', () => {
  it.each(['127.0.0.1', 'localhost', 'LOCALHOST'])('answers %s with the port', async (name) => {
    const dev = await start();
    const response = await send(`${dev.url}/auth/.well-known/openid-configuration`, {
      headers: { Host: `${name}:${dev.port}` },
    });
    expect(response.status).toBe(200);
  });

  it.each([
    ['a foreign name (DNS rebinding)', (port: number) => `rebind.attacker.example:${port}`],
    ['the loopback address without its port', () => '127.0.0.1'],
    ['another port', () => 'localhost:1'],
  ])('refuses %s with 421 and records nothing', async (_label, hostOf) => {
    const dev = await start();

    const response = await postForm(`${dev.url}/auth/oauth2_token`, exampleSecretForm, {
      Host: hostOf(dev.port),
    });

    expect(response.status).toBe(421);
    expect(response.json.error).toBe('invalid_request');
    expect(response.text).not.toContain('access_token');
    expect(dev.requests).toEqual([]);
  });

  it('answers a name given in allowedHosts', async () => {
    const dev = await start({ allowedHosts: ['sdb.example.org:8443'] });
    const response = await send(`${dev.url}/auth/.well-known/openid-configuration`, {
      headers: { Host: 'sdb.example.org:8443' },
    });
    expect(response.status).toBe(200);
  });
});
