import { describe, expect, it } from 'vitest';

import type { DevServer } from '../../src/dev-server/server';
import { startBundledDevServer } from '../../src/main/electron/demo-server';
import { postForm, send } from '../dev-server/http-client';

// The tray's demo server runs as long as the app does and is reachable from any browser page.
describe('startBundledDevServer', () => {
  it('keeps no request records and refuses a foreign Host', async () => {
    const server = (await startBundledDevServer()) as DevServer;
    try {
      const answered = await postForm(`${server.url}/auth/oauth2_token`, { grant_type: 'x' });
      const foreign = await send(`${server.url}/auth/.well-known/openid-configuration`, {
        headers: { Host: `rebind.attacker.example:${server.port}` },
      });

      expect(answered.status).toBe(400);
      expect(server.requests).toEqual([]);
      expect(foreign.status).toBe(421);
    } finally {
      await server.close();
    }
  });
});
