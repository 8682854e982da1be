// The CLI's failure contract: exit code by cause, one stderr line naming it, nothing on stdout.
import { describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';

import type { CliRun } from './built-cli';
import { runBuiltCli } from './built-cli';
import {
  exampleOAuth2Target,
  exampleSecretEnv,
  exampleTarget,
  useCliWithDevServer,
} from './cli-fixtures';
import { closedPort } from './closed-port';

const cli = useCliWithDevServer();
const secretEnv = exampleSecretEnv;

const target = exampleTarget;

/**
 * Every failure: the given exit code, nothing on stdout, exactly one line on stderr, and none of
 * the engine's tray advice ("in the profile"): a CLI user has options and variables instead.
 */
function expectFailure(run: CliRun, code: number): string {
  expect(run.stdout).toBe('');
  expect(run.code).toBe(code);
  expect(run.stderr).toMatch(/^santedb-token: [^\n]+\n$/);
  expect(run.stderr).not.toMatch(/\bprofile\b/i);
  return run.stderr;
}

describe('exit code 2: usage and configuration', () => {
  it('rejects an unknown option by name', async () => {
    const stderr = expectFailure(await runBuiltCli([...target(cli.server.url), '--colour']), 2);
    expect(stderr).toBe('santedb-token: unknown option --colour (see santedb-token --help)\n');
  });

  it('rejects --client-secret on the command line and names the variable to use', async () => {
    const seen = cli.server.requests.length;
    const run = await runBuiltCli([...target(cli.server.url), '--client-secret', 'typed-in-shell']);

    const stderr = expectFailure(run, 2);
    expect(stderr).toContain('SANTEDB_CLIENT_SECRET');
    expect(stderr).not.toContain('typed-in-shell');
    expect(cli.server.requests.length).toBe(seen);
  });

  it('rejects the --name=value form of a secret option without echoing the value', async () => {
    const run = await runBuiltCli([...target(cli.server.url), '--device-secret=typed-in-shell']);

    const stderr = expectFailure(run, 2);
    expect(stderr).toContain('SANTEDB_DEVICE_SECRET');
    expect(stderr).not.toContain('typed-in-shell');
  });

  it('requires --client-id', async () => {
    const run = await runBuiltCli(['--server', cli.server.url, '--allow-http'], secretEnv);
    expect(expectFailure(run, 2)).toContain('--client-id');
  });

  it('refuses an http:// server without --allow-http and sends nothing', async () => {
    const seen = cli.server.requests.length;
    const run = await runBuiltCli(
      ['--server', cli.server.url, '--client-id', exampleApplication.clientId],
      secretEnv,
    );

    expect(expectFailure(run, 2)).toContain('--allow-http');
    expect(cli.server.requests.length).toBe(seen);
  });

  it('asks for --token-endpoint when --protocol oauth2 is given only --server', async () => {
    const run = await runBuiltCli([...target(cli.server.url), '--protocol', 'oauth2'], secretEnv);
    expect(expectFailure(run, 2)).toContain('--token-endpoint');
  });

  it('names the environment variable of a secret that is not set', async () => {
    const run = await runBuiltCli(target(cli.server.url));
    expect(expectFailure(run, 2)).toContain('SANTEDB_CLIENT_SECRET is not set');
  });

  it('refuses --client-auth with a SanteDB protocol, where it would be ignored', async () => {
    const seen = cli.server.requests.length;
    const run = await runBuiltCli([...target(cli.server.url), '--client-auth', 'post'], secretEnv);

    expect(expectFailure(run, 2)).toContain('--client-auth applies to --protocol oauth2 only');
    expect(cli.server.requests.length).toBe(seen);
  });

  it('rejects an unknown command and a timeout that is not a number', async () => {
    expectFailure(await runBuiltCli(['tokens', ...target(cli.server.url)], secretEnv), 2);
    const run = await runBuiltCli([...target(cli.server.url), '--timeout', 'soon'], secretEnv);
    expect(expectFailure(run, 2)).toContain('--timeout');
  });
});

describe('exit code 3: the server refused', () => {
  it('names the OAuth error and the HTTP status of a wrong client secret', async () => {
    const run = await runBuiltCli(target(cli.server.url), {
      SANTEDB_CLIENT_SECRET: 'not-the-secret',
    });

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('unspecified_error');
    expect(stderr).toContain('HTTP 401');
    expect(stderr).not.toContain('not-the-secret');
  });

  it('does not name the device options for a wrong client secret sent without a device', async () => {
    const run = await runBuiltCli(target(cli.server.url), {
      SANTEDB_CLIENT_SECRET: 'not-the-secret',
    });

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain(
      "The application credentials were rejected, or the account is locked (the server's own words say which): check --client-id and SANTEDB_CLIENT_SECRET.",
    );
    expect(stderr).not.toMatch(/--device-id|SANTEDB_DEVICE_SECRET/);
  });

  it('reports unauthorized_client from a server that requires node authentication', async () => {
    const run = await runBuiltCli(target(`${cli.server.url}/strict`), secretEnv);

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('Token request refused (HTTP 400, unauthorized_client)');
    expect(stderr).toContain('pass --device-id ID with SANTEDB_DEVICE_SECRET, or a client cert');
  });

  it('says the client secret may be wrong when auto meets a 2.x server that rejects it', async () => {
    const run = await runBuiltCli(target(`${cli.server.url}/santedb2`), {
      SANTEDB_CLIENT_SECRET: 'not-the-secret',
    });

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain(
      'Token request refused (HTTP 400, unauthorized_client). Either the client id or client secret is wrong',
    );
    expect(stderr).toContain('check --client-id and SANTEDB_CLIENT_SECRET');
    expect(stderr).toContain('The server said: "Invalid application identifier or secret"');
    expect(stderr).not.toContain('not-the-secret');
  });

  it('points --protocol santedb3 at a 2.x server to --protocol santedb2 or auto', async () => {
    const run = await runBuiltCli(
      target(`${cli.server.url}/santedb2`, [
        '--protocol',
        'santedb3',
        '--device-id',
        exampleDevice.deviceId,
      ]),
      { ...secretEnv, SANTEDB_DEVICE_SECRET: exampleDevice.deviceSecret },
    );

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('Token request refused (HTTP 400, invalid_client)');
    // The device was given: what failed is that a 2.x server does not read it from Basic.
    expect(stderr).toContain(
      'The server did not read the device credentials, which went as SanteDB 3.x sends them (Authorization: Basic)',
    );
    expect(stderr).toContain('pass --protocol santedb2 or auto');
    expect(stderr).not.toMatch(/\bstore\b|set SANTEDB_CLIENT_SECRET/);
  });

  it('does not suggest the protocol auto just used when its 2.x retry is refused', async () => {
    const run = await runBuiltCli(
      target(`${cli.server.url}/santedb2`, ['--device-id', exampleDevice.deviceId]),
      {
        SANTEDB_CLIENT_SECRET: 'not-the-secret',
        SANTEDB_DEVICE_SECRET: exampleDevice.deviceSecret,
      },
    );

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('Token request refused (HTTP 400, unauthorized_client)');
    expect(stderr).toContain(
      'The application credentials were rejected: check --client-id and SANTEDB_CLIENT_SECRET.',
    );
    expect(stderr).not.toContain('--protocol');
  });

  it('asks for --device-id when --protocol santedb2 has no device', async () => {
    const run = await runBuiltCli(
      target(`${cli.server.url}/santedb2`, ['--protocol', 'santedb2']),
      secretEnv,
    );

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('Token request refused (HTTP 400, invalid_grant)');
    expect(stderr).toContain(
      'The device was not authenticated: pass --device-id ID with SANTEDB_DEVICE_SECRET, or a client certificate with --cert FILE',
    );
    expect(stderr).not.toContain('device id and device secret');
  });

  it.each([
    ['without', []],
    ['with', ['--device-id', exampleDevice.deviceId]],
  ])(
    'does not blame the client secret alone when --protocol santedb2 meets a 3.x server requiring node auth, %s a device',
    async (_with, device) => {
      const run = await runBuiltCli(
        target(`${cli.server.url}/strict`, ['--protocol', 'santedb2', ...device]),
        { ...secretEnv, SANTEDB_DEVICE_SECRET: exampleDevice.deviceSecret },
      );

      const stderr = expectFailure(run, 3);
      expect(stderr).toContain('Token request refused (HTTP 400, unauthorized_client)');
      expect(stderr).toContain(
        'or this is a SanteDB 3.x server, which requires node authentication and does not read the 2.x device header',
      );
      expect(stderr).toContain('For a 3.x server, pass --protocol santedb3 or auto');
      expect(stderr).toContain('The server said: "client_credentials grant type requires device');
      expect(stderr).not.toContain('The application credentials were rejected:');
    },
  );

  it('names --client-id and SANTEDB_CLIENT_SECRET when an OAuth 2.0 server refuses basic', async () => {
    const run = await runBuiltCli(exampleOAuth2Target(cli.server.url, ['--client-auth', 'basic']), {
      SANTEDB_CLIENT_SECRET: 'not-the-secret',
    });

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('check --client-id and SANTEDB_CLIENT_SECRET');
    expect(stderr).not.toContain('the client id');
  });

  it('asks about --scope when the server fails on a policy it does not know', async () => {
    const run = await runBuiltCli(
      target(cli.server.url, ['--scope', '1.3.6.1.4.1.99999.0']),
      secretEnv,
    );

    const stderr = expectFailure(run, 3);
    expect(stderr).toContain('Token request refused (HTTP 500, unspecified_error)');
    expect(stderr).toContain('if --scope names specific policies');
  });
});

describe('exit code 4: network, TLS or timeout', () => {
  it('reports a refused connection', async () => {
    const port = await closedPort();
    const run = await runBuiltCli(target(`http://127.0.0.1:${port}`), secretEnv);
    expect(expectFailure(run, 4)).toContain('ECONNREFUSED');
  });

  it('gives up after --timeout seconds on a server that does not answer', async () => {
    const run = await runBuiltCli(
      [...target(`${cli.server.url}/_fault/slow-20000`), '--timeout', '1'],
      secretEnv,
    );

    const stderr = expectFailure(run, 4);
    expect(stderr).toContain('did not answer within 1 s');
    expect(stderr).toContain('pass a larger --timeout');
    expect(run.elapsedMs).toBeLessThan(10_000);
  });

  it('states a --timeout of part of a second as given', async () => {
    const run = await runBuiltCli(
      [...target(`${cli.server.url}/_fault/slow-20000`), '--timeout', '1.2'],
      secretEnv,
    );

    expect(expectFailure(run, 4)).toContain('did not answer within 1.2 s');
  });

  it('says to check the scheme and port when https:// reaches the plain-http port', async () => {
    const { host } = new URL(cli.server.url);
    const run = await runBuiltCli(target(`https://${host}`), secretEnv);

    const stderr = expectFailure(run, 4);
    expect(stderr).toContain(
      'check that the URL scheme (http or https) and the port match the server',
    );
    expect(stderr).not.toContain('try again');
  });
});

describe('exit code 5: unexpected response', () => {
  it('reports an HTML page where JSON was expected', async () => {
    const run = await runBuiltCli(target(`${cli.server.url}/_fault/html`), secretEnv);
    expect(expectFailure(run, 5)).toMatch(/bad_response/);
  });

  it('reports a redirect, which is never followed', async () => {
    const run = await runBuiltCli(target(`${cli.server.url}/_fault/redirect`), secretEnv);
    const stderr = expectFailure(run, 5);
    expect(stderr).toMatch(/redirected to \S+/);
    expect(stderr).toContain('pass the final token URL with --token-endpoint URL');
  });
});
