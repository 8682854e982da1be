// Coalesces "something changed" into one state update per tick: a save that touches the store,
// the vault and the session manager produces one redraw, not three.
import type { AppState } from '../../shared/ipc-contract';
import type { Logger } from '../core/logger';

export interface StateEmitter {
  changed(): void;
  dispose(): void;
}

export function createStateEmitter(
  build: () => Promise<AppState>,
  emit: ((state: AppState) => void) | undefined,
  logger: Logger,
): StateEmitter {
  let pending: ReturnType<typeof setImmediate> | undefined;
  let disposed = false;

  const flush = async (): Promise<void> => {
    pending = undefined;
    try {
      const state = await build();
      if (!disposed) {
        emit?.(state);
      }
    } catch (error) {
      logger.error('the app state could not be built for the windows', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  };

  return {
    changed() {
      if (!emit || disposed || pending) {
        return;
      }
      pending = setImmediate(() => void flush());
    },
    dispose() {
      disposed = true;
      if (pending) {
        clearImmediate(pending);
      }
    },
  };
}
