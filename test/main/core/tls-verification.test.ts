// Certificate verification cannot be switched off from outside: NODE_TLS_REJECT_UNAUTHORIZED=0,
// which turns it off for every Node TLS client that leaves the default, changes nothing here.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createNodeHttpTransport } from '../../../src/main/core/node-http-transport';
import type { Transport } from '../../../src/main/core/transport';
import { createUndiciTransport } from '../../../src/main/core/undici-transport';
import { testCertificates } from '../../support/certs';
import type { TestCertificates } from '../../support/certs';
import { startLocalServer } from '../../support/local-http-server';
import { tokenErrorOf } from '../../support/token-error';
import { transportRequest } from '../../support/transport-request';

const transports: Array<[string, () => Transport & { close(): Promise<void> }]> = [
  ['createUndiciTransport', () => createUndiciTransport()],
  ['createNodeHttpTransport', () => createNodeHttpTransport()],
];

const cleanups: Array<() => Promise<void>> = [];
let certs: TestCertificates;
const previous = process.env.NODE_TLS_REJECT_UNAUTHORIZED;

beforeAll(async () => {
  certs = await testCertificates();
}, 120_000);

afterEach(async () => {
  if (previous === undefined) {
    delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  } else {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = previous;
  }
  while (cleanups.length > 0) {
    await cleanups.pop()?.();
  }
});

describe.each(transports)('%s with NODE_TLS_REJECT_UNAUTHORIZED=0', (_name, create) => {
  it('still refuses a self-signed server and sends it nothing', async () => {
    const server = await startLocalServer(
      (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{"access_token":"x"}');
      },
      { cert: certs.selfSignedServer.cert, key: certs.selfSignedServer.key },
    );
    cleanups.push(server.close);
    const transport = create();
    cleanups.push(() => transport.close());
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

    const error = await tokenErrorOf(transport(transportRequest(server.url)));

    expect(error.code).toBe('tls');
    expect(error.context).toMatchObject({ detail: 'DEPTH_ZERO_SELF_SIGNED_CERT', field: 'caPath' });
    expect(server.requests).toHaveLength(0);
  });
});
