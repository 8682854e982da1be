// "Choose file…" in the profile form. For a certificate, key or CA the form needs only the path
// (main reads the file when a token is requested); for an import it needs the file's text.
import type { FileKind } from '../../shared/ipc-contract';
import { TokenError } from '../core/errors';

import type { AppContext } from './app-context';
import { MAX_IMPORT_CHARS } from './ipc-arguments';

export async function chooseFile(
  context: AppContext,
  kind: FileKind,
): Promise<{ path?: string; text?: string }> {
  const path = await context.files.choose(kind);
  if (path === undefined || kind !== 'import') {
    return { path };
  }

  let text: string;
  try {
    text = await context.readTextFile(path);
  } catch (error) {
    throw new TokenError(
      'unreadable_file',
      `Cannot read ${path}: check that the file exists and that this user may read it`,
      { field: 'import' },
      error,
    );
  }
  if (text.length > MAX_IMPORT_CHARS) {
    throw new TokenError('unreadable_file', `${path} is too large for a profiles export file`, {
      field: 'import',
    });
  }
  return { path, text };
}
