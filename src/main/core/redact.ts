// The redaction pass. Two layers: every secret and token the engine handles is registered here
// as it is read, and masked wherever it appears (also base64-encoded, as in a Basic header);
// and shapes that grant access (Bearer/Basic headers, JWTs, secret form fields) are masked even
// when their value was never registered.

const MASK = '[redacted]';
const MIN_REGISTERED_LENGTH = 4;

const registered = new Set<string>();

/** Remember a value that must never be shown; call with every secret and token handled. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_REGISTERED_LENGTH) {
    return;
  }
  registered.add(value);
  registered.add(Buffer.from(value, 'utf8').toString('base64'));
  registered.add(encodeURIComponent(value));
  registered.add(new URLSearchParams({ v: value }).toString().slice(2));
}

/** Forget every registered value (tests only). */
export function clearRegisteredSecrets(): void {
  registered.clear();
}

const patterns: Array<[RegExp, string]> = [
  // Authorization and X-Device-Authorization header values.
  [/\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${MASK}`],
  // Compact JWS/JWT.
  [/\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g, MASK],
  // Secret-bearing form, query or JSON fields.
  [
    /((?:client_secret|device_secret|deviceSecret|clientSecret|password|passphrase|refresh_token|access_token|id_token|id_token_hint|x_mfa)["']?\s*[=:]\s*["']?)[^"'&\s,}]+/gi,
    `$1${MASK}`,
  ],
];

export function redact(text: string): string {
  let result = text;
  // Longest first, so a value's base64 form is not half-masked by a shorter registered value.
  for (const value of [...registered].sort((a, b) => b.length - a.length)) {
    if (result.includes(value)) {
      result = result.split(value).join(MASK);
    }
  }
  for (const [pattern, replacement] of patterns) {
    result = result.replace(pattern, replacement);
  }
  return result;
}
