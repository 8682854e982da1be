// The profile form's markup: sections in reading order, the live token endpoint preview, the
// HTTP warning, the result and summary slots, and which fields the protocol and node choice show.
import { button, el } from './dom';
import type { FormValues } from './profile-draft';
import type { ProfileFields } from './profile-fields';

export interface FormLayout {
  form: HTMLFormElement;
  title: HTMLElement;
  preview: HTMLElement;
  httpWarning: HTMLElement;
  summary: HTMLElement;
  result: HTMLElement;
  testButton: HTMLButtonElement;
  saveButton: HTMLButtonElement;
  cancelButton: HTMLButtonElement;
  /** Show the fields that apply to the values now in the form. */
  toggle(values: FormValues, santeDb: boolean): void;
}

export function buildFormLayout(fields: ProfileFields): FormLayout {
  const parts = {
    title: el('h2', { attrs: { id: 'profile-form-title', tabindex: '-1' } }),
    preview: el('p', {
      className: 'endpoint-preview',
      attrs: { 'data-testid': 'endpoint-preview', 'aria-live': 'polite' },
    }),
    httpWarning: el('p', {
      className: 'warning-box',
      attrs: { 'data-testid': 'http-warning', role: 'note' },
      text: 'Unencrypted HTTP: the client secret, the device secret and every token can be read on the way. Use it only for a test server.',
    }),
    summary: el('div', {
      className: 'form-summary',
      attrs: { 'data-testid': 'form-summary', role: 'alert', tabindex: '-1' },
    }),
    result: el('div', { attrs: { 'aria-live': 'polite' } }),
    testButton: button('Test connection', () => undefined),
    saveButton: el('button', {
      className: 'button primary',
      text: 'Save',
      attrs: { type: 'submit' },
    }),
    cancelButton: button('Cancel', () => undefined, { className: 'button quiet' }),
  };
  const form = el(
    'form',
    { className: 'profile-form', attrs: { novalidate: true, 'aria-labelledby': parts.title.id } },
    [
      parts.title,
      ...sections(fields, parts),
      parts.summary,
      parts.result,
      el('div', { className: 'form-actions' }, [
        parts.cancelButton,
        parts.testButton,
        parts.saveButton,
      ]),
    ],
  );

  return {
    ...parts,
    form,
    toggle: (values, santeDb) => toggle(fields, parts.preview, values, santeDb),
  };
}

function sections(
  fields: ProfileFields,
  parts: { preview: HTMLElement; httpWarning: HTMLElement },
): HTMLElement[] {
  return [
    group('Profile', [fields.name.wrapper, fields.protocol.wrapper]),
    group('Server', [
      fields.serverRoot.wrapper,
      parts.preview,
      fields.tokenEndpoint.wrapper,
      fields.clientAuth.wrapper,
      fields.allowHttp.wrapper,
      parts.httpWarning,
      fields.caPath.wrapper,
    ]),
    group('Application', [
      fields.clientId.wrapper,
      fields.clientSecret.wrapper,
      fields.scope.wrapper,
    ]),
    group('Node authentication', [
      fields.nodeAuth.wrapper,
      fields.deviceId.wrapper,
      fields.deviceSecret.wrapper,
      fields.pkcs12Path.wrapper,
      fields.certPath.wrapper,
      fields.keyPath.wrapper,
      fields.certPassphrase.wrapper,
    ]),
    el('details', { className: 'advanced' }, [
      el('summary', { text: 'Renewal and timeouts' }),
      el('div', { className: 'advanced-body' }, [
        fields.timeoutSeconds.wrapper,
        fields.autoRenew.wrapper,
        fields.renewBefore.wrapper,
        fields.warnBefore.wrapper,
      ]),
    ]),
  ];
}

function toggle(
  fields: ProfileFields,
  preview: HTMLElement,
  values: FormValues,
  santeDb: boolean,
): void {
  const kind = values.nodeKind;
  fields.serverRoot.wrapper.hidden = !santeDb;
  preview.hidden = !santeDb;
  fields.tokenEndpoint.wrapper.hidden = santeDb;
  fields.clientAuth.wrapper.hidden = santeDb;
  fields.deviceId.wrapper.hidden = kind !== 'device';
  fields.deviceSecret.wrapper.hidden = kind !== 'device';
  fields.pkcs12Path.wrapper.hidden = kind !== 'pkcs12';
  fields.certPath.wrapper.hidden = kind !== 'pem';
  fields.keyPath.wrapper.hidden = kind !== 'pem';
  fields.certPassphrase.wrapper.hidden = kind !== 'pkcs12' && kind !== 'pem';
}

function group(title: string, children: Node[]): HTMLElement {
  return el('section', { className: 'form-group', attrs: { 'aria-label': title } }, [
    el('h3', { text: title, attrs: { 'aria-hidden': 'true' } }),
    ...children,
  ]);
}
