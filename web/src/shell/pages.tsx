// Pages of the shell: home, login, my account, module landing pages (honest "coming with a later
// release" where the server has no collections yet), not found.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client';
import { collectionLabel, type Model } from '../api/openapi';
import { RefLink } from '../generic/values';
import { enumLabel, formatNumber, lang, pick, t } from '../i18n';
import { ADMIN_COLLECTIONS, MODULES, type ModuleDef } from '../modules/modules';
import { navigate, useLocation } from '../router';
import { isOperator, login, logout, sessionStore } from '../session';
import { useStore } from '../store';
import { announce, Banner, useTitle } from '../ui';

function useTotals(m: Model | null, probes: [string, string, Record<string, string>][]) {
  const session = useStore(sessionStore);
  const [totals, setTotals] = useState<Record<string, number>>({});
  const key = JSON.stringify(probes);
  useEffect(() => {
    if (!m) return undefined;
    let live = true;
    Promise.all(
      probes
        .filter(([, c]) => m.collections[c])
        .map(([k, c, q]) =>
          api
            .list(c, { ...q, limit: 1 })
            .then((a): [string, number] => [k, a.total])
            .catch((): [string, number] => [k, -1]),
        ),
    ).then((pairs) => live && setTotals(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
  }, [m, key, session.user?.id]);
  return totals;
}

export function Home(props: { m: Model | null }) {
  const { m } = props;
  const session = useStore(sessionStore);
  useTitle(null);
  const totals = useTotals(m, [
    ['orgs', 'orgs', {}],
    ['tenants', 'orgs', { is_tenant: 'true' }],
    ['capabilities', 'capabilities', {}],
    ['needs', 'needs', { status: 'open' }],
  ]);
  const stat = (k: string, label: string, href: string) =>
    totals[k] !== undefined && totals[k] >= 0 ? (
      <li class="stat">
        <a href={href}>
          <span class="stat-value">{formatNumber(totals[k])}</span>
          <span class="stat-label">{label}</span>
        </a>
      </li>
    ) : null;
  const known = new Set([
    ...MODULES.flatMap((x) => x.collections.map((c) => c.name)),
    ...ADMIN_COLLECTIONS,
  ]);
  const others = (m?.names ?? []).filter((n) => !known.has(n));
  return (
    <section aria-labelledby="page-title" class="home">
      <h1 id="page-title" tabIndex={-1}>
        {t('home.title')}
      </h1>
      <p class="lead">{t('home.intro')}</p>
      <ul class="stats">
        {stat('orgs', t('home.stat.orgs'), '/orgs')}
        {stat('tenants', t('home.stat.tenants'), '/orgs?is_tenant=true')}
        {stat('capabilities', t('home.stat.capabilities'), '/capabilities')}
        {stat('needs', t('home.stat.needs'), '/needs?status=open')}
      </ul>
      <h2>{t('home.modules')}</h2>
      <ul class="module-cards">
        {MODULES.map((mod) => {
          const avail = mod.collections.filter((c) => m?.collections[c.name]);
          return (
            <li key={mod.id} class="module-card">
              <h3>
                <a href={mod.path}>{pick(mod.ko, mod.en)}</a>
              </h3>
              <p>{pick(mod.summaryKo, mod.summaryEn)}</p>
              {m && !avail.length ? <span class="badge coming">{t('module.coming')}</span> : null}
            </li>
          );
        })}
      </ul>
      {others.length ? (
        <>
          <h2>{t('home.other')}</h2>
          <ul class="link-list">
            {others.map((n) => (
              <li key={n}>
                <a href={`/${n}`}>{collectionLabel(m!.collections[n])}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {isOperator(session.user) ? <AdminLinks m={m} /> : null}
    </section>
  );
}

function AdminLinks(props: { m: Model | null }) {
  const names = ADMIN_COLLECTIONS.filter((n) => props.m?.collections[n]);
  if (!names.length) return null;
  return (
    <>
      <h2>{t('account.admin')}</h2>
      <ul class="link-list">
        {names.map((n) => (
          <li key={n}>
            <a href={`/${n}`}>{collectionLabel(props.m!.collections[n])}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ModulePage(props: { mod: ModuleDef; m: Model | null }) {
  const { mod, m } = props;
  useTitle(pick(mod.ko, mod.en));
  const avail = mod.collections.filter((c) => m?.collections[c.name]);
  const planned = mod.collections.filter((c) => m && !m.collections[c.name]);
  const totals = useTotals(
    m,
    avail.map((c) => [c.name, c.name, {}]),
  );
  return (
    <section aria-labelledby="page-title" class="module-page">
      <h1 id="page-title" tabIndex={-1}>
        {pick(mod.ko, mod.en)}
        {m && !avail.length ? <span class="badge coming">{t('module.coming')}</span> : null}
      </h1>
      <p class="lead">{pick(mod.summaryKo, mod.summaryEn)}</p>
      {avail.length ? (
        <>
          <h2>{t('module.available')}</h2>
          <ul class="module-cards">
            {avail.map((c) => (
              <li key={c.name} class="module-card">
                <h3>
                  <a href={`/${c.name}`}>{collectionLabel(m!.collections[c.name])}</a>
                </h3>
                {totals[c.name] !== undefined && totals[c.name] >= 0 ? (
                  <p class="muted">{t('list.total', { n: formatNumber(totals[c.name]) })}</p>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {m && (planned.length || !avail.length) ? (
        <section class="coming-soon" aria-labelledby="coming-title">
          <h2 id="coming-title">{t('module.coming')}</h2>
          <p>{t('module.comingLead')}</p>
          <ul>
            {(lang() === 'en' ? mod.plannedEn : mod.plannedKo).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {planned.length ? (
            <>
              <h3>{t('module.comingItems')}</h3>
              <ul class="planned">
                {planned.map((c) => (
                  <li key={c.name}>
                    {pick(c.ko, c.en)} <code>{c.name}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}
    </section>
  );
}

export function LoginPage() {
  const loc = useLocation();
  const session = useStore(sessionStore);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(t('login.title'));
  const next = new URLSearchParams(loc.search).get('next');
  const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
  return (
    <section aria-labelledby="page-title" class="login">
      <h1 id="page-title" tabIndex={-1}>
        {t('login.title')}
      </h1>
      {session.user ? (
        <Banner kind="info">{t('login.already', { name: session.user.name })}</Banner>
      ) : null}
      <p class="muted">{t('login.hint')}</p>
      {error ? (
        <Banner kind="error" id="login-error">
          {error}
        </Banner>
      ) : null}
      <form
        noValidate
        class="record-form narrow"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const u = await login(email.trim(), password);
            announce(t('login.welcome', { name: u.name }));
            navigate(target, { replace: true });
          } catch (err) {
            if (
              err instanceof ApiError &&
              (err.status === 401 || err.status === 422 || err.status === 403)
            )
              setError(err.status === 401 ? t('login.failed') : err.text());
            else setError(err instanceof ApiError ? err.text() : String(err));
            setBusy(false);
          }
        }}
      >
        <div class="form-field">
          <label for="login-email">{t('login.email')}</label>
          <input
            id="login-email"
            type="email"
            autoComplete="username"
            value={email}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onInput={(e) => setEmail((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="form-field">
          <label for="login-password">{t('login.password')}</label>
          <input
            id="login-password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'login-error' : undefined}
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="button-row">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

export function AccountPage(props: { m: Model | null }) {
  const session = useStore(sessionStore);
  useTitle(t('account.title'));
  const u = session.user;
  return (
    <section aria-labelledby="page-title" class="account">
      <h1 id="page-title" tabIndex={-1}>
        {t('account.title')}
      </h1>
      {!u ? (
        <p>
          {t('account.none')} <a href="/login?next=/account">{t('account.login')}</a>
        </p>
      ) : (
        <>
          <dl class="fields card">
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
              <dd>{u.org_id ? <RefLink collection="orgs" id={u.org_id} /> : t('none')}</dd>
            </div>
          </dl>
          <p>
            <button
              type="button"
              onClick={async () => {
                await logout().catch(() => undefined);
                announce(t('account.loggedOut'));
                navigate('/');
              }}
            >
              {t('account.logout')}
            </button>
          </p>
          {isOperator(u) ? <AdminLinks m={props.m} /> : null}
        </>
      )}
    </section>
  );
}

export function NotFound() {
  useTitle(t('error.unknownPage'));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('error.unknownPage')}
      </h1>
      <p>
        <a href="/">{t('error.home')}</a>
      </p>
    </section>
  );
}
