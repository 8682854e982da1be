// The profile manager end to end, in Chromium, against the real app layer and the dev server:
// add a profile, meet the core's validation, test the connection for real, save, and see the
// session it gets; plus the rules that a rejected save changes nothing and secrets stay in main.
import { afterEach, describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';

import {
  demoSetup,
  leaksToPage,
  openTray,
  useWindowTestBed,
  type TrayWorld,
} from './support/tray-world';

const bed = useWindowTestBed();
let world: TrayWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('adding a profile', () => {
  it('validates field by field, tests the connection for real, saves and shows the session', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect
      .poll(() => page.getByRole('heading', { name: 'New profile' }).isVisible())
      .toBe(true);

    await page.getByLabel('Display name').fill('Strict node');
    await page.getByLabel('Protocol').selectOption('santedb3');
    await page.getByLabel('Client id').fill(exampleApplication.clientId);
    const root = page.getByLabel('Server root');
    await root.fill('sdb.example.org');
    await root.blur();
    const rootMessage = page.locator('.field-message[data-field="serverRoot"]');
    await expect
      .poll(() => rootMessage.textContent())
      .toContain('must be an http:// or https:// URL');
    expect(await root.getAttribute('aria-invalid')).toBe('true');

    // Fixed, but unencrypted: the core says how to allow it, and the form warns once allowed.
    await root.fill(`${bed.dev.url}/strict`);
    await expect.poll(() => rootMessage.textContent()).toContain('unencrypted http://');
    expect(await page.getByTestId('http-warning').isVisible()).toBe(false);
    await page.getByLabel('Allow unencrypted HTTP').check();
    await expect.poll(() => root.getAttribute('aria-invalid')).toBe(null);
    expect(await page.getByTestId('http-warning').isVisible()).toBe(true);
    expect(await page.getByTestId('endpoint-preview').textContent()).toBe(
      `Token endpoint: ${bed.dev.url}/strict/auth/oauth2_token`,
    );

    await page.getByLabel('Client secret', { exact: true }).fill(exampleApplication.clientSecret);

    // This mount demands node authentication: the failure says so in SanteDB's terms.
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('test-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('false');
    expect(await result.textContent()).toContain('requires node authentication');
    expect(await result.textContent()).toContain(
      'add the device credentials or a client certificate',
    );

    await page.getByLabel('Device id and secret').check();
    await page.getByLabel('Device id', { exact: true }).fill(exampleDevice.deviceId);
    await page.getByLabel('Device secret', { exact: true }).fill(exampleDevice.deviceSecret);
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await result.textContent()).toContain('Connected: SanteDB 3.x');
    expect(await result.textContent()).toContain(`on device ${exampleDevice.deviceId}`);

    await page.getByRole('button', { name: 'Save' }).click();
    const saved = page.locator('.profile-item', { hasText: 'Strict node' });
    await expect.poll(() => saved.count()).toBe(1);
    const stored = world.backend.repository
      .list()
      .find((profile) => profile.name === 'Strict node');
    expect(stored?.nodeAuth).toEqual({ kind: 'device', deviceId: exampleDevice.deviceId });
    expect(await world.backend.vault.get(stored?.id ?? '', 'deviceSecret')).toBe(
      exampleDevice.deviceSecret,
    );

    // Make it the active profile, and look at its session with the claims the server issued.
    await saved.getByRole('radio').check();
    await expect.poll(() => world?.backend.repository.getActiveId()).toBe(stored?.id);
    await page.getByRole('tab', { name: 'Session' }).click();
    await page.getByRole('button', { name: 'Renew now' }).click();
    const chip = page.getByTestId('status-chip');
    await expect.poll(() => chip.getAttribute('data-status'), { timeout: 10_000 }).toBe('valid');
    const claims = page.getByRole('region', { name: 'Claims' });
    expect(await claims.textContent()).toContain(exampleDevice.deviceId);
    expect(await claims.textContent()).toContain(exampleApplication.clientId);
    expect(await page.getByTestId('generation').textContent()).toBe('SanteDB 3.x');
    await expect
      .poll(() => page.getByTestId('id-token-badge').getAttribute('data-kind'))
      .toBe('verified');
    const scopes = await page.getByTestId('scopes').locator('li').allTextContents();
    expect(scopes.length).toBeGreaterThan(0);
    expect(scopes.some((scope) => /Login as a Service.*1\.3\.6\.1\.4\.1\.33349/.test(scope))).toBe(
      true,
    );

    expect(leaksToPage(world)).toEqual([]);
  });

  it('counts down live, one second per second', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();
    const clock = page.getByTestId('countdown');
    await expect.poll(() => clock.isVisible(), { timeout: 10_000 }).toBe(true);

    const seconds = async (): Promise<number> => {
      const [minutes = 0, rest = 0] = ((await clock.textContent()) ?? '').split(':').map(Number);
      return minutes * 60 + rest;
    };
    const first = await seconds();
    expect(first).toBeGreaterThan(3500);
    await page.waitForTimeout(2100);
    const drop = first - (await seconds());
    expect(drop).toBeGreaterThanOrEqual(2);
    expect(drop).toBeLessThanOrEqual(3);
  });
});

describe('the form follows the protocol', () => {
  it('asks OAuth 2.0 for a token endpoint and client authentication, and gets a real token', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    await page.getByRole('button', { name: 'Add profile' }).click();
    await page.getByLabel('Protocol').selectOption('oauth2');
    expect(await page.getByLabel('Server root').isVisible()).toBe(false);
    expect(await page.getByTestId('endpoint-preview').isVisible()).toBe(false);

    await page.getByLabel('Display name').fill('Plain OAuth');
    await page.getByLabel('Token endpoint').fill(`${bed.dev.url}/auth/oauth2_token`);
    await page.getByLabel('Client authentication').selectOption('post');
    await page.getByLabel('Allow unencrypted HTTP').check();
    await page.getByLabel('Client id').fill(exampleApplication.clientId);
    await page.getByLabel('Client secret', { exact: true }).fill(exampleApplication.clientSecret);
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByTestId('test-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await result.textContent()).toContain('Connected: OAuth 2.0');
  });

  it('takes a client certificate from the native file dialog in main', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    await page.getByRole('button', { name: /^Edit Demo/ }).click();
    await page.getByLabel('Client certificate (.p12 / .pfx)').check();
    world.backend.files.queue.push('/etc/token-tray/node.p12');
    await page.getByRole('button', { name: 'Choose the certificate file' }).click();

    const path = page.locator('input[name="nodeAuth.path"]');
    await expect.poll(() => path.inputValue()).toBe('/etc/token-tray/node.p12');
    expect(await path.getAttribute('readonly')).not.toBeNull();
    // The demo server is plain http://, where a client certificate is never asked for: the
    // save is refused with the reason, and the stored profile keeps its node authentication.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => page.locator('form').textContent())
      .toContain('which an http:// server never asks for');
    expect(world.backend.repository.get('demo')?.nodeAuth).toEqual({ kind: 'none' });
  });
});

describe('editing a profile', () => {
  it('tests the unsaved edits with the stored secret, and Cancel keeps the profile as it was', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    const before = world.backend.repository.list();
    await page.getByRole('button', { name: /^Edit Demo/ }).click();
    await page.getByLabel('Server root').fill(`${bed.dev.url}/strict`);
    await page.getByRole('button', { name: 'Test connection' }).click();

    // The strict mount refuses: the test used the edited root, and the stored secret was sent.
    const result = page.getByTestId('test-result');
    await expect.poll(() => result.getAttribute('data-ok'), { timeout: 10_000 }).toBe('false');
    expect(await result.textContent()).toContain('unauthorized_client');
    const sent = bed.dev.requests.filter((request) => request.path === '/strict/auth/oauth2_token');
    expect(sent.at(-1)?.form.client_secret).toBe(exampleApplication.clientSecret);

    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(world.backend.repository.list()).toEqual(before);
    expect(await page.getByRole('button', { name: /^Edit Demo/ }).isVisible()).toBe(true);
  });

  it('rejects an invalid save field by field and changes nothing', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    const before = world.backend.repository.list();
    await page.getByRole('button', { name: /^Edit Demo/ }).click();

    await page.getByText('Renewal and timeouts').click();
    await page.getByLabel('Timeout (seconds)', { exact: true }).fill('900');
    await page.getByText('Renewal and timeouts').click();
    await page.getByLabel('Client id').fill('');
    await page.getByRole('button', { name: 'Save' }).click();

    const clientIdMessage = page.locator('.field-message[data-field="clientId"]');
    await expect.poll(() => clientIdMessage.textContent()).toContain('Client id is required');
    // The field inside the collapsed section is opened so its error can be seen.
    const timeoutMessage = page.locator('.field-message[data-field="timeoutSeconds"]');
    expect(await timeoutMessage.isVisible()).toBe(true);
    expect(await timeoutMessage.textContent()).toContain('between 1 and 300');
    expect(world.backend.repository.list()).toEqual(before);
    expect(await page.getByRole('heading', { name: /^Edit "Demo/ }).isVisible()).toBe(true);
  });

  it('shows a stored secret as stored, never its value, and replaces it only when asked', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    await page.getByRole('button', { name: /^Edit Demo/ }).click();

    const secretField = page.locator('.field[data-path="secrets.clientSecret"]');
    expect(await secretField.getByText('Stored', { exact: true }).isVisible()).toBe(true);
    expect(await page.content()).not.toContain(exampleApplication.clientSecret);
    await secretField.getByRole('button', { name: 'Replace the stored client secret' }).click();
    await page.getByLabel('Client secret', { exact: true }).fill('a-new-secret');
    await page.getByRole('button', { name: 'Save' }).click();

    await expect.poll(() => world?.backend.vault.get('demo', 'clientSecret')).toBe('a-new-secret');
    expect(leaksToPage(world)).toEqual([]);
    const toPage = world.window.crossings.filter((crossing) => crossing.direction === 'to-page');
    expect(toPage.some((crossing) => crossing.json.includes('a-new-secret'))).toBe(false);
  });

  it('exports profiles without secrets and imports them back as new profiles', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url), { hash: '#profiles' });
    const page = world.window.page;
    await page.getByRole('button', { name: 'Duplicate Demo — bundled SanteDB dev server' }).click();
    await expect.poll(() => page.locator('.profile-item').count()).toBe(2);

    await page.getByRole('button', { name: 'Export…' }).click();
    const exported = await page.getByTestId('export-json').inputValue();
    expect(JSON.parse(exported).profiles).toHaveLength(1);
    expect(exported).not.toContain(exampleApplication.clientSecret);

    world.backend.textFiles.set('/virtual/profiles.json', exported);
    world.backend.files.queue.push('/virtual/profiles.json');
    await page.getByRole('button', { name: 'Import…' }).click();
    await expect.poll(() => page.locator('.profile-item').count()).toBe(3);
    expect(await page.getByTestId('announcement').textContent()).toContain('1 profile(s) imported');
  });
});
