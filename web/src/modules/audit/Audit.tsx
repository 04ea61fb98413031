// The audit log as a person reads it: each entry names its record (linked while it exists), the
// collection and action in the reader's language, and what changed field by field; filters as
// drop-downs with a date range, kept in the URL. One entry on a page of its own, and every
// record's change history (`/<collection>/<id>/history`). Operators read the log; the server
// refuses everyone else, and the detail pages offer the history only to them.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, exportUrl, type ListAnswer, type Query, type Row } from '../../api/client';
import {
  collectionLabel,
  fieldLabel,
  rowTitle,
  type Collection,
  type Model,
} from '../../api/openapi';
import { formatDateTime, formatNumber, knownLabel, lang, t } from '../../i18n';
import { navigate, searchParams, useLocation } from '../../router';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import { Empty, RefLink, Txt, Value } from '../../generic/values';
import { changes, parseImage, type Change } from './diff';
import { ta } from './strings';

/** The actions the server records (engine writes and the accounts module). */
const ACTIONS = [
  'create',
  'update',
  'transition',
  'delete',
  'share',
  'unshare',
  'invite',
  'member-role',
  'member-removed',
  'anonymise',
  'login-failed',
  'login-locked',
  'login-recovery-code',
  'password-change',
  'password-reset',
  'password-reset-requested',
  'totp-enabled',
  'totp-disabled',
  'tokens-revoked',
  'access-log-purge',
];

/** Collections that are not entries but appear in the log (security events). */
const OTHER_TARGETS: Record<string, [string, string]> = {
  sessions: ['로그인', 'Sign-ins'],
  memberships: ['소속', 'Memberships'],
};

function actionLabel(a: string): string {
  return knownLabel('audit', 'action', a) ?? a;
}

function targetLabel(m: Model, name: string): string {
  const c = m.collections[name];
  if (c) return collectionLabel(c);
  const other = OTHER_TARGETS[name];
  if (!other) return name;
  return lang() === 'en' ? other[1] : other[0];
}

interface Entry extends Row {
  actor_id: number | null;
  action: string;
  collection: string;
  row_id: number | null;
  before: string | null;
  after: string | null;
  created_at: string;
}

/** The record an entry is about: its title from the images, linked while the row exists. */
function Target(props: { m: Model; e: Entry }) {
  const { m, e } = props;
  const c = m.collections[e.collection];
  const img = parseImage(e.after) ?? parseImage(e.before);
  const title = c && img ? rowTitle(c, { id: e.row_id ?? 0, ...img }) : '';
  const label = targetLabel(m, e.collection);
  if (!e.row_id) return <>{label}</>;
  const name = title || `#${e.row_id}`;
  return (
    <>
      <span class="muted">{label}</span>{' '}
      {c && c.canList && e.action !== 'delete' ? (
        <a href={`/${c.name}/${e.row_id}`}>
          <Txt s={name} />
        </a>
      ) : (
        <>
          <Txt s={name} /> {e.action === 'delete' ? ta('audit.deleted') : null}
        </>
      )}
    </>
  );
}

/** One side of a change, shown as the field's own kind when the collection is known. */
function Side(props: { c: Collection | undefined; field: string; value: unknown }) {
  const { c, field, value } = props;
  const f = c?.byName[field];
  if (value === null || value === undefined || value === '') return <Empty />;
  if (c && f) return <Value c={c} field={f} row={{ id: 0, [field]: value }} />;
  return <Txt s={typeof value === 'string' ? value : JSON.stringify(value)} />;
}

function labelOf(c: Collection | undefined, field: string): string {
  const f = c?.byName[field];
  return f ? fieldLabel(f) : field;
}

/** The field-by-field table of one entry's changes. */
export function DiffTable(props: { m: Model; e: Entry; caption: string }) {
  const { m, e } = props;
  const c = m.collections[e.collection];
  const list: Change[] = changes(parseImage(e.before), parseImage(e.after));
  if (!list.length) return <p class="muted">{ta('audit.noDiff')}</p>;
  return (
    <DataTable
      label={props.caption}
      caption
      class="diff"
      head={[ta('audit.field'), ta('audit.before'), ta('audit.after')]}
    >
      {list.map((x) => (
        <tr key={x.field}>
          <th scope="row">{labelOf(c, x.field)}</th>
          <td class="diff-before">
            <Side c={c} field={x.field} value={x.before} />
          </td>
          <td class="diff-after">
            <Side c={c} field={x.field} value={x.after} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** A line naming the fields an entry changed (the table's cell), with a link to the entry. */
function Summary(props: { m: Model; e: Entry }) {
  const { m, e } = props;
  const c = m.collections[e.collection];
  const list = changes(parseImage(e.before), parseImage(e.after));
  const names = list.slice(0, 3).map((x) => labelOf(c, x.field));
  return (
    <>
      {names.length ? (
        <span>
          {names.join(', ')}
          {list.length > 3 ? ` ${ta('audit.fieldsChanged', { n: formatNumber(list.length) })}` : ''}
        </span>
      ) : (
        <Empty />
      )}{' '}
      <a
        href={`/audit/${e.id}`}
        aria-label={`${ta('audit.details')}: ${ta('audit.entry', { id: e.id })}`}
      >
        {ta('audit.details')}
      </a>
    </>
  );
}

function Actor(props: { id: number | null }) {
  return props.id ? <RefLink collection="users" id={props.id} /> : <>{ta('audit.system')}</>;
}

/** A list of entries fetched page by page (cursor), "더 보기" keeping what was loaded. */
function useEntries(query: Query, pageSize: number) {
  const [items, setItems] = useState<Entry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const key = JSON.stringify(query);
  const load = async (cursor: string | null) => {
    setLoading(true);
    try {
      const a: ListAnswer<Entry> = await api.list<Entry>('audit', {
        ...query,
        limit: pageSize,
        cursor: cursor ?? undefined,
      });
      setItems((old) => (cursor ? [...old, ...a.items] : a.items));
      setNext(a.next_cursor);
      setTotal(a.total);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    setItems([]);
    void load(null);
  }, [key]);
  return { items, next, total, error, loading, more: () => load(next), retry: () => load(null) };
}

type Entries = ReturnType<typeof useEntries>;

/** Below a list of entries: "더 보기" while there are more. */
function More(props: { list: Entries }) {
  const { list } = props;
  if (!list.next) return null;
  return (
    <p>
      <button type="button" disabled={list.loading} onClick={() => void list.more()}>
        {ta('audit.more')}
      </button>
    </p>
  );
}

/** In place of an empty list: loading, nothing (the error says it), or text. */
function NoEntries(props: { list: Entries; text: string }) {
  if (props.list.loading) return <Loading />;
  return props.list.error ? null : <p class="muted">{props.text}</p>;
}

function LoadError(props: { error: ApiError; retry: () => void }) {
  return (
    <Banner kind="error">
      <span>{props.error.text()}</span>{' '}
      <button type="button" onClick={props.retry}>
        {ta('audit.retry')}
      </button>
    </Banner>
  );
}

export function AuditLogPage(props: { m: Model }) {
  const { m } = props;
  useTitle(ta('audit.title'));
  const loc = useLocation();
  const p = searchParams(loc);
  const filter = {
    collection: p.get('collection') ?? '',
    action: p.get('action') ?? '',
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    actor_id: p.get('actor_id') ?? '',
  };
  const query: Query = {
    collection: filter.collection || undefined,
    action: filter.action || undefined,
    actor_id: /^\d+$/.test(filter.actor_id) ? filter.actor_id : undefined,
    created_at_from: /^\d{4}-\d{2}-\d{2}$/.test(filter.from) ? filter.from : undefined,
    created_at_to: /^\d{4}-\d{2}-\d{2}$/.test(filter.to) ? filter.to : undefined,
  };
  const list = useEntries(query, 30);
  // the export has the same filters, every column of an entry
  const exported: Query = {
    ...query,
    columns: 'id,created_at,actor_id,action,collection,row_id,before,after',
  };
  const set = (k: keyof typeof filter, v: string) => {
    const q = new URLSearchParams(loc.search);
    if (v) q.set(k, v);
    else q.delete(k);
    const s = q.toString();
    navigate(`/audit${s ? `?${s}` : ''}`, { replace: true });
  };
  const targets = [
    ...m.names.filter((n) => n !== 'audit' && n !== 'access-log'),
    ...Object.keys(OTHER_TARGETS),
  ].sort((a, b) => targetLabel(m, a).localeCompare(targetLabel(m, b), 'ko'));
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {ta('audit.title')}
      </h1>
      <p class="lead">{ta('audit.lead')}</p>
      <form
        class="filters audit-filters"
        aria-label={ta('audit.filters')}
        onSubmit={(ev) => ev.preventDefault()}
      >
        <label>
          {ta('audit.collection')}
          <select
            value={filter.collection}
            onChange={(ev) => set('collection', (ev.target as HTMLSelectElement).value)}
          >
            <option value="">{ta('audit.all')}</option>
            {targets.map((n) => (
              <option key={n} value={n}>
                {targetLabel(m, n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ta('audit.action')}
          <select
            value={filter.action}
            onChange={(ev) => set('action', (ev.target as HTMLSelectElement).value)}
          >
            <option value="">{ta('audit.all')}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {ta('audit.from')}
          <input
            type="date"
            value={filter.from}
            onChange={(ev) => set('from', (ev.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {ta('audit.to')}
          <input
            type="date"
            value={filter.to}
            onChange={(ev) => set('to', (ev.target as HTMLInputElement).value)}
          />
        </label>
        {Object.values(filter).some(Boolean) ? (
          <button type="button" onClick={() => navigate('/audit', { replace: true })}>
            {ta('audit.reset')}
          </button>
        ) : null}
      </form>
      <div class="list-tools">
        {list.total !== null ? (
          <p class="muted" aria-live="polite">
            {ta('audit.count', { n: formatNumber(list.total) })}
          </p>
        ) : null}
        <span class="export" role="group" aria-label={t('list.export')}>
          {(['csv', 'xlsx'] as const).map((f) => (
            <a key={f} class="button" href={exportUrl('audit', exported, f)} download data-native>
              {t(f === 'csv' ? 'list.csv' : 'list.xlsx')}
            </a>
          ))}
        </span>
      </div>
      {list.error ? <LoadError error={list.error} retry={list.retry} /> : null}
      {list.items.length ? (
        <DataTable
          label={ta('audit.title')}
          head={[
            ta('audit.when'),
            ta('audit.actor'),
            ta('audit.action'),
            ta('audit.target'),
            ta('audit.changes'),
          ]}
        >
          {list.items.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time>
              </td>
              <td>
                <Actor id={e.actor_id} />
              </td>
              <td>{actionLabel(e.action)}</td>
              <td>
                <Target m={m} e={e} />
              </td>
              <td>
                <Summary m={m} e={e} />
              </td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <NoEntries list={list} text={ta('audit.none')} />
      )}
      <More list={list} />
    </section>
  );
}

export function AuditEntryPage(props: { m: Model; id: number }) {
  const { m, id } = props;
  const [e, setE] = useState<Entry | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const title = ta('audit.entry', { id });
  useTitle(title);
  const load = () =>
    api
      .get<Entry>('audit', id)
      .then((a) => {
        setE(a.data);
        setError(null);
      })
      .catch((x: unknown) => setError(x instanceof ApiError ? x : new ApiError({ status: 0 })));
  useEffect(() => {
    void load();
  }, [id]);
  return (
    <article class="detail" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/audit">{ta('audit.back')}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      {error ? (
        error.status === 404 ? (
          <Banner kind="error">{t('detail.notFound')}</Banner>
        ) : (
          <LoadError error={error} retry={() => void load()} />
        )
      ) : !e ? (
        <Loading />
      ) : (
        <>
          <dl class="fields">
            <div class="field">
              <dt>{ta('audit.when')}</dt>
              <dd>
                <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time>
              </dd>
            </div>
            <div class="field">
              <dt>{ta('audit.actor')}</dt>
              <dd>
                <Actor id={e.actor_id} />
              </dd>
            </div>
            <div class="field">
              <dt>{ta('audit.action')}</dt>
              <dd>{actionLabel(e.action)}</dd>
            </div>
            <div class="field">
              <dt>{ta('audit.target')}</dt>
              <dd>
                <Target m={m} e={e} />
              </dd>
            </div>
          </dl>
          <h2>{ta('audit.changes')}</h2>
          <DiffTable m={m} e={e} caption={ta('audit.changes')} />
        </>
      )}
    </article>
  );
}

/** The tabs of a record's pages: its details and its change history. */
function RecordTabs(props: { c: Collection; id: number }) {
  const { c, id } = props;
  return (
    <nav class="record-tabs" aria-label={t('detail.tabs')}>
      <ul>
        <li>
          <a href={`/${c.name}/${id}`}>{t('detail.tabInfo')}</a>
        </li>
        <li>
          <a href={`/${c.name}/${id}/history`} aria-current="page">
            {t('detail.tabHistory')}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function HistoryPage(props: { m: Model; c: Collection; id: number }) {
  const { m, c, id } = props;
  const [row, setRow] = useState<Row | null>(null);
  useEffect(() => {
    api
      .get(c.name, id)
      .then((a) => setRow(a.data))
      .catch(() => setRow(null));
  }, [c.name, id]);
  const list = useEntries({ collection: c.name, row_id: id }, 20);
  const name = row
    ? rowTitle(c, row)
    : (() => {
        const e = list.items[0];
        const img = e ? (parseImage(e.after) ?? parseImage(e.before)) : null;
        return img ? rowTitle(c, { id, ...img }) : `#${id}`;
      })();
  const title = ta('history.title', { name });
  useTitle(title);
  return (
    <article class="detail" aria-labelledby="page-title">
      <p class="crumbs">
        <a href={`/${c.name}`}>{t('detail.back', { label: collectionLabel(c) })}</a>
      </p>
      <h1 id="page-title" tabIndex={-1}>
        <Txt s={title} />
      </h1>
      <RecordTabs c={c} id={id} />
      <p class="lead">{ta('history.lead')}</p>
      {list.error ? <LoadError error={list.error} retry={list.retry} /> : null}
      {list.items.length ? (
        <ol class="history">
          {list.items.map((e) => (
            <li key={e.id}>
              <h2>
                <time dateTime={e.created_at}>{formatDateTime(e.created_at)}</time> ·{' '}
                {actionLabel(e.action)} · <Actor id={e.actor_id} />
              </h2>
              <DiffTable
                m={m}
                e={e}
                caption={`${formatDateTime(e.created_at)} ${actionLabel(e.action)}`}
              />
            </li>
          ))}
        </ol>
      ) : (
        <NoEntries list={list} text={ta('history.none')} />
      )}
      <More list={list} />
    </article>
  );
}
