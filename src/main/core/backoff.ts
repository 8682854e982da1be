// How long to wait before trying a transient failure again. Full jitter (a uniform delay up to an
// exponentially growing ceiling) spreads many clients out after a shared outage; a server's
// Retry-After is a floor we never undercut.

export interface BackoffPolicy {
  /** Ceiling of the first retry. */
  baseMs: number;
  /** The ceiling never grows beyond this, however many attempts have failed. */
  capMs: number;
  /** No retry comes sooner than this, so a run of unlucky draws cannot hammer the server. */
  floorMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 5_000, capMs: 300_000, floorMs: 1_000 };

/**
 * The delay before retry number `attempt` (1 for the first retry).
 * `random` returns a number in [0, 1), as Math.random does.
 */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.max(policy.floorMs, Math.floor(clampUnit(random()) * ceiling));
  return retryAfterMs !== undefined && retryAfterMs > jittered ? retryAfterMs : jittered;
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 0;
}
