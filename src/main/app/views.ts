// What the windows see of profiles and sessions: data, flags and claims, never a secret or a
// token. Every view is built here so that rule has one place to be checked.
import type { ErrorView, ProfileView, SecretName, SessionView } from '../../shared/ipc-contract';
import { describeClaims } from '../core/claims';
import type { Profile } from '../core/profile';
import { requiredSecrets, secretNames, tokenEndpointOf } from '../core/profile';
import { redact } from '../core/redact';
import type { SessionError, SessionSnapshot } from '../core/session-types';

import { errorHint, secretOf } from './error-hints';

export type StoredSecrets = Record<SecretName, boolean>;

/**
 * The profile as the form shows it. `unreadable` are stored secrets that failed to decrypt;
 * they, and the secrets the profile needs but has none of, are listed as needing entry.
 */
export function profileView(
  profile: Profile,
  stored: StoredSecrets,
  unreadable: readonly SecretName[] = [],
): ProfileView {
  const missing = requiredSecrets(profile).filter((name) => !stored[name]);
  const needsReentry = secretNames.filter(
    (name) => unreadable.includes(name) || missing.includes(name),
  );

  return {
    id: profile.id,
    name: profile.name,
    protocol: profile.protocol,
    serverRoot: profile.serverRoot,
    tokenEndpoint: profile.tokenEndpoint,
    effectiveTokenEndpoint: tokenEndpointOf(profile),
    clientId: profile.clientId,
    clientAuth: profile.clientAuth,
    nodeAuth: { ...profile.nodeAuth },
    scope: profile.scope,
    caPath: profile.caPath,
    allowHttp: profile.allowHttp,
    timeoutSeconds: profile.timeoutSeconds,
    renewal: { ...profile.renewal },
    demo: profile.demo,
    storedSecrets: { ...stored },
    needsReentry,
  };
}

/** The session as the session window and the tray show it. */
export function sessionView(
  snapshot: SessionSnapshot,
  profile: Profile,
  idTokenVerified = false,
): SessionView {
  return {
    profileId: profile.id,
    profileName: profile.name,
    demo: profile.demo,
    tokenEndpoint: tokenEndpointOf(profile),
    protocol: profile.protocol,
    generation: snapshot.generation,
    status: snapshot.status,
    hasToken: snapshot.hasToken,
    tokenType: snapshot.tokenType,
    obtainedAtMs: snapshot.obtainedAtMs,
    expiresAtMs: snapshot.expiresAtMs,
    renewAtMs: snapshot.renewAtMs,
    retryAtMs: snapshot.retryAtMs,
    autoRenewalStopped: snapshot.autoRenewalStopped,
    clockSkewMs: snapshot.clockSkewMs,
    error: snapshot.lastError && errorView(snapshot.lastError),
    claims: snapshot.claims && describeClaims(snapshot.claims),
    idToken: idTokenState(snapshot, idTokenVerified),
    warnings: snapshot.warnings.map(redact),
  };
}

export function errorView(error: SessionError): ErrorView {
  return {
    code: error.code,
    message: redact(error.message),
    hint: errorHint(error.code, error.context, error.message),
    status: error.context.status,
    oauthError: error.context.oauthError,
    atMs: error.atMs,
  };
}

/** Secrets whose last use failed because they could not be decrypted. */
export function unreadableSecrets(snapshot: SessionSnapshot): SecretName[] {
  const error = snapshot.lastError;
  if (error?.code !== 'secret_unreadable') {
    return [];
  }
  const name = secretOf(error.context.field);
  return name ? [name] : [];
}

function idTokenState(snapshot: SessionSnapshot, verified: boolean): SessionView['idToken'] {
  if (!snapshot.hasToken || !snapshot.claims) {
    return 'absent';
  }
  return verified ? 'verified' : 'decoded';
}
