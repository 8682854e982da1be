// A form's draft as the engine's profile, and the draft's secrets as a vault: the edit form
// sends profile fields and, per secret, whether to keep, replace or clear it.
import type { ProfileDraft, SecretChange } from '../../shared/ipc-contract';
import { TokenError } from '../core/errors';
import type { Profile, ProfileInput, ProfileIssue, SecretName } from '../core/profile';
import { parseProfile, secretIssue, secretNames, tokenEndpointOf } from '../core/profile';
import type { SecretVault } from '../core/secret-vault';

import { profileRejected } from './app-error';

/** The id a draft of a new profile is checked under, before it has one of its own. */
export const DRAFT_ID = 'unsaved-draft';

/** Profile input from the draft; fields the form does not edit come from the stored profile. */
export function draftToInput(draft: ProfileDraft, id: string, stored?: Profile): ProfileInput {
  return {
    id,
    name: draft.name,
    protocol: draft.protocol,
    serverRoot: blankToUndefined(draft.serverRoot),
    tokenEndpoint: blankToUndefined(draft.tokenEndpoint),
    clientId: draft.clientId,
    clientAuth: draft.clientAuth,
    nodeAuth: draft.nodeAuth,
    scope: draft.scope,
    caPath: draft.caPath,
    allowHttp: draft.allowHttp,
    timeoutSeconds: draft.timeoutSeconds,
    renewal: { ...stored?.renewal, ...withoutUndefined(draft.renewal ?? {}) },
    demo: stored?.demo ?? false,
  };
}

/**
 * The draft as a valid profile under `id`, with its warnings; or an `invalid_profile` AppError
 * listing every field issue, and then every secret that can never work.
 */
export function checkDraft(
  draft: ProfileDraft,
  id: string,
  stored: Profile | undefined,
  lead?: string,
): { profile: Profile; warnings: ProfileIssue[] } {
  const parsed = parseProfile(draftToInput(draft, id, stored));
  if (!parsed.ok) {
    throw profileRejected(parsed.issues, lead);
  }

  const issues = secretChanges(draft).flatMap(([name, change]) => {
    const issue = change.action === 'replace' && secretIssue(parsed.profile, name, change.value);
    return issue ? [issue] : [];
  });
  if (issues.length > 0) {
    throw profileRejected(issues, lead);
  }
  return { profile: parsed.profile, warnings: parsed.warnings };
}

/** The secret changes of a draft, in a fixed order, leaving out the ones kept as stored. */
export function secretChanges(
  draft: ProfileDraft,
): Array<[SecretName, Exclude<SecretChange, { action: 'keep' }>]> {
  const changes: Array<[SecretName, Exclude<SecretChange, { action: 'keep' }>]> = [];
  for (const name of secretNames) {
    const change = draft.secrets[name];
    if (change && change.action !== 'keep') {
      changes.push([name, change]);
    }
  }
  return changes;
}

/**
 * Whether a secret stored for `stored` may go where `profile` sends it. A secret was entered for
 * one server: an edited, unsaved address (a typo, or a window that is not the user's) must not
 * receive it. Another path on the same origin is still that server.
 */
export function keepsDestination(stored: Profile, profile: Profile): boolean {
  const origin = originOf(stored);
  return (
    stored.protocol === profile.protocol &&
    stored.allowHttp === profile.allowHttp &&
    origin !== undefined &&
    origin === originOf(profile)
  );
}

/**
 * An issue per secret the draft keeps although its address moved away from the stored one, so
 * that the user enters it again for the new address rather than it being sent or saved there.
 */
export async function movedSecretIssues(
  draft: ProfileDraft,
  stored: Profile | undefined,
  profile: Profile,
  vault: SecretVault,
): Promise<ProfileIssue[]> {
  if (!stored || keepsDestination(stored, profile)) {
    return [];
  }
  const issues: ProfileIssue[] = [];
  for (const name of secretNames) {
    const kept = (draft.secrets[name] ?? { action: 'keep' }).action === 'keep';
    if (kept && (await vault.has(stored.id, name))) {
      issues.push({
        field: `secrets.${name}`,
        message:
          'The server address, protocol or HTTP setting changed since this secret was saved: enter the secret again to use it with the new address',
      });
    }
  }
  return issues;
}

/**
 * A read-only vault that answers with the draft's secrets: a replaced value, nothing for a
 * cleared one, and for a kept one the secret stored under the stored profile, if any, but only
 * while the draft still sends it to the same place (see `keepsDestination`).
 */
export function draftVault(
  draft: ProfileDraft,
  vault: SecretVault,
  stored: Profile | undefined,
  profile: Profile,
): SecretVault {
  const changeOf = (name: SecretName): SecretChange => draft.secrets[name] ?? { action: 'keep' };
  const storedId = stored && keepsDestination(stored, profile) ? stored.id : undefined;
  const refuse = async (): Promise<never> => {
    throw new TokenError('storage', 'A test connection never changes stored secrets');
  };

  return {
    async get(_profileId, name) {
      const change = changeOf(name);
      if (change.action !== 'keep') {
        return change.action === 'replace' ? change.value : undefined;
      }
      return storedId === undefined ? undefined : vault.get(storedId, name);
    },
    async has(_profileId, name) {
      const change = changeOf(name);
      if (change.action !== 'keep') {
        return change.action === 'replace';
      }
      return storedId !== undefined && vault.has(storedId, name);
    },
    set: refuse,
    delete: refuse,
  };
}

function originOf(profile: Profile): string | undefined {
  try {
    return new URL(tokenEndpointOf(profile)).origin;
  } catch {
    // No comparable origin: treat the address as moved, which only ever withholds a secret.
    return undefined;
  }
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
