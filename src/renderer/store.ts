// The window's state: the last AppState main sent, and which view and profile the user looks
// at. Views subscribe and redraw; nothing else keeps a copy.
import type { AppState, ProfileView, SessionView } from '../shared/ipc-contract';

export type ViewName = 'session' | 'profiles' | 'settings';

export interface WindowState {
  app: AppState;
  view: ViewName;
  /** The profile the session view shows; the active one unless the user switched. */
  shownProfileId?: string;
}

export interface Store {
  get(): WindowState;
  update(change: Partial<WindowState>): void;
  subscribe(listener: (state: WindowState) => void): () => void;
}

export function createStore(initial: WindowState): Store {
  let state = initial;
  const listeners = new Set<(state: WindowState) => void>();

  return {
    get: () => state,
    update(change) {
      state = { ...state, ...change };
      for (const listener of listeners) {
        listener(state);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const unknownBackend = { name: 'unknown', secure: true, acceptedInsecure: false };

/** Until main answers: the defaults, and nothing the platform may not support switched on. */
export const emptyAppState: AppState = {
  profiles: [],
  sessions: [],
  secretBackend: unknownBackend,
  settings: {
    clipboardClearSeconds: 60,
    leftClickAction: 'copy-token',
    notifyOnCopy: false,
    startAtLogin: false,
    acceptInsecureSecretStorage: false,
    startAtLoginSupported: false,
    leftClickSupported: false,
    secretBackend: unknownBackend,
  },
};

/** The profile the session view should show: the chosen one if it still exists, else the active. */
export function shownProfile(state: WindowState): ProfileView | undefined {
  const { profiles, activeProfileId } = state.app;
  return (
    profiles.find((profile) => profile.id === state.shownProfileId) ??
    profiles.find((profile) => profile.id === activeProfileId) ??
    profiles[0]
  );
}

export function sessionOf(state: WindowState, profileId: string): SessionView | undefined {
  return state.app.sessions.find((session) => session.profileId === profileId);
}

/** Put a fresher session (from a renew or sign-out answer) into the state. */
export function withSession(app: AppState, session: SessionView): AppState {
  const others = app.sessions.filter((existing) => existing.profileId !== session.profileId);
  return { ...app, sessions: [...others, session] };
}
