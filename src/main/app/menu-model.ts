// The tray's context menu as data. Every action must be reachable from here, because some Linux
// desktops never report a click on the icon itself; the Electron adapter only turns these
// items into MenuItems and routes their ids.
import type { AppState, SessionView } from '../../shared/ipc-contract';

import { activeOf, shortStatus } from './tray-status';

export interface MenuItemModel {
  id: string;
  label: string;
  kind: 'action' | 'separator' | 'radio' | 'checkbox' | 'submenu' | 'header';
  enabled: boolean;
  checked?: boolean;
  accelerator?: string;
  submenu?: MenuItemModel[];
}

export interface TrayMenuState {
  state: AppState;
  nowMs: number;
  startAtLogin: boolean;
  /** False where the OS offers no way to start at login: the item is then shown disabled. */
  startAtLoginSupported?: boolean;
  /** The global shortcut for "Copy bearer token", shown beside it when one is set. */
  copyShortcut?: string;
}

export function buildTrayMenu(input: TrayMenuState): MenuItemModel[] {
  const active = activeOf(input.state);
  const session = active?.session;
  const busy = session?.status === 'acquiring' || session?.status === 'renewing';

  return [
    header(input),
    {
      ...action('copy-token', 'Copy bearer token', active !== undefined),
      accelerator: input.copyShortcut,
    },
    action('copy-header', 'Copy Authorization header', active !== undefined),
    profilesSubmenu(input),
    action('renew', 'Renew now', active !== undefined && !busy),
    action('sign-out', signOutLabel(session), session?.hasToken === true),
    separator(1),
    action('show-session', 'Show session…', active !== undefined),
    action('manage-profiles', 'Manage profiles…', true),
    action('settings', 'Settings…', true),
    action('open-logs', 'Open log folder', true),
    separator(2),
    {
      id: 'start-at-login',
      label: 'Start at login',
      kind: 'checkbox',
      enabled: input.startAtLoginSupported !== false,
      checked: input.startAtLogin,
    },
    action('quit', 'Quit', true),
  ];
}

function header(input: TrayMenuState): MenuItemModel {
  const active = activeOf(input.state);
  if (!active) {
    const label = input.state.profiles.length === 0 ? 'No profile' : 'No active profile';
    return { id: 'header', label, kind: 'header', enabled: false };
  }
  const host = hostOf(active.profile.effectiveTokenEndpoint);
  const status = shortStatus(active.session, input.nowMs);
  return {
    id: 'header',
    label: [active.profile.name, host, status].filter(Boolean).join(' · '),
    kind: 'header',
    enabled: false,
  };
}

function profilesSubmenu(input: TrayMenuState): MenuItemModel {
  const { profiles, sessions, activeProfileId } = input.state;
  const items: MenuItemModel[] = profiles.map((profile) => ({
    id: `profile:${profile.id}`,
    label: `${profile.name} — ${shortStatus(
      sessions.find((session) => session.profileId === profile.id),
      input.nowMs,
    )}`,
    kind: 'radio',
    enabled: true,
    checked: profile.id === activeProfileId,
  }));
  return {
    id: 'profiles',
    label: 'Profiles',
    kind: 'submenu',
    enabled: items.length > 0,
    submenu:
      items.length > 0
        ? items
        : [{ id: 'no-profiles', label: 'No profiles yet', kind: 'header', enabled: false }],
  };
}

/** Only SanteDB 3.x can end a session on the server; elsewhere the token is just dropped. */
function signOutLabel(session: SessionView | undefined): string {
  const generation =
    session?.generation ?? (session?.protocol === 'auto' ? undefined : session?.protocol);
  return generation === undefined || generation === 'santedb3'
    ? 'Sign out of session'
    : 'Forget token';
}

function action(id: string, label: string, enabled: boolean): MenuItemModel {
  return { id, label, kind: 'action', enabled };
}

function separator(index: number): MenuItemModel {
  return { id: `separator-${index}`, label: '', kind: 'separator', enabled: true };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}
