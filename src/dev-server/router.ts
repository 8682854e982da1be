// Routes below `<mount>/auth` (santedb-auth.md §1), and the HDSI beside it. 2.x had only the
// token and session routes.
import { headerValue } from './context';
import type { RequestContext } from './context';
import type { Delivery } from './delivery';
import { discoveryReply, jwksReply } from './discovery';
import { fixedFaultReply } from './fault-replies';
import { readForm } from './form';
import type { FormFields } from './form';
import { hdsiReply } from './hdsi';
import type { PendingTimers } from './pending-timers';
import { emptyReply, jsonReply } from './reply';
import type { Reply } from './reply';
import { sessionReply, signoutReply, userinfoReply } from './session-routes';
import { handleTokenRequest } from './token-endpoint';

export type Outcome =
  | { kind: 'reply'; reply: Reply; delivery: Delivery }
  | { kind: 'huge' }
  | { kind: 'close' }
  /** The server closed while a slow fault was waiting. */
  | { kind: 'cancelled' };

export interface AuthRequest {
  method: string;
  route: string;
  query: URLSearchParams;
  body: string;
}

interface Route {
  methods: readonly string[];
  legacy: boolean;
  answer(context: RequestContext, request: AuthRequest): Reply;
}

const routes: Record<string, Route> = {
  '/.well-known/openid-configuration': { methods: ['GET'], legacy: false, answer: discoveryReply },
  '/jwks': { methods: ['GET'], legacy: false, answer: () => jwksReply() },
  '/session': { methods: ['GET'], legacy: true, answer: sessionReply },
  '/userinfo': { methods: ['GET'], legacy: false, answer: userinfoReply },
  '/signout': {
    methods: ['GET', 'POST'],
    legacy: false,
    answer: (context, request) =>
      signoutReply(context, request.query, request.method === 'POST' ? request.body : undefined),
  },
};

export async function dispatch(
  context: RequestContext,
  request: AuthRequest,
  timers: PendingTimers,
): Promise<Outcome> {
  if (context.mount.service === 'hdsi') {
    return reply(hdsiReply(context, request.method));
  }
  if (request.route === '/oauth2_token') {
    return request.method === 'POST'
      ? tokenOutcome(context, request.body, timers)
      : reply(methodNotAllowed(['POST']));
  }

  const route = routes[request.route];
  if (!route || (context.mount.generation === 'santedb2' && !route.legacy)) {
    return reply(notFound());
  }
  if (!route.methods.includes(request.method)) {
    return reply(methodNotAllowed(route.methods));
  }
  return reply(route.answer(context, request));
}

async function tokenOutcome(
  context: RequestContext,
  body: string,
  timers: PendingTimers,
): Promise<Outcome> {
  const { faults } = context.mount;
  if (faults.flags.has('close')) {
    return { kind: 'close' };
  }
  if (faults.slowMs !== undefined && !(await timers.wait(faults.slowMs))) {
    return { kind: 'cancelled' };
  }
  if (faults.flags.has('huge')) {
    return { kind: 'huge' };
  }

  const delivery: Delivery = { textPlain: faults.flags.has('text'), dripMs: faults.dripMs };
  const canned = fixedFaultReply(context, lenientForm(context, body));
  return { kind: 'reply', reply: canned ?? handleTokenRequest(context, body), delivery };
}

function lenientForm(context: RequestContext, body: string): FormFields {
  try {
    return readForm(headerValue(context, 'content-type'), body);
  } catch {
    return {};
  }
}

function reply(answer: Reply): Outcome {
  return { kind: 'reply', reply: answer, delivery: {} };
}

export function notFound(): Reply {
  return {
    ...jsonReply(404, { error: 'invalid_request', error_description: 'not found' }),
    note: 'no such route',
  };
}

function methodNotAllowed(methods: readonly string[]): Reply {
  return { ...emptyReply(405, { Allow: methods.join(', ') }), note: 'method not allowed' };
}
