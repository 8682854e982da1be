// GET /auth/session (E15), GET /auth/userinfo and POST|GET /auth/signout (E16).
import { serverSigningKey } from './accounts';
import { headerValue, nowSeconds } from './context';
import type { RequestContext } from './context';
import { OAuthFailure, isOAuthFailure, sessionMessages } from './failures';
import { readForm } from './form';
import type { FormFields } from './form';
import { verifyHs256 } from './jws';
import { emptyReply, failureReply, jsonReply } from './reply';
import type { Reply } from './reply';
import { isLive } from './sessions';
import type { Session } from './sessions';
import { sessionResponseBody } from './token-response';

const NO_SUCH_SESSION = { error: 'invalid_request', error_description: 'No Such Session' };
const IDENTITY_CLAIMS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

type BearerSession =
  { kind: 'none' } | { kind: 'reply'; reply: Reply } | { kind: 'session'; session: Session };

export function sessionReply(context: RequestContext): Reply {
  const bearer = resolveBearer(context);
  if (bearer.kind === 'none') {
    return emptyReply(204);
  }
  if (bearer.kind === 'reply') {
    return bearer.reply;
  }
  return jsonReply(200, sessionResponseBody(context, bearer.session));
}

/** Flat claims keyed by internal claim-type URIs, as SanteDB answers (not OIDC userinfo). */
export function userinfoReply(context: RequestContext): Reply {
  const bearer = resolveBearer(context);
  if (bearer.kind === 'none') {
    return jsonReply(200, NO_SUCH_SESSION);
  }
  if (bearer.kind === 'reply') {
    return bearer.reply;
  }
  const { session } = bearer;
  return jsonReply(200, {
    [`${IDENTITY_CLAIMS}/name`]: session.user?.name ?? session.application.name,
    [`${IDENTITY_CLAIMS}/nameidentifier`]: session.user?.id ?? session.application.id,
    'urn:santedb:org:claim:application': session.application.id,
    'urn:santedb:org:claim:device': session.device?.id,
  });
}

function resolveBearer(context: RequestContext): BearerSession {
  const [scheme, token] = (headerValue(context, 'authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) {
    return { kind: 'none' };
  }

  const lookup = context.sessions.lookupAccessToken(token);
  if (lookup.kind === 'garbled') {
    const failure = OAuthFailure.thrown('security', sessionMessages.invalid);
    return { kind: 'reply', reply: failureReply(failure, context.mount.generation) };
  }
  if (lookup.kind === 'unknown') {
    return { kind: 'reply', reply: jsonReply(200, NO_SUCH_SESSION) };
  }
  if (!isLive(lookup.session, context.now())) {
    const failure = OAuthFailure.thrown('session-expired', sessionMessages.expired);
    return { kind: 'reply', reply: failureReply(failure, context.mount.generation) };
  }
  return { kind: 'session', session: lookup.session };
}

/**
 * Verifies the id_token_hint (issuer, signature, lifetime; not the audience) and abandons its
 * session. Without a hint there is nothing to end, and SanteDB still answers 204.
 */
export function signoutReply(
  context: RequestContext,
  query: URLSearchParams,
  body: string | undefined,
): Reply {
  try {
    const fields: FormFields =
      body === undefined
        ? Object.fromEntries(query)
        : readForm(headerValue(context, 'content-type'), body);
    const hint = fields.id_token_hint;
    if (hint) {
      abandonHintedSession(context, hint);
    }
    return {
      ...emptyReply(204, { 'Cache-Control': 'no-store' }),
      note: hint ? 'session ended' : 'no id_token_hint',
    };
  } catch (error) {
    if (isOAuthFailure(error)) {
      return failureReply(error, context.mount.generation);
    }
    throw error;
  }
}

function abandonHintedSession(context: RequestContext, hint: string): void {
  const claims = verifyHs256(hint, serverSigningKey.secret, serverSigningKey.kid);
  const now = nowSeconds(context);
  const valid =
    claims !== undefined &&
    claims.iss === context.issuer &&
    typeof claims.exp === 'number' &&
    claims.exp > now &&
    (typeof claims.nbf !== 'number' || claims.nbf <= now);
  if (!valid) {
    throw OAuthFailure.reported('invalid_request', 'invalid token');
  }

  const session = typeof claims.sid === 'string' ? context.sessions.find(claims.sid) : undefined;
  if (!session) {
    throw OAuthFailure.reported('invalid_request', 'invalid session');
  }
  if (!isLive(session, context.now())) {
    throw OAuthFailure.thrown('session-expired', sessionMessages.expired);
  }
  context.sessions.abandon(session, context.now());
}
