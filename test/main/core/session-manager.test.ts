import { describe, expect, it } from 'vitest';

import { TokenError } from '../../../src/main/core/errors';
import { failures, sessionHarness, testProfile } from '../../support/fake-token-client';

// The E3 id_token of santedb-auth.md: an application session for org.example.desktop.
const E3_ID_TOKEN =
  'eyJhbGciOiJIUzI1NiIsImtpZCI6ImRlZmF1bHQiLCJ0eXAiOiJKV1QifQ.eyJhdWQiOlsib3JnLmV4YW1wbGUuZGVza3RvcCJdLCJpc3MiOiJodHRwczovL3NkYi5leGFtcGxlLm9yZy9hdXRoIiwiZXhwIjoxNzkwMDAzNjAwLCJpYXQiOjE3OTAwMDAwMDAsIm5iZiI6MTc5MDAwMDAwMCwiZXh0ZW5zaW9ucyI6eyJzYW50ZWRiIjp7ImFwcGlkIjoiNmI3ZjJhMTAtNGMxZS00ZDU1LTlhNjEtMmYwZThjM2Q5YjAxIiwiYXBwbmFtZSI6Im9yZy5leGFtcGxlLmRlc2t0b3AiLCJkZXZpZCI6ImEzYzVlN2Y5LTFiMmQtNGU2Zi04YTliLTBjMWQyZTNmNGE1YiIsImRldm5hbWUiOiJERVNLVE9QLU5PREUtMDEifX0sInNpZCI6IjJmNmMxZDhlLTVhM2ItMTFmMS05YzJlLTAwMTU1ZDBhMWIyYyIsInNjb3BlIjpbIjEuMy42LjEuNC4xLjMzMzQ5LjMuMS41LjkuMi4xLjAiLCIxLjMuNi4xLjQuMS4zMzM0OS4zLjEuNS45LjIuMi4zIiwiMS4zLjYuMS40LjEuMzMzNDkuMy4xLjUuOS4yLjQuMCJdLCJuYW1lIjoib3JnLmV4YW1wbGUuZGVza3RvcCIsInN1YiI6IjZiN2YyYTEwLTRjMWUtNGQ1NS05YTYxLTJmMGU4YzNkOWIwMSIsIm5vbmNlIjoicThadDNKMG1NMWZKZDN3cTZiNW1YR3hRNHZTMm0wYlhrMWxZN2NacDlhRSIsImF0X2hhc2giOiJYcVBqVUZPV2x0ZlpXTmp2NEVSVzZRIiwianRpIjoiaWNQNDhvMDBLWGJBSTdiUGk1ZElkU0t0VmRnNEYydExNWnlPSzI3cHJlZyJ9.YzLafIZemlJCJiz2GRuNGpO53d3LVnPO6gdZLndv87s';

describe('session manager: sharing and caching', () => {
  it('makes exactly one request for 1,000 concurrent getToken calls', async () => {
    const { clock, client, loadCredentials, manager } = sessionHarness();
    client.latencyMs = 500;

    const pending = Array.from({ length: 1000 }, () => manager.getToken('prod'));
    await clock.advance(500);
    const tokens = await Promise.all(pending);

    expect(client.count).toBe(1);
    expect(loadCredentials.calls).toBe(1);
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1);
  });

  it('lets renewNow join a getToken already under way', async () => {
    const { clock, client, manager } = sessionHarness();
    client.latencyMs = 200;

    const first = manager.getToken('prod');
    const second = manager.renewNow('prod');
    await clock.advance(200);

    expect((await first).accessToken).toBe((await second).accessToken);
    expect(client.count).toBe(1);
  });

  it('serves a cached token with no credential read and no request', async () => {
    const { client, loadCredentials, manager } = sessionHarness();
    const token = await manager.getToken('prod');

    for (let index = 0; index < 100; index += 1) {
      expect(await manager.getToken('prod')).toBe(token);
    }
    expect(manager.peekToken('prod')).toBe(token);
    expect(client.count).toBe(1);
    expect(loadCredentials.calls).toBe(1);
  });

  it('renews on getToken only when the cached token is too close to expiry', async () => {
    const profile = testProfile({ renewal: { auto: false } });
    const { clock, client, manager } = sessionHarness({ profiles: [profile] });
    client.otherwise({ token: { lifetimeMs: 60_000 } });
    const first = await manager.getToken('prod');

    await clock.advance(40_000);
    expect(await manager.getToken('prod', { minValidityMs: 10_000 })).toBe(first);
    expect(client.count).toBe(1);

    const second = await manager.getToken('prod');
    expect(second).not.toBe(first);
    expect(client.count).toBe(2);
  });

  it('rejects an unknown profile without a request', async () => {
    const { client, manager } = sessionHarness();

    await expect(manager.getToken('nope')).rejects.toMatchObject({ code: 'invalid_profile' });
    expect(client.count).toBe(0);
    expect(manager.snapshot('nope')).toMatchObject({ status: 'idle', hasToken: false });
  });
});

describe('session manager: events, snapshot and log', () => {
  it('emits acquired for the first token and renewed for the next, with their states', async () => {
    const { manager, eventTypes, events } = sessionHarness();

    await manager.getToken('prod');
    await manager.renewNow('prod');

    expect(eventTypes()).toEqual(['changed', 'acquired', 'changed', 'renewed']);
    expect(events.map((event) => event.snapshot.status)).toEqual([
      'acquiring',
      'valid',
      'renewing',
      'valid',
    ]);
  });

  it('shows claims and times in the snapshot but never a token', async () => {
    const { client, clock, manager } = sessionHarness();
    client.otherwise({ token: { idToken: E3_ID_TOKEN, refreshToken: true } });
    const token = await manager.getToken('prod');

    const snapshot = manager.snapshot('prod');
    const text = JSON.stringify(snapshot);

    expect(snapshot).toMatchObject({
      status: 'valid',
      hasToken: true,
      generation: 'santedb3',
      obtainedAtMs: clock.now(),
      expiresAtMs: clock.now() + 3_600_000,
      renewAtMs: clock.now() + 2_880_000,
    });
    expect(snapshot.claims?.sid).toBe('2f6c1d8e-5a3b-11f1-9c2e-00155d0a1b2c');
    for (const secret of [token.accessToken, token.refreshToken ?? '-', E3_ID_TOKEN]) {
      expect(text).not.toContain(secret);
    }
  });

  it('logs each state change in words and never the token', async () => {
    const { logLines, manager } = sessionHarness();
    const token = await manager.getToken('prod');

    expect(logLines).toContain("info: profile 'prod': token acquired, expires in 1 h");
    expect(logLines.join('\n')).not.toContain(token.accessToken);
  });
});

describe('session manager: sign-out and shutdown', () => {
  it('ends the session on the server, forgets the token and starts afresh', async () => {
    const { client, manager, eventTypes } = sessionHarness();
    const token = await manager.getToken('prod');

    await manager.signOut('prod');

    expect(client.signOutCalls).toEqual([{ profileId: 'prod', accessToken: token.accessToken }]);
    expect(manager.peekToken('prod')).toBeUndefined();
    expect(manager.snapshot('prod')).toMatchObject({ status: 'idle', hasToken: false });
    await manager.getToken('prod');
    expect(eventTypes()).toEqual(['changed', 'acquired', 'signed_out', 'changed', 'acquired']);
  });

  it('forgets the token even when the server cannot confirm the sign-out', async () => {
    const { client, manager, logLines } = sessionHarness();
    client.signOutResult = failures.network();
    await manager.getToken('prod');

    await expect(manager.signOut('prod')).rejects.toMatchObject({ code: 'network' });
    expect(manager.peekToken('prod')).toBeUndefined();
    expect(logLines.some((line) => line.includes('the token was forgotten anyway'))).toBe(true);
  });

  it('abandons requests and timers on dispose', async () => {
    const { clock, client, manager } = sessionHarness();
    await manager.getToken('prod');
    expect(clock.pendingTimers).toBe(1);
    client.latencyMs = 1_000;
    const pending = manager.renewNow('prod');

    manager.dispose();

    await expect(pending).rejects.toBeInstanceOf(TokenError);
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'cancelled' });
    await clock.advance(10_000);
    expect(clock.pendingTimers).toBe(0);
    // The renewal was abandoned while its credentials were read, before anything was sent.
    expect(client.count).toBe(1);
  });
});
