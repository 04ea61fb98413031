// My invitations (/invitations): the organisations that invited me and wait for my answer.
// Accepting makes me their member (the session's memberships are read again, so the
// organisation menu offers it); declining drops the invitation. The notification of an
// invitation links here; the e-mailed link of someone who has an account leads here after
// signing in.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { enumLabel, formatDate, t } from '../../i18n';
import { refreshSession, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { errorText, type Say } from './forms';
import { ta } from './strings';

/** An invitation as GET /invitations answers it. */
interface Invitation {
  org_id: number;
  org_name: string;
  role: string;
  since: string;
}

export function InvitationsPage() {
  const session = useStore(sessionStore);
  const u = session.user;
  const [items, setItems] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Say | null>(null);
  const [busy, setBusy] = useState(false);
  const title = ta('invitations.title');
  useTitle(title);

  const load = async () => {
    try {
      const a = await request<{ items: Invitation[] }>('GET', 'invitations');
      setItems(a.data.items);
      setError(null);
    } catch (e) {
      setItems(null);
      setError(e);
    }
  };
  useEffect(() => {
    if (u) void load();
  }, [u?.id]);

  if (!u) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        <p>
          {t('account.none')} <a href="/login?next=/invitations">{t('account.login')}</a>
        </p>
      </section>
    );
  }

  const answer = async (inv: Invitation, accept: boolean) => {
    if (busy) return;
    setBusy(true);
    try {
      if (accept) await request('POST', `invitations/${inv.org_id}/accept`);
      else await request('DELETE', `invitations/${inv.org_id}`);
      if (accept) await refreshSession();
      await load();
      const say: Say = () =>
        ta(accept ? 'invitations.accepted' : 'invitations.declined', { org: inv.org_name });
      setNotice(() => say);
      setError(null);
      announce(say());
    } catch (e) {
      setNotice(null);
      setError(e);
      announce(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="page-title" class="members">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p class="lead">{ta('invitations.lead')}</p>
      {notice ? <Banner kind="success">{notice()}</Banner> : null}
      {error ? <Banner kind="error">{errorText(error)}</Banner> : null}
      {items === null && !error ? <Loading /> : null}
      {items && !items.length ? <p class="empty">{ta('invitations.none')}</p> : null}
      {items && items.length ? (
        <div
          class="table-wrap"
          role="region"
          aria-label={t('list.table', { label: title })}
          tabIndex={0}
        >
          <table>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{ta('invitations.org')}</th>
                <th scope="col">{t('account.role')}</th>
                <th scope="col">{ta('invitations.since')}</th>
                <th scope="col">{ta('members.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((inv) => (
                <tr key={inv.org_id}>
                  <th scope="row">{inv.org_name}</th>
                  <td>{enumLabel('users', 'role', inv.role)}</td>
                  <td>
                    <time dateTime={inv.since}>{formatDate(inv.since)}</time>
                  </td>
                  <td>
                    <span class="inline-form">
                      <button
                        type="button"
                        class="small primary"
                        disabled={busy}
                        onClick={() => void answer(inv, true)}
                      >
                        {ta('invitations.accept')}
                        <span class="visually-hidden">: {inv.org_name}</span>
                      </button>
                      <button
                        type="button"
                        class="small"
                        disabled={busy}
                        onClick={() => void answer(inv, false)}
                      >
                        {ta('invitations.decline')}
                        <span class="visually-hidden">: {inv.org_name}</span>
                      </button>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
