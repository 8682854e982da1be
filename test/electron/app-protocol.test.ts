import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  createAppProtocolHandler,
  isAppUrl,
  registerAppScheme,
  serveAppProtocol,
} from '../../src/main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/content-security-policy';
import { standIn } from '../support/electron-stand-in';

import { removeScratchDirs, scratchDir } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

let rendererDir: string;

beforeEach(() => {
  const root = scratchDir();
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'nested'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>tray</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'void 0;');
  writeFileSync(join(rendererDir, 'nested', 'styles.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer folder');
  symlinkSync(join(root, 'secret.txt'), join(rendererDir, 'link-out.txt'));
  standIn.reset();
});
afterEach(removeScratchDirs);

const get = (url: string) => createAppProtocolHandler(rendererDir)({ url, method: 'GET' });

describe('app:// protocol', () => {
  it('registers the scheme as standard and secure, never bypassing the CSP', () => {
    registerAppScheme();

    expect(standIn.protocolState.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
  });

  it('serves the page with the content security policy and nosniff headers', async () => {
    const response = await get('app://tray/index.html');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<!doctype html><title>tray</title>');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves the folder root as index.html and nested files with their type', async () => {
    expect(await (await get('app://tray/')).text()).toContain('<title>tray</title>');
    const css = await get('app://tray/nested/styles.css?v=1#x');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://tray/app.js')).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
  });

  it.each([
    'app://tray/../secret.txt',
    'app://tray/nested/../../secret.txt',
    'app://tray/%2e%2e/secret.txt',
    'app://tray/%2E%2E/secret.txt',
    'app://tray/.%2e/secret.txt',
    'app://tray/nested/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://tray/..%5csecret.txt',
    'app://tray/%252e%252e/secret.txt',
    'app://tray//etc/passwd',
    'app://tray/%2fetc%2fpasswd',
    'app://tray/C:%5CWindows%5Cwin.ini',
    'app://tray/index.html%00.js',
    'app://tray/%E0%A4%A',
    'app://tray/link-out.txt',
    'app://tray/missing.html',
    'app://tray/nested',
    'app://other/index.html',
    'app://tray.evil/index.html',
  ])('answers 404 for %s', async (url) => {
    const response = await get(url);

    expect(response.status).toBe(404);
    expect(await response.text()).toBe('Not found');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 to anything but GET and HEAD', async () => {
    const handler = createAppProtocolHandler(rendererDir);
    expect((await handler({ url: 'app://tray/index.html', method: 'POST' })).status).toBe(404);
    expect((await handler({ url: 'app://tray/index.html', method: 'HEAD' })).status).toBe(200);
  });

  it('is installed with protocol.handle once the app is ready', async () => {
    standIn.app.becomeReady();
    serveAppProtocol(rendererDir);

    expect((await standIn.protocol.request(new Request('app://tray/index.html'))).status).toBe(200);
    expect((await standIn.protocol.request('app://tray/%2e%2e/secret.txt')).status).toBe(404);
  });

  it.each([
    ['app://tray/index.html', true],
    ['app://tray/', true],
    ['APP://TRAY/index.html', true],
    ['app://tray.evil/', false],
    ['app://evil/', false],
    ['app://tray@evil/', false],
    ['https://tray/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['not a url', false],
  ])('isAppUrl(%s) is %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});
