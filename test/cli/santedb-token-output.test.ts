// The CLI's success contract against the dev server: each output format with its exact shape.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';

import { builtCliPath, runBuiltCli } from './built-cli';
import { exampleSecretEnv, exampleTarget, useCliWithDevServer } from './cli-fixtures';

const SANTEDB3_ACCESS_TOKEN = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
const SANTEDB2_ACCESS_TOKEN = /^[0-9A-F]{96}$/;

const cli = useCliWithDevServer();
const clientSecretEnv = exampleSecretEnv;

const args = (command: string, root = cli.server.url, extra: string[] = []) => [
  command,
  ...exampleTarget(root, extra),
];

describe('santedb-token output formats', () => {
  it('prints the bare access token and a newline by default', async () => {
    const run = await runBuiltCli(args('token').slice(1), clientSecretEnv);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.endsWith('\n')).toBe(true);
    expect(run.stdout.trimEnd()).toMatch(SANTEDB3_ACCESS_TOKEN);
    expect(run.stdout.split('\n')).toHaveLength(2);
  });

  it('prints one Authorization header line for "header"', async () => {
    const run = await runBuiltCli(args('header'), clientSecretEnv);

    expect(run.code).toBe(0);
    const match = /^Authorization: Bearer (\S+)\n$/.exec(run.stdout);
    expect(match?.[1]).toMatch(SANTEDB3_ACCESS_TOKEN);
  });

  it('prints the id_token claims as JSON for "claims"', async () => {
    const run = await runBuiltCli(args('claims'), clientSecretEnv);

    expect(run.code).toBe(0);
    const claims = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(claims.sub).toBe(exampleApplication.id);
    expect(claims.aud).toContain(exampleApplication.clientId);
    expect(claims.name).toBe(exampleApplication.clientId);
  });

  it('prints token, type, expiry, protocol and claims for "json" (SanteDB 3.x)', async () => {
    const before = Date.now();
    const run = await runBuiltCli(args('json'), clientSecretEnv);

    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(
      ['access_token', 'claims', 'expires_at', 'expires_in', 'protocol', 'token_type'].sort(),
    );
    expect(result.access_token).toMatch(SANTEDB3_ACCESS_TOKEN);
    expect(result.token_type).toBe('bearer');
    expect(result.protocol).toBe('santedb3');
    expectConsistentExpiry(result, before, 3600);
    expect((result.claims as Record<string, unknown>).sub).toBe(exampleApplication.id);
  });

  it('reports protocol santedb2 and a seconds expiry for a 2.x server', async () => {
    const before = Date.now();
    const run = await runBuiltCli(
      args('json', `${cli.server.url}/santedb2`, ['--device-id', exampleDevice.deviceId]),
      { ...clientSecretEnv, SANTEDB_DEVICE_SECRET: exampleDevice.deviceSecret },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result.protocol).toBe('santedb2');
    expect(result.access_token).toMatch(SANTEDB2_ACCESS_TOKEN);
    // 2.x sends milliseconds; the CLI reports what it computed, in seconds.
    expectConsistentExpiry(result, before, 3600);
  });

  it('authenticates the node with --device-id and SANTEDB_DEVICE_SECRET', async () => {
    const seen = cli.server.requests.length;
    const run = await runBuiltCli(
      args('json', `${cli.server.url}/strict`, ['--device-id', exampleDevice.deviceId]),
      { SANTEDB_DEVICE_SECRET: exampleDevice.deviceSecret },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { protocol: string; claims: Record<string, unknown> };
    expect(result.protocol).toBe('santedb3');
    expect(result.claims).toMatchObject({
      extensions: { santedb: { devname: exampleDevice.deviceId } },
    });

    const sent = cli.server.requests.slice(seen).filter((r) => r.path.endsWith('/oauth2_token'));
    expect(sent).toHaveLength(1);
    const basic = Buffer.from(`${exampleDevice.deviceId}:${exampleDevice.deviceSecret}`);
    expect(sent[0]?.headers.authorization).toBe(`Basic ${basic.toString('base64')}`);
    expect(sent[0]?.form.client_secret).toBeUndefined();
  });

  it('words a warning about the protocol in CLI terms', async () => {
    const run = await runBuiltCli(
      args('token', `${cli.server.url}/_fault/ms-expiry`, ['--protocol', 'santedb3']),
      clientSecretEnv,
    );

    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^santedb-token: warning: .*pass --protocol santedb2 or auto\n$/);
    expect(run.stderr).not.toMatch(/profile/i);
  });

  it('prints the usage on stdout for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const run = await runBuiltCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: santedb-token \[token\|header\|claims\|json\]/);
      expect(run.stdout).toContain('SANTEDB_CLIENT_SECRET');
    }
  });

  it('prints the package version for --version', async () => {
    const { version } = (await import('../../package.json')) as { version: string };
    const run = await runBuiltCli(['--version']);

    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`santedb-token ${version}\n`);
  });
});

function expectConsistentExpiry(
  result: Record<string, unknown>,
  beforeMs: number,
  lifetimeSeconds: number,
): void {
  expect(result.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  const expiresAtMs = Date.parse(result.expires_at as string);
  expect(typeof result.expires_in).toBe('number');
  expect(Number.isInteger(result.expires_in)).toBe(true);
  const expiresIn = result.expires_in as number;
  expect(expiresIn).toBeGreaterThan(lifetimeSeconds - 30);
  expect(expiresIn).toBeLessThanOrEqual(lifetimeSeconds);
  expect(expiresAtMs).toBeGreaterThan(beforeMs + (lifetimeSeconds - 30) * 1000);
  expect(expiresAtMs).toBeLessThanOrEqual(Date.now() + lifetimeSeconds * 1000 + 1000);
}

describe('santedb-token output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('exits 2 with one line on stderr, not 0', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      // Spawned, not spawnSync: the dev server answering the CLI runs in this process.
      const child = spawn(process.execPath, [builtCliPath, ...args('token').slice(1)], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...clientSecretEnv },
        stdio: ['ignore', full, 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((resolve) => child.once('close', resolve));

      expect(status).toBe(2);
      expect(stderr).toBe(
        'santedb-token: the output could not be written (ENOSPC): check where stdout goes, such as a full disk\n',
      );
    } finally {
      closeSync(full);
    }
  });
});
