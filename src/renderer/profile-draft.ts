// The profile form's values, and how they become the ProfileDraft main validates, tests and
// saves. Pure, so the mapping is tested without a page; the core decides what is valid.
import type {
  NodeAuthView,
  ProfileDraft,
  ProfileView,
  Protocol,
  SecretChange,
  SecretName,
} from '../shared/ipc-contract';

export type NodeKind = NodeAuthView['kind'];

export interface FormValues {
  id?: string;
  name: string;
  protocol: Protocol;
  serverRoot: string;
  tokenEndpoint: string;
  clientId: string;
  clientAuth: 'basic' | 'post';
  nodeKind: NodeKind;
  deviceId: string;
  pkcs12Path?: string;
  certPath?: string;
  keyPath?: string;
  scope: string;
  caPath?: string;
  allowHttp: boolean;
  timeoutSeconds: string;
  autoRenew: boolean;
  renewBeforeSeconds: string;
  warnBeforeSeconds: string;
  lifetimeFraction: number;
  secrets: Record<SecretName, SecretChange>;
  stored: Record<SecretName, boolean>;
}

const keepAll: Record<SecretName, SecretChange> = {
  clientSecret: { action: 'keep' },
  deviceSecret: { action: 'keep' },
  certPassphrase: { action: 'keep' },
};

export function isSanteDb(protocol: Protocol): boolean {
  return protocol !== 'oauth2';
}

/** The address a SanteDB profile will call, as the core builds it from the server root. */
export function endpointPreview(serverRoot: string): string | undefined {
  const root = serverRoot.trim().replace(/\/+$/, '');
  return root === '' ? undefined : `${root}/auth/oauth2_token`;
}

/** The form's starting values: a new profile, or the one being edited. */
export function valuesFromProfile(profile: ProfileView | undefined): FormValues {
  const nodeAuth = profile?.nodeAuth ?? { kind: 'none' };
  return {
    id: profile?.id,
    name: profile?.name ?? '',
    protocol: profile?.protocol ?? 'auto',
    serverRoot: profile?.serverRoot ?? '',
    tokenEndpoint: profile?.tokenEndpoint ?? '',
    clientId: profile?.clientId ?? '',
    clientAuth: profile?.clientAuth ?? 'basic',
    nodeKind: nodeAuth.kind,
    deviceId: nodeAuth.kind === 'device' ? nodeAuth.deviceId : '',
    pkcs12Path: nodeAuth.kind === 'pkcs12' ? nodeAuth.path : undefined,
    certPath: nodeAuth.kind === 'pem' ? nodeAuth.certPath : undefined,
    keyPath: nodeAuth.kind === 'pem' ? nodeAuth.keyPath : undefined,
    scope: profile?.scope ?? '*',
    caPath: profile?.caPath,
    allowHttp: profile?.allowHttp ?? false,
    timeoutSeconds: String(profile?.timeoutSeconds ?? 20),
    autoRenew: profile?.renewal.auto ?? true,
    renewBeforeSeconds: String(profile?.renewal.beforeExpirySeconds ?? 120),
    warnBeforeSeconds: String(profile?.renewal.warnBeforeSeconds ?? 300),
    lifetimeFraction: profile?.renewal.lifetimeFraction ?? 0.8,
    secrets: { ...keepAll },
    stored: profile?.storedSecrets ?? {
      clientSecret: false,
      deviceSecret: false,
      certPassphrase: false,
    },
  };
}

/** Which secrets the chosen node authentication uses. */
export function secretsInUse(nodeKind: NodeKind): SecretName[] {
  switch (nodeKind) {
    case 'device':
      return ['clientSecret', 'deviceSecret'];
    case 'pkcs12':
    case 'pem':
      return ['clientSecret', 'certPassphrase'];
    case 'none':
      return ['clientSecret'];
  }
}

export function draftFromValues(values: FormValues): ProfileDraft {
  const santeDb = isSanteDb(values.protocol);
  return {
    id: values.id,
    name: values.name,
    protocol: values.protocol,
    serverRoot: santeDb ? blankToUndefined(values.serverRoot) : undefined,
    tokenEndpoint: santeDb ? undefined : blankToUndefined(values.tokenEndpoint),
    clientId: values.clientId,
    clientAuth: values.clientAuth,
    nodeAuth: nodeAuthOf(values),
    scope: values.scope,
    caPath: values.caPath,
    allowHttp: values.allowHttp,
    timeoutSeconds: Number(values.timeoutSeconds),
    renewal: {
      auto: values.autoRenew,
      beforeExpirySeconds: Number(values.renewBeforeSeconds),
      warnBeforeSeconds: Number(values.warnBeforeSeconds),
      lifetimeFraction: values.lifetimeFraction,
    },
    secrets: secretChanges(values),
  };
}

function nodeAuthOf(values: FormValues): NodeAuthView {
  switch (values.nodeKind) {
    case 'device':
      return { kind: 'device', deviceId: values.deviceId };
    case 'pkcs12':
      return { kind: 'pkcs12', path: values.pkcs12Path ?? '' };
    case 'pem':
      return { kind: 'pem', certPath: values.certPath ?? '', keyPath: values.keyPath ?? '' };
    case 'none':
      return { kind: 'none' };
  }
}

/**
 * The secrets to send. A stored secret the chosen authentication no longer uses is cleared, so
 * that switching from device credentials to a certificate does not leave the device secret behind.
 */
function secretChanges(values: FormValues): ProfileDraft['secrets'] {
  const inUse = secretsInUse(values.nodeKind);
  const changes: ProfileDraft['secrets'] = {};
  for (const name of Object.keys(keepAll) as SecretName[]) {
    if (inUse.includes(name)) {
      changes[name] = values.secrets[name];
    } else if (values.stored[name]) {
      changes[name] = { action: 'clear' };
    }
  }
  return changes;
}

function blankToUndefined(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
