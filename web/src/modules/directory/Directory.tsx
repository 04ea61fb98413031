// The directory (/directory): organisations as cards, narrowed by facets — kind, tenant and
// anchor, lifecycle stage, fields — and by a search of names and descriptions; each facet value
// says how many organisations it would leave given the other choices. The list's filters take
// one value each (`?kind=`, `?fields=` means "has this field"), so a facet is a choice of one
// (radio buttons), tenants and anchors are two yes/no boxes. Everything is in the URL.
//
// Counts: one `?limit=1` request per facet value for its `total` (about forty, six at a time),
// remembered while the page is open, so that going back and forth asks nothing again; the server
// caches totals by data version too. The table of the same organisations, with its columns and
// CSV/XLSX export, is /orgs.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Query, type Row } from '../../api/client';
import { type Model } from '../../api/openapi';
import { tagLabel, useTags } from '../../api/refs';
import { TagChips, Txt } from '../../generic/values';
import { enumLabel, formatNumber, t } from '../../i18n';
import { navigate, useLocation } from '../../router';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, SearchField, useTitle } from '../../ui';
import { td, type DirKey } from './strings';

const PAGE = 24;
const SORTS = ['name', '-employees', '-founded', 'kind'];
const FIELDS_SHOWN = 8;

/** The facets the page offers, in order: those the orgs schema has as filters. */
interface Facets {
  kind: string[];
  stage: string[];
  flags: string[];
  fields: boolean;
}

/** Totals of queries, for the facet counts: remembered while the page is open. */
const totals = new Map<string, Promise<number>>();
let running = 0;
const waiting: (() => void)[] = [];

async function total(q: Query): Promise<number> {
  const key = JSON.stringify(Object.entries(q).sort());
  let p = totals.get(key);
  if (!p) {
    p = (async () => {
      // six at a time, as a browser's connections to one server
      if (running >= 6) await new Promise<void>((ok) => waiting.push(ok));
      running++;
      try {
        return (await api.list('orgs', { ...q, limit: 1 })).total;
      } finally {
        running--;
        waiting.shift()?.();
      }
    })().catch((e: unknown) => {
      totals.delete(key);
      throw e;
    });
    totals.set(key, p);
  }
  return p;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function OrgCard(props: { row: Row }) {
  const r = props.row;
  const fields = Array.isArray(r.fields) ? r.fields.map(String) : [];
  return (
    <li class="org-card">
      <h3>
        <a href={`/orgs/${r.id}`}>
          <Txt s={String(r.name ?? '')} />
        </a>
      </h3>
      {r.name_en ? (
        <p class="name-en" lang="en">
          {String(r.name_en)}
        </p>
      ) : null}
      <p class="badges">
        {r.kind ? (
          <span class="badge kind">{enumLabel('orgs', 'kind', String(r.kind))}</span>
        ) : null}
        {r.is_tenant ? <span class="badge tenant">{t('org.tenant')}</span> : null}
        {r.is_anchor ? <span class="badge anchor">{t('org.anchor')}</span> : null}
        {r.stage ? (
          <span class="badge stage">{enumLabel('orgs', 'stage', String(r.stage))}</span>
        ) : null}
        {r.is_synthetic ? <span class="badge synthetic">{t('org.synthetic')}</span> : null}
      </p>
      {fields.length ? <TagChips slugs={fields.slice(0, 5)} linkTo="directory" /> : null}
      {r.description ? (
        <p class="org-desc">
          <Txt s={truncate(String(r.description).replace(/^\[데모\]\s*/, ''), 110)} />
        </p>
      ) : null}
    </li>
  );
}

function Count(props: { n: number | undefined }) {
  if (props.n === undefined) return null;
  return <span class="count-badge">{formatNumber(props.n)}</span>;
}

/** One facet: a choice of one value (or any), each with its count. */
function Choice(props: {
  name: string;
  legend: string;
  values: { value: string; label: string }[];
  current: string;
  counts: Record<string, number>;
  onChange: (v: string) => void;
  extra?: ComponentChildren;
}) {
  return (
    <fieldset class="facet">
      <legend>{props.legend}</legend>
      <ul>
        {[{ value: '', label: td('dir.any') }, ...props.values].map((v) => {
          const id = `facet-${props.name}-${v.value || 'any'}`;
          const n = props.counts[v.value];
          return (
            <li key={v.value} class={n === 0 && props.current !== v.value ? 'none' : undefined}>
              <input
                type="radio"
                id={id}
                name={`facet-${props.name}`}
                value={v.value}
                checked={props.current === v.value}
                onChange={() => props.onChange(v.value)}
              />
              <label for={id}>
                <span>{v.label}</span> <Count n={n} />
              </label>
            </li>
          );
        })}
      </ul>
      {props.extra}
    </fieldset>
  );
}

export function DirectoryPage(props: { m: Model | null }) {
  const c = props.m?.collections.orgs;
  useTitle(t('dir.title'));
  if (!props.m) return <Loading />;
  if (!c) return <Banner kind="error">{t('error.schema')}</Banner>;
  const facets: Facets = {
    kind: c.byName.kind?.filter ? (c.byName.kind.enumValues ?? []) : [],
    stage: c.byName.stage?.filter ? (c.byName.stage.enumValues ?? []) : [],
    flags: ['is_tenant', 'is_anchor'].filter((f) => c.byName[f]?.filter),
    fields: !!c.byName.fields?.filter,
  };
  return <Directory facets={facets} />;
}

function Directory(props: { facets: Facets }) {
  const { facets } = props;
  const loc = useLocation();
  const session = useStore(sessionStore);
  const tags = useTags();
  const params = new URLSearchParams(loc.search);
  const dims = ['kind', 'stage', 'fields', ...facets.flags];
  const filters: Query = {};
  for (const d of dims) {
    const v = params.get(d);
    if (v) filters[d] = v;
  }
  const q = params.get('q') ?? '';
  const sort = SORTS.includes(params.get('sort') ?? '') ? params.get('sort')! : 'name';
  const key = JSON.stringify([filters, q, sort]);

  const [rows, setRows] = useState<{
    key: string;
    items: Row[];
    next: string | null;
    total: number;
  } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [text, setText] = useState(q);
  const [allFields, setAllFields] = useState(false);
  // the facets start open on wide screens, folded on phones (the chosen ones show as chips
  // above the results there)
  const [facetsOpen, setFacetsOpen] = useState(
    () => window.matchMedia('(min-width: 761px)').matches,
  );
  const [counts, setCounts] = useState<Record<string, Record<string, number>>>({});
  const first = useRef(true);

  // a new visit counts again (organisations may have changed since)
  useEffect(() => {
    totals.clear();
  }, []);
  useEffect(() => setText(q), [q]);

  const load = async (cursor: string | null) => {
    setBusy(true);
    try {
      const a = await api.list('orgs', {
        ...filters,
        q: q || undefined,
        sort,
        limit: PAGE,
        cursor,
      });
      setRows((cur) => ({
        key,
        items: cursor && cur?.key === key ? [...cur.items, ...a.items] : a.items,
        next: a.next_cursor,
        total: a.total,
      }));
      setError(null);
      if (!first.current && !cursor) announce(td('dir.count', { n: formatNumber(a.total) }));
      first.current = false;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    void load(null);
  }, [key, session.user?.id]);

  // the count of every facet value, given the other choices
  const countKey = JSON.stringify([filters, q, session.user?.id]);
  useEffect(() => {
    let live = true;
    const base: Query = { q: q || undefined };
    const values: Record<string, string[]> = {
      kind: facets.kind,
      stage: facets.stage,
      fields: facets.fields ? [...(tags?.keys() ?? [])] : [],
    };
    for (const f of facets.flags) values[f] = ['true'];
    const jobs: Promise<void>[] = [];
    const next: Record<string, Record<string, number>> = {};
    for (const d of Object.keys(values)) {
      const others: Query = { ...base };
      for (const [k, v] of Object.entries(filters)) if (k !== d) others[k] = v;
      next[d] = {};
      for (const v of ['', ...values[d]]) {
        jobs.push(
          total(v ? { ...others, [d]: v } : others).then(
            (n) => void (next[d][v] = n),
            () => undefined,
          ),
        );
      }
    }
    void Promise.all(jobs).then(() => live && setCounts(next));
    return () => {
      live = false;
    };
  }, [countKey, tags]);

  const go = (changes: Record<string, string | null>) => {
    const p = new URLSearchParams(loc.search);
    for (const [k, v] of Object.entries(changes)) {
      if (!v) p.delete(k);
      else p.set(k, v);
    }
    const s = p.toString();
    navigate(`/directory${s ? `?${s}` : ''}`, { replace: true });
  };

  // search as one types, after a pause
  useEffect(() => {
    if (text.trim() === q) return undefined;
    const h = window.setTimeout(() => go({ q: text.trim() || null }), 300);
    return () => window.clearTimeout(h);
  }, [text]);

  const fieldValues = useMemo(() => {
    const cf = counts.fields ?? {};
    const list = [...(tags?.keys() ?? [])]
      .filter((s) => cf[s] === undefined || cf[s] > 0 || filters.fields === s)
      .map((s) => ({ value: s, label: tagLabel(tags, s) }))
      .sort(
        (a, b) => (cf[b.value] ?? 0) - (cf[a.value] ?? 0) || a.label.localeCompare(b.label, 'ko'),
      );
    return list;
  }, [tags, counts.fields, filters.fields]);
  const shownFields = allFields
    ? fieldValues
    : fieldValues.filter((v, i) => i < FIELDS_SHOWN || v.value === filters.fields);

  const chosen: { key: string; label: string }[] = [];
  if (filters.kind)
    chosen.push({ key: 'kind', label: enumLabel('orgs', 'kind', String(filters.kind)) });
  if (filters.is_tenant) chosen.push({ key: 'is_tenant', label: t('org.tenant') });
  if (filters.is_anchor) chosen.push({ key: 'is_anchor', label: t('org.anchor') });
  if (filters.stage)
    chosen.push({ key: 'stage', label: enumLabel('orgs', 'stage', String(filters.stage)) });
  if (filters.fields) chosen.push({ key: 'fields', label: tagLabel(tags, String(filters.fields)) });
  if (q) chosen.push({ key: 'q', label: `“${q}”` });

  const tableHref = `/orgs${loc.search}`;
  const current = rows && rows.key === key ? rows : null;
  return (
    <section class="directory" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('dir.title')}
        </h1>
        <div class="actions">
          <a class="button" href={tableHref}>
            {td('dir.tableView')}
          </a>
          {isOperator(session.user) ? (
            <a class="button primary" href="/orgs/new">
              {t('list.new', { label: t('org.profile').replace(/ 프로필$| profile$/, '') })}
            </a>
          ) : null}
        </div>
      </div>
      <p class="lead">{t('dir.intro')}</p>
      <div class="dir-bar">
        <form
          role="search"
          aria-label={td('dir.search')}
          class="dir-search"
          onSubmit={(e) => {
            e.preventDefault();
            go({ q: text.trim() || null });
          }}
        >
          <SearchField
            id="dir-q"
            label={td('dir.search')}
            value={text}
            onInput={setText}
            submit={t('list.search')}
          />
        </form>
        <div class="dir-sort">
          <label for="dir-sort">{td('dir.sort')}</label>
          <select
            id="dir-sort"
            value={sort}
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              go({ sort: v === 'name' ? null : v });
            }}
          >
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {td(`dir.sort.${s}` as DirKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="dir-layout">
        <aside class="dir-facets" aria-labelledby="facets-title">
          <details
            open={facetsOpen}
            onToggle={(e) => setFacetsOpen((e.currentTarget as HTMLDetailsElement).open)}
          >
            <summary>
              <h2 id="facets-title">
                {td('dir.facets')}
                {chosen.length ? <span class="count-badge">{chosen.length}</span> : null}
              </h2>
            </summary>
            {facets.kind.length ? (
              <Choice
                name="kind"
                legend={td('dir.kind')}
                values={facets.kind.map((v) => ({ value: v, label: enumLabel('orgs', 'kind', v) }))}
                current={String(filters.kind ?? '')}
                counts={counts.kind ?? {}}
                onChange={(v) => go({ kind: v })}
              />
            ) : null}
            {facets.flags.length ? (
              <fieldset class="facet">
                <legend>{td('dir.badges')}</legend>
                <ul>
                  {facets.flags.map((f) => {
                    const id = `facet-${f}`;
                    return (
                      <li key={f}>
                        <input
                          type="checkbox"
                          id={id}
                          checked={filters[f] === 'true'}
                          onChange={(e) =>
                            go({
                              [f]: (e.currentTarget as HTMLInputElement).checked ? 'true' : null,
                            })
                          }
                        />
                        <label for={id}>
                          <span>{f === 'is_tenant' ? t('org.tenant') : t('org.anchor')}</span>{' '}
                          <Count n={counts[f]?.true} />
                        </label>
                      </li>
                    );
                  })}
                </ul>
              </fieldset>
            ) : null}
            {facets.stage.length ? (
              <Choice
                name="stage"
                legend={td('dir.stage')}
                values={facets.stage.map((v) => ({
                  value: v,
                  label: enumLabel('orgs', 'stage', v),
                }))}
                current={String(filters.stage ?? '')}
                counts={counts.stage ?? {}}
                onChange={(v) => go({ stage: v })}
              />
            ) : null}
            {facets.fields ? (
              <Choice
                name="fields"
                legend={td('dir.fields')}
                values={shownFields}
                current={String(filters.fields ?? '')}
                counts={counts.fields ?? {}}
                onChange={(v) => go({ fields: v })}
                extra={
                  fieldValues.length > FIELDS_SHOWN ? (
                    <button
                      type="button"
                      class="link"
                      aria-expanded={allFields ? 'true' : 'false'}
                      onClick={() => setAllFields(!allFields)}
                    >
                      {allFields
                        ? td('dir.lessFields')
                        : td('dir.moreFields', { n: fieldValues.length - shownFields.length })}
                    </button>
                  ) : null
                }
              />
            ) : null}
          </details>
        </aside>
        <div class="dir-results" aria-labelledby="results-title">
          <h2 id="results-title" class="visually-hidden">
            {td('dir.results')}
          </h2>
          <div class="dir-summary">
            <p class="count">
              {current ? td('dir.count', { n: formatNumber(current.total) }) : t('list.loading')}
            </p>
            {chosen.length ? (
              <ul class="chosen" aria-label={t('list.filters')}>
                {chosen.map((x) => (
                  <li key={x.key}>
                    <button
                      type="button"
                      class="chip-button"
                      aria-label={td('dir.remove', { label: x.label })}
                      onClick={() => {
                        if (x.key === 'q') setText('');
                        go({ [x.key]: null });
                      }}
                    >
                      {x.label}
                      <span aria-hidden="true"> ×</span>
                    </button>
                  </li>
                ))}
                {chosen.length > 1 ? (
                  <li>
                    <a href="/directory" class="small" onClick={() => setText('')}>
                      {td('dir.clear')}
                    </a>
                  </li>
                ) : null}
              </ul>
            ) : null}
          </div>
          {error ? <Banner kind="error">{error.text()}</Banner> : null}
          {!current && !error ? <Loading /> : null}
          {current && !current.items.length ? <p class="empty">{td('dir.none')}</p> : null}
          {current && current.items.length ? (
            <ul class="org-cards" aria-busy={busy ? 'true' : 'false'}>
              {current.items.map((r) => (
                <OrgCard key={r.id} row={r} />
              ))}
            </ul>
          ) : null}
          {current?.next ? (
            <p class="more-row">
              <button type="button" disabled={busy} onClick={() => void load(current.next)}>
                {td('dir.more')} ({formatNumber(current.items.length)} /{' '}
                {formatNumber(current.total)})
              </button>
            </p>
          ) : null}
        </div>
      </div>
    </section>
  );
}
