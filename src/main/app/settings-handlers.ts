// The settings channels: the app's settings with what this desktop allows, and changing some of
// them. A change is checked whole, put in force, and only then saved, so a value the schema or
// the OS refuses leaves every setting as it was, in the file and in effect.
import * as v from 'valibot';

import type { FieldIssue, SettingsPatch, SettingsView } from '../../shared/ipc-contract';

import type { AppContext } from './app-context';
import { AppError } from './app-error';
import type { AppSettings, SettingName } from './app-settings';
import { appSettingsSchema, settingNames } from './app-settings';
import type { SettingsPlatform, SettingsPort } from './ports';

/** Each setting as the window labels it, so a message points at the control to fix. */
const labels: Record<SettingName, string> = {
  clipboardClearSeconds: 'The clipboard delay',
  leftClickAction: 'The left-click action',
  globalShortcut: 'The global shortcut',
  notifyOnCopy: 'Notify when copied',
  startAtLogin: 'Start at login',
  acceptInsecureSecretStorage: 'Store secrets without encryption',
};

export function settingsViewOf(context: AppContext): SettingsView {
  return {
    ...context.settings.load(),
    ...context.settings.platform,
    secretBackend: context.secretBackend(),
  };
}

export function getSettings(context: AppContext): SettingsView {
  return settingsViewOf(context);
}

export async function updateSettings(
  context: AppContext,
  patch: SettingsPatch,
): Promise<SettingsView> {
  const port = context.settings;
  const previous = port.load();
  const next = checkedSettings(previous, patch, port.platform);
  const changed = settingNames.filter((name) => next[name] !== previous[name]);
  if (changed.length === 0) {
    return settingsViewOf(context);
  }

  await putInForce(port, next, previous);
  try {
    port.save(next);
  } catch (error) {
    await undo(port, previous, next);
    throw error;
  }

  const changes = changed.map((name) => `${name} ${shown(previous[name])} → ${shown(next[name])}`);
  context.logger.info(`settings changed: ${changes.join(', ')}`);
  context.changed();
  return settingsViewOf(context);
}

/** The settings with the patch applied, or invalid_argument naming every bad field. */
function checkedSettings(
  previous: AppSettings,
  patch: SettingsPatch,
  platform: SettingsPlatform,
): AppSettings {
  const next: Record<string, unknown> = { ...previous };
  const issues: FieldIssue[] = [];
  for (const name of settingNames) {
    const raw = patch[name];
    if (raw === undefined) {
      continue;
    }
    const off = name === 'globalShortcut' && typeof raw === 'string' && raw.trim() === '';
    const value = off ? undefined : raw;
    const parsed = v.safeParse(appSettingsSchema.entries[name], value);
    if (parsed.success) {
      next[name] = parsed.output;
    } else {
      issues.push({ field: name, message: `${labels[name]} ${parsed.issues[0].message}` });
    }
  }
  if (patch.startAtLogin === true && !platform.startAtLoginSupported) {
    issues.push({
      field: 'startAtLogin',
      message:
        "Start at login is not available on this desktop: add SanteDB Token Tray to the desktop's startup applications instead",
    });
  }

  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new AppError('invalid_argument', `${first.message}${more}; nothing was saved`, issues);
  }
  return next as AppSettings;
}

/** Apply `next`, or undo whatever of it took effect and throw: in force must match on disk. */
async function putInForce(
  port: SettingsPort,
  next: AppSettings,
  previous: AppSettings,
): Promise<void> {
  let refused: SettingName[];
  try {
    refused = await port.apply(next, previous);
  } catch (error) {
    await undo(port, previous, next);
    throw error;
  }
  if (refused.length > 0) {
    await undo(port, previous, next);
    throw unavailable(refused, next, previous);
  }
}

async function undo(port: SettingsPort, previous: AppSettings, next: AppSettings): Promise<void> {
  try {
    await port.apply(previous, next);
  } catch {
    // Best effort: the failure that made the undo necessary is the one to report.
  }
}

function unavailable(refused: SettingName[], next: AppSettings, previous: AppSettings): AppError {
  const issues = refused.map((name): FieldIssue => {
    if (name !== 'globalShortcut') {
      return {
        field: name,
        message: `${labels[name]} could not be changed on this desktop: try again, or use the desktop's own settings`,
      };
    }
    const kept = previous.globalShortcut
      ? `${previous.globalShortcut} stays in use`
      : 'no shortcut is set';
    return {
      field: name,
      message: `The shortcut ${next.globalShortcut} could not be registered: another application may use it, or this desktop does not accept it. Choose another one; ${kept}`,
    };
  });
  return new AppError('setting_unavailable', issues[0]?.message ?? 'Not changed', issues);
}

function shown(value: AppSettings[SettingName]): string {
  return value === undefined ? 'off' : String(value);
}
