import { describe, expect, it } from 'vitest';

import type { NotificationProfileInfo } from '../../../src/main/app/notification-policy';
import { createNotificationPolicy } from '../../../src/main/app/notification-policy';
import type {
  SessionError,
  SessionEvent,
  SessionSnapshot,
} from '../../../src/main/core/session-types';
import { CANARY } from '../../support/app-fakes';

const NOW = 1_800_000_000_000;

function policyFor(
  profile: NotificationProfileInfo = { name: 'prod', autoRenew: true },
  notifyOnCopy = false,
) {
  return createNotificationPolicy({
    describeProfile: (profileId) => (profileId === 'prod' ? profile : undefined),
    notifyOnCopy,
    now: () => NOW,
  });
}

function snapshot(overrides: Partial<SessionSnapshot> = {}): SessionSnapshot {
  return {
    profileId: 'prod',
    status: 'valid',
    hasToken: true,
    obtainedAtMs: NOW - 3_000_000,
    expiresAtMs: NOW + 600_000,
    warnings: [],
    ...overrides,
  };
}

const networkError = (atMs: number): SessionError => ({
  code: 'network',
  message: 'Cannot connect to sdb.example.org:8443',
  context: {},
  atMs,
});

function failed(atMs: number): Extract<SessionEvent, { type: 'renewal_failed' }> {
  const error = networkError(atMs);
  return {
    type: 'renewal_failed',
    profileId: 'prod',
    snapshot: snapshot({ status: 'error', lastError: error }),
    error,
    automatic: true,
  };
}

describe('notification policy', () => {
  it('reports 50 failed retries with one notification that says why and what to do', () => {
    const policy = policyFor();

    const notifications = Array.from({ length: 50 }, (_, index) =>
      policy.onSessionEvent(failed(NOW + index * 1000)),
    );

    const shown = notifications.filter((notification) => notification !== undefined);
    expect(shown).toEqual([
      {
        id: `renewal-failed:prod:${NOW}`,
        title: 'prod: the token could not be renewed',
        body: 'Cannot connect to sdb.example.org:8443. Check that the server is reachable from this computer: its address and port, a VPN or a proxy.',
        profileId: 'prod',
      },
    ]);
  });

  it('reports a new failure episode after a success', () => {
    const policy = policyFor();

    const first = policy.onSessionEvent(failed(NOW));
    policy.onSessionEvent({ type: 'renewed', profileId: 'prod', snapshot: snapshot() });
    const second = policy.onSessionEvent(failed(NOW + 5000));

    expect([first?.id, second?.id]).toEqual([
      `renewal-failed:prod:${NOW}`,
      `renewal-failed:prod:${NOW + 5000}`,
    ]);
  });

  it('reports an expired token once, with the reason it could not be renewed', () => {
    const policy = policyFor();
    const event: SessionEvent = {
      type: 'expired',
      profileId: 'prod',
      snapshot: snapshot({ status: 'expired', lastError: networkError(NOW) }),
    };

    const first = policy.onSessionEvent(event);
    const again = policy.onSessionEvent(event);

    expect(first).toMatchObject({
      title: 'prod: the token has expired',
      body: expect.stringMatching(
        /^It could not be renewed\. Cannot connect to sdb\.example\.org:8443\. Check/,
      ),
    });
    expect(again).toBeUndefined();
  });

  it('warns of expiry once per token when automatic renewal is off', () => {
    const policy = policyFor({ name: 'prod', autoRenew: false });
    const expiring = (obtainedAtMs: number): SessionEvent => ({
      type: 'expiring',
      profileId: 'prod',
      snapshot: snapshot({ status: 'expiring', obtainedAtMs, expiresAtMs: NOW + 300_000 }),
    });

    const first = policy.onSessionEvent(expiring(NOW - 1000));
    const repeat = policy.onSessionEvent(expiring(NOW - 1000));
    const nextToken = policy.onSessionEvent(expiring(NOW));

    expect(first).toEqual({
      id: `expiring:prod:${NOW - 1000}`,
      title: 'prod: the token expires in 5 min',
      body: 'Automatic renewal is off for this profile. Choose Renew now in the tray menu to get a new one.',
      profileId: 'prod',
    });
    expect(repeat).toBeUndefined();
    expect(nextToken?.id).toBe(`expiring:prod:${NOW}`);
  });

  it('stays quiet about expiry when automatic renewal will take care of it', () => {
    const policy = policyFor();

    const result = policy.onSessionEvent({
      type: 'expiring',
      profileId: 'prod',
      snapshot: snapshot({ status: 'expiring' }),
    });

    expect(result).toBeUndefined();
  });

  it('leaves a failed request the user made to the window or tray that made it', () => {
    const policy = policyFor();

    const explicit = policy.onSessionEvent({ ...failed(NOW), automatic: false });
    const automatic = policy.onSessionEvent(failed(NOW + 1000));

    expect(explicit).toBeUndefined();
    expect(automatic?.title).toBe('prod: the token could not be renewed');
  });

  it('warns of expiry when the manager stopped renewing after a refusal', () => {
    const policy = policyFor();

    const result = policy.onSessionEvent({
      type: 'expiring',
      profileId: 'prod',
      snapshot: snapshot({ status: 'expiring', autoRenewalStopped: true }),
    });

    expect(result?.body).toBe(
      'Automatic renewal stopped because the server refused it. Choose Renew now in the tray menu to get a new one.',
    );
  });

  it('ignores ordinary changes and profiles it does not know', () => {
    const policy = policyFor();

    expect(
      policy.onSessionEvent({ type: 'changed', profileId: 'prod', snapshot: snapshot() }),
    ).toBeUndefined();
    expect(policy.onSessionEvent({ ...failed(NOW), profileId: 'gone' })).toBeUndefined();
  });

  it('tells of a copy only when the setting is on', () => {
    const off = policyFor();
    const on = policyFor(undefined, true);
    const result = { clearsInSeconds: 60, expiresAtMs: NOW + 3_120_000 };

    expect(off.onCopied('prod', 'token', result)).toBeUndefined();
    expect(on.onCopied('prod', 'header', result)).toEqual({
      id: 'copied:prod',
      title: 'prod: Authorization header copied',
      body: 'Valid for 52 min. The clipboard clears in 60 s.',
      profileId: 'prod',
    });
  });

  it('never puts a token or a credential in a URL into the text', () => {
    const policy = policyFor();
    const error: SessionError = {
      code: 'bad_response',
      message: `https://user:pw@sdb.example.org answered Bearer ${CANARY} as access_token=${CANARY}`,
      context: {},
      atMs: NOW,
    };

    const notification = policy.onSessionEvent({
      type: 'renewal_failed',
      profileId: 'prod',
      snapshot: snapshot(),
      error,
      automatic: true,
    });

    expect(notification?.body).not.toContain(CANARY);
    expect(notification?.body).not.toContain('user:pw');
    expect(notification?.body).toMatch(/^https:\/\/sdb\.example\.org answered/);
  });
});
