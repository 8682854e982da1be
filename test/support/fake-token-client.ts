// A TokenClient that counts and records every call and answers from a script, taking simulated
// time on a FakeClock. Also what a session test needs around it: a profile builder, a counting
// credential loader, the TokenErrors a server or network produces, and a manager wired to them.
import type { Clock } from '../../src/main/core/clock';
import { TokenError } from '../../src/main/core/errors';
import { createLogger } from '../../src/main/core/logger';
import { parseProfile, type Generation, type Profile } from '../../src/main/core/profile';
import { createSessionManager } from '../../src/main/core/session-manager';
import type { SessionEvent, SessionManager } from '../../src/main/core/session-types';
import type {
  AcquireOptions,
  CredentialLoader,
  ResolvedCredentials,
  SignOutOutcome,
  TokenClient,
} from '../../src/main/core/token-client-api';
import type { TokenSet } from '../../src/main/core/token-set';

import { FakeClock, seededRandom } from './fake-clock';

export interface IssueOptions {
  lifetimeMs?: number;
  /** `true` for a generated refresh token. */
  refreshToken?: string | true;
  idToken?: string;
  generation?: Generation;
}

export type Outcome = { token: IssueOptions } | { error: TokenError };

export interface AcquireCall {
  profileId: string;
  atMs: number;
  refreshToken?: string;
  generationHint?: Generation;
  signal?: AbortSignal;
  settledAtMs?: number;
}

/** Holds one call until the test opens it. */
export class Gate {
  readonly opened: Promise<void>;
  open: () => void = () => undefined;

  constructor() {
    this.opened = new Promise((resolve) => {
      this.open = resolve;
    });
  }
}

export class FakeTokenClient implements TokenClient {
  readonly calls: AcquireCall[] = [];
  readonly signOutCalls: Array<{ profileId: string; accessToken: string }> = [];
  /** Simulated time each call takes. */
  latencyMs = 0;
  /** Reject with `cancelled` when the signal aborts, as the real client does. */
  honourAbort = true;
  signOutResult: SignOutOutcome | TokenError = 'ended';
  inFlight = 0;
  maxInFlight = 0;
  readonly #clock: Clock;
  readonly #script: Outcome[] = [];
  readonly #gates: Gate[] = [];
  #otherwise: (call: AcquireCall) => Outcome = () => ({ token: {} });
  #issued = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get count(): number {
    return this.calls.length;
  }

  /** Answers for the next calls, one each, in order. */
  script(...outcomes: Outcome[]): this {
    this.#script.push(...outcomes);
    return this;
  }

  /** The answer once the script has run out. */
  otherwise(outcome: Outcome | ((call: AcquireCall) => Outcome)): this {
    this.#otherwise = typeof outcome === 'function' ? outcome : () => outcome;
    return this;
  }

  /** The next call waits until the returned gate is opened. */
  hold(): Gate {
    const gate = new Gate();
    this.#gates.push(gate);
    return gate;
  }

  async acquire(
    profile: Profile,
    _credentials: ResolvedCredentials,
    options: AcquireOptions = {},
  ): Promise<TokenSet> {
    const call: AcquireCall = {
      profileId: profile.id,
      atMs: this.#clock.now(),
      refreshToken: options.refreshToken,
      generationHint: options.generationHint,
      signal: options.signal,
    };
    this.calls.push(call);
    const outcome = this.#script.shift() ?? this.#otherwise(call);
    const gate = this.#gates.shift();
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.#wait(gate, options.signal);
      if ('error' in outcome) {
        throw outcome.error;
      }
      return this.issue(profile.id, call.atMs, outcome.token);
    } finally {
      this.inFlight -= 1;
      call.settledAtMs = this.#clock.now();
    }
  }

  async signOut(
    profile: Profile,
    _credentials: ResolvedCredentials,
    token: TokenSet,
  ): Promise<SignOutOutcome> {
    this.signOutCalls.push({ profileId: profile.id, accessToken: token.accessToken });
    if (this.signOutResult instanceof TokenError) {
      throw this.signOutResult;
    }
    return this.signOutResult;
  }

  issue(profileId: string, obtainedAtMs: number, options: IssueOptions = {}): TokenSet {
    this.#issued += 1;
    const lifetimeMs = options.lifetimeMs ?? 3_600_000;
    const refreshToken =
      options.refreshToken === true ? `refresh-${profileId}-${this.#issued}` : options.refreshToken;
    return {
      accessToken: `access-${profileId}-${this.#issued}`,
      tokenType: 'bearer',
      idToken: options.idToken,
      refreshToken,
      generation: options.generation ?? 'santedb3',
      obtainedAtMs,
      expiresAtMs: obtainedAtMs + lifetimeMs,
      expiresInSeconds: Math.round(lifetimeMs / 1000),
      expiresInWasMilliseconds: false,
      warnings: [],
    };
  }

  async #wait(gate: Gate | undefined, signal: AbortSignal | undefined): Promise<void> {
    const waits: Array<Promise<void>> = [];
    if (this.latencyMs > 0) {
      waits.push(new Promise((resolve) => this.#clock.setTimeout(resolve, this.latencyMs)));
    }
    if (gate) {
      waits.push(gate.opened);
    }
    const done = Promise.all(waits).then(() => undefined);
    if (!signal || !this.honourAbort) {
      return done;
    }
    const aborted = new Promise<void>((_resolve, reject) => {
      const fail = (): void =>
        reject(new TokenError('cancelled', 'The token request was cancelled'));
      if (signal.aborted) {
        fail();
      }
      signal.addEventListener('abort', fail, { once: true });
    });
    return Promise.race([done, aborted]);
  }
}

/** A profile as the manager sees it, defaults filled in by the real parser. */
export function testProfile(
  overrides: Partial<Omit<Profile, 'renewal'>> & { renewal?: Partial<Profile['renewal']> } = {},
): Profile {
  const { renewal, ...rest } = overrides;
  const parsed = parseProfile({
    id: 'prod',
    name: 'prod',
    protocol: 'santedb3',
    serverRoot: 'https://sdb.example.org:8443',
    clientId: 'org.example.desktop',
    nodeAuth: { kind: 'device', deviceId: 'DESKTOP-NODE-01' },
    ...rest,
    renewal: {
      auto: true,
      beforeExpirySeconds: 120,
      lifetimeFraction: 0.8,
      warnBeforeSeconds: 300,
      ...renewal,
    },
  });
  if (!parsed.ok) {
    throw new Error(
      `test profile is invalid: ${parsed.issues.map((issue) => issue.field).join(', ')}`,
    );
  }
  return parsed.profile;
}

/** A credential loader that counts how often it is asked. */
export function countingLoader(): CredentialLoader & { calls: number } {
  const loader = Object.assign(
    async (): Promise<ResolvedCredentials> => {
      loader.calls += 1;
      return { deviceSecret: 'device-secret-for-tests', tls: {} };
    },
    { calls: 0 },
  );
  return loader;
}

export const failures = {
  network: (): TokenError =>
    new TokenError('network', 'The server could not be reached', { detail: 'ECONNREFUSED' }),
  rateLimited: (retryAfterMs: number): TokenError =>
    new TokenError('rate_limited', 'The server asked us to slow down', {
      status: 429,
      retryAfterMs,
    }),
  refused: (oauthError: string, status = 400): TokenError =>
    new TokenError('server_refused', 'The server refused the credentials', { status, oauthError }),
};

export interface SessionHarness {
  clock: FakeClock;
  client: FakeTokenClient;
  loadCredentials: CredentialLoader & { calls: number };
  profiles: Map<string, Profile>;
  manager: SessionManager;
  events: SessionEvent[];
  /** Every log line, as the sink received it. */
  logLines: string[];
  /** The event types so far, optionally for one profile. */
  eventTypes(profileId?: string): string[];
}

export interface HarnessOptions {
  profiles?: Profile[];
  clock?: FakeClock;
  random?: () => number;
  maxConcurrentRenewals?: number;
  isOnline?: () => boolean;
}

/** A session manager over the fakes, its events and log lines recorded. */
export function sessionHarness(options: HarnessOptions = {}): SessionHarness {
  const clock = options.clock ?? new FakeClock();
  const client = new FakeTokenClient(clock);
  const loadCredentials = countingLoader();
  const profiles = new Map((options.profiles ?? [testProfile()]).map((p) => [p.id, p]));
  const logLines: string[] = [];
  const manager = createSessionManager({
    getProfile: (profileId) => profiles.get(profileId),
    loadCredentials,
    client,
    clock,
    logger: createLogger((level, line) => logLines.push(`${level}: ${line}`)),
    random: options.random ?? seededRandom(7),
    maxConcurrentRenewals: options.maxConcurrentRenewals,
    isOnline: options.isOnline,
  });
  const events: SessionEvent[] = [];
  manager.on((event) => events.push(event));
  const eventTypes = (profileId?: string): string[] =>
    events
      .filter((event) => !profileId || event.profileId === profileId)
      .map((event) => event.type);
  return { clock, client, loadCredentials, profiles, manager, events, logLines, eventTypes };
}
