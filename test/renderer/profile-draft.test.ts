// From the form's values to the draft main validates: the protocol decides which address is
// sent, and secrets follow the chosen node authentication.
import { describe, expect, it } from 'vitest';

import {
  draftFromValues,
  endpointPreview,
  valuesFromProfile,
  type FormValues,
} from '../../src/renderer/profile-draft';
import type { ProfileView } from '../../src/shared/ipc-contract';

const stored: ProfileView = {
  id: 'prod',
  name: 'prod',
  protocol: 'santedb3',
  serverRoot: 'https://sdb.example.org:8443',
  effectiveTokenEndpoint: 'https://sdb.example.org:8443/auth/oauth2_token',
  clientId: 'org.example.desktop',
  clientAuth: 'post',
  nodeAuth: { kind: 'device', deviceId: 'NODE-1' },
  scope: '*',
  allowHttp: false,
  timeoutSeconds: 20,
  renewal: { auto: true, beforeExpirySeconds: 120, lifetimeFraction: 0.8, warnBeforeSeconds: 300 },
  demo: false,
  storedSecrets: { clientSecret: true, deviceSecret: true, certPassphrase: false },
  needsReentry: [],
};

function edited(change: Partial<FormValues>): FormValues {
  return { ...valuesFromProfile(stored), ...change };
}

describe('endpointPreview', () => {
  it('shows the address the core will call, without doubled slashes', () => {
    expect(endpointPreview(' https://sdb.example.org:8443/// ')).toBe(
      'https://sdb.example.org:8443/auth/oauth2_token',
    );
    expect(endpointPreview('  ')).toBeUndefined();
  });
});

describe('draftFromValues', () => {
  it('keeps an unchanged profile as it is, and every stored secret as stored', () => {
    const draft = draftFromValues(valuesFromProfile(stored));
    expect(draft).toMatchObject({
      id: 'prod',
      serverRoot: 'https://sdb.example.org:8443',
      tokenEndpoint: undefined,
      nodeAuth: { kind: 'device', deviceId: 'NODE-1' },
      timeoutSeconds: 20,
      secrets: { clientSecret: { action: 'keep' }, deviceSecret: { action: 'keep' } },
    });
  });

  it('sends the token endpoint, not the server root, for OAuth 2.0', () => {
    const draft = draftFromValues(
      edited({ protocol: 'oauth2', tokenEndpoint: ' https://login.example.org/token ' }),
    );
    expect(draft.serverRoot).toBeUndefined();
    expect(draft.tokenEndpoint).toBe('https://login.example.org/token');
  });

  it('clears a stored device secret once the profile no longer uses device credentials', () => {
    const draft = draftFromValues(edited({ nodeKind: 'pkcs12', pkcs12Path: '/certs/node.p12' }));
    expect(draft.nodeAuth).toEqual({ kind: 'pkcs12', path: '/certs/node.p12' });
    expect(draft.secrets.deviceSecret).toEqual({ action: 'clear' });
    expect(draft.secrets.certPassphrase).toEqual({ action: 'keep' });
  });

  it('passes a typed secret on, and leaves numbers for the core to judge', () => {
    const draft = draftFromValues(
      edited({
        secrets: {
          clientSecret: { action: 'replace', value: 'typed' },
          deviceSecret: { action: 'keep' },
          certPassphrase: { action: 'keep' },
        },
        timeoutSeconds: 'soon',
      }),
    );
    expect(draft.secrets.clientSecret).toEqual({ action: 'replace', value: 'typed' });
    expect(draft.timeoutSeconds).toBeNaN();
  });
});
