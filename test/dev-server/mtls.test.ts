import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';

import { describe, expect, it } from 'vitest';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import { testCertificates } from '../support/certs';
import type { TestCertificates } from '../support/certs';

import { exampleSecretForm, useDevServer } from './fixtures';
import { jwtPart, postForm, send } from './http-client';
import type { SendOptions } from './http-client';

let certs: TestCertificates;
// No clock: these servers run on real time.
const dev = useDevServer(async () => {
  certs = await testCertificates();
  return { tls: { cert: certs.server.cert, key: certs.server.key, clientCa: certs.ca.cert } };
});

const appOnly = { grant_type: 'client_credentials', client_id: exampleApplication.clientId };

function clientTls(extra: SendOptions['tls'] = {}): SendOptions['tls'] {
  return { ca: certs.ca.cert, ...extra };
}

function pemClient(): SendOptions['tls'] {
  return clientTls({ cert: certs.client.cert, key: certs.client.key });
}

describe('mTLS node authentication', () => {
  it('maps an authorized certificate CN to the device, with client_id alone', async () => {
    const before = dev.server.requests.length;
    const response = await postForm(
      `${dev.server.url}/auth/oauth2_token`,
      appOnly,
      {},
      pemClient(),
    );
    expect(response.status).toBe(200);
    const santedb = (
      jwtPart(response.json.id_token as string, 1).extensions as {
        santedb: Record<string, unknown>;
      }
    ).santedb;
    expect(santedb).toMatchObject({ devid: exampleDevice.id, devname: exampleDevice.deviceId });
    expect(dev.server.requests[before]).toMatchObject({
      clientCertCn: 'DESKTOP-NODE-01',
      clientCertAuthorized: true,
    });
  });

  it('allows client_secret with a certificate: no symm_secret clash', async () => {
    const response = await postForm(
      `${dev.server.url}/auth/oauth2_token`,
      exampleSecretForm,
      {},
      pemClient(),
    );
    expect(response.status).toBe(200);
  });

  it('satisfies the node requirement of /strict', async () => {
    const strict = `${dev.server.url}/strict/auth/oauth2_token`;
    expect((await postForm(strict, exampleSecretForm, {}, clientTls())).json.error).toBe(
      'unauthorized_client',
    );
    expect((await postForm(strict, exampleSecretForm, {}, pemClient())).status).toBe(200);
  });

  it('counts as the device on 2.x too (X509)', async () => {
    const response = await postForm(
      `${dev.server.url}/santedb2/auth/oauth2_token`,
      exampleSecretForm,
      {},
      pemClient(),
    );
    expect(response.status).toBe(200);
    expect(response.json.access_token).toMatch(/^[0-9A-F]{96}$/);
  });

  it('works with the PKCS#12 file and its passphrase', async () => {
    const tls = clientTls({ pfx: certs.client.pkcs12, passphrase: certs.client.passphrase });
    const response = await postForm(`${dev.server.url}/auth/oauth2_token`, appOnly, {}, tls);
    expect(response.status).toBe(200);
  });

  it('works with the encrypted PEM key and its passphrase', async () => {
    const tls = clientTls({
      cert: certs.client.cert,
      key: certs.client.encryptedKey,
      passphrase: certs.client.passphrase,
    });
    const response = await postForm(`${dev.server.url}/auth/oauth2_token`, appOnly, {}, tls);
    expect(response.status).toBe(200);
  });

  it('refuses a certificate from an untrusted CA with 401, even with the right CN', async () => {
    const before = dev.server.requests.length;
    const tls = clientTls({ cert: certs.untrustedClient.cert, key: certs.untrustedClient.key });
    const response = await postForm(
      `${dev.server.url}/auth/oauth2_token`,
      exampleSecretForm,
      {},
      tls,
    );
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: 'unspecified_error',
      error_description: 'The client certificate is not trusted',
    });
    expect(dev.server.requests[before]).toMatchObject({
      clientCertCn: 'DESKTOP-NODE-01',
      clientCertAuthorized: false,
    });
  });
});

describe('the test certificate set', () => {
  it('has a server certificate for 127.0.0.1 and localhost, issued by the test CA', () => {
    const serverCert = new X509Certificate(certs.server.cert);
    expect(serverCert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
    expect(serverCert.checkIssued(new X509Certificate(certs.ca.cert))).toBe(true);
    expect(new X509Certificate(certs.ca.cert).ca).toBe(true);
  });

  it('has client certificates with CN=DESKTOP-NODE-01 from the right issuers', () => {
    const client = new X509Certificate(certs.client.cert);
    const untrusted = new X509Certificate(certs.untrustedClient.cert);
    expect(client.subject).toBe('CN=DESKTOP-NODE-01');
    expect(client.checkIssued(new X509Certificate(certs.ca.cert))).toBe(true);
    expect(untrusted.checkIssued(new X509Certificate(certs.ca.cert))).toBe(false);
    expect(untrusted.checkIssued(new X509Certificate(certs.untrustedCa.cert))).toBe(true);
  });

  it('writes a PKCS#12 file and an encrypted key that Node reads only with the passphrase', () => {
    expect(() =>
      createSecureContext({ pfx: certs.client.pkcs12, passphrase: certs.client.passphrase }),
    ).not.toThrow();
    expect(() => createSecureContext({ pfx: certs.client.pkcs12, passphrase: 'wrong' })).toThrow();
    expect(certs.client.encryptedKey).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(() =>
      createSecureContext({ cert: certs.client.cert, key: certs.client.encryptedKey }),
    ).toThrow();
  });

  it('has a self-signed server certificate that the test CA does not vouch for', async () => {
    const selfSigned = await startDevServer({
      tls: { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key },
    });
    try {
      await expect(send(`${selfSigned.url}/auth/jwks`, { tls: clientTls() })).rejects.toThrow(
        /self[- ]signed/i,
      );
      const trusted = await send(`${selfSigned.url}/auth/jwks`, {
        tls: { ca: certs.selfSignedServer.cert },
      });
      expect(trusted.status).toBe(200);
    } finally {
      await selfSigned.close();
    }
  });
});
