// Delays of the slow and drip faults. They are tracked so that closing the server ends them at
// once instead of keeping the process (or a test run) alive until they fire.
export class PendingTimers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();

  /** Resolves true after `delayMs`, or false as soon as `cancelAll` runs. */
  wait(delayMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, delayMs);
      this.pending.set(timer, () => resolve(false));
    });
  }

  cancelAll(): void {
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }
}
