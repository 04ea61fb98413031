// The shell: skip link, header (product name, global search, language, account), the top
// navigation by module (a menu button on narrow screens), the section tabs of the current
// module, and the route table that picks the page for the path.
import { Fragment, type JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { NotificationsLink, OrgSwitcher } from '../modules/accounts/HeaderTools';
import { collectionLabel, loadModel, type Model } from '../api/openapi';
import { DetailView } from '../generic/DetailView';
import { FormView } from '../generic/FormView';
import { ListView } from '../generic/ListView';
import { langStore, pick, t } from '../i18n';
import {
  MODULES,
  NAV_MODULES,
  moduleByPath,
  moduleOfCollection,
  moduleOffered,
  pageAt,
  tabsOf,
  viewAt,
  type NavModule,
} from '../modules/registry';
import { navigate, useLocation } from '../router';
import {
  chooseLang,
  isOperator,
  logout,
  offered,
  pollSession,
  refreshSession,
  sessionStore,
} from '../session';
import { useStore } from '../store';
import {
  announce,
  Banner,
  LiveRegion,
  Loading,
  OfflineBanner,
  onlineStore,
  TotpDueBanner,
} from '../ui';
import { Home, ModulePage, NotFound } from './pages';
import { GlobalSearch, SearchPage } from './Search';

function activeModule(path: string): NavModule | undefined {
  const first = `/${path.split('/')[1] ?? ''}`;
  return moduleByPath(first) ?? moduleOfCollection(first.slice(1));
}

function Header(props: { m: Model | null }) {
  const loc = useLocation();
  const session = useStore(sessionStore);
  const lang = useStore(langStore);
  const [menuOpen, setMenuOpen] = useState(false);
  const active = activeModule(loc.path);
  useEffect(() => setMenuOpen(false), [loc.path]);
  return (
    <header class="site-header">
      <div class="bar">
        <a class="brand" href="/">
          <span class="brand-name">{t('app.name')}</span>
          <span class="brand-short" lang="en">
            · bpmc
          </span>
        </a>
        <GlobalSearch />
        <div class="user-tools">
          <button
            type="button"
            class="lang-toggle"
            lang={lang === 'ko' ? 'en' : 'ko'}
            onClick={() => {
              const next = lang === 'ko' ? 'en' : 'ko';
              void chooseLang(next);
              announce(next === 'en' ? 'English' : '한국어');
            }}
          >
            {t('lang.switch')}
          </button>
          {session.user ? (
            <>
              <NotificationsLink current={loc.path === '/notifications'} />
              <OrgSwitcher />
              <a
                href="/account"
                class="account-link"
                aria-current={loc.path === '/account' ? 'page' : undefined}
              >
                <span class="visually-hidden">{t('account.mine')}: </span>
                {session.user.name}
              </a>
              <button
                type="button"
                class="logout"
                onClick={async () => {
                  await logout().catch(() => undefined);
                  announce(t('account.loggedOut'));
                  navigate('/');
                }}
              >
                {t('account.logout')}
              </button>
            </>
          ) : session.checked ? (
            <a
              href={`/login${loc.path !== '/login' && loc.path !== '/' ? `?next=${encodeURIComponent(loc.path + loc.search)}` : ''}`}
              class="button login-link"
            >
              {t('account.login')}
            </a>
          ) : null}
        </div>
        <button
          type="button"
          class="menu-button"
          aria-expanded={menuOpen ? 'true' : 'false'}
          aria-controls="main-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <span aria-hidden="true">☰ </span>
          {t('nav.menu')}
        </button>
      </div>
      <nav id="main-nav" aria-label={t('nav.label')} class={menuOpen ? 'open' : ''}>
        <ul>
          {NAV_MODULES.filter((mod) => moduleOffered(mod, props.m, session.user)).map((mod) => (
            <li key={mod.id}>
              <a href={mod.nav.path} aria-current={active?.id === mod.id ? 'page' : undefined}>
                {pick(mod.nav.ko, mod.nav.en)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** Tabs of the current module: its own pages, then the collections the server has. */
function SubNav(props: { m: Model | null }) {
  const loc = useLocation();
  const session = useStore(sessionStore);
  const mod = activeModule(loc.path);
  if (!mod || !props.m) return null;
  const m = props.m;
  const first = `/${loc.path.split('/')[1] ?? ''}`;
  const tabs = [
    ...tabsOf(mod)
      .filter((p) => !p.tab?.operators || isOperator(session.user))
      .map((p) => ({ href: p.path, label: pick(p.tab?.ko, p.tab?.en) })),
    ...mod.collections
      .filter((c) => m.collections[c.name] && offered(m.collections[c.name], session.user))
      .map((c) => ({ href: `/${c.name}`, label: collectionLabel(m.collections[c.name]) })),
  ];
  // a page of its own (/program/card) is its tab; a collection's path is its list's
  const here = tabs.some((x) => x.href === loc.path) ? loc.path : first;
  if (tabs.length < 2 || !tabs.some((x) => x.href === here)) return null;
  return (
    <nav class="sub-nav" aria-label={`${pick(mod.nav.ko, mod.nav.en)} ${t('nav.sub')}`}>
      <ul>
        {tabs.map((x) => (
          <li key={x.href}>
            <a href={x.href} aria-current={here === x.href ? 'page' : undefined}>
              {x.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The page for a path: a module's own page, a module's landing page, then a collection's
 * list, form or record, drawn by the module that replaces the generic view or by the generic. */
function route(path: string, m: Model | null, modelError: boolean): JSX.Element {
  const seg = path
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  if (!seg.length) return <Home m={m} />;
  // a module's page of its own, at one segment (/dashboard) or more (/program/card)
  const page = pageAt(`/${seg.join('/')}`);
  if (page) return page.draw({ m, path });
  if (seg.length === 1) {
    if (seg[0] === 'search') return <SearchPage />;
    const mod = moduleByPath(`/${seg[0]}`);
    if (mod && !m?.collections[seg[0]]) return <ModulePage key={mod.id} mod={mod} m={m} />;
  }
  if (!m) return modelError ? <Banner kind="error">{t('error.schema')}</Banner> : <Loading />;
  const c = m.collections[seg[0]];
  if (!c || !c.canList) return <NotFound />;
  const own = viewAt(c.name, seg.slice(1));
  if (own) return own.view.draw({ m, c, id: own.id, path });
  if (seg.length === 1) return <ListView key={c.name} c={c} />;
  if (seg.length === 2 && seg[1] === 'new') return <FormView key={`${c.name}-new`} c={c} />;
  if (!/^\d+$/.test(seg[1])) return <NotFound />;
  const id = Number(seg[1]);
  if (seg.length === 2) return <DetailView key={path} c={c} id={id} />;
  if (seg.length === 3 && seg[2] === 'edit') return <FormView key={path} c={c} id={id} />;
  return <NotFound />;
}

export function App() {
  useStore(langStore);
  const session = useStore(sessionStore);
  const loc = useLocation();
  const [m, setM] = useState<Model | null>(null);
  const [modelError, setModelError] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(true);

  useEffect(() => {
    void refreshSession();
    loadModel()
      .then(setM)
      .catch(() => setModelError(true));
  }, []);

  // an operator-admin past the grace days sets up the second factor before anything else
  useEffect(() => {
    if (session.mustEnrolTotp && loc.path !== '/account')
      navigate('/account', { replace: true, force: true });
  }, [session.mustEnrolTotp, loc.path]);

  // the API description is refused until then: ask again once it is not
  useEffect(() => {
    if (!modelError || !session.checked || session.mustEnrolTotp) return;
    setModelError(false);
    loadModel()
      .then(setM)
      .catch(() => setModelError(true));
  }, [session.mustEnrolTotp, session.user?.id]);

  // signed-in people use the account pages: fetch such chunks while nothing else happens
  useEffect(() => {
    if (!session.user) return;
    for (const mod of MODULES)
      if (mod.preload) {
        const load = mod.preload;
        window.setTimeout(() => void load().catch(() => undefined), 1500);
      }
  }, [session.user?.id]);

  // back online: ask again who is signed in (a check made offline could not say)
  useEffect(
    () =>
      onlineStore.subscribe(() => {
        if (onlineStore.get()) void refreshSession();
      }),
    [],
  );

  // the unread count (and the end of a session) shows without a reload
  useEffect(() => {
    const poll = () => {
      if (document.visibilityState === 'visible' && sessionStore.get().user) void pollSession();
    };
    const h = window.setInterval(poll, 60000);
    document.addEventListener('visibilitychange', poll);
    return () => {
      window.clearInterval(h);
      document.removeEventListener('visibilitychange', poll);
    };
  }, []);

  // after a navigation, move focus to the new page (its heading when it has one)
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    const h = window.setTimeout(() => {
      const target =
        (document.getElementById('page-title') as HTMLElement | null) ?? mainRef.current;
      target?.focus({ preventScroll: true });
    }, 0);
    return () => window.clearTimeout(h);
  }, [loc.path]);

  return (
    <>
      <a class="skip-link" href="#main" data-native>
        {t('skip.main')}
      </a>
      <Header m={m} />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <OfflineBanner />
        <TotpDueBanner due={session.totpDue} />
        <SubNav m={m} />
        {/* a switch of organisation draws the page again, with that organisation's data */}
        <Fragment key={`org-${session.user?.org_id ?? 0}`}>
          {route(loc.path, m, modelError)}
        </Fragment>
      </main>
      <footer class="site-footer">
        <p>
          {t('app.name')} · <span lang="en">bpmc</span> — {t('app.tagline')}
        </p>
      </footer>
      <LiveRegion />
    </>
  );
}
