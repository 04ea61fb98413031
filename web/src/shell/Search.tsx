// The global search: GET /api/v1/search (ranked, Korean-aware: bigrams, 초성, particles). The
// header box is a combobox: as one types (after a short pause) one request brings the best
// results of every collection, each with its collection and its snippet; ↑/↓ choose, Enter
// opens the chosen one (or, with none chosen, /search?q=, which groups more of each), Escape
// closes. Snippets arrive HTML-escaped with the matches in <mark>: they are split into text
// and <mark> elements, never put in the page as HTML.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../api/client';
import { collectionLabel, loadModel, type Model } from '../api/openapi';
import { formatNumber, t } from '../i18n';
import { Txt } from '../generic/values';
import { navigate, useLocation } from '../router';
import { announce, Banner, Loading, SearchField, useTitle } from '../ui';

/** The collections /api/v1/search indexes (tests/unit/test_access.c), in the order of the
 * search page's groups; a caller gets a group only for the rows the API gives them. */
export const SEARCH_COLLECTIONS = [
  'orgs',
  'people',
  'capabilities',
  'needs',
  'tags',
  'meetings',
  'action-items',
  'programs',
  'events',
  'courses',
  'surveys',
  'resources',
  'spaces',
  'files',
  'pledge-projects',
  'unit-projects',
];

export interface Hit {
  collection: string;
  id: number;
  title: string;
  org: { id: number; name: string } | null;
  snippet: string;
}

interface SearchAnswer {
  items: Hit[];
  total: number;
  /** beyond the first hundred matches the total is counted from samples (two digits) */
  total_is_estimate?: boolean;
}

/** A count of matches: "12건", or "약 12,000건" when the server estimated it. */
function matches(total: number, estimate?: boolean): string {
  const n = formatNumber(total);
  return estimate ? t('search.about', { n }) : n;
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
};

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#39|#x27);/g, (_, e: string) => ENTITIES[e]);
}

/** A snippet of the search answer as text with <mark>ed matches (no HTML is interpreted). */
export function Snippet(props: { html: string }) {
  const parts = props.html.trim().split(/(<mark>|<\/mark>)/);
  let marked = false;
  const out = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p === '<mark>') marked = true;
    else if (p === '</mark>') marked = false;
    else if (p) {
      const text = unescape(p);
      out.push(
        marked ? (
          <mark key={i}>
            <Txt s={text} />
          </mark>
        ) : (
          <Txt key={i} s={text} />
        ),
      );
    }
  }
  return <>{out}</>;
}

function label(m: Model | null, collection: string): string {
  const c = m?.collections[collection];
  return c ? collectionLabel(c) : collection;
}

/** The page of a result: an IR event's is /ir-events, where a visitor reads it and registers. */
function hitHref(h: Hit): string {
  if (h.collection === 'events') return `/ir-events?id=${h.id}`;
  return `/${h.collection}/${h.id}`;
}

/** The search box in the header. */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ q: string; a: SearchAnswer } | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [busy, setBusy] = useState(false);
  const [m, setM] = useState<Model | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const loc = useLocation();

  useEffect(() => setOpen(false), [loc.path, loc.search]);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setAnswer(null);
      setOpen(false);
      return undefined;
    }
    const ctl = new AbortController();
    const h = window.setTimeout(() => {
      setBusy(true);
      Promise.all([
        loadModel().catch(() => null),
        request<SearchAnswer>('GET', 'search', { query: { q, limit: 8 }, signal: ctl.signal }),
      ])
        .then(([model, a]) => {
          setM(model);
          setAnswer({ q, a: a.data });
          setActive(-1);
          setOpen(true);
          setBusy(false);
          announce(t('search.results', { n: matches(a.data.total, a.data.total_is_estimate) }));
        })
        .catch(() => setBusy(false));
    }, 200);
    return () => {
      window.clearTimeout(h);
      ctl.abort();
    };
  }, [text]);

  const hits = answer?.a.items ?? [];
  const shown = open && !!answer;
  const go = (h: Hit) => {
    setOpen(false);
    navigate(hitHref(h));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!hits.length) return;
      e.preventDefault();
      if (!shown) {
        setOpen(true);
        setActive(e.key === 'ArrowDown' ? 0 : hits.length - 1);
        return;
      }
      const n = hits.length;
      setActive((cur) =>
        e.key === 'ArrowDown' ? (cur + 1) % n : cur <= 0 ? n - 1 : (cur - 1) % n,
      );
    } else if (e.key === 'Enter' && shown && active >= 0 && hits[active]) {
      e.preventDefault();
      go(hits[active]);
    } else if (e.key === 'Escape') {
      if (shown) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  };
  // keep the chosen option in view
  useEffect(() => {
    if (active >= 0)
      document.getElementById(`gs-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  return (
    <div
      class="global-search"
      ref={box}
      onFocusOut={(e) => {
        const next = e.relatedTarget as Node | null;
        if (!next || !box.current?.contains(next)) setOpen(false);
      }}
    >
      <form
        role="search"
        aria-label={t('search.label')}
        onSubmit={(e) => {
          e.preventDefault();
          const q = text.trim();
          if (!q) return;
          setOpen(false);
          navigate(`/search?q=${encodeURIComponent(q)}`);
        }}
      >
        <label for="global-q" class="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id="global-q"
          ref={input}
          type="search"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={shown ? 'true' : 'false'}
          aria-controls="global-search-list"
          aria-activedescendant={shown && active >= 0 ? `gs-opt-${active}` : undefined}
          aria-describedby="global-search-hint"
          aria-busy={busy ? 'true' : undefined}
          placeholder={t('search.placeholder')}
          value={text}
          autoComplete="off"
          spellcheck={false}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={onKey}
          onFocus={() => answer && text.trim() && setOpen(true)}
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <span id="global-search-hint" class="visually-hidden">
        {t('search.hint')}
      </span>
      <div id="global-search-panel" class="search-panel" hidden={!shown}>
        <ul id="global-search-list" role="listbox" aria-label={t('search.suggestions')}>
          {hits.map((h, i) => (
            <li
              key={`${h.collection}-${h.id}`}
              id={`gs-opt-${i}`}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'hit active' : 'hit'}
              onMouseDown={(e) => e.preventDefault()}
              onMouseMove={() => i !== active && setActive(i)}
              onClick={() => go(h)}
            >
              <span class="hit-kind">{label(m, h.collection)}</span>
              <span class="hit-main">
                <span class="hit-title">
                  <Txt s={h.title} />
                  {h.org && h.org.name !== h.title ? (
                    <span class="hit-org">
                      {' · '}
                      <Txt s={h.org.name} />
                    </span>
                  ) : null}
                </span>
                {h.snippet ? (
                  <span class="hit-snippet">
                    <Snippet html={h.snippet} />
                  </span>
                ) : null}
              </span>
            </li>
          ))}
        </ul>
        {answer && !hits.length ? <p class="muted">{t('search.none')}</p> : null}
        {answer && answer.a.total > 0 ? (
          <p class="more">
            <a
              href={`/search?q=${encodeURIComponent(answer.q)}`}
              onClick={() => setOpen(false)}
              tabIndex={-1}
            >
              {t('search.seeAll', {
                q: answer.q,
                n: matches(answer.a.total, answer.a.total_is_estimate),
              })}
            </a>
          </p>
        ) : null}
      </div>
    </div>
  );
}

interface Group {
  collection: string;
  items: Hit[];
  total: number;
  total_is_estimate?: boolean;
}

/** /search?q=: the best results of each collection, grouped. */
export function SearchPage() {
  const loc = useLocation();
  const q = new URLSearchParams(loc.search).get('q')?.trim() ?? '';
  const [groups, setGroups] = useState<Group[] | null>(null);
  const [m, setM] = useState<Model | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState(q);
  useTitle(q ? t('search.for', { q }) : t('search.title'));
  useEffect(() => {
    setText(q);
    if (!q) {
      setGroups([]);
      return undefined;
    }
    setGroups(null);
    const ctl = new AbortController();
    (async () => {
      const model = await loadModel();
      setM(model);
      const names = SEARCH_COLLECTIONS.filter((n) => model.collections[n]);
      const answers = await Promise.all(
        names.map((kind) =>
          request<SearchAnswer>('GET', 'search', {
            query: { q, kind, limit: 10 },
            signal: ctl.signal,
          }).then((a) => a.data),
        ),
      );
      return names.map((collection, i) => ({ collection, ...answers[i] }));
    })()
      .then((g) => {
        setGroups(g);
        const sum = g.reduce((n, x) => n + x.total, 0);
        announce(
          t('search.results', {
            n: matches(
              sum,
              g.some((x) => x.total_is_estimate),
            ),
          }),
        );
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException) return;
        setError(e instanceof ApiError ? e.text() : String(e));
      });
    return () => ctl.abort();
  }, [q]);
  const found = (groups ?? []).filter((g) => g.total > 0);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {q ? t('search.for', { q }) : t('search.title')}
      </h1>
      <form
        role="search"
        aria-label={t('search.title')}
        class="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/search?q=${encodeURIComponent(text.trim())}`);
        }}
      >
        <SearchField
          id="search-page-q"
          label={t('search.label')}
          value={text}
          onInput={setText}
          submit={t('search.submit')}
        />
      </form>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!q ? (
        <p class="muted">{t('search.empty')}</p>
      ) : !groups ? (
        <Loading />
      ) : !found.length ? (
        <p class="muted">{t('search.none')}</p>
      ) : (
        <div class="search-groups">
          {found.map((g) => (
            <section key={g.collection} class="search-group" aria-labelledby={`sg-${g.collection}`}>
              <h2 class="group-title" id={`sg-${g.collection}`}>
                {label(m, g.collection)}{' '}
                <span class="count-badge">{matches(g.total, g.total_is_estimate)}</span>
              </h2>
              <ul class="hit-list">
                {g.items.map((h) => (
                  <li key={h.id}>
                    <a href={hitHref(h)}>
                      <Txt s={h.title} />
                    </a>
                    {h.org && h.org.name !== h.title ? (
                      <span class="muted">
                        {' · '}
                        <a href={`/orgs/${h.org.id}`} class="quiet">
                          <Txt s={h.org.name} />
                        </a>
                      </span>
                    ) : null}
                    {h.snippet ? (
                      <p class="hit-snippet">
                        <Snippet html={h.snippet} />
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
              {g.total > g.items.length ? (
                <p class="more">
                  <a href={`/${g.collection}?q=${encodeURIComponent(q)}`}>
                    {t('search.all', {
                      label: label(m, g.collection),
                      n: matches(g.total, g.total_is_estimate),
                    })}
                  </a>
                </p>
              ) : null}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
