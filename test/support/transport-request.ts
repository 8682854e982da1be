// A token request as the transports receive it, for the tests that drive them directly.
import type { HttpRequest } from '../../src/main/core/transport';

export const TOKEN_FORM = 'grant_type=client_credentials&client_id=org.example.desktop';

export const transportRequest = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  url,
  headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
  body: TOKEN_FORM,
  connectTimeoutMs: 5000,
  totalTimeoutMs: 10_000,
  maxResponseBytes: 1024,
  ...extra,
});
