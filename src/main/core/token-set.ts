// What a successful token request yields, after every field has been checked.
import type { Generation } from './profile';

export interface TokenSet {
  accessToken: string;
  /** As the server wrote it (e.g. "bearer"); the header always uses "Bearer". */
  tokenType: string;
  idToken?: string;
  refreshToken?: string;
  /** The generation actually spoken (after `auto` detection). */
  generation: Generation;
  /** When the request was sent: the start of the token's lifetime as we measure it. */
  obtainedAtMs: number;
  /** When the token stops working, in our clock. */
  expiresAtMs: number;
  /** `expires_in` as the server sent it, converted to seconds. */
  expiresInSeconds: number;
  /** True when `expires_in` was detected as milliseconds (SanteDB 2.x). */
  expiresInWasMilliseconds: boolean;
  /** Server clock minus ours, from the `Date` header or the id_token, when measurable. */
  clockSkewMs?: number;
  /** Things worth telling the user that did not stop the token from being used. */
  warnings: string[];
}

export function authorizationHeader(token: Pick<TokenSet, 'accessToken'>): string {
  return `Bearer ${token.accessToken}`;
}
