import { describe, expect, it } from 'vitest';

import { MAX_TIMER_DELAY_MS } from '../../../src/main/core/clock';
import { renewalAtMs, warningAtMs } from '../../../src/main/core/renewal-schedule';
import { REFRESH_MARGIN_MS, usableRefreshToken } from '../../../src/main/core/token-attempt';
import { FakeClock } from '../../support/fake-clock';
import { failures, sessionHarness, testProfile } from '../../support/fake-token-client';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('renewal schedule', () => {
  const token = { obtainedAtMs: 0, expiresAtMs: HOUR };
  const renewal = testProfile().renewal;

  it('renews a 1 h token at 80% of its life when that comes before 2 min ahead', () => {
    expect(renewalAtMs(token, renewal)).toBe(48 * 60_000);
  });

  it('renews beforeExpirySeconds ahead when that comes before the lifetime fraction', () => {
    const late = { ...renewal, lifetimeFraction: 0.95, beforeExpirySeconds: 600 };
    expect(renewalAtMs(token, late)).toBe(50 * 60_000);
  });

  it('never schedules inside the minimum spacing, however short the token', () => {
    expect(renewalAtMs({ obtainedAtMs: 0, expiresAtMs: 20_000 }, renewal)).toBe(10_000);
    expect(renewalAtMs({ obtainedAtMs: 0, expiresAtMs: 1_000 }, renewal)).toBe(10_000);
    expect(renewalAtMs({ obtainedAtMs: 0, expiresAtMs: 120_000 }, renewal)).toBe(12_000);
  });

  it('warns warnBeforeSeconds ahead, never before the token was obtained', () => {
    expect(warningAtMs(token, renewal)).toBe(HOUR - 300_000);
    expect(warningAtMs({ obtainedAtMs: 0, expiresAtMs: 60_000 }, renewal)).toBe(0);
  });

  it('offers a refresh token only while the token is still valid', () => {
    const held = { ...token, refreshToken: 'refresh-1' };
    expect(usableRefreshToken(held, HOUR - REFRESH_MARGIN_MS - 1)).toBe('refresh-1');
    expect(usableRefreshToken(held, HOUR - REFRESH_MARGIN_MS)).toBeUndefined();
    expect(usableRefreshToken({ ...token }, 0)).toBeUndefined();
  });
});

describe('session manager: automatic renewal', () => {
  it('renews a 1 h token at exactly 48 minutes, by re-running the grant', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    const start = clock.now();
    await manager.getToken('prod');

    await clock.set(start + 48 * 60_000 - 1);
    expect(client.count).toBe(1);
    await clock.advance(1);

    expect(client.count).toBe(2);
    expect(client.calls[1]).toMatchObject({ atMs: start + 48 * 60_000, refreshToken: undefined });
    expect(eventTypes()).toEqual(['changed', 'acquired', 'changed', 'renewed']);
    expect(manager.snapshot('prod').renewAtMs).toBe(start + 96 * 60_000);
  });

  it('renews at beforeExpirySeconds when that rule comes first', async () => {
    const profile = testProfile({ renewal: { lifetimeFraction: 0.95, beforeExpirySeconds: 600 } });
    const { clock, client, manager } = sessionHarness({ profiles: [profile] });
    const start = clock.now();
    await manager.getToken('prod');

    await clock.set(start + 50 * 60_000 - 1);
    expect(client.count).toBe(1);
    await clock.advance(1);
    expect(client.calls.map((call) => call.atMs - start)).toEqual([0, 50 * 60_000]);
  });

  it('keeps a 20 s token alive for 10 minutes with a bounded number of requests', async () => {
    const { clock, client, manager } = sessionHarness();
    client.otherwise({ token: { lifetimeMs: 20_000 } });
    await manager.getToken('prod');

    await clock.advance(10 * 60_000);

    expect(client.count).toBe(61);
    const times = client.calls.map((call) => call.atMs);
    const gaps = times.slice(1).map((time, index) => time - (times[index] ?? time));
    expect(Math.min(...gaps)).toBe(10_000);
  });

  it('never loops on a token that lives one second', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    client.otherwise({ token: { lifetimeMs: 1_000 } });
    await manager.getToken('prod');

    await clock.advance(10 * 60_000);

    expect(client.count).toBe(61);
    expect(eventTypes().filter((type) => type === 'expired')).toHaveLength(60);
  });

  it('uses the refresh token the server gave, while the token is valid', async () => {
    const { clock, client, manager, logLines } = sessionHarness();
    client.otherwise({ token: { refreshToken: true } });
    const first = await manager.getToken('prod');

    await clock.advance(48 * 60_000);

    expect(client.calls[1]?.refreshToken).toBe(first.refreshToken);
    expect(logLines).toContain(
      "info: profile 'prod': token renewed with its refresh token, expires in 1 h",
    );
  });

  it('falls back to one full grant in the same attempt when the refresh gets invalid_grant', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    client.script(
      { token: { refreshToken: true } },
      { error: failures.refused('invalid_grant') },
      { token: {} },
    );
    const first = await manager.getToken('prod');

    await clock.advance(48 * 60_000);

    expect(client.calls.map((call) => call.refreshToken)).toEqual([
      undefined,
      first.refreshToken,
      undefined,
    ]);
    expect(client.calls[2]?.atMs).toBe(client.calls[1]?.atMs);
    expect(eventTypes()).toEqual(['changed', 'acquired', 'changed', 'renewed']);
    expect(manager.peekToken('prod')?.refreshToken).toBeUndefined();
  });

  it('does not fall back when the refresh fails for another reason', async () => {
    const { clock, client, manager } = sessionHarness();
    client.script({ token: { refreshToken: true } }, { error: failures.refused('invalid_client') });
    await manager.getToken('prod');

    await clock.advance(48 * 60_000);

    expect(client.count).toBe(2);
    expect(manager.snapshot('prod')).toMatchObject({
      status: 'error',
      lastError: { code: 'server_refused', context: { oauthError: 'invalid_client' } },
    });
  });

  it('passes the detected protocol generation as a hint to the next request', async () => {
    const { client, manager } = sessionHarness();
    client.otherwise({ token: { generation: 'santedb2' } });
    await manager.getToken('prod');
    await manager.renewNow('prod');

    expect(client.calls.map((call) => call.generationHint)).toEqual([undefined, 'santedb2']);
  });
});

describe('session manager: renewal turned off', () => {
  it('warns once before expiry, expires once, and never requests on its own', async () => {
    const profile = testProfile({ renewal: { auto: false, warnBeforeSeconds: 300 } });
    const { clock, client, manager, events, eventTypes } = sessionHarness({ profiles: [profile] });
    const start = clock.now();
    await manager.getToken('prod');

    await clock.set(start + HOUR - 300_000 - 1);
    expect(eventTypes()).toEqual(['changed', 'acquired']);
    await clock.advance(1);
    expect(manager.snapshot('prod').status).toBe('expiring');
    await clock.set(start + 3 * HOUR);

    expect(eventTypes()).toEqual(['changed', 'acquired', 'expiring', 'expired']);
    expect(events[3]?.snapshot).toMatchObject({ status: 'expired', hasToken: false });
    expect(client.count).toBe(1);
    expect(manager.peekToken('prod')).toBeUndefined();
  });
});

describe('session manager: deadlines past the 24.8-day timer limit', () => {
  it('renews a token 30 days out at exactly 30 days, never early', async () => {
    const clock = new FakeClock(Date.UTC(2026, 8, 1), { nodeTimerLimit: true });
    const profile = testProfile({ renewal: { lifetimeFraction: 0.95 } });
    const { client, manager } = sessionHarness({ clock, profiles: [profile] });
    // 95% of this lifetime is 30 days to the millisecond.
    client.script({ token: { lifetimeMs: 2_728_421_053 } });
    const start = clock.now();
    await manager.getToken('prod');
    expect(manager.snapshot('prod').renewAtMs).toBe(start + 30 * DAY);

    await clock.set(start + 30 * DAY - 1);
    expect(client.count).toBe(1);
    await clock.advance(1);

    expect(client.count).toBe(2);
    expect(client.calls[1]?.atMs).toBe(start + 30 * DAY);
    // The wait was cut into steps Node accepts, each re-checking the wall clock.
    expect(clock.scheduledDelays).toContain(MAX_TIMER_DELAY_MS);
    expect(Math.max(...clock.scheduledDelays)).toBeLessThanOrEqual(MAX_TIMER_DELAY_MS);
  });
});
