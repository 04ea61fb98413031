// The one HTTP client of the application: every call to /api/v1 goes through request(). It adds
// Accept-Language from the chosen language, the CSRF token on writes (kept in memory only),
// If-Match when asked, and turns problem+json answers into ApiError with per-field messages.
import { lang, t } from '../i18n';
import type { Filled, RowOf } from './types';

export const API = '/api/v1';

export interface FieldError {
  field: string;
  message: string;
  message_ko?: string;
  message_en?: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  detail_ko?: string;
  detail_en?: string;
  errors?: FieldError[];
  /** seconds, from Retry-After (429) */
  retryAfter?: number;
}

export type Row = Record<string, unknown> & { id: number; version?: number };

export interface ListAnswer<T = Row> {
  items: T[];
  next_cursor: string | null;
  total: number;
  /** what the caller may do with the collection (the Allow header: GET, POST) */
  allow?: Allow;
}

/** The verbs of an Allow header (the server's rules: engine resource_allows). */
export type Allow = ReadonlySet<string>;

export function parseAllow(h: string | null): Allow | null {
  if (h === null) return null;
  return new Set(
    h
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  );
}

/** The signed-in user: a row of users (the types come from its schema) and the session's own. */
export interface SessionUser {
  id: number;
  email: Filled<'users', 'email'>;
  name: Filled<'users', 'name'>;
  role: Filled<'users', 'role'>;
  org_id: RowOf<'users'>['org_id'];
  /** the language the user chose (kept on the server) */
  lang?: Filled<'users', 'lang'>;
  totp_enabled?: RowOf<'users'>['totp_enabled'];
  /** operator-admins must use a second factor and cannot turn it off */
  totp_required?: boolean;
  /** unread notifications */
  unread?: number;
  /** the organisations the user belongs to; org_id is the one worked in */
  memberships?: Membership[];
}

export interface Membership {
  org_id: number;
  org_name: string;
  role: Filled<'users', 'role'>;
}

export interface SessionAnswer {
  csrf_token: string;
  user: SessionUser;
  /** an operator-admin past the grace days without a second factor: every other call is 403 */
  must_enrol_totp?: boolean;
  /** an operator-admin without a second factor, before the grace days end: when they end */
  totp_due?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.status = problem.status;
    this.problem = problem;
  }

  /** The message to show, in the current language. */
  text(): string {
    const p = this.problem;
    if (this.status === 0) return t(navigator.onLine ? 'error.network' : 'error.offline');
    const byLang = lang() === 'en' ? p.detail_en : p.detail_ko;
    if (byLang) return byLang;
    if (p.detail) return p.detail;
    if (this.status === 401) return t('error.unauthorized');
    if (this.status === 403) return t('error.forbidden');
    if (this.status === 404) return t('error.notFound');
    return t('error.generic', { status: this.status });
  }

  /** field → message in the current language, for errors that name a field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      if (!e.field) continue;
      const m = (lang() === 'en' ? e.message_en : e.message_ko) || e.message;
      out[e.field] = out[e.field] ? `${out[e.field]}; ${m}` : m;
    }
    return out;
  }
}

let csrfToken: string | null = null;

export function setCsrf(token: string | null): void {
  csrfToken = token;
}

export type Query = Record<string, string | number | undefined | null>;

/** "?a=1&b=2" from the non-empty entries of q (empty when none). */
export function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface Answer<T> {
  data: T;
  status: number;
  etag: string | null;
  location: string | null;
  /** what the caller may do with what it read (GET of a row or a list) */
  allow: Allow | null;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  ifMatch?: string | null;
  signal?: AbortSignal;
  /** a body sent as it is (an uploaded file) with its Content-Type, instead of JSON */
  raw?: { body: Blob | ArrayBuffer; type: string };
  /** a file is expected: a successful answer's body comes back as a Blob */
  blob?: boolean;
}

/** Call the API; resolves with the decoded body, rejects with ApiError (status 0: network). */
export async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  opts: RequestOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': lang() === 'en' ? 'en' : 'ko',
  };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let body: BodyInit | undefined;
  if (opts.raw) {
    headers['Content-Type'] = opts.raw.type;
    body = opts.raw.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const url = (path.startsWith('/') ? path : `${API}/${path}`) + queryString(opts.query);
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0, title: 'network' });
  }
  const type = res.headers.get('content-type') ?? '';
  let data: unknown = null;
  if (res.status !== 204 && res.status !== 304) {
    if (opts.blob && res.ok) {
      data = await res.blob();
    } else if (type.includes('json')) {
      try {
        data = await res.json();
      } catch {
        data = null;
      }
    } else {
      await res.text();
    }
  }
  if (!res.ok) {
    const p = (data && typeof data === 'object' ? data : {}) as Problem;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError({ ...p, status: res.status, retryAfter: retry > 0 ? retry : undefined });
  }
  return {
    data: data as T,
    status: res.status,
    etag: res.headers.get('etag'),
    location: res.headers.get('location'),
    allow: parseAllow(res.headers.get('allow')),
  };
}

export const api = {
  list<T = Row>(collection: string, query?: Query, signal?: AbortSignal) {
    return request<ListAnswer<T>>('GET', collection, { query, signal }).then((a) => {
      if (a.allow) {
        a.data.allow = a.allow;
        rememberAllow(collection, a.allow);
      }
      return a.data;
    });
  },
  get<T = Row>(collection: string, id: number | string, query?: Query) {
    return request<T>('GET', `${collection}/${id}`, { query });
  },
  create<T = Row>(collection: string, body: unknown) {
    return request<T>('POST', collection, { body });
  },
  patch<T = Row>(collection: string, id: number | string, body: unknown, etag: string | null) {
    return request<T>('PATCH', `${collection}/${id}`, { body, ifMatch: etag });
  },
  remove(collection: string, id: number | string) {
    return request<null>('DELETE', `${collection}/${id}`);
  },
};

const listAllow = new Map<string, Allow>();

function rememberAllow(collection: string, allow: Allow): void {
  listAllow.set(collection, allow);
}

/** What the caller may do with a collection (GET, POST), as its last list answer said; asked
 * of the server (one row) when no list was read yet. Forgotten when the session changes. */
export async function collectionAllow(collection: string): Promise<Allow> {
  const known = listAllow.get(collection);
  if (known) return known;
  const a = await request<ListAnswer>('GET', collection, { query: { limit: 1 } });
  const allow = a.allow ?? new Set(['GET']);
  rememberAllow(collection, allow);
  return allow;
}

export function forgetAllows(): void {
  listAllow.clear();
}

/** The URL of an export of a list (same filters as the list shows), labelled in the language
 * of the moment (the browser's Accept-Language may differ from the app's). */
export function exportUrl(collection: string, query: Query, format: 'csv' | 'xlsx'): string {
  const q: Query = { ...query, format, lang: lang(), cursor: undefined, limit: undefined };
  return `${API}/${collection}${queryString(q)}`;
}
