// The app's own settings in `settings.json` beside the profiles. The application layer's parser
// keeps every good value of a damaged or hand-edited file and reports the rest; nothing here
// throws the user's other settings away.
import type { AppSettings } from '../app/app-settings';
import { appSettingsSchema, parseSettings } from '../app/app-settings';
import { TokenError } from '../core/errors';
import type { Logger } from '../core/logger';

import { createStore } from './store-file';

export interface SettingsStore {
  get(): AppSettings;
  update(change: Partial<AppSettings>): AppSettings;
}

export function openSettingsStore(directory: string, logger: Logger): SettingsStore {
  let store: ReturnType<typeof createStore<Record<string, unknown>>> | undefined;
  try {
    store = createStore<Record<string, unknown>>({ name: 'settings', cwd: directory });
  } catch {
    // Not JSON: run on the defaults and leave the file as it is for the user to look at.
    logger.error('settings.json could not be read; running with the default settings');
  }

  const initial = parseSettings(store?.store);
  for (const issue of initial.issues) {
    logger.warn(`setting ignored: ${issue.message}`, { field: issue.field });
  }
  let settings = initial.settings;

  return {
    get: () => settings,
    update(change) {
      const next = appSettingsSchema.parse({ ...settings, ...change });
      if (!store) {
        throw new TokenError('storage', 'settings.json could not be read, so it is not written');
      }
      store.store = stripUndefined(next);
      settings = next;
      return settings;
    },
  };
}

function stripUndefined(settings: AppSettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
