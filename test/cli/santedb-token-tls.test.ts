// The CLI over HTTPS: mutual TLS with a PKCS#12 node certificate, and an untrusted server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer } from '../../src/dev-server/server';
import type { TestCertificates } from '../support/certs';
import { testCertificates } from '../support/certs';

import { ensureCliBuilt, runBuiltCli } from './built-cli';

let certs: TestCertificates;
let mutualServer: DevServer;
let selfSignedServer: DevServer;

beforeAll(async () => {
  await ensureCliBuilt();
  certs = await testCertificates();
  mutualServer = await startDevServer({
    tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert },
  });
  selfSignedServer = await startDevServer({
    tls: { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key },
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([mutualServer?.close(), selfSignedServer?.close()]);
});

describe('santedb-token over TLS', () => {
  it('authenticates the node with --cert .p12, SANTEDB_CERT_PASSPHRASE and --ca', async () => {
    const seen = mutualServer.requests.length;
    const run = await runBuiltCli(
      [
        'json',
        '--server',
        `${mutualServer.url}/strict`,
        '--client-id',
        exampleApplication.clientId,
        '--cert',
        certs.client.pkcs12Path,
        '--ca',
        certs.ca.certPath,
      ],
      {
        SANTEDB_CERT_PASSPHRASE: certs.client.passphrase,
        SANTEDB_CLIENT_SECRET: exampleApplication.clientSecret,
      },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { protocol: string; claims: unknown };
    expect(result.protocol).toBe('santedb3');
    expect(result.claims).toMatchObject({
      extensions: { santedb: { devname: certs.client.commonName } },
    });
    const sent = mutualServer.requests.slice(seen).filter((r) => r.path.endsWith('oauth2_token'));
    expect(sent.map((request) => [request.clientCertCn, request.clientCertAuthorized])).toEqual([
      [certs.client.commonName, true],
    ]);
  });

  it('authenticates with a PEM --cert and an encrypted --key', async () => {
    const run = await runBuiltCli(
      [
        'token',
        '--server',
        `${mutualServer.url}/strict`,
        '--client-id',
        exampleApplication.clientId,
        '--cert',
        certs.client.certPath,
        '--key',
        certs.client.encryptedKeyPath,
        '--ca',
        certs.ca.certPath,
      ],
      {
        SANTEDB_CERT_PASSPHRASE: certs.client.passphrase,
        SANTEDB_CLIENT_SECRET: exampleApplication.clientSecret,
      },
    );

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\n$/);
  });

  it('exits 4 for a self-signed server certificate when no --ca trusts it', async () => {
    const seen = selfSignedServer.requests.length;
    const run = await runBuiltCli(
      ['--server', selfSignedServer.url, '--client-id', exampleApplication.clientId],
      { SANTEDB_CLIENT_SECRET: exampleApplication.clientSecret },
    );

    expect(run.stdout).toBe('');
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(
      /^santedb-token: .*not trusted: pass the server's CA with --ca FILE/,
    );
    expect(run.stderr).toContain('tls');
    expect(run.stderr).not.toMatch(/profile/i);
    expect(selfSignedServer.requests.length).toBe(seen);
  });

  it('exits 2 naming the passphrase when SANTEDB_CERT_PASSPHRASE is wrong: nothing was sent', async () => {
    const seen = mutualServer.requests.length;
    const run = await runBuiltCli(
      [
        '--server',
        `${mutualServer.url}/strict`,
        '--client-id',
        exampleApplication.clientId,
        '--cert',
        certs.client.pkcs12Path,
        '--ca',
        certs.ca.certPath,
      ],
      { SANTEDB_CERT_PASSPHRASE: 'wrong-passphrase', SANTEDB_CLIENT_SECRET: 'x-secret' },
    );

    expect(run.stdout).toBe('');
    expect(run.code).toBe(2);
    expect(mutualServer.requests.length).toBe(seen);
    expect(run.stderr).toMatch(/passphrase is wrong: set SANTEDB_CERT_PASSPHRASE/);
    expect(run.stderr).not.toMatch(/profile/i);
    expect(run.stderr).not.toContain('wrong-passphrase');
  });
});
