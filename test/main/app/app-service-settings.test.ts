import { describe, expect, it } from 'vitest';

import { defaultSettings } from '../../../src/main/app/app-settings';
import { appHarness } from '../../support/app-fakes';
import { settle } from '../../support/fake-clock';

describe('settings:get', () => {
  it('shows the settings with what the desktop supports and which backend keeps secrets', async () => {
    const harness = appHarness();
    harness.settings.platform = { startAtLoginSupported: false, leftClickSupported: false };

    const result = await harness.service['settings:get']();

    expect(result).toEqual({
      ok: true,
      value: {
        ...defaultSettings,
        startAtLoginSupported: false,
        leftClickSupported: false,
        secretBackend: { name: 'test', secure: true, acceptedInsecure: false },
      },
    });
  });
});

describe('settings:update', () => {
  it('puts the change in force, saves it, tells the windows and logs it in words', async () => {
    const { service, settings, states, logLines } = appHarness();

    const result = await service['settings:update']({ clipboardClearSeconds: 15 });
    await settle();

    expect(result).toMatchObject({ ok: true, value: { clipboardClearSeconds: 15 } });
    expect(settings.saved).toEqual({ ...defaultSettings, clipboardClearSeconds: 15 });
    expect(settings.inForce.clipboardClearSeconds).toBe(15);
    expect(states.at(-1)?.settings.clipboardClearSeconds).toBe(15);
    expect(logLines).toContain('info: settings changed: clipboardClearSeconds 60 → 15');
  });

  it('changes only the settings named, leaving the others as they were', async () => {
    const { service, settings } = appHarness();
    settings.saved = { ...defaultSettings, notifyOnCopy: true, leftClickAction: 'menu' };

    await service['settings:update']({ globalShortcut: 'Alt+Shift+K' });

    expect(settings.saved).toEqual({
      ...defaultSettings,
      notifyOnCopy: true,
      leftClickAction: 'menu',
      globalShortcut: 'Alt+Shift+K',
    });
  });

  it('turns the global shortcut off for an empty text', async () => {
    const { service, settings } = appHarness();
    settings.saved = { ...defaultSettings, globalShortcut: 'Alt+Shift+K' };

    const result = await service['settings:update']({ globalShortcut: '  ' });

    expect(result.ok && result.value.globalShortcut).toBeUndefined();
    expect(settings.saved.globalShortcut).toBeUndefined();
    expect(settings.inForce.globalShortcut).toBeUndefined();
  });

  it('saves nothing, and asks nothing of the host, when nothing changes', async () => {
    const { service, settings, states } = appHarness();

    const result = await service['settings:update']({ clipboardClearSeconds: 60 });
    await settle();

    expect(result.ok).toBe(true);
    expect(settings.saves).toEqual([]);
    expect(states).toEqual([]);
  });

  it.each([
    [
      { clipboardClearSeconds: 5000 },
      'clipboardClearSeconds',
      'The clipboard delay must be at most 3600 seconds; nothing was saved',
    ],
    [
      { clipboardClearSeconds: 2.5 },
      'clipboardClearSeconds',
      'The clipboard delay must be a whole number of seconds; nothing was saved',
    ],
    [
      { globalShortcut: 'T' },
      'globalShortcut',
      'The global shortcut must be a key with at least one modifier, such as CommandOrControl+Shift+T; nothing was saved',
    ],
  ])('refuses %j with invalid_argument naming the field', async (patch, field, message) => {
    const { service, settings } = appHarness();

    const result = await service['settings:update'](patch);

    expect(result).toEqual({
      ok: false,
      code: 'invalid_argument',
      message,
      issues: [{ field, message: message.replace('; nothing was saved', '') }],
    });
    expect(settings.saves).toEqual([]);
    expect(settings.inForce).toEqual(defaultSettings);
  });

  it('saves no part of a change when one of its values is bad', async () => {
    const { service, settings } = appHarness();

    const result = await service['settings:update']({
      notifyOnCopy: true,
      clipboardClearSeconds: -1,
      globalShortcut: 'Shift+',
    });

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_argument',
      message: 'The clipboard delay must be 0 (never) or more (and 1 more); nothing was saved',
      issues: [{ field: 'clipboardClearSeconds' }, { field: 'globalShortcut' }],
    });
    expect(settings.saves).toEqual([]);
    expect(settings.inForce.notifyOnCopy).toBe(false);
  });

  it('refuses to turn on start at login where the desktop has no login items', async () => {
    const { service, settings } = appHarness();
    settings.platform = { startAtLoginSupported: false, leftClickSupported: false };

    const result = await service['settings:update']({ startAtLogin: true });

    expect(result).toMatchObject({
      ok: false,
      code: 'invalid_argument',
      issues: [{ field: 'startAtLogin' }],
      message: expect.stringContaining('Start at login is not available on this desktop'),
    });
    expect(settings.saved.startAtLogin).toBe(false);
  });

  it('keeps the previous shortcut, in force and saved, when another app holds the new one', async () => {
    const { service, settings, states } = appHarness();
    settings.saved = { ...defaultSettings, globalShortcut: 'CommandOrControl+Shift+T' };
    settings.inForce = { ...settings.saved };
    settings.takenShortcuts.add('Alt+Shift+K');

    const result = await service['settings:update']({
      globalShortcut: 'Alt+Shift+K',
      clipboardClearSeconds: 10,
    });
    await settle();

    const message =
      'The shortcut Alt+Shift+K could not be registered: another application may use it, or this desktop does not accept it. Choose another one; CommandOrControl+Shift+T stays in use';
    expect(result).toEqual({
      ok: false,
      code: 'setting_unavailable',
      message,
      issues: [{ field: 'globalShortcut', message }],
    });
    expect(settings.inForce).toEqual(settings.saved);
    expect(settings.inForce.clipboardClearSeconds).toBe(60);
    expect(settings.saves).toEqual([]);
    expect(states).toEqual([]);
  });

  it('undoes what it put in force when the settings cannot be written', async () => {
    const { service, settings } = appHarness();
    settings.failSaves = true;

    const result = await service['settings:update']({ notifyOnCopy: true });

    expect(result).toMatchObject({ ok: false, code: 'storage' });
    expect(result.ok || result.message).toContain('settings.json could not be written');
    expect(settings.inForce.notifyOnCopy).toBe(false);
  });

  it('undoes what it put in force when the host fails while applying', async () => {
    const { service, settings, logLines } = appHarness();
    const apply = settings.apply.bind(settings);
    let calls = 0;
    settings.apply = (next, previous) => {
      calls += 1;
      apply(next, previous);
      if (calls === 1) {
        throw new Error('login item refused');
      }
      return [];
    };

    const result = await service['settings:update']({ notifyOnCopy: true });

    expect(result).toMatchObject({ ok: false, code: 'unexpected' });
    expect(calls).toBe(2);
    expect(settings.inForce.notifyOnCopy).toBe(false);
    expect(logLines.join('\n')).not.toContain('login item refused');
  });

  it.each([
    [[{ theme: 'dark' }], /^Argument patch /],
    [[{ notifyOnCopy: 'yes' }], /^Argument patch\.notifyOnCopy /],
    [[{ leftClickAction: 'dance' }], /^Argument patch\.leftClickAction /],
    [[], /^settings:update takes 1 argument\(s\): patch$/],
  ])('refuses the malformed arguments %j before looking at them', async (args, message) => {
    const { service, settings } = appHarness();

    const result = await service['settings:update'](...args);

    expect(result).toMatchObject({ ok: false, code: 'invalid_argument', message });
    expect(settings.saves).toEqual([]);
  });
});
