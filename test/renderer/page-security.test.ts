// What the page can and cannot do: claims and names full of markup show as text, the page
// runs under the production CSP with nothing blocked, it has no Node and no generic IPC, and
// its bridge has exactly the contract's verbs.
import { afterEach, describe, expect, it } from 'vitest';

import { describeClaims } from '../../src/main/core/claims';
import { bridgeMethods, type AppState, type IpcResult } from '../../src/shared/ipc-contract';
import { bridgeTo, type TrayWindow } from '../support/renderer-harness';

import { createAppBackend, type AppBackend } from './support/app-backend';
import {
  demoSetup,
  leaksToPage,
  openTray,
  useWindowTestBed,
  type TrayWorld,
} from './support/tray-world';

const markup = '<img src=x onerror="window.__pwned=1">';
const scriptMarkup = '<script>window.__pwned=2</script>';

const bed = useWindowTestBed();
let world: TrayWorld | undefined;
let extra: { window: TrayWindow; backend: AppBackend } | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
  await extra?.window.close();
  await extra?.backend.dispose();
  extra = undefined;
});

/** A server-side claim set whose every string is markup, read by the real claims reader. */
function hostileClaims(): Record<string, unknown> {
  return {
    iss: scriptMarkup,
    aud: [markup],
    sub: markup,
    name: markup,
    sid: `"><svg onload="window.__pwned=3">`,
    exp: Math.floor(Date.now() / 1000) + 3600,
    iat: Math.floor(Date.now() / 1000),
    scope: [markup, '1.3.6.1.4.1.33349.3.1.5.9.2.1.0'],
    role: [scriptMarkup],
    extensions: { santedb: { appname: markup, appid: 'app', devname: scriptMarkup, devid: 'dev' } },
  };
}

describe('untrusted text', () => {
  it('renders markup in claims and in a profile name as characters, and runs none of it', async () => {
    const backend = await createAppBackend(demoSetup(bed.dev.url));
    const service = backend.service;
    const handlers = bridgeTo(service);
    // The real state, with the demo session holding the hostile claims.
    handlers.getState = async () => {
      const state = (await service['app:get-state']()) as IpcResult<AppState>;
      if (!state.ok) {
        return state;
      }
      const sessions = state.value.sessions.map((session) => ({
        ...session,
        status: 'valid' as const,
        hasToken: true,
        expiresAtMs: Date.now() + 3_600_000,
        idToken: 'decoded' as const,
        claims: describeClaims(hostileClaims()),
      }));
      const profiles = state.value.profiles.map((profile) => ({ ...profile, name: markup }));
      return { ok: true, value: { ...state.value, sessions, profiles } };
    };
    const window = await bed.harness.openWindow(handlers);
    extra = { window, backend };
    const page = window.page;

    const claims = page.getByRole('region', { name: 'Claims' });
    expect(await claims.textContent()).toContain(markup);
    expect(await claims.textContent()).toContain(scriptMarkup);
    expect(await page.getByTestId('raw-claims').textContent()).toContain('window.__pwned=3');
    expect(await page.getByTestId('profile-switcher').locator('option').first().textContent()).toBe(
      markup,
    );
    expect(await page.locator('#app img, #app script, #app svg').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await window.cspViolations()).toEqual([]);
    expect(await page.getByTestId('id-token-badge').textContent()).toBe('Decoded, not verified');
  });
});

describe('the page', () => {
  it('has no Node, no generic IPC, and exactly the contract verbs on window.tokenTray', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    const globals = await page.evaluate(
      `[typeof require, typeof process, typeof module, typeof Buffer, typeof ipcRenderer, typeof electron]`,
    );
    expect(globals).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);

    const keys = await page.evaluate<string[]>('Object.keys(window.tokenTray).sort()');
    expect(keys).toEqual([...Object.keys(bridgeMethods), 'onShowView', 'onStateChanged'].sort());
    expect(await page.evaluate('Object.isFrozen(window.tokenTray)')).toBe(true);
  });

  it('never receives a token or a secret, whatever it asks for', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    await page.getByRole('button', { name: 'Renew now' }).click();
    await expect
      .poll(() => page.getByTestId('status-chip').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('valid');
    await page.getByRole('button', { name: 'Copy bearer token' }).click();
    await expect.poll(() => world?.backend.clipboard.text.length).toBeGreaterThan(20);
    await page.getByRole('tab', { name: 'Profiles' }).click();
    await page.getByRole('button', { name: /^Edit Demo/ }).click();

    // Ask the bridge directly for everything it offers, as a hostile script in the page would.
    await page.evaluate(`Promise.all([
      window.tokenTray.getState(),
      window.tokenTray.getSession('demo'),
      window.tokenTray.copyToken('demo', 'header'),
      window.tokenTray.exportProfiles(),
    ])`);
    const token = world.backend.issued.at(-1)?.accessToken ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(leaksToPage(world)).toEqual([]);
    expect(await page.evaluate<string>('document.documentElement.outerHTML')).not.toContain(token);
    expect(
      world.window.crossings.filter((crossing) => crossing.direction === 'to-page').length,
    ).toBeGreaterThan(5);
  });

  it('runs under the production CSP: no eval, no inline script, no network', async () => {
    world = await openTray(bed.harness, demoSetup(bed.dev.url));
    const page = world.window.page;
    // DevTools lets code it evaluates use eval; a timer runs it as the page's own code instead.
    await page.evaluate(`setTimeout(() => {
      try { eval('1'); window.__eval = 'ran' } catch { window.__eval = 'blocked' }
    }, 0)`);
    await expect.poll(() => page.evaluate('window.__eval')).toBe('blocked');

    const fetchBlocked = await page.evaluate(
      `fetch(${JSON.stringify(`${bed.dev.url}/auth/.well-known/openid-configuration`)}).then(() => false, () => true)`,
    );
    expect(fetchBlocked).toBe(true);

    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inline = 1';
      document.body.append(script);
    })()`);
    expect(await page.evaluate('window.__inline')).toBeUndefined();
    const violations = await world.window.cspViolations();
    expect(violations).toEqual(
      expect.arrayContaining(['script-src', 'connect-src', 'script-src-elem']),
    );
  });
});
