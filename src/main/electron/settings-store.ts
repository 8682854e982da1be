// The app's own settings in `settings.json` beside the profiles. The application layer's parser
// keeps every good value of a damaged or hand-edited file and reports the rest; nothing here
// throws the user's other settings away. While the profiles are read-only (another instance owns
// the folder, or they come from a newer version) the settings are too: that instance's file is
// only read, never created or written, so the owner's settings survive a second start.
import { join } from 'node:path';

import * as v from 'valibot';

import type { AppSettings } from '../app/app-settings';
import { appSettingsSchema, parseSettings } from '../app/app-settings';
import { TokenError } from '../core/errors';
import type { Logger } from '../core/logger';

import { createStore, readStoreFile } from './store-file';

export interface SettingsStore {
  get(): AppSettings;
  update(change: Partial<AppSettings>): AppSettings;
  /** Set when the settings are shown but never written; `update` throws it as the message. */
  readonly readOnlyReason?: string;
}

type Backing = { data?: Record<string, unknown>; write?: (data: Record<string, unknown>) => void };

export function openSettingsStore(
  directory: string,
  logger: Logger,
  readOnlyReason?: string,
): SettingsStore {
  const backing =
    readOnlyReason === undefined ? writable(directory, logger) : readOnly(directory, logger);
  const initial = parseSettings(backing.data);
  for (const issue of initial.issues) {
    logger.warn(`setting ignored: ${issue.message}`, { field: issue.field });
  }
  let settings = initial.settings;

  return {
    readOnlyReason,
    get: () => settings,
    update(change) {
      const next = v.parse(appSettingsSchema, { ...settings, ...change });
      if (readOnlyReason !== undefined) {
        throw new TokenError('storage', readOnlyReason);
      }
      if (!backing.write) {
        throw new TokenError('storage', 'settings.json could not be read, so it is not written');
      }
      backing.write(stripUndefined(next));
      settings = next;
      return settings;
    },
  };
}

function writable(directory: string, logger: Logger): Backing {
  try {
    const store = createStore<Record<string, unknown>>({ name: 'settings', cwd: directory });
    return {
      data: store.store,
      write: (data) => {
        store.store = data;
      },
    };
  } catch {
    // Not JSON: run on the defaults and leave the file as it is for the user to look at.
    logger.error('settings.json could not be read; running with the default settings');
    return {};
  }
}

/** Read with our own reader: electron-store may create or rewrite the file on opening. */
function readOnly(directory: string, logger: Logger): Backing {
  const raw = readStoreFile(join(directory, 'settings.json'));
  if (raw.kind === 'corrupt') {
    logger.error('settings.json could not be read; running with the default settings');
  }
  return raw.kind === 'ok' ? { data: raw.data } : {};
}

function stripUndefined(settings: AppSettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}
