// The id_token of a session (santedb-auth.md §5). 3.x signs with the server key and uses OIDC
// claim names in the order the examples show; 2.x signed with the client secret and used
// claim-type URIs (the URI names below are representative: no live 2.x token was seen).
import { serverSigningKey } from './accounts';
import type { RequestContext } from './context';
import { accessTokenHash, signHs256, tokenId } from './jws';
import type { JwtClaims } from './jws';
import type { Session } from './sessions';

export interface IdTokenInput {
  session: Session;
  nonce?: string;
}

export function issueIdToken(context: RequestContext, input: IdTokenInput): string {
  const { session } = input;
  if (session.generation === 'santedb2') {
    return signHs256(
      legacyClaims(context, session),
      session.application.secret,
      session.application.name,
    );
  }
  return signHs256(currentClaims(context, input), serverSigningKey.secret, serverSigningKey.kid);
}

function currentClaims(context: RequestContext, { session, nonce }: IdTokenInput): JwtClaims {
  const name = session.user?.name ?? session.application.name;
  return {
    aud: [session.application.name],
    iss: context.issuer,
    exp: Math.floor(session.notAfter / 1000),
    iat: Math.floor(session.notBefore / 1000),
    nbf: Math.floor(session.notBefore / 1000),
    extensions: { santedb: santedbExtension(session) },
    sid: session.id,
    scope: singleOrArray(session.scopes),
    name,
    sub: session.user?.id ?? session.application.id,
    role: session.user ? singleOrArray(session.user.roles) : undefined,
    nonce,
    at_hash: accessTokenHash(session.accessToken),
    jti: tokenId([name, session.id, nonce, context.now(), context.requestId]),
  };
}

function santedbExtension(session: Session): JwtClaims {
  return {
    appid: session.application.id,
    appname: session.application.name,
    devid: session.device?.id,
    devname: session.device?.name,
    usrid: session.user?.id,
    isOverride: session.isOverride ? true : undefined,
  };
}

function legacyClaims(context: RequestContext, session: Session): JwtClaims {
  const identity = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
  return {
    iss: context.issuer,
    aud: session.application.name,
    exp: Math.floor(session.notAfter / 1000),
    nbf: Math.floor(session.notBefore / 1000),
    iat: Math.floor(session.notBefore / 1000),
    [`${identity}/name`]: session.user?.name ?? session.application.name,
    [`${identity}/nameidentifier`]: session.user?.id ?? session.application.id,
    'urn:santedb:org:claim:application': session.application.id,
    'urn:santedb:org:claim:device': session.device?.id,
    'urn:santedb:org:claim:session': session.id,
    'http://schemas.microsoft.com/ws/2008/06/identity/claims/role': session.user?.roles,
  };
}

function singleOrArray(values: readonly string[]): string | readonly string[] {
  return values.length === 1 && values[0] !== undefined ? values[0] : values;
}
