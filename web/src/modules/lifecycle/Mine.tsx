// A company's own lists: its support requests (/my-requests: SLA state, response, and
// closing a resolved one with a satisfaction rating) and its KPI reports (/my-reports:
// due day, late flag, warnings; a form for a quarter's figures that asks before sending one ten
// times the previous quarter's, which the server refuses until confirmed). Operators use the
// queue, the SLA board and the late-reports view instead.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { parseWon } from '../../format';
import {
  enumLabel,
  formatDate,
  formatDateTime,
  formatNumber,
  formatWonCompact,
  pick,
} from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { SlaBadge } from './Journey';

function useOwnOrg(): { orgId: number; member: boolean; checked: boolean; signedIn: boolean } {
  const session = useStore(sessionStore);
  const user = session.user;
  const orgId = Number(user?.org_id ?? 0);
  return {
    orgId,
    member: !!user && !isOperator(user) && orgId > 0,
    checked: session.checked,
    signedIn: !!user,
  };
}

function CloseWithRating(props: { row: Row; onDone: (r: Row) => void }) {
  const [rating, setRating] = useState('5');
  const [error, setError] = useState<ApiError | null>(null);
  const id = `rate-${props.row.id}`;
  return (
    <div class="inline-form">
      <label for={id}>{pick('만족도', 'Satisfaction')}</label>
      <select id={id} value={rating} onChange={(e) => setRating(e.currentTarget.value)}>
        {['5', '4', '3', '2', '1'].map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="small"
        onClick={async () => {
          setError(null);
          try {
            const cur = await api.get<Row>('support-requests', props.row.id);
            const a = await api.patch<Row>(
              'support-requests',
              props.row.id,
              { status: 'closed', rating: Number(rating) },
              cur.etag,
            );
            announce(pick('요청을 종료했습니다.', 'Request closed.'));
            props.onDone(a.data);
          } catch (x) {
            setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
          }
        }}
      >
        {pick('평가하고 종료', 'Rate and close')}
        <span class="visually-hidden">: {String(props.row.title ?? '')}</span>
      </button>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
    </div>
  );
}

export function MyRequestsPage() {
  const own = useOwnOrg();
  const [rows, setRows] = useState<Row[] | null>(null);
  useTitle(pick('나의 지원 요청', 'My support requests'));
  useEffect(() => {
    if (!own.member) return;
    api
      .list('support-requests', {
        org_id: own.orgId,
        sort: '-id',
        limit: 200,
        expand: 'attachment',
      })
      .then((p) => setRows(p.items))
      .catch(() => setRows([]));
  }, [own.orgId, own.member]);
  if (!own.checked) return <Loading />;
  if (!own.member)
    return (
      <Banner kind="info">
        {pick(
          '기업 구성원이 자기 기업의 지원 요청을 봅니다. 운영자는 지원 요청 처리 화면을 씁니다.',
          'Members of a company see its requests here; operators use the request queue.',
        )}
      </Banner>
    );
  return (
    <div class="page lifecycle-my-requests">
      <h1>{pick('나의 지원 요청', 'My support requests')}</h1>
      <p class="lead">
        {pick(
          '요청마다 처리 기한과 답변을 봅니다. 해결된 요청은 만족도를 남기고 종료합니다. 새 요청은 나의 전주기에서 합니다.',
          'Each request with its deadlines and response. Rate a resolved request when you close it. Ask for support on your journey page.',
        )}
      </p>
      <p>
        <a href="/lifecycle">{pick('나의 전주기', 'My journey')}</a> ·{' '}
        <a href="/support-requests/new">
          {pick('첨부 파일과 함께 요청하기', 'Ask with an attachment')}
        </a>
      </p>
      {rows === null ? <Loading /> : null}
      {rows && !rows.length ? (
        <p class="muted">{pick('지원 요청이 없습니다.', 'No support requests.')}</p>
      ) : null}
      {rows && rows.length ? (
        <DataTable
          label={pick('나의 지원 요청', 'My support requests')}
          head={[
            pick('요청', 'Request'),
            pick('처리 기한', 'Due'),
            pick('답변', 'Response'),
            pick('상태', 'Status'),
          ]}
        >
          {rows.map((r) => {
            const st = String(r.status);
            const att = r.attachment as { name?: string; id?: number } | undefined;
            return (
              <tr key={r.id}>
                <td>
                  <a href={`/support-requests/${r.id}`}>
                    <Txt s={String(r.title ?? '')} />
                  </a>{' '}
                  <span class="muted small">
                    {enumLabel('support-requests', 'category', String(r.category))}
                  </span>
                  {att?.id ? (
                    <>
                      {' '}
                      <a class="small" href={`/api/v1/files/${att.id}/content`}>
                        {pick('첨부', 'Attachment')}: <Txt s={att.name ?? ''} />
                      </a>
                    </>
                  ) : null}
                </td>
                <td>
                  {r.resolution_due ? formatDateTime(String(r.resolution_due)) : '—'}{' '}
                  <SlaBadge row={r} />
                </td>
                <td>{r.response ? <Txt s={String(r.response)} /> : '—'}</td>
                <td>
                  <span class={`badge status-${st}`}>
                    {enumLabel('support-requests', 'status', st)}
                  </span>
                  {r.rating ? (
                    <span class="muted small">
                      {' '}
                      {pick(`만족도 ${String(r.rating)}/5`, `rated ${String(r.rating)}/5`)}
                    </span>
                  ) : null}
                  {st === 'resolved' ? (
                    <CloseWithRating
                      row={r}
                      onDone={(a) =>
                        setRows((l) => (l ?? []).map((x) => (x.id === a.id ? { ...x, ...a } : x)))
                      }
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
    </div>
  );
}

const FIGURES: { key: string; ko: string; en: string; money: boolean }[] = [
  { key: 'revenue', ko: '매출액(원)', en: 'Revenue (KRW)', money: true },
  { key: 'employees', ko: '임직원 수', en: 'Employees', money: false },
  { key: 'rnd_spend', ko: '연구개발비(원)', en: 'R&D spend (KRW)', money: true },
  { key: 'patents', ko: '특허 수', en: 'Patents', money: false },
  { key: 'funding_raised', ko: '투자 유치액(원)', en: 'Funding raised (KRW)', money: true },
  { key: 'export_revenue', ko: '수출액(원)', en: 'Export (KRW)', money: true },
];

function lastQuarter(): [number, number] {
  const d = new Date(Date.now() + 9 * 3600e3);
  const q = Math.floor(d.getUTCMonth() / 3) + 1;
  return q === 1 ? [d.getUTCFullYear() - 1, 4] : [d.getUTCFullYear(), q - 1];
}

function ReportForm(props: { orgId: number; onDone: (r: Row) => void }) {
  const [ly, lq] = lastQuarter();
  const [year, setYear] = useState(String(ly));
  const [quarter, setQuarter] = useState(String(lq));
  const [vals, setVals] = useState<Record<string, string>>({});
  const [outliers, setOutliers] = useState<string[]>([]);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body: Record<string, unknown> = {
      org_id: props.orgId,
      year: Number(year),
      quarter: Number(quarter),
    };
    for (const f of FIGURES) {
      const v = (vals[f.key] ?? '').trim();
      if (v) body[f.key] = f.money ? (parseWon(v) ?? v) : Number(v.replace(/,/g, ''));
    }
    if (confirm) body.confirm_outliers = true;
    try {
      const a = await api.create<Row>('kpi-reports', body);
      announce(
        pick(
          `${String(a.data.period)} 보고서를 저장했습니다.`,
          `${String(a.data.period)} report saved.`,
        ),
      );
      setVals({});
      setOutliers([]);
      setConfirm(false);
      props.onDone(a.data);
    } catch (x) {
      const err = x instanceof ApiError ? x : new ApiError({ status: 0 });
      // a figure ten times the last quarter's: ask, then send again with the confirmation
      const jumped = (err.problem.errors ?? [])
        .filter(
          (fe) =>
            FIGURES.some((f) => f.key === fe.field) &&
            /confirm_outliers/.test(fe.message_en ?? fe.message),
        )
        .map((fe) => fe.field);
      if (jumped.length) setOutliers(jumped);
      else setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="stack-form" onSubmit={send}>
      <div class="inline-form">
        <label>
          {pick('연도', 'Year')}{' '}
          <input
            name="year"
            type="number"
            min={2000}
            max={2100}
            required
            value={year}
            onInput={(e) => setYear(e.currentTarget.value)}
          />
        </label>
        <label>
          {pick('분기', 'Quarter')}{' '}
          <select
            name="quarter"
            value={quarter}
            onChange={(e) => setQuarter(e.currentTarget.value)}
          >
            {['1', '2', '3', '4'].map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
      </div>
      {FIGURES.map((f) => (
        <label key={f.key}>
          {pick(f.ko, f.en)}
          <input
            name={f.key}
            inputMode="numeric"
            value={vals[f.key] ?? ''}
            aria-invalid={outliers.includes(f.key) ? 'true' : undefined}
            onInput={(e) => setVals({ ...vals, [f.key]: e.currentTarget.value })}
          />
        </label>
      ))}
      {outliers.length ? (
        <div role="alert" class="banner banner-warning">
          <p>
            {pick(
              `${outliers.map((k) => pick(FIGURES.find((f) => f.key === k)?.ko, FIGURES.find((f) => f.key === k)?.en)).join(', ')}: 직전 분기의 10배 이상이거나 1/10 이하입니다. 수치가 맞습니까?`,
              `${outliers.map((k) => pick(FIGURES.find((f) => f.key === k)?.ko, FIGURES.find((f) => f.key === k)?.en)).join(', ')}: ten times the previous quarter’s, or a tenth of it. Are the figures right?`,
            )}
          </p>
          <label>
            <input
              type="checkbox"
              checked={confirm}
              onChange={(e) => setConfirm(e.currentTarget.checked)}
            />{' '}
            {pick('네, 맞습니다', 'Yes, they are right')}
          </label>
        </div>
      ) : null}
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      <div>
        <button type="submit" disabled={busy || (outliers.length > 0 && !confirm)}>
          {pick('보고서 저장', 'Save the report')}
        </button>
      </div>
    </form>
  );
}

export function MyReportsPage() {
  const own = useOwnOrg();
  const session = useStore(sessionStore);
  const [rows, setRows] = useState<Row[] | null>(null);
  useTitle(pick('나의 KPI 보고', 'My KPI reports'));
  useEffect(() => {
    if (!own.member) return;
    api
      .list('kpi-reports', { org_id: own.orgId, sort: '-period', limit: 200 })
      .then((p) => setRows(p.items))
      .catch(() => setRows([]));
  }, [own.orgId, own.member]);
  if (!own.checked) return <Loading />;
  if (!own.member)
    return (
      <Banner kind="info">
        {pick(
          '기업 구성원이 자기 기업의 KPI 보고를 봅니다. 운영자는 늦은 KPI 보고 화면을 씁니다.',
          'Members of a company see its reports here; operators use the late-reports view.',
        )}
      </Banner>
    );
  const today = new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
  const writer = session.user?.role !== 'trainee';
  return (
    <div class="page lifecycle-my-reports">
      <h1>{pick('나의 KPI 보고', 'My KPI reports')}</h1>
      <p class="lead">
        {pick(
          '분기 보고서는 분기가 끝난 다음 달 20일까지 제출합니다.',
          'A quarter’s report is due on the 20th of the month after the quarter.',
        )}
      </p>
      {rows === null ? <Loading /> : null}
      {rows && !rows.length ? (
        <p class="muted">{pick('KPI 보고서가 없습니다.', 'No KPI reports.')}</p>
      ) : null}
      {rows && rows.length ? (
        <DataTable
          label={pick('나의 KPI 보고', 'My KPI reports')}
          head={[
            pick('분기', 'Quarter'),
            pick('제출 기한', 'Due on'),
            pick('매출액', 'Revenue'),
            pick('임직원 수', 'Employees'),
            pick('상태', 'Status'),
          ]}
        >
          {rows.map((r) => {
            const st = String(r.status);
            const late =
              r.is_late === true ||
              (['draft', 'returned'].includes(st) && !!r.due_on && String(r.due_on) < today);
            const warnings = Array.isArray(r.warnings) ? (r.warnings as string[]) : [];
            return (
              <tr key={r.id} class={late ? 'overdue' : undefined}>
                <td>
                  <a href={`/kpi-reports/${r.id}`}>{String(r.period)}</a>
                </td>
                <td>
                  {r.due_on ? formatDate(String(r.due_on)) : '—'}{' '}
                  {late ? <span class="badge overdue-badge">{pick('늦음', 'Late')}</span> : null}
                </td>
                <td>{r.revenue == null ? '—' : formatWonCompact(Number(r.revenue))}</td>
                <td>{r.employees == null ? '—' : formatNumber(Number(r.employees))}</td>
                <td>
                  <span class={`badge status-${st}`}>{enumLabel('kpi-reports', 'status', st)}</span>
                  {warnings.length ? (
                    <span class="badge warning-badge">
                      {pick(`확인 필요 ${warnings.length}`, `${warnings.length} to check`)}
                    </span>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      ) : null}
      {writer ? (
        <section class="card" aria-labelledby="mr-new">
          <h2 id="mr-new">{pick('분기 보고서 작성', 'Write a quarter’s report')}</h2>
          <ReportForm orgId={own.orgId} onDone={(r) => setRows((l) => [r, ...(l ?? [])])} />
        </section>
      ) : null}
    </div>
  );
}
