// Reads what one token request needs: the profile's secrets from the vault and its certificate,
// key and CA files from disk. Each failure names the secret or the field and path, and what to
// do; file contents never reach an error (errors.ts keeps only the cause's name and code).
import { credentialFileProblems, type CredentialFileProblem } from './credential-file';
import { TokenError } from './errors';
import type { Profile, SecretName } from './profile';
import { requiredSecrets } from './profile-rules';
import { registerSecret } from './redact';
import type { SecretVault } from './secret-vault';
import type { CredentialLoader, ResolvedCredentials } from './token-client-api';
import type { TlsMaterial } from './transport';

export interface CredentialLoaderDependencies {
  vault: SecretVault;
  readFile: (path: string) => Promise<Buffer>;
}

const secretDescriptions: Record<SecretName, string> = {
  clientSecret: "client secret (the application's secret on the server)",
  deviceSecret: "device secret (the node's secret on the server)",
  certPassphrase: 'certificate passphrase',
};

export function createCredentialLoader(deps: CredentialLoaderDependencies): CredentialLoader {
  return async (profile) => {
    const credentials: ResolvedCredentials = { tls: await readTlsMaterial(profile, deps) };

    const required = requiredSecrets(profile);
    for (const name of required) {
      const value = await deps.vault.get(profile.id, name);
      if (!value) {
        throw missingSecretError(profile, name);
      }
      assign(credentials, name, value);
    }

    if (!required.includes('clientSecret') && usesOptionalClientSecret(profile)) {
      const value = await deps.vault.get(profile.id, 'clientSecret');
      if (value) {
        assign(credentials, 'clientSecret', value);
      }
    }
    return credentials;
  };
}

/**
 * A client secret the profile can work without: `auto` keeps it for a 2.x server, and a client
 * certificate may be combined with it. The request builder decides whether it is sent.
 */
function usesOptionalClientSecret(profile: Profile): boolean {
  return profile.nodeAuth.kind !== 'none';
}

function assign(credentials: ResolvedCredentials, name: SecretName, value: string): void {
  registerSecret(value);
  if (name === 'clientSecret') {
    credentials.clientSecret = value;
  } else if (name === 'deviceSecret') {
    credentials.deviceSecret = value;
  } else {
    credentials.tls.passphrase = value;
  }
}

async function readTlsMaterial(
  profile: Profile,
  deps: CredentialLoaderDependencies,
): Promise<TlsMaterial> {
  const tls: TlsMaterial = {};
  const auth = profile.nodeAuth;

  if (auth.kind === 'pkcs12') {
    tls.pfx = await readNonEmpty(profile, deps, 'nodeAuth.path', auth.path);
  } else if (auth.kind === 'pem') {
    tls.cert = await readPem(profile, deps, 'nodeAuth.certPath', auth.certPath, 'CERTIFICATE');
    tls.key = await readPem(profile, deps, 'nodeAuth.keyPath', auth.keyPath, 'PRIVATE KEY');
    registerSecret(tls.key);
  }
  if (auth.kind === 'pkcs12' || auth.kind === 'pem') {
    // Only an encrypted key or PKCS#12 file has one, so a missing passphrase is not an error.
    const passphrase = await deps.vault.get(profile.id, 'certPassphrase');
    if (passphrase) {
      registerSecret(passphrase);
      tls.passphrase = passphrase;
    }
  }
  if (profile.caPath) {
    tls.ca = await readPem(profile, deps, 'caPath', profile.caPath, 'CERTIFICATE');
  }
  checkClientCertificate(profile, tls);
  return tls;
}

/**
 * Opens the client certificate once here, so a file that is not a certificate, a passphrase
 * that was never entered, or a key of another certificate is named as such, rather than
 * surfacing later as a failed TLS handshake.
 */
function checkClientCertificate(profile: Profile, tls: TlsMaterial): void {
  if (!tls.pfx && !tls.key) {
    return;
  }
  // Loaded here, not at the top: a profile without a certificate never needs TLS code.
  const { createSecureContext } = process.getBuiltinModule('node:tls');
  try {
    createSecureContext({ pfx: tls.pfx, cert: tls.cert, key: tls.key, passphrase: tls.passphrase });
  } catch (error) {
    throw certificateError(profile, tls, error);
  }
}

function certificateError(profile: Profile, tls: TlsMaterial, error: unknown): TokenError {
  const text = error instanceof Error ? error.message : '';
  const field = profile.nodeAuth.kind === 'pkcs12' ? 'nodeAuth.path' : 'nodeAuth.keyPath';
  const context = { profileId: profile.id, field };
  const locked = /mac verify failure|bad decrypt/i.test(text);

  if (locked && tls.passphrase === undefined) {
    return new TokenError(
      'missing_secret',
      'The client certificate is protected by a passphrase, and none is stored: enter the certificate passphrase',
      { ...context, field: 'secrets.certPassphrase' },
    );
  }
  if (locked) {
    return new TokenError(
      'tls',
      'The certificate passphrase is wrong: enter the passphrase the certificate file was exported with',
      { ...context, field: 'secrets.certPassphrase', detail: 'bad_passphrase' },
    );
  }
  if (/key values mismatch/i.test(text)) {
    return new TokenError(
      'unreadable_file',
      'The private key does not belong to the client certificate: choose the key file made with this certificate',
      { ...context, detail: 'key_mismatch' },
    );
  }
  return new TokenError(
    'unreadable_file',
    profile.nodeAuth.kind === 'pkcs12'
      ? 'The client certificate file is not a PKCS#12 (.p12/.pfx) file that can be opened: choose the exported certificate file'
      : 'The client certificate or key could not be opened: choose the PEM files of the node certificate and its key',
    { ...context, detail: 'unreadable_certificate' },
    error,
  );
}

function readProblem(code: unknown): string {
  if (code === 'ENOENT') {
    return ': the file does not exist';
  }
  if (typeof code === 'string' && Object.hasOwn(credentialFileProblems, code)) {
    return `: ${credentialFileProblems[code as CredentialFileProblem]}`;
  }
  return '';
}

async function readNonEmpty(
  profile: Profile,
  deps: CredentialLoaderDependencies,
  field: string,
  path: string,
): Promise<Buffer> {
  let content: Buffer;
  try {
    content = await deps.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new TokenError(
      'unreadable_file',
      `Cannot read the ${fileLabel(field)} (${field}) at ${path}${readProblem(code)}: check the path and that this user may read the file`,
      withDetail({ profileId: profile.id, field }, code),
      error,
    );
  }
  if (content.length === 0) {
    throw new TokenError(
      'unreadable_file',
      `The ${fileLabel(field)} (${field}) at ${path} is empty: choose the right file`,
      { profileId: profile.id, field, detail: 'empty' },
    );
  }
  return content;
}

async function readPem(
  profile: Profile,
  deps: CredentialLoaderDependencies,
  field: string,
  path: string,
  label: 'CERTIFICATE' | 'PRIVATE KEY',
): Promise<string> {
  const text = (await readNonEmpty(profile, deps, field, path)).toString('utf8');
  // `PRIVATE KEY` also matches the RSA, EC and ENCRYPTED variants of the PEM label.
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(text)) {
    throw new TokenError(
      'unreadable_file',
      `The ${fileLabel(field)} (${field}) at ${path} is not a PEM file with a ${label.toLowerCase()}: choose a PEM file (text starting with -----BEGIN)`,
      { profileId: profile.id, field, detail: 'not_pem' },
    );
  }
  return text;
}

function fileLabel(field: string): string {
  if (field === 'caPath') {
    return 'CA certificate file';
  }
  return field === 'nodeAuth.keyPath' ? 'private key file' : 'client certificate file';
}

function withDetail(
  context: { profileId: string; field: string },
  code: unknown,
): { profileId: string; field: string; detail?: string } {
  return typeof code === 'string' ? { ...context, detail: code } : context;
}

function missingSecretError(profile: Profile, name: SecretName): TokenError {
  return new TokenError(
    'missing_secret',
    `Profile '${profile.name}' has no ${secretDescriptions[name]} stored: enter it in the profile settings`,
    { profileId: profile.id, field: `secrets.${name}` },
  );
}
