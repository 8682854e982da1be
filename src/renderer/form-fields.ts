// Labelled form controls with a hint and a message slot, wired for assistive technology: the
// label names the control, the hint and the message describe it, and an error marks it invalid.
import { el, setAttributes, uniqueId } from './dom';

export type IssueTone = 'error' | 'warning';

export interface FieldHandle<Control extends HTMLElement = HTMLElement> {
  /** The dotted profile path the core names in its issues, e.g. `nodeAuth.deviceId`. */
  path: string;
  wrapper: HTMLElement;
  control: Control;
  showIssue(message: string | undefined, tone?: IssueTone): void;
  hasError(): boolean;
}

interface FieldParts<Control extends HTMLElement> {
  path: string;
  label: string;
  hint?: string;
  control: Control;
  /** Extra content beside the control, such as a "Choose…" button. */
  extras?: Node[];
  inline?: boolean;
}

export function field<Control extends HTMLElement>(
  parts: FieldParts<Control>,
): FieldHandle<Control> {
  const controlId = parts.control.id || uniqueId('field');
  parts.control.id = controlId;
  const hint = parts.hint
    ? el('p', { className: 'hint', text: parts.hint, attrs: { id: uniqueId('hint') } })
    : null;
  const message = el('p', {
    className: 'field-message',
    attrs: { id: uniqueId('msg'), 'data-field': parts.path },
  });
  message.hidden = true;
  setAttributes(parts.control, {
    'aria-describedby': [hint?.id, message.id].filter(Boolean).join(' '),
  });
  const label = el('label', { text: parts.label, attrs: { for: controlId } });
  const controlRow = parts.extras
    ? el('div', { className: 'control-row' }, [parts.control, ...parts.extras])
    : parts.control;
  const wrapper = el(
    'div',
    {
      className: parts.inline ? 'field field-inline' : 'field',
      attrs: { 'data-path': parts.path },
    },
    parts.inline ? [controlRow, label, hint, message] : [label, controlRow, hint, message],
  );

  return {
    path: parts.path,
    wrapper,
    control: parts.control,
    showIssue(text, tone = 'error') {
      message.textContent = text ?? '';
      message.hidden = text === undefined;
      message.dataset.tone = tone;
      wrapper.dataset.issue = text === undefined ? '' : tone;
      setAttributes(parts.control, {
        'aria-invalid': text !== undefined && tone === 'error' ? 'true' : undefined,
      });
    },
    hasError: () => wrapper.dataset.issue === 'error',
  };
}

export function textInput(
  name: string,
  options: { type?: string; placeholder?: string; autocomplete?: string; inputMode?: string } = {},
): HTMLInputElement {
  return el('input', {
    attrs: {
      type: options.type ?? 'text',
      name,
      placeholder: options.placeholder,
      autocomplete: options.autocomplete ?? 'off',
      inputmode: options.inputMode,
      spellcheck: 'false',
    },
  });
}

export function selectInput(
  name: string,
  options: { value: string; label: string }[],
): HTMLSelectElement {
  return el(
    'select',
    { attrs: { name } },
    options.map((option) => el('option', { text: option.label, attrs: { value: option.value } })),
  );
}

export function checkbox(name: string): HTMLInputElement {
  return el('input', { attrs: { type: 'checkbox', name } });
}

/** A set of radio buttons in a fieldset whose legend names the choice. */
export function radioGroup(
  name: string,
  legend: string,
  options: { value: string; label: string }[],
): {
  element: HTMLFieldSetElement;
  inputs: HTMLInputElement[];
  value(): string;
  set(value: string): void;
} {
  const inputs = options.map((option) =>
    el('input', { attrs: { type: 'radio', name, value: option.value, id: uniqueId(name) } }),
  );
  const labels = inputs.map((input, index) =>
    el('label', { className: 'radio', attrs: { for: input.id } }, [
      input,
      options[index]?.label ?? input.value,
    ]),
  );
  const element = el('fieldset', { className: 'radio-group' }, [
    // The section heading already says it; the legend still names the group for screen readers.
    el('legend', { className: 'visually-hidden', text: legend }),
    ...labels,
  ]);

  return {
    element,
    inputs,
    value: () => inputs.find((input) => input.checked)?.value ?? options[0]?.value ?? '',
    set(value) {
      for (const input of inputs) {
        input.checked = input.value === value;
      }
    },
  };
}

/** An issue slot for a group of controls (a fieldset) rather than one labelled control. */
export function groupField(
  path: string,
  group: HTMLFieldSetElement,
): FieldHandle<HTMLFieldSetElement> {
  const message = el('p', {
    className: 'field-message',
    attrs: { id: uniqueId('msg'), 'data-field': path },
  });
  message.hidden = true;
  group.setAttribute('aria-describedby', message.id);
  const wrapper = el('div', { className: 'field', attrs: { 'data-path': path } }, [group, message]);

  return {
    path,
    wrapper,
    control: group,
    showIssue(text, tone = 'error') {
      message.textContent = text ?? '';
      message.hidden = text === undefined;
      message.dataset.tone = tone;
      wrapper.dataset.issue = text === undefined ? '' : tone;
    },
    hasError: () => wrapper.dataset.issue === 'error',
  };
}
