// The session view in Chromium against the real app layer and the dev server: a session that
// runs out while watched, a refusal explained in SanteDB terms, and the copy actions, which put
// the token on main's clipboard without the page ever holding it.
import { afterEach, describe, expect, it } from 'vitest';

import {
  demoSetup,
  leaksToPage,
  openTray,
  shortLived,
  strictWithoutDevice,
  type TrayWorld,
  useWindowTestBed,
} from './support/tray-world';

const bed = useWindowTestBed();
let world: TrayWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('session status', () => {
  it('shows a session that expires while watched as expired, and says what to do', async () => {
    // The client refuses tokens that live 5 s or less, so this is about the shortest there is.
    const setup = shortLived(bed.dev.url, 7);
    world = await openTray(bed.harness, setup.options);
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();
    const chip = page.getByTestId('status-chip');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('valid');
    expect(await page.getByTestId('status-detail').textContent()).toContain(
      'not renewed automatically',
    );

    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 15_000 }).toBe('expired');
    expect(await chip.textContent()).toBe('Expired');
    expect(await page.getByTestId('status-detail').textContent()).toMatch(
      /^The token expired at .+: the server will refuse it.$/,
    );
    expect(await page.getByTestId('status-advice').textContent()).toContain('Renew now');
    expect(await page.locator('.clock-caption').textContent()).toBe('since expiry');
  });

  it('explains a refusal in SanteDB terms, with what to change', async () => {
    const setup = strictWithoutDevice(bed.dev.url);
    world = await openTray(bed.harness, setup.options);
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();

    const chip = page.getByTestId('status-chip');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('error');
    const detail = await page.getByTestId('status-detail').textContent();
    expect(detail).toContain('unauthorized_client');
    expect(detail).toContain(
      'This server requires node authentication: add the device credentials or a client certificate',
    );
    expect(detail).toMatch(/Last attempt at .+\.$/);
    expect(await page.getByTestId('announcement').textContent()).toMatch(/node authentication/);

    // The fix is in the profile, and the card leads there.
    await page.getByRole('button', { name: 'Edit profile…' }).click();
    expect(await page.getByRole('heading', { name: 'Edit "Strict server"' }).isVisible()).toBe(
      true,
    );
  });
});

describe('the countdown', () => {
  it('is right again as soon as the window is shown after the computer slept', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await world.backend.sessions.getToken('demo');
    const clock = page.getByTestId('countdown');
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).toMatch(/^59:/);

    // Ten minutes pass while timers are frozen, as in sleep; the page is then shown again.
    await page.clock.setSystemTime(Date.now() + 600_000);
    await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
    expect(await clock.textContent()).toMatch(/^49:/);
  });
});

describe('copying', () => {
  it('puts the token and the header on the clipboard in main, never in the page', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.getByRole('button', { name: 'Copy Authorization header' }).click();
    const announcement = page.getByTestId('announcement');
    await expect.poll(() => announcement.textContent(), { timeout: 10_000 }).toContain('copied');
    expect(await announcement.textContent()).toBe(
      'Authorization header copied. The clipboard is cleared in 30 s.',
    );

    const token = world.backend.issued.at(-1)?.accessToken ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(world.backend.clipboard.text).toBe(`Bearer ${token}`);
    await page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => world?.backend.clipboard.text).toBe(token);

    expect(await page.content()).not.toContain(token);
    expect(leaksToPage(world)).toEqual([]);
    expect(world.window.crossings.length).toBeGreaterThan(4);
  });

  it('signs out and then offers no token to copy until renewed', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();
    const chip = page.getByTestId('status-chip');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('valid');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => chip.getAttribute('data-status')).toBe('idle');
    expect(await page.getByRole('button', { name: 'Sign out' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('countdown').isVisible()).toBe(false);
  });
});
