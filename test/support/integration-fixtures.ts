// Servers and transports for integration tests, each closed after the test that made it.
import { afterEach } from 'vitest';

import { startDevServer } from '../../src/dev-server/server';
import type { DevServer, DevServerOptions } from '../../src/dev-server/server';
import { clearRegisteredSecrets } from '../../src/main/core/redact';
import { createUndiciTransport } from '../../src/main/core/undici-transport';
import type { UndiciTransport } from '../../src/main/core/undici-transport';

export interface IntegrationFixtures {
  /** Run `cleanup` after the current test. */
  onCleanup(cleanup: () => Promise<void>): void;
  devServer(options?: DevServerOptions): Promise<DevServer>;
  transport(): UndiciTransport;
}

/** Call at the top of a test file: what a test starts is closed after it, newest first. */
export function useIntegrationFixtures(): IntegrationFixtures {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    while (cleanups.length > 0) {
      await cleanups.pop()?.();
    }
    clearRegisteredSecrets();
  });

  const onCleanup = (cleanup: () => Promise<void>): void => {
    cleanups.push(cleanup);
  };
  return {
    onCleanup,
    async devServer(options = {}) {
      const server = await startDevServer(options);
      onCleanup(() => server.close());
      return server;
    },
    transport() {
      const created = createUndiciTransport();
      onCleanup(() => created.close());
      return created;
    },
  };
}
