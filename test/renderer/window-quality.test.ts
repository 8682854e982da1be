// The window as a person uses it: by keyboard with visible focus, every control named, the OS
// theme followed, nothing cut off at 400×600, main's "show this view" obeyed, and quick to paint.
import { afterEach, describe, expect, it } from 'vitest';

import { demoProfile } from '../../src/main/app/demo-profile';

import {
  demoSetup,
  openTray,
  profileOf,
  useWindowTestBed,
  type TrayWorld,
} from './support/tray-world';

const bed = useWindowTestBed();
let world: TrayWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Visible controls that a screen reader could not name. */
const unnamedControls = `[...document.querySelectorAll('input, select, textarea, button, a[href]')]
  .filter((control) => control.getClientRects().length > 0)
  .filter((control) => {
    const named = control.getAttribute('aria-label') || control.labels?.length > 0 ||
      (control.textContent ?? '').trim() !== '';
    return !named;
  })
  .map((control) => control.outerHTML)`;

const focusedOutline = `(() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle + ' ' + style.outlineWidth;
})()`;

describe('keyboard', () => {
  it('switches views with the tab list keys, shows focus, and opens the form from the keyboard', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('tab-session');
    expect(await page.evaluate(focusedOutline)).toBe('solid 2px');

    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.id')).toBe('tab-profiles');
    expect(await page.getByRole('tab', { name: 'Profiles' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(await page.locator('#view-profiles').isVisible()).toBe(true);
    expect(await page.locator('#view-session').isVisible()).toBe(false);

    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Add profile');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.name')).toBe('name');
    await page.keyboard.type('Typed by keyboard');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.name')).toBe('protocol');
  });

  it('asks before deleting, answers no on Escape, and puts focus back', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    const remove = page.getByRole('button', { name: 'Delete Demo — bundled SanteDB dev server' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    expect(await dialog.isVisible()).toBe(true);
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Cancel');

    await page.keyboard.press('Escape');
    expect(await dialog.count()).toBe(0);
    expect(await page.evaluate('document.activeElement.dataset.focusKey')).toBe('demo:delete');
    expect(world.backend.repository.list()).toHaveLength(1);
  });
});

describe('labels, theme and size', () => {
  it('names every control in both views and in the form, with each node choice shown', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();
    expect(await page.evaluate(unnamedControls)).toEqual([]);

    await page.getByRole('tab', { name: 'Profiles' }).click();
    expect(await page.evaluate(unnamedControls)).toEqual([]);
    await page.getByRole('button', { name: 'Add profile' }).click();
    for (const choice of [
      'Device id and secret',
      'Client certificate (.p12 / .pfx)',
      'Client certificate (PEM and key)',
    ]) {
      await page.getByLabel(choice).check();
      expect(await page.evaluate(unnamedControls)).toEqual([]);
    }
    expect(await world.window.cspViolations()).toEqual([]);
  });

  it('follows the OS theme', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    const background = () =>
      page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(244, 245, 247)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(23, 25, 29)');
  });

  it('fits 400×600 without sideways scrolling, long names and URLs included', async () => {
    const long = profileOf({
      id: 'long',
      name: 'A profile with a rather long display name for a small tray window',
      protocol: 'oauth2',
      tokenEndpoint:
        'https://login.an-unusually-long-host-name.example.org:8443/realms/clinic/protocol/openid-connect/token',
      clientId: 'org.example.an-application-with-a-long-client-identifier',
    });
    const setup = demoSetup(bed.dev.url);
    world = await openTray(
      bed.harness,
      { ...setup, profiles: [...setup.profiles, long], activeProfileId: 'long' },
      {
        viewport: { width: 400, height: 600 },
      },
    );
    const page = world.window.page;
    const fits = () =>
      page.evaluate<boolean>(
        'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
      );
    expect(await fits()).toBe(true);
    await page.getByRole('tab', { name: 'Profiles' }).click();
    expect(await fits()).toBe(true);
    await page.getByRole('button', { name: /^Edit A profile/ }).click();
    await page.getByLabel('Client certificate (PEM and key)').check();
    expect(await fits()).toBe(true);
  });
});

describe('main asks for a view', () => {
  it('shows the view and the profile main names', async () => {
    const setup = demoSetup(bed.dev.url);
    const second = profileOf({
      ...demoProfile(bed.dev.url).profile,
      id: 'second',
      name: 'Second',
      demo: false,
    });
    world = await openTray(bed.harness, { ...setup, profiles: [...setup.profiles, second] });
    const page = world.window.page;

    await world.window.showView({ view: 'profiles' });
    expect(await page.getByRole('tab', { name: 'Profiles' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await world.window.showView({ view: 'session', profileId: 'second' });
    expect(await page.locator('#view-session').isVisible()).toBe(true);
    expect(await page.getByTestId('profile-switcher').inputValue()).toBe('second');
    expect(await page.getByRole('button', { name: 'Make active' }).isVisible()).toBe(true);
  });
});

describe('first paint', () => {
  // How fast is measured by `npm run bench` (scripts/bench-renderer.mjs), not asserted here.
  it('marks the first frame that shows main state, once per load, for the benchmark', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    await world.backend.sessions.getToken('demo');
    const page = world.window.page;

    for (let run = 0; run < 2; run += 1) {
      await page.reload();
      // Polled from here: waitForFunction would eval in the page, which its CSP forbids.
      await expect
        .poll(() => page.evaluate(`performance.getEntriesByName('token-tray:first-paint').length`))
        .toBe(1);
    }
    expect(await page.getByTestId('status-chip').getAttribute('data-status')).toBe('valid');
  });
});
