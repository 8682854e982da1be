// The shape of every channel's arguments, checked before a handler runs: the windows are not
// trusted. These schemas check types and sizes only; what a profile means is parseProfile's job.
import * as v from 'valibot';

import type { IpcChannel, IpcContract } from '../../shared/ipc-contract';
import { protocols, secretNames } from '../core/profile';

import { AppError } from './app-error';

const MAX_TEXT = 2_048;
const MAX_SECRET = 16_384;
/** An exported profiles file is a few kilobytes; this leaves room for hundreds of profiles. */
export const MAX_IMPORT_CHARS = 1_000_000;

const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
/** Structured cloning carries Infinity across IPC, and no count of seconds is infinite. */
const number = v.pipe(v.number(), v.finite());
const profileId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a profile id'));

/** Valibot's objects and records take arrays too; an object argument must be a plain object. */
const notArray = v.custom<object>(
  (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
  'is invalid: Invalid type: expected object',
);
const object = <Entries extends v.ObjectEntries>(entries: Entries) =>
  v.pipe(notArray, v.strictObject(entries));

const secretChange = v.variant('action', [
  v.strictObject({ action: v.literal('keep') }),
  v.strictObject({
    action: v.literal('replace'),
    value: v.pipe(v.string(), v.maxLength(MAX_SECRET)),
  }),
  v.strictObject({ action: v.literal('clear') }),
]);

const nodeAuth = v.variant('kind', [
  v.strictObject({ kind: v.literal('none') }),
  v.strictObject({ kind: v.literal('device'), deviceId: text }),
  v.strictObject({ kind: v.literal('pkcs12'), path: text }),
  v.strictObject({ kind: v.literal('pem'), certPath: text, keyPath: text }),
]);

const profileDraft = object({
  id: v.optional(profileId),
  name: text,
  protocol: v.picklist(protocols),
  serverRoot: v.optional(text),
  tokenEndpoint: v.optional(text),
  clientId: text,
  clientAuth: v.picklist(['basic', 'post']),
  nodeAuth,
  scope: text,
  caPath: v.optional(text),
  allowHttp: v.boolean(),
  timeoutSeconds: number,
  renewal: v.optional(
    object({
      auto: v.optional(v.boolean()),
      beforeExpirySeconds: v.optional(number),
      lifetimeFraction: v.optional(number),
      warnBeforeSeconds: v.optional(number),
    }),
  ),
  secrets: v.pipe(notArray, v.record(v.picklist(secretNames), secretChange)),
});

/** Types only: what each value means (a range, an accelerator) is the settings handler's check. */
const settingsPatch = object({
  clipboardClearSeconds: v.optional(number),
  leftClickAction: v.optional(v.picklist(['copy-token', 'menu'])),
  globalShortcut: v.optional(v.pipe(v.string(), v.maxLength(MAX_TEXT))),
  notifyOnCopy: v.optional(v.boolean()),
  startAtLogin: v.optional(v.boolean()),
  acceptInsecureSecretStorage: v.optional(v.boolean()),
});

type Schemas = { [Channel in IpcChannel]: v.GenericSchema<unknown, IpcContract[Channel]['args']> };

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
  'app:get-state': v.strictTuple([]),
  'session:get': v.strictTuple([profileId]),
  'session:copy': v.strictTuple([profileId, v.picklist(['token', 'header'])]),
  'session:renew': v.strictTuple([profileId]),
  'session:sign-out': v.strictTuple([profileId]),
  'profiles:validate': v.strictTuple([profileDraft]),
  'profiles:save': v.strictTuple([profileDraft]),
  'profiles:delete': v.strictTuple([profileId]),
  'profiles:duplicate': v.strictTuple([profileId]),
  'profiles:set-active': v.strictTuple([profileId]),
  'profiles:test': v.strictTuple([profileDraft]),
  'profiles:export': v.strictTuple([]),
  'profiles:import': v.strictTuple([
    v.pipe(v.string(), v.maxLength(MAX_IMPORT_CHARS, 'is too large')),
  ]),
  'dialog:choose-file': v.strictTuple([v.picklist(['certificate', 'key', 'ca', 'import'])]),
  'settings:get': v.strictTuple([]),
  'settings:update': v.strictTuple([settingsPatch]),
};

/** The arguments, typed, or an `invalid_argument` AppError naming the first bad one. */
export function parseArguments<Channel extends IpcChannel>(
  channel: Channel,
  args: unknown[],
): IpcContract[Channel]['args'] {
  const expected = names[channel];
  if (args.length !== expected.length) {
    throw wrongCount(channel);
  }
  const parsed = v.safeParse(argumentSchemas[channel], args, { abortEarly: true });
  if (parsed.success) {
    return parsed.output;
  }

  const [issue] = parsed.issues;
  const [argument, ...inside] = issue.path ?? [];
  const name = typeof argument?.key === 'number' ? expected[argument.key] : undefined;
  if (name === undefined) {
    throw wrongCount(channel);
  }
  const { keys, problem } = explain(issue, inside);
  throw new AppError('invalid_argument', `Argument ${[name, ...keys].join('.')} ${problem}`);
}

function wrongCount(channel: IpcChannel): AppError {
  const expected = names[channel];
  return new AppError(
    'invalid_argument',
    `${channel} takes ${expected.length} argument(s): ${expected.join(', ') || 'none'}`,
  );
}

/**
 * The path below the argument and what is wrong there. Valibot's own messages quote the value
 * received, which may be a secret, so only ours ("must …", "is …") are passed on and the rest are
 * composed from what the schema expected; a key the window sent is left out for the same reason.
 */
function explain(
  issue: v.BaseIssue<unknown>,
  inside: v.IssuePathItem[],
): { keys: string[]; problem: string } {
  const keys = inside.filter((item) => item.origin === 'value').map((item) => String(item.key));
  const last = inside.at(-1);
  const expected = issue.expected ?? '';
  if (last?.origin === 'key') {
    if (expected === 'never') {
      return { keys, problem: 'is invalid: Unrecognized key' };
    }
    if (issue.type === 'strict_object') {
      // A key the schema requires, so its name is the schema's.
      return { keys: [...keys, String(last.key)], problem: 'is missing' };
    }
    return { keys, problem: `is invalid: Invalid key: expected one of ${options(expected)}` };
  }
  if (issue.message.startsWith('must ') || issue.message.startsWith('is ')) {
    return { keys, problem: issue.message };
  }
  return { keys, problem: `is invalid: ${composed(issue.type, expected)}` };
}

function composed(type: string, expected: string): string {
  if (type === 'max_length') {
    return `Too big: expected string to have ${expected} characters`;
  }
  if (type === 'finite') {
    return 'Invalid type: expected finite number';
  }
  if (/^\(?"/.test(expected)) {
    return `Invalid option: expected one of ${options(expected)}`;
  }
  return expected ? `Invalid type: expected ${expected.toLowerCase()}` : 'Invalid input';
}

/** Valibot writes options as `("a" | "b")`; the messages have always said `"a"|"b"`. */
function options(expected: string): string {
  return expected.replace(/^\((.*)\)$/, '$1').replaceAll(' | ', '|');
}
