import { describe, expect, it } from 'vitest';

import { errorHint } from '../../../src/main/app/error-hints';
import { errorView, profileView, sessionView } from '../../../src/main/app/views';
import type { SessionSnapshot } from '../../../src/main/core/session-types';
import { CANARY, canaryToken, makeProfile, snapshotOf } from '../../support/app-fakes';

const noSecrets = { clientSecret: false, deviceSecret: false, certPassphrase: false };

describe('profileView', () => {
  it('shows the data, the effective endpoint and which secrets are stored', () => {
    const view = profileView(makeProfile({ nodeAuth: { kind: 'device', deviceId: 'N1' } }), {
      ...noSecrets,
      deviceSecret: true,
    });

    expect(view).toMatchObject({
      id: 'prod',
      effectiveTokenEndpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
      nodeAuth: { kind: 'device', deviceId: 'N1' },
      storedSecrets: { clientSecret: false, deviceSecret: true, certPassphrase: false },
      needsReentry: [],
    });
  });

  it('lists secrets that are needed but missing, or unreadable, as needing entry', () => {
    const view = profileView(
      makeProfile({ protocol: 'santedb2', nodeAuth: { kind: 'device', deviceId: 'N1' } }),
      { ...noSecrets, deviceSecret: true, certPassphrase: true },
      ['certPassphrase'],
    );

    expect(view.needsReentry).toEqual(['clientSecret', 'certPassphrase']);
  });
});

describe('sessionView', () => {
  const profile = makeProfile();

  it('says when automatic renewal stopped after a refusal', () => {
    const stopped = { ...snapshotOf('prod', canaryToken(0)), autoRenewalStopped: true };

    expect(sessionView(stopped, profile).autoRenewalStopped).toBe(true);
    expect(sessionView(snapshotOf('prod', canaryToken(0)), profile).autoRenewalStopped).not.toBe(
      true,
    );
  });

  it('carries status, times and claims, and says the id_token was only decoded', () => {
    const token = canaryToken(1_000_000);
    const view = sessionView({ ...snapshotOf('prod', token), renewAtMs: 2_000_000 }, profile);

    expect(view).toMatchObject({
      profileId: 'prod',
      profileName: 'prod',
      demo: false,
      protocol: 'santedb3',
      generation: 'santedb3',
      status: 'valid',
      obtainedAtMs: 1_000_000,
      expiresAtMs: 4_600_000,
      renewAtMs: 2_000_000,
      idToken: 'decoded',
      claims: {
        subject: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01',
        application: { id: '6b7f2a10-4c1e-4d55-9a61-2f0e8c3d9b01' },
      },
    });
    expect(JSON.stringify(view)).not.toContain(CANARY);
  });

  it('says verified only when told so, and absent without a token', () => {
    const snapshot = snapshotOf('prod', canaryToken(0));
    const idle: SessionSnapshot = {
      profileId: 'prod',
      status: 'idle',
      hasToken: false,
      warnings: [],
    };

    expect(sessionView(snapshot, profile, true).idToken).toBe('verified');
    expect(sessionView(idle, profile, true).idToken).toBe('absent');
  });

  it('explains an error with a hint', () => {
    const view = sessionView(
      {
        profileId: 'prod',
        status: 'error',
        hasToken: false,
        warnings: [],
        lastError: {
          code: 'server_refused',
          message: 'The server refused the token request',
          context: { status: 400, oauthError: 'unauthorized_client' },
          atMs: 5,
        },
      },
      profile,
    );

    expect(view.error).toEqual({
      code: 'server_refused',
      message: 'The server refused the token request',
      hint: 'This server requires node authentication: add the device credentials or a client certificate in Manage profiles',
      status: 400,
      oauthError: 'unauthorized_client',
      atMs: 5,
    });
  });
});

describe('error hints', () => {
  it.each([
    [
      'missing_secret',
      { field: 'secrets.deviceSecret' },
      'Enter the device secret in Manage profiles',
    ],
    ['missing_secret', { field: 'clientSecret' }, 'Enter the client secret in Manage profiles'],
    [
      'network',
      {},
      'Check that the server is reachable from this computer: its address and port, a VPN or a proxy',
    ],
    [
      'server_refused',
      { status: 403, oauthError: 'unspecified_error' },
      expect.stringMatching(/^The server's policy denied/),
    ],
    ['tls', {}, expect.stringMatching(/^Check the server's certificate/)],
  ] as const)('%s %j', (code, context, hint) => {
    expect(errorHint(code, context)).toEqual(hint);
  });

  it('has nothing to add to a cancelled request or an unknown refusal', () => {
    expect(errorHint('cancelled')).toBeUndefined();
    expect(errorHint('server_refused', { status: 418 })).toBeUndefined();
  });

  it('masks a token that slipped into an error message', () => {
    const view = errorView({
      code: 'bad_response',
      message: 'Unexpected body access_token=abc.def',
      context: {},
      atMs: 0,
    });

    expect(view.message).toBe('Unexpected body access_token=[redacted]');
  });
});
