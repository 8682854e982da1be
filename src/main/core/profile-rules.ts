// What the rest of the engine asks of a profile once it is valid: where to send the request and
// which secrets it needs. Kept apart from the schema (profile.ts) so that code which only reads
// profiles, such as the token client and the CLI's token path, does not build the schema.
import type { Profile, ProfileIssue, SecretName } from './profile';

/** Check a secret before it is stored, where a value can never work. */
export function secretIssue(
  profile: Profile,
  name: SecretName,
  value: string,
): ProfileIssue | undefined {
  if (value.length === 0) {
    return { field: `secrets.${name}`, message: 'The secret is empty: enter a value or remove it' };
  }
  if (
    name === 'deviceSecret' &&
    value.includes(':') &&
    (profile.protocol === 'santedb3' || profile.protocol === 'auto')
  ) {
    return {
      field: 'secrets.deviceSecret',
      message:
        'A device secret containing ":" cannot be sent to a SanteDB 3.x server (HTTP Basic splits on ":"): set a new device secret on the server',
    };
  }
  return undefined;
}

/** The SanteDB root: the profile's, or the token endpoint without its `/auth/oauth2_token`. */
export function serverRootOf(
  profile: Pick<Profile, 'serverRoot' | 'tokenEndpoint'>,
): string | undefined {
  if (profile.serverRoot) {
    return profile.serverRoot;
  }
  return /^(.*)\/auth\/oauth2_token\/?$/.exec(profile.tokenEndpoint ?? '')?.[1];
}

/** The token endpoint the profile will call. */
export function tokenEndpointOf(profile: Pick<Profile, 'serverRoot' | 'tokenEndpoint'>): string {
  if (profile.tokenEndpoint) {
    return profile.tokenEndpoint;
  }
  if (!profile.serverRoot) {
    throw new Error('profile has neither serverRoot nor tokenEndpoint');
  }
  return `${profile.serverRoot}/auth/oauth2_token`;
}

/** The secrets a profile needs before it can ask for a token. */
export function requiredSecrets(profile: Profile): SecretName[] {
  const needed: SecretName[] = [];
  if (profile.nodeAuth.kind === 'device') {
    needed.push('deviceSecret');
  }
  if (profile.protocol === 'santedb2' || profile.nodeAuth.kind === 'none') {
    needed.push('clientSecret');
  }
  return needed;
}

/** An unencrypted http:// URL, in whatever case the scheme is written (HTTP:// is the same). */
export function isPlainHttp(url: string | undefined): boolean {
  return url !== undefined && /^\s*http:/i.test(url);
}
