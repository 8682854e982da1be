// Pictures of the windows in the states a user meets, light and dark, for people to look at
// (see support/screenshots.ts for where they go). Each state is also checked to fit the window
// without sideways scroll.
import { statSync } from 'node:fs';

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';

import { fitsTheWindow, shoot } from './support/screenshots';
import {
  demoSetup,
  openTray,
  shortLived,
  strictWithoutDevice,
  type TrayWorld,
  useWindowTestBed,
} from './support/tray-world';

const bed = useWindowTestBed();

async function withWorld(
  setup: Parameters<typeof openTray>[1],
  run: (world: TrayWorld) => Promise<void>,
): Promise<void> {
  const world = await openTray(bed.harness, setup);
  try {
    await run(world);
  } finally {
    await world.close();
  }
}

describe('screenshots', () => {
  it('session view, valid, with verified claims', async () => {
    await withWorld(demoSetup(bed.dev.url), async ({ window, backend }) => {
      await backend.sessions.getToken('demo');
      const badge = window.page.getByTestId('id-token-badge');
      await expect
        .poll(() => badge.getAttribute('data-kind'), { timeout: 10_000 })
        .toBe('verified');
      const files = await shoot(window.page, 'session-valid');
      expect(files.every((file) => statSync(file).size > 10_000)).toBe(true);
      expect(await fitsTheWindow(window.page)).toBe(true);
    });
  });

  it('session view, expired', async () => {
    const setup = shortLived(bed.dev.url, 7);
    await withWorld(setup.options, async ({ window }) => {
      await window.page.getByRole('button', { name: 'Renew now' }).click();
      const chip = window.page.getByTestId('status-chip');
      await expect
        .poll(() => chip.getAttribute('data-status'), { timeout: 15_000 })
        .toBe('expired');
      await window.page.getByTestId('announcement').waitFor({ state: 'hidden', timeout: 10_000 });
      // Long enough after expiry that the counter shows it.
      await expect
        .poll(() => window.page.getByTestId('countdown').textContent(), { timeout: 5000 })
        .toMatch(/^0:0[3-9]$/);
      await shoot(window.page, 'session-expired');
      expect(await fitsTheWindow(window.page)).toBe(true);
    });
  });

  it('session view, error explained', async () => {
    const setup = strictWithoutDevice(bed.dev.url);
    await withWorld(setup.options, async ({ window, backend }) => {
      await backend.sessions.getToken(setup.profile.id).catch(() => undefined);
      const chip = window.page.getByTestId('status-chip');
      await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('error');
      await shoot(window.page, 'session-error');
      expect(await fitsTheWindow(window.page)).toBe(true);
    });
  });

  it('profile form, with a validation error and a successful test', async () => {
    await withWorld(demoSetup(bed.dev.url), async ({ window }) => {
      const page = window.page;
      await page.getByRole('tab', { name: 'Profiles' }).click();
      await shoot(page, 'profile-list');
      await page.getByRole('button', { name: 'Add profile' }).click();
      await fillStrictProfile(page, bed.dev.url);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await expect
        .poll(() => page.getByTestId('test-result').getAttribute('data-ok'), { timeout: 10_000 })
        .toBe('true');
      await page.getByLabel('Display name').fill('');
      await page.getByLabel('Display name').blur();
      await expect.poll(() => page.locator('[data-field="name"]').isVisible()).toBe(true);

      await page.getByLabel('Server root').scrollIntoViewIfNeeded();
      await page.evaluate('window.scrollTo(0, 0)');
      await shoot(page, 'profile-form');
      await page.getByTestId('test-result').scrollIntoViewIfNeeded();
      await shoot(page, 'profile-form-tested');
      expect(await fitsTheWindow(page)).toBe(true);
    });
  });
});

async function fillStrictProfile(page: Page, serverUrl: string): Promise<void> {
  await page.getByLabel('Display name').fill('Clinic node');
  await page.getByLabel('Protocol').selectOption('santedb3');
  await page.getByLabel('Server root').fill(`${serverUrl}/strict`);
  await page.getByLabel('Allow unencrypted HTTP').check();
  await page.getByLabel('Client id').fill(exampleApplication.clientId);
  await page.getByLabel('Device id and secret').check();
  await page.getByLabel('Device id', { exact: true }).fill(exampleDevice.deviceId);
  await page.getByLabel('Device secret', { exact: true }).fill(exampleDevice.deviceSecret);
}
