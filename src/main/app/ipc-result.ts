// Turns whatever a handler threw into the failure half of an IpcResult. Only errors of our own
// making pass their message on; anything else is reduced to its class name in the log, because
// the text of a foreign error may quote a request, a header or a file.
import type { IpcResult } from '../../shared/ipc-contract';
import { isTokenError } from '../core/errors';
import type { Logger } from '../core/logger';
import { redact } from '../core/redact';

import { AppError } from './app-error';
import { withHint } from './error-hints';

export type IpcFailure = Extract<IpcResult<never>, { ok: false }>;

export function toFailure(error: unknown, logger: Logger, channel: string): IpcFailure {
  if (error instanceof AppError) {
    const failure: IpcFailure = { ok: false, code: error.code, message: redact(error.message) };
    return error.issues ? { ...failure, issues: error.issues } : failure;
  }

  if (isTokenError(error)) {
    // TODO(contract): IpcResult has no `hint` field yet, so the hint joins the message; move it
    // once the contract carries it.
    const message = withHint(error.message, error.code, error.context);
    return { ok: false, code: error.code, message: redact(message) };
  }

  const name = error instanceof Error ? error.name : typeof error;
  logger.error(`${channel}: unexpected failure`, { error: name });
  return {
    ok: false,
    code: 'unexpected',
    message:
      'Something went wrong inside the app: try again, and if it keeps failing, report it with the log file',
  };
}
