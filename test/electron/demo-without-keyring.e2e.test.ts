// A newcomer on a Linux desktop with no keyring (safeStorage backend "basic_text") still gets a
// working demo: the demo's client secret is the dev server's public example, served from memory,
// so the app starts, copies a real token from the bundled dev server, and writes no secret.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, onTestFailed, vi } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import type { DevServer } from '../../src/dev-server/server';
import { DEMO_PROFILE_ID } from '../../src/main/app/demo-profile';
import type { AppState, IpcResult } from '../../src/shared/ipc-contract';
import { standIn } from '../support/electron-stand-in';
import { FakeClock } from '../support/fake-clock';

import { removeScratchDirs } from './helpers/fixtures';
import { demoServerOn, startTestApp } from './helpers/start-app';
import { clickMenuItem, menuItem, until } from './helpers/tray-driver';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

let server: DevServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  removeScratchDirs();
});

function clipboardText(): string {
  return standIn.clipboard.system.formats.get('text/plain')?.toString('utf8') ?? '';
}

/** Every file the app left in its folder, as text. */
function folderContents(directory: string): string {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('the demo on Linux without a keyring', () => {
  it('starts, copies a real token and writes no secret for it', async () => {
    const clock = new FakeClock();
    const { directory, logLines, running } = await startTestApp(
      { linuxBackend: 'basic_text' },
      { clock, startDemoServer: demoServerOn(clock, (started) => (server = started)) },
    );
    onTestFailed(() => console.log(`app log:\n${logLines.join('\n')}`));

    expect(menuItem(`profile:${DEMO_PROFILE_ID}`).checked).toBe(true);
    clickMenuItem('copy-token');
    const token = await until(() => clipboardText() || undefined, 'the token on the clipboard');
    const session = await fetch(`${running?.demoServerUrl}/auth/session`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(session.status).toBe(200);

    // The window sees the secret as stored, and nothing to re-enter.
    clickMenuItem('manage-profiles');
    const window = await until(() => standIn.windows[0], 'the window');
    const state = (await standIn.invokeFrom(
      window.webContents,
      'app:get-state',
      [],
    )) as IpcResult<AppState>;
    expect(state.ok && state.value.profiles).toMatchObject([
      { id: DEMO_PROFILE_ID, storedSecrets: { clientSecret: true }, needsReentry: [] },
    ]);
    expect(state.ok && state.value.secretBackend).toEqual({
      name: 'basic_text',
      secure: false,
      acceptedInsecure: false,
    });

    // Nothing was stored: no opt-in to the built-in key, no secret in any file.
    expect(standIn.world.plainTextOptIn).toBe(false);
    const files = folderContents(directory);
    expect(files).not.toContain(exampleApplication.clientSecret);
    expect(files).not.toContain(Buffer.from(exampleApplication.clientSecret).toString('base64'));
    expect(files).not.toMatch(/"secrets":\s*\{\s*"demo"/);
  });
});
