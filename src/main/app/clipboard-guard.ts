// Puts a token on the clipboard and takes it off again: after a delay, and when the app quits or
// the screen locks. It clears only what it wrote, so a user's own copy in between is never lost.
// It remembers a keyed hash of the text (HMAC under a key made for this run), not the text.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import type { Clock, TimerHandle } from '../core/clock';
import type { Logger } from '../core/logger';
import { silentLogger } from '../core/logger';

import type { ClipboardPort } from './ports';

export type ClearReason = 'timer' | 'quit' | 'lock-screen' | 'suspend';

export interface ClipboardGuard {
  /** Write `text` and arm the clearing timer; a newer copy replaces the older timer. */
  copy(text: string): Promise<{ clearsInSeconds?: number }>;
  /** Clear now if the clipboard still holds our text; true when it was cleared. */
  clearNow(reason: ClearReason): Promise<boolean>;
  /** Applies to the next copy; 0 turns the timer off. */
  setClearAfterSeconds(seconds: number): void;
  dispose(): void;
}

export interface ClipboardGuardOptions {
  clipboard: ClipboardPort;
  clock: Clock;
  /** 0 = never clear on a timer (quit and lock still clear). */
  clearAfterSeconds: number;
  logger?: Logger;
}

export function createClipboardGuard(options: ClipboardGuardOptions): ClipboardGuard {
  return new HashCheckingClipboardGuard(options);
}

class HashCheckingClipboardGuard implements ClipboardGuard {
  readonly #key = randomBytes(32);
  readonly #options: ClipboardGuardOptions;
  readonly #logger: Logger;
  #clearAfterSeconds: number;
  #ours: Buffer | undefined;
  #timer: TimerHandle | undefined;
  // Bumped by every copy, so a clear that started before a newer copy leaves that copy alone.
  #generation = 0;

  constructor(options: ClipboardGuardOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#clearAfterSeconds = options.clearAfterSeconds;
  }

  async copy(text: string): Promise<{ clearsInSeconds?: number }> {
    this.#generation += 1;
    await this.#options.clipboard.writeSensitive(text);
    // Only now: had the write failed, the older copy's timer would still be due to clear it.
    this.#stopTimer();
    this.#ours = this.#digest(text);
    if (this.#clearAfterSeconds <= 0) {
      return {};
    }
    const onTimer = (): void => void this.#clearOnTimer();
    this.#timer = this.#options.clock.setTimeout(onTimer, this.#clearAfterSeconds * 1000);
    return { clearsInSeconds: this.#clearAfterSeconds };
  }

  async clearNow(reason: ClearReason): Promise<boolean> {
    this.#stopTimer();
    const started = this.#generation;
    const matches = await this.#holdsOurs();
    if (started !== this.#generation) {
      return false;
    }
    this.#ours = undefined;
    if (!matches) {
      return false;
    }
    await this.#options.clipboard.clear();
    this.#logger.info(`clipboard cleared (${reason})`);
    return true;
  }

  setClearAfterSeconds(seconds: number): void {
    this.#clearAfterSeconds = seconds;
  }

  dispose(): void {
    this.#stopTimer();
  }

  async #clearOnTimer(): Promise<void> {
    try {
      await this.clearNow('timer');
    } catch (error) {
      this.#logger.warn('the clipboard could not be cleared', {
        error: error instanceof Error ? error.name : typeof error,
      });
    }
  }

  async #holdsOurs(): Promise<boolean> {
    const ours = this.#ours;
    if (!ours) {
      return false;
    }
    const current = this.#digest(await this.#options.clipboard.readText());
    return current.length === ours.length && timingSafeEqual(current, ours);
  }

  #digest(text: string): Buffer {
    return createHmac('sha256', this.#key).update(text).digest();
  }

  #stopTimer(): void {
    this.#timer?.cancel();
    this.#timer = undefined;
  }
}
