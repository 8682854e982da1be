import { describe, expect, it } from 'vitest';

import { MAX_TOOLTIP, trayStatus } from '../../../src/main/app/tray-status';
import { formatDuration } from '../../../src/shared/duration';
import { appStateWith as stateWith } from '../../support/app-fakes';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

describe('formatDuration', () => {
  it.each([
    [40_000, '40 s'],
    [59_999, '59 s'],
    [52 * MIN + 30_000, '52 min'],
    [65 * MIN, '1 h 5 min'],
    [120 * MIN, '2 h'],
    [(2 * 24 + 3) * 60 * MIN, '2 d 3 h'],
    [-5_000, '0 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('trayStatus', () => {
  it('says there is no profile', () => {
    const state = stateWith(undefined);

    expect(
      trayStatus({ state: { ...state, profiles: [], activeProfileId: undefined }, nowMs: NOW }),
    ).toEqual({
      icon: 'none',
      tooltip: 'No profile — open Manage profiles…',
    });
  });

  it('shows the time left on a valid token', () => {
    const state = stateWith({ status: 'valid', hasToken: true, expiresAtMs: NOW + 52 * MIN });

    expect(trayStatus({ state, nowMs: NOW })).toEqual({
      icon: 'valid',
      tooltip: 'prod — token valid for 52 min',
    });
  });

  it('counts a valid token past its expiry as expired', () => {
    const state = stateWith({ status: 'valid', hasToken: true, expiresAtMs: NOW - 1 });

    expect(trayStatus({ state, nowMs: NOW })).toEqual({
      icon: 'expired',
      tooltip: 'prod — token expired',
    });
  });

  it('gives the short reason of a failed renewal', () => {
    const state = stateWith({
      status: 'error',
      hasToken: true,
      expiresAtMs: NOW + 10 * MIN,
      error: {
        code: 'network',
        message: 'Cannot connect to sdb.example.org:8443: connection refused. Check the address',
        atMs: NOW,
      },
    });

    expect(trayStatus({ state, nowMs: NOW })).toEqual({
      icon: 'error',
      tooltip: 'prod — renewal failed: Cannot connect to sdb.example.org:8443',
    });
  });

  it.each([
    ['renewing', 'renewing', 'prod — renewing the token…'],
    ['acquiring', 'renewing', 'prod — getting a token…'],
    ['expiring', 'expiring', 'prod — token expires in 4 min'],
    ['idle', 'none', 'prod — no token yet'],
  ] as const)('status %s shows the %s icon', (status, icon, tooltip) => {
    const state = stateWith({
      status,
      hasToken: status !== 'idle',
      expiresAtMs: NOW + 4 * MIN + 1,
    });

    expect(trayStatus({ state, nowMs: NOW })).toEqual({ icon, tooltip });
  });

  it('keeps the tooltip within the Windows limit', () => {
    const state = stateWith(
      {
        status: 'error',
        hasToken: false,
        error: { code: 'network', message: 'x'.repeat(300), atMs: NOW },
      },
      'n'.repeat(80),
    );

    const { tooltip } = trayStatus({ state, nowMs: NOW });

    expect(tooltip.length).toBeLessThanOrEqual(MAX_TOOLTIP);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});
