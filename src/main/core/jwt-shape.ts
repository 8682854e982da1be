// The shape check of a compact JWS, shared by the token client, which runs it on a token it
// could not read, and the claims view. Apart from claims.ts so that reading a token answer does
// not load the claims decoder and the policy names.

/** What is structurally wrong with a compact JWS, in words that quote none of it. */
export function idTokenFault(token: string): string | undefined {
  if (typeof token !== 'string' || token.trim() === '') {
    return 'it is empty';
  }
  const parts = token.split('.');
  if (parts.length === 5) {
    return 'it has five parts, so it is encrypted (JWE) and cannot be read';
  }
  if (parts.length !== 3) {
    return `it has ${parts.length} dot-separated part${parts.length === 1 ? '' : 's'} instead of 3`;
  }
  if (parts.slice(0, 2).some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    return 'its header or payload is not base64url text';
  }
  return undefined;
}
