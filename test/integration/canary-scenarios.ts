// The failure paths the canary test drives, and a tiny token server that answers with the
// canary as access, refresh and id token in the ways a broken or hostile server might.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exampleApplication, exampleDevice } from '../../src/dev-server/accounts';
import type { ProfileInput } from '../../src/main/core/profile';

export const CANARY = `CANARY-${randomBytes(8).toString('hex')}-S3CR3T`;

/** Every form in which the canary could escape: plain, encoded, and inside Basic headers. */
export function canaryForms(): string[] {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const forms = [
    CANARY,
    CANARY.split('-')[1] ?? CANARY,
    base64(CANARY),
    Buffer.from(CANARY).toString('base64url'),
    Buffer.from(CANARY).toString('hex'),
    encodeURIComponent(CANARY),
    new URLSearchParams({ v: CANARY }).toString().slice(2),
  ];
  for (const id of [exampleApplication.clientId, exampleDevice.deviceId]) {
    forms.push(base64(`${id}:${CANARY}`));
  }
  // A base64 string shares no aligned substring with its neighbours, so trim padding.
  return forms.map((form) => form.replace(/=+$/, ''));
}

export type ScenarioProfile = Omit<ProfileInput, 'id' | 'name'>;

export interface Scenario {
  name: string;
  profile: ScenarioProfile;
  /** The token is handed out on purpose: only its leaking elsewhere is checked. */
  succeeds?: boolean;
}

export interface ScenarioTargets {
  devServerUrl: string;
  selfSignedUrl: string;
  closedPortUrl: string;
  canaryServerUrl: string;
  pkcs12Path: string;
  caPath: string;
}

const devFaults = [
  'html', 'text', 'huge', 'redirect', 'close', 'no-access-token', 'error-200', 'string-expiry',
  'ms-expiry', 'zero-expiry', 'negative-expiry', 'huge-expiry', 'missing-expiry',
  'malformed-id-token', 'bad-token-type', 'space-token', 'rate-limit', 'unavailable',
  'policy-denied', 'slow-5000', 'drip-5000',
]; // prettier-ignore

export const canaryServerCases = [
  'success',
  'bad-token-type',
  'space-token',
  'negative-expiry',
  'malformed-id-token',
  'garbage-id-token',
  'echo-error',
  'echo-html',
  'echo-redirect',
  'wrong-nonce',
] as const;

export function scenarios(targets: ScenarioTargets): Scenario[] {
  const santedb = (serverRoot: string, extra: Partial<ScenarioProfile> = {}): ScenarioProfile => ({
    protocol: 'auto',
    serverRoot,
    clientId: exampleApplication.clientId,
    allowHttp: true,
    // Short enough for the slow and drip faults to time out, long enough for a loaded machine.
    timeoutSeconds: 2,
    ...extra,
  });
  const device = { nodeAuth: { kind: 'device', deviceId: exampleDevice.deviceId } } as const;
  const dev = targets.devServerUrl;

  return [
    { name: 'wrong client secret', profile: santedb(dev) },
    { name: 'wrong device secret', profile: santedb(`${dev}/strict`, device) },
    { name: 'SanteDB 2.x, wrong secrets', profile: santedb(`${dev}/santedb2`, device) },
    ...devFaults.map((fault) => ({ name: `fault ${fault}`, profile: santedb(`${dev}/_fault/${fault}`) })),
    { name: 'refused connection', profile: santedb(targets.closedPortUrl) },
    { name: 'untrusted server certificate', profile: santedb(targets.selfSignedUrl) },
    {
      name: 'wrong certificate passphrase',
      profile: santedb(targets.selfSignedUrl, {
        nodeAuth: { kind: 'pkcs12', path: targets.pkcs12Path },
        caPath: targets.caPath,
      }),
    },
    ...canaryServerCases.map((name) => ({
      name: `canary server ${name}`,
      profile: santedb(`${targets.canaryServerUrl}/${name}`, { protocol: 'santedb3' }),
      succeeds: name === 'success',
    })),
  ]; // prettier-ignore
}

/** A token endpoint at `/<case>/auth/oauth2_token` whose every token is the canary. */
export async function startCanaryServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const nonce = new URLSearchParams(body).get('nonce') ?? undefined;
      const [, name] = /^\/([^/]+)\/auth\/oauth2_token$/.exec(request.url ?? '') ?? [];
      const { status, headers, text } = canaryReply(name ?? '', nonce);
      response.writeHead(status, headers).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function canaryReply(name: string, nonce: string | undefined) {
  const json = (status: number, value: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    text: JSON.stringify(value),
  });
  const good = { access_token: CANARY, refresh_token: CANARY, token_type: 'bearer', expires_in: 3600, nonce };
  const garbageJws = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(CANARY).toString('base64url')}.c2ln`;

  switch (name) {
    case 'success':
      return json(200, good);
    case 'bad-token-type':
      return json(200, { ...good, token_type: 'mac' });
    case 'space-token':
      return json(200, { ...good, access_token: `${CANARY} ${CANARY}` });
    case 'negative-expiry':
      return json(200, { ...good, expires_in: -5 });
    case 'malformed-id-token':
      return json(200, { ...good, id_token: CANARY });
    case 'garbage-id-token':
      return json(200, { ...good, id_token: garbageJws });
    case 'echo-error':
      return json(401, { error: 'invalid_client', error_description: `secret ${CANARY} is wrong` });
    case 'echo-html':
      return { status: 200, headers: { 'content-type': 'text/html' }, text: `<p>${CANARY}</p>` };
    case 'echo-redirect':
      return { status: 302, headers: { location: `/login?secret=${CANARY}` }, text: '' };
    case 'wrong-nonce':
      return json(200, { ...good, nonce: CANARY });
    default:
      return json(404, { error: 'invalid_request' });
  }
} // prettier-ignore
