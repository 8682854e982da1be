import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

import { exampleApplication } from '../../src/dev-server/accounts';
import { run, serveUntilSignalled } from '../../src/dev-server/cli';
import type { CliOutput } from '../../src/dev-server/cli';
import { testCertificates } from '../support/certs';

import { deviceBasic, postForm, send } from './http-client';

interface CapturedOutput extends CliOutput {
  text(): string;
  errors(): string;
}

function captureOutput(): CapturedOutput {
  const out: string[] = [];
  const errors: string[] = [];
  return {
    out: (text) => out.push(text),
    error: (text) => errors.push(text),
    text: () => out.join('\n'),
    errors: () => errors.join('\n'),
  };
}

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

/** A file that is certainly not PEM. */
const notPem = join(__dirname, '..', '..', 'package.json');

describe('run(argv)', () => {
  it('starts on --port 0 and prints the URL, mounts, faults, credentials and a command to try', async () => {
    const output = captureOutput();
    const result = await run(['--port', '0', '--lifetime', '60'], output);
    expect(result.exitCode).toBe(0);
    const server = result.server;
    if (!server) {
      throw new Error('no server');
    }
    try {
      const text = output.text();
      expect(text).toContain(`SanteDB dev server listening on ${server.url}`);
      expect(text).toContain(`${server.url}/strict/auth`);
      expect(text).toContain(`${server.url}/santedb2/auth`);
      expect(text).toContain('slow-<ms>');
      expect(text).toContain('DESKTOP-NODE-01 / dev-Secr3t-EXAMPLE-only');
      expect(text).toContain(
        `SANTEDB_CLIENT_SECRET=app-Secr3t-EXAMPLE-only npx santedb-token --server ${server.url} --client-id org.example.desktop --allow-http`,
      );

      const response = await postForm(
        `${server.url}/auth/oauth2_token`,
        {
          grant_type: 'client_credentials',
          client_id: exampleApplication.clientId,
        },
        { Authorization: deviceBasic },
      );
      expect(response.status).toBe(200);
      // Real clock: a millisecond between issue and answer makes it 59, as E3 shows 3599.
      expect([59, 60]).toContain(response.json.expires_in);
      expect(output.text()).toContain(
        'POST /auth/oauth2_token 200 (client_credentials for org.example.desktop, device DESKTOP-NODE-01: session issued)',
      );
      expect(output.text()).not.toContain(response.json.access_token as string);
    } finally {
      await server.close();
    }
  });

  it('prints help with the flags and the mount table, and starts nothing', async () => {
    const output = captureOutput();
    const result = await run(['--help'], output);
    expect(result).toEqual({ exitCode: 0 });
    expect(output.text()).toContain('--client-ca FILE');
    expect(output.text()).toContain('<url>/santedb2/auth');
  });

  it('says how to recover when the port is taken', async () => {
    const { port, server } = await occupiedPort();
    try {
      const output = captureOutput();
      const result = await run(['--port', String(port)], output);
      expect(result.exitCode).toBe(1);
      expect(output.errors()).toBe(`port ${port} is in use: pass --port 0 or another port`);
    } finally {
      server.close();
    }
  });

  it.each([
    [['--port', 'eighty'], "--port must be a whole number from 0 to 65535, not 'eighty'"],
    [['--lifetime', '0'], "--lifetime must be a whole number from 10 to 31536000, not '0'"],
    [['--lifetime', '5'], "--lifetime must be a whole number from 10 to 31536000, not '5'"],
    [['--tls-cert', 'a.pem'], '--tls-cert and --tls-key go together'],
    [['--client-ca', 'ca.pem'], '--client-ca needs HTTPS'],
    [
      ['--tls-cert', '/nonexistent.pem', '--tls-key', '/nonexistent.key'],
      '--tls-cert /nonexistent.pem: the file cannot be read (ENOENT)',
    ],
    [['--colour'], "Unknown option '--colour'"],
    [
      ['--port', '-1'],
      '--port needs a value; one that starts with "-" must be written --port=VALUE',
    ],
    [['--port=-1'], "--port must be a whole number from 0 to 65535, not '-1'"],
    [['--host='], '--host needs an address, such as 127.0.0.1 or 0.0.0.0'],
    [
      ['--tls-cert', notPem, '--tls-key', notPem],
      `--tls-cert ${notPem}: not a PEM file (it has no -----BEGIN line)`,
    ],
  ])('refuses %j with exit code 2', async (argv, message) => {
    const output = captureOutput();
    const result = await run(argv, output);
    expect(result.exitCode).toBe(2);
    expect(output.errors()).toContain(message);
  });

  it('names the TLS flags when their PEM files hold no usable certificate and key', async () => {
    const output = captureOutput();
    const directory = mkdtempSync(join(tmpdir(), 'santedb-dev-server-pem-'));
    const broken = join(directory, 'broken.pem');
    writeFileSync(
      broken,
      '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n',
    );

    const result = await run(['--port', '0', '--tls-cert', broken, '--tls-key', broken], output);
    rmSync(directory, { recursive: true, force: true });

    expect(result.exitCode).toBe(1);
    expect(output.errors()).toMatch(
      /^the --tls-cert or --tls-key file could not be used \(.+\): give a PEM certificate and its PEM private key$/,
    );
  });

  it('serves HTTPS with mTLS from PEM files', async () => {
    const certs = await testCertificates();
    const output = captureOutput();
    const argv = [
      '--port',
      '0',
      '--tls-cert',
      certs.server.certPath,
      '--tls-key',
      certs.server.keyPath,
      '--client-ca',
      certs.ca.certPath,
    ];
    const { server } = await run(argv, output);
    if (!server) {
      throw new Error(output.errors());
    }
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(output.text()).not.toContain('--allow-http');
      const tls = { ca: certs.ca.cert, cert: certs.client.cert, key: certs.client.key };
      const response = await postForm(
        `${server.url}/strict/auth/oauth2_token`,
        {
          grant_type: 'client_credentials',
          client_id: exampleApplication.clientId,
        },
        {},
        tls,
      );
      expect(response.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('closes the server on SIGTERM', async () => {
    const output = captureOutput();
    const signals = new EventEmitter();
    const running = serveUntilSignalled(['--port', '0'], output, signals);
    await waitFor(() => output.text().includes('listening on'));
    const url = /listening on (\S+)/.exec(output.text())?.[1] ?? '';

    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(output.text()).toContain('SIGTERM: stopping the dev server');
    await expect(send(`${url}/auth/jwks`)).rejects.toThrow(/ECONNREFUSED/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('the bundled entry (node main.js)', () => {
  const directory = mkdtempSync(join(tmpdir(), 'santedb-dev-server-bundle-'));
  const bundle = join(directory, 'main.js');
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children) {
      child.kill('SIGKILL');
    }
    rmSync(directory, { recursive: true, force: true });
  });

  async function bundleEntry(): Promise<void> {
    await build({
      entryPoints: ['src/dev-server/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: bundle,
      logLevel: 'silent',
    });
  }

  function startBundle(argv: string[]): {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<number | null>;
  } {
    const child = spawn(process.execPath, [bundle, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    return { child, stdout: () => stdout, stderr: () => stderr, exited };
  }

  it('answers on --port 0 and exits with 0 on SIGTERM', async () => {
    await bundleEntry();
    const process = startBundle(['--port', '0']);
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(process.stdout()));
    const url = /listening on (\S+)/.exec(process.stdout())?.[1] ?? '';

    const jwks = await send(`${url}/auth/jwks`);
    expect(jwks.status).toBe(200);

    process.child.kill('SIGTERM');
    expect(await process.exited).toBe(0);
    expect(process.stdout()).toContain('SIGTERM: stopping the dev server');
  });

  it('keeps serving after the reader of its output goes away', async () => {
    await bundleEntry();
    const process = startBundle(['--port', '0']);
    await waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+/.test(process.stdout()));
    const url = /listening on (\S+)/.exec(process.stdout())?.[1] ?? '';
    // As `npm run dev-server | head -3` does once it has its lines.
    process.child.stdout?.destroy();

    // Every request prints a line, so the first ones meet the closed pipe.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await send(`${url}/auth/jwks`)).status).toBe(200);
    }
    expect(process.child.exitCode).toBeNull();
    expect(process.stderr()).toBe('');
  });

  it('exits with 1 and a clear message when the port is taken', async () => {
    await bundleEntry();
    const { port, server } = await occupiedPort();
    try {
      const process = startBundle(['--port', String(port)]);
      expect(await process.exited).toBe(1);
      expect(process.stderr().trim()).toBe(`port ${port} is in use: pass --port 0 or another port`);
    } finally {
      server.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
