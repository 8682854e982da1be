// What the built CLI accepts from its command line and environment, end to end: each rejection
// is exit 2 with one line of ours and no request sent; a secret's trailing line break is dropped.
import { describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';

import { runBuiltCli } from './built-cli';
import {
  exampleOAuth2Target,
  exampleSecretEnv,
  exampleTarget,
  useCliWithDevServer,
} from './cli-fixtures';

const cli = useCliWithDevServer();
const secretEnv = exampleSecretEnv;
const TIMEOUT_NEEDED =
  'santedb-token: --timeout needs a number of seconds between 1 and 300, such as --timeout 20 (see santedb-token --help)\n';

const target = exampleTarget;

/** Exit 2, nothing on stdout, nothing sent to the server; returns the stderr line. */
async function usageFailure(args: string[], env = secretEnv): Promise<string> {
  const seen = cli.server.requests.length;
  const run = await runBuiltCli(args, env);

  expect(run.stdout).toBe('');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^santedb-token: [^\n]+\n$/);
  expect(cli.server.requests.length).toBe(seen);
  return run.stderr;
}

describe('santedb-token command line', () => {
  it('words a --timeout that is missing its number, instead of "argument is ambiguous"', async () => {
    expect(await usageFailure(target(cli.server.url, ['--timeout', '-5']))).toBe(TIMEOUT_NEEDED);
  });

  it.each(['0x10', '1e2', '0', '301'])('refuses --timeout %s', async (timeout) => {
    expect(await usageFailure(target(cli.server.url, ['--timeout', timeout]))).toBe(TIMEOUT_NEEDED);
  });

  it('accepts a decimal --timeout', async () => {
    const run = await runBuiltCli(target(cli.server.url, ['--timeout', '2.5']), secretEnv);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('names an unknown option without a dangling quote', async () => {
    expect(await usageFailure(target(cli.server.url, ['--pw', 'x']))).toBe(
      'santedb-token: unknown option --pw (see santedb-token --help)\n',
    );
  });

  it('refuses --server together with --token-endpoint', async () => {
    const args = target(cli.server.url, [
      '--token-endpoint',
      `${cli.server.url}/auth/oauth2_token`,
    ]);
    expect(await usageFailure(args)).toMatch(/--server and --token-endpoint .*: pass one/);
  });

  it.each([
    [['--cert', ''], '--cert needs a value, as in --cert FILE'],
    [['--key', ''], '--key needs a value, as in --key FILE'],
    [['--ca', ''], '--ca needs a value, as in --ca FILE'],
    [['--ca='], '--ca needs a value, as in --ca FILE'],
    [['--device-id', ''], '--device-id needs a value, as in --device-id ID'],
  ])(
    'refuses the empty value of %j rather than reading the current directory',
    async (extra, message) => {
      expect(await usageFailure(target(cli.server.url, extra))).toBe(
        `santedb-token: ${message} (see santedb-token --help)\n`,
      );
    },
  );

  it.each([
    [['--server='], '--server needs a value, as in --server URL'],
    [['--token-endpoint='], '--token-endpoint needs a value, as in --token-endpoint URL'],
    [['--server=', '--token-endpoint='], '--server needs a value, as in --server URL'],
  ])('refuses the empty %j as a missing value', async (where, message) => {
    const args = [...where, '--client-id', exampleApplication.clientId, '--allow-http'];
    expect(await usageFailure(args)).toBe(`santedb-token: ${message} (see santedb-token --help)\n`);
  });

  it('names --cert, the option given, for a certificate on an http:// server', async () => {
    const stderr = await usageFailure(target(cli.server.url, ['--cert', '/tmp/x.p12']));
    expect(stderr).toMatch(/^santedb-token: --cert: A client certificate is presented /);
  });

  it('names --protocol for a device with --protocol oauth2', async () => {
    const args = exampleOAuth2Target(cli.server.url, ['--device-id', 'D1']);
    const stderr = await usageFailure(args);

    expect(stderr).toMatch(/^santedb-token: --protocol: Device credentials are SanteDB node /);
    expect(stderr).toContain('pass --protocol auto, santedb3 or santedb2');
  });

  it('refuses credentials in the server URL without repeating them', async () => {
    const withUser = cli.server.url.replace('://', '://alice:s3cr3t-pw@');
    const stderr = await usageFailure(target(withUser));

    expect(stderr).toContain('--server must not contain credentials');
    expect(stderr).toContain('SANTEDB_CLIENT_SECRET');
    expect(stderr).not.toMatch(/s3cr3t|alice|127\.0\.0\.1/);
  });
});

describe('santedb-token secrets from the environment', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('drops one trailing %s from a secret', async (_name, ending) => {
    const run = await runBuiltCli(target(cli.server.url), {
      SANTEDB_CLIENT_SECRET: `${exampleApplication.clientSecret}${ending}`,
    });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\S+\n$/);
  });

  it('keeps a trailing space, which may be part of a secret', async () => {
    const run = await runBuiltCli(target(cli.server.url), {
      SANTEDB_CLIENT_SECRET: `${exampleApplication.clientSecret} `,
    });

    expect(run.stdout).toBe('');
    expect(run.code).toBe(3);
  });

  it('documents the line-break rule in --help', async () => {
    const run = await runBuiltCli(['--help']);
    expect(run.stdout).toContain('One line break at the end of a value (\\n or \\r\\n)');
  });
});
