import { atom } from 'jotai';
import type { AccountProvider, AccountUser, LoginResult } from '@partner-desk/contract';
import * as auth from '../services/auth';
import { asClientError, onUnauthenticated, type ClientError } from '../services/cloud';
import { readStored, removeStored, writeStored } from '../services/storage';
import type { Store } from './store';

/** Who is signed in: what auth.login / auth.wxLogin answered, kept on the device between launches. */
export interface Session {
  user: AccountUser;
  provider: AccountProvider;
  /** ISO time; sessions slide while used, so this is a hint, not a deadline the app enforces. */
  expiresAt: string;
}

/**
 * unknown: nothing checked yet this launch; checking: auth.wxLogin under way; signed-in / signed-out: its
 * answer (signed-in also when the cloud could not be reached but a session was kept from before: the pages
 * then show their errors with 重试 rather than a login form the user does not need).
 */
export type AuthStatus = 'unknown' | 'checking' | 'signed-in' | 'signed-out';

export const sessionAtom = atom<Session | null>(null);
export const authStatusAtom = atom<AuthStatus>('unknown');
/** Why the launch check could not sign in (network, disabled account), for the login page; null otherwise. */
export const launchErrorAtom = atom<ClientError | null>(null);

export const SESSION_STORAGE_KEY = 'pd.session';

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<Session>;
  return typeof v.expiresAt === 'string' && typeof v.user?.id === 'string' && typeof v.user?.name === 'string' && typeof v.provider?.id === 'string' && typeof v.provider?.name === 'string';
}

/** The session kept from an earlier launch, put into the store (nothing checked yet). */
export function restoreSession(store: Store): Session | null {
  const stored = readStored(SESSION_STORAGE_KEY, isSession);
  if (stored) store.set(sessionAtom, stored);
  return stored;
}

/** Keeps what a sign-in answered (login, wxLogin, register) as the session. */
export function applySignIn(store: Store, result: LoginResult): Session {
  const session: Session = { user: result.user, provider: result.provider, expiresAt: result.session.expiresAt };
  writeStored(SESSION_STORAGE_KEY, session);
  store.set(sessionAtom, session);
  store.set(launchErrorAtom, null);
  store.set(authStatusAtom, 'signed-in');
  return session;
}

type SignOutListener = (store: Store) => void;
const signOutListeners = new Set<SignOutListener>();

/** Whoever keeps data of the signed-in user (badges, profile, live updates) forgets it here. */
export function onSignedOut(listener: SignOutListener): () => void {
  signOutListeners.add(listener);
  return () => signOutListeners.delete(listener);
}

/** Forgets the session on this device (after auth.logout, or when the cloud says it is gone). */
export function clearSession(store: Store): void {
  removeStored(SESSION_STORAGE_KEY);
  store.set(sessionAtom, null);
  store.set(authStatusAtom, 'signed-out');
  for (const listener of signOutListeners) listener(store);
}

const resuming = new WeakMap<Store, Promise<AuthStatus>>();

/**
 * The launch check, once per store however many pages ask: auth.wxLogin signs in when this OPENID (weapp)
 * or browser uid (H5) is bound with a live session. Without the cloud, a session kept from before stands.
 */
export function resumeSession(store: Store): Promise<AuthStatus> {
  const running = resuming.get(store);
  if (running) return running;
  const check = (async (): Promise<AuthStatus> => {
    const kept = store.get(sessionAtom) ?? restoreSession(store);
    store.set(authStatusAtom, 'checking');
    try {
      const answer = await auth.wxLogin();
      if (answer.bound) {
        applySignIn(store, answer);
        return 'signed-in';
      }
      clearSession(store);
      return 'signed-out';
    } catch (err) {
      const error = asClientError(err);
      if (error.kind === 'network' && kept) {
        store.set(authStatusAtom, 'signed-in');
        return 'signed-in';
      }
      store.set(launchErrorAtom, error);
      clearSession(store);
      return 'signed-out';
    }
  })();
  resuming.set(store, check);
  return check;
}

/** Stops what runs for the signed-in user; answers how to start it again should the sign-out fail. */
type SigningOutListener = (store: Store) => Promise<(() => void) | void> | (() => void) | void;
const signingOutListeners = new Set<SigningOutListener>();

/**
 * Whoever keeps the cloud busy for the signed-in user (live updates) stops here, before auth.logout: the
 * logout removes the signal document, and a watch still open would refetch everything only to be refused.
 */
export function onSigningOut(listener: SigningOutListener): () => void {
  signingOutListeners.add(listener);
  return () => signingOutListeners.delete(listener);
}

/** Signs out: auth.logout unbinds this identity first, so the next launch does not sign in again by itself. */
export async function signOut(store: Store): Promise<void> {
  const restarts = await Promise.all([...signingOutListeners].map((listener) => listener(store)));
  try {
    await auth.logout();
  } catch (err) {
    // Still signed in (the binding stands): what was stopped runs again.
    for (const restart of restarts) restart?.();
    throw err;
  }
  clearSession(store);
}

/**
 * The sign-in guard: any call (other than signing in) that finds no valid session forgets the one kept here
 * and hands over to `goToLogin` (the app relaunches 登录), once per expiry however many calls fail together.
 */
export function installSessionGuard(store: Store, goToLogin: (error: ClientError) => void): () => void {
  return onUnauthenticated((error) => {
    if (store.get(authStatusAtom) === 'signed-out') return;
    clearSession(store);
    goToLogin(error);
  });
}
