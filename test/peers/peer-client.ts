// Drives the real token client, credential loader and undici transport against a peer server,
// exactly as the tray and the CLI do, with the profile protocol set to plain OAuth 2.0.
import { readFile } from 'node:fs/promises';

import { systemClock } from '../../src/main/core/clock';
import { createCredentialLoader } from '../../src/main/core/credentials';
import { isTokenError } from '../../src/main/core/errors';
import type { TokenError } from '../../src/main/core/errors';
import type { ProfileInput, SecretName } from '../../src/main/core/profile';
import { parseProfile } from '../../src/main/core/profile';
import { MemoryVault } from '../../src/main/core/secret-vault';
import { createTokenClient } from '../../src/main/core/token-client';
import type { TokenSet } from '../../src/main/core/token-set';
import { createUndiciTransport } from '../../src/main/core/undici-transport';

export type PeerProfile = Omit<ProfileInput, 'id' | 'name' | 'protocol'>;

export async function acquireFromPeer(
  input: PeerProfile,
  secrets: Partial<Record<SecretName, string>> = {},
): Promise<TokenSet> {
  const parsed = parseProfile({ id: 'peer', name: 'peer', protocol: 'oauth2', ...input });
  if (!parsed.ok) {
    throw new Error(`test profile is invalid: ${JSON.stringify(parsed.issues)}`);
  }
  const vault = new MemoryVault();
  for (const [name, value] of Object.entries(secrets)) {
    await vault.set('peer', name as SecretName, value);
  }

  const transport = createUndiciTransport();
  try {
    const credentials = await createCredentialLoader({ vault, readFile })(parsed.profile);
    const client = createTokenClient({ transport, clock: systemClock });
    return await client.acquire(parsed.profile, credentials);
  } finally {
    await transport.close();
  }
}

/** The TokenError an acquisition fails with; fails the test when it succeeds instead. */
export async function refusalFromPeer(
  input: PeerProfile,
  secrets: Partial<Record<SecretName, string>> = {},
): Promise<TokenError> {
  try {
    await acquireFromPeer(input, secrets);
  } catch (error) {
    if (isTokenError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('the peer issued a token where a refusal was expected');
}

/** The payload of a JWT access token, for checking what the peer issued. */
export function jwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) {
    throw new Error('not a JWT');
  }
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
