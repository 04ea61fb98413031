// One company's timeline (/company-timeline?org=): its stages, the support it was given
// (selected program applications, resolved support requests), its requests, milestones, KPI
// reports and collaborations in one list by date, and a chart of its KPIs by quarter with the
// support marked on it (ECharts, loaded only when the page draws it), whose numbers are also in
// a table for screen readers and keyboards. Members see their own company; operators any.
// Everything is read through the API, so the page shows only what the caller may see.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, formatWonCompact, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import type { KpiSeries } from './chart';

function orgFromUrl(): number {
  const v = Number(new URLSearchParams(window.location.search).get('org'));
  return Number.isInteger(v) && v > 0 ? v : 0;
}

/** The last day of a report's quarter: where its figures sit on the time axis. */
export function quarterEnd(year: number, quarter: number): string {
  const month = quarter * 3;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

type Kind = 'stage' | 'support' | 'request' | 'milestone' | 'kpi' | 'collaboration';

interface Item {
  day: string;
  kind: Kind;
  title: string;
  detail: string;
  href: string;
}

const KIND_LABEL: Record<Kind, [string, string]> = {
  stage: ['성장 단계', 'Stage'],
  support: ['지원 받음', 'Support received'],
  request: ['지원 요청', 'Support request'],
  milestone: ['마일스톤', 'Milestone'],
  kpi: ['KPI 보고', 'KPI report'],
  collaboration: ['협력', 'Collaboration'],
};

interface Data {
  org: Row;
  items: Item[];
  reports: Row[];
  support: { day: string; title: string }[];
}

async function load(orgId: number): Promise<Data> {
  const q = { org_id: orgId, limit: 200 };
  const [org, ev, apps, rq, ms, kp, co1, co2] = await Promise.all([
    api.get<Row>('orgs', orgId).then((a) => a.data),
    api.list('stage-events', { ...q, status: 'accepted', sort: 'entered_on' }),
    api.list('program-applications', { ...q, status: 'selected', expand: 'program' }),
    api.list('support-requests', { ...q, sort: '-id' }),
    api.list('milestones', { ...q, sort: 'planned_on' }),
    api.list('kpi-reports', { ...q, sort: 'period' }),
    api.list('collaborations', { org_id: orgId, limit: 100 }).catch(() => ({ items: [] as Row[] })),
    api
      .list('collaborations', { partner_org_id: orgId, limit: 100 })
      .catch(() => ({ items: [] as Row[] })),
  ]);
  const items: Item[] = [];
  const support: { day: string; title: string }[] = [];
  for (const e of ev.items)
    items.push({
      day: String(e.entered_on),
      kind: 'stage',
      title: enumLabel('stage-events', 'stage', String(e.stage)),
      detail: String(e.evidence ?? ''),
      href: `/stage-events/${e.id}`,
    });
  for (const a of apps.items) {
    const p = a.program as { title?: string } | undefined;
    const day = String(a.decided_at ?? a.created_at ?? '').slice(0, 10);
    const title = p?.title ?? `#${String(a.program_id)}`;
    support.push({ day, title });
    items.push({
      day,
      kind: 'support',
      title,
      detail: String(a.decision_note ?? ''),
      href: `/program-applications/${a.id}`,
    });
  }
  for (const r of rq.items) {
    items.push({
      day: String(r.created_at ?? '').slice(0, 10),
      kind: 'request',
      title: String(r.title ?? ''),
      detail: enumLabel('support-requests', 'status', String(r.status)),
      href: `/support-requests/${r.id}`,
    });
    if (r.resolved_at) {
      const day = String(r.resolved_at).slice(0, 10);
      support.push({ day, title: String(r.title ?? '') });
      items.push({
        day,
        kind: 'support',
        title: String(r.title ?? ''),
        detail: enumLabel('support-requests', 'category', String(r.category)),
        href: `/support-requests/${r.id}`,
      });
    }
  }
  for (const m of ms.items)
    items.push({
      day: String(m.achieved_on ?? m.planned_on),
      kind: 'milestone',
      title: String(m.title ?? ''),
      detail: enumLabel('milestones', 'status', String(m.status)),
      href: `/milestones/${m.id}`,
    });
  for (const k of kp.items)
    items.push({
      day: quarterEnd(Number(k.year), Number(k.quarter)),
      kind: 'kpi',
      title: String(k.period ?? ''),
      detail: enumLabel('kpi-reports', 'status', String(k.status)),
      href: `/kpi-reports/${k.id}`,
    });
  for (const c of [...co1.items, ...co2.items])
    items.push({
      day: String(c.started_on ?? c.created_at ?? '').slice(0, 10),
      kind: 'collaboration',
      title: String(c.title ?? ''),
      detail: enumLabel('collaborations', 'status', String(c.status)),
      href: `/collaborations/${c.id}`,
    });
  items.sort((a, b) => b.day.localeCompare(a.day));
  return { org, items, reports: kp.items, support };
}

/** The KPI chart: drawn by ECharts once its chunk is here; described for screen readers by
 * the table beside it. */
function KpiChart(props: { series: KpiSeries; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let dispose: (() => void) | null = null;
    let gone = false;
    void import('./chart').then(({ drawKpiChart }) => {
      if (!gone && el.current) dispose = drawKpiChart(el.current, props.series);
    });
    return () => {
      gone = true;
      dispose?.();
    };
  }, [props.series]);
  return (
    <div
      ref={el}
      class="kpi-chart"
      role="img"
      aria-label={props.label}
      style={{ height: '320px' }}
    />
  );
}

export function TimelinePage() {
  const session = useStore(sessionStore);
  const user = session.user;
  const orgId = orgFromUrl() || Number(user?.org_id ?? 0);
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (!user || !orgId) return;
    setData(null);
    setError(null);
    load(orgId)
      .then(setData)
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [orgId, user?.id]);
  const name = data ? String(data.org.name ?? '') : '';
  useTitle(
    name
      ? pick(`${name}의 타임라인`, `Timeline of ${name}`)
      : pick('기업 타임라인', 'Company timeline'),
  );
  if (!session.checked) return <Loading />;
  if (!user)
    return (
      <Banner kind="info">
        {pick('로그인한 기업 구성원과 운영자가 봅니다.', 'Sign in to see a company’s timeline.')}
      </Banner>
    );
  if (!orgId)
    return (
      <Banner kind="info">
        {isOperator(user)
          ? pick(
              '기업을 고르세요: 나의 전주기에서 기업 번호로 엽니다.',
              'Pick a company from the journey page.',
            )
          : pick('소속 기관이 없습니다.', 'You belong to no organisation.')}
      </Banner>
    );
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!data) return <Loading />;
  const reports = data.reports.filter((r) => r.status === 'submitted' || r.status === 'accepted');
  const series: KpiSeries = {
    days: reports.map((r) => quarterEnd(Number(r.year), Number(r.quarter))),
    revenue: reports.map((r) => (r.revenue == null ? null : Number(r.revenue))),
    rnd: reports.map((r) => (r.rnd_spend == null ? null : Number(r.rnd_spend))),
    employees: reports.map((r) => (r.employees == null ? null : Number(r.employees))),
    support: data.support,
    won: (n: number) => formatWonCompact(n),
    names: {
      revenue: pick('매출액', 'Revenue'),
      rnd: pick('연구개발비', 'R&D spend'),
      employees: pick('임직원 수', 'Employees'),
      won: pick('원', 'KRW'),
      people: pick('명', 'people'),
    },
  };
  const won = (v: unknown) => (v == null ? '—' : formatWonCompact(Number(v)));
  return (
    <div class="page lifecycle-timeline">
      <h1>{pick(`${name}의 타임라인`, `Timeline of ${name}`)}</h1>
      <p class="lead">
        {pick(
          '성장 단계, 받은 지원, 지원 요청, 마일스톤, KPI 보고, 협력을 시간순으로 봅니다. 그래프의 세로선은 지원을 받은 날입니다.',
          'Stages, support received, requests, milestones, KPI reports and collaborations over time. The chart’s vertical lines mark the support received.',
        )}
      </p>
      <p>
        <a href={`/lifecycle?org=${orgId}`}>{pick('나의 전주기', 'Journey')}</a>
      </p>
      <section class="card" aria-labelledby="tl-kpi">
        <h2 id="tl-kpi">{pick('KPI 추이', 'KPIs over time')}</h2>
        {reports.length ? (
          <>
            <KpiChart
              series={series}
              label={pick(
                `분기별 매출액·연구개발비·임직원 수 그래프, 지원 ${data.support.length}건 표시. 수치는 아래 표에 있습니다.`,
                `Quarterly revenue, R&D spend and employees, with ${data.support.length} support events marked. The numbers are in the table below.`,
              )}
            />
            <DataTable
              label={pick('분기별 KPI', 'KPIs by quarter')}
              caption
              head={[
                pick('분기', 'Quarter'),
                pick('매출액', 'Revenue'),
                pick('연구개발비', 'R&D spend'),
                pick('임직원 수', 'Employees'),
                pick('특허 수', 'Patents'),
                pick('투자 유치액', 'Funding raised'),
                pick('그 분기에 받은 지원', 'Support that quarter'),
              ]}
            >
              {reports.map((r) => {
                const end = quarterEnd(Number(r.year), Number(r.quarter));
                const start = `${end.slice(0, 5)}${String(Number(r.quarter) * 3 - 2).padStart(2, '0')}-01`;
                const got = data.support.filter((s) => s.day >= start && s.day <= end);
                return (
                  <tr key={r.id}>
                    <td>
                      <a href={`/kpi-reports/${r.id}`}>{String(r.period)}</a>
                    </td>
                    <td>{won(r.revenue)}</td>
                    <td>{won(r.rnd_spend)}</td>
                    <td>{r.employees == null ? '—' : formatNumber(Number(r.employees))}</td>
                    <td>{r.patents == null ? '—' : formatNumber(Number(r.patents))}</td>
                    <td>{won(r.funding_raised)}</td>
                    <td>{got.length ? got.map((s) => s.title).join(', ') : '—'}</td>
                  </tr>
                );
              })}
            </DataTable>
          </>
        ) : (
          <p class="muted">{pick('제출된 KPI 보고서가 없습니다.', 'No submitted KPI reports.')}</p>
        )}
      </section>
      <section class="card" aria-labelledby="tl-events">
        <h2 id="tl-events">{pick('타임라인', 'Timeline')}</h2>
        {data.items.length ? (
          <ol class="timeline">
            {data.items.map((it, i) => (
              <li key={`${it.href}-${it.kind}-${i}`} class={`timeline-${it.kind}`}>
                <time dateTime={it.day}>{it.day ? formatDate(it.day) : '—'}</time>{' '}
                <span class={`badge kind-${it.kind}`}>{pick(...KIND_LABEL[it.kind])}</span>{' '}
                <a href={it.href}>
                  <Txt s={it.title} />
                </a>{' '}
                {it.detail ? (
                  <span class="muted small">
                    <Txt s={it.detail} />
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">{pick('기록이 없습니다.', 'Nothing recorded yet.')}</p>
        )}
      </section>
    </div>
  );
}
