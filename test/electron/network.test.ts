import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { HttpRequest } from '../../src/main/core/transport';
import {
  createSystemProxyResolver,
  proxyUrlFromPac,
  withSystemProxy,
} from '../../src/main/electron/network';
import { standIn } from '../support/electron-stand-in';

import { recordingLogger } from './helpers/fixtures';

vi.mock('electron', async () => (await import('../support/electron-stand-in')).electronModule);

const request: HttpRequest = {
  method: 'POST',
  url: 'https://sdb.example.org/auth/oauth2_token',
  headers: {},
  connectTimeoutMs: 1000,
  totalTimeoutMs: 1000,
  maxResponseBytes: 1000,
};

describe('system proxy', () => {
  beforeEach(() => standIn.reset());

  it.each([
    ['DIRECT', undefined],
    ['PROXY proxy.example:3128', 'http://proxy.example:3128'],
    ['PROXY proxy.example:3128; DIRECT', 'http://proxy.example:3128'],
    ['HTTPS secure.example:443', 'https://secure.example:443'],
    ['SOCKS5 socks.example:1080; PROXY proxy.example:8080', 'http://proxy.example:8080'],
    ['SOCKS5 socks.example:1080', { unsupported: 'SOCKS5' }],
    ['', undefined],
  ])('reads the PAC answer %j', (pac, expected) => {
    expect(proxyUrlFromPac(pac)).toEqual(expected);
  });

  it('asks the default session per URL and fills in the proxy of each request', async () => {
    const asked: string[] = [];
    standIn.reset({
      proxyFor: (url) => {
        asked.push(url);
        return url.includes('internal') ? 'DIRECT' : 'PROXY proxy.example:3128';
      },
    });
    const sent: HttpRequest[] = [];
    const transport = withSystemProxy(async (outgoing) => {
      sent.push(outgoing);
      return { status: 200, headers: {}, body: '' };
    }, createSystemProxyResolver(recordingLogger()));

    await transport(request);
    await transport({ ...request, url: 'https://internal.example/token' });
    await transport({ ...request, proxyUrl: 'http://chosen.example:1' });

    expect(asked).toEqual([request.url, 'https://internal.example/token']);
    expect(sent.map((each) => each.proxyUrl)).toEqual([
      'http://proxy.example:3128',
      undefined,
      'http://chosen.example:1',
    ]);
  });

  it('connects directly, and says why, when only a SOCKS proxy is offered', async () => {
    standIn.reset({ proxyFor: () => 'SOCKS socks.example:1080' });
    const logger = recordingLogger();

    expect(await createSystemProxyResolver(logger)(request.url)).toBeUndefined();
    expect(logger.text()).toContain('cannot use');
    expect(logger.text()).toContain('SOCKS');
  });
});
