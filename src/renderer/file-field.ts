// A file path chosen with the native dialog in main. The page never reads the file; it only
// shows the path main returned and sends it back with the profile.
import type { FileKind, TokenTrayApi } from '../shared/ipc-contract';

import { settle } from './api';
import { button } from './dom';
import { field, textInput, type FieldHandle } from './form-fields';

export interface FileField extends FieldHandle<HTMLInputElement> {
  value(): string | undefined;
  set(path: string | undefined): void;
  onChange(listener: () => void): void;
}

interface FileFieldParts {
  path: string;
  label: string;
  hint: string;
  kind: FileKind;
  /** Offer "Clear": only for a file the profile can do without. */
  optional?: boolean;
}

export function fileField(api: TokenTrayApi, parts: FileFieldParts): FileField {
  const input = textInput(parts.path, { placeholder: 'No file chosen' });
  input.readOnly = true;
  const what = parts.label.toLowerCase();
  const listeners: (() => void)[] = [];
  const set = (path: string | undefined): void => {
    input.value = path ?? '';
    input.title = path ?? '';
    clear.hidden = !path || !parts.optional;
  };
  const picked = (path: string | undefined): void => {
    set(path);
    listeners.forEach((listener) => listener());
  };

  const choose = button('Choose…', () => void chooseWithDialog(api, parts.kind, picked, handle), {
    className: 'button small',
    attrs: { 'aria-label': `Choose the ${what}` },
  });
  const clear = button(
    'Clear',
    () => {
      picked(undefined);
      choose.focus();
    },
    { className: 'button small', attrs: { 'aria-label': `Clear the ${what}` } },
  );
  const handle = field({ ...parts, control: input, extras: [choose, clear] });
  set(undefined);

  return {
    ...handle,
    value: () => input.value || undefined,
    set,
    onChange: (listener) => listeners.push(listener),
  };
}

/** Main opens its native dialog; a cancelled dialog changes nothing. */
async function chooseWithDialog(
  api: TokenTrayApi,
  kind: FileKind,
  picked: (path: string) => void,
  handle: FieldHandle,
): Promise<void> {
  const result = await settle(() => api.chooseFile(kind));
  if (!result.ok) {
    handle.showIssue(result.message);
  } else if (result.value.path) {
    picked(result.value.path);
  }
}
