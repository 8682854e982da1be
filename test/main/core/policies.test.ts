import { describe, expect, it } from 'vitest';

import {
  SANTEDB_POLICY_ROOT,
  expandPolicyScope,
  policyName,
  santedbPolicies,
} from '../../../src/main/core/policies';

const root = SANTEDB_POLICY_ROOT;

describe('SanteDB policies', () => {
  it.each([
    [root, 'Unrestricted All'],
    [`${root}.0`, 'Unrestricted Administrative Function'],
    [`${root}.1`, 'Login'],
    [`${root}.1.0`, 'Login as a Service'],
    [`${root}.1.0.1`, 'Login for Password Reassignment'],
    [`${root}.2`, 'Unrestricted Clinical Data'],
    [`${root}.2.3`, 'Read Clinical Data'],
    [`${root}.4.0`, 'Read Metadata'],
    [`${root}.4.0.1.2`, 'Read Materials'],
    [`${root}.999`, 'Override Disclosure'],
  ])('names %s "%s"', (oid, name) => {
    expect(policyName(oid)).toBe(name);
  });

  it.each([
    [`${root}.1.0.0`, 'OAuth Login'],
    [`${root}.1.0.0.1`, 'OAuth client_credentials flow'],
    [`${root}.1.0.0.1.0`, 'OAuth client_credentials flow without device credentials'],
    [`${root}.1.0.0.2`, 'OAuth password flow'],
    [`${root}.1.0.0.2.0`, 'OAuth password flow without device credentials'],
    [`${root}.1.0.0.3`, 'OAuth authorization code flow'],
    [`${root}.1.0.0.3.0`, 'OAuth authorization code flow without device credentials'],
    [`${root}.1.0.0.4`, 'OAuth password reset grant'],
    [`${root}.1.0.0.4.0`, 'OAuth password reset grant without device credentials'],
  ])('names the OAuth flow policy %s', (oid, name) => {
    expect(policyName(oid)).toBe(name);
  });

  it('knows nothing of OIDs outside its list', () => {
    expect(policyName(`${root}.2.3.7`)).toBeUndefined();
    expect(policyName('1.3.6.1.4.1.33349.3.1.5.9.3')).toBeUndefined();
    expect(policyName('openid')).toBeUndefined();
    expect(policyName('*')).toBeUndefined();
  });

  it('lists each policy once, every one under the SanteDB root', () => {
    // 98 rows in policies.ts: a repeated OID would shrink the map.
    expect(santedbPolicies.size).toBe(98);
    expect(new Set(santedbPolicies.values()).size).toBe(98);
    for (const oid of santedbPolicies.keys()) {
      expect(oid === root || oid.startsWith(`${root}.`)).toBe(true);
      expect(oid).toMatch(/^\d+(\.\d+)*$/);
    }
  });

  it('expands the "ua" shortening of encodeScopes and leaves other scopes alone', () => {
    expect(expandPolicyScope('ua')).toBe(root);
    expect(expandPolicyScope('ua.2.3')).toBe(`${root}.2.3`);
    expect(policyName('ua.1.0')).toBe('Login as a Service');
    expect(expandPolicyScope('uax.1')).toBe('uax.1');
    expect(expandPolicyScope('openid')).toBe('openid');
    expect(expandPolicyScope(`${root}.2`)).toBe(`${root}.2`);
  });
});
