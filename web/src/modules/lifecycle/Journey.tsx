// A company's journey (/lifecycle): its current stage and stage history, its milestones (a
// planned one past its date is overdue), its support requests with their SLA state and a form
// to ask for support, and its quarterly KPI reports. Members see their own organisation's;
// operators pick one (?org=). Everything is read through the API, so a page shows only what
// the caller may see.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { fieldLabel, type Model } from '../../api/openapi';
import { Txt } from '../../generic/values';
import {
  enumLabel,
  formatDate,
  formatDateTime,
  formatNumber,
  formatWonCompact,
  t,
} from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { slaState } from './sla';
import { tl } from './strings';

function todayInKorea(): string {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
}

function orgFromUrl(): number {
  const v = Number(new URLSearchParams(window.location.search).get('org'));
  return Number.isInteger(v) && v > 0 ? v : 0;
}

/** The SLA state of a request as a badge. */
export function SlaBadge(props: { row: Row }) {
  const s = slaState(props.row);
  const text =
    s === 'late'
      ? tl('sla.late')
      : s === 'first-late'
        ? tl('sla.firstLate')
        : s === 'soon'
          ? tl('sla.soon')
          : s === 'ok'
            ? tl('sla.ok')
            : tl('sla.done');
  return (
    <span class={`badge sla-${s}${s === 'late' || s === 'first-late' ? ' overdue-badge' : ''}`}>
      {text}
    </span>
  );
}

function Section(props: {
  id: string;
  title: string;
  count?: number;
  more?: string;
  children: ComponentChildren;
}) {
  return (
    <section class="card" aria-labelledby={props.id}>
      <div class="section-head">
        <h2 id={props.id}>
          {props.title}
          {props.count !== undefined ? (
            <span class="count-badge">{formatNumber(props.count)}</span>
          ) : null}
        </h2>
        {props.more ? (
          <a class="quiet" href={props.more}>
            {tl('journey.all')}
          </a>
        ) : null}
      </div>
      {props.children}
    </section>
  );
}

function RequestForm(props: { m: Model | null; orgId: number; onSent: (r: Row) => void }) {
  const c = props.m?.collections['support-requests'];
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState('consulting');
  const [urgency, setUrgency] = useState('normal');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  if (!c) return null;
  const values = (f: string) => c.byName[f]?.enumValues ?? [];
  const send = async (ev: Event) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { title: title.trim(), category, urgency };
      if (description.trim()) body.description = description.trim();
      if (isOperator(sessionStore.get().user)) body.org_id = props.orgId;
      const a = await api.create<Row>('support-requests', body);
      props.onSent(a.data);
      announce(
        tl('journey.sent', {
          title: title.trim(),
          due: formatDateTime(String(a.data.first_response_due ?? '')),
        }),
      );
      setTitle('');
      setDescription('');
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0 }));
    } finally {
      setBusy(false);
    }
  };
  const fe = error?.fieldErrors() ?? {};
  return (
    <form class="stack" onSubmit={(e) => void send(e)} aria-labelledby="lc-new-request">
      <h3 id="lc-new-request">{tl('journey.newRequest')}</h3>
      {error && !Object.keys(fe).length ? <Banner kind="error">{error.text()}</Banner> : null}
      <label>
        {tl('journey.reqTitle')}
        <input
          name="title"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        {fe.title ? <span class="field-error">{fe.title}</span> : null}
      </label>
      <label>
        {tl('journey.reqCategory')}
        <select
          name="category"
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
        >
          {values('category').map((v) => (
            <option key={v} value={v}>
              {enumLabel('support-requests', 'category', v)}
            </option>
          ))}
        </select>
        {fe.category ? <span class="field-error">{fe.category}</span> : null}
      </label>
      <label>
        {tl('journey.reqUrgency')}
        <select name="urgency" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value)}>
          {values('urgency').map((v) => (
            <option key={v} value={v}>
              {enumLabel('support-requests', 'urgency', v)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {tl('journey.reqDescription')}
        <textarea
          name="description"
          maxLength={5000}
          rows={3}
          value={description}
          onInput={(e) => setDescription(e.currentTarget.value)}
        />
        {fe.description ? <span class="field-error">{fe.description}</span> : null}
      </label>
      <div>
        <button type="submit" disabled={busy || !title.trim()}>
          {tl('journey.submit')}
        </button>
      </div>
    </form>
  );
}

interface Journey {
  org: Row | null;
  events: Row[];
  milestones: Row[];
  requests: Row[];
  reports: Row[];
}

export function JourneyPage(props: { m: Model | null }) {
  const session = useStore(sessionStore);
  const user = session.user;
  const [orgId, setOrgId] = useState(() => orgFromUrl() || Number(user?.org_id ?? 0));
  const [pick, setPick] = useState('');
  const [data, setData] = useState<Journey | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!orgFromUrl() && user?.org_id) setOrgId(Number(user.org_id));
  }, [user?.org_id]);
  useEffect(() => {
    if (!user || !orgId) return;
    setData(null);
    setError(null);
    const q = { org_id: orgId, limit: 100 };
    Promise.all([
      api.get<Row>('orgs', orgId).then((a) => a.data),
      api.list('stage-events', { ...q, sort: '-entered_on' }),
      api.list('milestones', { ...q, sort: 'planned_on' }),
      api.list('support-requests', { ...q, sort: '-id' }),
      api.list('kpi-reports', { ...q, sort: '-period' }),
    ])
      .then(([org, ev, ms, rq, kp]) =>
        setData({
          org,
          events: ev.items,
          milestones: ms.items,
          requests: rq.items,
          reports: kp.items,
        }),
      )
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [orgId, user?.id]);
  const name = data?.org ? String(data.org.name ?? '') : '';
  useTitle(name ? tl('journey.titleOf', { name }) : tl('journey.title'));
  if (!session.checked) return <Loading />;
  if (!user) return <Banner kind="info">{tl('journey.login')}</Banner>;
  const operator = isOperator(user);
  const today = todayInKorea();
  const picker = operator ? (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const v = Number(pick);
        if (v > 0) {
          window.history.replaceState(null, '', `/lifecycle?org=${v}`);
          setOrgId(v);
        }
      }}
    >
      <label>
        {tl('journey.pickOrg')}{' '}
        <input type="number" min={1} value={pick} onInput={(e) => setPick(e.currentTarget.value)} />
      </label>
      <button type="submit" class="small">
        {tl('journey.show')}
      </button>
    </form>
  ) : null;
  return (
    <div class="page lifecycle-page">
      <h1>{name ? tl('journey.titleOf', { name }) : tl('journey.title')}</h1>
      <p class="lead">{tl('journey.lead')}</p>
      {orgId ? (
        <p>
          <a href={`/company-timeline?org=${orgId}`}>{tl('journey.timeline')}</a>
        </p>
      ) : null}
      {picker}
      {!orgId ? <Banner kind="info">{tl('journey.noOrg')}</Banner> : null}
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {orgId && !data && !error ? <Loading /> : null}
      {data ? (
        <>
          <p>
            {tl('journey.stage')}:{' '}
            <strong class="badge stage-badge">
              {data.org?.stage ? enumLabel('orgs', 'stage', String(data.org.stage)) : '—'}
            </strong>
          </p>
          <Section
            id="lc-stages"
            title={tl('journey.stages')}
            count={data.events.length}
            more={`/stage-events?org_id=${orgId}`}
          >
            {data.events.length ? (
              <ol class="timeline">
                {data.events.map((e) => (
                  <li key={e.id} class={`status-${String(e.status)}`}>
                    <time dateTime={String(e.entered_on)}>{formatDate(String(e.entered_on))}</time>{' '}
                    <strong>{enumLabel('stage-events', 'stage', String(e.stage))}</strong>{' '}
                    <span class={`badge status-${String(e.status)}`}>
                      {enumLabel('stage-events', 'status', String(e.status))}
                    </span>{' '}
                    <a href={`/stage-events/${e.id}`} class="quiet">
                      <Txt s={String(e.evidence ?? '')} />
                    </a>
                  </li>
                ))}
              </ol>
            ) : (
              <p class="muted">{tl('journey.stagesNone')}</p>
            )}
          </Section>
          <Section
            id="lc-milestones"
            title={tl('journey.milestones')}
            count={data.milestones.length}
            more={`/milestones?org_id=${orgId}`}
          >
            {data.milestones.length ? (
              <DataTable
                label={tl('journey.milestones')}
                head={[
                  tl('journey.milestones'),
                  tl('journey.planned'),
                  tl('journey.achieved'),
                  t('detail.status'),
                ]}
              >
                {data.milestones.map((r) => {
                  const st = String(r.status ?? '');
                  const overdue = st === 'planned' && String(r.planned_on ?? '') < today;
                  return (
                    <tr key={r.id} class={overdue ? 'overdue' : undefined}>
                      <td>
                        <a href={`/milestones/${r.id}`}>
                          <Txt s={String(r.title ?? '')} />
                        </a>{' '}
                        <span class="muted small">
                          {enumLabel('milestones', 'kind', String(r.kind))}
                        </span>
                      </td>
                      <td>
                        {formatDate(String(r.planned_on))}
                        {overdue ? (
                          <span class="badge overdue-badge">{tl('journey.overdue')}</span>
                        ) : null}
                      </td>
                      <td>{r.achieved_on ? formatDate(String(r.achieved_on)) : '—'}</td>
                      <td>
                        <span class={`badge status-${st}`}>
                          {enumLabel('milestones', 'status', st)}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </DataTable>
            ) : (
              <p class="muted">{tl('journey.milestonesNone')}</p>
            )}
          </Section>
          <Section
            id="lc-requests"
            title={tl('journey.requests')}
            count={data.requests.length}
            more={`/support-requests?org_id=${orgId}`}
          >
            {data.requests.length ? (
              <DataTable
                label={tl('journey.requests')}
                head={[
                  tl('journey.requests'),
                  tl('journey.reqCategory'),
                  tl('sla.due'),
                  t('detail.status'),
                ]}
              >
                {data.requests.map((r) => {
                  const st = String(r.status ?? '');
                  return (
                    <tr key={r.id} class={slaState(r) === 'late' ? 'overdue' : undefined}>
                      <td>
                        <a href={`/support-requests/${r.id}`}>
                          <Txt s={String(r.title ?? '')} />
                        </a>
                      </td>
                      <td>{enumLabel('support-requests', 'category', String(r.category))}</td>
                      <td>
                        {r.resolution_due ? formatDateTime(String(r.resolution_due)) : '—'}{' '}
                        <SlaBadge row={r} />
                      </td>
                      <td>
                        <span class={`badge status-${st}`}>
                          {enumLabel('support-requests', 'status', st)}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </DataTable>
            ) : (
              <p class="muted">{tl('journey.requestsNone')}</p>
            )}
            {orgId && (operator || (user.org_id === orgId && user.role !== 'trainee')) ? (
              <RequestForm
                m={props.m}
                orgId={orgId}
                onSent={(r) => setData((d) => (d ? { ...d, requests: [r, ...d.requests] } : d))}
              />
            ) : null}
          </Section>
          <Section
            id="lc-kpis"
            title={tl('journey.kpis')}
            count={data.reports.length}
            more={`/kpi-reports?org_id=${orgId}`}
          >
            {data.reports.length ? (
              <DataTable
                label={tl('journey.kpis')}
                head={['period', 'revenue', 'employees', 'rnd_spend', 'funding_raised'].map((f) => {
                  const x = props.m?.collections['kpi-reports']?.byName[f];
                  return x ? fieldLabel(x) : f;
                })}
              >
                {data.reports.map((r) => {
                  const st = String(r.status ?? '');
                  const warnings = Array.isArray(r.warnings) ? r.warnings.length : 0;
                  const won = (v: unknown) => (typeof v === 'number' ? formatWonCompact(v) : '—');
                  return (
                    <tr key={r.id}>
                      <td>
                        <a href={`/kpi-reports/${r.id}`}>{String(r.period ?? '')}</a>{' '}
                        <span class={`badge status-${st}`}>
                          {enumLabel('kpi-reports', 'status', st)}
                        </span>
                        {warnings ? (
                          <span class="badge overdue-badge">
                            {tl('journey.warnings', { n: warnings })}
                          </span>
                        ) : null}
                      </td>
                      <td>{won(r.revenue)}</td>
                      <td>{typeof r.employees === 'number' ? formatNumber(r.employees) : '—'}</td>
                      <td>{won(r.rnd_spend)}</td>
                      <td>{won(r.funding_raised)}</td>
                    </tr>
                  );
                })}
              </DataTable>
            ) : (
              <p class="muted">{tl('journey.kpisNone')}</p>
            )}
          </Section>
        </>
      ) : null}
    </div>
  );
}
