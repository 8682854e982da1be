// A handler's answer, built in memory and written in one place, so that delivery faults
// (text, drip) and the Date header apply to every route the same way.
import type { OAuthFailure } from './failures';
import type { Generation } from './mounts';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** A words-only summary for the request log; never a secret or token. */
  note?: string;
}

export const JSON_CONTENT_TYPE = 'application/json';

/** JSON with nulls and undefined left out, as SanteDB's formatter does. */
export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Reply {
  const body = JSON.stringify(value, (_key, member: unknown) =>
    member === null ? undefined : member,
  );
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body };
}

export function emptyReply(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

export function failureReply(failure: OAuthFailure, generation: Generation): Reply {
  const reply = jsonReply(failure.status(generation), failure.body(generation));
  return { ...reply, note: `refused: ${failure.body(generation).error as string}` };
}

export function withNote(reply: Reply, note: string): Reply {
  return { ...reply, note };
}
