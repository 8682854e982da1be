// One HTTP request, start to finish: read and record it, resolve the mount, let the router
// answer, write the answer (or destroy the socket for the close fault), log one line.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { ClientCertificate, RequestContext } from './context';
import { writeHugeBody, writeReply } from './delivery';
import { loginPageReply } from './fault-replies';
import { knownFaultNames } from './faults';
import { isHostAllowed } from './host-check';
import type { HostPolicy } from './host-check';
import { resolveMount } from './mounts';
import type { Mount, MountResolution } from './mounts';
import type { PendingTimers } from './pending-timers';
import { jsonReply } from './reply';
import type { Reply } from './reply';
import { clientCertificateOf, readBody, recordRequest } from './request-intake';
import type { RecordedRequest } from './request-intake';
import { dispatch, notFound } from './router';
import type { SessionStore } from './sessions';

export interface ServerState {
  now: () => number;
  sessionLifetimeSeconds: number;
  issuer?: string;
  logger?: (line: string) => void;
  /** `host:port` of the listener, for requests without a Host header. */
  listenAddress: string;
  /** Set once the port is known; until then nothing is answered. */
  hosts: HostPolicy;
  sessions: SessionStore;
  timers: PendingTimers;
  /** Off in the tray, whose server runs for days: each record can hold a 1 MB form. */
  recordRequests: boolean;
  requests: RecordedRequest[];
  nextRequestId: number;
}

/** Keeps a request for test assertions, when the server was asked to. */
export function remember(state: ServerState, entry: () => RecordedRequest): void {
  if (state.recordRequests) {
    state.requests.push(entry());
  }
}

interface ParsedRequest {
  method: string;
  url: URL;
  body: string;
  certificate: ClientCertificate | undefined;
}

export async function handleRequest(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = new URL(request.url ?? '/', 'http://request.invalid');
  try {
    if (!isHostAllowed(state.hosts, request.headers.host)) {
      refuseHost(response);
      state.logger?.(`${method} ${url.pathname} 421 (Host not served)`);
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      response.writeHead(413, { Connection: 'close' }).end();
      return;
    }

    const certificate = clientCertificateOf(request);
    remember(state, () => recordRequest(request, url, body, certificate));
    const outcome = await answer(state, request, response, { method, url, body, certificate });
    state.logger?.(`${method} ${url.pathname} ${outcome}`);
  } catch (error) {
    state.logger?.(`${method} ${url.pathname} failed: ${describeError(error)}`);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const failure = { error: 'unspecified_error', error_description: describeError(error) };
    await writeReply(response, jsonReply(500, failure), state.now(), {}, state.timers);
  }
}

/** Answers, and returns the outcome in words for the log. */
async function answer(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
  parsed: ParsedRequest,
): Promise<string> {
  const resolution = resolveMount(parsed.url.pathname);
  if (resolution.kind !== 'mount') {
    const reply = topLevelReply(parsed, resolution);
    await writeReply(response, reply, state.now(), {}, state.timers);
    return describeReply(reply);
  }

  const context = buildContext(state, request, resolution.mount, parsed.certificate);
  const routed = { ...parsed, route: resolution.mount.route, query: parsed.url.searchParams };
  const outcome = await dispatch(context, routed, state.timers);
  if (outcome.kind === 'close' || outcome.kind === 'cancelled') {
    request.socket.destroy();
    return outcome.kind === 'close' ? 'connection destroyed (fault close)' : 'server closing';
  }
  if (outcome.kind === 'huge') {
    await writeHugeBody(response, context.now());
    return '200 (fault huge: 20 MB body)';
  }
  await writeReply(response, outcome.reply, context.now(), outcome.delivery, state.timers);
  return describeReply(outcome.reply);
}

function topLevelReply(
  parsed: ParsedRequest,
  resolution: Exclude<MountResolution, { kind: 'mount' }>,
): Reply {
  if (resolution.kind === 'unknown-fault') {
    const description = `unknown fault '${resolution.name}'; known faults: ${knownFaultNames()}`;
    const reply = jsonReply(404, { error: 'invalid_request', error_description: description });
    return { ...reply, note: 'unknown fault' };
  }
  if (parsed.url.pathname === '/login' && parsed.method === 'GET') {
    return loginPageReply();
  }
  return notFound();
}

function buildContext(
  state: ServerState,
  request: IncomingMessage,
  mount: Mount,
  certificate: ClientCertificate | undefined,
): RequestContext {
  const skewMs = (mount.faults.skewSeconds ?? 0) * 1000;
  const scheme = 'encrypted' in request.socket ? 'https' : 'http';
  const origin = `${scheme}://${request.headers.host ?? state.listenAddress}`;
  return {
    mount,
    now: () => state.now() + skewMs,
    origin,
    issuer: state.issuer ?? `${origin}${mount.prefix}/auth`,
    lifetimeSeconds: mount.faults.lifetimeSeconds ?? state.sessionLifetimeSeconds,
    headers: request.headers,
    clientCertificate: certificate,
    requestId: String(state.nextRequestId++),
    sessions: state.sessions,
  };
}

function refuseHost(response: ServerResponse): void {
  const failure = {
    error: 'invalid_request',
    error_description: 'This server answers only its loopback address: use 127.0.0.1 or localhost',
  };
  response
    .writeHead(421, { 'Content-Type': 'application/json', Connection: 'close' })
    .end(JSON.stringify(failure));
}

function describeReply(reply: Reply): string {
  return reply.note ? `${reply.status} (${reply.note})` : String(reply.status);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
