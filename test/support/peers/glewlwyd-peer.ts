// Debian's Glewlwyd, run as a subprocess: a second, independent OAuth 2.0 server written in C.
// Unlike oidc-provider it enforces each client's registered authentication method, so it can
// prove that a wrong method is refused. Each peer gets its own SQLite database and port.
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SYSTEM_CONFIG = '/etc/glewlwyd/glewlwyd.conf';
const SQLITE_SCHEMA = '/usr/share/dbconfig-common/data/glewlwyd/install/sqlite3';
const ADMIN = { username: 'admin', password: 'password' };
export const GLEWLWYD_SCOPE = 'tray';

export interface GlewlwydClient {
  clientId: string;
  secret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

export interface GlewlwydPeer {
  tokenEndpoint: string;
  /** The server's own log, for a failing test to show. */
  log(): string;
  close(): Promise<void>;
}

/** Why Glewlwyd cannot run here, or undefined when it can. */
export function glewlwydUnavailableReason(): string | undefined {
  for (const command of ['glewlwyd', 'sqlite3']) {
    if (spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0) {
      return `${command} is not installed: run "apt-get install -y glewlwyd sqlite3" (CI installs it)`;
    }
  }
  return undefined;
}

export async function startGlewlwydPeer(clients: readonly GlewlwydClient[]): Promise<GlewlwydPeer> {
  const unavailable = glewlwydUnavailableReason();
  if (unavailable) {
    throw new Error(`The Glewlwyd peer cannot start: ${unavailable}`);
  }

  const directory = mkdtempSync(join(tmpdir(), 'glewlwyd-peer-'));
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  writeConfiguration(directory, port);

  let log = '';
  const child = spawn('glewlwyd', ['-c', join(directory, 'glewlwyd.conf')], { stdio: 'pipe' });
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const close = () => stopProcess(child).finally(() => rmSync(directory, { recursive: true }));

  try {
    await waitUntilReady(baseUrl, child, () => log);
    await registerClients(baseUrl, clients);
  } catch (error) {
    await close();
    throw error;
  }
  return { tokenEndpoint: `${baseUrl}/api/oidc/token`, log: () => log, close };
}

function writeConfiguration(directory: string, port: number): void {
  const database = join(directory, 'glewlwyd.db');
  const schema = spawnSync('sqlite3', [database], { input: readFileSync(SQLITE_SCHEMA) });
  if (schema.status !== 0) {
    throw new Error(`sqlite3 could not create the Glewlwyd schema: ${schema.stderr.toString()}`);
  }

  const databaseConfig = join(directory, 'database.conf');
  writeFileSync(databaseConfig, `database =\n{\n  type = "sqlite3"\n  path = "${database}"\n};\n`);
  // Start from the packaged configuration so module paths and defaults match the installed build.
  const config = readFileSync(SYSTEM_CONFIG, 'utf8')
    .replace(/^port=.*$/m, `port=${port}`)
    .replace(/^#?bind_address=.*$/m, 'bind_address="127.0.0.1"')
    .replace(/^external_url=.*$/m, `external_url="http://127.0.0.1:${port}"`)
    .replace(/^log_mode=.*$/m, 'log_mode="console"')
    .replace(/^@include.*$/m, `@include "${databaseConfig}"`);
  writeFileSync(join(directory, 'glewlwyd.conf'), config);
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Glewlwyd exited with code ${child.exitCode} at start:\n${log()}`);
    }
    try {
      if ((await fetch(`${baseUrl}/config/`)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Glewlwyd did not answer within 10 s:\n${log()}`);
}

async function registerClients(baseUrl: string, clients: readonly GlewlwydClient[]) {
  const api = `${baseUrl}/api`;
  const login = await fetch(`${api}/auth/`, jsonPost(ADMIN));
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!login.ok || !cookie) {
    throw new Error(`Glewlwyd admin sign-in failed with HTTP ${login.status}`);
  }

  const admin = async (path: string, body: unknown): Promise<void> => {
    const response = await fetch(`${api}${path}`, jsonPost(body, cookie));
    if (!response.ok) {
      throw new Error(`Glewlwyd ${path} failed: HTTP ${response.status} ${await response.text()}`);
    }
  };

  await admin('/scope/', {
    name: GLEWLWYD_SCOPE,
    display_name: 'Token tray',
    description: 'scope for the token tray tests',
    password_required: false,
    scheme: {},
  });
  await admin('/mod/plugin/', oidcPlugin(baseUrl));
  for (const client of clients) {
    await admin('/client/', {
      client_id: client.clientId,
      name: client.clientId,
      enabled: true,
      confidential: true,
      password: client.secret,
      authorization_type: ['client_credentials'],
      // Without this property every grant is refused with 403.
      token_endpoint_auth_method: [client.method],
      scope: [GLEWLWYD_SCOPE],
      redirect_uri: [],
    });
  }
}

function oidcPlugin(baseUrl: string): Record<string, unknown> {
  return {
    module: 'oidc',
    name: 'oidc',
    display_name: 'OIDC',
    parameters: {
      iss: `${baseUrl}/api/oidc`,
      'jwt-type': 'sha',
      'jwt-key-size': '256',
      key: 'glewlwyd-peer-signing-key-not-secret',
      'access-token-duration': 300,
      'refresh-token-duration': 3600,
      'code-duration': 600,
      'allow-non-oidc': true,
      'auth-type-client-enabled': true,
      'auth-type-code-enabled': false,
      'auth-type-token-enabled': false,
      'auth-type-id-token-enabled': true,
      'auth-type-password-enabled': false,
      'auth-type-refresh-enabled': false,
    },
  };
}

function jsonPost(body: unknown, cookie?: string): RequestInit {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cookie) {
    headers.cookie = cookie;
  }
  return { method: 'POST', headers, body: JSON.stringify(body) };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(forceKill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
