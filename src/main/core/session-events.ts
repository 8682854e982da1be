// The session manager's listeners. A listener that throws must not stop the others, nor the
// state change that caused the event.
import type { SessionEvent } from './session-types';

export type SessionListener = (event: SessionEvent) => void;

export class SessionEvents {
  readonly #listeners = new Set<SessionListener>();
  readonly #onListenerError: () => void;

  constructor(onListenerError: () => void) {
    this.#onListenerError = onListenerError;
  }

  /** Subscribe; the returned function unsubscribes. */
  on(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: SessionEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        this.#onListenerError();
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
