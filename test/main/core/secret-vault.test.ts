import { describe, expect, it } from 'vitest';

import { MemoryVault } from '../../../src/main/core/secret-vault';

describe('MemoryVault', () => {
  it('stores secrets per profile and deletes one or all of a profile', async () => {
    const vault = new MemoryVault();
    await vault.set('a', 'clientSecret', 'one');
    await vault.set('a', 'deviceSecret', 'two');
    await vault.set('ab', 'clientSecret', 'three');

    await vault.delete('a', 'deviceSecret');
    expect(await vault.has('a', 'deviceSecret')).toBe(false);
    expect(await vault.get('a', 'clientSecret')).toBe('one');

    await vault.delete('a');
    expect(await vault.has('a', 'clientSecret')).toBe(false);
    expect(await vault.get('ab', 'clientSecret')).toBe('three');
  });
});
