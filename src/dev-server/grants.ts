// The grant handlers: client_credentials (§2.4), password (§2.5) and refresh_token (§2.6). Each
// checks in the order SanteDB does and either establishes a session or throws an OAuthFailure.
import { authenticateApplication, findKnownApplication, resolveApplication } from './client-auth';
import type { CallerNode } from './client-auth';
import { headerValue } from './context';
import type { RequestContext } from './context';
import { findUser, grantPolicies } from './directory';
import type { ApplicationRecord, UserRecord } from './directory';
import { OAuthFailure } from './failures';
import type { FormFields } from './form';
import { checkOverride, policyViolation, resolveScopes } from './scopes';
import type { ClientClaims } from './scopes';
import type { IssuedSession, SessionParties } from './sessions';

/** Override (break-glass) sessions are short: SanteDB's ElevatedSessionLength default. */
const ELEVATED_SESSION_SECONDS = 120;

const MFA_PROMPT =
  'Multi-factor Authentication is Required - Open your authenticator app and enter the secret generated';

const nodeRequired = {
  santedb3:
    'client_credentials grant type requires device authentication either using X509 or X-Device-Authorization or enabling the DeviceAuthorizationAccessBehavior in the configuration.',
  santedb2:
    'client_credentials grant requires device authentication either using X509 or X-Device-Authorization or enabling the DeviceAuthorizationAccessBehavior',
} as const;

export interface GrantInput {
  context: RequestContext;
  form: FormFields;
  node: CallerNode;
  claims: ClientClaims;
  /** 2.x authenticated the application before any grant ran. */
  legacyApplication?: ApplicationRecord;
}

export interface GrantResult {
  issued: IssuedSession;
  /** For the request log. */
  note: string;
}

export function clientCredentialsGrant(input: GrantInput): GrantResult {
  const { context, form, node } = input;
  if (!input.legacyApplication && !form.client_id) {
    throw OAuthFailure.reported('invalid_grant', 'invalid client_id');
  }
  const application = input.legacyApplication ?? resolveApplication(form, node.device);
  if (!application) {
    throw OAuthFailure.reported('invalid_client', 'invalid client_secret');
  }

  const demanded = node.device
    ? grantPolicies.clientCredentials
    : grantPolicies.clientCredentialsWithoutDevice;
  for (const policy of new Set([grantPolicies.clientCredentials, demanded])) {
    if (application.deniedPolicies.includes(policy)) {
      throw policyViolation(policy, application.name);
    }
  }
  if (!node.device && context.mount.requireNodeAuth) {
    const error = context.mount.generation === 'santedb2' ? 'invalid_grant' : 'unauthorized_client';
    throw OAuthFailure.reported(error, nodeRequired[context.mount.generation]);
  }

  const scopes = resolveScopes(
    form.scope,
    application.grantedPolicies,
    application.name,
    context.mount.generation,
  );
  const issued = establish(input, { application, device: node.device }, scopes);
  return { issued, note: describe('client_credentials', issued) };
}

export function passwordGrant(input: GrantInput): GrantResult {
  const { context, form } = input;
  const application = input.legacyApplication ?? passwordApplication(form, input.node);
  if (!form.username) {
    throw OAuthFailure.reported('invalid_request', 'missing username in the request');
  }

  const user = authenticateUser(form.username, form.password ?? '');
  const mfaCode =
    context.mount.generation === 'santedb2'
      ? headerValue(context, 'x-santedb-tfasecret')
      : form.x_mfa;
  if (user.mfaCode !== undefined && !mfaCode) {
    throw OAuthFailure.reported('mfa_required', MFA_PROMPT);
  }
  if (user.mfaCode !== undefined && mfaCode !== user.mfaCode) {
    throw OAuthFailure.reported('invalid_grant', 'Invalid multi-factor authentication code');
  }

  const scopes = resolveScopes(
    form.scope,
    user.grantedPolicies,
    user.name,
    context.mount.generation,
  );
  const issued = establish(input, { application, device: input.node.device, user }, scopes);
  return { issued, note: describe('password', issued) };
}

export function refreshTokenGrant(input: GrantInput): GrantResult {
  const { context, form } = input;
  if (!form.refresh_token) {
    throw OAuthFailure.reported('invalid_grant', 'missing refresh token');
  }
  const application = input.legacyApplication ?? resolveApplication(form, input.node.device);
  if (!application) {
    throw OAuthFailure.reported('invalid_request', 'missing client_id');
  }

  const result = context.sessions.extend(
    form.refresh_token,
    application,
    context.now(),
    context.lifetimeSeconds,
  );
  if (result.kind === 'garbled') {
    throw OAuthFailure.thrown('security', 'The refresh token is not valid');
  }
  if (result.kind === 'invalid') {
    throw OAuthFailure.reported('invalid_grant', 'invalid refresh token');
  }
  return { issued: result.issued, note: describe('refresh_token', result.issued) };
}

/** With no secret and no device, the application signs in "on behalf of" the user. */
function passwordApplication(form: FormFields, node: CallerNode): ApplicationRecord {
  if (!form.client_id) {
    throw OAuthFailure.reported('invalid_grant', 'invalid client_id');
  }
  if (form.client_secret !== undefined) {
    return authenticateApplication(form.client_id, form.client_secret);
  }
  return resolveApplication(form, node.device) ?? findKnownApplication(form.client_id);
}

function authenticateUser(username: string, password: string): UserRecord {
  const user = findUser(username);
  if (user?.lockedUntil) {
    throw OAuthFailure.reported(
      'invalid_grant',
      `This user account is locked until ${user.lockedUntil}`,
    );
  }
  if (!user || user.password !== password) {
    throw OAuthFailure.reported('invalid_grant', 'Invalid username or password');
  }
  if (user.passwordExpired) {
    throw OAuthFailure.reported('password_expired', 'The password for this account has expired');
  }
  return user;
}

function establish(input: GrantInput, parties: SessionParties, scopes: string[]): IssuedSession {
  const { context, claims } = input;
  checkOverride(claims, input.form.scope);
  const lifetimeSeconds = claims.override
    ? Math.min(context.lifetimeSeconds, ELEVATED_SESSION_SECONDS)
    : context.lifetimeSeconds;
  return context.sessions.establish(
    {
      ...parties,
      generation: context.mount.generation,
      scopes,
      lifetimeSeconds,
      isOverride: claims.override,
      purposeOfUse: claims.purposeOfUse,
    },
    context.now(),
  );
}

function describe(grant: string, { session }: IssuedSession): string {
  const device = session.device ? `, device ${session.device.name}` : ', no device';
  const user = session.user ? `, user ${session.user.name}` : '';
  return `${grant} for ${session.application.name}${device}${user}: session issued`;
}
