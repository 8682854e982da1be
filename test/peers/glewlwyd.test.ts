// Debian's Glewlwyd as a second, independent OAuth 2.0 server. It enforces each client's
// registered authentication method, so the wrong method must come back as a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ensureCliBuilt, runBuiltCli } from '../cli/built-cli';
import type { GlewlwydPeer } from '../support/peers/glewlwyd-peer';
import {
  GLEWLWYD_SCOPE,
  glewlwydUnavailableReason,
  startGlewlwydPeer,
} from '../support/peers/glewlwyd-peer';

import { acquireFromPeer, jwtPayload, refusalFromPeer } from './peer-client';

// Glewlwyd compares the Basic secret without form-decoding it, so these stay unreserved.
const BASIC = {
  clientId: 'tray-basic',
  secret: 'basic-Secr3t-EXAMPLE',
  method: 'client_secret_basic',
} as const;
const POST = {
  clientId: 'tray-post',
  secret: 'post-Secr3t-EXAMPLE',
  method: 'client_secret_post',
} as const;
const ENCODED = {
  clientId: 'tray-encoded',
  secret: 'needs:encoding+1',
  method: 'client_secret_basic',
} as const;

let peer: GlewlwydPeer;

beforeAll(async () => {
  // CI installs Glewlwyd; a machine without it must fail loudly rather than skip.
  const unavailable = glewlwydUnavailableReason();
  if (unavailable) {
    throw new Error(`Glewlwyd tests cannot run: ${unavailable}`);
  }
  peer = await startGlewlwydPeer([BASIC, POST, ENCODED]);
  await ensureCliBuilt();
}, 120_000);

afterAll(async () => {
  await peer?.close();
});

const profileFor = (client: { clientId: string }, clientAuth: 'basic' | 'post') => ({
  tokenEndpoint: peer.tokenEndpoint,
  clientId: client.clientId,
  clientAuth,
  scope: GLEWLWYD_SCOPE,
  allowHttp: true,
});

describe('token client against Glewlwyd', () => {
  it('authenticates a client_secret_basic client with Basic', async () => {
    const token = await acquireFromPeer(profileFor(BASIC, 'basic'), { clientSecret: BASIC.secret });

    expect(token.generation).toBe('oauth2');
    expect(token.tokenType.toLowerCase()).toBe('bearer');
    expect(token.expiresInSeconds).toBe(300);
    expect(jwtPayload(token.accessToken)).toMatchObject({
      client_id: BASIC.clientId,
      scope: GLEWLWYD_SCOPE,
    });
  });

  it('authenticates a client_secret_post client with the secret in the body', async () => {
    const token = await acquireFromPeer(profileFor(POST, 'post'), { clientSecret: POST.secret });
    expect(jwtPayload(token.accessToken)).toMatchObject({ client_id: POST.clientId });
  });

  it('reports the post method used for a basic client as server_refused with HTTP 403', async () => {
    const error = await refusalFromPeer(profileFor(BASIC, 'post'), { clientSecret: BASIC.secret });

    expect(error.code).toBe('server_refused');
    expect(error.context.status).toBe(403);
    expect(error.message).toContain('403');
  });

  it('reports the basic method used for a post client as server_refused with HTTP 403', async () => {
    const error = await refusalFromPeer(profileFor(POST, 'basic'), { clientSecret: POST.secret });

    expect(error.code).toBe('server_refused');
    expect(error.context.status).toBe(403);
  });

  it('reports a wrong secret as server_refused without echoing it', async () => {
    const error = await refusalFromPeer(profileFor(BASIC, 'basic'), { clientSecret: 'wrong-one' });

    expect(error.code).toBe('server_refused');
    expect(error.context.status).toBe(403);
    expect(JSON.stringify(error)).not.toContain('wrong-one');
  });

  it('documents that Glewlwyd does not form-decode Basic credentials (RFC 6749 §2.3.1)', async () => {
    // The client encodes as the RFC says; Glewlwyd compares the raw text, so a secret with
    // reserved characters only works there with client_secret_post. Interop limit, not a bug here.
    const error = await refusalFromPeer(profileFor(ENCODED, 'basic'), {
      clientSecret: ENCODED.secret,
    });
    expect(error.context.status).toBe(403);

    const raw = Buffer.from(`${ENCODED.clientId}:${ENCODED.secret}`).toString('base64');
    const response = await fetch(peer.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${raw}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `grant_type=client_credentials&scope=${GLEWLWYD_SCOPE}`,
    });
    expect(response.status).toBe(200);
  });
});

describe('santedb-token against Glewlwyd', () => {
  const cliArgs = (client: { clientId: string }, clientAuth: string) => [
    'header',
    '--protocol',
    'oauth2',
    '--token-endpoint',
    peer.tokenEndpoint,
    '--client-id',
    client.clientId,
    '--client-auth',
    clientAuth,
    '--scope',
    GLEWLWYD_SCOPE,
    '--allow-http',
  ];

  it('prints the Authorization header for a client_secret_post client', async () => {
    const run = await runBuiltCli(cliArgs(POST, 'post'), { SANTEDB_CLIENT_SECRET: POST.secret });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const token = /^Authorization: Bearer (\S+)\n$/.exec(run.stdout)?.[1] ?? '';
    expect(jwtPayload(token)).toMatchObject({ client_id: POST.clientId });
  });

  it('exits 3 and names HTTP 403 when the method is not the registered one', async () => {
    const run = await runBuiltCli(cliArgs(POST, 'basic'), { SANTEDB_CLIENT_SECRET: POST.secret });

    expect(run.stdout).toBe('');
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^santedb-token: .*HTTP 403.*\n$/);
  });
});
