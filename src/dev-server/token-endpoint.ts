// POST <mount>/auth/oauth2_token: the pipeline in front of the grant handlers. Caller headers
// are authenticated first (they run as HTTP behaviours, before the body is read), then the form
// is parsed, then SanteDB's Token() checks run, then the grant.
import {
  applicationFromBasicV2,
  authenticateApplication,
  authenticateNodeV2,
  authenticateNodeV3,
} from './client-auth';
import type { CallerNode } from './client-auth';
import { headerValue } from './context';
import type { RequestContext } from './context';
import type { ApplicationRecord } from './directory';
import { OAuthFailure, isOAuthFailure } from './failures';
import { readForm } from './form';
import type { FormFields } from './form';
import { clientCredentialsGrant, passwordGrant, refreshTokenGrant } from './grants';
import type { GrantInput, GrantResult } from './grants';
import { failureReply, jsonReply } from './reply';
import type { Reply } from './reply';
import { readClientClaims } from './scopes';
import { spoilTokenBody, tokenResponseBody } from './token-response';

const grants: Record<string, (input: GrantInput) => GrantResult> = {
  client_credentials: clientCredentialsGrant,
  password: passwordGrant,
  refresh_token: refreshTokenGrant,
};

export function handleTokenRequest(context: RequestContext, body: string): Reply {
  try {
    const input = prepareGrant(context, body);
    const grantType = (input.form.grant_type ?? '').trim().toLowerCase();
    const grant = grants[grantType];
    if (!grant) {
      throw OAuthFailure.reported('unsupported_grant_type', `unsupported grant type ${grantType}`);
    }

    const result = grant(withLegacyApplication(input));
    const answer = tokenResponseBody(context, result.issued, input.form.nonce);
    const spoiled = spoilTokenBody(answer, result.issued.session, context, context.mount.faults);
    return { ...jsonReply(200, spoiled), note: result.note };
  } catch (error) {
    if (isOAuthFailure(error)) {
      return failureReply(error, context.mount.generation);
    }
    throw error;
  }
}

function prepareGrant(context: RequestContext, body: string): GrantInput {
  const legacy = context.mount.generation === 'santedb2';
  const node: CallerNode = legacy ? authenticateNodeV2(context) : authenticateNodeV3(context);
  const form = readForm(headerValue(context, 'content-type'), body);
  if (Object.keys(form).length === 0) {
    throw OAuthFailure.reported('invalid_request', 'request is empty.');
  }

  const claims = readClientClaims(headerValue(context, 'x-santedbclient-claim'));
  // 3.x stores both the device secret and client_secret under one dictionary key (E9).
  if (!legacy && node.fromBasicHeader && form.client_secret !== undefined) {
    throw OAuthFailure.thrown(
      'argument',
      'An item with the same key has already been added. Key: symm_secret',
    );
  }
  return { context, form, node, claims };
}

/** 2.x authenticated the application in Token() itself, before looking at the grant. */
function withLegacyApplication(input: GrantInput): GrantInput {
  if (input.context.mount.generation !== 'santedb2') {
    return input;
  }
  return { ...input, legacyApplication: legacyApplication(input.context, input.form) };
}

function legacyApplication(context: RequestContext, form: FormFields): ApplicationRecord {
  const fromHeader = applicationFromBasicV2(context);
  if (fromHeader) {
    return fromHeader;
  }
  if (!form.client_id || form.client_secret === undefined) {
    throw OAuthFailure.reported('invalid_client', 'Missing client credentials');
  }
  try {
    return authenticateApplication(form.client_id, form.client_secret);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'client authentication failed';
    throw OAuthFailure.reported('unauthorized_client', message);
  }
}
