// The Settings tab in Chromium over the real application layer, with the settings kept in
// memory: each control saves on its own, main's refusals show under the control that caused
// them, and what the desktop cannot do is disabled and explained.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { defaultSettings } from '../../src/main/app/app-settings';
import { MemorySettings } from '../support/memory-settings';
import { startRendererHarness, type RendererHarness } from '../support/renderer-harness';

import type { BackendOptions } from './support/app-backend';
import { fitsTheWindow, shoot } from './support/screenshots';
import { openTray, type TrayWorld } from './support/tray-world';

let harness: RendererHarness;
let world: TrayWorld | undefined;

beforeAll(async () => {
  harness = await startRendererHarness();
});

afterEach(async () => {
  await world?.close();
  world = undefined;
});

afterAll(async () => {
  await harness?.close();
});

/** A Linux desktop with GNOME Keyring: no tray clicks, but an autostart entry. */
const linux = { startAtLoginSupported: true, leftClickSupported: false };

async function openSettings(options: BackendOptions): Promise<Page> {
  world = await openTray(harness, options, { viewport: { width: 400, height: 600 } });
  const page = world.window.page;
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.locator('#view-settings').waitFor();
  return page;
}

function issueOf(page: Page, field: string) {
  return page.locator(`.field-message[data-field="${field}"]`);
}

describe('settings tab', () => {
  it('saves a new clipboard delay, and says what it means', async () => {
    const settings = new MemorySettings();
    const page = await openSettings({ settings });
    const delay = page.getByLabel('Clear the clipboard after');
    expect(await delay.inputValue()).toBe('60');

    await delay.fill('30');
    await delay.press('Enter');

    await expect.poll(() => settings.saved.clipboardClearSeconds).toBe(30);
    expect(await page.getByTestId('announcement').textContent()).toBe(
      'Saved: a copied token is cleared from the clipboard after 30 s.',
    );
    expect(settings.saved).toEqual({ ...defaultSettings, clipboardClearSeconds: 30 });
    expect(await world?.window.cspViolations()).toEqual([]);
  });

  it('refuses an emptied delay in the page, and a too long one in main, saving neither', async () => {
    const settings = new MemorySettings();
    const page = await openSettings({ settings });
    const delay = page.getByLabel('Clear the clipboard after');

    await delay.fill('');
    await delay.press('Tab');
    await expect
      .poll(() => issueOf(page, 'clipboardClearSeconds').textContent())
      .toBe('Enter a number of seconds, or 0 to never clear on a timer');
    await delay.fill('7200');
    await delay.press('Tab');

    await expect
      .poll(() => issueOf(page, 'clipboardClearSeconds').textContent())
      .toBe('The clipboard delay must be at most 3600 seconds');
    expect(await delay.getAttribute('aria-invalid')).toBe('true');
    expect(await delay.inputValue()).toBe('7200');
    expect(settings.saves).toEqual([]);
  });

  it('shows why a shortcut is refused, keeps the old one, and saves a good one', async () => {
    const settings = new MemorySettings({ globalShortcut: 'CommandOrControl+Shift+T' });
    settings.takenShortcuts.add('Alt+Shift+K');
    const page = await openSettings({ settings });
    const shortcut = page.getByLabel('Global shortcut');
    expect(await shortcut.getAttribute('placeholder')).toBe('CommandOrControl+Shift+T');

    await shortcut.fill('T');
    await shortcut.press('Enter');
    await expect
      .poll(() => issueOf(page, 'globalShortcut').textContent())
      .toBe(
        'The global shortcut must be a key with at least one modifier, such as CommandOrControl+Shift+T',
      );
    await shortcut.fill('Alt+Shift+K');
    await shortcut.press('Enter');
    await expect
      .poll(() => issueOf(page, 'globalShortcut').textContent())
      .toContain('Alt+Shift+K could not be registered');
    expect(await issueOf(page, 'globalShortcut').textContent()).toContain(
      'CommandOrControl+Shift+T stays in use',
    );
    expect(settings.saves).toEqual([]);
    expect(settings.inForce.globalShortcut).toBe('CommandOrControl+Shift+T');

    await shortcut.fill(' Alt+Shift+J ');
    await shortcut.press('Enter');
    await expect.poll(() => settings.saved.globalShortcut).toBe('Alt+Shift+J');
    expect(await issueOf(page, 'globalShortcut').isHidden()).toBe(true);
    expect(await shortcut.inputValue()).toBe('Alt+Shift+J');
    expect(await shortcut.getAttribute('aria-invalid')).toBeNull();
  });

  it('saves the switches and the left click action, and turns the shortcut off when emptied', async () => {
    const settings = new MemorySettings({ globalShortcut: 'Alt+Shift+K' });
    const page = await openSettings({ settings });

    await page.getByLabel('Notify when a token is copied').check();
    await expect.poll(() => settings.saved.notifyOnCopy).toBe(true);
    await page.getByLabel('Left click on the tray icon').selectOption('menu');
    await expect.poll(() => settings.saved.leftClickAction).toBe('menu');
    await page.getByLabel('Start at login').check();
    await expect.poll(() => settings.saved.startAtLogin).toBe(true);
    await page.getByLabel('Global shortcut').fill('');
    await page.getByLabel('Global shortcut').press('Enter');
    await expect.poll(() => settings.saved.globalShortcut ?? 'off').toBe('off');

    expect(await page.getByTestId('announcement').textContent()).toBe('Saved: no global shortcut.');
    expect(await page.getByTestId('secret-backend').textContent()).toBe(
      'Stored secrets are encrypted by memory (test).',
    );
    expect(await page.getByLabel('Store secrets without encryption').isVisible()).toBe(false);
  });

  it('disables what the desktop cannot do and explains why', async () => {
    const platform = { startAtLoginSupported: false, leftClickSupported: false };
    const page = await openSettings({ settings: new MemorySettings({}, platform) });

    expect(await page.getByLabel('Left click on the tray icon').isDisabled()).toBe(true);
    expect(await page.getByLabel('Start at login').isDisabled()).toBe(true);
    const hints = await page.locator('#view-settings .hint').allTextContents();
    expect(hints).toContain(
      'This desktop sends no clicks to tray icons: the icon always opens the menu.',
    );
    expect(hints).toContain(
      "Not available on this desktop: add the app to the desktop's startup applications instead.",
    );
  });

  it('names the keyring, and reaches the tab from the keyboard', async () => {
    const page = await openSettings({
      settings: new MemorySettings({}, linux),
      secretBackend: { name: 'gnome_libsecret', secure: true },
    });
    await page.getByRole('tab', { name: 'Session' }).click();

    await page.getByRole('tab', { name: 'Session' }).press('End');

    expect(await page.evaluate('document.activeElement.id')).toBe('tab-settings');
    expect(await page.locator('#view-settings').isVisible()).toBe(true);
    expect(await page.getByTestId('secret-backend').textContent()).toBe(
      'Stored secrets are encrypted by GNOME Keyring (libsecret).',
    );
    // A picture without the keyboard's focus ring on the tab.
    await page.evaluate('document.activeElement.blur()');
    await shoot(page, 'settings');
    expect(await fitsTheWindow(page)).toBe(true);
  });

  it('warns where no keyring encrypts secrets, and stores them only when told to', async () => {
    const settings = new MemorySettings({}, linux);
    const page = await openSettings({
      settings,
      secretBackend: { name: 'basic_text', secure: false },
    });
    const accept = page.getByLabel('Store secrets without encryption');

    expect(await page.getByTestId('secret-backend').textContent()).toContain(
      'No keyring is available (basic_text).',
    );
    expect(await accept.isChecked()).toBe(false);
    await page.getByTestId('secret-backend').scrollIntoViewIfNeeded();
    await shoot(page, 'settings-insecure');
    await accept.check();

    await expect.poll(() => settings.saved.acceptInsecureSecretStorage).toBe(true);
    const state = await page.evaluate('window.tokenTray.getState()');
    expect(state).toMatchObject({ ok: true, value: { secretBackend: { acceptedInsecure: true } } });
    expect(await fitsTheWindow(page)).toBe(true);
  });
});
