// The council (/council): the latest meetings of the council of industry, universities,
// institutes and hospitals, and the action items still open, by due date, with their owners;
// an overdue one says so. The same list of action items serves a collaboration's page.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Query, type Row } from '../../api/client';
import { collectionLabel, model, type Model } from '../../api/openapi';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, t } from '../../i18n';
import { canWrite, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { named, refusalText } from './Board';
import { tc } from './strings';

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Action items of a query as a table, with "done" for those who may write them. */
export function ActionList(props: {
  query: Query;
  title: string;
  empty: string;
  headingId: string;
  addHref?: string;
  addLabel: string;
  moreHref?: string;
  moreLabel?: string;
  /** the owner's name when the caller cannot read users (a collaboration's people) */
  ownerName?: (id: unknown) => string | null;
}) {
  const session = useStore(sessionStore);
  const c = model()?.collections['action-items'];
  const [items, setItems] = useState<Row[] | null>(null);
  const [error, setError] = useState<{ id: number; e: ApiError } | null>(null);
  const key = JSON.stringify(props.query);
  useEffect(() => {
    if (!c) return;
    api
      .list('action-items', { ...props.query, expand: 'owner,org,meeting', limit: 50 })
      .then((a) => setItems(a.items))
      .catch(() => setItems([]));
  }, [key, session.user?.id]);
  if (!c) return null;
  const now = today();
  const done = async (r: Row) => {
    setError(null);
    try {
      const cur = await api.get('action-items', r.id);
      const a = await api.patch('action-items', r.id, { status: 'done' }, cur.etag);
      setItems((list) => (list ?? []).map((x) => (x.id === r.id ? { ...x, ...a.data } : x)));
      announce(tc('action.doneDone', { title: String(r.title ?? '') }));
    } catch (e) {
      setError({ id: r.id, e: e instanceof ApiError ? e : new ApiError({ status: 0 }) });
    }
  };
  const withMeeting = !props.query.collaboration_id;
  return (
    <section class="card" aria-labelledby={props.headingId}>
      <div class="section-head">
        <h2 id={props.headingId}>
          {props.title}
          {items ? <span class="count-badge">{formatNumber(items.length)}</span> : null}
        </h2>
        {props.addHref && canWrite(c) && c.canCreate ? (
          <a class="button small" href={props.addHref}>
            {props.addLabel}
          </a>
        ) : null}
      </div>
      {items === null ? <Loading /> : null}
      {items && !items.length ? <p class="muted">{props.empty}</p> : null}
      {items && items.length ? (
        <DataTable
          label={props.title}
          class="actions-table"
          head={[
            tc('action.item'),
            tc('action.org'),
            tc('action.owner'),
            tc('action.due'),
            t('detail.status'),
          ]}
        >
          {items.map((r) => {
            const st = String(r.status ?? '');
            const overdue = st === 'open' && !!r.due_on && String(r.due_on) < now;
            return (
              <tr key={r.id} class={overdue ? 'overdue' : undefined}>
                <td data-label={tc('action.item')}>
                  <a href={`/action-items/${r.id}`}>
                    <Txt s={String(r.title ?? '')} />
                  </a>
                  {withMeeting && r.meeting_id ? (
                    <span class="muted small">
                      {' · '}
                      <a href={`/meetings/${Number(r.meeting_id)}`} class="quiet">
                        <Txt s={named(r, 'meeting')} />
                      </a>
                    </span>
                  ) : null}
                  {error?.id === r.id ? <Banner kind="error">{refusalText(error.e)}</Banner> : null}
                </td>
                <td data-label={tc('action.org')}>
                  <a href={`/orgs/${Number(r.org_id)}`}>
                    <Txt s={named(r, 'org')} />
                  </a>
                </td>
                <td data-label={tc('action.owner')}>
                  {r.owner_id ? (
                    <Txt s={props.ownerName?.(r.owner_id) ?? named(r, 'owner')} />
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
                <td data-label={tc('action.due')}>
                  {r.due_on ? (
                    <time dateTime={String(r.due_on)}>{formatDate(String(r.due_on))}</time>
                  ) : (
                    <span class="muted">—</span>
                  )}
                  {overdue ? <span class="badge overdue-badge">{tc('action.overdue')}</span> : null}
                </td>
                <td data-label={t('detail.status')}>
                  <span class={`badge status-${st}`}>
                    {enumLabel('action-items', 'status', st)}
                  </span>
                  {st === 'open' && canWrite(c, r) && c.canPatch ? (
                    <button type="button" class="small" onClick={() => void done(r)}>
                      {tc('action.done')}
                      <span class="visually-hidden">: {String(r.title ?? '')}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
      {props.moreHref ? (
        <p>
          <a href={props.moreHref}>{props.moreLabel}</a>
        </p>
      ) : null}
    </section>
  );
}

export function CouncilPage(props: { m: Model | null }) {
  const session = useStore(sessionStore);
  const mc = props.m?.collections.meetings;
  const [meetings, setMeetings] = useState<Row[] | null>(null);
  useTitle(tc('council.title'));
  useEffect(() => {
    if (!mc) return;
    api
      .list('meetings', { sort: '-held_on', limit: 8, expand: 'org' })
      .then((a) => setMeetings(a.items))
      .catch(() => setMeetings([]));
  }, [mc, session.user?.id]);
  if (!props.m) return <Loading />;
  const ac = props.m.collections['action-items'];
  return (
    <section class="council" aria-labelledby="page-title">
      <div class="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {tc('council.title')}
        </h1>
        <div class="actions">
          {mc && canWrite(mc) && mc.canCreate ? (
            <a class="button primary" href="/meetings/new">
              {tc('council.newMeeting')}
            </a>
          ) : null}
        </div>
      </div>
      <p class="lead">{tc('council.lead')}</p>
      {mc ? (
        <section class="card" aria-labelledby="meetings-title">
          <div class="section-head">
            <h2 id="meetings-title">{tc('council.meetings')}</h2>
            <a class="small" href="/meetings">
              {tc('council.allMeetings')}
            </a>
          </div>
          {meetings === null ? <Loading /> : null}
          {meetings && !meetings.length ? <p class="muted">{tc('council.meetingsNone')}</p> : null}
          {meetings && meetings.length ? (
            <ul class="meeting-cards">
              {meetings.map((r) => {
                const n = Array.isArray(r.attendees) ? r.attendees.length : 0;
                return (
                  <li key={r.id}>
                    {r.held_on ? (
                      <time class="meeting-date" dateTime={String(r.held_on)}>
                        {formatDate(String(r.held_on))}
                      </time>
                    ) : null}
                    <a href={`/meetings/${r.id}`} class="meeting-title">
                      <Txt s={String(r.title ?? '')} />
                    </a>
                    <p class="muted small">
                      {r.org_id ? tc('council.convener', { name: named(r, 'org') }) : null}
                      {r.place ? ` · ${String(r.place)}` : null}
                      {n ? ` · ${tc('council.attendees', { n: formatNumber(n) })}` : null}
                    </p>
                    {r.agenda ? (
                      <p class="small meeting-agenda">
                        <Txt
                          s={
                            String(r.agenda).length > 120
                              ? `${String(r.agenda).slice(0, 119)}…`
                              : String(r.agenda)
                          }
                        />
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </section>
      ) : null}
      {ac ? (
        <ActionList
          query={{ status: 'open', sort: 'due_on' }}
          title={tc('council.actions')}
          empty={tc('council.actionsNone')}
          headingId="council-actions-title"
          addHref="/action-items/new"
          addLabel={t('list.new', { label: collectionLabel(ac) })}
          moreHref="/action-items"
          moreLabel={tc('council.allActions')}
        />
      ) : null}
    </section>
  );
}
