// The operators' overviews of the lifecycle: the SLA board (/sla-board: open requests
// counted by SLA state and category, the escalated ones listed), the late KPI reports of a
// quarter (/late-reports, from GET /api/v1/lifecycle/late-reports) and the cohort view
// (/tenant-cohorts: tenant companies counted by stage and field). Others are told these are
// for operators; the API refuses them anyway.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatDateTime, formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import { SlaBadge } from './Journey';
import { slaState, type SlaState } from './sla';

const OPEN = ['new', 'triaged', 'in-progress'];
const STATES: SlaState[] = ['late', 'first-late', 'soon', 'ok'];
const STATE_LABEL: Record<SlaState, [string, string]> = {
  late: ['기한 지남', 'Overdue'],
  'first-late': ['첫 답변 늦음', 'First answer late'],
  soon: ['곧 기한', 'Due soon'],
  ok: ['기한 내', 'On time'],
  done: ['완료', 'Done'],
};

function OperatorsOnly(props: { what: string }) {
  return (
    <Banner kind="info">
      {pick(`${props.what}은(는) 운영자가 봅니다.`, `${props.what}: for operators.`)}
    </Banner>
  );
}

export function SlaBoardPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [rows, setRows] = useState<Row[] | null>(null);
  useTitle(pick('SLA 현황판', 'SLA board'));
  useEffect(() => {
    if (!operator) return;
    Promise.all(
      OPEN.map((status) =>
        api.list('support-requests', { status, expand: 'org', sort: 'resolution_due', limit: 200 }),
      ),
    )
      .then((pages) => setRows(pages.flatMap((p) => p.items)))
      .catch(() => setRows([]));
  }, [operator]);
  if (!session.checked) return <Loading />;
  if (!operator) return <OperatorsOnly what={pick('SLA 현황판', 'The SLA board')} />;
  if (!rows) return <Loading />;
  const categories = [...new Set(rows.map((r) => String(r.category)))].sort();
  const count = (st: SlaState, cat?: string) =>
    rows.filter((r) => slaState(r) === st && (!cat || r.category === cat)).length;
  const escalated = rows
    .filter((r) => r.escalated_at)
    .sort((a, b) => String(b.escalated_at).localeCompare(String(a.escalated_at)));
  return (
    <div class="page lifecycle-sla-board">
      <h1>{pick('SLA 현황판', 'SLA board')}</h1>
      <p class="lead">
        {pick(
          '열린 지원 요청을 처리 기한 상태와 지원 분야별로 셉니다. 기한 임박 알림(bpmc sla-escalate)을 받은 요청은 아래에 있습니다.',
          'Open support requests by SLA state and category. Requests escalated by bpmc sla-escalate are listed below.',
        )}
      </p>
      <p>
        <a href="/support-queue">{pick('지원 요청 처리', 'Request queue')}</a>
      </p>
      <ul class="stat-cards">
        {STATES.map((s) => (
          <li key={s} class={`card sla-${s}`}>
            <span class="stat-number">{formatNumber(count(s))}</span> {pick(...STATE_LABEL[s])}
          </li>
        ))}
      </ul>
      <section class="card" aria-labelledby="sb-cat">
        <h2 id="sb-cat">{pick('분야별', 'By category')}</h2>
        <DataTable
          label={pick('분야별 SLA 상태', 'SLA state by category')}
          head={[pick('지원 분야', 'Category'), ...STATES.map((s) => pick(...STATE_LABEL[s]))]}
        >
          {categories.map((c) => (
            <tr key={c}>
              <th scope="row">{enumLabel('support-requests', 'category', c)}</th>
              {STATES.map((s) => (
                <td key={s}>
                  <a href={`/support-requests?category=${encodeURIComponent(c)}`}>
                    {formatNumber(count(s, c))}
                  </a>
                </td>
              ))}
            </tr>
          ))}
        </DataTable>
      </section>
      <section class="card" aria-labelledby="sb-esc">
        <h2 id="sb-esc">{pick('기한 임박 알림을 받은 요청', 'Escalated requests')}</h2>
        {escalated.length ? (
          <DataTable
            label={pick('기한 임박 알림', 'Escalations')}
            caption
            head={[
              pick('요청', 'Request'),
              pick('기업', 'Company'),
              pick('알림 일시', 'Escalated at'),
              pick('상태', 'State'),
            ]}
          >
            {escalated.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`/support-requests/${r.id}`}>
                    <Txt s={String(r.title ?? '')} />
                  </a>
                </td>
                <td>
                  <Txt
                    s={(r.org as { name?: string } | undefined)?.name ?? `#${String(r.org_id)}`}
                  />
                </td>
                <td>{formatDateTime(String(r.escalated_at))}</td>
                <td>
                  <SlaBadge row={r} />
                </td>
              </tr>
            ))}
          </DataTable>
        ) : (
          <p class="muted">
            {pick('기한 임박 알림을 받은 열린 요청이 없습니다.', 'No open request was escalated.')}
          </p>
        )}
      </section>
    </div>
  );
}

interface Late {
  quarter: string;
  due_on: string;
  overdue: boolean;
  items: {
    org_id: number;
    org_name: string;
    report_id: number | null;
    status: string | null;
    submitted_at: string | null;
    is_late: boolean;
    reminded: boolean;
  }[];
}

export function LateReportsPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [quarter, setQuarter] = useState(
    () => new URLSearchParams(window.location.search).get('quarter') ?? '',
  );
  const [input, setInput] = useState(quarter);
  const [data, setData] = useState<Late | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('늦은 KPI 보고', 'Late KPI reports'));
  useEffect(() => {
    if (!operator) return;
    setData(null);
    setError(null);
    request<Late>('GET', 'lifecycle/late-reports', { query: { quarter: quarter || undefined } })
      .then((a) => {
        setData(a.data);
        setInput(a.data.quarter);
      })
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator, quarter]);
  if (!session.checked) return <Loading />;
  if (!operator) return <OperatorsOnly what={pick('늦은 KPI 보고', 'Late KPI reports')} />;
  return (
    <div class="page lifecycle-late-reports">
      <h1>{pick('늦은 KPI 보고', 'Late KPI reports')}</h1>
      <p class="lead">
        {pick(
          '분기 보고서는 분기가 끝난 다음 달 20일까지 냅니다. 아직 없거나, 제출하지 않았거나, 기한 뒤에 낸 입주기업입니다.',
          'A quarter’s report is due on the 20th of the month after it. Tenant companies whose report is missing, not submitted or was submitted late.',
        )}
      </p>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          window.history.replaceState(
            null,
            '',
            `/late-reports?quarter=${encodeURIComponent(input)}`,
          );
          setQuarter(input);
        }}
      >
        <label>
          {pick('분기 (예: 2026-Q3)', 'Quarter (e.g. 2026-Q3)')}{' '}
          <input
            value={input}
            pattern="[0-9]{4}-Q[1-4]"
            onInput={(e) => setInput(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="small">
          {pick('보기', 'Show')}
        </button>
      </form>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <section class="card" aria-labelledby="lr-list">
          <h2 id="lr-list">
            {pick(
              `${data.quarter} (기한 ${formatDate(data.due_on)})`,
              `${data.quarter} (due ${formatDate(data.due_on)})`,
            )}{' '}
            <span class="count-badge">{formatNumber(data.items.length)}</span>
          </h2>
          {data.items.length ? (
            <DataTable
              label={pick('늦은 KPI 보고', 'Late KPI reports')}
              head={[
                pick('기업', 'Company'),
                pick('보고서', 'Report'),
                pick('제출 일시', 'Submitted at'),
                pick('늦음', 'Late'),
                pick('알림', 'Reminded'),
              ]}
            >
              {data.items.map((i) => (
                <tr key={i.org_id} class={i.is_late ? 'overdue' : undefined}>
                  <td>
                    <a href={`/company-timeline?org=${i.org_id}`}>
                      <Txt s={i.org_name} />
                    </a>
                  </td>
                  <td>
                    {i.report_id ? (
                      <a href={`/kpi-reports/${i.report_id}`}>
                        {enumLabel('kpi-reports', 'status', String(i.status))}
                      </a>
                    ) : (
                      pick('없음', 'None')
                    )}
                  </td>
                  <td>{i.submitted_at ? formatDateTime(i.submitted_at) : '—'}</td>
                  <td>
                    {i.is_late ? (
                      <span class="badge overdue-badge">{pick('늦음', 'Late')}</span>
                    ) : (
                      pick('아직 기한 전', 'Not due yet')
                    )}
                  </td>
                  <td>{i.reminded ? pick('보냄', 'Sent') : '—'}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <p class="muted">{pick('늦은 보고가 없습니다.', 'No late reports.')}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

const STAGES = ['basic-research', 'rnd', 'education', 'clinical', 'marketing', 'commercialization'];

export function CohortPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [orgs, setOrgs] = useState<Row[] | null>(null);
  const [tags, setTags] = useState<Map<string, string>>(new Map());
  useTitle(pick('단계·분야별 코호트', 'Cohorts by stage and field'));
  useEffect(() => {
    if (!operator) return;
    api
      .list('orgs', { is_tenant: 'true', kind: 'company', limit: 200 })
      .then((p) => setOrgs(p.items))
      .catch(() => setOrgs([]));
    api
      .list('tags', { limit: 200 })
      .then((p) =>
        setTags(
          new Map(
            p.items.map((t) => [
              String(t.slug),
              pick(String(t.name_ko ?? ''), String(t.name_en ?? '')),
            ]),
          ),
        ),
      )
      .catch(() => setTags(new Map()));
  }, [operator]);
  if (!session.checked) return <Loading />;
  if (!operator) return <OperatorsOnly what={pick('코호트 보기', 'The cohort view')} />;
  if (!orgs) return <Loading />;
  const fields = [
    ...new Set(orgs.flatMap((o) => (Array.isArray(o.fields) ? (o.fields as string[]) : []))),
  ].sort();
  const none = '';
  const cols = [...fields, none];
  const inCell = (stage: string, field: string) =>
    orgs.filter(
      (o) =>
        o.stage === stage &&
        (field === none
          ? !(Array.isArray(o.fields) && o.fields.length)
          : Array.isArray(o.fields) && (o.fields as string[]).includes(field)),
    );
  return (
    <div class="page lifecycle-cohorts">
      <h1>{pick('단계·분야별 코호트', 'Cohorts by stage and field')}</h1>
      <p class="lead">
        {pick(
          `입주기업 ${orgs.length}곳을 성장 단계와 분야로 나눠 셉니다. 한 기업이 여러 분야에 속하면 각 분야에 셉니다.`,
          `The ${orgs.length} tenant companies by stage and field; a company of several fields counts in each.`,
        )}
      </p>
      <DataTable
        label={pick('단계·분야별 기업 수', 'Companies by stage and field')}
        caption
        head={[
          pick('단계', 'Stage'),
          ...cols.map((f) => (f === none ? pick('분야 없음', 'No field') : tags.get(f) || f)),
          pick('합계', 'Total'),
        ]}
      >
        {STAGES.map((s) => (
          <tr key={s}>
            <th scope="row">{enumLabel('orgs', 'stage', s)}</th>
            {cols.map((f) => {
              const n = inCell(s, f).length;
              return (
                <td key={f}>
                  {n ? (
                    <a
                      href={`/orgs?is_tenant=true&stage=${s}${f ? `&fields=${encodeURIComponent(f)}` : ''}`}
                    >
                      {formatNumber(n)}
                    </a>
                  ) : (
                    '0'
                  )}
                </td>
              );
            })}
            <td>{formatNumber(orgs.filter((o) => o.stage === s).length)}</td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
