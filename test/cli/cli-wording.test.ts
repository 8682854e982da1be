// The engine's errors as the CLI words them. Each error is made by the engine itself, so a change
// of its wording that the CLI no longer rewrites shows here as "profile" in a CLI message.
import { describe, expect, it } from 'vitest';

import { cliMessage, cliWording } from '../../src/main/cli/cli-wording';
import { TokenError } from '../../src/main/core/errors';
import type { StatusCheckContext } from '../../src/main/core/oauth-errors';
import { checkResponseStatus } from '../../src/main/core/oauth-errors';
import { parseProfile } from '../../src/main/core/profile';
import type { Profile } from '../../src/main/core/profile';
import { missingSecret } from '../../src/main/core/token-request';
import type { HttpResponse } from '../../src/main/core/transport';
import { describeTransportFailure } from '../../src/main/core/transport-failures';

const url = 'https://sdb.example.org:8443/auth/oauth2_token';

function transportFailure(code: string): TokenError {
  return describeTransportFailure(
    Object.assign(new Error('low-level text'), { code }),
    url,
    10_000,
  );
}

function refusal(
  status: number,
  body: Record<string, string>,
  generation: StatusCheckContext['generation'] = 'santedb3',
  headers: Record<string, string> = {},
): TokenError {
  const response: HttpResponse = {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
  try {
    checkResponseStatus(response, {
      generation,
      grant: 'client_credentials',
      url,
      receivedAtMs: 0,
    });
  } catch (error) {
    return error as TokenError;
  }
  throw new Error('expected the response to be refused');
}

function cliProfile(): Profile {
  const parsed = parseProfile({
    id: 'cli',
    name: 'santedb-token',
    protocol: 'oauth2',
    tokenEndpoint: url,
    clientId: 'org.example.desktop',
  });
  if (!parsed.ok) {
    throw new Error('test profile is invalid');
  }
  return parsed.profile;
}

describe('cliMessage', () => {
  it('keeps the diagnosis of a deadline and asks for a larger --timeout', () => {
    const message = cliMessage(transportFailure('UND_ERR_HEADERS_TIMEOUT'));

    expect(message).toMatch(/^sdb\.example\.org:8443 stopped answering: /);
    expect(message).toContain('pass a larger --timeout');
    expect(message).not.toMatch(/profile/i);
  });

  it('asks for --ca FILE when the server certificate is not trusted', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']) {
      const message = cliMessage(transportFailure(code));

      expect(message).toContain('The server certificate of sdb.example.org:8443 is not trusted');
      expect(message).toContain("pass the server's CA with --ca FILE");
      expect(message).not.toMatch(/profile/i);
    }
  });

  it('names SANTEDB_CERT_PASSPHRASE for a wrong passphrase', () => {
    const message = cliMessage(transportFailure('ERR_OSSL_BAD_DECRYPT'));

    expect(message).toMatch(/^The certificate passphrase is wrong: set SANTEDB_CERT_PASSPHRASE/);
    expect(message).not.toMatch(/profile/i);
  });

  it('names the variable of a missing secret', () => {
    const message = cliMessage(missingSecret(cliProfile(), 'clientSecret', 'for OAuth 2.0'));

    expect(message).toContain('set SANTEDB_CLIENT_SECRET');
    expect(message).not.toMatch(/profile|santedb-token'/i);
  });

  it('keeps the location of a redirect and asks for --token-endpoint', () => {
    const error = refusal(302, {}, 'oauth2', { location: 'https://sso.example.org/token' });
    const message = cliMessage(error);

    expect(message).toContain('redirected to https://sso.example.org/token');
    expect(message).toContain('pass the final token URL with --token-endpoint URL');
    expect(message).not.toMatch(/profile/i);
  });

  it.each([
    [400, 'unauthorized_client', 'santedb3', '--device-id ID with SANTEDB_DEVICE_SECRET'],
    [400, 'invalid_scope', 'oauth2', 'pass another --scope'],
    [400, 'unsupported_grant_type', 'santedb3', '--protocol'],
    [400, 'invalid_client', 'santedb2', 'set SANTEDB_CLIENT_SECRET'],
    [500, 'unspecified_error', 'santedb3', 'if --scope names specific policies'],
    [401, 'unspecified_error', 'santedb3', 'correct the options and secrets before trying'],
  ] as const)('words a refusal HTTP %i %s (%s) in CLI terms', (status, oauthError, gen, advice) => {
    const error = refusal(status, { error: oauthError }, gen);
    const message = cliMessage(error);

    expect(message.startsWith(`Token request refused (HTTP ${status}, ${oauthError}). `)).toBe(
      true,
    );
    expect(message).toContain(advice);
    expect(message).not.toMatch(/profile/i);
  });

  it('names the variables where the engine says to store the secret or add the device', () => {
    const message = cliMessage(refusal(400, { error: 'invalid_client' }, 'santedb3'));

    expect(message).toContain(
      'set SANTEDB_CLIENT_SECRET, or pass --device-id ID with SANTEDB_DEVICE_SECRET.',
    );
    expect(message).toContain('so if this is one, pass --protocol santedb2 or auto.');
    expect(message).not.toMatch(/\b(store|profile)\b/i);
  });

  it('names --device-id and SANTEDB_DEVICE_SECRET for a 2.x device that was not authenticated', () => {
    const message = cliMessage(refusal(400, { error: 'invalid_grant' }, 'santedb2'));

    expect(message).toContain(
      'The device was not authenticated: check --device-id and SANTEDB_DEVICE_SECRET',
    );
    expect(message).not.toMatch(/device id and device secret|profile/i);
  });

  it('names the options for the credentials a 401 rejected', () => {
    const message = cliMessage(refusal(401, { error: 'unspecified_error' }, 'santedb3'));

    expect(message).toContain(
      'check --client-id and SANTEDB_CLIENT_SECRET, and --device-id and SANTEDB_DEVICE_SECRET',
    );
  });

  it('leaves the device out of a 401 when the command line gave no device', () => {
    const message = cliMessage(refusal(401, { error: 'unspecified_error' }, 'santedb3'), 'none');

    expect(message).toContain(
      "The application credentials were rejected, or the account is locked (the server's own words say which): check --client-id and SANTEDB_CLIENT_SECRET.",
    );
    expect(message).not.toMatch(/device|SANTEDB_DEVICE_SECRET/i);
  });

  it('names the --cert certificate, not --device-id, in a 401 for a certificate', () => {
    const message = cliMessage(
      refusal(401, { error: 'unspecified_error' }, 'santedb3'),
      'certificate',
    );

    expect(message).toContain(
      'check --client-id and SANTEDB_CLIENT_SECRET, and the --cert certificate.',
    );
    expect(message).not.toMatch(/--device-id|SANTEDB_DEVICE_SECRET/);
  });

  it('keeps both credentials in a 401 when a device was given', () => {
    const message = cliMessage(refusal(401, { error: 'unspecified_error' }, 'santedb3'), 'device');

    expect(message).toContain(
      'The application or device credentials were rejected, or the account is locked',
    );
    expect(message).toContain(
      'check --client-id and SANTEDB_CLIENT_SECRET, and --device-id and SANTEDB_DEVICE_SECRET',
    );
  });

  it('asks for --device-id when a 2.x server needs a device and none was given', () => {
    const error = refusal(400, { error: 'invalid_grant' }, 'santedb2');

    expect(cliMessage(error, 'none')).toContain(
      'The device was not authenticated: pass --device-id ID with SANTEDB_DEVICE_SECRET, or a client certificate with --cert FILE (and --key FILE for PEM), or ask the administrator',
    );
  });

  it('asks to check the device given when a 2.x server did not authenticate it', () => {
    const error = refusal(400, { error: 'invalid_grant' }, 'santedb2');

    expect(cliMessage(error, 'device')).toContain(
      'The device was not authenticated: check --device-id and SANTEDB_DEVICE_SECRET, or ask',
    );
  });

  it('words a 2.x-shaped unauthorized_client as either cause, with --protocol santedb3 for 3.x', () => {
    const message = cliMessage(refusal(400, { error: 'unauthorized_client' }, 'santedb2'), 'none');

    expect(message).toContain(
      "or this is a SanteDB 3.x server, which requires node authentication and does not read the 2.x device header (the server's own words say which): check --client-id and SANTEDB_CLIENT_SECRET.",
    );
    expect(message).toContain(
      'For a 3.x server, pass --protocol santedb3 or auto, and pass --device-id ID with SANTEDB_DEVICE_SECRET, or a client certificate',
    );
    expect(message).not.toMatch(/\bprofile\b|set the protocol|rejected: check/);
  });

  it('does not ask for the device again when one was given with --protocol santedb2', () => {
    const message = cliMessage(
      refusal(400, { error: 'unauthorized_client' }, 'santedb2'),
      'device',
    );

    expect(message).toContain('For a 3.x server, pass --protocol santedb3 or auto.');
    expect(message).not.toContain('pass --device-id');
  });

  it.each([
    [
      401,
      'unspecified_error',
      'oauth2',
      'check --client-id and SANTEDB_CLIENT_SECRET, and whether the server expects them in the Authorization header (--client-auth basic) or in the form (--client-auth post). A SanteDB server reads an Authorization: Basic header as device credentials: for one, pass --protocol auto, santedb3 or santedb2.',
    ],
    [
      401,
      'invalid_client',
      'oauth2',
      'check --client-id and SANTEDB_CLIENT_SECRET, and whether the server expects them in the Authorization header (--client-auth basic) or in the form (--client-auth post).',
    ],
    [400, 'invalid_request', 'oauth2', 'check --client-id and the token endpoint URL'],
    [
      400,
      'invalid_request',
      'santedb3',
      'check --client-id and that --server does not already end in /auth',
    ],
    [400, 'invalid_request', 'santedb2', 'check --client-id, and the server log'],
    [404, 'unspecified_error', 'santedb3', 'check --server (without /auth) or --token-endpoint'],
  ] as const)('names the options in HTTP %i %s (%s)', (status, oauthError, gen, words) => {
    const message = cliMessage(refusal(status, { error: oauthError }, gen), 'none');

    expect(message).toContain(words);
    expect(message).not.toMatch(/\bthe client (id|secret)\b|\bthe server root\b|\(basic\)/);
  });

  it('says SANTEDB_CERT_PASSPHRASE is not set, not that none is stored', () => {
    // As credentials.ts words an encrypted key or .p12 opened without a passphrase.
    const error = new TokenError(
      'missing_secret',
      'The client certificate is protected by a passphrase, and none is stored: enter the certificate passphrase',
      { profileId: 'cli', field: 'secrets.certPassphrase' },
    );

    expect(cliMessage(error)).toBe(
      'The client certificate is protected by a passphrase, and SANTEDB_CERT_PASSPHRASE is not set: set SANTEDB_CERT_PASSPHRASE to the passphrase of the --cert file (or of an encrypted --key)',
    );
  });

  it.each([
    [
      'The private key does not belong to the client certificate: choose the key file made with this certificate',
      'pass the key made with the --cert file as --key FILE',
    ],
    [
      'The client certificate file is not a PKCS#12 (.p12/.pfx) file that can be opened: choose the exported certificate file',
      'pass the exported certificate file as --cert FILE',
    ],
    [
      'The client certificate or key could not be opened: choose the PEM files of the node certificate and its key',
      'as --cert FILE and --key FILE',
    ],
    [
      'A device id or secret containing ":" cannot be sent to a SanteDB 3.x server (HTTP Basic splits on ":"): set a new device secret on the server, or choose SanteDB 2.x',
      'or pass --protocol santedb2',
    ],
  ])('words "%s" with options', (engine, words) => {
    expect(cliWording(engine)).toContain(words);
    expect(cliWording(engine)).not.toMatch(/\bchoose\b/);
  });

  it('never rewrites what the server said', () => {
    const said = 'Check the profile of the device';
    const error = refusal(400, { error: 'unauthorized_client', error_description: said });

    expect(cliMessage(error)).toContain(`The server said: "${said}".`);
  });

  it('leaves a message without tray words as the engine wrote it', () => {
    const error = transportFailure('ECONNREFUSED');
    expect(cliMessage(error)).toBe(error.message);
  });
});

describe('cliWording', () => {
  it('turns the profile into the command line where no rule applies', () => {
    expect(cliWording("The profile's secrets could not be read")).toBe(
      "The command line's secrets could not be read",
    );
    expect(
      cliWording('expires_in was in milliseconds: set the profile protocol to SanteDB 2.x or auto'),
    ).toBe('expires_in was in milliseconds: pass --protocol santedb2 or auto');
  });
});
