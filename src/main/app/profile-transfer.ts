// Export and import of profiles as a JSON file, to share settings between machines or people.
// The file never holds a secret, and the demo profile (tied to this machine's dev server) is
// neither exported nor can an imported profile claim to be it.
import type { ProfileView } from '../../shared/ipc-contract';
import type { Profile, ProfileIssue } from '../core/profile';
import { parseProfile } from '../core/profile';

import type { AppContext } from './app-context';
import { profileViewOf } from './app-context';
import { AppError, profileRejected } from './app-error';
import { MAX_PROFILES } from './ports';
import { generateProfileId } from './profile-id';
import { inTransaction } from './store-transaction';

export const EXPORT_FORMAT = 'santedb-token-tray.profiles';
export const EXPORT_VERSION = 1;

export function exportProfiles(context: AppContext): { json: string; count: number } {
  const profiles = context.repository
    .list()
    .filter((profile) => !profile.demo)
    .map(({ demo: _demo, ...data }) => data);
  const json = JSON.stringify(
    { format: EXPORT_FORMAT, version: EXPORT_VERSION, profiles },
    null,
    2,
  );
  context.logger.info(`${profiles.length} profile(s) exported`);
  return { json: `${json}\n`, count: profiles.length };
}

/** Every profile of the file, or none: one invalid entry rejects the whole file. */
export async function importProfiles(
  context: AppContext,
  json: string,
): Promise<{ imported: number; profiles: ProfileView[] }> {
  const stored = context.repository.list();
  const profiles = withFreeIds(stored, parseEntries(readExportFile(json)));
  if (stored.length + profiles.length > MAX_PROFILES) {
    throw new AppError(
      'invalid_argument',
      `Nothing was imported: the file has ${profiles.length} profile(s), ${stored.length} are ` +
        `stored, and at most ${MAX_PROFILES} can be kept. Delete some, or import a smaller file`,
    );
  }

  await inTransaction(context, async (transaction) => {
    transaction.saveProfiles(profiles);
    if (context.repository.getActiveId() === undefined && profiles[0]) {
      transaction.setActiveId(profiles[0].id);
    }
  });

  context.logger.info(`${profiles.length} profile(s) imported`);
  context.changed();
  const views = await Promise.all(profiles.map((profile) => profileViewOf(context, profile)));
  return { imported: profiles.length, profiles: views };
}

function readExportFile(json: string): unknown[] {
  let file: unknown;
  try {
    file = JSON.parse(json);
  } catch {
    throw new AppError('invalid_argument', 'The file is not JSON: choose a profiles export file');
  }

  if (!isRecord(file) || file.format !== EXPORT_FORMAT) {
    throw new AppError(
      'invalid_argument',
      'The file is not a SanteDB Token Tray profiles export: choose a file made by "Export"',
    );
  }
  if (file.version !== EXPORT_VERSION) {
    throw new AppError(
      'invalid_argument',
      `The file has format version ${String(file.version)}, and this app reads version ${EXPORT_VERSION}: update the app`,
    );
  }
  if (!Array.isArray(file.profiles) || file.profiles.length > MAX_PROFILES) {
    throw new AppError(
      'invalid_argument',
      `The file must list its profiles (at most ${MAX_PROFILES}) under "profiles"`,
    );
  }
  return file.profiles;
}

function parseEntries(entries: unknown[]): Profile[] {
  const profiles: Profile[] = [];
  const issues: ProfileIssue[] = [];

  entries.forEach((entry, index) => {
    // Whatever the file says, an imported profile is the user's own, never the bundled demo.
    const parsed = parseProfile(isRecord(entry) ? { ...entry, demo: false } : entry);
    if (parsed.ok) {
      profiles.push(parsed.profile);
    } else {
      issues.push(
        ...parsed.issues.map((issue) => ({ ...issue, field: `profiles.${index}.${issue.field}` })),
      );
    }
  });

  if (issues.length > 0) {
    throw profileRejected(issues, 'Nothing was imported, because a profile in the file is invalid');
  }
  return profiles;
}

/** An id already stored, or repeated in the file, is replaced by a new one. */
function withFreeIds(stored: Profile[], profiles: Profile[]): Profile[] {
  // One look at the store for the whole file: a look per profile re-read the file each time.
  const seen = new Set(stored.map(({ id }) => id));
  return profiles.map((profile) => {
    const isTaken = (id: string): boolean => seen.has(id);
    const id = isTaken(profile.id) ? generateProfileId(profile.name, isTaken) : profile.id;
    seen.add(id);
    return { ...profile, id };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
