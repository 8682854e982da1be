// What the built-CLI tests share: the build, one dev server per file, and the example
// application's command line and secret.
import { afterAll, beforeAll } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import { startDevServer } from '../../src/dev-server/server';
import type { DevServer } from '../../src/dev-server/server';

import { ensureCliBuilt } from './built-cli';

export const exampleSecretEnv = { SANTEDB_CLIENT_SECRET: exampleApplication.clientSecret };

/** The options that point the CLI at `root` as the example application, over plain HTTP. */
export function exampleTarget(root: string, extra: string[] = []): string[] {
  return ['--server', root, '--client-id', exampleApplication.clientId, '--allow-http', ...extra];
}

/** The options that send the example application to `root`'s token endpoint as OAuth 2.0. */
export function exampleOAuth2Target(root: string, extra: string[] = []): string[] {
  return [
    '--token-endpoint',
    `${root}/auth/oauth2_token`,
    '--client-id',
    exampleApplication.clientId,
    '--allow-http',
    '--protocol',
    'oauth2',
    ...extra,
  ];
}

/** Builds the CLI once and starts a dev server for the file; `server` is ready inside tests. */
export function useCliWithDevServer(): { readonly server: DevServer } {
  let server: DevServer | undefined;

  beforeAll(async () => {
    await ensureCliBuilt();
    server = await startDevServer();
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  return {
    get server(): DevServer {
      if (!server) {
        throw new Error('the dev server starts in beforeAll');
      }
      return server;
    },
  };
}
