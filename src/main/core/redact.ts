// The redaction pass. Two layers: every secret and token the engine handles is registered here
// as it is read, and masked wherever it appears (also base64-encoded, as in a Basic header);
// and shapes that grant access (Bearer/Basic headers, JWTs, secret form fields) are masked even
// when their value was never registered.

const MASK = '[redacted]';
const MIN_REGISTERED_LENGTH = 4;

/**
 * How many values are remembered. A tray that runs for weeks receives a token every hour, so the
 * least recently registered value is dropped beyond this; profile secrets are registered again on
 * every request, so what falls out is tokens replaced long ago.
 */
export const MAX_REGISTERED_SECRETS = 256;

/**
 * Each value with the forms it is masked in, least recently registered first. The forms are
 * worked out at the first redaction that needs them: most tokens are replaced unlogged.
 */
const registered = new Map<string, readonly string[] | undefined>();

/** Every form of every value, longest first; undefined until a redaction after a change. */
let formsLongestFirst: readonly string[] | undefined = [];

/** Remember a value that must never be shown; call with every secret and token handled. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_REGISTERED_LENGTH) {
    return;
  }
  if (registered.has(value)) {
    // Seen again: it is still in use, so it moves to the end of the eviction order.
    const forms = registered.get(value);
    registered.delete(value);
    registered.set(value, forms);
    return;
  }

  registered.set(value, undefined);
  formsLongestFirst = undefined;
  if (registered.size > MAX_REGISTERED_SECRETS) {
    const oldest = registered.keys().next().value;
    if (oldest !== undefined) {
      registered.delete(oldest);
    }
  }
}

/** Stop masking a value, for a token that was replaced or dropped and is no longer handled. */
export function forgetSecret(value: string | undefined): void {
  if (value !== undefined && registered.delete(value)) {
    formsLongestFirst = undefined;
  }
}

/** How many values are remembered (for tests of the bound). */
export function registeredSecretCount(): number {
  return registered.size;
}

/** Forget every registered value (tests only). */
export function clearRegisteredSecrets(): void {
  registered.clear();
  formsLongestFirst = [];
}

function encodedForms(value: string): string[] {
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  return [
    value,
    Buffer.from(value, 'utf8').toString('base64'),
    uri,
    form,
    // Encoded once more: a request body or URL quoted inside another URL (a redirect's Location).
    encodeURIComponent(uri),
    encodeURIComponent(form),
  ];
}

/** Longest first, so a value's base64 form is not half-masked by a shorter registered value. */
function maskOrder(): readonly string[] {
  if (formsLongestFirst) {
    return formsLongestFirst;
  }
  const all = new Set<string>();
  for (const [value, known] of registered) {
    const forms = known ?? encodedForms(value);
    if (!known) {
      registered.set(value, forms);
    }
    forms.forEach((form) => all.add(form));
  }
  formsLongestFirst = [...all].sort((a, b) => b.length - a.length);
  return formsLongestFirst;
}

// Shapes of values that grant access. They are written so that prose survives: a header value
// must be long and contain a digit or a base64/token symbol ("basic or post" and "bearer token"
// are words), and a named field needs `=` (form, query) or a quoted JSON member.
const TOKEN_VALUE = String.raw`(?=[A-Za-z0-9\-._~+/]*[0-9\-._~+/])[A-Za-z0-9\-._~+/]{8,}=*`;
const SECRET_FIELDS =
  'client_secret|device_secret|deviceSecret|clientSecret|password|passphrase|refresh_token|access_token|id_token|id_token_hint|x_mfa';

const patterns: Array<[RegExp, string]> = [
  // Authorization and X-Device-Authorization header values.
  [new RegExp(String.raw`\b(bearer|basic)\s+${TOKEN_VALUE}`, 'gi'), `$1 ${MASK}`],
  // Compact JWS/JWT.
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, MASK],
  // Form or query fields: name=value.
  [new RegExp(String.raw`\b((?:${SECRET_FIELDS})=)[^&\s"']+`, 'gi'), `$1${MASK}`],
  // JSON members: "name":"value".
  [new RegExp(String.raw`("(?:${SECRET_FIELDS})"\s*:\s*")[^"]*`, 'gi'), `$1${MASK}`],
  // Credentials in a URL (a proxy's user:password@): dropped, the address stays readable.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1'],
];

export function redact(text: string): string {
  let result = text;
  for (const form of maskOrder()) {
    if (result.includes(form)) {
      result = result.replaceAll(form, MASK);
    }
  }
  for (const [pattern, replacement] of patterns) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
