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
  rowTitle,
  type Collection,
  type Field,
} from '../api/openapi';
import { tagLabel, useTags } from '../api/refs';
import { formatBrn, fromSeoulLocal, parseWon, seoulLocal } from '../format';
import { enumLabel, formatNumber, t } from '../i18n';
import { navigate, takeScroll, useLocation } from '../router';
import { canWrite, sessionStore } from '../session';
import { useStore } from '../store';
import { announce, Banner, Loading, SearchField } from '../ui';
import { may } from './DetailView';
import { RefPicker } from './RefPicker';
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
  // rows missing any of some fields (the operators' incomplete-profiles queue links here)
  const missing = p.get('missing');
  if (missing) {
    const names = missing.split(',').filter((n) => c.byName[n] && !c.byName[n].private);
    if (names.length) q.missing = names.join(',');
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

/** The values of a facet in the URL: comma-separated, any of them (the server's OR). */
function valuesOf(v: string): string[] {
  return v ? v.split(',').filter(Boolean) : [];
}

/** A facet of several values: a group of checkboxes (OR inside the facet). */
function CheckFacet(props: {
  id: string;
  label: string;
  choices: (readonly [string, string])[];
  value: string;
  onChange: (v: string) => void;
  many?: boolean;
}) {
  const chosen = valuesOf(props.value);
  const toggle = (v: string, on: boolean) => {
    const next = on ? [...chosen, v] : chosen.filter((x) => x !== v);
    props.onChange(next.join(','));
  };
  const group = (
    <fieldset class={`facet-checks${props.many ? ' many' : ''}`} id={props.id}>
      <legend>{props.label}</legend>
      {props.choices.map(([v, name]) => {
        const cid = `${props.id}-${v}`;
        return (
          <div class="check" key={v}>
            <input
              type="checkbox"
              id={cid}
              checked={chosen.includes(v)}
              onChange={(e) => toggle(v, (e.currentTarget as HTMLInputElement).checked)}
            />
            <label for={cid}>{name}</label>
          </div>
        );
      })}
    </fieldset>
  );
  return <div class="filter facet">{group}</div>;
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
  const label = fieldLabel(f);
  let control: JSX.Element;
  const onSelect = (e: Event) => onChange((e.currentTarget as HTMLSelectElement).value);
  if (f.kind === 'enum') {
    return (
      <CheckFacet
        id={id}
        label={label}
        value={value}
        onChange={onChange}
        choices={(f.enumValues ?? []).map((v) => [v, enumLabel(c.name, f.name, v)] as const)}
      />
    );
  } else if (f.kind === 'tags') {
    const list = [...(tags?.keys() ?? [])]
      .map((slug) => [slug, tagLabel(tags, slug)] as const)
      .sort((a, b) => a[1].localeCompare(b[1], 'ko'));
    for (const v of valuesOf(value)) if (tags && !tags.has(v)) list.push([v, v]);
    return (
      <CheckFacet id={id} label={label} value={value} onChange={onChange} choices={list} many />
    );
  } else if (f.kind === 'boolean') {
    control = (
      <select id={id} value={value} onChange={onSelect}>
        <option value="">{t('list.all')}</option>
        <option value="true">{t('yes')}</option>
        <option value="false">{t('no')}</option>
      </select>
    );
  } else if ((f.kind === 'reference' || f.kind === 'refs') && f.references) {
    control = (
      <RefPicker
        id={id}
        collection={f.references}
        multiple
        value={valuesOf(value)
          .map(Number)
          .filter((n) => Number.isInteger(n) && n > 0)}
        onChange={(ids) => onChange(ids.join(','))}
      />
    );
  } else {
    const type = f.kind === 'date' ? 'date' : f.kind === 'integer' ? 'number' : 'text';
    control = (
      <input
        id={id}
        type={type}
        value={f.kind === 'brn' ? formatBrn(value) : value}
        inputMode={type === 'number' || f.kind === 'brn' ? 'numeric' : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).value.trim())}
      />
    );
  }
  return (
    <div class={`filter${f.kind === 'reference' || f.kind === 'refs' ? ' filter-ref' : ''}`}>
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

/** The page state of a list in its URL besides the query: the first page shown and how many
 * more "더 보기" added under it. */
function pageState(search: string): { page: number; more: number } {
  const p = new URLSearchParams(search);
  const num = (k: string, min: number) => {
    const n = Number(p.get(k));
    return Number.isInteger(n) && n >= min ? Math.min(n, 10000) : min;
  };
  return { page: num('page', 1), more: Math.min(num('more', 0), 9) };
}

/** The page numbers to offer around page p of last: 1 … p-2 … p+2 … last. */
function pageNumbers(p: number, last: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - p) <= 2) out.push(n);
    else if (out[out.length - 1] !== null) out.push(null);
  }
  return out;
}

function typingIn(el: EventTarget | null): boolean {
  const e = el as HTMLElement | null;
  return !!e && (/^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName) || e.isContentEditable);
}

export function ListView(props: ListViewProps) {
  const { c } = props;
  const base = props.base ?? `/${c.name}`;
  const loc = useLocation();
  const session = useStore(sessionStore);
  const query = useMemo(() => listQuery(c, loc.search), [c, loc.search]);
  const key = JSON.stringify(query);
  const { page, more } = pageState(loc.search);
  const [answer, setAnswer] = useState<ListAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState<string[] | null>(() => savedColumns(c));
  const cols = saved ?? defaultColumns(c);
  const [text, setText] = useState(String(query.q ?? ''));
  const first = useRef(true);
  const searchBox = useRef<HTMLInputElement | null>(null);
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

  // `/` goes to the search box (as on many sites), unless one is typing somewhere
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const box = document.getElementById(`q-${c.name}`) as HTMLInputElement | null;
      if (!box) return;
      e.preventDefault();
      box.focus();
      box.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [c]);

  const refs = c.fields.filter((f) => f.kind === 'reference').map((f) => f.name);

  useEffect(() => {
    const ctl = new AbortController();
    setBusy(true);
    const expand = refs.length ? refs.join(',') : undefined;
    // the first page shown and those "더 보기" added: each as the numbered page it is
    const pages = Array.from({ length: more + 1 }, (_, i) =>
      api.list(c.name, { ...query, limit: PAGE_SIZE, page: page + i, expand }, ctl.signal),
    );
    Promise.all(pages)
      .then((list) => {
        const last = list[list.length - 1];
        const a: ListAnswer = {
          items: list.flatMap((x) => x.items),
          next_cursor: last.next_cursor,
          total: list[0].total,
          allow: list[0].allow,
        };
        learnOrder(c, a.items[0]);
        setAnswer(a);
        setError(null);
        setBusy(false);
        if (!first.current)
          announce(t('list.loaded', { n: formatNumber(a.total), label: collectionLabel(c) }));
        first.current = false;
        // Back and Forward: where the user was, once the rows are drawn
        const y = takeScroll();
        if (y !== null) window.requestAnimationFrame(() => window.scrollTo(0, y));
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setBusy(false);
        setError(e instanceof ApiError ? e.text() : String(e));
      });
    return () => ctl.abort();
  }, [c, key, page, more, session.user?.id, session.user?.org_id, attempt]);

  /** The URL of this list with query q at page p (more pages under it: m). */
  const href = (q: Query, p = 1, m = 0) => {
    const search = toSearch(q);
    const extra = new URLSearchParams();
    if (p > 1) extra.set('page', String(p));
    if (m > 0) extra.set('more', String(m));
    const e = extra.toString();
    return base + (search ? `${search}${e ? `&${e}` : ''}` : e ? `?${e}` : '');
  };
  const setQuery = (next: Query) => {
    // a new query starts at its first page
    navigate(href(next), { replace: true });
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
  const items = answer?.items ?? [];
  const total = answer?.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const shownTo = page + more; // the last page shown
  const from = (page - 1) * PAGE_SIZE + (items.length ? 1 : 0);
  const to = (page - 1) * PAGE_SIZE + items.length;
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
      if (
        v &&
        !String(v).includes(',') &&
        !f.readOnly &&
        (f.kind === 'reference' || f.kind === 'enum')
      )
        prefill.set(f.name, String(v));
    }
    const s = prefill.toString();
    return `/${c.name}/new${s ? `?${s}` : ''}`;
  })();
  const mayCreate = c.canCreate && answer !== null && may(answer.allow, 'POST', () => canWrite(c));

  return (
    <section class="list" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {props.heading ?? label}
        </h1>
        <div class="actions">
          {mayCreate ? (
            <a class="button primary" href={newHref}>
              {c.name === 'users' ? t('users.invite') : t('list.new', { label })}
            </a>
          ) : null}
        </div>
      </div>
      {props.intro}
      {typeof query.missing === 'string' ? (
        <p class="notice list-missing">
          {t('list.missing', {
            fields: query.missing
              .split(',')
              .map((n) => fieldLabel(c.byName[n]))
              .join(', '),
          })}{' '}
          <button type="button" class="small" onClick={() => setParam('missing', '')}>
            {t('list.missingClear')}
          </button>
        </p>
      ) : null}
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
              shortcut="/"
              inputRef={searchBox}
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
            <div class="filters" role="group" aria-label={t('list.filters')}>
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
            </div>
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
            : error
              ? ''
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
      {error ? (
        <Banner kind="error">
          {t('list.failed', { label, error })}{' '}
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            {t('retry')}
          </button>
        </Banner>
      ) : null}
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
      {answer && shownTo < lastPage ? (
        <p class="more-row">
          <button
            type="button"
            class="more"
            disabled={busy}
            onClick={() =>
              more < 9
                ? navigate(href(query, page, more + 1), { replace: true, keepScroll: true })
                : navigate(href(query, shownTo + 1))
            }
          >
            {t('list.more')}
          </button>
        </p>
      ) : null}
      {answer && lastPage > 1 ? (
        <nav class="pager" aria-label={t('list.pagination')}>
          {page > 1 ? (
            <a class="button" href={href(query, page - 1)} rel="prev">
              ← {t('list.prev')}
            </a>
          ) : null}
          <ol class="pages">
            {pageNumbers(page, lastPage).map((n, i) =>
              n === null ? (
                <li key={`gap-${i}`} aria-hidden="true" class="gap">
                  …
                </li>
              ) : (
                <li key={n}>
                  <a
                    href={href(query, n)}
                    aria-current={
                      n === page ? 'page' : n > page && n <= shownTo ? 'true' : undefined
                    }
                    class={n >= page && n <= shownTo ? 'current' : undefined}
                  >
                    {formatNumber(n)}
                    <span class="visually-hidden">{t('list.pageSuffix')}</span>
                  </a>
                </li>
              ),
            )}
          </ol>
          {shownTo < lastPage ? (
            <a class="button" href={href(query, shownTo + 1)} rel="next">
              {t('list.next')} →
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
