// Every control of the profile form, named by the profile path the core uses in its issues,
// and the two-way mapping between the controls and the form's values.
import type { TokenTrayApi } from '../shared/ipc-contract';

import { fileField } from './file-field';
import {
  checkbox,
  field,
  groupField,
  radioGroup,
  selectInput,
  textInput,
  type FieldHandle,
} from './form-fields';
import type { FormValues, NodeKind } from './profile-draft';
import { secretField } from './secret-field';

export type ProfileFields = ReturnType<typeof buildProfileFields>;

const protocolOptions = [
  { value: 'auto', label: 'SanteDB (detect 3.x or 2.x)' },
  { value: 'santedb3', label: 'SanteDB 3.x' },
  { value: 'santedb2', label: 'SanteDB 2.x' },
  { value: 'oauth2', label: 'OAuth 2.0 (any server)' },
];

const nodeOptions: { value: NodeKind; label: string }[] = [
  { value: 'none', label: 'None (client secret only)' },
  { value: 'device', label: 'Device id and secret' },
  { value: 'pkcs12', label: 'Client certificate (.p12 / .pfx)' },
  { value: 'pem', label: 'Client certificate (PEM and key)' },
];

export function buildProfileFields(api: TokenTrayApi) {
  return { ...serverFields(), ...applicationFields(api), ...nodeFields(api), ...renewalFields() };
}

function serverFields() {
  return {
    name: textField('name', 'Display name', 'Shown in the tray menu, e.g. "prod".'),
    protocol: field({
      path: 'protocol',
      label: 'Protocol',
      control: selectInput('protocol', protocolOptions),
    }),
    serverRoot: textField(
      'serverRoot',
      'Server root',
      'The address of the SanteDB server, without /auth.',
      { type: 'url', placeholder: 'https://sdb.example.org:8443' },
    ),
    tokenEndpoint: textField(
      'tokenEndpoint',
      'Token endpoint',
      'The full URL of the OAuth 2.0 token endpoint.',
      { type: 'url', placeholder: 'https://login.example.org/oauth2/token' },
    ),
    clientAuth: field({
      path: 'clientAuth',
      label: 'Client authentication',
      control: selectInput('clientAuth', [
        { value: 'basic', label: 'HTTP Basic (client_secret_basic)' },
        { value: 'post', label: 'In the form body (client_secret_post)' },
      ]),
    }),
    allowHttp: checkboxField('allowHttp', 'Allow unencrypted HTTP'),
  };
}

function applicationFields(api: TokenTrayApi) {
  return {
    clientId: textField(
      'clientId',
      'Client id',
      'The application registered on the server, e.g. org.example.desktop.',
    ),
    clientSecret: secretField(
      'secrets.clientSecret',
      'Client secret',
      'The application secret. Not needed on SanteDB 3.x when the device authenticates.',
    ),
    scope: textField(
      'scope',
      'Scope',
      'Policy OIDs separated by spaces, or * for every policy granted.',
    ),
    caPath: fileField(api, {
      path: 'caPath',
      label: 'Extra CA file',
      hint: 'Only for a server whose certificate comes from a private CA (PEM).',
      kind: 'ca',
      optional: true,
    }),
  };
}

function nodeFields(api: TokenTrayApi) {
  const node = radioGroup('node-auth', 'Node authentication', nodeOptions);
  const file = (path: string, label: string, hint: string, kind: 'certificate' | 'key') =>
    fileField(api, { path, label, hint, kind });
  return {
    node,
    nodeAuth: groupField('nodeAuth', node.element),
    deviceId: textField(
      'nodeAuth.deviceId',
      'Device id',
      'The node (device) name registered on the server.',
    ),
    deviceSecret: secretField(
      'secrets.deviceSecret',
      'Device secret',
      'The secret of that device account.',
    ),
    pkcs12Path: file(
      'nodeAuth.path',
      'Certificate file',
      'The node certificate with its key, as .p12 or .pfx.',
      'certificate',
    ),
    certPath: file(
      'nodeAuth.certPath',
      'Certificate file',
      'The node certificate, PEM encoded.',
      'certificate',
    ),
    keyPath: file(
      'nodeAuth.keyPath',
      'Key file',
      'The private key of that certificate, PEM encoded.',
      'key',
    ),
    certPassphrase: secretField(
      'secrets.certPassphrase',
      'Passphrase',
      'Leave empty when the key is not protected.',
    ),
  };
}

function renewalFields() {
  return {
    timeoutSeconds: numberField('timeoutSeconds', 'Timeout (seconds)', 1, 300),
    autoRenew: checkboxField('renewal.auto', 'Renew automatically before expiry'),
    renewBefore: numberField(
      'renewal.beforeExpirySeconds',
      'Renew at the latest (seconds before expiry)',
      10,
      86_400,
    ),
    warnBefore: numberField('renewal.warnBeforeSeconds', 'Warn (seconds before expiry)', 0, 86_400),
  };
}

/** The control's name is the last part of its profile path. */
function nameOf(path: string): string {
  return path.split('.').pop() ?? path;
}

function textField(
  path: string,
  label: string,
  hint: string,
  options?: Parameters<typeof textInput>[1],
): FieldHandle<HTMLInputElement> {
  return field({ path, label, hint, control: textInput(nameOf(path), options) });
}

function checkboxField(path: string, label: string): FieldHandle<HTMLInputElement> {
  return field({ path, label, control: checkbox(nameOf(path)), inline: true });
}

function numberField(
  path: string,
  label: string,
  min: number,
  max: number,
): FieldHandle<HTMLInputElement> {
  const input = textInput(nameOf(path), { type: 'number', inputMode: 'numeric' });
  input.min = String(min);
  input.max = String(max);
  return field({ path, label, control: input });
}

/** Every handle that can show an issue, for matching the core's field paths. */
export function issueTargets(fields: ProfileFields): FieldHandle[] {
  // `node` is the radio group itself; its issues are shown by the `nodeAuth` handle.
  return Object.values(fields).filter((entry): entry is FieldHandle<never> => 'showIssue' in entry);
}

export function fillFields(fields: ProfileFields, values: FormValues): void {
  fields.name.control.value = values.name;
  fields.protocol.control.value = values.protocol;
  fields.serverRoot.control.value = values.serverRoot;
  fields.tokenEndpoint.control.value = values.tokenEndpoint;
  fields.clientAuth.control.value = values.clientAuth;
  fields.allowHttp.control.checked = values.allowHttp;
  fields.clientId.control.value = values.clientId;
  fields.node.set(values.nodeKind);
  fields.deviceId.control.value = values.deviceId;
  fields.pkcs12Path.set(values.pkcs12Path);
  fields.certPath.set(values.certPath);
  fields.keyPath.set(values.keyPath);
  fields.scope.control.value = values.scope;
  fields.caPath.set(values.caPath);
  fields.timeoutSeconds.control.value = values.timeoutSeconds;
  fields.autoRenew.control.checked = values.autoRenew;
  fields.renewBefore.control.value = values.renewBeforeSeconds;
  fields.warnBefore.control.value = values.warnBeforeSeconds;
}

/** The values now in the controls; `base` carries what the form does not show. */
export function readFields(fields: ProfileFields, base: FormValues): FormValues {
  return {
    ...base,
    name: fields.name.control.value,
    protocol: fields.protocol.control.value as FormValues['protocol'],
    serverRoot: fields.serverRoot.control.value,
    tokenEndpoint: fields.tokenEndpoint.control.value,
    clientAuth: fields.clientAuth.control.value as FormValues['clientAuth'],
    allowHttp: fields.allowHttp.control.checked,
    clientId: fields.clientId.control.value,
    nodeKind: fields.node.value() as NodeKind,
    deviceId: fields.deviceId.control.value,
    pkcs12Path: fields.pkcs12Path.value(),
    certPath: fields.certPath.value(),
    keyPath: fields.keyPath.value(),
    scope: fields.scope.control.value,
    caPath: fields.caPath.value(),
    timeoutSeconds: fields.timeoutSeconds.control.value,
    autoRenew: fields.autoRenew.control.checked,
    renewBeforeSeconds: fields.renewBefore.control.value,
    warnBeforeSeconds: fields.warnBefore.control.value,
    secrets: secretValues(fields),
  };
}

function secretValues(fields: ProfileFields): FormValues['secrets'] {
  return {
    clientSecret: fields.clientSecret.change(),
    deviceSecret: fields.deviceSecret.change(),
    certPassphrase: fields.certPassphrase.change(),
  };
}
