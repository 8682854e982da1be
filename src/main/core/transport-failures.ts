// What went wrong below HTTP (connect, TLS, proxy, socket), as a TokenError whose message says
// what to change. Node and OpenSSL report these by `code`, sometimes only on a wrapped cause;
// the error's own text is only matched, never repeated, since it can hold proxy credentials.
// undici and node:http name some situations differently; each is worded once, under undici's
// code (sameSituation below), so both transports say the same thing.
import { secondsOf } from '../../shared/duration';

import { TokenError } from './errors';

/** host:port of a URL, with the scheme's default port written out. */
export function hostOf(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    return `${parsed.hostname}:${port}`;
  } catch {
    return 'the server';
  }
}

const PASSPHRASE = 'secrets.certPassphrase';
const WRONG_PASSPHRASE =
  'The certificate passphrase is wrong: enter the passphrase of the certificate or key file in the profile';

const untrusted = (host: string) =>
  `The server certificate of ${host} is not trusted: add the server's CA file to the profile`;
const rejected = (host: string, code: string) =>
  `The server certificate of ${host} was rejected (${code}): the server administrator must replace it`;

/** TLS failures by OpenSSL or Node code, in words that say what to change. */
const tlsAdvice: Record<string, (host: string, code: string) => string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: untrusted,
  SELF_SIGNED_CERT_IN_CHAIN: untrusted,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: untrusted,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: untrusted,
  UNABLE_TO_GET_ISSUER_CERT: untrusted,
  CERT_UNTRUSTED: untrusted,
  ERR_TLS_CERT_ALTNAME_INVALID: (host) =>
    `The server certificate is not issued for ${host}: use the host name the certificate names, or ask for a certificate for this name`,
  CERT_HAS_EXPIRED: (host) =>
    `The server certificate of ${host} has expired: the server administrator must renew it`,
  CERT_NOT_YET_VALID: (host) =>
    `The server certificate of ${host} is not valid yet: check this computer's date and time`,
  INVALID_PURPOSE: rejected,
  CERT_REVOKED: rejected,
  CERT_SIGNATURE_FAILURE: rejected,
  CERT_CHAIN_TOO_LONG: rejected,
  INVALID_CA: rejected,
  ERR_OSSL_BAD_DECRYPT: () => WRONG_PASSPHRASE,
  ERR_OSSL_EVP_UNSUPPORTED: () =>
    'The certificate file uses encryption this app cannot read (an old PKCS#12 format): export it again with AES',
  ERR_OSSL_X509_KEY_VALUES_MISMATCH: () =>
    'The private key does not belong to the client certificate: choose the matching key file',
  ERR_SSL_WRONG_VERSION_NUMBER: (host) =>
    `${host} does not speak TLS: check whether the URL should start with http:// or use another port`,
};

/** What the response parser rejected; undici's parser error often has no code to show. */
const NOT_HTTP = 'not_http';

const networkAdvice: Record<string, string> = {
  ECONNREFUSED:
    'the connection was refused: check that the server is running and the port is right',
  ENOTFOUND: 'the host name could not be resolved: check the server URL and the network or VPN',
  EAI_AGAIN: 'the host name could not be resolved: check the network or VPN',
  ECONNRESET: 'the connection was reset: try again, and check any proxy or firewall in between',
  EPIPE: 'the connection was closed while sending: try again',
  EHOSTUNREACH: 'the host cannot be reached: check the network or VPN',
  ENETUNREACH: 'the network cannot be reached: check the network connection',
  // TODO(undici loses a TLS 1.3 alert): a TLS 1.3 server that refuses the client certificate
  // does so after the client's handshake, by an alert on the first read. node:http reports that
  // alert (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED, the certificate advice); undici reports
  // only the closed socket, so the tray says this instead. Can go when undici passes the alert on.
  UND_ERR_SOCKET:
    'the server closed the connection: check that the URL scheme (http or https) matches the server',
  [NOT_HTTP]:
    'the answer is not valid HTTP: check that the URL scheme (http or https) and the port match the server',
};

// Over https://, a reset (or a close before the handshake ends) is what a plain-HTTP port does
// with a ClientHello; a port that answers it in HTTP gives ERR_SSL_WRONG_VERSION_NUMBER instead.
const RESET_OVER_TLS =
  'the connection was reset: check that the URL scheme (http or https) and the port match the server, then any proxy or firewall in between';

const CONNECT_TIMEOUT = 'UND_ERR_CONNECT_TIMEOUT';

/**
 * The connect deadline of `timeoutMs` passed. A transport that keeps its own deadline reports it
 * in undici's code, so one situation has one detail whichever client saw it.
 */
export function connectTimedOut(
  url: string,
  timeoutMs: number,
  detail = CONNECT_TIMEOUT,
): TokenError {
  // ETIMEDOUT is the system's own connect limit, which is not the request's.
  const when =
    detail === 'ETIMEDOUT' ? 'before the system gave up' : `in ${secondsOf(timeoutMs)} s`;
  return new TokenError(
    'timeout',
    `Could not connect to ${hostOf(url)} ${when}: check the server URL, the network or VPN, and any firewall`,
    { url, detail },
  );
}

/**
 * What went wrong below HTTP, in words that say what to check. Never reads error details aloud.
 * `connectTimeoutMs` is the request's connect deadline, which undici's timeout error omits.
 */
export function describeTransportFailure(
  error: unknown,
  url: string,
  connectTimeoutMs: number,
): TokenError {
  const message = error instanceof Error ? error.message.toLowerCase() : '';
  const code = sameSituation(error, findCode(error), message);
  const host = hostOf(url);
  const context = (detail: string) => ({ url, detail });

  if (code === CONNECT_TIMEOUT || code === 'ETIMEDOUT') {
    return connectTimedOut(url, connectTimeoutMs, code);
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new TokenError(
      'timeout',
      `${host} stopped answering: try again later, or raise the profile's timeout`,
      context(code),
    );
  }
  const tlsError = describeTlsFailure(code, message, host);
  if (tlsError) {
    const fixIn = tlsError.field === undefined ? {} : { field: tlsError.field };
    return new TokenError('tls', tlsError.message, { ...context(tlsError.detail), ...fixIn });
  }
  const proxyError = describeProxyFailure(message, host, url);
  if (proxyError) {
    return proxyError;
  }
  const resetOverTls = code === 'ECONNRESET' && url.toLowerCase().startsWith('https:');
  const advice = resetOverTls
    ? RESET_OVER_TLS
    : ((code && networkAdvice[code]) ??
      'the connection failed: check the server URL and the network');
  return new TokenError(
    'network',
    `Could not reach ${host}: ${advice}`,
    context(code ?? 'unknown'),
  );
}

/** node:http's code for what undici reports otherwise, as undici's (or a shared name). */
function sameSituation(
  error: unknown,
  code: string | undefined,
  message: string,
): string | undefined {
  // The server closed the socket before the answer was complete: undici's "other side closed".
  // A reset by the peer has the same code but another text ("read ECONNRESET").
  if (code === 'ECONNRESET' && (message === 'socket hang up' || message === 'aborted')) {
    return 'UND_ERR_SOCKET';
  }
  // node:http writes the request before the handshake ends, so a TLS failure can surface on that
  // write as EPROTO with OpenSSL's reason only in the text; read, it gets the code Node derives
  // from that reason, which undici reports.
  if (code === 'EPROTO') {
    const reason = /:ssl routines:[^:]*:([a-z0-9 ]+):/.exec(message)?.[1];
    return reason ? `ERR_SSL_${reason.toUpperCase().replaceAll(' ', '_')}` : code;
  }
  if (code?.startsWith('HPE_') || (error instanceof Error && error.name === 'HTTPParserError')) {
    return NOT_HTTP;
  }
  return code;
}

/** Undici reports a refused CONNECT only in its message: "Proxy response (407) !== 200". */
function describeProxyFailure(message: string, host: string, url: string): TokenError | undefined {
  const proxyStatus = /proxy response \((\d{3})\)/.exec(message)?.[1];
  if (!proxyStatus) {
    return undefined;
  }
  return new TokenError(
    'network',
    proxyStatus === '407'
      ? 'The proxy requires authentication: configure the proxy credentials in the system settings'
      : `The proxy refused to connect to ${host} (HTTP ${proxyStatus}): check the proxy settings`,
    { url, status: Number(proxyStatus), detail: 'proxy' },
  );
}

function describeTlsFailure(
  code: string | undefined,
  message: string,
  host: string,
): { message: string; detail: string; field?: string } | undefined {
  const advice = code ? tlsAdvice[code] : undefined;
  if (code && advice) {
    // The profile field that fixes it, so each front end can say where in its own words.
    const field =
      advice === untrusted ? 'caPath' : code === 'ERR_OSSL_BAD_DECRYPT' ? PASSPHRASE : undefined;
    return { message: advice(host, code), detail: code, ...(field ? { field } : {}) };
  }
  // A wrong PKCS#12 passphrase surfaces as OpenSSL's MAC failure, without a code.
  if (message.includes('mac verify failure') || message.includes('bad decrypt')) {
    return { message: WRONG_PASSPHRASE, detail: code ?? 'mac_verify_failure', field: PASSPHRASE };
  }
  if (code && /^ERR_(SSL|OSSL|TLS)_/.test(code)) {
    return {
      message: `The TLS handshake with ${host} failed (the server may have rejected the client certificate, or the certificate file cannot be read): check the certificate, key and CA files`,
      detail: code,
    };
  }
  return undefined;
}

/** The first string `code` on the error or its causes. */
function findCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
