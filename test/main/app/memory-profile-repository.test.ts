import { describe, expect, it } from 'vitest';

import { MemoryProfileRepository } from '../../../src/main/app/memory-profile-repository';
import { MAX_PROFILES } from '../../../src/main/app/ports';
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

  it(`saves many at once, all or none past ${MAX_PROFILES} profiles`, () => {
    const repository = new MemoryProfileRepository([makeProfile({ id: 'a' })]);
    const batch = (count: number) =>
      Array.from({ length: count }, (_unused, index) => makeProfile({ id: `b${index}` }));

    repository.saveMany([makeProfile({ id: 'a', name: 'renamed' }), ...batch(MAX_PROFILES - 1)]);
    expect(() => repository.saveMany([makeProfile({ id: 'a' }), makeProfile({ id: 'c' })])).toThrow(
      `At most ${MAX_PROFILES} profiles`,
    );

    expect(repository.list()).toHaveLength(MAX_PROFILES);
    expect(repository.get('a')?.name).toBe('renamed');
    expect(repository.get('c')).toBeUndefined();
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
