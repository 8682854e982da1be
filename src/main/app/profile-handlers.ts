// The profile channels that change what is stored: save, delete, duplicate, make active. Each
// change to the profile store and the vault is all-or-nothing (see store-transaction.ts).
import type { FieldIssue, ProfileDraft, ProfileView } from '../../shared/ipc-contract';
import type { Profile } from '../core/profile';
import { requiredSecrets, secretNames } from '../core/profile';

import type { AppContext } from './app-context';
import { profileViewOf, requireProfile } from './app-context';
import { profileRejected } from './app-error';
import { checkDraft, DRAFT_ID, draftVault, movedSecretIssues, secretChanges } from './draft';
import { secretLabels } from './error-hints';
import { generateProfileId } from './profile-id';
import { inTransaction, readableSecret } from './store-transaction';

const MAX_NAME = 80;

export async function validateDraft(
  context: AppContext,
  draft: ProfileDraft,
): Promise<{ warnings: FieldIssue[] }> {
  const stored = draft.id === undefined ? undefined : requireProfile(context, draft.id);
  const { profile, warnings } = checkDraft(draft, draft.id ?? DRAFT_ID, stored);
  const missing = await missingSecretWarnings(context, draft, stored, profile);
  return { warnings: [...warnings, ...missing] };
}

export async function saveDraft(context: AppContext, draft: ProfileDraft): Promise<ProfileView> {
  const stored = draft.id === undefined ? undefined : requireProfile(context, draft.id);
  const id = draft.id ?? newProfileId(context, draft.name);
  const { profile } = checkDraft(draft, id, stored);
  // Refused rather than saved without the secret, so that the user sees which one to re-enter.
  const moved = await movedSecretIssues(draft, stored, profile, context.vault);
  if (moved.length > 0) {
    throw profileRejected(moved);
  }
  const changes = secretChanges(draft);

  await inTransaction(context, async (transaction) => {
    for (const [name, change] of changes) {
      const value = change.action === 'replace' ? change.value : undefined;
      await transaction.writeSecret(id, name, value);
    }
    transaction.saveProfile(profile);
    if (context.repository.getActiveId() === undefined) {
      transaction.setActiveId(id);
    }
  });

  // An unchanged save keeps the session: only a real edit makes the token stale.
  if (changes.length > 0 || JSON.stringify(stored) !== JSON.stringify(profile)) {
    context.sessions.profileChanged(id);
    context.idTokens.forget(id);
  }
  context.logger.info(`profile '${profile.name}' ${stored ? 'saved' : 'created'}`);
  context.changed();
  return profileViewOf(context, profile);
}

export async function deleteProfile(
  context: AppContext,
  profileId: string,
): Promise<{ activeProfileId?: string }> {
  const profile = requireProfile(context, profileId);
  const wasActive = context.repository.getActiveId() === profileId;
  const next = context.repository.list().find((candidate) => candidate.id !== profileId);

  await inTransaction(context, async (transaction) => {
    for (const name of secretNames) {
      if (await context.vault.has(profileId, name)) {
        await transaction.writeSecret(profileId, name, undefined);
      }
    }
    transaction.deleteProfile(profileId);
    if (wasActive) {
      transaction.setActiveId(next?.id);
    }
  });

  context.sessions.profileRemoved(profileId);
  context.idTokens.forget(profileId);
  context.logger.info(`profile '${profile.name}' deleted with its secrets`);
  context.changed();
  return { activeProfileId: context.repository.getActiveId() };
}

/** A copy with its secrets, so that changing one field of a working profile is one step. */
export async function duplicateProfile(
  context: AppContext,
  profileId: string,
): Promise<ProfileView> {
  const source = requireProfile(context, profileId);
  const name = copyName(
    source.name,
    new Set(context.repository.list().map((profile) => profile.name)),
  );
  const copy: Profile = { ...structuredClone(source), id: newProfileId(context, name), name };
  // The copy is the user's own profile: the demo label and its port updates stay with the original.
  copy.demo = false;

  await inTransaction(context, async (transaction) => {
    for (const secret of secretNames) {
      const value = await readableSecret(context.vault, profileId, secret);
      if (value !== undefined) {
        await transaction.writeSecret(copy.id, secret, value);
      }
    }
    transaction.saveProfile(copy);
  });

  context.logger.info(`profile '${source.name}' duplicated as '${copy.name}'`);
  context.changed();
  return profileViewOf(context, copy);
}

export function setActiveProfile(
  context: AppContext,
  profileId: string,
): { activeProfileId: string } {
  const profile = requireProfile(context, profileId);
  context.repository.setActiveId(profileId);
  context.logger.info(`profile '${profile.name}' is now the active profile`);
  context.changed();
  return { activeProfileId: profileId };
}

function newProfileId(context: AppContext, name: string): string {
  return generateProfileId(name, (id) => context.repository.get(id) !== undefined);
}

async function missingSecretWarnings(
  context: AppContext,
  draft: ProfileDraft,
  stored: Profile | undefined,
  profile: Profile,
): Promise<FieldIssue[]> {
  const secrets = draftVault(draft, context.vault, stored, profile);
  const warnings: FieldIssue[] = [];
  for (const name of requiredSecrets(profile)) {
    if (!(await secrets.has(profile.id, name))) {
      warnings.push({
        field: `secrets.${name}`,
        message: `No ${secretLabels[name]} is stored: the profile cannot get a token until one is entered`,
      });
    }
  }
  return warnings;
}

function copyName(name: string, taken: Set<string>): string {
  for (let number = 1; ; number += 1) {
    const suffix = number === 1 ? ' (copy)' : ` (copy ${number})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) {
      return candidate;
    }
  }
}
