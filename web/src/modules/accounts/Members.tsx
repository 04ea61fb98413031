// The members of an organisation (/members: the one I work in; /orgs/:id/members): everyone
// sees the list; its org-admins and operators invite people by e-mail (the invitation waits
// for the person to accept: shown pending, withdrawn here), change roles and remove people. The server keeps at least one
// org-admin (409) and decides who may do what; the page only hides what would be refused.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { useRefTitle } from '../../api/refs';
import type { Filled, RowOf } from '../../api/types';
import { enumLabel, formatDate, t } from '../../i18n';
import { isOperator, refreshSession, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import {
  Card,
  type Delivery,
  deliverySay,
  errorText,
  Field,
  InviteLink,
  PersonInputs,
  RoleSelect,
  type Say,
  useRefusal,
} from './forms';
import { ta } from './strings';

export const MEMBER_ROLES = ['org-admin', 'org-member', 'partner', 'investor', 'trainee'];

/** A member as GET /orgs/{id}/members answers: a user's fields (from its schema) and the
 * membership's. */
interface Member {
  /** the membership; an invitation is orgs/{org}/invitations/{id} */
  id: number;
  /** null while pending: an invitation does not tell whether the e-mail had an account */
  user_id: number | null;
  pending: boolean;
  org_id: number;
  name: Filled<'users', 'name'>;
  email: Filled<'users', 'email'>;
  role: Filled<'users', 'role'>;
  active: RowOf<'users'>['active'];
  invited: boolean;
  since: string;
}

function MemberRow(props: {
  m: Member;
  manage: boolean;
  me: number;
  onChanged: (say: Say) => void;
  onError: (e: unknown) => void;
  base: string;
  invitations: string;
}) {
  const { m, manage } = props;
  const [role, setRole] = useState<string>(m.role);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRole(m.role), [m.role]);
  const who = m.user_id === props.me ? `${m.name} (${ta('members.you')})` : m.name;
  const run = async (fn: () => Promise<Say>) => {
    setBusy(true);
    try {
      props.onChanged(await fn());
    } catch (e) {
      props.onError(e);
      setRole(m.role);
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr class={m.active ? undefined : 'inactive'}>
      <th scope="row">{who}</th>
      <td>{m.email}</td>
      <td>
        {manage && m.active ? (
          <span class="inline-form">
            <RoleSelect
              id={`role-${m.id}`}
              value={role}
              onChange={setRole}
              roles={MEMBER_ROLES}
              label={ta('members.roleOf', { name: m.name })}
            />
            {role !== m.role ? (
              <button
                type="button"
                class="small primary"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    await request('PATCH', `${props.base}/${m.user_id}`, { body: { role } });
                    return () =>
                      ta('members.roleChanged', {
                        name: m.name,
                        role: enumLabel('users', 'role', role),
                      });
                  })
                }
              >
                {ta('members.change')}
                <span class="visually-hidden">: {m.name}</span>
              </button>
            ) : null}
          </span>
        ) : (
          enumLabel('users', 'role', m.role)
        )}
      </td>
      <td>
        {m.pending ? (
          <span class="badge status-paused">{ta('members.invited')}</span>
        ) : !m.active ? (
          <span class="badge status-closed">{ta('members.removed')}</span>
        ) : m.invited ? (
          <span class="badge status-paused">{ta('members.invited')}</span>
        ) : (
          <span class="badge status-active">{ta('members.active')}</span>
        )}
      </td>
      <td>
        <time dateTime={m.since}>{formatDate(m.since)}</time>
      </td>
      {manage ? (
        <td>
          {m.pending ? (
            <button
              type="button"
              class="small"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(ta('members.cancelConfirm', { name: m.name }))) return;
                void run(async () => {
                  await request('DELETE', `${props.invitations}/${m.id}`);
                  return () => ta('members.cancelled', { name: m.name });
                });
              }}
            >
              {ta('members.cancel')}
              <span class="visually-hidden">: {m.name}</span>
            </button>
          ) : m.active ? (
            <button
              type="button"
              class="small danger"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(ta('members.removeConfirm', { name: m.name }))) return;
                void run(async () => {
                  await request('DELETE', `${props.base}/${m.user_id}`);
                  if (m.user_id === props.me) void refreshSession();
                  return () => ta('members.removedDone', { name: m.name });
                });
              }}
            >
              {ta('members.remove')}
              <span class="visually-hidden">: {m.name}</span>
            </button>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

function InviteForm(props: { base: string; onDone: (say: Say, link?: string) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('org-member');
  const refused = useRefusal({ email: 'email', name: 'name', role: 'role' });
  const errors = refused.fields;
  const [busy, setBusy] = useState(false);
  return (
    <Card id="invite" title={ta('members.invite')}>
      <p class="hint">{ta('members.inviteLead')}</p>
      {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
      <form
        noValidate
        class="record-form invite-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          try {
            const a = await request<Member & Delivery>('POST', props.base, {
              body: { email: email.trim(), name: name.trim(), role },
            });
            setEmail('');
            setName('');
            setRole('org-member');
            refused.clear();
            const who = a.data;
            props.onDone(deliverySay(who), who.invite_link);
          } catch (err) {
            refused.set(err, { email: 'inv-email', name: 'inv-name', role: 'inv-role' });
          } finally {
            setBusy(false);
          }
        }}
      >
        <PersonInputs
          prefix="inv"
          email={email}
          onEmail={setEmail}
          name={name}
          onName={setName}
          errors={errors}
        />
        <Field id="inv-role" label={t('account.role')} error={errors.role}>
          <RoleSelect
            id="inv-role"
            value={role}
            onChange={setRole}
            roles={MEMBER_ROLES}
            error={errors.role}
          />
        </Field>
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {ta('members.send')}
          </button>
        </div>
      </form>
    </Card>
  );
}

export function MembersPage(props: { orgId?: number }) {
  const session = useStore(sessionStore);
  const u = session.user;
  const orgId = props.orgId ?? u?.org_id ?? null;
  const mine = u?.memberships?.find((x) => x.org_id === orgId);
  const fetched = useRefTitle(mine ? undefined : 'orgs', orgId);
  const orgName = mine?.org_name ?? fetched ?? (orgId ? `#${orgId}` : '');
  const manage = isOperator(u) || mine?.role === 'org-admin';
  const [all, setAll] = useState(false);
  const [items, setItems] = useState<Member[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Say | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const title = orgName ? ta('members.titleOf', { org: orgName }) : ta('members.title');
  useTitle(title);
  const base = `orgs/${orgId}/members`;

  const load = async () => {
    if (!orgId) return;
    try {
      const a = await request<{ items: Member[] }>('GET', base, { query: { all: all ? 1 : null } });
      setItems(a.data.items);
      setError(null);
    } catch (e) {
      setItems(null);
      setError(e);
    }
  };
  useEffect(() => {
    void load();
  }, [orgId, all, u?.id]);

  if (!u) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {ta('members.title')}
        </h1>
        <p>
          {t('account.none')} <a href="/login?next=/members">{t('account.login')}</a>
        </p>
      </section>
    );
  }
  if (!orgId) {
    return (
      <section aria-labelledby="page-title">
        <h1 id="page-title" tabIndex={-1}>
          {ta('members.title')}
        </h1>
        <p>{ta('members.noOrg')}</p>
      </section>
    );
  }
  // the list is read again first, so that the message and the list agree
  const done = async (say: Say, link?: string) => {
    await load();
    setNotice(() => say);
    setLink(link ?? null);
    announce(say());
  };
  return (
    <section aria-labelledby="page-title" class="members">
      <p class="crumbs">
        <a href={`/orgs/${orgId}`}>{orgName}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p class="lead">{manage ? ta('members.leadAdmin') : ta('members.leadMember')}</p>
      {notice ? (
        <Banner kind={link ? 'warning' : 'success'}>
          {notice()}
          {link ? <InviteLink link={link} /> : null}
        </Banner>
      ) : null}
      {error ? <Banner kind="error">{errorText(error)}</Banner> : null}
      <div class="list-bar">
        <p class="count">
          {items ? t('list.total', { n: items.filter((m) => m.active).length }) : t('list.loading')}
        </p>
        <div class="check">
          <input
            type="checkbox"
            id="members-all"
            checked={all}
            onChange={(e) => setAll((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for="members-all">{ta('members.showRemoved')}</label>
        </div>
      </div>
      {items === null && !error ? <Loading /> : null}
      {items ? (
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
                <th scope="col">{t('account.name')}</th>
                <th scope="col">{t('account.email')}</th>
                <th scope="col">{t('account.role')}</th>
                <th scope="col">{ta('members.state')}</th>
                <th scope="col">{ta('members.since')}</th>
                {manage ? <th scope="col">{ta('members.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <MemberRow
                  key={m.id}
                  m={m}
                  manage={manage}
                  me={u.id}
                  base={base}
                  invitations={`orgs/${orgId}/invitations`}
                  onChanged={(say) => {
                    setError(null);
                    void done(say);
                  }}
                  onError={(e) => {
                    setNotice(null);
                    setError(e);
                    announce(errorText(e));
                  }}
                />
              ))}
            </tbody>
          </table>
          {!items.length ? <p class="empty">{ta('members.none')}</p> : null}
        </div>
      ) : null}
      {manage ? <InviteForm base={base} onDone={(say, link) => void done(say, link)} /> : null}
    </section>
  );
}
