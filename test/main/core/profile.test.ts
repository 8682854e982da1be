import { describe, expect, it } from 'vitest';

import {
  parseProfile,
  requiredSecrets,
  secretIssue,
  tokenEndpointOf,
  type Profile,
} from '../../../src/main/core/profile';

const base = {
  id: 'prod',
  name: 'prod',
  protocol: 'santedb3',
  serverRoot: 'https://sdb.example.org:8443/',
  clientId: 'org.example.desktop',
};

function parsed(input: Record<string, unknown>): Profile {
  const result = parseProfile(input);
  if (!result.ok) {
    throw new Error(JSON.stringify(result.issues));
  }
  return result.profile;
}

function issuesOf(input: Record<string, unknown>): Array<{ field: string; message: string }> {
  const result = parseProfile(input);
  if (result.ok) {
    throw new Error('expected the profile to be rejected');
  }
  return result.issues;
}

describe('parseProfile', () => {
  it('fills in defaults and trims the trailing slash of the server root', () => {
    const profile = parsed(base);

    expect(profile.serverRoot).toBe('https://sdb.example.org:8443');
    expect(profile.scope).toBe('*');
    expect(profile.nodeAuth).toEqual({ kind: 'none' });
    expect(profile.timeoutSeconds).toBe(20);
    expect(profile.renewal).toEqual({
      auto: true,
      beforeExpirySeconds: 120,
      lifetimeFraction: 0.8,
      warnBeforeSeconds: 300,
    });
    expect(tokenEndpointOf(profile)).toBe('https://sdb.example.org:8443/auth/oauth2_token');
  });

  it('names the field and what to do when the client id is missing', () => {
    const issues = issuesOf({ ...base, clientId: '  ' });

    expect(issues).toEqual([
      { field: 'clientId', message: expect.stringContaining("enter the application's client_id") },
    ]);
  });

  it('rejects an http root unless unencrypted HTTP is allowed, and warns when it is', () => {
    const plain = { ...base, serverRoot: 'http://127.0.0.1:8080' };

    expect(issuesOf(plain)[0]).toMatchObject({ field: 'serverRoot' });
    expect(issuesOf(plain)[0]?.message).toContain('allow unencrypted HTTP');

    const allowed = parseProfile({ ...plain, allowHttp: true });
    expect(allowed.ok && allowed.warnings).toEqual([
      { field: 'serverRoot', message: expect.stringContaining('unencrypted') },
    ]);
  });

  it('reports a rule across fields together with an invalid field elsewhere', () => {
    const issues = issuesOf({ ...base, clientId: '', serverRoot: 'http://127.0.0.1:8080' });

    expect(issues.map((issue) => issue.field)).toEqual(['clientId', 'serverRoot']);
    expect(issues[1]?.message).toContain('allow unencrypted HTTP');
  });

  it('does not repeat a field that is already invalid on its own', () => {
    const issues = issuesOf({ ...base, serverRoot: 'not a url' });

    expect(issues).toEqual([
      { field: 'serverRoot', message: expect.stringContaining('must be an http') },
    ]);
  });

  it('refuses ids that would reach Object.prototype in the stores', () => {
    for (const id of ['__proto__', 'constructor', 'prototype']) {
      expect(issuesOf({ ...base, id })).toEqual([
        { field: 'id', message: expect.stringContaining('cannot be __proto__') },
      ]);
    }
  });

  it('treats HTTP:// in capitals as unencrypted too', () => {
    expect(issuesOf({ ...base, serverRoot: 'HTTP://sdb.example.org' })).toEqual([
      { field: 'serverRoot', message: expect.stringContaining('unencrypted http://') },
    ]);
  });

  it('rejects a URL that carries credentials', () => {
    const issues = issuesOf({ ...base, serverRoot: 'https://user:pw@sdb.example.org' });

    expect(issues[0]?.field).toBe('serverRoot');
  });

  it('rejects a server root with a query or fragment, which would land inside the token URL', () => {
    for (const serverRoot of ['https://sdb.example.org/base?x=1', 'https://sdb.example.org/#f']) {
      expect(issuesOf({ ...base, serverRoot })).toEqual([
        {
          field: 'serverRoot',
          message:
            'Server root must not have a ?query or #fragment: give just the root, such as https://sdb.example.org:8443',
        },
      ]);
    }
  });

  it('says to check the host and port of a URL that does not parse, with an example of its kind', () => {
    expect(issuesOf({ ...base, serverRoot: 'http://127.0.0.1:99999', allowHttp: true })).toEqual([
      {
        field: 'serverRoot',
        message:
          'Server root must be an http:// or https:// URL with a valid host and port, such as https://sdb.example.org:8443',
      },
    ]);
    expect(issuesOf({ ...base, tokenEndpoint: 'ftp://sdb.example.org/token' })).toEqual([
      {
        field: 'tokenEndpoint',
        message:
          'Token endpoint must be an http:// or https:// URL with a valid host and port, such as https://sdb.example.org:8443/auth/oauth2_token',
      },
    ]);
  });

  it('accepts a token endpoint with a query, but not with a fragment', () => {
    const withoutRoot = { ...base, serverRoot: undefined };
    const endpoint = (tokenEndpoint: string) =>
      parseProfile({ ...withoutRoot, protocol: 'oauth2', tokenEndpoint });

    expect(endpoint('https://idp.example.org/token?tenant=a').ok).toBe(true);
    expect(
      issuesOf({
        ...withoutRoot,
        protocol: 'oauth2',
        tokenEndpoint: 'https://idp.example.org/token#f',
      }),
    ).toEqual([
      {
        field: 'tokenEndpoint',
        message: 'Token endpoint must not end in a #fragment: give the URL without it',
      },
    ]);
  });

  it('rejects a device id with ":" for SanteDB 3.x and auto, but accepts it for 2.x', () => {
    const device = { kind: 'device', deviceId: 'NODE:01' };

    expect(issuesOf({ ...base, nodeAuth: device })[0]?.field).toBe('nodeAuth.deviceId');
    expect(issuesOf({ ...base, protocol: 'auto', nodeAuth: device })[0]?.field).toBe(
      'nodeAuth.deviceId',
    );
    expect(parseProfile({ ...base, protocol: 'santedb2', nodeAuth: device }).ok).toBe(true);
  });

  it('refuses a client certificate for an http:// server, where it would never be sent', () => {
    const issues = issuesOf({
      ...base,
      serverRoot: 'http://127.0.0.1:8080',
      allowHttp: true,
      nodeAuth: { kind: 'pkcs12', path: '/certs/node.p12' },
    });

    expect(issues).toEqual([{ field: 'nodeAuth', message: expect.stringContaining('https://') }]);
  });

  it('requires a token endpoint for OAuth 2.0 profiles', () => {
    const issues = issuesOf({ ...base, protocol: 'oauth2', serverRoot: undefined });

    expect(issues).toEqual([
      { field: 'tokenEndpoint', message: expect.stringContaining('full token URL') },
    ]);
  });

  it('refuses device credentials for a plain OAuth 2.0 server', () => {
    const issues = issuesOf({
      ...base,
      protocol: 'oauth2',
      tokenEndpoint: 'https://op.example.org/token',
      nodeAuth: { kind: 'device', deviceId: 'NODE-01' },
    });

    expect(issues[0]?.field).toBe('nodeAuth');
  });

  it('names a missing field with the same message as an empty one', () => {
    const withoutThem: Record<string, unknown> = { ...base };
    delete withoutThem.clientId;
    delete withoutThem.protocol;

    expect(issuesOf(withoutThem)).toEqual([
      { field: 'protocol', message: 'Protocol must be auto, santedb3, santedb2 or oauth2' },
      {
        field: 'clientId',
        message:
          "Client id is required: enter the application's client_id, e.g. org.example.desktop",
      },
    ]);
    expect(issuesOf({ ...base, nodeAuth: { kind: 'pem', certPath: '/c.pem' } })).toEqual([
      {
        field: 'nodeAuth.keyPath',
        message: 'Key file is required: choose the PEM file of the certificate private key',
      },
    ]);
  });

  it('names node authentication itself when its kind is unknown or missing', () => {
    for (const nodeAuth of [{ kind: 'kerberos' }, { deviceId: 'N1' }, 'device']) {
      expect(issuesOf({ ...base, nodeAuth })).toEqual([
        { field: 'nodeAuth', message: 'Node authentication must be none, device, pkcs12 or pem' },
      ]);
    }
  });

  it('drops fields it does not know and refuses what is not an object', () => {
    expect(parsed({ ...base, colour: 'red' })).not.toHaveProperty('colour');
    for (const input of [null, 'prod', 42, ['prod']]) {
      const result = parseProfile(input);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.issues[0]).toEqual({
        field: 'profile',
        message: 'The profile must be an object of fields',
      });
    }
  });

  it('refuses renewal settings out of range, each with its own message', () => {
    const issues = issuesOf({
      ...base,
      renewal: { beforeExpirySeconds: 5, lifetimeFraction: 1.5, warnBeforeSeconds: 0.5 },
    });

    expect(issues).toEqual([
      { field: 'renewal.beforeExpirySeconds', message: 'Renew-before must be at least 10 seconds' },
      {
        field: 'renewal.lifetimeFraction',
        message: 'Lifetime fraction must be between 0.5 and 0.95',
      },
      {
        field: 'renewal.warnBeforeSeconds',
        message: 'Warn-before must be a whole number of seconds',
      },
    ]);
  });

  it('reports an unknown protocol and a bad timeout together', () => {
    const fields = issuesOf({ ...base, protocol: 'saml', timeoutSeconds: 0 }).map(
      (issue) => issue.field,
    );

    expect(fields).toEqual(['protocol', 'timeoutSeconds']);
  });
});

describe('secretIssue', () => {
  it('rejects a device secret with ":" under SanteDB 3.x only', () => {
    const v3 = parsed(base);
    const v2 = parsed({ ...base, protocol: 'santedb2' });

    expect(secretIssue(v3, 'deviceSecret', 'a:b')?.field).toBe('secrets.deviceSecret');
    expect(secretIssue(v2, 'deviceSecret', 'a:b')).toBeUndefined();
    expect(secretIssue(v3, 'clientSecret', 'a:b')).toBeUndefined();
    expect(secretIssue(v3, 'clientSecret', '')?.message).toContain('empty');
  });
});

describe('requiredSecrets', () => {
  it('asks for what each kind of node authentication needs', () => {
    expect(requiredSecrets(parsed(base))).toEqual(['clientSecret']);
    expect(
      requiredSecrets(parsed({ ...base, nodeAuth: { kind: 'device', deviceId: 'N1' } })),
    ).toEqual(['deviceSecret']);
    expect(
      requiredSecrets(
        parsed({ ...base, protocol: 'santedb2', nodeAuth: { kind: 'device', deviceId: 'N1' } }),
      ),
    ).toEqual(['deviceSecret', 'clientSecret']);
    expect(
      requiredSecrets(parsed({ ...base, nodeAuth: { kind: 'pkcs12', path: '/x.p12' } })),
    ).toEqual([]);
  });
});
