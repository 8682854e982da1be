import { describe, expect, it } from 'vitest';

import { describeTransportFailure, hostOf } from '../../../src/main/core/transport-failures';

describe('describeTransportFailure', () => {
  const failure = (code: string | undefined, message = 'failed') =>
    describeTransportFailure(
      Object.assign(new Error(message), code ? { code } : {}),
      'https://sdb.example.org:8443/auth/oauth2_token',
    );

  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls', "is not trusted: add the server's CA file"],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'tls', "is not trusted: add the server's CA file"],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'tls', "is not trusted: add the server's CA file"],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls', 'is not issued for sdb.example.org:8443'],
    ['CERT_HAS_EXPIRED', 'tls', 'has expired: the server administrator must renew it'],
    ['CERT_NOT_YET_VALID', 'tls', "check this computer's date and time"],
    ['ERR_OSSL_BAD_DECRYPT', 'tls', 'The certificate passphrase is wrong'],
    ['ERR_OSSL_EVP_UNSUPPORTED', 'tls', 'an old PKCS#12 format'],
    [
      'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
      'tls',
      'may have rejected the client certificate',
    ],
    ['ENOTFOUND', 'network', 'the host name could not be resolved'],
    ['ECONNRESET', 'network', 'the connection was reset'],
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'Could not connect to sdb.example.org:8443 in time'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', 'stopped answering'],
  ])('%s → %s', (code, expected, words) => {
    const error = failure(code);
    expect(error.code).toBe(expected);
    expect(error.context.detail).toBe(code);
    expect(error.message).toContain(words);
  });

  it('names the profile field that fixes an untrusted certificate or a wrong passphrase', () => {
    expect(failure('DEPTH_ZERO_SELF_SIGNED_CERT').context.field).toBe('caPath');
    expect(failure('ERR_OSSL_BAD_DECRYPT').context.field).toBe('secrets.certPassphrase');
    expect(failure(undefined, 'mac verify failure').context.field).toBe('secrets.certPassphrase');
    expect(failure('CERT_HAS_EXPIRED').context.field).toBeUndefined();
  });

  it('recognises the PKCS#12 MAC failure, which has no code', () => {
    const error = failure(undefined, 'mac verify failure');
    expect([error.code, error.context.detail]).toEqual(['tls', 'mac_verify_failure']);
  });

  it('reads the code from a cause, and falls back to a network error', () => {
    const wrapped = Object.assign(new Error('fetch failed'), {
      cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
    });
    expect(describeTransportFailure(wrapped, 'http://127.0.0.1:1/').context.detail).toBe(
      'ECONNREFUSED',
    );
    expect(failure(undefined).code).toBe('network');
  });
});

describe('hostOf', () => {
  it('writes out the default port', () => {
    expect(hostOf('https://sdb.example.org/auth')).toBe('sdb.example.org:443');
    expect(hostOf('http://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
    expect(hostOf('not a url')).toBe('the server');
  });
});
