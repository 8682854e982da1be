// Runs the built renderer in Debian's Chromium the way the tray shows it: served from loopback
// with the production Content-Security-Policy header, and with a `window.tokenTray` that has
// exactly the preload's verbs, each forwarded to handlers in Node. Every value that crosses
// that bridge is recorded, so a test can prove what the page was (and was not) given.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { CONTENT_SECURITY_POLICY } from '../../src/main/electron/content-security-policy';
import {
  bridgeMethods,
  type AppState,
  type IpcChannel,
  type IpcEvents,
  type IpcResult,
} from '../../src/shared/ipc-contract';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What the page may call: one handler per preload verb, as the real preload forwards them. */
export type BridgeHandlers = Record<
  keyof typeof bridgeMethods,
  (...args: unknown[]) => Promise<IpcResult<unknown>>
>;

/** The handlers for the page, from one handler per IPC channel (the app service's shape). */
export function bridgeTo(
  channels: Record<IpcChannel, (...args: unknown[]) => Promise<IpcResult<unknown>>>,
): BridgeHandlers {
  const entries = Object.entries(bridgeMethods).map(([method, channel]) => [
    method,
    (...args: unknown[]) => channels[channel](...args),
  ]);
  return Object.fromEntries(entries) as BridgeHandlers;
}

export interface BridgeCrossing {
  direction: 'to-main' | 'to-page';
  method: string;
  json: string;
}

export interface TrayWindow {
  page: Page;
  context: BrowserContext;
  /** Everything that went over the bridge, in order. */
  crossings: BridgeCrossing[];
  /** Push `state:changed` as main does. */
  pushState(state: AppState): Promise<void>;
  /** Push `view:show` as main does after a notification click. */
  showView(request: IpcEvents['view:show']): Promise<void>;
  /** CSP violations the page reported. */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export interface RendererHarness {
  browser: Browser;
  url: string;
  /** The folder the served build is in. */
  buildDir: string;
  openWindow(handlers: BridgeHandlers, options?: WindowOptions): Promise<TrayWindow>;
  close(): Promise<void>;
}

export interface WindowOptions {
  colorScheme?: 'light' | 'dark';
  viewport?: { width: number; height: number };
  hash?: '#session' | '#profiles' | '#settings';
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The renderer build, done as scripts/build.mjs does it, into a folder of this test run. */
export async function buildRenderer(outDir: string): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [join(repoRoot, 'src/renderer/app.ts')],
    outfile: join(outDir, 'app.js'),
    bundle: true,
    sourcemap: true,
    target: 'es2022',
    platform: 'browser',
    format: 'iife',
    logLevel: 'warning',
  });
  for (const file of ['index.html', 'styles.css']) {
    cpSync(join(repoRoot, 'src/renderer', file), join(outDir, file));
  }
}

export async function startRendererHarness(): Promise<RendererHarness> {
  const buildDir = join(repoRoot, 'test-output', `renderer-build-${process.pid}`);
  await buildRenderer(buildDir);
  const server = await serveStatic(buildDir);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });

  return {
    browser,
    url,
    buildDir,
    openWindow: (handlers, options) => openWindow(browser, url, handlers, options),
    async close() {
      await browser.close();
      await new Promise<void>((done) => server.close(() => done()));
      rmSync(buildDir, { recursive: true, force: true });
    },
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
};

/** A loopback file server for one folder, sending the app protocol's security headers. */
export async function serveStatic(root: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(root, path);
    const type = contentTypes[extname(file)];
    if (!file.startsWith(root) || !type) {
      response.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(file);
      response.writeHead(200, {
        'Content-Type': type,
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return server;
}

async function openWindow(
  browser: Browser,
  url: string,
  handlers: BridgeHandlers,
  options: WindowOptions = {},
): Promise<TrayWindow> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 420, height: 640 },
    colorScheme: options.colorScheme ?? 'light',
    // No network beyond the page itself: a renderer that reached out would fail loudly.
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const crossings: BridgeCrossing[] = [];

  await page.exposeBinding('__tokenTrayCall', async (_source, method: string, args: unknown[]) => {
    crossings.push({ direction: 'to-main', method, json: JSON.stringify(args) });
    const handler = handlers[method as keyof BridgeHandlers];
    const result: IpcResult<unknown> = handler
      ? await handler(...args)
      : { ok: false, code: 'invalid_argument', message: `No such verb: ${method}` };
    crossings.push({ direction: 'to-page', method, json: JSON.stringify(result) });
    return result;
  });
  await page.addInitScript(bridgeScript, Object.keys(bridgeMethods));
  await page.goto(`${url}${options.hash ?? ''}`);
  await page.waitForSelector('body[data-ready="true"]');

  const push = async (channel: string, payload: unknown): Promise<void> => {
    crossings.push({ direction: 'to-page', method: channel, json: JSON.stringify(payload) });
    await page.evaluate(
      ([name, value]) => (globalThis as unknown as BridgeGlobals).__tokenTrayEmit(name, value),
      [channel, payload] as const,
    );
  };

  return {
    page,
    context,
    crossings,
    pushState: (state) => push('state:changed', state),
    showView: (request) => push('view:show', request),
    cspViolations: () =>
      page.evaluate(() => (globalThis as unknown as BridgeGlobals).__cspViolations.slice()),
    close: () => context.close(),
  };
}

interface BridgeGlobals {
  __tokenTrayCall(method: string, args: unknown[]): Promise<unknown>;
  __tokenTrayEmit(channel: string, payload: unknown): void;
  __cspViolations: string[];
  tokenTray?: unknown;
  addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void;
}

/**
 * Runs in the page before its own script, like the preload: defines a frozen `tokenTray` with
 * the contract's verbs and the two subscriptions. Serialised by Playwright, so self-contained.
 */
function bridgeScript(methods: string[]): void {
  const page = globalThis as unknown as BridgeGlobals;
  const listeners: Record<string, Set<(payload: unknown) => void>> = {
    'state:changed': new Set(),
    'view:show': new Set(),
  };
  const subscribe = (channel: string) => (listener: (payload: unknown) => void) => {
    listeners[channel]?.add(listener);
    return () => listeners[channel]?.delete(listener);
  };
  const api: Record<string, unknown> = {
    onStateChanged: subscribe('state:changed'),
    onShowView: subscribe('view:show'),
  };
  for (const method of methods) {
    // A copy of the arguments, as structured clone over IPC would make.
    api[method] = (...args: unknown[]) =>
      page.__tokenTrayCall(method, JSON.parse(JSON.stringify(args)) as unknown[]);
  }
  page.tokenTray = Object.freeze(api);
  page.__cspViolations = [];
  page.addEventListener('securitypolicyviolation', (event) =>
    page.__cspViolations.push(event.violatedDirective),
  );
  Object.defineProperty(page, '__tokenTrayEmit', {
    value: (channel: string, payload: unknown) =>
      listeners[channel]?.forEach((listener) => listener(payload)),
  });
}
