// My account: who I am and in which organisations, the language, the password, the second
// factor, my API tokens; operators also find the administration pages here. An operator-admin
// who must set up the second factor first is sent here and sees only that.
import { useState } from 'preact/hooks';
import { request, type SessionAnswer } from '../../api/client';
import type { Model } from '../../api/openapi';
import { RefLink } from '../../generic/values';
import { AdminLinks } from '../../shell/pages';
import { enumLabel, t, type Lang, langStore } from '../../i18n';
import { acceptSession, chooseLang, isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, useTitle } from '../../ui';
import { Card, Input, NewPasswordInputs, useRefusal } from './forms';
import { doSwitch } from './HeaderTools';
import { TokensCard } from './Tokens';
import { TotpCard } from './Totp';
import { ta } from './strings';

function LanguageCard() {
  const current = useStore(langStore);
  const choose = (l: Lang) => {
    void chooseLang(l);
    announce(l === 'en' ? 'English' : '한국어');
  };
  return (
    <Card id="language" title={ta('account.language')}>
      <fieldset class="choice-row">
        <legend class="visually-hidden">{ta('account.language')}</legend>
        {(['ko', 'en'] as const).map((l) => (
          <div class="check" key={l}>
            <input
              type="radio"
              name="lang"
              id={`lang-${l}`}
              checked={current === l}
              onChange={() => choose(l)}
            />
            <label for={`lang-${l}`} lang={l}>
              {l === 'ko' ? '한국어' : 'English'}
            </label>
          </div>
        ))}
      </fieldset>
      <p class="hint">{ta('account.languageHint')}</p>
    </Card>
  );
}

function PasswordCard() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const refused = useRefusal({ current_password: 'current', new_password: 'next' });
  const errors = refused.fields;
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setDone(false);
    if (next !== again) {
      refused.local('again', () => ta('password.mismatch'), 'pw-again');
      return;
    }
    setBusy(true);
    try {
      const a = await request<SessionAnswer>('POST', 'session/password', {
        body: { current_password: current, new_password: next },
      });
      acceptSession(a.data);
      setCurrent('');
      setNext('');
      setAgain('');
      refused.clear();
      setDone(true);
      announce(ta('password.changed'));
    } catch (err) {
      refused.set(err, { current: 'pw-current', next: 'pw-next' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="password" title={ta('password.title')}>
      {done ? <Banner kind="success">{ta('password.changed')}</Banner> : null}
      {refused.message ? <Banner kind="error">{refused.message}</Banner> : null}
      <form noValidate class="record-form narrow" onSubmit={submit}>
        <Input
          id="pw-current"
          type="password"
          label={ta('password.current')}
          value={current}
          onInput={setCurrent}
          autoComplete="current-password"
          error={errors.current}
        />
        <NewPasswordInputs
          id="pw-next"
          againId="pw-again"
          value={next}
          onInput={setNext}
          again={again}
          onAgain={setAgain}
          error={errors.next}
          againError={errors.again}
        />
        <p class="hint">{ta('password.othersEnd')}</p>
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {ta('password.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}

export function AccountPage(props: { m: Model | null }) {
  const session = useStore(sessionStore);
  useTitle(t('account.title'));
  const u = session.user;
  if (!u) {
    return (
      <section aria-labelledby="page-title" class="account">
        <h1 id="page-title" tabIndex={-1}>
          {t('account.title')}
        </h1>
        <p>
          {t('account.none')} <a href="/login?next=/account">{t('account.login')}</a>
        </p>
      </section>
    );
  }
  const memberships = u.memberships ?? [];
  const current = memberships.find((x) => x.org_id === u.org_id);
  return (
    <section aria-labelledby="page-title" class="account">
      <h1 id="page-title" tabIndex={-1}>
        {t('account.title')}
      </h1>
      {session.mustEnrolTotp ? (
        <Banner kind="warning">
          <span>{ta('totp.mustEnrol')}</span> <a href="#totp">{ta('totp.setUpNow')}</a>
        </Banner>
      ) : null}
      <div class="account-grid">
        <div>
          <Card id="profile" title={ta('account.profile')}>
            <dl class="fields">
              <div class="field">
                <dt>{t('account.name')}</dt>
                <dd>{u.name}</dd>
              </div>
              <div class="field">
                <dt>{t('account.email')}</dt>
                <dd>{u.email}</dd>
              </div>
              <div class="field">
                <dt>{t('account.role')}</dt>
                <dd>{enumLabel('users', 'role', u.role)}</dd>
              </div>
              <div class="field">
                <dt>{t('account.org')}</dt>
                <dd>
                  {current ? (
                    <a href={`/orgs/${current.org_id}`}>{current.org_name}</a>
                  ) : u.org_id && !session.mustEnrolTotp ? (
                    <RefLink collection="orgs" id={u.org_id} />
                  ) : (
                    t('none')
                  )}
                </dd>
              </div>
            </dl>
            {memberships.length > 1 ? (
              <>
                <h3>{ta('account.memberships')}</h3>
                <OrgChoices />
              </>
            ) : null}
            {u.org_id && !session.mustEnrolTotp ? (
              <p>
                <a href="/members">{ta('members.ofMine')}</a>
              </p>
            ) : null}
            {!isOperator(u) && !session.mustEnrolTotp ? (
              <p>
                <a href="/invitations">{ta('invitations.title')}</a>
              </p>
            ) : null}
          </Card>
          <TotpCard />
          <PasswordCard />
        </div>
        <div>
          <LanguageCard />
          {session.mustEnrolTotp ? null : <TokensCard />}
          {isOperator(u) && !session.mustEnrolTotp ? (
            <Card id="admin" title={t('account.admin')}>
              <AdminLinks m={props.m} />
            </Card>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The account page's list of memberships, with a button to work in each other one. */
function OrgChoices() {
  const session = useStore(sessionStore);
  const [error, setError] = useState<string | null>(null);
  const u = session.user;
  if (!u) return null;
  return (
    <>
      <ul class="membership-list">
        {(u.memberships ?? []).map((m) => (
          <li key={m.org_id}>
            <a href={`/orgs/${m.org_id}`}>{m.org_name}</a>{' '}
            <span class="muted">{enumLabel('users', 'role', m.role)}</span>{' '}
            {m.org_id === u.org_id ? (
              <span class="badge status-active">{ta('org.current')}</span>
            ) : (
              <button
                type="button"
                class="small"
                onClick={async () => setError(await doSwitch(m.org_id, m.org_name))}
              >
                {ta('org.workHere')}
                <span class="visually-hidden">: {m.org_name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {error ? <Banner kind="error">{error}</Banner> : null}
    </>
  );
}
