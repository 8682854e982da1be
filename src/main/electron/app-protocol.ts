// The windows' page is served from `app://tray/` rather than file://, so it has a real origin,
// gets the CSP as a header, and can reach no file outside dist/renderer
// (https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols).
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

import { protocol } from 'electron';

import { CONTENT_SECURITY_POLICY } from './content-security-policy';

export const APP_SCHEME = 'app';
export const APP_HOST = 'tray';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/**
 * Must run before `ready`. Standard + secure gives the scheme an origin and a secure context;
 * `bypassCSP` is deliberately absent, so the page's policy always applies.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/** Serves `rendererDir` on the app scheme; call after `ready`. */
export function serveAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}

/** True for URLs of the app's own origin. Node's URL gives custom schemes an opaque origin. */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    // Chromium lower-cases the host of a standard scheme; Node keeps a custom scheme's host as is.
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host.toLowerCase() === APP_HOST;
  } catch {
    return false;
  }
}

export function createAppProtocolHandler(
  rendererDir: string,
): (request: Pick<Request, 'url' | 'method'>) => Promise<Response> {
  const root = resolve(rendererDir);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return notFound();
    }
    const relativePath = requestedPath(request.url);
    if (relativePath === undefined) {
      return notFound();
    }
    const file = await containedFile(root, relativePath);
    if (file === undefined) {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(await readFile(file)), {
      status: 200,
      headers: securityHeaders(contentTypes[extname(file).toLowerCase()]),
    });
  };
}

/**
 * The path below the app origin as a relative file path, or undefined when it could leave the
 * folder. The raw URL is checked segment by segment before any decoding or normalising, so
 * `..`, `%2e%2e`, encoded slashes and absolute or drive paths are all refused.
 */
function requestedPath(url: string): string | undefined {
  const prefix = `${APP_ORIGIN}/`;
  if (!url.toLowerCase().startsWith(prefix)) {
    return undefined;
  }
  const path = url.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  const segments: string[] = [];
  for (const raw of path === '' ? ['index.html'] : path.split('/')) {
    const segment = safeDecode(raw);
    if (segment === undefined || !isPlainSegment(segment)) {
      return undefined;
    }
    segments.push(segment);
  }
  return segments.join(sep);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function isPlainSegment(segment: string): boolean {
  return (
    segment !== '' && !/^\.+$/.test(segment) && !/[/\\:\0%]/.test(segment) && !isAbsolute(segment)
  );
}

/** The real file for `relativePath`, only if it is a file and resolves (links too) inside `root`. */
async function containedFile(root: string, relativePath: string): Promise<string | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([
      realpath(root),
      realpath(resolve(root, relativePath)),
    ]);
    const inside = relative(realRoot, realFile);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      return undefined;
    }
    return (await stat(realFile)).isFile() ? realFile : undefined;
  } catch {
    return undefined;
  }
}

function securityHeaders(contentType: string | undefined): Headers {
  const headers = new Headers({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
  headers.set('Content-Type', contentType ?? 'application/octet-stream');
  return headers;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: securityHeaders('text/plain') });
}
