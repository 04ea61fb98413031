// One collaboration (/collaborations/:id) as its two organisations work on it: the status with
// its allowed changes, where it came from (the need and the capability), its milestones (a list
// edited in place: PATCH with If-Match, a conflict reloads), its agreements (added here; draft →
// signed → expired or terminated), its action items and its meetings. Consent (docs/
// collaboration.md): a proposed collaboration, and an agreement, wait for each of the two
// organisations; the page says which side has confirmed (signed) and offers the other side's
// org-admins and members to confirm (sign), never the side that already has.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import type { FieldsOf } from '../../api/types';
import { fieldLabel, model, type Collection } from '../../api/openapi';
import { invalidateRefs } from '../../api/refs';
import {
  ConflictBanner,
  DetailView,
  MetaLine,
  RecordTabs,
  Transitions,
  useRow,
} from '../../generic/DetailView';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, t } from '../../i18n';
import { canWrite, isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { named, refusalText } from './Board';
import { ActionList } from './Council';
import { tc } from './strings';

/* Which side of a row of two organisations the signed-in user speaks for in a consent:
 * 'org' (the asking organisation), 'partner', or null (an operator, another role, an outsider). */
function consentSide(row: Row): 'org' | 'partner' | null {
  const u = sessionStore.get().user;
  if (!u || !u.org_id || (u.role !== 'org-admin' && u.role !== 'org-member')) return null;
  if (row.org_id === u.org_id) return 'org';
  if (row.partner_org_id === u.org_id) return 'partner';
  return null;
}

/* Each side's confirmation of a proposed collaboration, and the button of the side that has not
 * confirmed yet; declining (terminated) is offered to both. */
function Consent(props: {
  c: Collection;
  row: Row;
  etag: string | null;
  setRow: (r: Row, etag: string | null) => void;
  reload: () => Promise<void>;
}) {
  const { row } = props;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState(false);
  const side = consentSide(row);
  const mine = side ? row[`${side}_confirmed_at`] : null;
  const writable = canWrite(props.c, row) && props.c.canPatch;
  const go = async (to: string) => {
    setBusy(true);
    setError(null);
    try {
      const a = await api.patch(props.c.name, row.id, { status: to }, props.etag);
      props.setRow({ ...row, ...a.data }, a.etag);
      invalidateRefs(props.c.name);
      announce(
        a.data.status === to
          ? t('detail.transitioned', { to: enumLabel(props.c.name, 'status', to) })
          : tc('consent.confirmedWaiting'),
      );
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0 });
      if (err.status === 412) setConflict(true);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  const state = (at: unknown) =>
    at
      ? tc('consent.confirmedOn', { date: formatDate(String(at).slice(0, 10)) })
      : tc('consent.waiting');
  return (
    <section class="transitions consent" aria-labelledby="consent-title">
      <h2 id="consent-title">{t('detail.status')}</h2>
      <p>
        <span class="badge status-proposed">{enumLabel(props.c.name, 'status', 'proposed')}</span>{' '}
        {tc('consent.lead')}
      </p>
      <ul class="consent-sides">
        <li>
          <Txt s={named(row, 'org')} />: {state(row.org_confirmed_at)}
        </li>
        <li>
          <Txt s={named(row, 'partner_org')} />: {state(row.partner_confirmed_at)}
        </li>
      </ul>
      {writable ? (
        <div class="button-row" role="group" aria-label={t('detail.transitions')}>
          {side && !mine ? (
            <button type="button" disabled={busy} onClick={() => void go('active')}>
              {tc('consent.confirm')}
            </button>
          ) : null}
          <button type="button" disabled={busy} onClick={() => void go('terminated')}>
            {tc('consent.decline')}
          </button>
        </div>
      ) : null}
      {side && mine ? <p class="muted">{tc('consent.waitingOther')}</p> : null}
      {!side && isOperator(sessionStore.get().user) ? (
        <p class="muted">{tc('consent.operator')}</p>
      ) : null}
      {error ? <Banner kind="error">{refusalText(error)}</Banner> : null}
      {conflict ? (
        <ConflictBanner
          onReload={async () => {
            await props.reload();
            setConflict(false);
            announce(t('conflict.reloaded'));
          }}
        />
      ) : null}
    </section>
  );
}

/** A user of one of the collaboration's two organisations (GET /collaborations/{id}/members). */
export interface Person {
  id: number;
  name: string;
  org_id: number;
}

/** The people of the collaboration's two organisations: who may own its milestones and items. */
function usePeople(collabId: number): Person[] | null {
  const [people, setPeople] = useState<Person[] | null>(null);
  useEffect(() => {
    let live = true;
    request<{ items: Person[] }>('GET', `collaborations/${collabId}/members`)
      .then((a) => live && setPeople(a.data.items))
      .catch(() => live && setPeople([]));
    return () => {
      live = false;
    };
  }, [collabId]);
  return people;
}

/** Today in Korea (YYYY-MM-DD): what is due before it and not done is overdue. */
function todayInKorea(): string {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
}

/** A choice of owner among the two organisations' people, grouped by organisation. */
/** A labelled input of this page's forms and its error, which aria-describedby points to;
 * required: the browser's check, marked: aria-required (the label says so). */
function InputField(props: {
  id: string;
  label: ComponentChildren;
  type: 'text' | 'date';
  value: string;
  onInput: (value: string) => void;
  error?: string;
  required?: boolean;
  marked?: boolean;
}) {
  const { id, error } = props;
  return (
    <div class={`form-field${error ? ' has-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        id={id}
        type={props.type}
        required={props.required}
        value={props.value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-required={props.marked ? 'true' : undefined}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A milestone's or an action item's title, due day and owner, as its form asks for them. */
interface ItemDraft {
  title: string;
  due_on: string;
  owner_id: string;
}
function ItemFields(props: {
  prefix: 'milestone' | 'action';
  titleLabel: string;
  row: Row;
  people: Person[] | null;
  draft: ItemDraft;
  onChange: (draft: ItemDraft) => void;
  errors: Record<string, string>;
}) {
  const { prefix, draft, errors } = props;
  return (
    <>
      <InputField
        id={`${prefix}-title`}
        label={props.titleLabel}
        type="text"
        required
        value={draft.title}
        error={errors.title}
        onInput={(v) => props.onChange({ ...draft, title: v })}
      />
      <InputField
        id={`${prefix}-due`}
        label={tc('action.due')}
        type="date"
        value={draft.due_on}
        error={errors.due_on}
        onInput={(v) => props.onChange({ ...draft, due_on: v })}
      />
      <OwnerSelect
        id={`${prefix}-owner`}
        row={props.row}
        people={props.people}
        value={draft.owner_id}
        onChange={(v) => props.onChange({ ...draft, owner_id: v })}
        error={errors.owner_id}
      />
    </>
  );
}

function OwnerSelect(props: {
  id: string;
  row: Row;
  people: Person[] | null;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { row, people } = props;
  const group = (org: unknown, stem: string) => {
    const list = (people ?? []).filter((p) => p.org_id === org);
    return list.length ? (
      <optgroup label={named(row, stem)}>
        {list.map((p) => (
          <option key={p.id} value={String(p.id)}>
            {p.name}
          </option>
        ))}
      </optgroup>
    ) : null;
  };
  return (
    <div class={`form-field${props.error ? ' has-error' : ''}`}>
      <label for={props.id}>{tc('action.owner')}</label>
      <select
        id={props.id}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={`${props.error ? `${props.id}-error ` : ''}${props.id}-hint`}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">{tc('people.none')}</option>
        {group(row.org_id, 'org')}
        {group(row.partner_org_id, 'partner_org')}
      </select>
      <p class="hint" id={`${props.id}-hint`}>
        {people === null ? t('list.loading') : tc('people.hint')}
      </p>
      {props.error ? (
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function personName(people: Person[] | null, id: unknown): string | null {
  return (people ?? []).find((p) => p.id === id)?.name ?? null;
}

/* The collaboration's milestones: rows of their own (collaboration-milestones), each with a due
 * date, an owner of the two organisations and done; those past due and not done stand out. */
function Milestones(props: { row: Row; people: Person[] | null; writable: boolean }) {
  const { row, people } = props;
  const mc = model()?.collections['collaboration-milestones'];
  const [items, setItems] = useState<Row[] | null>(null);
  const [draft, setDraft] = useState<ItemDraft>({ title: '', due_on: '', owner_id: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [rowError, setRowError] = useState<{ id: number; e: ApiError } | null>(null);
  const load = () =>
    api
      .list('collaboration-milestones', { collaboration_id: row.id, sort: 'due_on', limit: 200 })
      .then((a) => setItems(a.items))
      .catch(() => setItems([]));
  useEffect(() => {
    void load();
  }, [row.id]);
  if (!mc) return null;
  const today = todayInKorea();
  const add = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.create('collaboration-milestones', {
        collaboration_id: row.id,
        title: draft.title.trim(),
        due_on: draft.due_on || null,
        owner_id: draft.owner_id ? Number(draft.owner_id) : null,
      });
      setDraft({ title: '', due_on: '', owner_id: '' });
      announce(tc('collab.milestoneSaved'));
      await load();
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  const toggle = async (m: Row) => {
    setRowError(null);
    try {
      const cur = await api.get('collaboration-milestones', m.id);
      await api.patch('collaboration-milestones', m.id, { done: !cur.data.done }, cur.etag);
      announce(
        tc(cur.data.done ? 'milestone.reopened' : 'milestone.doneDone', { title: String(m.title) }),
      );
      await load();
    } catch (x) {
      setRowError({ id: m.id, e: x instanceof ApiError ? x : new ApiError({ status: 0 }) });
    }
  };
  const fe = error?.fieldErrors() ?? {};
  const rest = error
    ? Object.entries(fe)
        .filter(([k]) => !['title', 'due_on', 'owner_id'].includes(k))
        .map(([, v]) => v)
        .join(' · ') || (Object.keys(fe).length ? '' : error.text())
    : '';
  const canAdd = props.writable && mc.canCreate;
  return (
    <section class="card" aria-labelledby="milestones-title">
      <h2 id="milestones-title">{tc('collab.milestones')}</h2>
      {items === null ? <Loading /> : null}
      {items && !items.length ? <p class="muted">{tc('collab.milestonesNone')}</p> : null}
      {items && items.length ? (
        <ol class="milestones">
          {items.map((m) => {
            const overdue = !m.done && !!m.due_on && String(m.due_on) < today;
            const owner = personName(people, m.owner_id);
            return (
              <li
                key={m.id}
                class={`milestone${overdue ? ' overdue' : ''}${m.done ? ' done' : ''}`}
              >
                {props.writable ? (
                  <input
                    type="checkbox"
                    id={`milestone-${m.id}`}
                    checked={!!m.done}
                    onChange={() => void toggle(m)}
                  />
                ) : null}
                <label
                  class="milestone-text"
                  for={props.writable ? `milestone-${m.id}` : undefined}
                >
                  <Txt s={String(m.title ?? '')} />
                  {!props.writable && m.done ? (
                    <span class="badge status-done">{tc('milestone.done')}</span>
                  ) : null}
                </label>
                <span class="milestone-meta small">
                  {m.due_on ? (
                    <>
                      {' · '}
                      <time dateTime={String(m.due_on)}>{formatDate(String(m.due_on))}</time>
                    </>
                  ) : null}
                  {owner ? (
                    <>
                      {' · '}
                      <span class="muted">{tc('action.owner')}: </span>
                      <Txt s={owner} />
                    </>
                  ) : null}
                  {overdue ? <span class="badge overdue-badge">{tc('action.overdue')}</span> : null}{' '}
                  <a href={`/collaboration-milestones/${m.id}`} class="quiet">
                    {tc('milestone.open')}
                    <span class="visually-hidden">: {String(m.title ?? '')}</span>
                  </a>
                </span>
                {rowError?.id === m.id ? (
                  <Banner kind="error">{refusalText(rowError.e)}</Banner>
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
      {canAdd ? (
        <form
          class="inline-add milestone-form"
          onSubmit={(e) => void add(e)}
          aria-label={tc('collab.milestoneNew')}
        >
          <h3>{tc('collab.milestoneNew')}</h3>
          <ItemFields
            prefix="milestone"
            titleLabel={tc('milestone.title')}
            row={row}
            people={people}
            draft={draft}
            onChange={setDraft}
            errors={fe}
          />
          {rest ? <Banner kind="error">{rest}</Banner> : null}
          <button type="submit" disabled={busy}>
            {tc('collab.milestoneAdd')}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/* An action item of the collaboration, asked for in place: its owner is picked among the two
 * organisations' people; the item belongs to the caller's organisation. */
function ActionForm(props: {
  row: Row;
  people: Person[] | null;
  orgId: number;
  onAdded: () => void;
}) {
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ItemDraft>({ title: '', due_on: '', owner_id: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!open) {
    return (
      <p>
        <button type="button" class="small" onClick={() => setOpen(true)}>
          {tc('collab.actionNew')}
        </button>
      </p>
    );
  }
  const fe = error?.fieldErrors() ?? {};
  const rest = error
    ? Object.entries(fe)
        .filter(([k]) => !['title', 'due_on', 'owner_id'].includes(k))
        .map(([, v]) => v)
        .join(' · ') || (Object.keys(fe).length ? '' : error.text())
    : '';
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.create('action-items', {
        title: draft.title.trim(),
        org_id: props.orgId,
        collaboration_id: props.row.id,
        due_on: draft.due_on || null,
        owner_id: draft.owner_id ? Number(draft.owner_id) : null,
      });
      setDraft({ title: '', due_on: '', owner_id: '' });
      setOpen(false);
      announce(tc('action.added'));
      props.onAdded();
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="inline-add action-form"
      onSubmit={(e) => void submit(e)}
      aria-label={tc('collab.actionNew')}
    >
      <h3>{tc('collab.actionNew')}</h3>
      <ItemFields
        prefix="action"
        titleLabel={tc('action.item')}
        row={props.row}
        people={props.people}
        draft={draft}
        onChange={setDraft}
        errors={fe}
      />
      {rest ? <Banner kind="error">{rest}</Banner> : null}
      <div class="button-row">
        <button type="submit" class="primary" disabled={busy}>
          {tc('collab.milestoneAdd')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}

type AgreementDraft = Record<
  FieldsOf<'agreements', 'kind' | 'title' | 'signed_on' | 'starts_on' | 'ends_on'>,
  string
>;

const EMPTY: AgreementDraft = { kind: '', title: '', signed_on: '', starts_on: '', ends_on: '' };

function Agreements(props: { collabId: number; writable: boolean }) {
  const session = useStore(sessionStore);
  const c = model()?.collections.agreements;
  const [items, setItems] = useState<Row[] | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<AgreementDraft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [rowError, setRowError] = useState<{ id: number; e: ApiError } | null>(null);

  const load = () =>
    api
      .list('agreements', {
        collaboration_id: props.collabId,
        expand: 'file',
        sort: 'id',
        limit: 100,
      })
      .then((a) => setItems(a.items))
      .catch(() => setItems([]));
  useEffect(() => {
    void load();
  }, [props.collabId, session.user?.id]);
  if (!c) return null;
  const kinds = c.byName.kind?.enumValues ?? [];
  const fe = error?.fieldErrors() ?? {};
  const known = ['kind', 'title', 'signed_on', 'starts_on', 'ends_on'];
  const rest = Object.entries(fe)
    .filter(([k]) => !known.includes(k))
    .map(([, m]) => m);
  const banner = error
    ? rest.length
      ? rest.join(' · ')
      : Object.keys(fe).length
        ? ''
        : error.text()
    : '';

  const field = (name: keyof AgreementDraft, type: 'text' | 'date', required = false) => {
    const f = c.byName[name];
    return (
      <InputField
        id={`agr-${name}`}
        label={
          <>
            {f ? fieldLabel(f) : name}
            {required ? (
              <span class="required">
                <span aria-hidden="true"> *</span>
                <span class="visually-hidden"> ({t('form.required')})</span>
              </span>
            ) : null}
          </>
        }
        type={type}
        marked={required}
        value={draft[name]}
        error={fe[name]}
        onInput={(v) => setDraft({ ...draft, [name]: v })}
      />
    );
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = { collaboration_id: props.collabId };
    for (const [k, v] of Object.entries(draft)) if (v.trim()) body[k] = v.trim();
    try {
      const a = await api.create('agreements', body);
      setItems((cur) => [...(cur ?? []), a.data]);
      setDraft(EMPTY);
      setOpen(false);
      invalidateRefs('agreements');
      announce(tc('collab.agreementAdded'));
    } catch (err) {
      const x = err instanceof ApiError ? err : new ApiError({ status: 0 });
      setError(x);
      const first = known.find((k) => x.fieldErrors()[k]);
      window.setTimeout(() =>
        document.getElementById(first ? `agr-${first}` : 'agr-kind')?.focus(),
      );
    } finally {
      setBusy(false);
    }
  };

  const move = async (r: Row, to: string) => {
    setRowError(null);
    try {
      const cur = await api.get('agreements', r.id);
      const body: Record<string, unknown> = { status: to };
      // signing on a day: today unless the agreement says when
      if (to === 'signed' && !cur.data.signed_on)
        body.signed_on = new Date().toISOString().slice(0, 10);
      const a = await api.patch('agreements', r.id, body, cur.etag);
      setItems((list) => (list ?? []).map((x) => (x.id === r.id ? { ...x, ...a.data } : x)));
      announce(
        a.data.status === to
          ? t('detail.transitioned', { to: enumLabel('agreements', 'status', to) })
          : tc('consent.signedWaitingOther'),
      );
    } catch (err) {
      setRowError({ id: r.id, e: err instanceof ApiError ? err : new ApiError({ status: 0 }) });
    }
  };

  const labelOf = (n: string) => (c.byName[n] ? fieldLabel(c.byName[n]) : n);
  return (
    <section class="card" aria-labelledby="agreements-title">
      <div class="section-head">
        <h2 id="agreements-title">{tc('collab.agreements')}</h2>
        {props.writable && c.canCreate && !open ? (
          <button
            type="button"
            class="small"
            onClick={() => {
              setOpen(true);
              window.setTimeout(() => document.getElementById('agr-kind')?.focus());
            }}
          >
            {tc('collab.agreementNew')}
          </button>
        ) : null}
      </div>
      {items === null ? <Loading /> : null}
      {items && !items.length ? <p class="muted">{tc('collab.agreementsNone')}</p> : null}
      {items && items.length ? (
        <ul class="agreements">
          {items.map((r) => {
            const st = String(r.status ?? '');
            const side = consentSide(r);
            const signedByMe = side ? !!r[`${side}_signed_at`] : false;
            // signing is each side's own: not offered to the side that signed, nor to those who
            // speak for neither (docs/collaboration.md)
            const next = c.transitions
              .filter((x) => x.from === st)
              .map((x) => x.to)
              .filter((to) => to !== 'signed' || (side && !signedByMe));
            const waiting =
              st === 'draft' && (r.org_signed_at || r.partner_signed_at)
                ? tc(signedByMe ? 'consent.signedWaitingOther' : 'consent.signedByOther')
                : null;
            const file = r.file as { id: number; name?: string } | null | undefined;
            return (
              <li key={r.id}>
                <div class="agreement-head">
                  <span class="tag-kind">{enumLabel('agreements', 'kind', String(r.kind))}</span>
                  <a href={`/agreements/${r.id}`} class="agreement-title">
                    <Txt s={String(r.title ?? '')} />
                  </a>
                  <span class={`badge status-${st}`}>{enumLabel('agreements', 'status', st)}</span>
                </div>
                {waiting ? <p class="small">{waiting}</p> : null}
                <p class="muted small">
                  {r.signed_on
                    ? `${labelOf('signed_on')} ${formatDate(String(r.signed_on))}`
                    : null}
                  {r.starts_on || r.ends_on
                    ? `${r.signed_on ? ' · ' : ''}${r.starts_on ? formatDate(String(r.starts_on)) : ''} – ${r.ends_on ? formatDate(String(r.ends_on)) : ''}`
                    : null}
                  {file ? (
                    <>
                      {' · '}
                      <a href={`/api/v1/files/${file.id}/content`} download data-native>
                        {tc('collab.file')}: {file.name ?? `#${file.id}`}
                      </a>
                    </>
                  ) : null}
                </p>
                {props.writable && next.length ? (
                  <div
                    class="button-row"
                    role="group"
                    aria-label={`${t('detail.transitions')}: ${String(r.title ?? '')}`}
                  >
                    {next.map((to) => (
                      <button key={to} type="button" class="small" onClick={() => void move(r, to)}>
                        {to === 'signed'
                          ? tc('consent.sign')
                          : t('detail.transitionTo', { to: enumLabel('agreements', 'status', to) })}
                      </button>
                    ))}
                  </div>
                ) : null}
                {rowError?.id === r.id ? (
                  <Banner kind="error">{refusalText(rowError.e)}</Banner>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {open ? (
        <form
          class="record-form agreement-form"
          noValidate
          onSubmit={submit}
          aria-labelledby="agr-form-title"
        >
          <h3 id="agr-form-title">{tc('collab.agreementNew')}</h3>
          <div class={`form-field${fe.kind ? ' has-error' : ''}`}>
            <label for="agr-kind">
              {labelOf('kind')}
              <span class="required">
                <span aria-hidden="true"> *</span>
                <span class="visually-hidden"> ({t('form.required')})</span>
              </span>
            </label>
            <select
              id="agr-kind"
              value={draft.kind}
              aria-required="true"
              aria-invalid={fe.kind ? 'true' : undefined}
              aria-describedby={fe.kind ? 'agr-kind-error' : undefined}
              onChange={(e) =>
                setDraft({ ...draft, kind: (e.currentTarget as HTMLSelectElement).value })
              }
            >
              <option value="">{t('form.choose')}</option>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {enumLabel('agreements', 'kind', k)}
                </option>
              ))}
            </select>
            {fe.kind ? (
              <p class="field-error" id="agr-kind-error">
                {fe.kind}
              </p>
            ) : null}
          </div>
          {field('title', 'text', true)}
          <div class="date-row">
            {field('signed_on', 'date')}
            {field('starts_on', 'date')}
            {field('ends_on', 'date')}
          </div>
          {banner ? <Banner kind="error">{banner}</Banner> : null}
          <div class="button-row">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? t('form.saving') : t('form.save')}
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setError(null);
              }}
            >
              {t('form.cancel')}
            </button>
            <a class="small" href={`/agreements/new?collaboration_id=${props.collabId}`}>
              {tc('collab.agreementMore')}
            </a>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function Meetings(props: { collabId: number; orgId: number | null }) {
  const c = model()?.collections.meetings;
  const [items, setItems] = useState<Row[] | null>(null);
  useEffect(() => {
    if (!c) return;
    api
      .list('meetings', { collaboration_id: props.collabId, sort: '-held_on', limit: 20 })
      .then((a) => setItems(a.items))
      .catch(() => setItems([]));
  }, [props.collabId]);
  if (!c) return null;
  return (
    <section class="card" aria-labelledby="collab-meetings-title">
      <div class="section-head">
        <h2 id="collab-meetings-title">{tc('collab.meetings')}</h2>
        {canWrite(c) && c.canCreate && props.orgId ? (
          <a
            class="button small"
            href={`/meetings/new?collaboration_id=${props.collabId}&org_id=${props.orgId}`}
          >
            {tc('collab.meetingNew')}
          </a>
        ) : null}
      </div>
      {items === null ? <Loading /> : null}
      {items && !items.length ? <p class="muted">{tc('collab.meetingsNone')}</p> : null}
      {items && items.length ? (
        <ul class="related-list">
          {items.map((r) => (
            <li key={r.id}>
              <a href={`/meetings/${r.id}`}>
                <Txt s={String(r.title ?? '')} />
              </a>{' '}
              {r.held_on ? <span class="muted small">{formatDate(String(r.held_on))}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function CollaborationPage(props: { c: Collection; id: number }) {
  const { c, id } = props;
  const session = useStore(sessionStore);
  const rs = useRow(c, id);
  const row = rs.row;
  const people = usePeople(id);
  const [actionsSeen, setActionsSeen] = useState(0);
  useTitle(row ? String(row.title ?? '') : tc('board.collaborations'));
  if (rs.loading && !row) return <Loading />;
  if (!row) {
    return (
      <section>
        <p class="crumbs">
          <a href="/collaboration">{tc('board.title')}</a>
        </p>
        <h1 id="page-title" tabIndex={-1}>
          {tc('board.collaborations')}
        </h1>
        <Banner kind="error">
          {rs.error?.status === 404 ? tc('collab.notFound') : rs.error?.text()}
        </Banner>
      </section>
    );
  }
  const writable = canWrite(c, row) && c.canPatch;
  const me = session.user?.org_id ?? null;
  const myOrg = me != null && (row.org_id === me || row.partner_org_id === me) ? me : null;
  return (
    <article class="collaboration" aria-labelledby="page-title">
      <p class="crumbs">
        <a href="/collaboration">{tc('board.title')}</a>
      </p>
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          <Txt s={String(row.title ?? '')} />
        </h1>
        <div class="actions">
          {writable ? (
            <a class="button" href={`/collaborations/${row.id}/edit`}>
              {tc('collab.edit')}
            </a>
          ) : null}
        </div>
      </div>
      <RecordTabs c={c} id={row.id} />
      <p class="parties">
        <a href={`/orgs/${Number(row.org_id)}`}>
          <Txt s={named(row, 'org')} />
        </a>
        <span aria-hidden="true"> ↔ </span>
        <span class="visually-hidden">, </span>
        <a href={`/orgs/${Number(row.partner_org_id)}`}>
          <Txt s={named(row, 'partner_org')} />
        </a>
        {row.started_on ? (
          <span class="muted">
            {' · '}
            {tc('collab.since', { date: formatDate(String(row.started_on)) })}
          </span>
        ) : null}
        {row.ends_on ? (
          <span class="muted">
            {' · '}
            {tc('collab.until', { date: formatDate(String(row.ends_on)) })}
          </span>
        ) : null}
      </p>
      {row.status === 'proposed' ? (
        <Consent c={c} row={row} etag={rs.etag} setRow={rs.setRow} reload={rs.reload} />
      ) : (
        <Transitions c={c} rs={rs} />
      )}
      {row.need_id || row.capability_id ? (
        <p class="origin">
          <span class="muted">{tc('collab.origin')}: </span>
          {row.need_id ? (
            <a href={`/needs/${Number(row.need_id)}`}>
              <Txt s={named(row, 'need')} />
            </a>
          ) : null}
          {row.need_id && row.capability_id ? ' × ' : null}
          {row.capability_id ? (
            <a href={`/capabilities/${Number(row.capability_id)}`}>
              <Txt s={named(row, 'capability')} />
            </a>
          ) : null}
        </p>
      ) : null}
      {row.description ? (
        <p class="prewrap">
          <Txt s={String(row.description)} />
        </p>
      ) : null}
      <div class="collab-grid">
        <div>
          <Milestones row={row} people={people} writable={writable} />
          <Agreements collabId={row.id} writable={writable} />
        </div>
        <div>
          <ActionList
            key={actionsSeen}
            query={{ collaboration_id: row.id, sort: 'due_on' }}
            title={tc('collab.actions')}
            empty={tc('collab.actionsNone')}
            addLabel={tc('collab.actionNew')}
            headingId="collab-actions-title"
            ownerName={(id) => personName(people, id)}
          />
          {myOrg && model()?.collections['action-items']?.canCreate ? (
            <ActionForm
              row={row}
              people={people}
              orgId={myOrg}
              onAdded={() => setActionsSeen((n) => n + 1)}
            />
          ) : null}
          <Meetings collabId={row.id} orgId={myOrg} />
        </div>
      </div>
      <MetaLine row={row} />
    </article>
  );
}

/* An agreement's own page: the generic one, offering "sign" only to a side that speaks for its
 * organisation and has not signed yet (docs/collaboration.md, consent). */
export function AgreementPage(props: { c: Collection; id: number }) {
  return (
    <DetailView
      c={props.c}
      id={props.id}
      offer={(to, row) => {
        if (to !== 'signed') return true;
        const side = consentSide(row);
        return !!side && !row[`${side}_signed_at`];
      }}
    />
  );
}
