// The application layer behind every IPC channel, free of Electron so it runs in plain Node:
// the Electron adapter registers these handlers, the tray calls them, and the renderer tests
// back their preload with them. Each handler checks its raw arguments, runs, and answers with
// an IpcResult; nothing it returns carries a token, a secret or a raw error.
import type { IpcChannel, IpcContract, IpcResult } from '../../shared/ipc-contract';
import type { SessionEvent } from '../core/session-types';

import type { AppContext, AppServiceDeps } from './app-context';
import { appStateOf } from './app-context';
import { chooseFile } from './file-dialog';
import { createIdTokenStates } from './id-token-states';
import { parseArguments } from './ipc-arguments';
import { toFailure } from './ipc-result';
import {
  deleteProfile,
  duplicateProfile,
  saveDraft,
  setActiveProfile,
  validateDraft,
} from './profile-handlers';
import { exportProfiles, importProfiles } from './profile-transfer';
import { copyToken, getSession, renewSession, signOutSession } from './session-handlers';
import { getSettings, updateSettings } from './settings-handlers';
import { createStateEmitter } from './state-emitter';
import { testConnection } from './test-connection';

export type { AppServiceDeps } from './app-context';

/** One handler per channel, taking the untrusted arguments as they arrived. */
export type AppHandlers = {
  [Channel in IpcChannel]: (
    ...args: unknown[]
  ) => Promise<IpcResult<IpcContract[Channel]['result']>>;
};

export interface AppService extends AppHandlers {
  /** Stop listening to the session manager and drop any pending state update. */
  dispose(): void;
}

type Implementations = {
  [Channel in IpcChannel]: (
    context: AppContext,
    ...args: IpcContract[Channel]['args']
  ) => Promise<IpcContract[Channel]['result']> | IpcContract[Channel]['result'];
};

const implementations: Implementations = {
  'app:get-state': (context) => appStateOf(context),
  'session:get': getSession,
  'session:copy': copyToken,
  'session:renew': renewSession,
  'session:sign-out': signOutSession,
  'profiles:validate': validateDraft,
  'profiles:save': saveDraft,
  'profiles:delete': deleteProfile,
  'profiles:duplicate': duplicateProfile,
  'profiles:set-active': setActiveProfile,
  'profiles:test': testConnection,
  'profiles:export': exportProfiles,
  'profiles:import': importProfiles,
  'dialog:choose-file': chooseFile,
  'settings:get': getSettings,
  'settings:update': updateSettings,
};

export function createAppService(deps: AppServiceDeps): AppService {
  const idTokens = createIdTokenStates(
    deps.verifyIdToken,
    deps.loadCredentials(deps.vault),
    deps.logger,
  );
  // The emitter and the context refer to each other; `changed` only runs once both exist.
  const context: AppContext = { ...deps, idTokens, changed: () => emitter.changed() };
  const emitter = createStateEmitter(() => appStateOf(context), deps.onStateChanged, deps.logger);
  const unsubscribe = deps.sessions.on((event) => onSessionEvent(context, event));

  const channels = Object.keys(implementations) as IpcChannel[];
  const handlers = Object.fromEntries(
    channels.map((channel) => [channel, handlerFor(context, channel)]),
  ) as AppHandlers;

  return {
    ...handlers,
    dispose() {
      unsubscribe();
      emitter.dispose();
    },
  };
}

function handlerFor<Channel extends IpcChannel>(context: AppContext, channel: Channel) {
  const run = implementations[channel] as (
    context: AppContext,
    ...args: IpcContract[Channel]['args']
  ) => Promise<IpcContract[Channel]['result']> | IpcContract[Channel]['result'];

  return async (...args: unknown[]): Promise<IpcResult<IpcContract[Channel]['result']>> => {
    try {
      const value = await run(context, ...parseArguments(channel, args));
      return { ok: true, value };
    } catch (error) {
      return toFailure(error, context.logger, channel);
    }
  };
}

function onSessionEvent(context: AppContext, event: SessionEvent): void {
  if ((event.type === 'acquired' || event.type === 'renewed') && context.idTokens.enabled) {
    const profile = context.repository.get(event.profileId);
    const token = context.sessions.peekToken(event.profileId, 0);
    if (profile && token) {
      void context.idTokens.check(profile, token).then((verified) => verified && context.changed());
    }
  }
  if (event.type === 'signed_out') {
    context.idTokens.forget(event.profileId);
  }
  context.changed();
}
