// The bundled SanteDB dev server, started in-process on loopback at every launch, and the demo
// profile pointed at it, so a newcomer can try every feature with no server at hand. A failure
// here is logged and the app runs on without the demo.
import type { DemoProfileOutcome } from '../app/demo-profile';
import { ensureDemoProfile } from '../app/demo-profile';
import type { ProfileRepository } from '../app/ports';
import type { Logger } from '../core/logger';
import type { SecretVault } from '../core/secret-vault';

export interface DemoServerHandle {
  url: string;
  close(): Promise<void>;
}

export type StartDemoServer = () => Promise<DemoServerHandle>;

/** The dev server, loaded on first use so its code costs nothing when the demo is off. */
export const startBundledDevServer: StartDemoServer = async () => {
  const { startDevServer } = await import('../../dev-server/server');
  // The tray's server runs as long as the app: recorded requests would only pile up.
  return startDevServer({ port: 0, host: '127.0.0.1', recordRequests: false });
};

export interface DemoOptions {
  start: StartDemoServer;
  repository: ProfileRepository;
  vault: SecretVault;
  logger: Logger;
}

export async function startDemo(options: DemoOptions): Promise<DemoServerHandle | undefined> {
  let server: DemoServerHandle;
  try {
    server = await options.start();
  } catch (error) {
    options.logger.warn('the demo server did not start; the demo profile will not answer', {
      error: error instanceof Error ? error.name : typeof error,
    });
    return undefined;
  }

  let outcome: DemoProfileOutcome | 'failed';
  try {
    outcome = await ensureDemoProfile(options.repository, options.vault, server.url);
  } catch (error) {
    // e.g. no keyring on Linux: the demo secret cannot be stored, the profile is not created.
    options.logger.warn('the demo profile could not be set up', {
      error: error instanceof Error ? error.message : typeof error,
    });
    outcome = 'failed';
  }
  options.logger.info(`demo server listening on ${server.url}; demo profile ${outcome}`);
  return server;
}
