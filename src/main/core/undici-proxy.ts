// A dispatcher that tunnels through an HTTP(S) proxy with CONNECT. undici's ProxyAgent asks its
// client to the proxy for `connect()`, a method that only undici's index installs; the index
// would bring fetch, WebSocket and the rest into every bundle, so the proxy client here gets
// that one method from undici's own connect API. Loaded only by a request that has a proxy.
import type { Dispatcher } from 'undici';

export async function createProxyDispatcher(
  proxyUrl: string,
  requestTls: Record<string, unknown>,
  connectTimeoutMs: number,
): Promise<Dispatcher> {
  const [{ default: ProxyAgent }, { default: Pool }, { default: connectOn }] = await Promise.all([
    import('undici/lib/dispatcher/proxy-agent.js'),
    import('undici/lib/dispatcher/pool.js'),
    import('undici/lib/api/api-connect.js'),
  ]);
  return new ProxyAgent({
    uri: proxyUrl,
    requestTls,
    // Verified whatever NODE_TLS_REJECT_UNAUTHORIZED says, as the server connection is.
    proxyTls: { timeout: connectTimeoutMs, rejectUnauthorized: true },
    clientFactory: (origin, options) => {
      const pool = new Pool(origin, options);
      return Object.assign(pool, {
        connect: (connectOptions: Dispatcher.ConnectOptions) =>
          connectOn.call(pool, connectOptions),
      });
    },
  });
}
