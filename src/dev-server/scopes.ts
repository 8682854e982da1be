// Scope and client-claim handling shared by the grants (santedb-auth.md §2.2, §3.3).
import { examplePurposesOfUse } from './accounts';
import { knownPolicies } from './directory';
import { OAuthFailure } from './failures';
import type { Generation } from './mounts';

const PURPOSE_CLAIM = 'urn:oasis:names:tc:xacml:2.0:action:purpose';
const OVERRIDE_CLAIM = 'urn:santedb:org:claim:override';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export interface ClientClaims {
  purposeOfUse?: string;
  override: boolean;
}

/** `X-SanteDBClient-Claim`: base64 of `type=value;type=value`. */
export function readClientClaims(header: string | undefined): ClientClaims {
  if (header === undefined || header.trim() === '') {
    return { override: false };
  }

  const encoded = header.trim();
  if (!BASE64.test(encoded) || encoded.length % 4 !== 0) {
    throw OAuthFailure.thrown('format', 'The input is not a valid Base-64 string.');
  }
  const claims = new Map<string, string>();
  for (const item of Buffer.from(encoded, 'base64').toString('utf8').split(';')) {
    const [type, value] = item.split('=');
    if (type && value !== undefined) {
      claims.set(type.trim(), value.trim());
    }
  }
  return {
    purposeOfUse: claims.get(PURPOSE_CLAIM),
    override: claims.get(OVERRIDE_CLAIM)?.toLowerCase() === 'true',
  };
}

export function isWildcardScope(scope: string | undefined): boolean {
  return scope === undefined || scope.trim() === '' || scope.trim() === '*';
}

/**
 * The policies a session gets: `*` (or nothing) is every granted policy; an explicit OID must
 * be granted (403 otherwise), and one the server does not know is a server crash, as in SanteDB.
 */
export function resolveScopes(
  scope: string | undefined,
  granted: readonly string[],
  principalName: string,
  generation: Generation,
): string[] {
  if (isWildcardScope(scope)) {
    return [...granted];
  }

  const separator = generation === 'santedb2' ? /[\s;]+/ : /\s+/;
  const requested = (scope ?? '').trim().split(separator);
  for (const policy of requested) {
    if (!knownPolicies.includes(policy)) {
      throw OAuthFailure.thrown(
        'internal',
        'Object reference not set to an instance of an object.',
      );
    }
    if (!granted.includes(policy)) {
      throw policyViolation(policy, principalName);
    }
  }
  return requested;
}

export function policyViolation(policy: string, principalName: string): OAuthFailure {
  return OAuthFailure.thrown(
    'policy',
    `Policy '${policy}' was violated by '${principalName}' with outcome 'Deny'`,
  );
}

/** Break-glass needs a purpose of use and explicit scopes (E14). */
export function checkOverride(claims: ClientClaims, scope: string | undefined): void {
  if (!claims.override || (claims.purposeOfUse && !isWildcardScope(scope))) {
    return;
  }
  throw OAuthFailure.reported(
    'missing_claim',
    'An attempt was made to override a policy without sufficient data',
    { claimType: PURPOSE_CLAIM, claimValue: examplePurposesOfUse.join(',') },
  );
}
