import { describe, expect, it } from 'vitest';

import { generateProfileId, slugOf } from '../../../src/main/app/profile-id';

describe('profile ids', () => {
  it.each([
    ['Prod EU', 'prod-eu'],
    ['Démo — São Paulo', 'demo-sao-paulo'],
    ['***', 'profile'],
    ['a'.repeat(100), 'a'.repeat(40)],
  ])('slug of %j is %j', (name, slug) => {
    expect(slugOf(name)).toBe(slug);
  });

  it('adds a random suffix and skips ids already taken', () => {
    const suffixes = ['aaaaaa', 'bbbbbb'];
    const id = generateProfileId(
      'prod',
      (candidate) => candidate === 'prod-aaaaaa',
      () => suffixes.shift() ?? '',
    );

    expect(id).toBe('prod-bbbbbb');
  });

  it('fits the id rule of profiles', () => {
    expect(generateProfileId('x'.repeat(80), () => false)).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
