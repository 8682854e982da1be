import { describe, expect, it } from 'vitest';

import type { MenuItemModel } from '../../../src/main/app/menu-model';
import { buildTrayMenu } from '../../../src/main/app/menu-model';
import { profileView } from '../../../src/main/app/views';
import type { SessionView } from '../../../src/shared/ipc-contract';
import { appStateWith, makeProfile } from '../../support/app-fakes';

const NOW = 1_800_000_000_000;
const MIN = 60_000;

function byId(items: MenuItemModel[], id: string): MenuItemModel | undefined {
  return items.find((item) => item.id === id);
}

describe('buildTrayMenu', () => {
  it('lists every action in order, with the header and the profiles', () => {
    const state = appStateWith({ status: 'valid', hasToken: true, expiresAtMs: NOW + 52 * MIN });

    const menu = buildTrayMenu({
      state,
      nowMs: NOW,
      startAtLogin: true,
      copyShortcut: 'CommandOrControl+Shift+T',
    });

    expect(menu.map((item) => [item.id, item.label, item.kind, item.enabled])).toEqual([
      ['header', 'prod · sdb.example.org:8443 · valid 52 min', 'header', false],
      ['copy-token', 'Copy bearer token', 'action', true],
      ['copy-header', 'Copy Authorization header', 'action', true],
      ['profiles', 'Profiles', 'submenu', true],
      ['renew', 'Renew now', 'action', true],
      ['sign-out', 'Sign out of session', 'action', true],
      ['separator-1', '', 'separator', true],
      ['show-session', 'Show session…', 'action', true],
      ['manage-profiles', 'Manage profiles…', 'action', true],
      ['settings', 'Settings…', 'action', true],
      ['open-logs', 'Open log folder', 'action', true],
      ['separator-2', '', 'separator', true],
      ['start-at-login', 'Start at login', 'checkbox', true],
      ['quit', 'Quit', 'action', true],
    ]);
    expect(byId(menu, 'copy-token')?.accelerator).toBe('CommandOrControl+Shift+T');
    expect(byId(menu, 'start-at-login')?.checked).toBe(true);
  });

  it('shows each profile as a radio item with its status', () => {
    const state = appStateWith({ status: 'valid', hasToken: true, expiresAtMs: NOW + 52 * MIN });
    const test = makeProfile({ id: 'test', name: 'test' });
    state.profiles.push(
      profileView(test, { clientSecret: true, deviceSecret: false, certPassphrase: false }),
    );
    state.sessions.push({
      ...(state.sessions[0] as SessionView),
      profileId: 'test',
      profileName: 'test',
      status: 'error',
      hasToken: false,
    });

    const submenu = byId(
      buildTrayMenu({ state, nowMs: NOW, startAtLogin: false }),
      'profiles',
    )?.submenu;

    expect(submenu).toEqual([
      {
        id: 'profile:prod',
        label: 'prod — valid 52 min',
        kind: 'radio',
        enabled: true,
        checked: true,
      },
      { id: 'profile:test', label: 'test — error', kind: 'radio', enabled: true, checked: false },
    ]);
  });

  it('disables what needs a profile when there is none', () => {
    const state = { ...appStateWith(undefined), profiles: [], activeProfileId: undefined };

    const menu = buildTrayMenu({ state, nowMs: NOW, startAtLogin: false });

    const enabled = menu
      .filter((item) => item.enabled && item.kind !== 'separator')
      .map((item) => item.id);
    expect(enabled).toEqual(['manage-profiles', 'settings', 'open-logs', 'start-at-login', 'quit']);
    expect(byId(menu, 'header')?.label).toBe('No profile');
    expect(byId(menu, 'profiles')?.submenu?.[0]?.label).toBe('No profiles yet');
  });

  it('says "Forget token" where the protocol cannot end a session', () => {
    const state = appStateWith({
      status: 'valid',
      hasToken: true,
      generation: 'santedb2',
      expiresAtMs: NOW + MIN,
    });

    expect(byId(buildTrayMenu({ state, nowMs: NOW, startAtLogin: false }), 'sign-out')?.label).toBe(
      'Forget token',
    );
  });

  it('cannot renew while a renewal is under way, nor sign out without a token', () => {
    const state = appStateWith({ status: 'acquiring', hasToken: false });

    const menu = buildTrayMenu({ state, nowMs: NOW, startAtLogin: false });

    expect(byId(menu, 'renew')?.enabled).toBe(false);
    expect(byId(menu, 'sign-out')?.enabled).toBe(false);
    expect(byId(menu, 'copy-token')?.enabled).toBe(true);
  });
  it('offers "Start at login" only where the OS can do it', () => {
    const state = appStateWith(undefined);
    const item = (startAtLoginSupported?: boolean) =>
      byId(
        buildTrayMenu({ state, nowMs: NOW, startAtLogin: false, startAtLoginSupported }),
        'start-at-login',
      );

    expect(item(false)).toMatchObject({ kind: 'checkbox', enabled: false, checked: false });
    expect(item(true)?.enabled).toBe(true);
  });
});
