import { describe, expect, it } from 'vitest';

import { OFFLINE_RECHECK_MS, RESUME_STAGGER_MS } from '../../../src/main/core/session-scheduler';
import { failures, sessionHarness, testProfile } from '../../support/fake-token-client';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const RENEW_AT = 48 * MINUTE;

/** A network the test switches off and on, read the way the tray reads `net.isOnline()`. */
function switchableNetwork(): { online: boolean; isOnline: () => boolean } {
  const network = { online: true, isOnline: () => network.online };
  return network;
}

const countOf = (types: string[], type: string): number =>
  types.filter((each) => each === type).length;

describe('session manager: waiting for the network', () => {
  const ids = ['north', 'south', 'east'];

  it('sleep 3 h with a 1 h token on 3 profiles while offline ⇒ expired once each, zero requests until online, then ≤ 1 request per profile, never more than the cap at once', async () => {
    const network = switchableNetwork();
    const profiles = ids.map((id) => testProfile({ id, name: id }));
    const harness = sessionHarness({ profiles, isOnline: network.isOnline });
    const { clock, client, loadCredentials, manager, eventTypes, logLines } = harness;
    await Promise.all(ids.map((id) => manager.getToken(id)));
    // Longer than the stagger, so without the cap all three renewals would overlap.
    client.latencyMs = 5_000;
    client.maxInFlight = 0;
    const credentialReads = loadCredentials.calls;

    network.online = false;
    clock.suspend(3 * HOUR);
    manager.recheckAll('resume');
    await clock.advance(30 * MINUTE);

    expect(client.count).toBe(3);
    expect(loadCredentials.calls).toBe(credentialReads);
    expect(logLines).toContain(
      'info: rechecking every session (resume): 0 due for renewal, 3 waiting for the network',
    );
    for (const id of ids) {
      expect(countOf(eventTypes(id), 'expired')).toBe(1);
      expect(manager.snapshot(id)).toMatchObject({ status: 'expired', hasToken: false });
    }

    network.online = true;
    manager.recheckAll('online');
    await clock.advance(MINUTE);

    expect(client.calls.slice(3).map((call) => call.profileId)).toEqual(
      expect.arrayContaining(ids),
    );
    expect(client.count).toBe(6);
    expect(client.maxInFlight).toBe(2);
    for (const id of ids) {
      expect(countOf(eventTypes(id), 'expired')).toBe(1);
      expect(manager.snapshot(id)).toMatchObject({ status: 'valid', hasToken: true });
    }
  });

  it('holds a scheduled renewal while offline and still expires the token at its wall-clock time', async () => {
    const network = switchableNetwork();
    const { clock, client, manager, eventTypes, logLines } = sessionHarness({
      isOnline: network.isOnline,
    });
    const start = clock.now();
    await manager.getToken('prod');
    network.online = false;

    await clock.set(start + HOUR - 1);
    expect(client.count).toBe(1);
    expect(manager.snapshot('prod').status).toBe('valid');
    await clock.advance(1);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'expired', hasToken: false });
    await clock.advance(2 * HOUR);

    expect(client.count).toBe(1);
    expect(eventTypes()).toEqual(['changed', 'acquired', 'expired']);
    // Checked every minute for hours, but said once.
    const waiting = logLines.filter((line) => line.includes('waiting for the network'));
    expect(waiting).toEqual([
      "info: profile 'prod': renewal due, waiting for the network to come back",
    ]);
  });

  it('holds retries while offline and sends the next one once the network is back', async () => {
    const network = switchableNetwork();
    const { clock, client, manager, eventTypes } = sessionHarness({ isOnline: network.isOnline });
    const start = clock.now();
    await manager.getToken('prod');
    client.script({ error: failures.network() });
    await clock.set(start + RENEW_AT);
    expect(manager.snapshot('prod').retryAtMs).toBeDefined();

    network.online = false;
    await clock.advance(2 * HOUR);
    expect(client.count).toBe(2);
    expect(countOf(eventTypes(), 'expired')).toBe(1);
    expect(manager.snapshot('prod')).toMatchObject({
      status: 'expired',
      lastError: { code: 'network' },
    });

    network.online = true;
    manager.recheckAll('online');
    await clock.advance(RESUME_STAGGER_MS);

    expect(client.count).toBe(3);
    expect(manager.snapshot('prod')).toMatchObject({ status: 'valid', hasToken: true });
  });

  it('still sends what the user asks for at once while offline, but not its retries', async () => {
    const network = switchableNetwork();
    network.online = false;
    const { clock, client, manager } = sessionHarness({ isOnline: network.isOnline });
    client.script({ error: failures.network() });

    await expect(manager.getToken('prod')).rejects.toMatchObject({ code: 'network' });
    await clock.advance(HOUR);
    expect(client.count).toBe(1);

    await manager.getToken('prod');
    await manager.renewNow('prod');
    expect(client.count).toBe(3);
  });

  it('releases held renewals at the next connectivity check when no online recheck comes', async () => {
    const network = switchableNetwork();
    const { clock, client, manager } = sessionHarness({ isOnline: network.isOnline });
    const start = clock.now();
    await manager.getToken('prod');
    network.online = false;
    await clock.set(start + RENEW_AT + 5 * MINUTE);
    expect(client.count).toBe(1);

    network.online = true;
    await clock.advance(OFFLINE_RECHECK_MS + RESUME_STAGGER_MS);

    // Well before the token's expiry at 60 minutes, which would otherwise be the next check.
    expect(client.count).toBe(2);
    expect(manager.snapshot('prod').status).toBe('valid');
  });

  it('holds a renewal queued behind the cap when the network drops before its turn', async () => {
    const network = switchableNetwork();
    const profiles = ids.map((id) => testProfile({ id, name: id }));
    const { clock, client, manager } = sessionHarness({
      profiles,
      isOnline: network.isOnline,
      maxConcurrentRenewals: 1,
    });
    const start = clock.now();
    await Promise.all(ids.map((id) => manager.getToken(id)));
    client.latencyMs = 5_000;

    await clock.set(start + RENEW_AT);
    expect(client.count).toBe(4);
    network.online = false;
    await clock.advance(10 * MINUTE);
    expect(client.count).toBe(4);

    network.online = true;
    manager.recheckAll('online');
    await clock.advance(MINUTE);

    expect(client.count).toBe(6);
    for (const id of ids) {
      expect(manager.snapshot(id).status).toBe('valid');
    }
  });
});
