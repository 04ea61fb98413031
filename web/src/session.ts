// Who is logged in. The CSRF token lives in memory only (api/client.ts); after a reload it comes
// back from GET /api/v1/session. `checked` is false until that first answer arrives.
import { ApiError, request, setCsrf, type SessionAnswer, type SessionUser } from './api/client';
import { createStore } from './store';

export interface SessionState {
  checked: boolean;
  user: SessionUser | null;
}

export const sessionStore = createStore<SessionState>({ checked: false, user: null });

function accept(a: SessionAnswer | null): void {
  setCsrf(a?.csrf_token ?? null);
  sessionStore.set({ checked: true, user: a?.user ?? null });
}

export async function refreshSession(): Promise<void> {
  try {
    const a = await request<SessionAnswer>('GET', 'session');
    accept(a.data);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) accept(null);
    else sessionStore.set({ checked: true, user: sessionStore.get().user });
  }
}

/** Log in; rejects with ApiError when the server refuses. */
export async function login(email: string, password: string): Promise<SessionUser> {
  const a = await request<SessionAnswer>('POST', 'session', { body: { email, password } });
  accept(a.data);
  return a.data.user;
}

export async function logout(): Promise<void> {
  try {
    await request<null>('DELETE', 'session');
  } finally {
    accept(null);
  }
}

export function isOperator(u: SessionUser | null): boolean {
  return !!u && (u.role === 'operator-admin' || u.role === 'operator-staff');
}

/**
 * Writes are for operators for now (the server answers 403 to everyone else), except in
 * collections whose rows belong to their user (x-user-writes), such as API tokens.
 */
export function canWrite(c?: { userWrites: boolean }): boolean {
  const user = sessionStore.get().user;
  return isOperator(user) || (!!user && !!c?.userWrites);
}
