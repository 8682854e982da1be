// Canned answers of the fault switches that replace the token endpoint's answer outright.
import { exampleApplication } from './accounts';
import type { RequestContext } from './context';
import { grantPolicies } from './directory';
import type { FlagFault } from './faults';
import type { FormFields } from './form';
import { emptyReply, jsonReply } from './reply';
import type { Reply } from './reply';
import { policyViolation } from './scopes';

export const RETRY_AFTER_SECONDS = 7;
export const HUGE_BODY_BYTES = 20 * 1024 * 1024;

const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** What a misconfigured proxy or an SSO front page returns instead of the token service. */
export function loginPageReply(): Reply {
  const page = [
    '<!DOCTYPE html>',
    '<html><head><title>Sign in</title></head><body>',
    '<h1>Sign in</h1>',
    '<form method="post" action="/login">',
    '<label>User name <input name="username"></label>',
    '<label>Password <input name="password" type="password"></label>',
    '<button type="submit">Sign in</button>',
    '</form></body></html>',
  ].join('\n');
  return {
    status: 200,
    headers: { 'Content-Type': HTML_CONTENT_TYPE },
    body: page,
    note: 'login page',
  };
}

type CannedReply = (context: RequestContext, form: FormFields) => Reply;

/** In order of precedence when several are switched on. */
const cannedReplies: readonly [FlagFault, CannedReply][] = [
  ['redirect', redirectReply],
  ['rate-limit', rateLimitReply],
  ['unavailable', unavailableReply],
  ['policy-denied', policyDeniedReply],
  ['html', loginPageReply],
  ['error-200', error200Reply],
];

/** The answer of a fault that stands in for the token endpoint, or undefined to go on. */
export function fixedFaultReply(context: RequestContext, form: FormFields): Reply | undefined {
  const canned = cannedReplies.find(([fault]) => context.mount.faults.flags.has(fault));
  if (!canned) {
    return undefined;
  }
  const [fault, build] = canned;
  return { ...build(context, form), note: `fault ${fault}` };
}

function redirectReply(context: RequestContext): Reply {
  const back = encodeURIComponent(`${context.mount.prefix}/auth/oauth2_token`);
  return emptyReply(302, { Location: `${context.origin}/login?ReturnUrl=${back}` });
}

function rateLimitReply(): Reply {
  const body = {
    error: 'unspecified_error',
    error_description: `Too many requests: try again in ${RETRY_AFTER_SECONDS} seconds`,
  };
  return jsonReply(429, body, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

function unavailableReply(): Reply {
  const page = '<!DOCTYPE html><html><body><h1>503 Service Unavailable</h1></body></html>';
  return { status: 503, headers: { 'Content-Type': HTML_CONTENT_TYPE }, body: page };
}

function policyDeniedReply(_context: RequestContext, form: FormFields): Reply {
  const principal = form.client_id || exampleApplication.clientId;
  const failure = policyViolation(grantPolicies.clientCredentials, principal);
  return jsonReply(403, failure.body('santedb3'));
}

function error200Reply(): Reply {
  return jsonReply(200, {
    error: 'unspecified_error',
    error_description: 'The token service failed',
  });
}
