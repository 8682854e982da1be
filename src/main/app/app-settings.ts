// The app's own settings (not profiles): their schema, defaults, and a reader that keeps every
// good value of a damaged or hand-edited settings file and falls back to the default per field.
import * as v from 'valibot';

import type { FieldIssue, SettingsValues } from '../../shared/ipc-contract';

const modifier =
  '(?:Command|Cmd|Control|Ctrl|CommandOrControl|CmdOrCtrl|Alt|Option|AltGr|Shift|Super|Meta)';
const key =
  "(?:[A-Za-z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Plus|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc|PrintScreen|num[0-9]|[-=[\\];',./\\\\`])";
/**
 * An Electron accelerator with at least one modifier: a global shortcut on a bare key would take
 * that key away from every other application. Checked loosely; Electron has the last word.
 */
const acceleratorPattern = new RegExp(`^(?:${modifier}\\+)+${key}$`, 'i');

const acceleratorMessage =
  'must be a key with at least one modifier, such as CommandOrControl+Shift+T';

export const appSettingsSchema = v.object({
  /** Seconds until a copied token is cleared from the clipboard; 0 = never on a timer. */
  clipboardClearSeconds: v.pipe(
    v.number('must be a number of seconds'),
    v.finite('must be a number of seconds'),
    v.integer('must be a whole number of seconds'),
    v.minValue(0, 'must be 0 (never) or more'),
    v.maxValue(3600, 'must be at most 3600 seconds'),
  ),
  /** What a left click on the tray icon does, where the desktop reports clicks. */
  leftClickAction: v.picklist(['copy-token', 'menu'], 'must be copy-token or menu'),
  /** A global shortcut that copies the active profile's token; off when absent. */
  globalShortcut: v.optional(
    v.pipe(v.string(acceleratorMessage), v.trim(), v.regex(acceleratorPattern, acceleratorMessage)),
  ),
  notifyOnCopy: v.boolean('must be true or false'),
  startAtLogin: v.boolean('must be true or false'),
  /** Store secrets even where the OS offers no real encryption (Linux `basic_text`). */
  acceptInsecureSecretStorage: v.boolean('must be true or false'),
}) satisfies v.GenericSchema<unknown, SettingsValues>;

export type AppSettings = v.InferOutput<typeof appSettingsSchema>;

export const defaultSettings: AppSettings = {
  clipboardClearSeconds: 60,
  leftClickAction: 'copy-token',
  globalShortcut: undefined,
  notifyOnCopy: false,
  startAtLogin: false,
  acceptInsecureSecretStorage: false,
};

export type SettingName = keyof AppSettings;

export const settingNames = Object.keys(appSettingsSchema.entries) as SettingName[];

/** Settings from stored data: each bad or missing field takes its default, and bad ones are reported. */
export function parseSettings(input: unknown): { settings: AppSettings; issues: FieldIssue[] } {
  const record =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = { ...defaultSettings };
  const issues: FieldIssue[] =
    input === undefined || record === input
      ? []
      : [{ field: 'settings', message: 'The settings are not an object: using the defaults' }];

  for (const field of settingNames) {
    const value = record[field];
    if (value === undefined) {
      continue;
    }
    const parsed = v.safeParse(appSettingsSchema.entries[field], value);
    if (parsed.success) {
      settings[field] = parsed.output;
    } else {
      issues.push({ field, message: `${field} ${parsed.issues[0].message}: using the default` });
    }
  }
  return { settings: settings as AppSettings, issues };
}
