// The app's own settings (not profiles): their schema, defaults, and a reader that keeps every
// good value of a damaged or hand-edited settings file and falls back to the default per field.
import { z } from 'zod';

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

export const appSettingsSchema = z.object({
  /** Seconds until a copied token is cleared from the clipboard; 0 = never on a timer. */
  clipboardClearSeconds: z
    .number({ error: 'must be a number of seconds' })
    .int({ error: 'must be a whole number of seconds' })
    .min(0, { error: 'must be 0 (never) or more' })
    .max(3600, { error: 'must be at most 3600 seconds' }),
  /** What a left click on the tray icon does, where the desktop reports clicks. */
  leftClickAction: z.enum(['copy-token', 'menu'], { error: 'must be copy-token or menu' }),
  /** A global shortcut that copies the active profile's token; off when absent. */
  globalShortcut: z
    .string()
    .trim()
    .regex(acceleratorPattern, {
      error: 'must be a key with at least one modifier, such as CommandOrControl+Shift+T',
    })
    .optional(),
  notifyOnCopy: z.boolean({ error: 'must be true or false' }),
  startAtLogin: z.boolean({ error: 'must be true or false' }),
  /** Store secrets even where the OS offers no real encryption (Linux `basic_text`). */
  acceptInsecureSecretStorage: z.boolean({ error: 'must be true or false' }),
}) satisfies z.ZodType<SettingsValues>;

export type AppSettings = z.infer<typeof appSettingsSchema>;

export const defaultSettings: AppSettings = {
  clipboardClearSeconds: 60,
  leftClickAction: 'copy-token',
  globalShortcut: undefined,
  notifyOnCopy: false,
  startAtLogin: false,
  acceptInsecureSecretStorage: false,
};

export type SettingName = keyof AppSettings;

export const settingNames = Object.keys(appSettingsSchema.shape) as SettingName[];

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
    const parsed = appSettingsSchema.shape[field].safeParse(value);
    if (parsed.success) {
      settings[field] = parsed.data;
    } else {
      issues.push({
        field,
        message: `${field} ${parsed.error.issues[0]?.message ?? 'is invalid'}: using the default`,
      });
    }
  }
  return { settings: settings as AppSettings, issues };
}
