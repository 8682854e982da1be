// Ids for new profiles: readable in logs and settings files (the name's slug), unique thanks to
// a short random suffix, and within the id rule of profile.ts (letters, digits, "-", "_").
import { randomBytes } from 'node:crypto';

const MAX_SLUG = 40;
const MAX_ATTEMPTS = 100;

export function slugOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'profile' : slug;
}

/** A fresh id for a profile named `name` that `taken` does not already hold. */
export function generateProfileId(
  name: string,
  taken: (id: string) => boolean,
  random: () => string = () => randomBytes(3).toString('hex'),
): string {
  const slug = slugOf(name);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const id = `${slug}-${random()}`;
    if (!taken(id)) {
      return id;
    }
  }
  throw new Error('no free profile id');
}
