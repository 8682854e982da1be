// The shape of every channel's arguments, checked before a handler runs: the windows are not
// trusted. These schemas check types and sizes only; what a profile means is parseProfile's job.
import { z } from 'zod';

import type { IpcChannel, IpcContract } from '../../shared/ipc-contract';
import { protocols, secretNames } from '../core/profile';

import { AppError } from './app-error';

const MAX_TEXT = 2_048;
const MAX_SECRET = 16_384;
/** An exported profiles file is a few kilobytes; this leaves room for hundreds of profiles. */
export const MAX_IMPORT_CHARS = 1_000_000;

const text = z.string().max(MAX_TEXT);
const profileId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a profile id' });

const secretChange = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('keep') }),
  z.strictObject({ action: z.literal('replace'), value: z.string().max(MAX_SECRET) }),
  z.strictObject({ action: z.literal('clear') }),
]);

const nodeAuth = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('device'), deviceId: text }),
  z.strictObject({ kind: z.literal('pkcs12'), path: text }),
  z.strictObject({ kind: z.literal('pem'), certPath: text, keyPath: text }),
]);

const profileDraft = z.strictObject({
  id: profileId.optional(),
  name: text,
  protocol: z.enum(protocols),
  serverRoot: text.optional(),
  tokenEndpoint: text.optional(),
  clientId: text,
  clientAuth: z.enum(['basic', 'post']),
  nodeAuth,
  scope: text,
  caPath: text.optional(),
  allowHttp: z.boolean(),
  timeoutSeconds: z.number(),
  renewal: z
    .strictObject({
      auto: z.boolean().optional(),
      beforeExpirySeconds: z.number().optional(),
      lifetimeFraction: z.number().optional(),
      warnBeforeSeconds: z.number().optional(),
    })
    .optional(),
  secrets: z.partialRecord(z.enum(secretNames), secretChange),
});

/** Types only: what each value means (a range, an accelerator) is the settings handler's check. */
const settingsPatch = z.strictObject({
  clipboardClearSeconds: z.number().optional(),
  leftClickAction: z.enum(['copy-token', 'menu']).optional(),
  globalShortcut: z.string().max(MAX_TEXT).optional(),
  notifyOnCopy: z.boolean().optional(),
  startAtLogin: z.boolean().optional(),
  acceptInsecureSecretStorage: z.boolean().optional(),
});

type Schemas = { [Channel in IpcChannel]: z.ZodType<IpcContract[Channel]['args']> };

const names: { [Channel in IpcChannel]: string[] } = {
  'app:get-state': [],
  'session:get': ['profileId'],
  'session:copy': ['profileId', 'format'],
  'session:renew': ['profileId'],
  'session:sign-out': ['profileId'],
  'profiles:validate': ['draft'],
  'profiles:save': ['draft'],
  'profiles:delete': ['profileId'],
  'profiles:duplicate': ['profileId'],
  'profiles:set-active': ['profileId'],
  'profiles:test': ['draft'],
  'profiles:export': [],
  'profiles:import': ['json'],
  'dialog:choose-file': ['kind'],
  'settings:get': [],
  'settings:update': ['patch'],
};

export const argumentSchemas: Schemas = {
  'app:get-state': z.tuple([]),
  'session:get': z.tuple([profileId]),
  'session:copy': z.tuple([profileId, z.enum(['token', 'header'])]),
  'session:renew': z.tuple([profileId]),
  'session:sign-out': z.tuple([profileId]),
  'profiles:validate': z.tuple([profileDraft]),
  'profiles:save': z.tuple([profileDraft]),
  'profiles:delete': z.tuple([profileId]),
  'profiles:duplicate': z.tuple([profileId]),
  'profiles:set-active': z.tuple([profileId]),
  'profiles:test': z.tuple([profileDraft]),
  'profiles:export': z.tuple([]),
  'profiles:import': z.tuple([z.string().max(MAX_IMPORT_CHARS, { error: 'is too large' })]),
  'dialog:choose-file': z.tuple([z.enum(['certificate', 'key', 'ca', 'import'])]),
  'settings:get': z.tuple([]),
  'settings:update': z.tuple([settingsPatch]),
};

/** The arguments, typed, or an `invalid_argument` AppError naming the first bad one. */
export function parseArguments<Channel extends IpcChannel>(
  channel: Channel,
  args: unknown[],
): IpcContract[Channel]['args'] {
  const parsed = argumentSchemas[channel].safeParse(args);
  if (parsed.success) {
    return parsed.data;
  }

  const issue = parsed.error.issues[0];
  const [index, ...rest] = issue?.path ?? [];
  const expected = names[channel];
  if (typeof index !== 'number' || index >= expected.length) {
    throw new AppError(
      'invalid_argument',
      `${channel} takes ${expected.length} argument(s): ${expected.join(', ') || 'none'}`,
    );
  }
  // Zod's messages name types and options, never the value received, so they are safe to pass.
  const where = [expected[index], ...rest.map(String)].join('.');
  throw new AppError('invalid_argument', `Argument ${where} ${describe(issue?.message)}`);
}

function describe(message: string | undefined): string {
  if (!message || message.startsWith('must ') || message.startsWith('is ')) {
    return message ?? 'is invalid';
  }
  return `is invalid: ${message}`;
}
