// Turns the command line and the environment into what the core works with: a validated
// Profile and a vault holding the secrets read from the environment. Every rejection names
// the option or variable to change.
import { resolve } from 'node:path';

import type { NodeAuth, Profile, ProfileInput, SecretName } from '../core/profile';
import { isPlainHttp, parseProfile, requiredSecrets, secretIssue } from '../core/profile';
import { registerSecret } from '../core/redact';
import { MemoryVault } from '../core/secret-vault';

import type { CliOptions } from './arguments';
import { cliWording, givenNodeAuth, optionOfField } from './cli-wording';
import { TIMEOUT_NEEDED, UsageError } from './usage';

export const CLI_PROFILE_ID = 'cli';

/** The protocols that speak SanteDB, whose client authentication is fixed by the generation. */
const santedbProtocols: ReadonlyArray<string | undefined> = [
  undefined,
  'auto',
  'santedb3',
  'santedb2',
];

export const secretVariables: Record<SecretName, string> = {
  clientSecret: 'SANTEDB_CLIENT_SECRET',
  deviceSecret: 'SANTEDB_DEVICE_SECRET',
  certPassphrase: 'SANTEDB_CERT_PASSPHRASE',
};

export interface CliProfile {
  profile: Profile;
  vault: MemoryVault;
}

/** Build the one-off profile. Throws UsageError. */
export async function profileFromArguments(
  options: CliOptions,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CliProfile> {
  checkCombinations(options);

  const parsed = parseProfile(profileInput(options));
  if (!parsed.ok) {
    const issue = parsed.issues[0];
    const option = issue ? optionOfIssue(issue.field, options) : 'profile';
    throw new UsageError(`${option}: ${cliWording(issue?.message ?? 'invalid')}`);
  }

  const vault = await vaultFromEnvironment(parsed.profile, env);
  return { profile: parsed.profile, vault };
}

function checkCombinations(options: CliOptions): void {
  if (!options.clientId?.trim()) {
    throw new UsageError('--client-id is required: give the application client_id');
  }
  if (!options.server && !options.tokenEndpoint) {
    throw new UsageError('--server (a SanteDB root) or --token-endpoint (a full URL) is required');
  }
  if (options.server !== undefined && options.tokenEndpoint !== undefined) {
    // The profile would quietly prefer the token endpoint; a caller should know which is used.
    throw new UsageError(
      '--server and --token-endpoint both say where to ask: pass one (--server for a SanteDB root, --token-endpoint for the full token URL)',
    );
  }
  if (options.protocol === 'oauth2' && !options.tokenEndpoint) {
    throw new UsageError(
      '--protocol oauth2 needs --token-endpoint with the full token URL; --server is for SanteDB roots',
    );
  }
  if (options.clientAuth !== undefined && santedbProtocols.includes(options.protocol)) {
    // SanteDB's request shape fixes where the client secret goes; the option would do nothing.
    throw new UsageError(
      '--client-auth applies to --protocol oauth2 only: a SanteDB server takes the client secret in the form, so leave --client-auth out, or pass --protocol oauth2 with --token-endpoint for another OAuth 2.0 server',
    );
  }
  if (options.deviceId !== undefined && options.cert !== undefined) {
    throw new UsageError('--device-id and --cert are two kinds of node authentication: give one');
  }
  if (options.key !== undefined && options.cert === undefined) {
    throw new UsageError('--key is the private key of a PEM --cert: give --cert as well');
  }
  if (options.cert && !options.key && /\.(pem|crt|cer)$/i.test(options.cert)) {
    throw new UsageError('--cert names a PEM certificate: give its private key with --key');
  }
  for (const [option, url] of [
    ['--server', options.server],
    ['--token-endpoint', options.tokenEndpoint],
  ] as const) {
    if (url !== undefined && hasUserInfo(url)) {
      // The URL is not repeated: the part before "@" is a password.
      throw new UsageError(
        `${option} must not contain credentials (user:password@ is not allowed in the URL): pass the client id with --client-id and set its secret in SANTEDB_CLIENT_SECRET (for a device, --device-id and SANTEDB_DEVICE_SECRET)`,
      );
    }
    if (isPlainHttp(url) && !options.allowHttp) {
      throw new UsageError(
        `${option} is unencrypted http://: use https://, or add --allow-http for a test server`,
      );
    }
  }
}

/** Userinfo in the authority; by pattern, so that a URL too broken to parse is caught too. */
function hasUserInfo(url: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\/[^/?#]*@/i.test(url.trim());
}

/**
 * The option a profile issue is about. A node-authentication issue is about the kind given, or,
 * for a device with OAuth 2.0 (the one rule on a device alone), about --protocol: a device is
 * SanteDB's own node authentication, so the protocol is what the message asks to change.
 */
function optionOfIssue(field: string, options: CliOptions): string {
  const given = field === 'nodeAuth' ? givenNodeAuth(options) : 'none';
  if (given === 'device') {
    return options.protocol === 'oauth2' ? '--protocol' : '--device-id';
  }
  if (given === 'certificate') {
    return '--cert';
  }
  return optionOfField[field] ?? field;
}

function profileInput(options: CliOptions): ProfileInput {
  return {
    id: CLI_PROFILE_ID,
    name: 'santedb-token',
    protocol: (options.protocol ?? 'auto') as ProfileInput['protocol'],
    serverRoot: options.server,
    tokenEndpoint: options.tokenEndpoint,
    clientId: options.clientId ?? '',
    clientAuth: (options.clientAuth ?? 'basic') as ProfileInput['clientAuth'],
    nodeAuth: nodeAuthFrom(options),
    scope: options.scope ?? '*',
    caPath: options.ca === undefined ? undefined : resolve(options.ca),
    allowHttp: options.allowHttp,
    timeoutSeconds: options.timeout === undefined ? 20 : timeoutFrom(options.timeout),
  };
}

function nodeAuthFrom(options: CliOptions): NodeAuth {
  if (options.deviceId !== undefined) {
    return { kind: 'device', deviceId: options.deviceId };
  }
  if (options.cert !== undefined && options.key !== undefined) {
    return { kind: 'pem', certPath: resolve(options.cert), keyPath: resolve(options.key) };
  }
  if (options.cert !== undefined) {
    return { kind: 'pkcs12', path: resolve(options.cert) };
  }
  return { kind: 'none' };
}

/** Plain decimal only: Number() would also take "0x10", "1e2" and " 5 ". */
function timeoutFrom(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || seconds < 1 || seconds > 300) {
    throw new UsageError(TIMEOUT_NEEDED);
  }
  return seconds;
}

async function vaultFromEnvironment(
  profile: Profile,
  env: Readonly<Record<string, string | undefined>>,
): Promise<MemoryVault> {
  const vault = new MemoryVault();

  for (const [name, variable] of Object.entries(secretVariables) as Array<[SecretName, string]>) {
    const value = secretFrom(env[variable]);
    if (value === undefined) {
      continue;
    }
    registerSecret(value);
    const issue = secretIssue(profile, name, value);
    if (issue) {
      throw new UsageError(`${variable}: ${issue.message}`);
    }
    await vault.set(profile.id, name, value);
  }

  for (const name of requiredSecrets(profile)) {
    if (!(await vault.has(profile.id, name))) {
      const variable = secretVariables[name];
      const state = env[variable] === undefined ? 'is not set' : 'is empty';
      throw new UsageError(`${variable} ${state}: ${whySecretIsNeeded(name)}`);
    }
  }
  return vault;
}

/**
 * One trailing line break is dropped: a pasted line or a file read whole often ends in one, and
 * the server would refuse the secret for it. Other whitespace may be part of a secret, so stays.
 */
function secretFrom(value: string | undefined): string | undefined {
  const secret = value?.replace(/\r?\n$/, '');
  return secret === '' ? undefined : secret;
}

function whySecretIsNeeded(name: SecretName): string {
  switch (name) {
    case 'clientSecret':
      return 'export the client secret of --client-id in that variable';
    case 'deviceSecret':
      return 'export the device secret of --device-id in that variable';
    case 'certPassphrase':
      return 'export the passphrase of --cert in that variable';
  }
}
