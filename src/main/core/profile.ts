// Credential profiles: one per server and application. A profile holds no secret; secrets live
// in a SecretVault under the profile's id. Validation turns every rejection into an issue that
// names the field and says what to do.
import * as v from 'valibot';

import { isPlainHttp } from './profile-rules';

export {
  isPlainHttp,
  requiredSecrets,
  secretIssue,
  serverRootOf,
  tokenEndpointOf,
} from './profile-rules';

// valibot: its schemas are plain objects, built in a fraction of the time of a class-based
// library's. The CLI builds this schema on every run, and that cost was a tenth of its start.

export const protocols = ['auto', 'santedb3', 'santedb2', 'oauth2'] as const;
export type Protocol = (typeof protocols)[number];

/** The protocol generation a server was actually spoken to with. */
export type Generation = 'santedb3' | 'santedb2' | 'oauth2';

export const secretNames = ['clientSecret', 'deviceSecret', 'certPassphrase'] as const;
export type SecretName = (typeof secretNames)[number];

export interface ProfileIssue {
  /** Dotted path of the field, e.g. `nodeAuth.deviceId`. */
  field: string;
  message: string;
}

const NOT_AN_OBJECT = 'The profile must be an object of fields';

/**
 * An object whose missing fields are reported with the field's own message, as an empty one
 * would be: "Client id is required: …" rather than a note that a key is missing.
 */
function fields<const Entries extends v.ObjectEntries>(entries: Entries) {
  return v.object(entries, (issue) => {
    const key = issue.path?.at(-1)?.key;
    const entry = typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : undefined;
    if (issue.type !== 'object' || entry === undefined) {
      return NOT_AN_OBJECT;
    }
    return v.safeParse(entry, undefined).issues?.[0]?.message ?? issue.message;
  });
}

/** Required text: missing, empty or blank all get the same message. */
const trimmed = (label: string, hint: string) => {
  const message = `${label} is required: ${hint}`;
  return v.pipe(v.string(message), v.trim(), v.minLength(1, message));
};

const optionalText = v.optional(
  v.pipe(
    v.string(),
    v.trim(),
    v.transform((value: string) => (value === '' ? undefined : value)),
  ),
);

/**
 * A server root has paths appended to it, so a query or fragment would end up in the middle of
 * the token URL; a token endpoint may carry a query (RFC 6749 §3.1), never a fragment.
 */
const httpUrl = (label: string, allowQuery: boolean) => {
  const example = allowQuery
    ? 'https://sdb.example.org:8443/auth/oauth2_token'
    : 'https://sdb.example.org:8443';
  return v.pipe(
    v.string(`${label} is required: enter a URL such as ${example}`),
    v.trim(),
    v.check(
      isParsableHttpUrl,
      `${label} must be an http:// or https:// URL with a valid host and port, such as ${example}`,
    ),
    v.check(
      (value: string) => !/#/.test(value) && (allowQuery || !/\?/.test(value)),
      allowQuery
        ? `${label} must not end in a #fragment: give the URL without it`
        : `${label} must not have a ?query or #fragment: give just the root, such as ${example}`,
    ),
    v.transform((value: string) => value.replace(/\/+$/, '')),
  );
};

const nodeAuthSchema = v.variant(
  'kind',
  [
    fields({ kind: v.literal('none') }),
    fields({
      kind: v.literal('device'),
      deviceId: trimmed('Device id', 'enter the device (node) name registered on the server'),
    }),
    fields({
      kind: v.literal('pkcs12'),
      path: trimmed('Certificate file', 'choose the .p12 or .pfx file of the node certificate'),
    }),
    fields({
      kind: v.literal('pem'),
      certPath: trimmed('Certificate file', 'choose the PEM file of the node certificate'),
      keyPath: trimmed('Key file', 'choose the PEM file of the certificate private key'),
    }),
  ],
  'Node authentication must be none, device, pkcs12 or pem',
);
export type NodeAuth = v.InferOutput<typeof nodeAuthSchema>;

const renewalDefaults = {
  auto: true,
  beforeExpirySeconds: 120,
  lifetimeFraction: 0.8,
  warnBeforeSeconds: 300,
};

/** Whole seconds from `min` to one day, each limit named in the setting's own words. */
const daySeconds = (label: string, min: number, fallback: number) =>
  v.optional(
    v.pipe(
      v.number(`${label} must be a number of seconds`),
      v.integer(`${label} must be a whole number of seconds`),
      v.minValue(min, `${label} must be at least ${min} seconds`),
      v.maxValue(86_400, `${label} must be at most 86400 seconds (one day)`),
    ),
    fallback,
  );

const renewalSchema = v.object({
  /** Renew automatically ahead of expiry; when off, only warn. */
  auto: v.optional(v.boolean(), renewalDefaults.auto),
  /** Renew this many seconds before expiry at the latest. */
  beforeExpirySeconds: daySeconds('Renew-before', 10, renewalDefaults.beforeExpirySeconds),
  /** Renew once this fraction of the lifetime has passed, if that comes first. */
  lifetimeFraction: v.optional(
    v.pipe(
      v.number('Lifetime fraction must be a number between 0.5 and 0.95'),
      v.minValue(0.5, 'Lifetime fraction must be between 0.5 and 0.95'),
      v.maxValue(0.95, 'Lifetime fraction must be between 0.5 and 0.95'),
    ),
    renewalDefaults.lifetimeFraction,
  ),
  /** Warn this many seconds before expiry when the token cannot be renewed automatically. */
  warnBeforeSeconds: daySeconds('Warn-before', 0, renewalDefaults.warnBeforeSeconds),
});

const PROTOCOL_MESSAGE = 'Protocol must be auto, santedb3, santedb2 or oauth2';
const ID_MESSAGE = 'Profile id must be 1–64 letters, digits, "-" or "_"';

const baseSchema = fields({
  id: v.pipe(
    v.string(ID_MESSAGE),
    v.trim(),
    v.regex(/^[A-Za-z0-9_-]{1,64}$/, ID_MESSAGE),
    // Ids key plain objects in the stores; these names would reach Object.prototype instead.
    v.check(
      (id: string) => !['__proto__', 'constructor', 'prototype'].includes(id),
      'Profile id cannot be __proto__, constructor or prototype: choose another id',
    ),
  ),
  name: v.pipe(
    trimmed('Display name', 'give the profile a name such as "prod"'),
    v.maxLength(80, 'Display name must be at most 80 characters'),
  ),
  protocol: v.picklist(protocols, PROTOCOL_MESSAGE),
  serverRoot: v.optional(httpUrl('Server root', false)),
  tokenEndpoint: v.optional(httpUrl('Token endpoint', true)),
  clientId: trimmed('Client id', "enter the application's client_id, e.g. org.example.desktop"),
  clientAuth: v.optional(
    v.picklist(['basic', 'post'], 'Client auth must be basic or post'),
    'basic',
  ),
  nodeAuth: v.optional(nodeAuthSchema, { kind: 'none' }),
  scope: v.optional(
    v.pipe(
      v.string('Scope must be text, such as * or a list of policy ids'),
      v.trim(),
      v.transform((value: string) => (value === '' ? '*' : value)),
    ),
    '*',
  ),
  caPath: optionalText,
  allowHttp: v.optional(v.boolean('Allow HTTP must be true or false'), false),
  timeoutSeconds: v.optional(
    v.pipe(
      v.number('Timeout must be a number of seconds'),
      v.minValue(1, 'Timeout must be between 1 and 300 seconds'),
      v.maxValue(300, 'Timeout must be between 1 and 300 seconds'),
    ),
    20,
  ),
  renewal: v.optional(renewalSchema, renewalDefaults),
  /** The bundled dev server profile, shown as a demo. */
  demo: v.optional(v.boolean('Demo must be true or false'), false),
});

export type Profile = v.InferOutput<typeof baseSchema>;
/** What a caller may pass in: defaults filled in by `parseProfile`. */
export type ProfileInput = v.InferInput<typeof baseSchema>;

export type ProfileParseResult =
  { ok: true; profile: Profile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

/** Validate profile data (no secrets) and the rules across fields. */
export function parseProfile(input: unknown): ProfileParseResult {
  if (Array.isArray(input)) {
    // An array is an object to the schema, which would then report every field as missing.
    return { ok: false, issues: [{ field: 'profile', message: NOT_AN_OBJECT }] };
  }
  const parsed = v.safeParse(baseSchema, input);
  if (!parsed.success) {
    const fieldIssues = parsed.issues.map((issue) => ({
      field: fieldOf(issue) || 'profile',
      message: issue.message,
    }));
    // Rules across fields are reported too, for the fields that are valid on their own, so a
    // form can show every problem at once rather than one layer at a time.
    const reported = new Set(fieldIssues.map((issue) => issue.field));
    const crossIssues = crossFieldIssues(validFieldsOf(input)).filter(
      (issue) => !reported.has(issue.field),
    );
    return { ok: false, issues: [...fieldIssues, ...crossIssues] };
  }

  const profile = parsed.output;
  const issues = crossFieldIssues(profile);
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  return { ok: true, profile, warnings: profileWarnings(profile) };
}

/** The dotted path of the field an issue is about; a bad node-auth kind is the node auth's. */
function fieldOf(issue: v.BaseIssue<unknown>): string {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  return issue.type === 'variant' && keys.at(-1) === 'kind'
    ? keys.slice(0, -1).join('.')
    : keys.join('.');
}

type CrossFieldView = Pick<Profile, 'protocol' | 'allowHttp' | 'nodeAuth'> &
  Partial<Pick<Profile, 'serverRoot' | 'tokenEndpoint'>>;

/** The fields the cross-field rules read, each kept only if it is valid on its own. */
function validFieldsOf(input: unknown): CrossFieldView {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const field = <Key extends keyof typeof baseSchema.entries>(key: Key) => {
    const result = v.safeParse(baseSchema.entries[key], raw[key]);
    return result.success
      ? (result.output as v.InferOutput<(typeof baseSchema.entries)[Key]>)
      : undefined;
  };
  return {
    // An unknown protocol makes no rule apply that depends on it.
    protocol: field('protocol') ?? ('unknown' as Protocol),
    allowHttp: field('allowHttp') ?? false,
    nodeAuth: field('nodeAuth') ?? { kind: 'none' },
    serverRoot: field('serverRoot'),
    tokenEndpoint: field('tokenEndpoint'),
  };
}

function crossFieldIssues(profile: CrossFieldView): ProfileIssue[] {
  const issues: ProfileIssue[] = [];

  if (!profile.serverRoot && !profile.tokenEndpoint) {
    issues.push({
      field: profile.protocol === 'oauth2' ? 'tokenEndpoint' : 'serverRoot',
      message:
        profile.protocol === 'oauth2'
          ? 'Token endpoint is required for an OAuth 2.0 profile: enter the full token URL'
          : 'Server root is required: enter the SanteDB root such as https://sdb.example.org:8443',
    });
  }

  for (const field of ['serverRoot', 'tokenEndpoint'] as const) {
    const value = profile[field];
    if (isPlainHttp(value) && !profile.allowHttp) {
      issues.push({
        field,
        message:
          'This URL is unencrypted http://: switch to https://, or tick "allow unencrypted HTTP" if this is a test server',
      });
    }
  }

  if (profile.nodeAuth.kind === 'device' && profile.nodeAuth.deviceId.includes(':')) {
    if (profile.protocol === 'santedb3' || profile.protocol === 'auto') {
      issues.push({
        field: 'nodeAuth.deviceId',
        message:
          'A device id containing ":" cannot be sent to a SanteDB 3.x server (HTTP Basic splits on ":"): rename the device on the server',
      });
    }
  }

  const url = profile.tokenEndpoint ?? profile.serverRoot;
  const certificate = profile.nodeAuth.kind === 'pkcs12' || profile.nodeAuth.kind === 'pem';
  if (certificate && isPlainHttp(url)) {
    // Over plain HTTP there is no TLS handshake, so the certificate would silently not be sent.
    issues.push({
      field: 'nodeAuth',
      message:
        'A client certificate is presented during the TLS handshake, which an http:// server never asks for: use the https:// address of the server',
    });
  }

  if (profile.nodeAuth.kind === 'device' && profile.protocol === 'oauth2') {
    issues.push({
      field: 'nodeAuth',
      message:
        'Device credentials are SanteDB node authentication: choose a SanteDB protocol, or use a client certificate for OAuth 2.0 mTLS',
    });
  }

  return issues;
}

function profileWarnings(profile: Profile): ProfileIssue[] {
  const warnings: ProfileIssue[] = [];
  const url = profile.tokenEndpoint ?? profile.serverRoot;
  if (isPlainHttp(url)) {
    warnings.push({
      field: profile.tokenEndpoint ? 'tokenEndpoint' : 'serverRoot',
      message: 'Secrets and tokens travel unencrypted to this server: use it for testing only',
    });
  }
  return warnings;
}

function isParsableHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}
