// Which server the dev server plays is chosen by the path in front of `/auth`, so that a
// profile's "server root" alone picks it:
//
//   <url>/auth/...           SanteDB 3.x; client-only (nodeless) client_credentials allowed,
//                            as in the Docker images
//   <url>/strict/auth/...    SanteDB 3.x requiring node (device) authentication
//   <url>/santedb2/auth/...  SanteDB 2.x: X-Device-Authorization, client_id + client_secret in
//                            the body, expires_in in milliseconds, hex tokens, every error 400
//
// Any of these may be followed by a fault segment, e.g. `<url>/santedb2/_fault/slow-3000/auth`.
// Beside each `/auth` sits a small `/hdsi` on which an issued token can be tried (E17).
import { noFaults, parseFaults } from './faults';
import type { Faults } from './faults';

export type Generation = 'santedb3' | 'santedb2';

/** The service below the server root: the token service, or the clinical data API. */
export type Service = 'auth' | 'hdsi';

export interface Mount {
  generation: Generation;
  /** False where the server allows client_credentials without a device (nodeless). */
  requireNodeAuth: boolean;
  /** Everything before `/auth`, e.g. `/santedb2/_fault/slow-3000`; '' for the default mount. */
  prefix: string;
  faults: Faults;
  service: Service;
  /** The path below the service: '/oauth2_token', '/jwks', or '/' for the service root. */
  route: string;
}

export type MountResolution =
  { kind: 'mount'; mount: Mount } | { kind: 'unknown-fault'; name: string } | { kind: 'none' };

export const mountTable: readonly { path: string; behaviour: string }[] = [
  {
    path: '/auth',
    behaviour: 'SanteDB 3.x, nodeless client_credentials allowed (Docker default)',
  },
  {
    path: '/strict/auth',
    behaviour: 'SanteDB 3.x requiring node authentication (device Basic or mTLS)',
  },
  {
    path: '/santedb2/auth',
    behaviour:
      'SanteDB 2.x: X-Device-Authorization, client_secret in body, expires_in in ms, hex tokens',
  },
  {
    path: '<mount>/hdsi/Patient',
    behaviour: 'try a token: 200 with it, 401 once expired or signed out (E17)',
  },
  {
    path: '<mount>/_fault/<name>[+<name>...]/auth',
    behaviour: 'any mount above with fault switches (see the fault list)',
  },
];

const mountPattern = /^(\/strict|\/santedb2)?(?:\/_fault\/([^/]+))?\/(auth|hdsi)(\/.*)?$/;

export function resolveMount(pathname: string): MountResolution {
  const match = mountPattern.exec(pathname);
  if (!match) {
    return { kind: 'none' };
  }

  const [, variant, faultSpec, service, rest] = match as unknown as [
    string,
    string | undefined,
    string | undefined,
    Service,
    string | undefined,
  ];
  let faults = noFaults;
  if (faultSpec !== undefined) {
    const parsed = parseFaults(decodePathSegment(faultSpec));
    if (!parsed.ok) {
      return { kind: 'unknown-fault', name: parsed.unknown };
    }
    faults = parsed.faults;
  }

  const prefix = pathname.slice(0, pathname.length - `/${service}${rest ?? ''}`.length);
  return {
    kind: 'mount',
    mount: {
      generation: variant === '/santedb2' ? 'santedb2' : 'santedb3',
      requireNodeAuth: variant !== undefined,
      prefix,
      faults,
      service,
      route: rest && rest !== '' ? rest : '/',
    },
  };
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
