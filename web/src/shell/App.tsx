// The shell: skip link, header (product name, global search, language, account), the top
// navigation by module (a menu button on narrow screens), the section tabs of the current
// module, and the route table that picks the page for the path.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { collectionLabel, loadModel, type Model } from '../api/openapi';
import { OrgProfile, OrgsHome } from '../directory/OrgProfile';
import { DetailView } from '../generic/DetailView';
import { FormView } from '../generic/FormView';
import { ListView } from '../generic/ListView';
import { langStore, pick, t } from '../i18n';
import { MODULES, moduleByPath, moduleOfCollection, type ModuleDef } from '../modules/modules';
import { navigate, useLocation } from '../router';
import { chooseLang, logout, refreshSession, sessionStore } from '../session';
import { useStore } from '../store';
import { announce, Banner, LiveRegion, Loading } from '../ui';
import { AccountPage, Home, LoginPage, ModulePage, NotFound } from './pages';
import { GlobalSearch, SearchPage } from './Search';

function activeModule(path: string): ModuleDef | undefined {
  const first = `/${path.split('/')[1] ?? ''}`;
  return (
    moduleByPath(first) ??
    (first === '/directory' ? MODULES[0] : moduleOfCollection(first.slice(1)))
  );
}

function Header(props: { m: Model | null }) {
  const loc = useLocation();
  const session = useStore(sessionStore);
  const lang = useStore(langStore);
  const [menuOpen, setMenuOpen] = useState(false);
  const active = activeModule(loc.path);
  useEffect(() => setMenuOpen(false), [loc.path]);
  void props;
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
          {MODULES.map((mod) => (
            <li key={mod.id}>
              <a href={mod.path} aria-current={active?.id === mod.id ? 'page' : undefined}>
                {pick(mod.ko, mod.en)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** Tabs of the collections of the current module that the server has. */
function SubNav(props: { m: Model | null }) {
  const loc = useLocation();
  const mod = activeModule(loc.path);
  if (!mod || !props.m) return null;
  const avail = mod.collections.filter((c) => props.m!.collections[c.name]);
  const first = `/${loc.path.split('/')[1] ?? ''}`;
  if (avail.length < 2 || !avail.some((c) => `/${c.name}` === first)) return null;
  return (
    <nav class="sub-nav" aria-label={`${pick(mod.ko, mod.en)} ${t('nav.sub')}`}>
      <ul>
        {avail.map((c) => (
          <li key={c.name}>
            <a href={`/${c.name}`} aria-current={first === `/${c.name}` ? 'page' : undefined}>
              {collectionLabel(props.m!.collections[c.name])}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

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
  if (seg.length === 1) {
    if (seg[0] === 'login') return <LoginPage />;
    if (seg[0] === 'account') return <AccountPage m={m} />;
    if (seg[0] === 'search') return <SearchPage />;
    if (seg[0] === 'directory') return <ModulePage mod={MODULES[0]} m={m} />;
    const mod = moduleByPath(`/${seg[0]}`);
    if (mod && !m?.collections[seg[0]]) return <ModulePage key={mod.id} mod={mod} m={m} />;
  }
  if (!m) return modelError ? <Banner kind="error">{t('error.schema')}</Banner> : <Loading />;
  const c = m.collections[seg[0]];
  if (!c || !c.canList) return <NotFound />;
  if (seg.length === 1)
    return c.name === 'orgs' ? <OrgsHome key="orgs" c={c} /> : <ListView key={c.name} c={c} />;
  if (seg.length === 2 && seg[1] === 'new') return <FormView key={`${c.name}-new`} c={c} />;
  if (!/^\d+$/.test(seg[1])) return <NotFound />;
  const id = Number(seg[1]);
  if (seg.length === 2)
    return c.name === 'orgs' ? (
      <OrgProfile key={path} c={c} id={id} />
    ) : (
      <DetailView key={path} c={c} id={id} />
    );
  if (seg.length === 3 && seg[2] === 'edit') return <FormView key={path} c={c} id={id} />;
  return <NotFound />;
}

export function App() {
  useStore(langStore);
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
        <SubNav m={m} />
        {route(loc.path, m, modelError)}
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
