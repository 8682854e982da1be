// Which Host headers the server answers. A page in the user's browser can point a name it owns
// at 127.0.0.1 (DNS rebinding) and then read the answers as same-origin; such a request still
// carries the page's own name in Host, so answering only the loopback names shuts it out.

/** `'any'` answers every Host; otherwise the lower-case `host:port` values that are answered. */
export type HostPolicy = ReadonlySet<string> | 'any';

export function hostPolicy(
  listenAddress: string,
  port: number,
  scheme: 'http' | 'https',
  wildcardBind: boolean,
  extra: readonly string[] = [],
): HostPolicy {
  // Bound to every interface, the server is meant to be reached by names it cannot know; it is
  // then reachable from the network directly, so a rebinding page gains nothing more.
  if (wildcardBind) {
    return 'any';
  }
  const names = [listenAddress, `127.0.0.1:${port}`, `localhost:${port}`, ...extra];
  const defaultPort = scheme === 'https' ? 443 : 80;
  if (port === defaultPort) {
    // A client leaves out the port it need not send.
    names.push(...names.map((name) => name.replace(/:\d+$/, '')));
  }
  return new Set(names.map((name) => name.toLowerCase()));
}

/** Whether to answer; a request without Host (HTTP/1.0) comes from no browser and is answered. */
export function isHostAllowed(policy: HostPolicy, host: string | undefined): boolean {
  return policy === 'any' || host === undefined || policy.has(host.toLowerCase());
}
