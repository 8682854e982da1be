// A minimal HDSI beside each token service, so an issued token can be tried the way a client
// uses it (E17): `GET <mount>/hdsi/Patient` needs a live session holding Read Clinical Data.
// Faults are RestServiceFault objects; a 401 carries a space-separated WWW-Authenticate.
import { gzipSync, deflateSync } from 'node:zlib';

import { headerValue } from './context';
import type { RequestContext } from './context';
import { sessionMessages } from './failures';
import { emptyReply, jsonReply } from './reply';
import type { Reply } from './reply';
import { isLive } from './sessions';

const READ_CLINICAL_DATA = '1.3.6.1.4.1.33349.3.1.5.9.2.2.3';
const JSON_TYPES = new Set(['application/json', 'application/json+sdb-viewmodel']);

export function hdsiReply(context: RequestContext, method: string): Reply {
  if (method !== 'GET') {
    return emptyReply(405, { Allow: 'GET' });
  }
  if (context.mount.route !== '/Patient') {
    return {
      ...jsonReply(404, fault('KeyNotFoundException', 'resource not found')),
      note: 'no such resource',
    };
  }

  const [scheme, token] = (headerValue(context, 'authorization') ?? '').split(' ');
  const bearer = scheme?.toLowerCase() === 'bearer' ? token : undefined;
  const lookup = bearer ? context.sessions.lookupAccessToken(bearer) : undefined;
  if (!lookup) {
    return policyDenied('ANONYMOUS');
  }
  if (lookup.kind === 'garbled') {
    const message = 'The session token is not valid (time constraint)';
    const cause = fault('SecurityException', message);
    return {
      ...jsonReply(403, { ...fault('SecuritySessionException', message), cause }),
      note: 'garbled token',
    };
  }
  if (lookup.kind === 'unknown' || !isLive(lookup.session, context.now())) {
    return sessionExpired(context);
  }
  if (!lookup.session.scopes.includes(READ_CLINICAL_DATA)) {
    return policyDenied(lookup.session.user?.name ?? lookup.session.application.name);
  }
  return { ...bundleReply(context), note: 'patients listed' };
}

function sessionExpired(context: RequestContext): Reply {
  const realm = new URL(context.origin).hostname;
  const challenge = `bearer realm="${realm}" error="invalid_token" error_description="${sessionMessages.expired}"`;
  const body = fault('SecuritySessionException', sessionMessages.expired);
  return { ...jsonReply(401, body, { 'WWW-Authenticate': challenge }), note: 'session expired' };
}

function policyDenied(principal: string): Reply {
  const policy = `${READ_CLINICAL_DATA}:Read Clinical Data`;
  const body = {
    $type: 'PolicyViolationException',
    message: `Policy '${READ_CLINICAL_DATA}' was violated by '${principal}' with outcome 'Deny'`,
    policyId: READ_CLINICAL_DATA,
    policyName: 'Read Clinical Data',
    policyOutcome: 'Deny',
    data: [policy],
  };
  return { ...jsonReply(403, body), note: 'policy denied' };
}

function fault(type: string, message: string): Record<string, unknown> {
  return { $type: type, message, policyOutcome: 'Deny', data: [] };
}

/**
 * The answer format is the first Accept entry (or the Content-Type): JSON and XML are known,
 * anything else, `*\/*` included, gets the object's ToString() as text/plain, as on SanteDB.
 */
function bundleReply(context: RequestContext): Reply {
  const accept = headerValue(context, 'accept') ?? headerValue(context, 'content-type');
  const first = accept?.split(',')[0]?.split(';')[0]?.trim().toLowerCase();
  let reply: Reply;
  if (first === undefined || JSON_TYPES.has(first)) {
    reply = jsonReply(200, { $type: 'Bundle', resource: [], totalResults: 0, offset: 0, count: 0 });
  } else if (first === 'application/xml') {
    const xml = '<Bundle xmlns="http://santedb.org/model"><totalResults>0</totalResults></Bundle>';
    reply = { status: 200, headers: { 'Content-Type': 'application/xml' }, body: xml };
  } else {
    const text = 'SanteDB.Core.Model.Collection.Bundle';
    reply = { status: 200, headers: { 'Content-Type': 'text/plain' }, body: text };
  }
  return compress(reply, headerValue(context, 'accept-encoding') ?? '');
}

// SanteDB prefers lzma and bzip2 when offered; this server offers only gzip and deflate.
function compress(reply: Reply, acceptEncoding: string): Reply {
  const encoding = ['gzip', 'deflate'].find((name) => acceptEncoding.includes(name));
  if (!encoding) {
    return reply;
  }
  const body = encoding === 'gzip' ? gzipSync(reply.body) : deflateSync(reply.body);
  return { ...reply, headers: { ...reply.headers, 'Content-Encoding': encoding }, body };
}
