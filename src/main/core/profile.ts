// Credential profiles: one per server and application. A profile holds no secret; secrets live
// in a SecretVault under the profile's id. Validation turns every rejection into an issue that
// names the field and says what to do.
import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini rather than classic zod: the same checks and messages in a tenth of the code, which
// the CLI compiles on every run. Mini sets no locale, so English is set unless one already is.
if (!z.config().localeError) {
  z.config(en());
}

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

const trimmed = (label: string, hint: string) =>
  z
    .string({ error: `${label} is required: ${hint}` })
    .check(z.trim(), z.minLength(1, { error: `${label} is required: ${hint}` }));

const optionalText = z.optional(
  z.pipe(
    z.string().check(z.trim()),
    z.transform((value: string) => (value === '' ? undefined : value)),
  ),
);

/**
 * A server root has paths appended to it, so a query or fragment would end up in the middle of
 * the token URL; a token endpoint may carry a query (RFC 6749 §3.1), never a fragment.
 */
const httpUrl = (label: string, allowQuery: boolean) =>
  z.pipe(
    z
      .string({ error: `${label} is required: enter a URL such as https://sdb.example.org:8443` })
      .check(
        z.trim(),
        z.refine((value: string) => isParsableHttpUrl(value), {
          error: `${label} must be an http:// or https:// URL, such as https://sdb.example.org:8443`,
        }),
        z.refine((value: string) => !/#/.test(value) && (allowQuery || !/\?/.test(value)), {
          error: allowQuery
            ? `${label} must not end in a #fragment: give the URL without it`
            : `${label} must not have a ?query or #fragment: give just the root, such as https://sdb.example.org:8443`,
        }),
      ),
    z.transform((value: string) => value.replace(/\/+$/, '')),
  );

const nodeAuthSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('none') }),
    z.object({
      kind: z.literal('device'),
      deviceId: trimmed('Device id', 'enter the device (node) name registered on the server'),
    }),
    z.object({
      kind: z.literal('pkcs12'),
      path: trimmed('Certificate file', 'choose the .p12 or .pfx file of the node certificate'),
    }),
    z.object({
      kind: z.literal('pem'),
      certPath: trimmed('Certificate file', 'choose the PEM file of the node certificate'),
      keyPath: trimmed('Key file', 'choose the PEM file of the certificate private key'),
    }),
  ],
  { error: 'Node authentication must be none, device, pkcs12 or pem' },
);
export type NodeAuth = z.infer<typeof nodeAuthSchema>;

/** Built when a profile first carries renewal settings: most parses take the defaults. */
const renewalSchema = z.lazy(() =>
  z.object({
    /** Renew automatically ahead of expiry; when off, only warn. */
    auto: z._default(z.boolean(), true),
    /** Renew this many seconds before expiry at the latest. */
    beforeExpirySeconds: z._default(
      z
        .number({ error: 'Renew-before must be a number of seconds' })
        .check(
          z.int(),
          z.gte(10, { error: 'Renew-before must be at least 10 seconds' }),
          z.lte(86_400, { error: 'Renew-before must be at most 86400 seconds (one day)' }),
        ),
      120,
    ),
    /** Renew once this fraction of the lifetime has passed, if that comes first. */
    lifetimeFraction: z._default(
      z
        .number({ error: 'Lifetime fraction must be a number between 0.5 and 0.95' })
        .check(
          z.gte(0.5, { error: 'Lifetime fraction must be between 0.5 and 0.95' }),
          z.lte(0.95, { error: 'Lifetime fraction must be between 0.5 and 0.95' }),
        ),
      0.8,
    ),
    /** Warn this many seconds before expiry when the token cannot be renewed automatically. */
    warnBeforeSeconds: z._default(
      z
        .number({ error: 'Warn-before must be a number of seconds' })
        .check(z.int(), z.gte(0), z.lte(86_400)),
      300,
    ),
  }),
);

const baseSchema = z.object({
  id: z.string().check(
    z.trim(),
    z.regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'Profile id must be 1–64 letters, digits, "-" or "_"',
    }),
    // Ids key plain objects in the stores; these names would reach Object.prototype instead.
    z.refine((id) => !['__proto__', 'constructor', 'prototype'].includes(id), {
      error: 'Profile id cannot be __proto__, constructor or prototype: choose another id',
    }),
  ),
  name: trimmed('Display name', 'give the profile a name such as "prod"').check(
    z.maxLength(80, { error: 'Display name must be at most 80 characters' }),
  ),
  protocol: z.enum(protocols, {
    error: 'Protocol must be auto, santedb3, santedb2 or oauth2',
  }),
  serverRoot: z.optional(httpUrl('Server root', false)),
  tokenEndpoint: z.optional(httpUrl('Token endpoint', true)),
  clientId: trimmed('Client id', "enter the application's client_id, e.g. org.example.desktop"),
  clientAuth: z._default(
    z.enum(['basic', 'post'], { error: 'Client auth must be basic or post' }),
    'basic',
  ),
  nodeAuth: z._default(nodeAuthSchema, { kind: 'none' }),
  scope: z._default(
    z.pipe(
      z.string().check(z.trim()),
      z.transform((value: string) => (value === '' ? '*' : value)),
    ),
    '*',
  ),
  caPath: optionalText,
  allowHttp: z._default(z.boolean(), false),
  timeoutSeconds: z._default(
    z
      .number({ error: 'Timeout must be a number of seconds' })
      .check(
        z.gte(1, { error: 'Timeout must be between 1 and 300 seconds' }),
        z.lte(300, { error: 'Timeout must be between 1 and 300 seconds' }),
      ),
    20,
  ),
  renewal: z._default(renewalSchema, {
    auto: true,
    beforeExpirySeconds: 120,
    lifetimeFraction: 0.8,
    warnBeforeSeconds: 300,
  }),
  /** The bundled dev server profile, shown as a demo. */
  demo: z._default(z.boolean(), false),
});

export type Profile = z.infer<typeof baseSchema>;
/** What a caller may pass in: defaults filled in by `parseProfile`. */
export type ProfileInput = z.input<typeof baseSchema>;

export type ProfileParseResult =
  { ok: true; profile: Profile; warnings: ProfileIssue[] } | { ok: false; issues: ProfileIssue[] };

/** Validate profile data (no secrets) and the rules across fields. */
export function parseProfile(input: unknown): ProfileParseResult {
  const parsed = baseSchema.safeParse(input);
  if (!parsed.success) {
    const fieldIssues = parsed.error.issues.map((issue) => ({
      field: issue.path.map(String).join('.') || 'profile',
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

  const profile = parsed.data;
  const issues = crossFieldIssues(profile);
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  return { ok: true, profile, warnings: profileWarnings(profile) };
}

type CrossFieldView = Pick<Profile, 'protocol' | 'allowHttp' | 'nodeAuth'> &
  Partial<Pick<Profile, 'serverRoot' | 'tokenEndpoint'>>;

/** The fields the cross-field rules read, each kept only if it is valid on its own. */
function validFieldsOf(input: unknown): CrossFieldView {
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const field = <Key extends keyof typeof baseSchema.shape>(key: Key) => {
    const result = baseSchema.shape[key].safeParse(raw[key]);
    return result.success ? (result.data as z.output<(typeof baseSchema.shape)[Key]>) : undefined;
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
