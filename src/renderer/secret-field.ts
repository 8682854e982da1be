// A write-only secret. The window only learns whether one is stored; the user can keep it,
// replace it or remove it, and a typed value leaves the page once, in the save or test request.
import type { SecretChange } from '../shared/ipc-contract';

import { button, el } from './dom';
import { field, textInput, type FieldHandle } from './form-fields';

export interface SecretField extends FieldHandle<HTMLInputElement> {
  change(): SecretChange;
  /** Show the stored state of a profile being opened. */
  reset(stored: boolean, needsReentry: boolean): void;
  onChange(listener: () => void): void;
}

type Mode = 'enter' | 'stored' | 'replace' | 'remove';

interface Parts {
  input: HTMLInputElement;
  storedText: HTMLElement;
  removeText: HTMLElement;
  replaceButton: HTMLButtonElement;
  removeButton: HTMLButtonElement;
  keepButton: HTMLButtonElement;
  reentry: HTMLElement;
}

export function secretField(path: string, label: string, hint: string): SecretField {
  const listeners: (() => void)[] = [];
  let mode: Mode = 'enter';
  let stored = false;
  const choose = (next: Mode): void => {
    mode = next;
    showMode(parts, mode, stored);
    focusFor(parts, mode).focus();
    listeners.forEach((listener) => listener());
  };
  const parts = buildParts(path, label, choose);
  const handle = field({ path, label, hint, control: parts.input, extras: [stateRow(parts)] });
  handle.wrapper.append(parts.reentry);
  parts.input.addEventListener('change', () => listeners.forEach((listener) => listener()));

  return {
    ...handle,
    change: () => changeOf(mode, parts.input.value),
    reset(isStored, needsReentry) {
      stored = isStored && !needsReentry;
      mode = stored ? 'stored' : 'enter';
      parts.input.value = '';
      showMode(parts, mode, stored);
      parts.reentry.hidden = !needsReentry;
    },
    onChange: (listener) => listeners.push(listener),
  };
}

function changeOf(mode: Mode, typed: string): SecretChange {
  if (mode === 'remove') {
    return { action: 'clear' };
  }
  if ((mode === 'enter' || mode === 'replace') && typed !== '') {
    return { action: 'replace', value: typed };
  }
  return { action: 'keep' };
}

function buildParts(path: string, label: string, choose: (mode: Mode) => void): Parts {
  const what = label.toLowerCase();
  const reentry = el('p', {
    className: 'field-message',
    text: 'Needed, but not stored, or no longer readable on this computer: enter it again.',
  });
  reentry.dataset.tone = 'warning';
  return {
    input: textInput(path, { type: 'password', autocomplete: 'new-password' }),
    storedText: el('span', { className: 'chip chip-good', text: 'Stored' }),
    removeText: el('span', { className: 'chip chip-warn', text: 'Removed when you save' }),
    replaceButton: button('Replace', () => choose('replace'), {
      className: 'button small',
      attrs: { 'aria-label': `Replace the stored ${what}` },
    }),
    removeButton: button('Remove', () => choose('remove'), {
      className: 'button small',
      attrs: { 'aria-label': `Remove the stored ${what}` },
    }),
    keepButton: button('Keep stored', () => choose('stored'), { className: 'button small' }),
    reentry,
  };
}

function stateRow(parts: Parts): HTMLElement {
  return el('div', { className: 'secret-state' }, [
    parts.storedText,
    parts.removeText,
    parts.replaceButton,
    parts.removeButton,
    parts.keepButton,
  ]);
}

function showMode(parts: Parts, mode: Mode, stored: boolean): void {
  parts.input.hidden = mode === 'stored' || mode === 'remove';
  parts.storedText.hidden = mode !== 'stored';
  parts.removeText.hidden = mode !== 'remove';
  parts.replaceButton.hidden = mode !== 'stored';
  parts.removeButton.hidden = mode !== 'stored';
  parts.keepButton.hidden = !stored || (mode !== 'replace' && mode !== 'remove');
  parts.keepButton.textContent = mode === 'remove' ? 'Undo' : 'Keep stored';
  if (mode === 'stored' || mode === 'remove') {
    parts.input.value = '';
  }
}

/** Where the keyboard goes after a choice, so it never lands on a control that just hid. */
function focusFor(parts: Parts, mode: Mode): HTMLElement {
  if (mode === 'replace') {
    return parts.input;
  }
  return mode === 'stored' ? parts.replaceButton : parts.keepButton;
}
