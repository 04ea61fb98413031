// What operators have beyond the generic lists (users, audit log, personal-data access log):
// the form that invites a user (POST /users: a member of an organisation, or, by
// operator-admins, another operator). Anonymising is the users' delete (generic/DetailView).
import { useState } from 'preact/hooks';
import { request } from '../../api/client';
import { invalidateRefs } from '../../api/refs';
import { RefPicker } from '../../generic/RefPicker';
import { t } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, useTitle } from '../../ui';
import {
  type Delivery,
  deliverySay,
  Field,
  InviteLink,
  PersonInputs,
  RoleSelect,
  type Say,
  useRefusal,
} from './forms';
import { MEMBER_ROLES } from './Members';
import { ta } from './strings';

const OPERATOR_ROLES = ['operator-admin', 'operator-staff'];

function OrgSelect(props: { value: string; onChange: (v: string) => void; error?: string }) {
  // a searchable picker: names, other names, 초성, 사업자등록번호 (at any number of organisations)
  const id = /^\d+$/.test(props.value) ? Number(props.value) : null;
  return (
    <RefPicker
      id="ui-org_id"
      collection="orgs"
      value={id === null ? [] : [id]}
      onChange={(ids) => props.onChange(ids.length ? String(ids[0]) : '')}
      invalid={!!props.error}
      describedBy={props.error ? 'ui-org_id-error' : undefined}
      required
    />
  );
}

/** /users/new: invite a person; they get a link by e-mail to choose a password. */
export function UserInvitePage() {
  const session = useStore(sessionStore);
  const admin = session.user?.role === 'operator-admin';
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('org-member');
  const [org, setOrg] = useState('');
  const refused = useRefusal({ email: 'email', name: 'name', role: 'role', org_id: 'org_id' });
  const errors = refused.fields;
  const [done, setDone] = useState<{ id: number; say: Say; link?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('users.invite'));
  const operatorRole = OPERATOR_ROLES.includes(role);
  const roles = [...(admin ? OPERATOR_ROLES : []), ...MEMBER_ROLES];
  if (!isOperator(session.user)) {
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {t('users.invite')}
        </h1>
        <Banner kind="error">{t('error.forbidden')}</Banner>
      </section>
    );
  }
  return (
    <section class="form-page" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/users">{ta('users.all')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {t('users.invite')}
      </h1>
      <p class="lead">{ta('users.inviteLead')}</p>
      {done ? (
        <Banner kind={done.link ? 'warning' : 'success'}>
          <span>{done.say()}</span> <a href={`/users/${done.id}`}>{t('form.viewCreated')}</a>
          {done.link ? <InviteLink link={done.link} /> : null}
        </Banner>
      ) : null}
      {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
      <form
        noValidate
        class="record-form narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          if (busy) return;
          setBusy(true);
          setDone(null);
          try {
            const body: Record<string, unknown> = { email: email.trim(), name: name.trim(), role };
            if (!operatorRole && org) body.org_id = Number(org);
            // a member's invitation answers the membership (with user_id here), an operator's the
            // user (id)
            const a = await request<Delivery & { id?: number; user_id?: number }>('POST', 'users', {
              body,
            });
            invalidateRefs('users');
            const who = a.data;
            const say = deliverySay(who);
            setDone({ id: Number(who.user_id ?? who.id), say, link: who.invite_link });
            announce(say());
            setEmail('');
            setName('');
            refused.clear();
          } catch (err) {
            refused.set(err, {
              email: 'ui-email',
              name: 'ui-name',
              role: 'ui-role',
              org_id: 'ui-org_id',
            });
          } finally {
            setBusy(false);
          }
        }}
      >
        <PersonInputs
          prefix="ui"
          email={email}
          onEmail={setEmail}
          name={name}
          onName={setName}
          errors={errors}
        />
        <Field id="ui-role" label={t('account.role')} error={errors.role}>
          <RoleSelect
            id="ui-role"
            value={role}
            onChange={setRole}
            roles={roles}
            error={errors.role}
          />
        </Field>
        {operatorRole ? null : (
          <Field id="ui-org_id" label={t('account.org')} error={errors.org_id} required>
            <OrgSelect value={org} onChange={setOrg} error={errors.org_id} />
          </Field>
        )}
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {ta('members.send')}
          </button>
          <a class="button" href="/users">
            {t('form.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}
