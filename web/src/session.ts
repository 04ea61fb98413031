// Who is logged in. The CSRF token lives in memory only (api/client.ts); after a reload it comes
// back from GET /api/v1/session. `checked` is false until that first answer arrives.
import { ApiError, request, setCsrf, type SessionAnswer, type SessionUser } from './api/client';
import { hasStoredLang, lang, setLang, type Lang } from './i18n';
import { createStore } from './store';

export interface SessionState {
  checked: boolean;
  user: SessionUser | null;
}

export const sessionStore = createStore<SessionState>({ checked: false, user: null });

function accept(a: SessionAnswer | null): void {
  setCsrf(a?.csrf_token ?? null);
  sessionStore.set({ checked: true, user: a?.user ?? null });
  // The language a user chose follows them to a new browser; a choice made in this browser
  // (perhaps while the server did not hear of it yet) wins and is sent along.
  const chosen = a?.user?.lang;
  if ((chosen === 'ko' || chosen === 'en') && chosen !== lang()) {
    if (hasStoredLang()) void chooseLang(lang());
    else setLang(chosen);
  }
}

/** Switch the language, and remember it for the signed-in user on the server. */
export async function chooseLang(l: Lang): Promise<void> {
  setLang(l);
  if (!sessionStore.get().user) return;
  try {
    const a = await request<{ user: SessionUser }>('PATCH', 'session', { body: { lang: l } });
    sessionStore.set({ checked: true, user: a.data.user });
  } catch {
    /* the choice still holds in this browser */
  }
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
 * Who may write (the server decides; this only hides buttons that would get a 403): operators
 * everywhere; any user in collections whose rows are their own (x-user-writes, API tokens);
 * members of an organisation, not trainees, for its rows (x-org-writes) — given a row, only
 * when the row is their organisation's.
 */
export function canWrite(
  c?: { userWrites: boolean; orgWrites: boolean; ownerField?: string },
  row?: Record<string, unknown>,
): boolean {
  const user = sessionStore.get().user;
  if (isOperator(user)) return true;
  if (!user || !c) return false;
  if (c.userWrites) return true;
  if (!c.orgWrites || !user.org_id || user.role === 'trainee' || !c.ownerField) return false;
  if (c.ownerField === 'id' && !row) return false; // operators register organisations
  return !row || row[c.ownerField] === user.org_id;
}
