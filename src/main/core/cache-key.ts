// Which token a profile stands for. Two profile versions with the same key ask the server for the
// same thing, so a token cached under one key may be handed out for the other; any edit that
// changes the key makes the cached token belong to someone else.
import type { NodeAuth, Profile } from './profile';

/** Every profile field that changes what the server issues, and nothing that does not. */
export function tokenCacheKey(profile: Profile): string {
  return JSON.stringify([
    profile.serverRoot ?? '',
    profile.tokenEndpoint ?? '',
    profile.protocol,
    profile.clientId,
    profile.clientAuth,
    nodeIdentity(profile.nodeAuth),
    profile.scope,
  ]);
}

function nodeIdentity(nodeAuth: NodeAuth): string[] {
  switch (nodeAuth.kind) {
    case 'none':
      return ['none'];
    case 'device':
      return ['device', nodeAuth.deviceId];
    case 'pkcs12':
      return ['pkcs12', nodeAuth.path];
    case 'pem':
      return ['pem', nodeAuth.certPath, nodeAuth.keyPath];
  }
}
