// Pages of the shell: home, module landing pages (honest "coming with a later
// release" where the server has no collections yet), not found.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/client';
import { collectionLabel, type Model } from '../api/openapi';
import { formatNumber, lang, pick, t } from '../i18n';
import { homeChunk } from '../modules/home/module';
import {
  ACCOUNT_COLLECTIONS,
  ADMIN_COLLECTIONS,
  NAV_MODULES,
  moduleOffered,
  pageAt,
  type NavModule,
} from '../modules/registry';
import { isOperator, offered, sessionStore } from '../session';
import { useStore } from '../store';
import { useTitle } from '../ui';

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
    ...NAV_MODULES.flatMap((x) => x.collections.map((c) => c.name)),
    ...ADMIN_COLLECTIONS,
    ...ACCOUNT_COLLECTIONS,
  ]);
  const others = (m?.names ?? []).filter((n) => !known.has(n));
  return (
    <section aria-labelledby="page-title" class="home">
      <h1 id="page-title" tabIndex={-1}>
        {t('home.title')}
      </h1>
      <p class="lead">{t('home.intro')}</p>
      {session.user && m ? (
        <homeChunk.Route
          page={(x) => (
            <x.RoleHome
              m={m}
              session={session}
              operator={isOperator(session.user)}
              dashboard={pageAt('/dashboard') ? '/dashboard' : null}
            />
          )}
        />
      ) : null}
      <ul class="stats">
        {stat('orgs', t('home.stat.orgs'), '/orgs')}
        {stat('tenants', t('home.stat.tenants'), '/orgs?is_tenant=true')}
        {stat('capabilities', t('home.stat.capabilities'), '/capabilities')}
        {stat('needs', t('home.stat.needs'), '/needs?status=open')}
      </ul>
      <h2>{t('home.modules')}</h2>
      <ul class="module-cards">
        {NAV_MODULES.filter((mod) => moduleOffered(mod, m, session.user)).map((mod) => {
          const avail = mod.collections.filter((c) => m?.collections[c.name]);
          return (
            <li key={mod.id} class="module-card">
              <h3>
                <a href={mod.nav.path}>{pick(mod.nav.ko, mod.nav.en)}</a>
              </h3>
              <p>{pick(mod.nav.summaryKo, mod.nav.summaryEn)}</p>
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
      {isOperator(session.user) && m ? (
        <>
          <h2>{t('account.admin')}</h2>
          <AdminLinks m={m} />
        </>
      ) : null}
    </section>
  );
}

/** Links to the administration lists the server has (for operators). */
export function AdminLinks(props: { m: Model | null }) {
  const names = ADMIN_COLLECTIONS.filter((n) => props.m?.collections[n]);
  if (!names.length) return null;
  return (
    <ul class="link-list">
      {names.map((n) => (
        <li key={n}>
          <a href={`/${n}`}>{collectionLabel(props.m!.collections[n])}</a>
        </li>
      ))}
    </ul>
  );
}

export function ModulePage(props: { mod: NavModule; m: Model | null }) {
  const { mod, m } = props;
  useTitle(pick(mod.nav.ko, mod.nav.en));
  const session = useStore(sessionStore);
  const avail = mod.collections.filter(
    (c) => m?.collections[c.name] && offered(m.collections[c.name], session.user),
  );
  const planned = mod.collections.filter((c) => m && !m.collections[c.name]);
  const totals = useTotals(
    m,
    avail.map((c) => [c.name, c.name, {}]),
  );
  return (
    <section aria-labelledby="page-title" class="module-page">
      <h1 id="page-title" tabIndex={-1}>
        {pick(mod.nav.ko, mod.nav.en)}
        {m && !avail.length ? <span class="badge coming">{t('module.coming')}</span> : null}
      </h1>
      <p class="lead">{pick(mod.nav.summaryKo, mod.nav.summaryEn)}</p>
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
            {(lang() === 'en' ? mod.nav.plannedEn : mod.nav.plannedKo).map((s) => (
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
