// Who is logged in. The CSRF token lives in memory only (api/client.ts); after a reload it comes
// back from GET /api/v1/session. `checked` is false until that first answer arrives.
import {
  ApiError,
  forgetAllows,
  request,
  setCsrf,
  type SessionAnswer,
  type SessionUser,
} from './api/client';
import { hasStoredLang, lang, setLang, type Lang } from './i18n';
import { createStore } from './store';

export interface SessionState {
  checked: boolean;
  user: SessionUser | null;
  /** an operator-admin who must set up the second factor before anything else works */
  mustEnrolTotp?: boolean;
  /** when an operator-admin without a second factor will have to set it up first */
  totpDue?: string;
}

export const sessionStore = createStore<SessionState>({ checked: false, user: null });

/** Take a session answer (login, password change, GET /session); null: logged out. */
export function acceptSession(a: SessionAnswer | null): void {
  setCsrf(a?.csrf_token ?? null);
  const before = sessionStore.get().user;
  if (before?.id !== a?.user?.id || before?.org_id !== a?.user?.org_id) forgetAllows();
  sessionStore.set({
    checked: true,
    user: a?.user ?? null,
    mustEnrolTotp: !!a?.must_enrol_totp,
    totpDue: a?.totp_due,
  });
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
    setUser(a.data.user);
  } catch {
    /* the choice still holds in this browser */
  }
}

export async function refreshSession(): Promise<void> {
  try {
    const a = await request<SessionAnswer>('GET', 'session');
    acceptSession(a.data);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) acceptSession(null);
    else sessionStore.set({ ...sessionStore.get(), checked: true });
  }
}

/** Ask again who is logged in (the unread count changes); the store changes only when the
 * answer does, so that nothing is drawn again for nothing. */
export async function pollSession(): Promise<void> {
  try {
    const a = await request<SessionAnswer>('GET', 'session');
    const cur = sessionStore.get();
    const same =
      JSON.stringify(cur.user) === JSON.stringify(a.data.user) &&
      !!cur.mustEnrolTotp === !!a.data.must_enrol_totp &&
      cur.totpDue === a.data.totp_due;
    if (!same) acceptSession(a.data);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && sessionStore.get().user) acceptSession(null);
  }
}

/** Keep the signed-in user's changed fields (unread count, second factor, organisation). */
export function setUser(user: SessionUser): void {
  sessionStore.set({ ...sessionStore.get(), checked: true, user });
}

/**
 * Log in; rejects with ApiError when the server refuses (401 naming the field "otp" when the
 * account has a second factor and the code is missing or wrong; 429 with retryAfter).
 */
export async function login(email: string, password: string, otp?: string): Promise<SessionUser> {
  const body: Record<string, string> = { email, password };
  if (otp) body.otp = otp;
  const a = await request<SessionAnswer>('POST', 'session', { body });
  acceptSession(a.data);
  // the answer of a login does not say whether the second factor is overdue: ask
  if (a.data.user.totp_required && !a.data.user.totp_enabled) await refreshSession();
  return a.data.user;
}

export async function logout(): Promise<void> {
  try {
    await request<null>('DELETE', 'session');
  } finally {
    acceptSession(null);
  }
}

/** Work in another of the user's organisations. */
export async function switchOrg(orgId: number): Promise<void> {
  const a = await request<{ user: SessionUser }>('PATCH', 'session', { body: { org_id: orgId } });
  forgetAllows();
  setUser(a.data.user);
}

export function isOperator(u: SessionUser | null): boolean {
  return !!u && (u.role === 'operator-admin' || u.role === 'operator-staff');
}

/** Whether a collection is offered to u in the navigation: one only operators read
 * (x-bpmc-access read "operator") is not offered to anyone else, who would get a 403; one only
 * signed-in callers read is not offered to a visitor, who would get a 401. */
export function offered(
  c: { operatorRead: boolean; signedInRead?: boolean },
  u: SessionUser | null,
): boolean {
  if (c.operatorRead) return isOperator(u);
  return !c.signedInRead || !!u;
}

/**
 * Who may write (the server decides; this only hides buttons that would get a 403): operators
 * everywhere; any user in collections whose rows are their own (x-user-writes, API tokens);
 * members of an organisation, not trainees, for its rows (x-org-writes), in the roles the
 * collection names (write_roles) — given a row, only when the row is their organisation's, or
 * names it as the other party (partyField).
 */
export function canWrite(
  c?: {
    userWrites: boolean;
    orgWrites: boolean;
    ownerField?: string;
    partyField?: string;
    writeRoles?: string[];
  },
  row?: Record<string, unknown>,
): boolean {
  const user = sessionStore.get().user;
  // the roles the server lets write at all (an organisation's official record: its admins)
  if (user && c?.writeRoles && !c.writeRoles.includes(user.role)) return false;
  if (isOperator(user)) return true;
  if (!user || !c) return false;
  if (c.userWrites) return true;
  if (!c.orgWrites || !user.org_id || user.role === 'trainee' || !c.ownerField) return false;
  if (c.ownerField === 'id' && !row) return false; // operators register organisations
  return (
    !row ||
    row[c.ownerField] === user.org_id ||
    (!!c.partyField && row[c.partyField] === user.org_id)
  );
}
