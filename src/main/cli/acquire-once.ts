// One token acquisition for the CLI, through the same token client as the tray. The transport is
// the one-shot node:http one: undici's pools and proxy support serve a long-running app, and
// loading them would cost a one-shot process more than its whole request (node-http-transport.ts).
// Loaded lazily by run-cli.ts, so `--help`, `--version` and usage errors evaluate none of it.

import type { Clock } from '../core/clock';
import { readCredentialFile } from '../core/credential-file';
import { createCredentialLoader } from '../core/credentials';
import { createNodeHttpTransport } from '../core/node-http-transport';
import type { Profile } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';
import { createTokenClient } from '../core/token-client';
import type { TokenSet } from '../core/token-set';

import { noteRunWorthCaching } from './code-cache';
import { systemRandomBytes } from './system-random';

export async function acquireOnce(
  profile: Profile,
  vault: SecretVault,
  clock: Clock,
): Promise<TokenSet> {
  noteRunWorthCaching();
  const transport = createNodeHttpTransport();
  try {
    const credentials = await createCredentialLoader({ vault, readFile: readCredentialFile })(
      profile,
    );
    const client = createTokenClient({ transport, clock, randomBytes: systemRandomBytes });
    return await client.acquire(profile, credentials);
  } finally {
    await transport.close();
  }
}
