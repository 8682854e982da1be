// Test certificates, made with the openssl CLI once and cached in the system temp directory
// (a fresh set when the cache is older than a week or from another layout version).
//
//   const certs = await testCertificates();
//   https.createServer({ cert: certs.server.cert, key: certs.server.key, ca: certs.ca.cert, ... })
//   fetch with undici Agent({ connect: { ca: certs.ca.cert, cert: certs.client.cert, key: ... } })
//
// What is in the set:
//   ca                 the test CA; trust it to accept `server` and to authorize `client`
//   server             127.0.0.1 + localhost (SAN), signed by `ca`
//   client             CN=DESKTOP-NODE-01 (the example device), signed by `ca`: PEM cert and key,
//                      the key encrypted with `client.passphrase`, and a PKCS#12 file (same
//                      passphrase, AES-256-CBC + SHA-256 MAC, readable by Node 20 / OpenSSL 3)
//   selfSignedServer   an unrelated self-signed server certificate (for "untrusted" tests)
//   untrustedCa        a second CA that nothing trusts
//   untrustedClient    CN=DESKTOP-NODE-01 again, but signed by `untrustedCa`
//   wrongNameServer    a server certificate signed by `ca` whose only name (SAN) is
//                      wrong.example.invalid, so it fails the host-name check on 127.0.0.1
//   expiredServer      the `server` names, signed by `ca`, valid only during January 2020
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Bump when the set of files or their contents change, so old caches are ignored. */
const LAYOUT_VERSION = 'v2';
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const COMPLETE_MARKER = 'complete';
const OPENSSL = existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';

const serverUsage = [
  'basicConstraints=CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=serverAuth',
];

/** X.509 v3 extensions per certificate role, written to `<role>.ext`. */
const extensionLines = {
  ca: [
    'basicConstraints=critical,CA:TRUE',
    'keyUsage=critical,keyCertSign,cRLSign',
    'subjectKeyIdentifier=hash',
  ],
  server: [...serverUsage, 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  'wrong-name-server': [...serverUsage, 'subjectAltName=DNS:wrong.example.invalid'],
  client: [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=clientAuth',
  ],
};

export const CLIENT_COMMON_NAME = 'DESKTOP-NODE-01';
export const CLIENT_KEY_PASSPHRASE = 'test-passphrase-EXAMPLE-only';

export interface PemCertificate {
  certPath: string;
  /** PEM text of the certificate. */
  cert: string;
}

export interface PemKeyPair extends PemCertificate {
  keyPath: string;
  /** PEM text of the unencrypted private key. */
  key: string;
}

export interface ClientCertificateFiles extends PemKeyPair {
  commonName: string;
  /** The same key encrypted (PKCS#8, AES-256-CBC) with `passphrase`. */
  encryptedKeyPath: string;
  encryptedKey: string;
  /** Certificate, key and CA chain as PKCS#12, protected by `passphrase`. */
  pkcs12Path: string;
  pkcs12: Buffer;
  passphrase: string;
}

export interface TestCertificates {
  /** The cache directory holding every file below. */
  directory: string;
  ca: PemKeyPair;
  server: PemKeyPair;
  client: ClientCertificateFiles;
  selfSignedServer: PemKeyPair;
  untrustedCa: PemKeyPair;
  untrustedClient: PemKeyPair & { commonName: string };
  wrongNameServer: PemKeyPair;
  expiredServer: PemKeyPair;
}

let cached: Promise<TestCertificates> | undefined;

/** The test certificate set; generated on first use in this process or reused from disk. */
export function testCertificates(): Promise<TestCertificates> {
  cached ??= Promise.resolve().then(() => loadCertificates(ensureCertificateDirectory()));
  return cached;
}

function ensureCertificateDirectory(): string {
  const directory = join(tmpdir(), `santedb-token-tray-test-certs-${LAYOUT_VERSION}`);
  if (isFreshCache(directory)) {
    return directory;
  }

  // Parallel test processes each build a set in private, then the first rename wins and the
  // others (whose rename fails on the non-empty directory) use that one.
  const staging = mkdtempSync(join(tmpdir(), 'santedb-token-tray-certs-'));
  generateCertificates(staging);
  if (!isFreshCache(directory)) {
    rmSync(directory, { recursive: true, force: true });
  }
  try {
    renameSync(staging, directory);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!isFreshCache(directory)) {
    throw new Error(`test certificates could not be written to ${directory}`);
  }
  return directory;
}

function isFreshCache(directory: string): boolean {
  const marker = join(directory, COMPLETE_MARKER);
  return existsSync(marker) && Date.now() - statSync(marker).mtimeMs < CACHE_MAX_AGE_MS;
}

function generateCertificates(directory: string): void {
  const file = (name: string): string => join(directory, name);
  for (const [name, lines] of Object.entries(extensionLines)) {
    writeFileSync(file(`${name}.ext`), `${lines.join('\n')}\n`);
  }

  selfSigned(directory, 'ca', '/CN=SanteDB Token Tray Test CA', 'ca.ext');
  selfSigned(directory, 'untrusted-ca', '/CN=Untrusted Test CA', 'ca.ext');
  selfSigned(directory, 'self-signed-server', '/CN=localhost', 'server.ext');
  signed(directory, 'server', '/CN=localhost', 'ca', 'server.ext');
  signed(directory, 'client', `/CN=${CLIENT_COMMON_NAME}`, 'ca', 'client.ext');
  signed(directory, 'untrusted-client', `/CN=${CLIENT_COMMON_NAME}`, 'untrusted-ca', 'client.ext');
  signed(
    directory,
    'wrong-name-server',
    '/CN=wrong.example.invalid',
    'ca',
    'wrong-name-server.ext',
  );
  signedInThePast(directory, 'expired-server', '/CN=localhost', 'server.ext');

  writeProtectedClientKeys(directory);
  writeFileSync(file(COMPLETE_MARKER), new Date().toISOString());
}

/** The client key encrypted with the passphrase, and the PKCS#12 bundle. */
function writeProtectedClientKeys(directory: string): void {
  const file = (name: string): string => join(directory, name);
  const pass = `pass:${CLIENT_KEY_PASSPHRASE}`;
  openssl('pkey', {
    '-in': file('client.key'),
    '-aes-256-cbc': true,
    '-passout': pass,
    '-out': file('client-encrypted.key'),
  });
  // Explicit PBE and MAC choices keep the file readable by OpenSSL 3 without legacy ciphers.
  openssl('pkcs12', {
    '-export': true,
    '-in': file('client.crt'),
    '-inkey': file('client.key'),
    '-certfile': file('ca.crt'),
    '-name': CLIENT_COMMON_NAME,
    '-passout': pass,
    '-keypbe': 'AES-256-CBC',
    '-certpbe': 'AES-256-CBC',
    '-macalg': 'sha256',
    '-out': file('client.p12'),
  });
}

function newKey(path: string): void {
  openssl('genpkey', { '-algorithm': 'RSA', '-pkeyopt': 'rsa_keygen_bits:2048', '-out': path });
}

function selfSigned(directory: string, name: string, subject: string, extensionFile: string): void {
  const file = (suffix: string): string => join(directory, `${name}${suffix}`);
  newKey(file('.key'));
  openssl('req', {
    '-x509': true,
    '-new': true,
    '-key': file('.key'),
    '-subj': subject,
    '-days': '30',
    '-sha256': true,
    '-config': configWithSection(directory, extensionFile),
    '-extensions': 'v3',
    '-out': file('.crt'),
  });
}

function signed(
  directory: string,
  name: string,
  subject: string,
  issuer: string,
  extensionFile: string,
): void {
  const file = (suffix: string): string => join(directory, `${name}${suffix}`);
  newKey(file('.key'));
  openssl('req', { '-new': true, '-key': file('.key'), '-subj': subject, '-out': file('.csr') });
  openssl('x509', {
    '-req': true,
    '-in': file('.csr'),
    '-CA': join(directory, `${issuer}.crt`),
    '-CAkey': join(directory, `${issuer}.key`),
    '-CAcreateserial': true,
    '-days': '30',
    '-sha256': true,
    '-extfile': join(directory, extensionFile),
    '-out': file('.crt'),
  });
}

/**
 * A certificate from `ca` that expired long ago. OpenSSL 3.0's `x509 -req` can only start
 * validity now (`-not_before` arrived in 3.4), so this goes through `openssl ca`, whose
 * `-startdate`/`-enddate` take any dates; it needs a config naming its database file.
 */
function signedInThePast(
  directory: string,
  name: string,
  subject: string,
  extensionFile: string,
): void {
  const file = (suffix: string): string => join(directory, `${name}${suffix}`);
  const issued = join(directory, 'ca-issued');
  mkdirSync(issued);
  newKey(file('.key'));
  openssl('req', { '-new': true, '-key': file('.key'), '-subj': subject, '-out': file('.csr') });
  openssl('ca', {
    '-batch': true,
    '-config': caConfig(directory),
    '-cert': join(directory, 'ca.crt'),
    '-keyfile': join(directory, 'ca.key'),
    '-in': file('.csr'),
    '-startdate': '200101000000Z',
    '-enddate': '200201000000Z',
    '-md': 'sha256',
    '-extfile': join(directory, extensionFile),
    '-outdir': issued,
    '-notext': true,
    '-out': file('.crt'),
  });
}

function caConfig(directory: string): string {
  const path = join(directory, 'openssl-ca.cnf');
  // The config language treats a backslash as an escape, so Windows paths go with slashes.
  const named = (file: string, text: string): string => {
    writeFileSync(join(directory, file), text);
    return join(directory, file).replaceAll('\\', '/');
  };
  const database = named('ca-index.txt', '');
  const serial = named('ca.serial', '01\n');
  const config = `[ca]\ndefault_ca=test_ca\n[test_ca]\ndatabase=${database}\nserial=${serial}\npolicy=any\n[any]\ncommonName=supplied\n`;
  writeFileSync(path, config);
  return path;
}

/** `req -x509` reads extensions from a config section, so wrap the extension lines in one. */
function configWithSection(directory: string, extensionFile: string): string {
  const path = join(directory, `${extensionFile}.cnf`);
  const lines = readFileSync(join(directory, extensionFile), 'utf8');
  writeFileSync(path, `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${lines}`);
  return path;
}

/** Runs `openssl <command>` with options in order; `true` marks a flag without a value. */
function openssl(command: string, options: Record<string, string | true>): void {
  const args = Object.entries(options).flatMap(([flag, value]) =>
    value === true ? [flag] : [flag, value],
  );
  execFileSync(OPENSSL, [command, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function loadCertificates(directory: string): TestCertificates {
  const pair = (name: string): PemKeyPair => {
    const certPath = join(directory, `${name}.crt`);
    const keyPath = join(directory, `${name}.key`);
    return {
      certPath,
      cert: readFileSync(certPath, 'utf8'),
      keyPath,
      key: readFileSync(keyPath, 'utf8'),
    };
  };
  const encryptedKeyPath = join(directory, 'client-encrypted.key');
  const pkcs12Path = join(directory, 'client.p12');
  return {
    directory,
    ca: pair('ca'),
    server: pair('server'),
    client: {
      ...pair('client'),
      commonName: CLIENT_COMMON_NAME,
      encryptedKeyPath,
      encryptedKey: readFileSync(encryptedKeyPath, 'utf8'),
      pkcs12Path,
      pkcs12: readFileSync(pkcs12Path),
      passphrase: CLIENT_KEY_PASSPHRASE,
    },
    selfSignedServer: pair('self-signed-server'),
    untrustedCa: pair('untrusted-ca'),
    untrustedClient: { ...pair('untrusted-client'), commonName: CLIENT_COMMON_NAME },
    wrongNameServer: pair('wrong-name-server'),
    expiredServer: pair('expired-server'),
  };
}
