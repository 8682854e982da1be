// The usage text and the error for a command line that cannot work. Both are plain data so
// that `--help` costs nothing beyond printing.

export const usageText = `Usage: santedb-token [token|header|claims|json] [options]

Gets an OAuth 2.0 bearer token from a SanteDB 2.x/3.x server or any OAuth 2.0 server.

Output (stdout):
  token                   the access token (default)
  header                  the line "Authorization: Bearer <token>"
  claims                  the id_token claims as JSON
  json                    access_token, token_type, expires_at, expires_in, protocol, claims

Options:
  --server URL            server root; the token endpoint is <root>/auth/oauth2_token
  --token-endpoint URL    full token endpoint instead of --server (any OAuth 2.0 server);
                          give one of the two, without user:password@ in it
  --client-id ID          the application's client_id
  --device-id ID          node authentication by device secret
  --cert FILE             node authentication by client certificate (.p12/.pfx, or PEM with --key)
  --key FILE              PEM private key for a PEM --cert
  --ca FILE               extra trusted CA certificates (PEM)
  --scope SCOPE           default "*"
  --protocol auto|santedb3|santedb2|oauth2     default auto
  --client-auth basic|post                     for oauth2; default basic
  --allow-http            permit an http:// server
  --timeout SECONDS       1 to 300, such as 20 (the default) or 2.5
  -h, --help              show this help
  --version               show the version

Secrets are read from the environment, never from the command line:
  SANTEDB_CLIENT_SECRET   the application's client secret
  SANTEDB_DEVICE_SECRET   the device secret for --device-id
  SANTEDB_CERT_PASSPHRASE the passphrase of --cert (or of an encrypted --key)
One line break at the end of a value (\\n or \\r\\n), as pasting or reading a file often leaves,
is removed; any other whitespace is kept as part of the secret.

Exit codes: 0 success, 2 usage or configuration, 3 server refused,
            4 network, TLS or timeout, 5 unexpected response.

Compiled code is cached in the temp directory (santedb-token-cache-<uid>), readable only by
you, to start faster; it holds no secret and may be deleted at any time.
`;

export const TIMEOUT_NEEDED =
  '--timeout needs a number of seconds between 1 and 300, such as --timeout 20';

/** A command line or environment that cannot work; the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
