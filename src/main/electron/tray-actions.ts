// What each tray menu item (and the left click, and the global shortcut) does. Everything goes
// through the same application handlers the window uses, so the tray holds no token logic; a
// failure has no window to show it in, so it becomes a notification.
import type { AppState, IpcResult } from '../../shared/ipc-contract';
import type { AppHandlers } from '../app/app-service';
import type { NotificationModel, NotificationPolicy } from '../app/notification-policy';
import type { Logger } from '../core/logger';

import type { ViewRequest } from './windows';

export interface TrayActionDeps {
  handlers: AppHandlers;
  state: () => AppState | undefined;
  showWindow: (request: ViewRequest) => void;
  openLogs: () => Promise<void>;
  toggleStartAtLogin: () => void;
  notify: (model: NotificationModel | undefined) => void;
  policy: NotificationPolicy;
  quit: () => void;
  logger: Logger;
}

export type TrayAction = (id: string) => void;

export function createTrayActions(deps: TrayActionDeps): TrayAction {
  const activeId = (): string | undefined => deps.state()?.activeProfileId;

  const copy = async (format: 'token' | 'header'): Promise<void> => {
    const profileId = activeId();
    if (!profileId) {
      return;
    }
    const result = await deps.handlers['session:copy'](profileId, format);
    if (result.ok) {
      deps.notify(deps.policy.onCopied(profileId, format, result.value));
    } else {
      reportFailure(deps, profileId, 'the token could not be copied', result);
    }
  };

  const onActive = (channel: 'session:renew' | 'session:sign-out', what: string) => async () => {
    const profileId = activeId();
    if (profileId) {
      const result = await deps.handlers[channel](profileId);
      reportFailure(deps, profileId, what, result);
    }
  };

  const actions: Record<string, () => Promise<void> | void> = {
    'copy-token': () => copy('token'),
    'copy-header': () => copy('header'),
    renew: onActive('session:renew', 'the token could not be renewed'),
    'sign-out': onActive('session:sign-out', 'the session could not be ended'),
    'show-session': () => deps.showWindow({ view: 'session', profileId: activeId() }),
    'manage-profiles': () => deps.showWindow({ view: 'profiles' }),
    settings: () => deps.showWindow({ view: 'settings' }),
    'open-logs': deps.openLogs,
    'start-at-login': deps.toggleStartAtLogin,
    quit: deps.quit,
  };

  const pick = (profileId: string) => async () => {
    const result = await deps.handlers['profiles:set-active'](profileId);
    reportFailure(deps, profileId, 'the profile could not be selected', result);
  };

  return (id) => {
    const action = id.startsWith('profile:') ? pick(id.slice('profile:'.length)) : actions[id];
    if (!action) {
      deps.logger.warn('unknown tray menu item', { id });
      return;
    }
    Promise.resolve()
      .then(action)
      .catch((error: unknown) => {
        deps.logger.error(`tray action ${id} failed`, {
          error: error instanceof Error ? error.name : typeof error,
        });
      });
  };
}

function reportFailure(
  deps: TrayActionDeps,
  profileId: string,
  what: string,
  result: IpcResult<unknown>,
): void {
  if (result.ok) {
    return;
  }
  const name = deps.state()?.profiles.find((profile) => profile.id === profileId)?.name;
  deps.notify({
    id: `tray-failure:${profileId}:${result.code}`,
    title: `${name ?? profileId}: ${what}`,
    body: result.message,
    profileId,
  });
}
