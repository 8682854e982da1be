// Measures the built renderer (dist/renderer, from `node scripts/build.mjs`): its size, and how
// soon the session view is painted in headless Chromium when served with the production CSP.
// The bridge is stubbed inside the page with a fixed state, so only the renderer is timed.
// Usage: node scripts/bench-renderer.mjs [--runs N] [--dir dist/renderer] [--strict]
// (--strict: exit 1 when over budget)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const distDir = resolve(argument('--dir') ?? join('dist', 'renderer'));
const budgetAfterLoadMs = 100;
const runs = Number(argument('--runs') ?? 10);
const strict = process.argv.includes('--strict');

function argument(name) {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** The policy the app serves, taken from its TypeScript source so the two cannot differ. */
async function loadPolicy() {
  const bundled = await build({
    entryPoints: ['src/main/electron/content-security-policy.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  const source = bundled.outputFiles[0].text;
  const module = await import(`data:text/javascript,${encodeURIComponent(source)}`);
  return module.CONTENT_SECURITY_POLICY;
}

function serve(policy) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((request, response) => {
    const path = normalize(new URL(request.url ?? '/', 'http://x').pathname);
    const file = join(distDir, path);
    if (!file.startsWith(distDir) || !types[extname(file)] || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': types[extname(file)],
      'Content-Security-Policy': policy,
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/* global window, performance -- the two functions below run in the page, not in Node. */

/** Runs in the page before the app: a bridge that answers at once with a valid session. */
function stubBridge() {
  const now = Date.now();
  const profile = {
    id: 'bench',
    name: 'Bench',
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org',
    effectiveTokenEndpoint: 'https://sdb.example.org/auth/oauth2_token',
    clientId: 'org.example.desktop',
    clientAuth: 'post',
    nodeAuth: { kind: 'device', deviceId: 'NODE-1' },
    scope: '*',
    allowHttp: false,
    timeoutSeconds: 20,
    renewal: {
      auto: true,
      beforeExpirySeconds: 120,
      lifetimeFraction: 0.8,
      warnBeforeSeconds: 300,
    },
    demo: false,
    storedSecrets: { clientSecret: true, deviceSecret: true, certPassphrase: false },
    needsReentry: [],
  };
  const scopes = Array.from({ length: 12 }, (_, index) => ({
    value: `1.3.6.1.4.1.33349.3.1.5.9.2.1.${index}`,
    name: `Policy ${index}`,
  }));
  const session = {
    profileId: 'bench',
    profileName: 'Bench',
    demo: false,
    tokenEndpoint: profile.effectiveTokenEndpoint,
    protocol: 'santedb3',
    generation: 'santedb3',
    status: 'valid',
    hasToken: true,
    tokenType: 'bearer',
    obtainedAtMs: now,
    expiresAtMs: now + 3_600_000,
    renewAtMs: now + 2_880_000,
    idToken: 'verified',
    warnings: [],
    claims: {
      name: 'org.example.desktop',
      application: { id: 'app-id', name: 'org.example.desktop' },
      device: { id: 'dev-id', name: 'NODE-1' },
      issuer: 'https://sdb.example.org/auth',
      audience: ['org.example.desktop'],
      sessionId: 'f3d6c1b2-0000-4000-8000-000000000000',
      issuedAtMs: now,
      expiresAtMs: now + 3_600_000,
      scopes,
      roles: [],
      raw: { scope: scopes.map((scope) => scope.value) },
    },
  };
  const state = {
    activeProfileId: 'bench',
    profiles: [profile],
    sessions: [session],
    secretBackend: { name: 'bench', secure: true, acceptedInsecure: false },
    settings: {
      clipboardClearSeconds: 60,
      leftClickAction: 'copy-token',
      notifyOnCopy: false,
      startAtLogin: false,
      acceptInsecureSecretStorage: false,
      startAtLoginSupported: true,
      leftClickSupported: true,
      secretBackend: { name: 'bench', secure: true, acceptedInsecure: false },
    },
  };
  const answer = (value) => Promise.resolve({ ok: true, value });
  window.tokenTray = {
    getState: () => answer(state),
    getSession: () => answer(session),
    onStateChanged: () => () => undefined,
    onShowView: () => () => undefined,
  };
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 420, height: 640 } });
  await context.addInitScript(stubBridge);
  const page = await context.newPage();
  const samples = [];
  for (let run = 0; run <= runs; run += 1) {
    await page.goto(url);
    await page.getByTestId('status-chip').waitFor();
    await page.waitForTimeout(50);
    const sample = await page.evaluate(() => ({
      paint: performance.getEntriesByName('token-tray:first-paint')[0]?.startTime ?? NaN,
      load: performance.getEntriesByType('navigation')[0].loadEventEnd,
      contentful: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    }));
    // The first load warms Chromium's caches; a tray window is opened again and again.
    if (run > 0) {
      samples.push(sample);
    }
  }
  await context.close();
  return samples;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function sizeLine() {
  const parts = ['app.js', 'styles.css', 'index.html'].map((file) => {
    const bytes = readFileSync(join(distDir, file));
    return { file, raw: statSync(join(distDir, file)).size, gzip: gzipSync(bytes).length };
  });
  const kb = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;
  const total = parts.reduce(
    (sum, part) => ({ raw: sum.raw + part.raw, gzip: sum.gzip + part.gzip }),
    {
      raw: 0,
      gzip: 0,
    },
  );
  const each = parts
    .map((part) => `${part.file} ${kb(part.raw)} (gzip ${kb(part.gzip)})`)
    .join(', ');
  return `renderer bundle: ${each}; total ${kb(total.raw)} (gzip ${kb(total.gzip)})`;
}

if (!existsSync(join(distDir, 'app.js'))) {
  console.error(
    `bench-renderer: ${distDir}/app.js is missing: run \`node scripts/build.mjs\` first`,
  );
  process.exit(1);
}

const server = await serve(await loadPolicy());
const url = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
try {
  const samples = await measure(browser, url);
  // The view cannot show before the first contentful paint, whatever the mark says.
  const painted = (sample) => Math.max(sample.paint, sample.contentful);
  const afterLoad = median(samples.map((sample) => painted(sample) - sample.load));
  const fromStart = median(samples.map(painted));
  const contentful = median(samples.map((sample) => sample.contentful));
  console.log(sizeLine());
  console.log(
    `session view first paint (median of ${samples.length}, headless Chromium): ` +
      `${fromStart.toFixed(1)} ms from navigation, ${afterLoad.toFixed(1)} ms after load ` +
      `(first contentful paint ${contentful.toFixed(1)} ms); budget ${budgetAfterLoadMs} ms after load: ` +
      (afterLoad < budgetAfterLoadMs ? 'ok' : 'OVER'),
  );
  if (strict && !(afterLoad < budgetAfterLoadMs)) {
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  server.close();
}
