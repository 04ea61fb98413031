// The operators' support-request queue (/support-queue): every open request (new, triaged, in
// progress) of every company, the overdue and nearly due first, with its company, category,
// urgency, deadlines and SLA state; a new request is triaged here in one step (assignment to
// staff or a partner is on the request's own page). Others are told the queue is for operators.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDateTime, formatNumber, t } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, Loading, useTitle } from '../../ui';
import { SlaBadge } from './Journey';
import { bySla, slaState } from './sla';
import { tl } from './strings';

const OPEN = ['new', 'triaged', 'in-progress'];

export function QueuePage() {
  const session = useStore(sessionStore);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<{ id: number; e: ApiError } | null>(null);
  const [note, setNote] = useState(false);
  useTitle(tl('queue.title'));
  const operator = isOperator(session.user);
  useEffect(() => {
    if (!operator) return;
    Promise.all(
      OPEN.map((status) =>
        api.list('support-requests', {
          status,
          sort: 'resolution_due',
          expand: 'org,assignee_org',
          limit: 200,
        }),
      ),
    )
      .then((pages) => setRows(pages.flatMap((p) => p.items).sort((a, b) => bySla(a, b))))
      .catch(() => setRows([]));
  }, [operator, session.user?.id]);
  if (!session.checked) return <Loading />;
  if (!operator) return <Banner kind="info">{tl('queue.operators')}</Banner>;
  const triage = async (r: Row) => {
    setError(null);
    setNote(false);
    try {
      const cur = await api.get<Row>('support-requests', r.id, { expand: 'org,assignee_org' });
      if (cur.data.status !== r.status) {
        setRows((list) => (list ?? []).map((x) => (x.id === r.id ? cur.data : x)));
        setNote(true);
        return;
      }
      const a = await api.patch<Row>('support-requests', r.id, { status: 'triaged' }, cur.etag);
      setRows((list) => (list ?? []).map((x) => (x.id === r.id ? { ...x, ...a.data } : x)));
      announce(tl('queue.triaged', { title: String(r.title ?? '') }));
    } catch (e) {
      setError({ id: r.id, e: e instanceof ApiError ? e : new ApiError({ status: 0 }) });
    }
  };
  const late = (rows ?? []).filter(
    (r) => slaState(r) === 'late' || slaState(r) === 'first-late',
  ).length;
  return (
    <div class="page support-queue">
      <h1>{tl('queue.title')}</h1>
      <p class="lead">{tl('queue.lead')}</p>
      {note ? <Banner kind="info">{tl('queue.changed')}</Banner> : null}
      {rows === null ? <Loading /> : null}
      {rows && !rows.length ? <p class="muted">{tl('queue.none')}</p> : null}
      {rows && rows.length ? (
        <>
          <p>
            <span class="count-badge">{tl('queue.open', { n: formatNumber(rows.length) })}</span>{' '}
            {late ? (
              <span class="badge overdue-badge">{tl('queue.late', { n: formatNumber(late) })}</span>
            ) : null}
          </p>
          <div
            class="table-wrap"
            role="region"
            aria-label={t('list.table', { label: tl('queue.title') })}
            tabIndex={0}
          >
            <table class="queue-table">
              <thead>
                <tr>
                  <th scope="col">{tl('queue.request')}</th>
                  <th scope="col">{tl('queue.company')}</th>
                  <th scope="col">{tl('journey.reqCategory')}</th>
                  <th scope="col">{tl('sla.firstDue')}</th>
                  <th scope="col">{tl('sla.due')}</th>
                  <th scope="col">{t('detail.status')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const st = String(r.status ?? '');
                  const org = r.org as { name?: string } | undefined;
                  return (
                    <tr key={r.id} class={slaState(r) === 'late' ? 'overdue' : undefined}>
                      <td data-label={tl('queue.request')}>
                        <a href={`/support-requests/${r.id}`}>
                          <Txt s={String(r.title ?? '')} />
                        </a>{' '}
                        <span class="muted small">
                          {enumLabel('support-requests', 'urgency', String(r.urgency))}
                        </span>
                        {error?.id === r.id ? <Banner kind="error">{error.e.text()}</Banner> : null}
                      </td>
                      <td data-label={tl('queue.company')}>
                        <a href={`/lifecycle?org=${Number(r.org_id)}`}>
                          <Txt s={org?.name ?? `#${String(r.org_id)}`} />
                        </a>
                      </td>
                      <td data-label={tl('journey.reqCategory')}>
                        {enumLabel('support-requests', 'category', String(r.category))}
                      </td>
                      <td data-label={tl('sla.firstDue')}>
                        {r.first_response_due ? formatDateTime(String(r.first_response_due)) : '—'}
                      </td>
                      <td data-label={tl('sla.due')}>
                        {r.resolution_due ? formatDateTime(String(r.resolution_due)) : '—'}{' '}
                        <SlaBadge row={r} />
                      </td>
                      <td data-label={t('detail.status')}>
                        <span class={`badge status-${st}`}>
                          {enumLabel('support-requests', 'status', st)}
                        </span>
                        {st === 'new' ? (
                          <button type="button" class="small" onClick={() => void triage(r)}>
                            {tl('queue.triage')}
                            <span class="visually-hidden">: {String(r.title ?? '')}</span>
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </div>
  );
}
