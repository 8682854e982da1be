import { describe, expect, it } from 'vitest';

import { settle } from '../../support/fake-clock';
import { sessionHarness, testProfile } from '../../support/fake-token-client';

const HOUR = 3_600_000;

describe('session manager: profile edits', () => {
  it('cancels the request under way and discards its result when it arrives later', async () => {
    const { client, manager, eventTypes } = sessionHarness();
    client.honourAbort = false;
    const gate = client.hold();
    const waiting = manager.getToken('prod');
    await settle();

    manager.profileChanged('prod');
    await expect(waiting).rejects.toMatchObject({
      code: 'cancelled',
      message: 'The profile changed while a token was being requested: try again',
    });
    expect(client.calls[0]?.signal?.aborted).toBe(true);
    gate.open();
    await settle();

    expect(manager.peekToken('prod')).toBeUndefined();
    expect(manager.snapshot('prod')).toMatchObject({ status: 'idle', hasToken: false });
    expect(eventTypes()).toEqual(['changed', 'changed']);
  });

  it('reports no failure when the cancelled request rejects', async () => {
    const { client, manager, eventTypes } = sessionHarness();
    client.hold();
    const waiting = manager.getToken('prod');
    await settle();

    manager.profileChanged('prod');
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    await settle();

    expect(eventTypes()).not.toContain('renewal_failed');
  });

  it('discards the cached token and its renewal, and treats the next token as new', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    await manager.getToken('prod');

    manager.profileChanged('prod');
    expect(manager.peekToken('prod')).toBeUndefined();
    await clock.advance(2 * HOUR);
    expect(client.count).toBe(1);

    await manager.getToken('prod');
    expect(eventTypes()).toEqual(['changed', 'acquired', 'changed', 'changed', 'acquired']);
  });

  it('drops a token whose profile now asks for something else, even unannounced', async () => {
    const { client, manager, profiles } = sessionHarness();
    const first = await manager.getToken('prod');

    profiles.set('prod', testProfile({ scope: '1.3.6.1.4.1.33349.3.1.5.9.2.2.3' }));

    expect(manager.peekToken('prod')).toBeUndefined();
    expect((await manager.getToken('prod')).accessToken).not.toBe(first.accessToken);
    expect(client.count).toBe(2);
  });

  it('keeps the token across edits that do not change what the server issues', async () => {
    const { manager, profiles } = sessionHarness();
    const first = await manager.getToken('prod');

    profiles.set('prod', testProfile({ name: 'Production', timeoutSeconds: 60 }));

    expect(manager.peekToken('prod')).toBe(first);
  });

  it('forgets a removed profile entirely', async () => {
    const { clock, client, manager, profiles } = sessionHarness();
    await manager.getToken('prod');
    client.latencyMs = 1_000;
    const waiting = manager.renewNow('prod');

    manager.profileRemoved('prod');
    profiles.delete('prod');

    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' });
    expect(manager.snapshot('prod')).toMatchObject({ status: 'idle', hasToken: false });
    await clock.advance(2 * HOUR);
    expect(clock.pendingTimers).toBe(0);
    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'invalid_profile' });
  });
});

describe('session manager: sleep and resume', () => {
  const profileIds = Array.from({ length: 10 }, (_, index) => `site-${index}`);

  it('after a 3 h sleep: one expired event per profile, then staggered renewals within the cap', async () => {
    const profiles = profileIds.map((id) => testProfile({ id, name: id }));
    const { clock, client, manager, eventTypes } = sessionHarness({ profiles });
    await Promise.all(profileIds.map((id) => manager.getToken(id)));
    // One timer serves all ten profiles.
    expect(clock.pendingTimers).toBe(1);
    client.latencyMs = 2_000;
    client.maxInFlight = 0;

    clock.suspend(3 * HOUR);
    manager.recheckAll('resume');

    expect(eventTypes().filter((type) => type === 'expired')).toHaveLength(10);
    expect(client.count).toBe(10);
    await clock.advance(60_000);

    expect(client.count).toBe(20);
    expect(client.maxInFlight).toBe(2);
    const starts = client.calls.slice(10).map((call) => call.atMs);
    expect(new Set(starts).size).toBeGreaterThan(2);
    for (const id of profileIds) {
      expect(eventTypes(id).filter((type) => type === 'expired')).toHaveLength(1);
      expect(manager.snapshot(id)).toMatchObject({ status: 'valid', hasToken: true });
    }

    await clock.advance(30 * 60_000);
    expect(eventTypes().filter((type) => type === 'expired')).toHaveLength(10);
    expect(client.count).toBe(20);
  });

  it('spreads the renewals due at resume over 3 seconds', async () => {
    const profiles = profileIds.map((id) => testProfile({ id, name: id }));
    const harness = sessionHarness({ profiles, maxConcurrentRenewals: 10 });
    const { clock, client, manager } = harness;
    await Promise.all(profileIds.map((id) => manager.getToken(id)));

    clock.suspend(3 * HOUR);
    const resumedAt = clock.now();
    manager.recheckAll('resume');
    await clock.advance(10_000);

    const delays = client.calls.slice(10).map((call) => call.atMs - resumedAt);
    expect(delays).toHaveLength(10);
    expect(new Set(delays).size).toBeGreaterThanOrEqual(8);
    expect(Math.max(...delays)).toBeLessThan(3_000);
    expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(1_000);
  });

  it('changes nothing when nothing is due', async () => {
    const { clock, client, manager, eventTypes } = sessionHarness();
    await manager.getToken('prod');

    clock.suspend(10 * 60_000);
    manager.recheckAll('unlock');
    await clock.advance(1_000);

    expect(client.count).toBe(1);
    expect(eventTypes()).toEqual(['changed', 'acquired']);
  });

  it('starts a renewal that fell due during a short sleep, without waiting for the late timer', async () => {
    const { clock, client, manager } = sessionHarness();
    const start = clock.now();
    await manager.getToken('prod');
    await clock.set(start + 40 * 60_000);

    clock.suspend(10 * 60_000);
    manager.recheckAll('resume');
    await clock.advance(3_000);

    expect(client.count).toBe(2);
    expect(manager.snapshot('prod').status).toBe('valid');
  });
});
