// One row of any collection: every field labelled, references as links titled with the
// referenced row, the status with its allowed transitions as buttons (PATCH with If-Match; a 412
// says someone changed it first and offers a reload), edit and delete for those who may write.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Allow, type Row } from '../api/client';
import {
  collectionLabel,
  fieldLabel,
  learnOrder,
  model,
  rowTitle,
  type Collection,
} from '../api/openapi';
import { invalidateRefs } from '../api/refs';
import { enumLabel, formatDateTime, t } from '../i18n';
import { navigate } from '../router';
import { canWrite, isOperator, sessionStore } from '../session';
import { useStore } from '../store';
import { announce, Banner, Loading, useTitle } from '../ui';
import { Matches } from '../modules/directory/Matches';
import { StatusBadge, Txt, Value } from './values';

/** Whether the server's Allow (of the row or list read) names verb; without one (a route of a
 * module that does not say), the client's guess from the published rules. */
export function may(
  allow: Allow | null | undefined,
  verb: 'POST' | 'PATCH' | 'DELETE',
  guess: () => boolean,
): boolean {
  return allow ? allow.has(verb) : guess();
}

export interface RowState {
  row: Row | null;
  etag: string | null;
  /** what the caller may do with the row (the Allow header of its GET) */
  allow: Allow | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => Promise<void>;
  setRow: (row: Row, etag: string | null) => void;
}

/** Fetch row id of c (with its references expanded) and keep its ETag. */
export function useRow(c: Collection, id: number): RowState {
  const session = useStore(sessionStore);
  const [state, setState] = useState<{
    row: Row | null;
    etag: string | null;
    allow: Allow | null;
    error: ApiError | null;
    loading: boolean;
  }>({ row: null, etag: null, allow: null, error: null, loading: true });
  const refs = c.fields.filter((f) => f.kind === 'reference').map((f) => f.name);
  const reload = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const a = await api.get(c.name, id, refs.length ? { expand: refs.join(',') } : undefined);
      learnOrder(c, a.data);
      setState({ row: a.data, etag: a.etag, allow: a.allow, error: null, loading: false });
    } catch (e) {
      setState({
        row: null,
        etag: null,
        allow: null,
        error: e instanceof ApiError ? e : new ApiError({ status: 0 }),
        loading: false,
      });
    }
  }, [c, id]);
  useEffect(() => {
    void reload();
  }, [reload, session.user?.id]);
  return {
    ...state,
    reload,
    setRow: (row, etag) => setState((s) => ({ ...s, row, etag, error: null, loading: false })),
  };
}

/** Buttons for the transitions allowed from the row's current status. */
/* offer: which of the allowed status changes this user is offered (a module's rule the API
 * enforces, such as consent: a side that has signed is not offered to sign again). */
export type Offer = (to: string, row: Row) => boolean;

export function Transitions(props: { c: Collection; rs: RowState; offer?: Offer }) {
  const { c, rs } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const sf = c.statusField;
  if (!sf || !rs.row || !c.transitions.length) return null;
  const current = String(rs.row[sf] ?? '');
  const next = c.transitions
    .filter((x) => x.from === current)
    .map((x) => x.to)
    .filter((to) => !props.offer || props.offer(to, rs.row!));
  const writable = c.canPatch && may(rs.allow, 'PATCH', () => canWrite(c, rs.row ?? undefined));
  const go = async (to: string) => {
    setBusy(true);
    setError(null);
    setConflict(false);
    try {
      const a = await api.patch(c.name, rs.row!.id, { [sf]: to }, rs.etag);
      rs.setRow({ ...rs.row!, ...a.data }, a.etag);
      invalidateRefs(c.name);
      announce(t('detail.transitioned', { to: enumLabel(c.name, sf, to) }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) setConflict(true);
      else setError(e instanceof ApiError ? e.text() : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="transitions" aria-labelledby="transitions-title">
      <h2 id="transitions-title">{t('detail.status')}</h2>
      <p>
        <StatusBadge collection={c.name} field={sf} value={current} />
      </p>
      {writable ? (
        next.length ? (
          <div class="button-row" role="group" aria-label={t('detail.transitions')}>
            {next.map((to) => (
              <button key={to} type="button" disabled={busy} onClick={() => void go(to)}>
                {t('detail.transitionTo', { to: enumLabel(c.name, sf, to) })}
              </button>
            ))}
          </div>
        ) : (
          <p class="muted">{t('detail.noTransitions')}</p>
        )
      ) : null}
      {conflict ? (
        <ConflictBanner
          onReload={async () => {
            await rs.reload();
            setConflict(false);
            announce(t('conflict.reloaded'));
          }}
        />
      ) : null}
      {error ? <Banner kind="error">{error}</Banner> : null}
    </section>
  );
}

export function ConflictBanner(props: { onReload: () => void | Promise<void> }) {
  return (
    <Banner kind="warning" id="conflict">
      <span>{t('conflict.message')}</span>{' '}
      <button type="button" onClick={() => void props.onReload()}>
        {t('conflict.reload')}
      </button>
    </Banner>
  );
}

export function FieldList(props: {
  c: Collection;
  row: Row;
  skip?: string[];
  children?: ComponentChildren;
}) {
  const { c, row } = props;
  const skip = new Set(props.skip ?? []);
  const fields = c.fields.filter(
    (f) =>
      !skip.has(f.name) &&
      !['id', 'created_at', 'updated_at', 'version'].includes(f.name) &&
      f.name in row,
  );
  return (
    <dl class="fields">
      {fields.map((f) => (
        <div key={f.name} class={`field field-${f.kind}`}>
          <dt>{fieldLabel(f)}</dt>
          <dd>
            <Value c={c} field={f} row={row} />
          </dd>
        </div>
      ))}
      {props.children}
    </dl>
  );
}

export function MetaLine(props: { row: Row }) {
  const r = props.row;
  return (
    <p class="meta muted">
      {t('detail.meta', {
        created: r.created_at ? formatDateTime(String(r.created_at)) : '—',
        updated: r.updated_at ? formatDateTime(String(r.updated_at)) : '—',
        version: String(r.version ?? '—'),
      })}
    </p>
  );
}

export function DeleteButton(props: { c: Collection; row: Row; allow: Allow | null }) {
  const [error, setError] = useState<string | null>(null);
  if (!props.c.canDelete || !may(props.allow, 'DELETE', () => canWrite(props.c, props.row)))
    return null;
  // deleting a user keeps the row (the audit log points at it) and erases the person in it;
  // an erased one is not erased twice, and nobody erases their own account (409)
  const users = props.c.name === 'users';
  if (users && (props.row.anonymised_at || props.row.id === sessionStore.get().user?.id))
    return null;
  return (
    <>
      <button
        type="button"
        class="danger"
        onClick={async () => {
          if (!window.confirm(users ? t('users.anonymiseConfirm') : t('detail.deleteConfirm')))
            return;
          try {
            await api.remove(props.c.name, props.row.id);
            invalidateRefs(props.c.name);
            announce(users ? t('users.anonymised') : t('detail.deleted'));
            navigate(`/${props.c.name}`);
          } catch (e) {
            setError(e instanceof ApiError ? e.text() : String(e));
          }
        }}
      >
        {users ? t('users.anonymise') : t('detail.delete')}
      </button>
      {error ? <Banner kind="error">{error}</Banner> : null}
    </>
  );
}

/** The record's views, its details and its change history, for those who read the audit log
 * (the history page is the audit module's). */
export function RecordTabs(props: { c: { name: string }; id: number }) {
  if (!isOperator(sessionStore.get().user) || !model()?.collections.audit) return null;
  const { c, id } = props;
  return (
    <nav class="record-tabs" aria-label={t('detail.tabs')}>
      <ul>
        <li>
          <a href={`/${c.name}/${id}`} aria-current="page">
            {t('detail.tabInfo')}
          </a>
        </li>
        <li>
          <a href={`/${c.name}/${id}/history`}>{t('detail.tabHistory')}</a>
        </li>
      </ul>
    </nav>
  );
}

export function DetailView(props: { c: Collection; id: number; offer?: Offer }) {
  const { c, id } = props;
  const rs = useRow(c, id);
  const title = rs.row ? rowTitle(c, rs.row) : null;
  useTitle(title ?? collectionLabel(c));
  if (rs.loading && !rs.row) return <Loading />;
  if (rs.error || !rs.row) {
    return (
      <section>
        <h1 id="page-title" tabIndex={-1}>
          {collectionLabel(c)}
        </h1>
        <Banner kind="error">
          {rs.error?.status === 404 ? (
            t('detail.notFound')
          ) : (
            <>
              {t('detail.failed', { error: rs.error?.text() ?? '' })}{' '}
              <button type="button" onClick={() => void rs.reload()}>
                {t('retry')}
              </button>
            </>
          )}
        </Banner>
        <p>
          <a href={`/${c.name}`}>{t('detail.back', { label: collectionLabel(c) })}</a>
        </p>
      </section>
    );
  }
  const row = rs.row;
  return (
    <article class="detail" aria-labelledby="page-title">
      <p class="crumbs">
        <a href={`/${c.name}`}>{t('detail.back', { label: collectionLabel(c) })}</a>
      </p>
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          <Txt s={title ?? ''} />
        </h1>
        <div class="actions">
          {c.canPatch && may(rs.allow, 'PATCH', () => canWrite(c, row)) ? (
            <a class="button primary" href={`/${c.name}/${row.id}/edit`}>
              {t('detail.edit')}
            </a>
          ) : null}
          <DeleteButton c={c} row={row} allow={rs.allow} />
        </div>
      </div>
      <RecordTabs c={c} id={row.id} />
      <Transitions c={c} rs={rs} offer={props.offer} />
      <FieldList
        c={c}
        row={row}
        skip={c.statusField && c.transitions.length ? [c.statusField] : []}
      />
      {c.name === 'needs' || c.name === 'capabilities' ? (
        <Matches
          collection={c.name}
          id={row.id}
          orgId={typeof row.org_id === 'number' ? row.org_id : null}
          status={typeof row.status === 'string' ? row.status : null}
          outcome={typeof row.outcome === 'string' ? row.outcome : null}
          canClose={c.canPatch && may(rs.allow, 'PATCH', () => canWrite(c, row))}
          onChanged={rs.reload}
        />
      ) : null}
      <MetaLine row={row} />
    </article>
  );
}
