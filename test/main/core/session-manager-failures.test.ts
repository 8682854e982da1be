import { describe, expect, it } from 'vitest';

import { backoffDelayMs, defaultBackoff } from '../../../src/main/core/backoff';
import { TokenError, type TokenErrorCode } from '../../../src/main/core/errors';
import type { SessionEvent } from '../../../src/main/core/session-types';
import { seededRandom } from '../../support/fake-clock';
import { failures, sessionHarness, testProfile } from '../../support/fake-token-client';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RENEW_AT = 48 * MINUTE;

const gapsBetween = (times: number[]): number[] =>
  times.slice(1).map((time, index) => time - (times[index] ?? time));

describe('backoff', () => {
  it('stays between the floor and an exponential ceiling capped at 5 minutes', () => {
    const random = seededRandom(42);
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(defaultBackoff.capMs, defaultBackoff.baseMs * 2 ** (attempt - 1));
      for (let draw = 0; draw < 200; draw += 1) {
        const delay = backoffDelayMs(attempt, random);
        expect(delay).toBeGreaterThanOrEqual(defaultBackoff.floorMs);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('spreads retries over the whole window (full jitter)', () => {
    expect(backoffDelayMs(3, () => 0)).toBe(1_000);
    expect(backoffDelayMs(3, () => 0.5)).toBe(10_000);
    expect(backoffDelayMs(3, () => 0.999)).toBe(19_980);
    expect(backoffDelayMs(40, () => 0.5)).toBe(150_000);
  });

  it('never comes sooner than Retry-After', () => {
    expect(backoffDelayMs(1, () => 0.9, 60_000)).toBe(60_000);
    expect(backoffDelayMs(9, () => 0.9, 60_000)).toBe(270_000);
  });
});

describe('session manager: transient failures', () => {
  it('retries a failed renewal with backoff and keeps the last good token meanwhile', async () => {
    const { clock, client, manager, events } = sessionHarness({ random: () => 0.5 });
    const start = clock.now();
    const first = await manager.getToken('prod');
    client.script(
      { error: failures.network() },
      { error: failures.network() },
      { error: failures.network() },
    );

    await clock.set(start + RENEW_AT);
    expect(manager.snapshot('prod')).toMatchObject({
      status: 'error',
      hasToken: true,
      retryAtMs: start + RENEW_AT + 2_500,
      lastError: { code: 'network', atMs: start + RENEW_AT },
    });
    expect(manager.peekToken('prod')).toBe(first);
    await clock.advance(MINUTE);

    expect(client.calls.map((call) => call.atMs - start - RENEW_AT)).toEqual([
      -RENEW_AT,
      0,
      2_500,
      7_500,
      17_500,
    ]);
    const failed = events.filter((event) => event.type === 'renewal_failed');
    expect(failed).toHaveLength(3);
    expect(events.at(-1)?.type).toBe('renewed');
    expect(manager.snapshot('prod').lastError).toBeUndefined();
  });

  it('waits at least as long as Retry-After', async () => {
    const { clock, client, manager } = sessionHarness({ random: () => 0.5 });
    const start = clock.now();
    await manager.getToken('prod');
    client.script({ error: failures.rateLimited(120_000) });

    await clock.set(start + RENEW_AT + 120_000 - 1);
    expect(client.count).toBe(2);
    await clock.advance(1);

    expect(client.count).toBe(3);
  });

  it('keeps retrying after expiry, never faster than the floor nor slower than the cap', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness({ random: seededRandom(3) });
    const start = clock.now();
    await manager.getToken('prod');
    client.otherwise({ error: failures.network() });

    await clock.advance(4 * HOUR);

    const times = client.calls.map((call) => call.atMs);
    expect(times.filter((time) => time > start + HOUR).length).toBeGreaterThan(20);
    expect(Math.min(...gapsBetween(times.slice(1)))).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...gapsBetween(times.slice(1)))).toBeLessThan(5 * MINUTE);
    expect(eventTypes().filter((type) => type === 'expired')).toHaveLength(1);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'error', hasToken: false });
  });

  it('hands out the last good token when an explicit renewal fails before it expires', async () => {
    const { clock, client, manager } = sessionHarness({ random: () => 0.5 });
    const start = clock.now();
    const first = await manager.getToken('prod');
    client.otherwise({ error: failures.network() });

    await clock.set(start + HOUR - 15_000);
    const callsBefore = client.count;
    expect(await manager.getToken('prod')).toBe(first);

    expect(client.count).toBe(callsBefore + 1);
    await expect(manager.renewNow('prod')).rejects.toMatchObject({ code: 'network' });
  });

  it.each<TokenErrorCode>(['network', 'timeout', 'server_error', 'rate_limited'])(
    'retries %s automatically',
    async (code) => {
      const { clock, client, manager } = sessionHarness();
      await manager.getToken('prod');
      client.script({ error: new TokenError(code, 'transient') });

      await clock.advance(RENEW_AT + 10 * MINUTE);

      expect(client.count).toBe(3);
    },
  );
});

describe('session manager: credential and configuration errors', () => {
  it('stops after one refused renewal, keeps the token until it expires, then expires once', async () => {
    const { clock, client, manager, eventTypes, logLines } = sessionHarness();
    const start = clock.now();
    const first = await manager.getToken('prod');
    client.otherwise({ error: failures.refused('unspecified_error', 401) });

    await clock.set(start + RENEW_AT);
    expect(client.count).toBe(2);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'error', retryAtMs: undefined });
    expect(await manager.getToken('prod')).toBe(first);

    await clock.set(start + HOUR - 1);
    expect(manager.peekToken('prod')).toBe(first);
    // Inside the warning window the refusal is still what the user must see.
    expect(manager.snapshot('prod').status).toBe('error');
    await clock.set(start + 2 * HOUR);

    expect(client.count).toBe(2);
    expect(eventTypes()).toEqual([
      'changed',
      'acquired',
      'changed',
      'renewal_failed',
      'expiring',
      'expired',
    ]);
    expect(manager.peekToken('prod')).toBeUndefined();
    expect(manager.snapshot('prod')).toMatchObject({
      status: 'expired',
      hasToken: false,
      // The views still say when the lapsed token was issued and when it ran out.
      obtainedAtMs: first.obtainedAtMs,
      expiresAtMs: first.expiresAtMs,
      lastError: { code: 'server_refused', context: { status: 401 } },
    });
    expect(logLines.some((line) => line.includes('automatic renewal stopped'))).toBe(true);
  });

  it('makes exactly one request when the first grant is refused, over two hours', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    client.otherwise({ error: failures.refused('invalid_client') });

    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'server_refused' });
    await clock.advance(2 * HOUR);

    expect(client.count).toBe(1);
    expect(eventTypes()).toEqual(['changed', 'renewal_failed']);
  });

  it('still lets the user try again by hand, and resumes renewing once that works', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    client.script({ error: failures.refused('invalid_client') });
    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'server_refused' });

    await manager.renewNow('prod');
    await clock.advance(RENEW_AT);

    expect(client.count).toBe(3);
    expect(eventTypes()).toEqual([
      'changed',
      'renewal_failed',
      'changed',
      'acquired',
      'changed',
      'renewed',
    ]);
  });

  it.each<TokenErrorCode>(['missing_secret', 'invalid_profile', 'tls', 'bad_response', 'redirect'])(
    'never retries %s automatically',
    async (code) => {
      const { clock, client, manager } = sessionHarness();
      await manager.getToken('prod');
      client.otherwise({ error: new TokenError(code, 'permanent') });

      await clock.advance(2 * HOUR);

      expect(client.count).toBe(2);
    },
  );
});

describe('session manager: telling automatic attempts from requested ones', () => {
  const failedAutomatically = (events: SessionEvent[]): boolean[] =>
    events.flatMap((event) => (event.type === 'renewal_failed' ? [event.automatic] : []));

  it('marks renewal_failed as automatic only for the attempts the manager started', async () => {
    const { clock, client, manager, events } = sessionHarness({ random: () => 0.5 });
    client.script(
      { error: failures.network() },
      { error: failures.network() },
      { error: failures.network() },
    );

    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'network' });
    await clock.advance(2_500);
    await expect(manager.renewNow('prod')).rejects.toMatchObject({ code: 'network' });

    expect(client.count).toBe(3);
    expect(failedAutomatically(events)).toEqual([false, true, false]);
  });

  it('reports automatic renewal as stopped after a refusal, until the user asks again', async () => {
    const { clock, client, manager, events } = sessionHarness();
    const start = clock.now();
    await manager.getToken('prod');
    expect(manager.snapshot('prod').autoRenewalStopped).toBe(false);
    client.script({ error: failures.refused('invalid_client') });

    await clock.set(start + RENEW_AT);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'error', autoRenewalStopped: true });
    expect(events.at(-1)?.snapshot.autoRenewalStopped).toBe(true);
    // A token served from the cache asks the server nothing, so nothing has been retried.
    await manager.getToken('prod');
    expect(manager.snapshot('prod').autoRenewalStopped).toBe(true);

    await manager.renewNow('prod');
    expect(manager.snapshot('prod')).toMatchObject({ status: 'valid', autoRenewalStopped: false });
  });

  it('clears autoRenewalStopped when the profile is edited', async () => {
    const { client, manager } = sessionHarness();
    client.script({ error: failures.refused('invalid_client') });
    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'server_refused' });
    expect(manager.snapshot('prod').autoRenewalStopped).toBe(true);

    manager.profileChanged('prod');

    expect(manager.snapshot('prod').autoRenewalStopped).toBe(false);
  });

  it('does not report a stop after a transient failure, nor on a profile that never renews itself', async () => {
    const { clock, client, manager } = sessionHarness();
    const start = clock.now();
    await manager.getToken('prod');
    client.script({ error: failures.network() });
    await clock.set(start + RENEW_AT);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'error', autoRenewalStopped: false });

    const manual = sessionHarness({ profiles: [testProfile({ renewal: { auto: false } })] });
    manual.client.script({ error: failures.refused('invalid_client') });
    await expect(manual.manager.getToken('prod')).rejects.toMatchObject({ code: 'server_refused' });
    expect(manual.manager.snapshot('prod').autoRenewalStopped).toBe(false);
  });

  it('retries a network failure of a renewal the user asked for after a refusal', async () => {
    const { clock, client, manager } = sessionHarness({ random: () => 0.5 });
    const start = clock.now();
    await manager.getToken('prod');
    client.script({ error: failures.refused('invalid_client') }, { error: failures.network() });
    await clock.set(start + RENEW_AT);

    await expect(manager.renewNow('prod')).rejects.toMatchObject({ code: 'network' });
    expect(manager.snapshot('prod')).toMatchObject({
      autoRenewalStopped: false,
      retryAtMs: clock.now() + 2_500,
    });
    await clock.advance(2_500);

    expect(client.count).toBe(4);
    expect(manager.snapshot('prod').status).toBe('valid');
  });
});

describe('session manager: the detected generation after a refusal', () => {
  const autoProfile = () => testProfile({ protocol: 'auto', renewal: { auto: false } });

  it('probes again after an auto profile is refused, since the server may have changed', async () => {
    const { client, manager } = sessionHarness({ profiles: [autoProfile()] });
    client.script(
      { token: { generation: 'santedb2' } },
      { error: failures.refused('unauthorized_client') },
      { token: { generation: 'santedb3' } },
    );
    await manager.getToken('prod');

    await expect(manager.renewNow('prod')).rejects.toMatchObject({ code: 'server_refused' });
    await manager.renewNow('prod');

    expect(client.count).toBe(3);
    expect(client.calls.map((call) => call.generationHint)).toEqual([
      undefined,
      'santedb2',
      undefined,
    ]);
    expect(manager.snapshot('prod').generation).toBe('santedb3');
  });

  it('keeps the hint after a failure that is not a refusal', async () => {
    const { client, manager } = sessionHarness({ profiles: [autoProfile()] });
    client.script(
      { token: { generation: 'santedb2' } },
      { error: failures.network() },
      { token: { generation: 'santedb2' } },
    );
    await manager.getToken('prod');

    await expect(manager.renewNow('prod')).rejects.toMatchObject({ code: 'network' });
    await manager.renewNow('prod');

    expect(client.count).toBe(3);
    expect(client.calls.map((call) => call.generationHint)).toEqual([
      undefined,
      'santedb2',
      'santedb2',
    ]);
  });
});
