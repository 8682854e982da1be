import { describe, expect, it } from 'vitest';

import { defaultSettings, parseSettings } from '../../../src/main/app/app-settings';

describe('app settings', () => {
  it('has the documented defaults', () => {
    expect(parseSettings(undefined)).toEqual({
      settings: {
        clipboardClearSeconds: 60,
        leftClickAction: 'copy-token',
        globalShortcut: undefined,
        notifyOnCopy: false,
        startAtLogin: false,
        acceptInsecureSecretStorage: false,
      },
      issues: [],
    });
  });

  it('keeps good values and replaces each bad one with its default, reporting it', () => {
    const result = parseSettings({
      clipboardClearSeconds: -5,
      leftClickAction: 'menu',
      globalShortcut: 'T',
      notifyOnCopy: 'yes',
      startAtLogin: true,
    });

    expect(result.settings).toEqual({
      ...defaultSettings,
      leftClickAction: 'menu',
      startAtLogin: true,
    });
    expect(result.issues.map((issue) => issue.field)).toEqual([
      'clipboardClearSeconds',
      'globalShortcut',
      'notifyOnCopy',
    ]);
    expect(result.issues[0]?.message).toBe(
      'clipboardClearSeconds must be 0 (never) or more: using the default',
    );
  });

  it.each(['CommandOrControl+Shift+T', 'Alt+F12', 'ctrl+alt+0', 'Super+Space'])(
    'accepts the shortcut %s',
    (shortcut) => {
      expect(parseSettings({ globalShortcut: shortcut }).settings.globalShortcut).toBe(shortcut);
    },
  );

  it.each(['T', 'Shift+', 'Ctrl+Shift+Hello', 'Ctrl++', ''])(
    'refuses the shortcut %j',
    (shortcut) => {
      expect(parseSettings({ globalShortcut: shortcut }).issues).toHaveLength(1);
    },
  );

  it('falls back to every default for data that is not an object', () => {
    expect(parseSettings('garbage')).toEqual({
      settings: defaultSettings,
      issues: [
        { field: 'settings', message: 'The settings are not an object: using the defaults' },
      ],
    });
  });
});
