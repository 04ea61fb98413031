// The global search: GET /api/v1/search (ranked, Korean-aware: bigrams, 초성, particles) for
// each collection in parallel, grouped. The header box shows a short list as you type; Enter
// opens /search?q= with more of each.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request, type ListAnswer, type Row } from '../api/client';
import { collectionLabel, loadModel, rowTitle, type Collection } from '../api/openapi';
import { formatNumber, t } from '../i18n';
import { Txt } from '../generic/values';
import { navigate, useLocation } from '../router';
import { announce, Banner, Loading, useTitle } from '../ui';

export const SEARCH_COLLECTIONS = ['orgs', 'people', 'capabilities', 'needs', 'tags'];

interface SearchAnswer {
  items: { collection: string; id: number; title: string }[];
  total: number;
}

export interface SearchGroup {
  c: Collection;
  answer: ListAnswer;
}

export async function searchAll(
  q: string,
  limit: number,
  signal?: AbortSignal,
): Promise<SearchGroup[]> {
  const m = await loadModel();
  const cs = SEARCH_COLLECTIONS.map((n) => m.collections[n]).filter((c): c is Collection => !!c);
  const answers = await Promise.all(
    cs.map((c) =>
      request<SearchAnswer>('GET', 'search', { query: { q, kind: c.name, limit }, signal })
        .then((a): ListAnswer => ({
          // rows as the list views know them: the id and the title under its field
          items: a.data.items.map((i) => ({ id: i.id, [c.titleField]: i.title }) as Row),
          next_cursor: null,
          total: a.data.total,
        }))
        .catch((e: unknown) => {
          if (e instanceof DOMException) throw e;
          return { items: [], next_cursor: null, total: 0 } as ListAnswer;
        }),
    ),
  );
  return cs.map((c, i) => ({ c, answer: answers[i] }));
}

function Groups(props: {
  q: string;
  groups: SearchGroup[];
  headingLevel: 2 | 3;
  onPick?: () => void;
}) {
  const total = props.groups.reduce((n, g) => n + g.answer.total, 0);
  if (!total) return <p class="muted">{t('search.none')}</p>;
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div class="search-groups">
      {props.groups
        .filter((g) => g.answer.total > 0)
        .map((g) => (
          <section key={g.c.name} class="search-group" aria-label={collectionLabel(g.c)}>
            <H class="group-title">
              {collectionLabel(g.c)} <span class="count-badge">{formatNumber(g.answer.total)}</span>
            </H>
            <ul>
              {g.answer.items.map((r) => (
                <li key={r.id}>
                  <a href={`/${g.c.name}/${r.id}`} onClick={props.onPick}>
                    <Txt s={rowTitle(g.c, r)} />
                  </a>
                </li>
              ))}
            </ul>
            {g.answer.total > g.answer.items.length ? (
              <p class="more">
                <a href={`/${g.c.name}?q=${encodeURIComponent(props.q)}`} onClick={props.onPick}>
                  {t('search.all', {
                    label: collectionLabel(g.c),
                    n: formatNumber(g.answer.total),
                  })}
                </a>
              </p>
            ) : null}
          </section>
        ))}
    </div>
  );
}

/** The search box in the header. */
export function GlobalSearch() {
  const [text, setText] = useState('');
  const [groups, setGroups] = useState<SearchGroup[] | null>(null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const loc = useLocation();

  useEffect(() => setOpen(false), [loc.path, loc.search]);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setGroups(null);
      setOpen(false);
      return undefined;
    }
    const ctl = new AbortController();
    const h = window.setTimeout(() => {
      setBusy(true);
      searchAll(q, 5, ctl.signal)
        .then((g) => {
          setGroups(g);
          setOpen(true);
          setBusy(false);
          announce(
            t('search.results', { n: formatNumber(g.reduce((n, x) => n + x.answer.total, 0)) }),
          );
        })
        .catch(() => setBusy(false));
    }, 250);
    return () => {
      window.clearTimeout(h);
      ctl.abort();
    };
  }, [text]);

  const close = () => setOpen(false);
  return (
    <div
      class="global-search"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          (box.current?.querySelector('input') as HTMLInputElement | null)?.focus();
        }
      }}
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
          type="search"
          placeholder={t('search.placeholder')}
          value={text}
          autoComplete="off"
          aria-controls="global-search-panel"
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onFocus={() => groups && text.trim() && setOpen(true)}
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
      <div
        id="global-search-panel"
        class="search-panel"
        hidden={!open}
        aria-busy={busy ? 'true' : 'false'}
      >
        {groups ? <Groups q={text.trim()} groups={groups} headingLevel={2} onPick={close} /> : null}
      </div>
    </div>
  );
}

/** /search?q= */
export function SearchPage() {
  const loc = useLocation();
  const q = new URLSearchParams(loc.search).get('q')?.trim() ?? '';
  const [groups, setGroups] = useState<SearchGroup[] | null>(null);
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
    searchAll(q, 10, ctl.signal)
      .then((g) => {
        setGroups(g);
        announce(
          t('search.results', { n: formatNumber(g.reduce((n, x) => n + x.answer.total, 0)) }),
        );
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException) return;
        setError(e instanceof ApiError ? e.text() : String(e));
      });
    return () => ctl.abort();
  }, [q]);
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
        <label for="search-page-q">{t('search.label')}</label>
        <div class="inline">
          <input
            id="search-page-q"
            type="search"
            value={text}
            onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">{t('search.submit')}</button>
        </div>
      </form>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!q ? (
        <p class="muted">{t('search.empty')}</p>
      ) : groups ? (
        <Groups q={q} groups={groups} headingLevel={2} />
      ) : (
        <Loading />
      )}
    </section>
  );
}
