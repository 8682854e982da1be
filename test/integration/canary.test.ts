// Regression guard for "no secret or token in any error, log line or CLI output": one canary
// value is every secret of the profile and every token a test server hands out, then every
// failure path runs through the token client, the session manager and the built CLI.
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { exampleDevice } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer } from '../../src/dev-server/server';
import { systemClock } from '../../src/main/core/clock';
import { createCredentialLoader } from '../../src/main/core/credentials';
import { createLogger } from '../../src/main/core/logger';
import type { Profile } from '../../src/main/core/profile';
import { parseProfile, secretNames } from '../../src/main/core/profile';
import { MemoryVault } from '../../src/main/core/secret-vault';
import { createSessionManager } from '../../src/main/core/session-manager';
import { createTokenClient } from '../../src/main/core/token-client';
import { createUndiciTransport } from '../../src/main/core/undici-transport';
import { ensureCliBuilt, runBuiltCli } from '../cli/built-cli';
import { closedPort } from '../cli/closed-port';
import { testCertificates } from '../support/certs';

import type { Scenario, ScenarioTargets } from './canary-scenarios';
import { CANARY, canaryForms, scenarios, startCanaryServer } from './canary-scenarios';

const forms = canaryForms();
let devServer: DevServer;
let selfSigned: DevServer;
let canaryServer: Awaited<ReturnType<typeof startCanaryServer>>;
let targets: ScenarioTargets;

beforeAll(async () => {
  const certs = await testCertificates();
  [devServer, selfSigned, canaryServer] = await Promise.all([
    startDevServer(),
    startDevServer({ tls: { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key } }),
    startCanaryServer(),
  ]);
  targets = {
    devServerUrl: devServer.url,
    selfSignedUrl: selfSigned.url,
    closedPortUrl: `http://127.0.0.1:${await closedPort()}`,
    canaryServerUrl: canaryServer.url,
    pkcs12Path: certs.client.pkcs12Path,
    caPath: certs.selfSignedServer.certPath,
  };
  await ensureCliBuilt();
}, 120_000);

afterAll(async () => {
  await Promise.all([devServer?.close(), selfSigned?.close(), canaryServer?.close()]);
});

/** Fails naming where the canary (in any of its forms) was found. */
function expectNoCanary(where: string, text: string): void {
  for (const form of forms) {
    if (text.includes(form)) {
      expect.fail(`${where} contains the canary (as ${JSON.stringify(form)}): ${text}`);
    }
  }
}

/** Everything an error carries, as a caller, a logger or an IPC bridge could render it. */
function errorRenderings(error: unknown): Record<string, string> {
  const record = error as { message?: unknown; context?: unknown; cause?: unknown };
  return {
    message: String(record.message),
    context: JSON.stringify(record.context) ?? '',
    cause: inspect(record.cause, { depth: 10 }),
    json: JSON.stringify(error) ?? '',
    inspect: inspect(error, { depth: 10, showHidden: true }),
    string: String(error),
  };
}

function profileOf(scenario: Scenario): Profile {
  const parsed = parseProfile({ id: 'canary', name: 'canary', ...scenario.profile });
  if (!parsed.ok) {
    throw new Error(`scenario profile is invalid: ${JSON.stringify(parsed.issues)}`);
  }
  return parsed.profile;
}

async function canaryVault(): Promise<MemoryVault> {
  const vault = new MemoryVault();
  for (const name of secretNames) {
    await vault.set('canary', name, CANARY);
  }
  return vault;
}

async function runThroughCore(scenario: Scenario, lines: string[]): Promise<void> {
  const profile = profileOf(scenario);
  const logger = createLogger((level, line) => lines.push(`${level} ${line}`));
  const transport = createUndiciTransport();
  const client = createTokenClient({ transport, clock: systemClock, logger });
  const loadCredentials = createCredentialLoader({ vault: await canaryVault(), readFile });
  const manager = createSessionManager({
    getProfile: (id) => (id === profile.id ? profile : undefined),
    loadCredentials,
    client,
    clock: systemClock,
    logger,
  });
  const events: string[] = [];
  manager.on((event) => events.push(JSON.stringify(event)));

  try {
    const direct = await settle(async () =>
      client.acquire(profile, await loadCredentials(profile)),
    );
    const managed = await settle(() => manager.getToken(profile.id));
    for (const [path, outcome] of [
      ['token client', direct],
      ['session manager', managed],
    ] as const) {
      expect(outcome.ok, `${path} outcome`).toBe(scenario.succeeds === true);
      if (!outcome.ok) {
        for (const [how, text] of Object.entries(errorRenderings(outcome.error))) {
          expectNoCanary(`${path} error ${how}`, text);
        }
      }
    }
    expectNoCanary('session snapshot', JSON.stringify(manager.snapshot(profile.id)));
    expectNoCanary('session events', events.join('\n'));
  } finally {
    manager.dispose();
    await transport.close();
  }
}

async function settle<T>(action: () => Promise<T>) {
  try {
    return { ok: true as const, value: await action() };
  } catch (error) {
    return { ok: false as const, error };
  }
}

function cliArguments(scenario: Scenario): string[] {
  const { profile } = scenario;
  const args = ['json', '--server', profile.serverRoot ?? '', '--client-id', profile.clientId];
  args.push('--protocol', profile.protocol, '--timeout', String(profile.timeoutSeconds ?? 20));
  if (profile.allowHttp) {
    args.push('--allow-http');
  }
  if (profile.nodeAuth?.kind === 'device') {
    args.push('--device-id', profile.nodeAuth.deviceId);
  }
  if (profile.nodeAuth?.kind === 'pkcs12') {
    args.push('--cert', profile.nodeAuth.path);
  }
  if (profile.caPath) {
    args.push('--ca', profile.caPath);
  }
  return args;
}

describe('the canary never leaves through an error, a log line or the CLI', () => {
  it('checks more than a handful of failure paths', () => {
    expect(scenarios(targets).length).toBeGreaterThan(30);
    expect(forms.every((form) => form.length >= 12)).toBe(true);
  });

  it.concurrent.each(scenarios({} as ScenarioTargets).map((scenario) => scenario.name))(
    '%s',
    async (name) => {
      const scenario = scenarios(targets).find((candidate) => candidate.name === name);
      if (!scenario) {
        throw new Error(`no scenario ${name}`);
      }

      const lines: string[] = [];
      await runThroughCore(scenario, lines);
      expect(lines.length, 'the logger saw the attempt').toBeGreaterThan(0);
      expectNoCanary('log lines', lines.join('\n'));

      const run = await runBuiltCli(cliArguments(scenario), {
        SANTEDB_CLIENT_SECRET: CANARY,
        SANTEDB_DEVICE_SECRET: CANARY,
        SANTEDB_CERT_PASSPHRASE: CANARY,
      });
      expectNoCanary('CLI stderr', run.stderr);
      if (scenario.succeeds) {
        expect(run.code).toBe(0);
      } else {
        expect(run.code, run.stderr).toBeGreaterThanOrEqual(2);
        expectNoCanary('CLI stdout', run.stdout);
        expect(run.stdout).toBe('');
      }
    },
    30_000,
  );
});

describe('the canary test exercised real secrets', () => {
  it('sent the canary to the dev server as client secret and inside the device Basic header', () => {
    const forms = devServer.requests.map((request) => request.form.client_secret);
    expect(forms).toContain(CANARY);
    const deviceBasic = Buffer.from(`${exampleDevice.deviceId}:${CANARY}`).toString('base64');
    expect(devServer.requests.map((request) => request.headers.authorization)).toContain(
      `Basic ${deviceBasic}`,
    );
  });
});
