/** Signing in and out; the token never leaves the background. */
import { z } from 'zod';
import { LoginResponse } from '../../api/contract.js';
import type { SessionState } from '../protocol.js';
import { clearCache, openStore, type StoredSession } from '../store/db.js';
import { ApiFailure, callApi, fetchText } from './api.js';

export function publicSession(session: StoredSession | undefined): SessionState {
  if (!session) return { signedIn: false, expired: false };
  return { signedIn: !session.expired, expired: session.expired, serverUrl: session.serverUrl, agent: session.agent, org: session.org };
}

export async function currentSession(): Promise<StoredSession | undefined> {
  return (await openStore()).get('session', 'current');
}

/** The session to call the API with, or a `signed_out` failure the overlay shows as "sign in". */
export async function activeSession(): Promise<StoredSession> {
  const session = await currentSession();
  if (!session) throw new ApiFailure(401, 'signed_out', 'Sign in to Parley in its options to see cases here');
  if (session.expired) throw new ApiFailure(401, 'session_expired', 'Your Parley session ended: sign in again');
  return session;
}

/** The public API, called as the signed-in agent (the options page's settings and account). */
export async function callSignedIn<S extends z.ZodType>(method: string, path: string, schema: S, body?: unknown): Promise<z.infer<S>> {
  const { serverUrl, token } = await activeSession();
  return callApi({ serverUrl, token }, method, path, schema, body);
}

/** A file from the public API (a CSV export), fetched as the signed-in agent. */
export async function fetchSignedIn(path: string): Promise<string> {
  const { serverUrl, token } = await activeSession();
  return fetchText({ serverUrl, token }, path);
}

export async function signIn(serverUrl: string, email: string, password: string): Promise<SessionState> {
  const origin = new URL(serverUrl).origin;
  const login = await callApi({ serverUrl: origin }, 'POST', '/auth/login', LoginResponse, { email, password }).catch((error: unknown) => {
    // A refused sign-in is not an ended session.
    if (error instanceof ApiFailure && error.status === 401) throw new ApiFailure(400, 'wrong_credentials', 'Wrong email or password');
    throw error;
  });
  const store = await openStore();
  const previous = await store.get('session', 'current');
  // Another organisation or agent must not see what the previous one cached.
  if (!previous || previous.org.id !== login.org.id || previous.agent.id !== login.agent.id) await clearCache(store);
  const session: StoredSession = { serverUrl: origin, token: login.token, agent: login.agent, org: login.org, expired: false };
  await store.put('session', session, 'current');
  return publicSession(session);
}

export async function signOut(): Promise<SessionState> {
  const store = await openStore();
  const session = await store.get('session', 'current');
  if (session && !session.expired) {
    // Revoke it on the server too; signing out works offline all the same.
    await callApi({ serverUrl: session.serverUrl, token: session.token }, 'POST', '/auth/logout', z.undefined()).catch(() => undefined);
  }
  await store.delete('session', 'current');
  await clearCache(store);
  return publicSession(undefined);
}

/** The server no longer accepts the token: keep who it was, ask for a new sign-in. */
export async function markExpired(): Promise<SessionState> {
  const store = await openStore();
  const session = await store.get('session', 'current');
  if (!session) return publicSession(undefined);
  const expired = { ...session, token: '', expired: true };
  await store.put('session', expired, 'current');
  return publicSession(expired);
}
