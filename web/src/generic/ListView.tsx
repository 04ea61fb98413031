// The list of any collection, drawn from its OpenAPI schema: search (q), a filter for every
// `filter` field, sortable headers for `sort` fields, cursor pagination (a stack of cursors for
// "previous"), a column chooser remembered per collection, CSV/XLSX export of the same query.
// The query (q, filters, sort) lives in the URL so that links and the back button keep it.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, exportUrl, type ListAnswer, type Query } from '../api/client';
import {
  collectionLabel,
  fieldLabel,
  learnOrder,
  model,
  rowTitle,
  type Collection,
  type Field,
} from '../api/openapi';
import { tagLabel, useRefOptions, useTags } from '../api/refs';
import { fromSeoulLocal, parseWon, seoulLocal } from '../format';
import { enumLabel, formatNumber, t } from '../i18n';
import { navigate, useLocation } from '../router';
import { canWrite, sessionStore } from '../session';
import { useStore } from '../store';
import { announce, Banner, Loading, SearchField } from '../ui';
import { Txt, Value } from './values';

export const PAGE_SIZE = 20;

/** The API query that the URL's search part asks of collection c (unknown keys dropped). */
export function listQuery(c: Collection, search: string): Query {
  const p = new URLSearchParams(search);
  const q: Query = {};
  const text = p.get('q');
  if (text) q.q = text;
  for (const f of c.fields) {
    const names = [
      ...(f.filter ? [f.name] : []),
      ...(f.range ? [`${f.name}_from`, `${f.name}_to`] : []),
    ];
    for (const n of names) {
      const v = p.get(n);
      if (v) q[n] = v;
    }
  }
  // every list takes ranges of when rows were made or changed (links from the homes use them)
  for (const n of ['created_at_from', 'created_at_to', 'updated_at_from', 'updated_at_to']) {
    const v = p.get(n);
    if (v) q[n] = v;
  }
  const sort = p.get('sort');
  if (sort) {
    const ok = sort
      .split(',')
      .every((s) => c.byName[s.replace(/^-/, '')]?.sort || s.replace(/^-/, '') === 'id');
    if (ok) q.sort = sort;
  }
  return q;
}

function toSearch(q: Query): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q))
    if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}

const COLS_KEY = (name: string) => `bpmc.columns.${name}`;

const META_FIELDS = new Set(['id', 'created_at', 'updated_at', 'version']);

/* The columns shown until the user chooses: the title, then fields that say most at a glance
 * (references, enums, tags, flags, dates, amounts), in table order. */
function defaultColumns(c: Collection): string[] {
  const cols: string[] = [c.titleField];
  const telling = new Set(['reference', 'enum', 'tags', 'boolean', 'date', 'money']);
  const pass = (want: (f: Field) => boolean) => {
    for (const f of c.fields) {
      if (cols.length >= 6) return;
      if (cols.includes(f.name) || META_FIELDS.has(f.name) || f.private) continue;
      if (/_en$/.test(f.name) || f.name === 'is_synthetic' || f.name === 'visibility') continue;
      if (want(f)) cols.push(f.name);
    }
  };
  pass((f) => telling.has(f.kind) && (f.filter || f.sort));
  // (a filterable text of a read-only record, such as the audit log's collection, is short)
  pass(
    (f) =>
      (f.kind !== 'longtext' || (f.readOnly && f.filter)) &&
      f.kind !== 'list' &&
      (f.filter || f.sort || f.search),
  );
  // a read-only collection (audit, users) is a record of events: say when
  if (c.fields.every((f) => f.readOnly) && c.byName.created_at) cols.push('created_at');
  if (cols.length === 1 && c.titleField !== 'id') cols.unshift('id');
  return cols;
}

/** Column names with the title first, then in the order of the table. */
function tableOrder(c: Collection, names: string[]): string[] {
  const rank = (n: string) => (n === c.titleField ? -1 : c.fields.findIndex((f) => f.name === n));
  return [...names].sort((a, b) => rank(a) - rank(b));
}

/** The columns the user chose for c (null when never chosen). */
function savedColumns(c: Collection): string[] | null {
  try {
    const raw = localStorage.getItem(COLS_KEY(c.name));
    if (raw) {
      const v = JSON.parse(raw) as unknown;
      if (Array.isArray(v)) {
        const cols = v.filter((x): x is string => typeof x === 'string' && x in c.byName);
        if (cols.length) return cols;
      }
    }
  } catch {
    /* fall back to the default */
  }
  return null;
}

function FilterControl(props: {
  c: Collection;
  f: Field;
  value: string;
  onChange: (v: string) => void;
}) {
  const { c, f, value, onChange } = props;
  const id = `filter-${c.name}-${f.name}`;
  const tags = useTags();
  const refOpts = useRefOptions(f.kind === 'reference' ? f.references : undefined);
  const label = fieldLabel(f);
  let control: JSX.Element;
  const onSelect = (e: Event) => onChange((e.currentTarget as HTMLSelectElement).value);
  if (f.kind === 'enum') {
    control = (
      <select id={id} value={value} onChange={onSelect}>
        <option value="">{t('list.all')}</option>
        {(f.enumValues ?? []).map((v) => (
          <option key={v} value={v}>
            {enumLabel(c.name, f.name, v)}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'boolean') {
    control = (
      <select id={id} value={value} onChange={onSelect}>
        <option value="">{t('list.all')}</option>
        <option value="true">{t('yes')}</option>
        <option value="false">{t('no')}</option>
      </select>
    );
  } else if (f.kind === 'tags') {
    control = (
      <select id={id} value={value} onChange={onSelect}>
        <option value="">{t('list.all')}</option>
        {[...(tags?.keys() ?? [])]
          .map((slug) => [slug, tagLabel(tags, slug)] as const)
          .sort((a, b) => a[1].localeCompare(b[1], 'ko'))
          .map(([slug, name]) => (
            <option key={slug} value={slug}>
              {name}
            </option>
          ))}
        {value && tags && !tags.has(value) ? <option value={value}>{value}</option> : null}
      </select>
    );
  } else if (f.kind === 'reference' && refOpts) {
    const target = f.references ? model()?.collections[f.references] : undefined;
    control = (
      <select id={id} value={value} onChange={onSelect}>
        <option value="">{t('list.all')}</option>
        {refOpts.map((o) => (
          <option key={o.id} value={String(o.id)}>
            {rowTitle(target, o.row)}
          </option>
        ))}
      </select>
    );
  } else {
    const type =
      f.kind === 'date'
        ? 'date'
        : f.kind === 'reference' || f.kind === 'integer'
          ? 'number'
          : 'text';
    control = (
      <input
        id={id}
        type={type}
        value={value}
        inputMode={type === 'number' ? 'numeric' : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).value.trim())}
      />
    );
  }
  return (
    <div class="filter">
      <label for={id}>{label}</label>
      {control}
    </div>
  );
}

/** From and to of a range-able field (`<name>_from`, `<name>_to`): dates, date-times (in Seoul
 * time, sent with +09:00), amounts (digits with commas) and numbers. */
function RangeControl(props: {
  c: Collection;
  f: Field;
  query: Query;
  onChange: (name: string, v: string) => void;
}) {
  const { c, f, query, onChange } = props;
  const label = fieldLabel(f);
  const bound = (end: 'from' | 'to') => {
    const name = `${f.name}_${end}`;
    const id = `filter-${c.name}-${name}`;
    const raw = String(query[name] ?? '');
    const text = t(end === 'from' ? 'list.from' : 'list.to', { label });
    let input: JSX.Element;
    if (f.kind === 'date' || f.kind === 'datetime') {
      const dt = f.kind === 'datetime';
      input = (
        <input
          id={id}
          type={dt ? 'datetime-local' : 'date'}
          value={dt ? (seoulLocal(raw) ?? raw) : raw}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            onChange(name, dt ? (fromSeoulLocal(v) ?? v) : v);
          }}
        />
      );
    } else {
      const money = f.kind === 'money';
      input = (
        <input
          id={id}
          type="text"
          inputMode={f.kind === 'decimal' || f.kind === 'number' ? 'decimal' : 'numeric'}
          class="num"
          value={money && /^\d+$/.test(raw) ? formatNumber(Number(raw)) : raw}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value.trim();
            const w = money ? parseWon(v) : null;
            onChange(name, w !== null ? String(w) : v.replace(/,/g, ''));
          }}
        />
      );
    }
    return (
      <div class="range-end">
        <label for={id}>{text}</label>
        {input}
      </div>
    );
  };
  return (
    <div class="filter range">
      {bound('from')}
      {bound('to')}
    </div>
  );
}

function ColumnChooser(props: { c: Collection; cols: string[]; setCols: (c: string[]) => void }) {
  const { c, cols, setCols } = props;
  const choices = c.fields.filter((f) => f.name !== 'version');
  return (
    <details class="columns">
      <summary>{t('list.columns')}</summary>
      <fieldset>
        <legend class="visually-hidden">{t('list.columnsHint')}</legend>
        {choices.map((f) => {
          const id = `col-${c.name}-${f.name}`;
          return (
            <div key={f.name} class="check">
              <input
                type="checkbox"
                id={id}
                checked={cols.includes(f.name)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  const next = on
                    ? tableOrder(
                        c,
                        c.fields.map((x) => x.name).filter((n) => n === f.name || cols.includes(n)),
                      )
                    : cols.filter((n) => n !== f.name);
                  if (!next.length) return;
                  setCols(next);
                }}
              />
              <label for={id}>{fieldLabel(f)}</label>
            </div>
          );
        })}
      </fieldset>
    </details>
  );
}

export interface ListViewProps {
  c: Collection;
  /** heading level 1 text; defaults to the collection label */
  heading?: string;
  /** shown above the controls */
  intro?: ComponentChildren;
  /** path of this list page (default /<collection>) */
  base?: string;
}

export function ListView(props: ListViewProps) {
  const { c } = props;
  const base = props.base ?? `/${c.name}`;
  const loc = useLocation();
  const session = useStore(sessionStore);
  const query = useMemo(() => listQuery(c, loc.search), [c, loc.search]);
  const key = JSON.stringify(query);
  // the cursors of the pages seen so far, for the current query only
  const [pages, setPages] = useState<{ key: string; cursors: (string | null)[] }>({
    key,
    cursors: [null],
  });
  const cursors = pages.key === key ? pages.cursors : [null];
  const setCursors = (next: (string | null)[]) => setPages({ key, cursors: next });
  const [answer, setAnswer] = useState<ListAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string[] | null>(() => savedColumns(c));
  const cols = saved ?? defaultColumns(c);
  const [text, setText] = useState(String(query.q ?? ''));
  const first = useRef(true);
  const activeFilters = c.fields.filter(
    (f) =>
      (f.filter && query[f.name]) ||
      (f.range && (query[`${f.name}_from`] || query[`${f.name}_to`])),
  ).length;
  // filters start open on wide screens, folded on phones unless some are set
  const [filtersOpen, setFiltersOpen] = useState(
    () => activeFilters > 0 || window.matchMedia('(min-width: 761px)').matches,
  );

  useEffect(() => {
    setSaved(savedColumns(c));
  }, [c]);
  useEffect(() => {
    setText(String(query.q ?? ''));
  }, [query.q]);

  const cursor = cursors[cursors.length - 1];
  const refs = c.fields.filter((f) => f.kind === 'reference').map((f) => f.name);

  useEffect(() => {
    const ctl = new AbortController();
    setBusy(true);
    api
      .list(
        c.name,
        { ...query, limit: PAGE_SIZE, cursor, expand: refs.length ? refs.join(',') : undefined },
        ctl.signal,
      )
      .then((a) => {
        learnOrder(c, a.items[0]);
        setAnswer(a);
        setError(null);
        setBusy(false);
        if (!first.current)
          announce(t('list.loaded', { n: formatNumber(a.total), label: collectionLabel(c) }));
        first.current = false;
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setBusy(false);
        setError(e instanceof ApiError ? e.text() : String(e));
      });
    return () => ctl.abort();
  }, [c, key, cursor, session.user?.id]);

  const setQuery = (next: Query) => {
    navigate(base + toSearch(next), { replace: true });
  };
  const setParam = (name: string, value: string) => {
    const next: Query = { ...query, [name]: value || undefined };
    setQuery(next);
  };
  const setCols = (next: string[]) => {
    setSaved(next);
    try {
      localStorage.setItem(COLS_KEY(c.name), JSON.stringify(next));
    } catch {
      /* not remembered */
    }
  };

  // search as you type, after a pause
  useEffect(() => {
    if (text === String(query.q ?? '')) return undefined;
    const h = window.setTimeout(() => setParam('q', text.trim()), 350);
    return () => window.clearTimeout(h);
  }, [text]);

  const sortKeys = String(query.sort ?? '')
    .split(',')
    .filter(Boolean);
  const sortOf = (name: string): 'asc' | 'desc' | null => {
    if (sortKeys[0] === name) return 'asc';
    if (sortKeys[0] === `-${name}`) return 'desc';
    return null;
  };
  const toggleSort = (name: string) => {
    const cur = sortOf(name);
    const next = cur === null ? name : cur === 'asc' ? `-${name}` : '';
    setParam('sort', next);
  };

  const filters = c.fields.filter((f) => f.filter && !f.range);
  const ranges = c.fields.filter((f) => f.range);
  const hasSearch = c.fields.some((f) => f.search);
  const label = collectionLabel(c);
  const columns = tableOrder(c, cols)
    .map((n) => c.byName[n])
    .filter((f): f is Field => !!f);
  // the row's link sits on its title (or on the first column when the title is not shown)
  const linkColumn = columns.some((f) => f.name === c.titleField) ? c.titleField : null;
  const page = cursors.length - 1;
  const items = answer?.items ?? [];
  const from = page * PAGE_SIZE + (items.length ? 1 : 0);
  const to = page * PAGE_SIZE + items.length;
  // the export has the columns shown (and the id, so that the file imports back as updates)
  const exportQuery: Query = {
    ...query,
    columns: ['id', ...columns.map((f) => f.name).filter((n) => n !== 'id')].join(','),
  };
  const active = Object.keys(query).length > 0;
  const newHref = (() => {
    const prefill = new URLSearchParams();
    for (const f of filters) {
      const v = query[f.name];
      if (v && !f.readOnly && (f.kind === 'reference' || f.kind === 'enum'))
        prefill.set(f.name, String(v));
    }
    const s = prefill.toString();
    return `/${c.name}/new${s ? `?${s}` : ''}`;
  })();

  return (
    <section class="list" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.heading ?? label}
        </h1>
        <div class="actions">
          {canWrite(c) && c.canCreate ? (
            <a class="button primary" href={newHref}>
              {c.name === 'users' ? t('users.invite') : t('list.new', { label })}
            </a>
          ) : null}
        </div>
      </div>
      {props.intro}
      <div class="toolbar">
        {hasSearch ? (
          <form
            class="search-form"
            role="search"
            aria-label={t('list.searchIn', { label })}
            onSubmit={(e) => {
              e.preventDefault();
              setParam('q', text.trim());
            }}
          >
            <SearchField
              id={`q-${c.name}`}
              label={t('list.searchIn', { label })}
              value={text}
              onInput={setText}
              submit={t('list.search')}
            />
          </form>
        ) : null}
        {filters.length || ranges.length ? (
          <details
            class="filters-box"
            open={filtersOpen}
            onToggle={(e) => setFiltersOpen((e.currentTarget as HTMLDetailsElement).open)}
          >
            <summary>
              {t('list.filters')}
              {activeFilters ? <span class="count-badge">{activeFilters}</span> : null}
            </summary>
            <fieldset class="filters">
              <legend class="visually-hidden">{t('list.filters')}</legend>
              {filters.map((f) => (
                <FilterControl
                  key={f.name}
                  c={c}
                  f={f}
                  value={String(query[f.name] ?? '')}
                  onChange={(v) => setParam(f.name, v)}
                />
              ))}
              {ranges.map((f) => (
                <RangeControl key={f.name} c={c} f={f} query={query} onChange={setParam} />
              ))}
              {active ? (
                <button type="button" class="link" onClick={() => setQuery({})}>
                  {t('list.clear')}
                </button>
              ) : null}
            </fieldset>
          </details>
        ) : null}
      </div>
      <div class="list-bar">
        <p class="count" aria-live="off">
          {answer
            ? items.length
              ? t('list.range', {
                  from: formatNumber(from),
                  to: formatNumber(to),
                  n: formatNumber(answer.total),
                })
              : t('list.total', { n: 0 })
            : t('list.loading')}
        </p>
        <div class="list-tools">
          <ColumnChooser c={c} cols={cols} setCols={setCols} />
          <span class="export" role="group" aria-label={t('list.export')}>
            <a class="button" href={exportUrl(c.name, exportQuery, 'csv')} download data-native>
              {t('list.csv')}
            </a>
            <a class="button" href={exportUrl(c.name, exportQuery, 'xlsx')} download data-native>
              {t('list.xlsx')}
            </a>
          </span>
        </div>
      </div>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!answer && !error ? <Loading /> : null}
      <div
        class="table-wrap"
        role="region"
        aria-label={t('list.table', { label })}
        tabIndex={0}
        hidden={!answer}
      >
        <table aria-busy={busy ? 'true' : 'false'}>
          <caption class="visually-hidden">{t('list.table', { label })}</caption>
          <thead>
            <tr>
              {columns.map((f) => {
                const s = sortOf(f.name);
                return (
                  <th
                    key={f.name}
                    scope="col"
                    aria-sort={s === 'asc' ? 'ascending' : s === 'desc' ? 'descending' : undefined}
                  >
                    {f.sort ? (
                      <button
                        type="button"
                        class="sort"
                        onClick={() => toggleSort(f.name)}
                        title={t('list.sortBy', { label: fieldLabel(f) })}
                      >
                        {fieldLabel(f)}
                        <span aria-hidden="true" class="sort-mark">
                          {s === 'asc' ? '▲' : s === 'desc' ? '▼' : '↕'}
                        </span>
                        {s ? (
                          <span class="visually-hidden">
                            {s === 'asc' ? t('list.sortAsc') : t('list.sortDesc')}
                          </span>
                        ) : null}
                      </button>
                    ) : (
                      fieldLabel(f)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {items.map((row) => (
              <tr key={row.id}>
                {columns.map((f, i) => (
                  <td key={f.name} data-label={fieldLabel(f)}>
                    {f.name === linkColumn || (i === 0 && !linkColumn) ? (
                      <a href={`/${c.name}/${row.id}`} class="row-link">
                        {f.name === c.titleField || f.name === 'id' ? (
                          <Txt s={rowTitle(c, row)} />
                        ) : (
                          <Value c={c} field={f} row={row} compact />
                        )}
                      </a>
                    ) : (
                      <Value c={c} field={f} row={row} compact />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {answer && !items.length ? <p class="empty">{t('list.empty')}</p> : null}
      </div>
      <nav class="pager" aria-label={t('list.pagination')}>
        <button
          type="button"
          disabled={page === 0 || busy}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          ← {t('list.prev')}
        </button>
        <span>{t('list.page', { n: page + 1 })}</span>
        <button
          type="button"
          disabled={!answer?.next_cursor || busy}
          onClick={() => answer?.next_cursor && setCursors([...cursors, answer.next_cursor])}
        >
          {t('list.next')} →
        </button>
      </nav>
    </section>
  );
}
