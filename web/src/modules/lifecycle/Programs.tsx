// Support programs and their applications (/support-programs). A company sees the programs
// open today, applies with a motivation (the server decides eligibility, window and once per
// program) and follows its applications, withdrawing one if it wants. Operators see the
// applications waiting for a decision and select or decline each with a reason (the server
// holds the capacity), and open each program's before/after view (/program-outcomes).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, formatWonCompact, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';

function todayInKorea(): string {
  return new Date(Date.now() + 9 * 3600e3).toISOString().slice(0, 10);
}

function ApplyForm(props: { program: Row; orgId: number; onDone: (a: Row) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `apply-${props.program.id}`;
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const a = await api.create<Row>('program-applications', {
            program_id: props.program.id,
            org_id: props.orgId,
            motivation: text,
          });
          announce(pick('신청했습니다.', 'Application sent.'));
          setText('');
          props.onDone(a.data);
        } catch (x) {
          setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for={id}>
        {pick('신청 사유', 'Motivation')}
        <span class="visually-hidden">: {String(props.program.title ?? '')}</span>
      </label>
      <input
        id={id}
        required
        maxLength={5000}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="small" disabled={busy || !text.trim()}>
        {pick('신청하기', 'Apply')}
      </button>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
    </form>
  );
}

function Decide(props: { app: Row; onDone: (a: Row) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const id = `note-${props.app.id}`;
  const decide = async (status: 'selected' | 'declined') => {
    setError(null);
    try {
      const cur = await api.get<Row>('program-applications', props.app.id);
      const a = await api.patch<Row>(
        'program-applications',
        props.app.id,
        { status, decision_note: note },
        cur.etag,
      );
      announce(
        status === 'selected'
          ? pick('선정했습니다.', 'Selected.')
          : pick('미선정으로 결정했습니다.', 'Declined.'),
      );
      props.onDone(a.data);
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    }
  };
  return (
    <div class="inline-form">
      <label for={id}>{pick('사유', 'Reason')}</label>
      <input
        id={id}
        maxLength={2000}
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <button
        type="button"
        class="small"
        disabled={!note.trim()}
        onClick={() => void decide('selected')}
      >
        {pick('선정', 'Select')}
      </button>
      <button
        type="button"
        class="small secondary"
        disabled={!note.trim()}
        onClick={() => void decide('declined')}
      >
        {pick('미선정', 'Decline')}
      </button>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
    </div>
  );
}

export function ProgramsPage() {
  const session = useStore(sessionStore);
  const user = session.user;
  const operator = isOperator(user);
  const orgId = Number(user?.org_id ?? 0);
  const [programs, setPrograms] = useState<Row[] | null>(null);
  const [apps, setApps] = useState<Row[] | null>(null);
  useTitle(pick('지원 프로그램 신청', 'Program applications'));
  useEffect(() => {
    api
      .list('programs', { status: 'open', sort: 'closes_on', limit: 100 })
      .then((p) => setPrograms(p.items))
      .catch(() => setPrograms([]));
    if (!user) return;
    api
      .list(
        'program-applications',
        operator
          ? { status: 'submitted', expand: 'program,org', sort: 'id', limit: 200 }
          : { org_id: orgId, expand: 'program', limit: 200 },
      )
      .then((p) => setApps(p.items))
      .catch(() => setApps([]));
  }, [user?.id]);
  if (!session.checked) return <Loading />;
  const today = todayInKorea();
  const open = (programs ?? []).filter(
    (p) =>
      (!p.opens_on || String(p.opens_on) <= today) &&
      (!p.closes_on || String(p.closes_on) >= today),
  );
  const applied = new Set((apps ?? []).map((a) => Number(a.program_id)));
  const member = !!user && !operator && orgId > 0 && user.role !== 'trainee';
  const replace = (a: Row) =>
    setApps((list) => (list ?? []).map((x) => (x.id === a.id ? { ...x, ...a } : x)));
  return (
    <div class="page lifecycle-programs">
      <h1>{pick('지원 프로그램 신청', 'Program applications')}</h1>
      <p class="lead">
        {operator
          ? pick(
              '신청을 검토해 사유와 함께 선정하거나 미선정합니다. 정원은 서버가 지킵니다.',
              'Review the applications: select or decline each with a reason. The server holds each program’s capacity.',
            )
          : pick(
              '모집 중인 지원 프로그램에 신청하고 결과를 확인합니다.',
              'Apply to the programs open today and follow your applications.',
            )}
      </p>
      <section class="card" aria-labelledby="pg-open">
        <h2 id="pg-open">{pick('모집 중인 프로그램', 'Open programs')}</h2>
        {programs === null ? <Loading /> : null}
        {programs && !open.length ? (
          <p class="muted">{pick('모집 중인 프로그램이 없습니다.', 'No program is open today.')}</p>
        ) : null}
        {open.length ? (
          <DataTable
            label={pick('모집 중인 프로그램', 'Open programs')}
            head={[
              pick('프로그램', 'Program'),
              pick('대상 단계', 'Eligible stages'),
              pick('정원', 'Capacity'),
              pick('모집 마감', 'Closes'),
              pick('신청', 'Apply'),
            ]}
          >
            {open.map((p) => (
              <tr key={p.id}>
                <td>
                  <a href={`/programs/${p.id}`}>
                    <Txt s={String(p.title ?? '')} />
                  </a>{' '}
                  <span class="muted small">
                    {enumLabel('programs', 'category', String(p.category))}
                  </span>
                </td>
                <td>
                  {Array.isArray(p.eligible_stages) && p.eligible_stages.length
                    ? (p.eligible_stages as string[])
                        .map((s) => enumLabel('stage-events', 'stage', s))
                        .join(', ')
                    : pick('전체', 'All')}
                </td>
                <td>{p.capacity == null ? '—' : formatNumber(Number(p.capacity))}</td>
                <td>{p.closes_on ? formatDate(String(p.closes_on)) : '—'}</td>
                <td>
                  {operator ? (
                    <a href={`/program-outcomes?program=${p.id}`}>
                      {pick('지원 전후 KPI', 'KPIs before and after')}
                    </a>
                  ) : member && !applied.has(p.id) ? (
                    <ApplyForm
                      program={p}
                      orgId={orgId}
                      onDone={(a) => setApps((l) => [{ ...a, program: p }, ...(l ?? [])])}
                    />
                  ) : applied.has(p.id) ? (
                    <span class="muted small">{pick('신청함', 'Applied')}</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        ) : null}
      </section>
      {user ? (
        <section class="card" aria-labelledby="pg-apps">
          <h2 id="pg-apps">
            {operator
              ? pick('결정을 기다리는 신청', 'Applications to decide')
              : pick('나의 신청', 'My applications')}
          </h2>
          {apps === null ? <Loading /> : null}
          {apps && !apps.length ? (
            <p class="muted">{pick('신청이 없습니다.', 'No applications.')}</p>
          ) : null}
          {apps && apps.length ? (
            <DataTable
              label={pick('신청', 'Applications')}
              head={[
                pick('프로그램', 'Program'),
                operator ? pick('기업', 'Company') : pick('신청 사유', 'Motivation'),
                pick('상태', 'Status'),
                pick('할 일', 'Action'),
              ]}
            >
              {apps.map((a) => {
                const p = a.program as { title?: string } | undefined;
                const o = a.org as { name?: string } | undefined;
                const st = String(a.status);
                return (
                  <tr key={a.id}>
                    <td>
                      <a href={`/program-applications/${a.id}`}>
                        <Txt s={p?.title ?? `#${String(a.program_id)}`} />
                      </a>
                    </td>
                    <td>
                      {operator ? (
                        <a href={`/company-timeline?org=${Number(a.org_id)}`}>
                          <Txt s={o?.name ?? `#${String(a.org_id)}`} />
                        </a>
                      ) : (
                        <Txt s={String(a.motivation ?? '')} />
                      )}
                    </td>
                    <td>
                      <span class={`badge status-${st}`}>
                        {enumLabel('program-applications', 'status', st)}
                      </span>
                      {a.decision_note ? (
                        <span class="muted small">
                          {' '}
                          <Txt s={String(a.decision_note)} />
                        </span>
                      ) : null}
                    </td>
                    <td>
                      {operator && st === 'submitted' ? <Decide app={a} onDone={replace} /> : null}
                      {!operator && member && (st === 'submitted' || st === 'selected') ? (
                        <button
                          type="button"
                          class="small secondary"
                          onClick={async () => {
                            const cur = await api.get<Row>('program-applications', a.id);
                            const w = await api.patch<Row>(
                              'program-applications',
                              a.id,
                              { status: 'withdrawn' },
                              cur.etag,
                            );
                            replace(w.data);
                            announce(pick('철회했습니다.', 'Withdrawn.'));
                          }}
                        >
                          {pick('철회', 'Withdraw')}
                          <span class="visually-hidden">: {p?.title ?? ''}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

interface Figures {
  period: string;
  revenue: number | null;
  employees: number | null;
  rnd_spend: number | null;
  patents: number | null;
  funding_raised: number | null;
  export_revenue: number | null;
}
interface Outcomes {
  program_id: number;
  title: string;
  items: {
    org_id: number;
    org_name: string;
    application_id: number;
    selected_on: string;
    before: Figures | null;
    after: Figures | null;
  }[];
}

const METRICS: { key: keyof Figures; ko: string; en: string; money: boolean }[] = [
  { key: 'revenue', ko: '매출액', en: 'Revenue', money: true },
  { key: 'employees', ko: '임직원 수', en: 'Employees', money: false },
  { key: 'rnd_spend', ko: '연구개발비', en: 'R&D spend', money: true },
  { key: 'funding_raised', ko: '투자 유치액', en: 'Funding raised', money: true },
  { key: 'export_revenue', ko: '수출액', en: 'Export', money: true },
];

/** Each selected company's KPIs before and after a program (/program-outcomes?program=). */
export function OutcomesPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const program = Number(new URLSearchParams(window.location.search).get('program')) || 0;
  const [data, setData] = useState<Outcomes | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(
    data
      ? pick(`${data.title}: 지원 전후 KPI`, `${data.title}: KPIs before and after`)
      : pick('지원 전후 KPI', 'KPIs before and after'),
  );
  useEffect(() => {
    if (!operator || !program) return;
    request<Outcomes>('GET', `programs/${program}/outcomes`)
      .then((a) => setData(a.data))
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator, program]);
  if (!session.checked) return <Loading />;
  if (!operator)
    return (
      <Banner kind="info">
        {pick('지원 전후 KPI는 운영자가 봅니다.', 'The before/after view is for operators.')}
      </Banner>
    );
  if (!program)
    return (
      <Banner kind="info">
        {pick(
          '지원 프로그램 신청 화면에서 프로그램을 고르세요.',
          'Pick a program on the applications page.',
        )}
      </Banner>
    );
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!data) return <Loading />;
  const fmt = (m: (typeof METRICS)[number], f: Figures | null) => {
    const v = f ? f[m.key] : null;
    return v == null ? '—' : m.money ? formatWonCompact(Number(v)) : formatNumber(Number(v));
  };
  const both = data.items.filter((i) => i.before && i.after);
  const sum = (side: 'before' | 'after', key: keyof Figures) =>
    both.reduce((s, i) => s + Number(i[side]?.[key] ?? 0), 0);
  return (
    <div class="page lifecycle-outcomes">
      <h1>{pick(`${data.title}: 지원 전후 KPI`, `${data.title}: KPIs before and after`)}</h1>
      <p class="lead">
        {pick(
          '선정된 기업마다 선정 전 마지막 분기와 선정 후 마지막 분기의 제출된 KPI를 나란히 봅니다.',
          'For each selected company: its last submitted quarter before its selection and its last one after.',
        )}
      </p>
      {!data.items.length ? (
        <p class="muted">{pick('선정된 기업이 없습니다.', 'No company was selected.')}</p>
      ) : null}
      {both.length ? (
        <section class="card" aria-labelledby="oc-sum">
          <h2 id="oc-sum">
            {pick(
              `전후가 모두 있는 기업 ${both.length}곳의 합계`,
              `Totals of the ${both.length} companies with both`,
            )}
          </h2>
          <DataTable
            label={pick('합계', 'Totals')}
            head={[pick('지표', 'Metric'), pick('지원 전', 'Before'), pick('지원 후', 'After')]}
          >
            {METRICS.map((m) => (
              <tr key={m.key}>
                <th scope="row">{pick(m.ko, m.en)}</th>
                <td>
                  {m.money
                    ? formatWonCompact(sum('before', m.key))
                    : formatNumber(sum('before', m.key))}
                </td>
                <td>
                  {m.money
                    ? formatWonCompact(sum('after', m.key))
                    : formatNumber(sum('after', m.key))}
                </td>
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
      {data.items.length ? (
        <section class="card" aria-labelledby="oc-each">
          <h2 id="oc-each">{pick('기업별', 'By company')}</h2>
          <DataTable
            label={pick('기업별 지원 전후 KPI', 'KPIs before and after by company')}
            caption
            head={[
              pick('기업', 'Company'),
              pick('선정일', 'Selected on'),
              pick('분기(전 → 후)', 'Quarter (before → after)'),
              ...METRICS.map((m) => pick(`${m.ko} 전 → 후`, `${m.en} before → after`)),
            ]}
          >
            {data.items.map((i) => (
              <tr key={i.application_id}>
                <td>
                  <a href={`/company-timeline?org=${i.org_id}`}>
                    <Txt s={i.org_name} />
                  </a>
                </td>
                <td>{formatDate(i.selected_on)}</td>
                <td>
                  {i.before?.period ?? '—'} → {i.after?.period ?? '—'}
                </td>
                {METRICS.map((m) => (
                  <td key={m.key}>
                    {fmt(m, i.before)} → {fmt(m, i.after)}
                  </td>
                ))}
              </tr>
            ))}
          </DataTable>
        </section>
      ) : null}
    </div>
  );
}
