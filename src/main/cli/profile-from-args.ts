// Turns the command line and the environment into what the core works with: a validated
// Profile and a vault holding the secrets read from the environment. Every rejection names
// the option or variable to change.
import { resolve } from 'node:path';

import type { NodeAuth, Profile, ProfileInput, SecretName } from '../core/profile';
import { parseProfile, requiredSecrets, secretIssue } from '../core/profile';
import { registerSecret } from '../core/redact';
import { MemoryVault } from '../core/secret-vault';

import type { CliOptions } from './arguments';
import { UsageError } from './usage';

export const CLI_PROFILE_ID = 'cli';

export const secretVariables: Record<SecretName, string> = {
  clientSecret: 'SANTEDB_CLIENT_SECRET',
  deviceSecret: 'SANTEDB_DEVICE_SECRET',
  certPassphrase: 'SANTEDB_CERT_PASSPHRASE',
};

/** Profile fields as the CLI user knows them. */
const optionOfField: Record<string, string> = {
  serverRoot: '--server',
  tokenEndpoint: '--token-endpoint',
  clientId: '--client-id',
  clientAuth: '--client-auth',
  protocol: '--protocol',
  scope: '--scope',
  caPath: '--ca',
  timeoutSeconds: '--timeout',
  nodeAuth: '--device-id',
  'nodeAuth.deviceId': '--device-id',
  'nodeAuth.path': '--cert',
  'nodeAuth.certPath': '--cert',
  'nodeAuth.keyPath': '--key',
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
    const option = issue ? (optionOfField[issue.field] ?? issue.field) : 'profile';
    throw new UsageError(`${option}: ${issue?.message ?? 'invalid'}`);
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
  if (options.protocol === 'oauth2' && !options.tokenEndpoint) {
    throw new UsageError(
      '--protocol oauth2 needs --token-endpoint with the full token URL; --server is for SanteDB roots',
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
    if (url?.trim().toLowerCase().startsWith('http:') && !options.allowHttp) {
      throw new UsageError(
        `${option} is unencrypted http://: use https://, or add --allow-http for a test server`,
      );
    }
  }
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

function timeoutFrom(text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds)) {
    throw new UsageError('--timeout must be a number of seconds between 1 and 300');
  }
  return seconds;
}

async function vaultFromEnvironment(
  profile: Profile,
  env: Readonly<Record<string, string | undefined>>,
): Promise<MemoryVault> {
  const vault = new MemoryVault();

  for (const [name, variable] of Object.entries(secretVariables) as Array<[SecretName, string]>) {
    const value = env[variable];
    if (value === undefined || value === '') {
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
      throw new UsageError(`${secretVariables[name]} is not set: ${whySecretIsNeeded(name)}`);
    }
  }
  return vault;
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
