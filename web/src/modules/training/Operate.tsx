// The operators' pages. Demand (/training-demand): a survey's answers by field and level, how
// many organisations asked for each pair and how many people (GET /surveys/{id}/summary).
// Applications (/training-applications[?cohort=]): the enrollments waiting for a decision,
// approved or rejected here (the server holds each cohort's capacity), and the approved ones'
// attendance, which completes them once it meets the cohort's rule (and, corrected below it on a
// completed one, undoes the completion: the server accepts attendance on approved and completed
// enrollments only, up to the cohort's sessions). A cohort is named with its course.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, request, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { cohortInfo, cohortTitle, FIELDS, LEVELS, type CohortInfo } from './labels';

interface Summary {
  survey_id: number;
  title: string;
  status: string;
  responses: number;
  headcount: number;
  cells: { field: string; level: string; responses: number; headcount: number }[];
}

/** What a page only operators use says to anyone else: its title and why there is nothing. */
function OperatorsOnly(props: { title: string; ko: string; en: string }) {
  return (
    <section>
      <h1 id="page-title" tabIndex={-1}>
        {props.title}
      </h1>
      <Banner kind="info">{pick(props.ko, props.en)}</Banner>
    </section>
  );
}

export function DemandPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [surveys, setSurveys] = useState<Row[] | null>(null);
  const [chosen, setChosen] = useState(0);
  const [sum, setSum] = useState<Summary | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('교육훈련 수요', 'Training demand'));
  useEffect(() => {
    if (!operator) return;
    api
      .list('surveys', { sort: '-opens_on', limit: 100 })
      .then((a) => {
        setSurveys(a.items);
        if (a.items[0]) setChosen(a.items[0].id);
      })
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator]);
  useEffect(() => {
    if (!chosen) return;
    setSum(null);
    request<Summary>('GET', `surveys/${chosen}/summary`)
      .then((a) => setSum(a.data))
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [chosen]);
  if (!session.checked) return <Loading />;
  if (!operator)
    return (
      <OperatorsOnly
        title={pick('교육훈련 수요', 'Training demand')}
        ko="교육훈련 수요는 운영자가 봅니다."
        en="The demand view is for operators."
      />
    );
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!surveys) return <Loading />;
  const at = (f: string, l: string) => sum?.cells.find((c) => c.field === f && c.level === l);
  return (
    <div class="page training-demand">
      <h1 id="page-title" tabIndex={-1}>
        {pick('교육훈련 수요', 'Training demand')}
      </h1>
      <p class="lead">
        {pick(
          '수요조사 응답을 분야 × 수준으로 모았습니다: 교육 희망 인원(응답 기관 수).',
          'A survey’s answers by field and level: people to train (organisations that asked).',
        )}
      </p>
      {!surveys.length ? (
        <p class="muted">{pick('수요조사가 없습니다.', 'No survey yet.')}</p>
      ) : (
        <p>
          <label for="tr-survey">{pick('수요조사', 'Survey')}</label>{' '}
          <select
            id="tr-survey"
            value={String(chosen)}
            onChange={(e) => setChosen(Number(e.currentTarget.value))}
          >
            {surveys.map((s) => (
              <option key={s.id} value={String(s.id)}>
                {String(s.title ?? '')} ({enumLabel('surveys', 'status', String(s.status))})
              </option>
            ))}
          </select>
        </p>
      )}
      {chosen && !sum ? <Loading /> : null}
      {sum ? (
        <section class="card" aria-labelledby="tr-sum">
          <h2 id="tr-sum">
            {pick(
              `응답 ${formatNumber(sum.responses)}건, 교육 희망 ${formatNumber(sum.headcount)}명`,
              `${formatNumber(sum.responses)} answers, ${formatNumber(sum.headcount)} people`,
            )}
          </h2>
          <DataTable
            label={pick('분야 × 수준별 교육 수요', 'Demand by field and level')}
            class="training-matrix"
            head={[pick('분야', 'Field'), ...LEVELS.map((l) => enumLabel('courses', 'level', l))]}
          >
            {FIELDS.map((f) => (
              <tr key={f}>
                <th scope="row">{enumLabel('courses', 'field', f)}</th>
                {LEVELS.map((l) => {
                  const c = at(f, l);
                  return (
                    <td key={l} class={c ? 'demand' : 'muted'}>
                      {c
                        ? pick(
                            `${formatNumber(c.headcount)}명 (${formatNumber(c.responses)}곳)`,
                            `${formatNumber(c.headcount)} (${formatNumber(c.responses)} orgs)`,
                          )
                        : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </DataTable>
          <p>
            <a href={`/survey-responses?survey_id=${sum.survey_id}`}>
              {pick('응답 목록 보기', 'See the answers')}
            </a>
          </p>
        </section>
      ) : null}
    </div>
  );
}

function Attendance(props: {
  row: Row;
  sessions: number;
  onDone: (r: Row) => void;
  onError: (e: ApiError) => void;
}) {
  const [n, setN] = useState(String(props.row.attended ?? 0));
  const id = `att-${props.row.id}`;
  const completed = props.row.status === 'completed';
  return (
    <form
      class="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const cur = await api.get<Row>('enrollments', props.row.id);
          const a = await api.patch<Row>(
            'enrollments',
            props.row.id,
            { attended: Number(n) },
            cur.etag,
          );
          props.onDone(a.data);
          announce(
            a.data.status === 'completed'
              ? pick('출석을 기록했습니다: 수료', 'Attendance saved: completed')
              : completed
                ? pick('출석을 고쳤습니다: 수료 취소', 'Attendance corrected: completion undone')
                : pick('출석을 기록했습니다.', 'Attendance saved.'),
          );
        } catch (x) {
          props.onError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
        }
      }}
    >
      <label for={id}>{pick('출석 회차', 'Sessions attended')}</label>
      <input
        id={id}
        type="number"
        min={0}
        max={props.sessions > 0 ? props.sessions : undefined}
        value={n}
        aria-describedby={`${id}-of`}
        onInput={(e) => setN(e.currentTarget.value)}
      />{' '}
      <span id={`${id}-of`} class="muted small">
        {props.sessions > 0
          ? pick(`/ ${formatNumber(props.sessions)}회`, `of ${formatNumber(props.sessions)}`)
          : null}
        {completed
          ? pick(
              ' (기준 미만으로 고치면 수료가 취소됩니다)',
              ' (below the rule undoes the completion)',
            )
          : null}
      </span>
      <button type="submit" class="small">
        {pick('저장', 'Save')}
      </button>
    </form>
  );
}

export function ApplicationsPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const cohort = Number(new URLSearchParams(window.location.search).get('cohort')) || 0;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [courses, setCourses] = useState<Record<number, CohortInfo>>({});
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('수강 신청 처리', 'Enrolment applications'));
  useEffect(() => {
    if (!operator) return;
    const q: Record<string, string | number> = {
      status: 'applied,approved,completed',
      expand: 'cohort,trainee,org',
      sort: 'id',
      limit: 200,
    };
    if (cohort) q.cohort_id = cohort;
    api
      .list('enrollments', q)
      .then((a) => {
        setRows(a.items);
        // each cohort's course ("2026년 1기" alone is ambiguous across courses) and sessions
        return cohortInfo(a.items.map((r) => Number(r.cohort_id))).then(setCourses);
      })
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator, cohort]);
  if (!session.checked) return <Loading />;
  if (!operator)
    return (
      <OperatorsOnly
        title={pick('수강 신청 처리', 'Enrolment applications')}
        ko="수강 신청 처리는 운영자가 합니다. 내 신청은 '내 교육'에서 봅니다."
        en="Operators decide applications. Yours are under My courses."
      />
    );
  if (!rows) return error ? <Banner kind="error">{error.text()}</Banner> : <Loading />;
  const replace = (r: Row) =>
    setRows((l) => (l ?? []).map((x) => (x.id === r.id ? { ...x, ...r } : x)));
  const decide = async (r: Row, status: 'approved' | 'rejected') => {
    setError(null);
    try {
      const cur = await api.get<Row>('enrollments', r.id);
      const a = await api.patch<Row>('enrollments', r.id, { status }, cur.etag);
      replace(a.data);
      announce(
        status === 'approved'
          ? pick('승인했습니다.', 'Approved.')
          : pick('반려했습니다.', 'Rejected.'),
      );
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    }
  };
  return (
    <div class="page training-applications">
      <h1 id="page-title" tabIndex={-1}>
        {pick('수강 신청 처리', 'Enrolment applications')}
      </h1>
      <p class="lead">
        {pick(
          '신청을 승인하거나 반려하고, 승인된 수강생의 출석을 기록합니다. 정원은 서버가 지키고, 출석이 기준에 이르면 수료로 바뀝니다.',
          'Approve or reject applications and record the approved trainees’ attendance. The server holds each cohort’s capacity; attendance that meets the rule completes the course.',
        )}
      </p>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {!rows.length ? (
        <p class="muted">{pick('처리할 신청이 없습니다.', 'Nothing to decide.')}</p>
      ) : (
        <DataTable
          label={pick('수강 신청', 'Applications')}
          head={[
            pick('교육생', 'Trainee'),
            pick('기수', 'Cohort'),
            pick('신청일', 'Applied on'),
            pick('상태', 'Status'),
            pick('할 일', 'Action'),
          ]}
        >
          {rows.map((r) => {
            const k = r.cohort as { name?: string } | undefined;
            const t = r.trainee as { name?: string } | undefined;
            const o = r.org as { name?: string } | undefined;
            const st = String(r.status);
            const who = `${t?.name ?? `#${String(r.trainee_id)}`}${o?.name ? ` (${o.name})` : ''}`;
            return (
              <tr key={r.id}>
                <td>
                  <a href={`/enrollments/${r.id}`}>
                    <Txt s={who} />
                  </a>
                  {r.motivation ? (
                    <span class="muted small">
                      <br />
                      <Txt s={String(r.motivation)} />
                    </span>
                  ) : null}
                </td>
                <td>
                  <a href={`/training-cohort?id=${Number(r.cohort_id)}`}>
                    <Txt s={cohortTitle(courses[Number(r.cohort_id)], k, r.cohort_id)} />
                  </a>
                </td>
                <td>{formatDate(String(r.created_at))}</td>
                <td>
                  <span class={`badge status-${st}`}>{enumLabel('enrollments', 'status', st)}</span>
                </td>
                <td>
                  {st === 'applied' ? (
                    <span class="button-row">
                      <button
                        type="button"
                        class="small"
                        onClick={() => void decide(r, 'approved')}
                      >
                        {pick('승인', 'Approve')}
                        <span class="visually-hidden">: {who}</span>
                      </button>
                      <button
                        type="button"
                        class="small secondary"
                        onClick={() => void decide(r, 'rejected')}
                      >
                        {pick('반려', 'Reject')}
                        <span class="visually-hidden">: {who}</span>
                      </button>
                    </span>
                  ) : st === 'approved' || st === 'completed' ? (
                    <Attendance
                      row={r}
                      sessions={courses[Number(r.cohort_id)]?.sessions ?? 0}
                      onDone={replace}
                      onError={setError}
                    />
                  ) : null}
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
}
