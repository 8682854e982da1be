// One way to say how long something lasts, for the tray, notifications and log lines alike.

/** "52 min", "1 h 5 min", "40 s", "2 d 3 h": the largest two units, rounded down. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  }
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** A deadline as "10" or "1.2" (seconds, one decimal only when needed), for "within 1.2 s". */
export function secondsOf(milliseconds: number): string {
  const tenths = Math.max(1, Math.round(milliseconds / 100));
  return tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
}
