// The one-off profile and vault built from options and the environment: the rules the CLI adds to
// the profile's own, and how secrets are read from their variables.
import { describe, expect, it } from 'vitest';

import type { CliOptions } from '../../src/main/cli/arguments';
import { CLI_PROFILE_ID, profileFromArguments } from '../../src/main/cli/profile-from-args';
import { UsageError } from '../../src/main/cli/usage';

const server = 'https://sdb.example.org:8443';
const base: CliOptions = { server, clientId: 'org.example.desktop', allowHttp: false };
const secretEnv = { SANTEDB_CLIENT_SECRET: 'app-secret-value' };

async function usageMessage(options: Partial<CliOptions>, env = secretEnv): Promise<string> {
  const error: unknown = await profileFromArguments({ ...base, ...options }, env).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as Error).message;
}

async function storedClientSecret(value: string): Promise<string | undefined> {
  const { vault } = await profileFromArguments(base, { SANTEDB_CLIENT_SECRET: value });
  return vault.get(CLI_PROFILE_ID, 'clientSecret');
}

describe('profileFromArguments', () => {
  it('defaults to scope "*", a 20 s timeout, protocol auto and client_secret_basic', async () => {
    const { profile } = await profileFromArguments(base, secretEnv);

    expect(profile).toMatchObject({
      scope: '*',
      timeoutSeconds: 20,
      protocol: 'auto',
      clientAuth: 'basic',
    });
  });

  it('refuses --server and --token-endpoint together, asking for one', async () => {
    const message = await usageMessage({ tokenEndpoint: `${server}/auth/oauth2_token` });

    expect(message).toMatch(/^--server and --token-endpoint .*: pass one/);
  });

  it('names --cert, not --device-id, for a certificate on an http:// server', async () => {
    const message = await usageMessage({
      server: 'http://127.0.0.1:8080',
      allowHttp: true,
      cert: '/tmp/x.p12',
    });

    expect(message).toMatch(/^--cert: A client certificate is presented during the TLS handshake/);
  });

  it('names --protocol for a device with --protocol oauth2, and says which to pass', async () => {
    const message = await usageMessage({
      server: undefined,
      tokenEndpoint: `${server}/auth/oauth2_token`,
      protocol: 'oauth2',
      deviceId: 'D1',
    });

    expect(message).toMatch(/^--protocol: Device credentials are SanteDB node authentication: /);
    expect(message).toContain('pass --protocol auto, santedb3 or santedb2');
    expect(message).not.toMatch(/\bchoose\b/);
  });

  it('names --device-id for a device id the server cannot take', async () => {
    const message = await usageMessage({ deviceId: 'NODE:01' });
    expect(message).toMatch(/^--device-id: A device id containing ":"/);
  });

  it.each([undefined, 'auto', 'santedb3', 'santedb2'])(
    'refuses --client-auth with --protocol %s, which it would not change',
    async (protocol) => {
      for (const clientAuth of ['post', 'basic']) {
        expect(await usageMessage({ protocol, clientAuth })).toMatch(
          /^--client-auth applies to --protocol oauth2 only: /,
        );
      }
    },
  );

  it('takes --client-auth post with --protocol oauth2', async () => {
    const options = {
      ...base,
      server: undefined,
      tokenEndpoint: `${server}/auth/oauth2_token`,
      protocol: 'oauth2',
      clientAuth: 'post',
    };
    const { profile } = await profileFromArguments(options, secretEnv);
    expect(profile.clientAuth).toBe('post');
  });

  it.each(['0x10', '1e2', '+5', '5.', '.5', ' 5', '5 ', '', 'Infinity', '0', '0.5', '300.5'])(
    'refuses --timeout %j, which is not plain decimal seconds from 1 to 300',
    async (timeout) => {
      expect(await usageMessage({ timeout })).toBe(
        '--timeout needs a number of seconds between 1 and 300, such as --timeout 20',
      );
    },
  );

  it.each([
    ['1', 1],
    ['20', 20],
    ['2.5', 2.5],
    ['300', 300],
  ])('accepts --timeout %s', async (timeout, seconds) => {
    const { profile } = await profileFromArguments({ ...base, timeout }, secretEnv);
    expect(profile.timeoutSeconds).toBe(seconds);
  });

  it.each([
    ['server', 'https://alice:s3cr3t-pw@sdb.example.org'],
    ['server', 'http://alice:s3cr3t-pw@sdb.example.org'],
    ['server', 'https://alice:s3 cr3t-pw@'],
    ['tokenEndpoint', 'https://s3cr3t-pw@sso.example.org/token'],
  ] as const)('refuses credentials in --%s without repeating them', async (option, url) => {
    const options =
      option === 'server' ? { server: url } : { server: undefined, tokenEndpoint: url };
    const message = await usageMessage({ ...options, allowHttp: true });

    expect(message).toContain('must not contain credentials');
    expect(message).toContain('SANTEDB_CLIENT_SECRET');
    expect(message).not.toMatch(/s3cr3t|alice|example\.org/);
  });

  it('strips one trailing line break from a secret, LF or CRLF', async () => {
    expect(await storedClientSecret('app-secret-value\n')).toBe('app-secret-value');
    expect(await storedClientSecret('app-secret-value\r\n')).toBe('app-secret-value');
    expect(await storedClientSecret('app-secret-value\n\n')).toBe('app-secret-value\n');
  });

  it('keeps any other whitespace as part of the secret', async () => {
    expect(await storedClientSecret(' app-secret-value ')).toBe(' app-secret-value ');
    expect(await storedClientSecret('app-secret-value\t')).toBe('app-secret-value\t');
    expect(await storedClientSecret('app-secret-value\r')).toBe('app-secret-value\r');
  });

  it('says a secret that is only a line break is empty', async () => {
    const message = await usageMessage({}, { SANTEDB_CLIENT_SECRET: '\n' });
    expect(message).toMatch(/^SANTEDB_CLIENT_SECRET is empty: /);
  });
});
