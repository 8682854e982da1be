// Fault switches: a path segment `/_fault/<name>[+<name>...]` in front of `/auth` makes the
// token endpoint misbehave in one chosen way, so the client's handling of each can be tested.
// `skew-` and `lifetime-` act on every route of the mount; the others on POST oauth2_token only.

const flagFaultNames = [
  'html',
  'text',
  'huge',
  'redirect',
  'close',
  'no-access-token',
  'error-200',
  'string-expiry',
  'ms-expiry',
  'zero-expiry',
  'negative-expiry',
  'huge-expiry',
  'missing-expiry',
  'malformed-id-token',
  'bad-token-type',
  'space-token',
  'rate-limit',
  'unavailable',
  'policy-denied',
] as const;

export type FlagFault = (typeof flagFaultNames)[number];

export interface Faults {
  flags: ReadonlySet<FlagFault>;
  slowMs?: number;
  dripMs?: number;
  lifetimeSeconds?: number;
  skewSeconds?: number;
}

export const noFaults: Faults = { flags: new Set() };

/** Every switch with what it does, for the CLI banner, `--help` and the docs. */
export const faultTable: readonly { name: string; effect: string }[] = [
  { name: 'html', effect: '200 text/html login page instead of JSON' },
  { name: 'text', effect: 'the normal answer labelled text/plain' },
  { name: 'slow-<ms>', effect: 'wait <ms> before sending headers' },
  { name: 'drip-<ms>', effect: 'headers at once, then the body trickled over <ms>' },
  { name: 'huge', effect: '200 with a 20 MB body' },
  { name: 'redirect', effect: '302 to a /login page' },
  { name: 'close', effect: 'destroy the connection without answering' },
  { name: 'no-access-token', effect: 'success body without access_token' },
  { name: 'error-200', effect: 'HTTP 200 whose body is an OAuth error' },
  { name: 'string-expiry', effect: 'expires_in as a string ("3600")' },
  { name: 'ms-expiry', effect: '3.x body with expires_in in milliseconds' },
  { name: 'zero-expiry', effect: 'expires_in 0' },
  { name: 'negative-expiry', effect: 'expires_in -3600' },
  { name: 'huge-expiry', effect: 'expires_in 1e12' },
  { name: 'missing-expiry', effect: 'no expires_in' },
  { name: 'malformed-id-token', effect: 'id_token that is not a JWS' },
  { name: 'bad-token-type', effect: 'token_type "mac"' },
  { name: 'space-token', effect: 'access_token containing a space' },
  { name: 'rate-limit', effect: '429 with Retry-After: 7 and a JSON error' },
  { name: 'unavailable', effect: '503 text/html' },
  { name: 'policy-denied', effect: '403 policy violation (E11)' },
  { name: 'lifetime-<s>', effect: 'sessions last <s> seconds' },
  { name: 'skew-<s>', effect: 'server clock shifted by <s> seconds (Date, iat, nbf, exp)' },
];

export type FaultParse = { ok: true; faults: Faults } | { ok: false; unknown: string };

/** Parses `slow-3000+html`; an unknown or malformed switch is reported by name. */
export function parseFaults(spec: string): FaultParse {
  const flags = new Set<FlagFault>();
  const faults: Faults & { flags: Set<FlagFault> } = { flags };

  for (const name of spec.split('+')) {
    if (isFlagFault(name)) {
      flags.add(name);
      continue;
    }
    if (!applyValueFault(faults, name)) {
      return { ok: false, unknown: name };
    }
  }
  return { ok: true, faults };
}

function isFlagFault(name: string): name is FlagFault {
  return (flagFaultNames as readonly string[]).includes(name);
}

function applyValueFault(faults: Faults, name: string): boolean {
  const match = /^(slow|drip|lifetime|skew)-([+-]?\d{1,9})$/.exec(name);
  if (!match) {
    return false;
  }

  const [, kind, digits] = match;
  const value = Number(digits);
  if (kind === 'skew') {
    faults.skewSeconds = value;
    return true;
  }
  if (value < 0 || (kind === 'lifetime' && value === 0)) {
    return false;
  }
  if (kind === 'slow') {
    faults.slowMs = value;
  } else if (kind === 'drip') {
    faults.dripMs = value;
  } else {
    faults.lifetimeSeconds = value;
  }
  return true;
}

export function knownFaultNames(): string {
  return faultTable.map((fault) => fault.name).join(', ');
}
