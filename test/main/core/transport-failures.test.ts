import { describe, expect, it } from 'vitest';

import {
  connectTimedOut,
  describeTransportFailure,
  hostOf,
} from '../../../src/main/core/transport-failures';

describe('describeTransportFailure', () => {
  const failure = (code: string | undefined, message = 'failed') =>
    describeTransportFailure(
      Object.assign(new Error(message), code ? { code } : {}),
      'https://sdb.example.org:8443/auth/oauth2_token',
      10_000,
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
    ['UND_ERR_CONNECT_TIMEOUT', 'timeout', 'Could not connect to sdb.example.org:8443 in 10 s'],
    ['ETIMEDOUT', 'timeout', 'Could not connect to sdb.example.org:8443 before the system gave up'],
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
    expect(describeTransportFailure(wrapped, 'http://127.0.0.1:1/', 10_000).context.detail).toBe(
      'ECONNREFUSED',
    );
    expect(failure(undefined).code).toBe('network');
  });
});

describe('describeTransportFailure for what node:http names otherwise than undici', () => {
  const url = 'http://sdb.example.org:8080/auth/oauth2_token';
  const failure = (code: string, message: string) =>
    describeTransportFailure(Object.assign(new Error(message), { code }), url, 10_000);

  it.each([
    ['socket hang up', 'before the answer'],
    ['aborted', 'during the body'],
  ])('words ECONNRESET "%s" (closed %s) as undici\'s UND_ERR_SOCKET', (message) => {
    expect(failure('ECONNRESET', message).toJSON()).toEqual(
      failure('UND_ERR_SOCKET', 'other side closed').toJSON(),
    );
    expect(failure('ECONNRESET', message).message).toBe(
      'Could not reach sdb.example.org:8080: the server closed the connection: check that the URL scheme (http or https) matches the server',
    );
  });

  it('keeps a reset by the peer a reset', () => {
    const error = failure('ECONNRESET', 'read ECONNRESET');
    expect([error.context.detail, error.message]).toEqual([
      'ECONNRESET',
      'Could not reach sdb.example.org:8080: the connection was reset: try again, and check any proxy or firewall in between',
    ]);
  });

  it("reads OpenSSL's reason from an EPROTO raised while writing, as Node's read code", () => {
    const written = failure(
      'EPROTO',
      'write EPROTO 80BCA794327F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
    );
    const read = failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number');

    expect(written.toJSON()).toEqual(read.toJSON());
    expect([written.code, written.context.detail]).toEqual(['tls', 'ERR_SSL_WRONG_VERSION_NUMBER']);
    expect(written.message).not.toContain('80BCA794327F0000');
  });

  it('leaves an EPROTO without an OpenSSL reason a network failure', () => {
    const error = failure('EPROTO', 'write EPROTO');
    expect([error.code, error.context.detail]).toEqual(['network', 'EPROTO']);
  });

  it("words node's parser codes and undici's code-less HTTPParserError alike", () => {
    const node = failure('HPE_INVALID_CONSTANT', 'Parse Error: Expected HTTP/');
    const undici = describeTransportFailure(
      Object.assign(new Error('Response does not match the HTTP/1.1 protocol'), {
        name: 'HTTPParserError',
        code: undefined,
      }),
      url,
      10_000,
    );

    expect(node.toJSON()).toEqual(undici.toJSON());
    expect(node.toJSON()).toEqual({
      code: 'network',
      message:
        'Could not reach sdb.example.org:8080: the answer is not valid HTTP: check that the URL scheme (http or https) and the port match the server',
      context: { url, detail: 'not_http' },
    });
  });
});

describe('connectTimedOut', () => {
  const url = 'https://sdb.example.org:8443/auth/oauth2_token';

  it("is what undici's connect timeout becomes, with the deadline undici does not report", () => {
    const undici = describeTransportFailure(
      Object.assign(new Error('Connect Timeout Error'), { code: 'UND_ERR_CONNECT_TIMEOUT' }),
      url,
      10_000,
    );

    expect(connectTimedOut(url, 10_000).toJSON()).toEqual(undici.toJSON());
    expect(connectTimedOut(url, 10_000).toJSON()).toEqual({
      code: 'timeout',
      message:
        'Could not connect to sdb.example.org:8443 in 10 s: check the server URL, the network or VPN, and any firewall',
      context: { url, detail: 'UND_ERR_CONNECT_TIMEOUT' },
    });
  });

  it('states a deadline of part of a second with one decimal', () => {
    expect(connectTimedOut(url, 1200).message).toContain(' in 1.2 s: ');
    expect(connectTimedOut(url, 300).message).toContain(' in 0.3 s: ');
  });
});

describe('a reset over https://', () => {
  const reset = (message: string, url: string) =>
    describeTransportFailure(Object.assign(new Error(message), { code: 'ECONNRESET' }), url, 5000);

  it.each([
    ['read ECONNRESET', 'a reset'],
    ['Client network socket disconnected before secure TLS connection was established', 'a close'],
  ])('says to check the scheme and port after "%s" (%s before the handshake)', (message) => {
    const error = reset(message, 'https://sdb.example.org:8080/auth/oauth2_token');

    expect(error.toJSON()).toEqual({
      code: 'network',
      message:
        'Could not reach sdb.example.org:8080: the connection was reset: check that the URL scheme (http or https) and the port match the server, then any proxy or firewall in between',
      context: { url: 'https://sdb.example.org:8080/auth/oauth2_token', detail: 'ECONNRESET' },
    });
  });

  it('stays a plain reset over http://, where no handshake is involved', () => {
    expect(reset('read ECONNRESET', 'http://sdb.example.org:8080/').message).toContain(
      'the connection was reset: try again',
    );
  });
});

describe('hostOf', () => {
  it('writes out the default port', () => {
    expect(hostOf('https://sdb.example.org/auth')).toBe('sdb.example.org:443');
    expect(hostOf('http://127.0.0.1:8080/')).toBe('127.0.0.1:8080');
    expect(hostOf('not a url')).toBe('the server');
  });
});
