import { afterEach, describe, expect, it } from 'vitest';

import { createCredentialLoader } from '../../../src/main/core/credentials';
import { parseProfile } from '../../../src/main/core/profile';
import type { Profile, ProfileInput } from '../../../src/main/core/profile';
import { clearRegisteredSecrets, redact } from '../../../src/main/core/redact';
import { MemoryVault } from '../../../src/main/core/secret-vault';
import { testCertificates } from '../../support/certs';
import { tokenErrorOf } from '../../support/token-error';

const CERT_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n';

function profileOf(input: Partial<ProfileInput>): Profile {
  const parsed = parseProfile({
    id: 'prod',
    name: 'Production',
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    ...input,
  });
  if (!parsed.ok) {
    throw new Error(JSON.stringify(parsed.issues));
  }
  return parsed.profile;
}

function files(contents: Record<string, string | Buffer>) {
  const reads: string[] = [];
  const readFile = async (path: string): Promise<Buffer> => {
    reads.push(path);
    const content = contents[path];
    if (content === undefined) {
      throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
    }
    return Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  };
  return { readFile, reads };
}

const device = { kind: 'device', deviceId: 'DESKTOP-NODE-01' } as const;

afterEach(() => clearRegisteredSecrets());

describe('secrets', () => {
  it('reads the device secret, and the optional client secret when one is stored', async () => {
    const vault = new MemoryVault();
    await vault.set('prod', 'deviceSecret', 'dev-Secr3t-EXAMPLE-only');
    await vault.set('prod', 'clientSecret', 'app-Secr3t-EXAMPLE-only');
    const load = createCredentialLoader({ vault, readFile: files({}).readFile });

    const credentials = await load(profileOf({ nodeAuth: device }));

    expect(credentials).toEqual({
      deviceSecret: 'dev-Secr3t-EXAMPLE-only',
      clientSecret: 'app-Secr3t-EXAMPLE-only',
      tls: {},
    });
  });

  it('does without an optional client secret that is not stored', async () => {
    const vault = new MemoryVault();
    await vault.set('prod', 'deviceSecret', 'dev-secret');
    const load = createCredentialLoader({ vault, readFile: files({}).readFile });

    expect(await load(profileOf({ nodeAuth: device }))).toEqual({
      deviceSecret: 'dev-secret',
      tls: {},
    });
  });

  it('keeps the optional client secret for auto, where a 2.x server needs it', async () => {
    const vault = new MemoryVault();
    await vault.set('prod', 'deviceSecret', 'dev-secret');
    await vault.set('prod', 'clientSecret', 'app-secret');
    const load = createCredentialLoader({ vault, readFile: files({}).readFile });

    const credentials = await load(profileOf({ protocol: 'auto', nodeAuth: device }));

    expect(credentials.clientSecret).toBe('app-secret');
    expect(credentials.deviceSecret).toBe('dev-secret');
  });

  it('names the missing secret and what to do', async () => {
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile: files({}).readFile });

    const error = await tokenErrorOf(load(profileOf({ nodeAuth: device })));

    expect(error.code).toBe('missing_secret');
    expect(error.context).toEqual({ profileId: 'prod', field: 'secrets.deviceSecret' });
    expect(error.message).toBe(
      "Profile 'Production' has no device secret (the node's secret on the server) stored: enter it in the profile settings",
    );
  });

  it('requires the client secret without node authentication', async () => {
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile: files({}).readFile });
    const error = await tokenErrorOf(load(profileOf({})));
    expect(error.context.field).toBe('secrets.clientSecret');
  });

  it('registers every secret for redaction', async () => {
    const vault = new MemoryVault();
    await vault.set('prod', 'clientSecret', 'app-Secr3t-EXAMPLE-only');
    const load = createCredentialLoader({ vault, readFile: files({}).readFile });

    await load(profileOf({}));

    expect(redact('secret=app-Secr3t-EXAMPLE-only!')).not.toContain('app-Secr3t');
    expect(redact('x YXBwLVNlY3IzdC1FWEFNUExFLW9ubHk= y')).toBe('x [redacted] y');
  });
});

describe('files', () => {
  it('reads PKCS#12 as bytes, the stored passphrase and the CA file', async () => {
    const { client } = await testCertificates();
    const vault = new MemoryVault();
    await vault.set('prod', 'certPassphrase', client.passphrase);
    const { readFile, reads } = files({
      '/certs/node.p12': client.pkcs12,
      '/certs/ca.pem': CA_PEM,
    });
    const load = createCredentialLoader({ vault, readFile });

    const credentials = await load(
      profileOf({ nodeAuth: { kind: 'pkcs12', path: '/certs/node.p12' }, caPath: '/certs/ca.pem' }),
    );

    expect(credentials.tls).toEqual({
      pfx: client.pkcs12,
      passphrase: client.passphrase,
      ca: CA_PEM,
    });
    expect(reads).toEqual(['/certs/node.p12', '/certs/ca.pem']);
  });

  it('reads PEM certificate and key as text, with no passphrase when none is stored', async () => {
    const { client } = await testCertificates();
    const { readFile } = files({ '/c.pem': client.cert, '/k.pem': client.key });
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile });

    const credentials = await load(
      profileOf({ nodeAuth: { kind: 'pem', certPath: '/c.pem', keyPath: '/k.pem' } }),
    );

    expect(credentials.tls).toEqual({ cert: client.cert, key: client.key });
  });

  it('names a passphrase-protected certificate whose passphrase was never stored', async () => {
    const { client } = await testCertificates();
    const { readFile } = files({ '/node.p12': client.pkcs12 });
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile });

    const error = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pkcs12', path: '/node.p12' } })),
    );

    expect(error.code).toBe('missing_secret');
    expect(error.context.field).toBe('secrets.certPassphrase');
    expect(error.message).toContain('protected by a passphrase');
  });

  it('says a wrong passphrase is wrong, and a file that is not PKCS#12 is not a certificate', async () => {
    const { client } = await testCertificates();
    const vault = new MemoryVault();
    await vault.set('prod', 'certPassphrase', 'not-the-passphrase');
    const { readFile } = files({
      '/node.p12': client.pkcs12,
      '/junk.p12': Buffer.from('junk bytes'),
    });
    const load = createCredentialLoader({ vault, readFile });

    const wrong = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pkcs12', path: '/node.p12' } })),
    );
    const junk = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pkcs12', path: '/junk.p12' } })),
    );

    expect([wrong.code, wrong.context.detail]).toEqual(['tls', 'bad_passphrase']);
    expect(wrong.message).not.toContain('not-the-passphrase');
    expect([junk.code, junk.context.field, junk.context.detail]).toEqual([
      'unreadable_file',
      'nodeAuth.path',
      'unreadable_certificate',
    ]);
  });

  it('names a key that belongs to another certificate', async () => {
    const { client, server } = await testCertificates();
    const { readFile } = files({ '/c.pem': server.cert, '/k.pem': client.key });
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile });

    const error = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pem', certPath: '/c.pem', keyPath: '/k.pem' } })),
    );

    expect([error.code, error.context.detail]).toEqual(['unreadable_file', 'key_mismatch']);
  });

  it('names the field and path of a file that cannot be read', async () => {
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile: files({}).readFile });

    const error = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pkcs12', path: '/gone/node.p12' } })),
    );

    expect(error.code).toBe('unreadable_file');
    expect(error.context).toEqual({ profileId: 'prod', field: 'nodeAuth.path', detail: 'ENOENT' });
    expect(error.message).toContain('/gone/node.p12: the file does not exist');
  });

  it('rejects a CA file that is not PEM, and an empty certificate file', async () => {
    const vault = new MemoryVault();
    await vault.set('prod', 'clientSecret', 'app-secret');
    const { readFile } = files({ '/ca.der': Buffer.from([0x30, 0x82]), '/empty.p12': '' });
    const load = createCredentialLoader({ vault, readFile });

    const notPem = await tokenErrorOf(load(profileOf({ caPath: '/ca.der' })));
    const empty = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pkcs12', path: '/empty.p12' } })),
    );

    expect(notPem.context).toMatchObject({ field: 'caPath', detail: 'not_pem' });
    expect(empty.context).toMatchObject({ field: 'nodeAuth.path', detail: 'empty' });
  });

  it('never puts file contents in an error', async () => {
    const { readFile } = files({
      '/c.pem': CERT_PEM,
      '/k.pem': 'not a key at all: SECRET-KEY-BYTES',
    });
    const load = createCredentialLoader({ vault: new MemoryVault(), readFile });

    const error = await tokenErrorOf(
      load(profileOf({ nodeAuth: { kind: 'pem', certPath: '/c.pem', keyPath: '/k.pem' } })),
    );

    expect(error.context.field).toBe('nodeAuth.keyPath');
    expect(JSON.stringify(error.toJSON())).not.toContain('SECRET-KEY-BYTES');
  });
});
