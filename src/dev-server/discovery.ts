// GET /auth/.well-known/openid-configuration (E1) and GET /auth/jwks (E2). Endpoint URLs are
// built from the address the client used, including the mount prefix, so a fault or version
// chosen by the server root carries through discovery.
import { serverSigningKey } from './accounts';
import { authBaseUrl } from './context';
import type { RequestContext } from './context';
import { knownPolicies } from './directory';
import { jsonReply } from './reply';
import type { Reply } from './reply';

/** Only the grants this server implements are advertised. */
const supportedGrants = ['client_credentials', 'password', 'refresh_token'];

export function discoveryReply(context: RequestContext): Reply {
  const base = authBaseUrl(context);
  return jsonReply(200, {
    issuer: context.issuer,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/oauth2_token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    scopes_supported: knownPolicies,
    response_types_supported: ['code'],
    grant_types_supported: supportedGrants,
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['HS256'],
    end_session_endpoint: `${base}/signout`,
  });
}

/** SanteDB publishes an HS256 key with its secret `k`; that is how its clients verify tokens. */
export function jwksReply(): Reply {
  const k = Buffer.from(serverSigningKey.secret, 'utf8').toString('base64url');
  return jsonReply(200, { keys: [{ kty: 'oct', kid: serverSigningKey.kid, k }] });
}
