// One token acquisition for the CLI, through the same token client and transport as the tray.
// Loaded lazily by run-cli.ts, so `--help`, `--version` and usage errors never evaluate undici.

import type { Clock } from '../core/clock';
import { readCredentialFile } from '../core/credential-file';
import { createCredentialLoader } from '../core/credentials';
import type { Profile } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';
import { createTokenClient } from '../core/token-client';
import type { TokenSet } from '../core/token-set';
import { createUndiciTransport } from '../core/undici-transport';

import { noteRunWorthCaching } from './code-cache';

export async function acquireOnce(
  profile: Profile,
  vault: SecretVault,
  clock: Clock,
): Promise<TokenSet> {
  noteRunWorthCaching();
  const transport = createUndiciTransport({ maxAgents: 1 });
  try {
    const credentials = await createCredentialLoader({ vault, readFile: readCredentialFile })(
      profile,
    );
    const client = createTokenClient({ transport, clock });
    return await client.acquire(profile, credentials);
  } finally {
    // Idle keep-alive sockets would otherwise hold the process open after the answer.
    await transport.close();
  }
}
