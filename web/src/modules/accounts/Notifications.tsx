// My notifications (the outbox's messages to me that carry no secret), newest first, unread
// ones marked; "mark all read" clears the header's badge. Messages the server writes in both
// languages ("한국어 / English") are shown in the current one.
import { useEffect, useState } from 'preact/hooks';
import { api, request, type Row } from '../../api/client';
import type { RowOf } from '../../api/types';
import { errorText } from './forms';
import { formatDateTime, lang, t } from '../../i18n';
import { refreshSession, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { ta } from './strings';

type Note = Row &
  Pick<RowOf<'notifications'>, 'kind' | 'subject' | 'body' | 'link' | 'read_at' | 'created_at'>;

/** "한국어 / English" → the half in the current language (text without " / " as it is). */
export function bilingual(s: string | null): string {
  if (!s) return '';
  const i = s.indexOf(' / ');
  if (i < 0) return s;
  return lang() === 'en' ? s.slice(i + 3) : s.slice(0, i);
}

export function NotificationsPage() {
  const session = useStore(sessionStore);
  const [items, setItems] = useState<Note[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('notes.title'));
  const u = session.user;

  const load = async (cursor: string | null) => {
    try {
      const a = await api.list<Note>('notifications', { limit: 20, cursor });
      setItems((cur) => (cursor && cur ? [...cur, ...a.items] : a.items));
      setNext(a.next_cursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (u) void load(null);
  }, [u?.id, u?.unread]);

  if (!u) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {t('notes.title')}
        </h1>
        <p>
          {t('account.none')} <a href="/login?next=/notifications">{t('account.login')}</a>
        </p>
      </section>
    );
  }
  const unread = u.unread ?? 0;
  return (
    <section aria-labelledby="page-title" class="notes">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('notes.title')}
        </h1>
        <div class="actions">
          {unread > 0 ? (
            <button
              type="button"
              disabled={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await request('POST', 'notifications/read');
                  await refreshSession();
                  announce(ta('notes.allRead'));
                } catch (e) {
                  setError(e);
                } finally {
                  setBusy(false);
                }
              }}
            >
              {ta('notes.markRead')}
            </button>
          ) : null}
        </div>
      </div>
      <p class="muted">{unread > 0 ? t('notes.unread', { n: unread }) : ta('notes.noneUnread')}</p>
      {error ? <Banner kind="error">{errorText(error)}</Banner> : null}
      {items === null && !error ? <Loading /> : null}
      {items && !items.length ? <p class="empty">{ta('notes.none')}</p> : null}
      {items && items.length ? (
        <ul class="note-list">
          {items.map((n) => (
            <li key={n.id} class={n.read_at ? 'read' : 'unread'}>
              <h2 class="note-subject">
                {n.read_at ? null : <span class="badge status-matched">{ta('notes.new')}</span>}
                {bilingual(n.subject)}
              </h2>
              <p class="note-body">{bilingual(n.body)}</p>
              <p class="meta muted">
                <time dateTime={n.created_at}>{formatDateTime(n.created_at)}</time>
                {n.link && n.link.startsWith('/') ? (
                  <>
                    {' · '}
                    <a href={n.link}>{ta('notes.open')}</a>
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : null}
      {next ? (
        <p>
          <button type="button" onClick={() => void load(next)}>
            {ta('notes.more')}
          </button>
        </p>
      ) : null}
    </section>
  );
}
