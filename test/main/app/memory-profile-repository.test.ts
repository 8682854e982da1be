import { describe, expect, it } from 'vitest';

import { MemoryProfileRepository } from '../../../src/main/app/memory-profile-repository';
import { makeProfile } from '../../support/app-fakes';

describe('MemoryProfileRepository', () => {
  it('saves, replaces, lists in insertion order and deletes', () => {
    const repository = new MemoryProfileRepository();

    repository.save(makeProfile({ id: 'a' }));
    repository.save(makeProfile({ id: 'b' }));
    repository.save(makeProfile({ id: 'a', name: 'renamed' }));
    repository.delete('b');

    expect(repository.list().map((profile) => [profile.id, profile.name])).toEqual([
      ['a', 'renamed'],
    ]);
    expect(repository.get('b')).toBeUndefined();
  });

  it('hands out copies, so a caller cannot change what is stored', () => {
    const repository = new MemoryProfileRepository([makeProfile()]);

    const copy = repository.get('prod');
    if (copy) {
      copy.name = 'changed';
      copy.renewal.auto = false;
    }

    expect(repository.get('prod')).toMatchObject({ name: 'prod', renewal: { auto: true } });
  });

  it('tracks the active profile, and forgets it when that profile is deleted', () => {
    const repository = new MemoryProfileRepository([makeProfile()], 'prod');

    const before = repository.getActiveId();
    repository.delete('prod');

    expect(before).toBe('prod');
    expect(repository.getActiveId()).toBeUndefined();
  });
});
