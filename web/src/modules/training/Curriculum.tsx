// The curriculum matrix (/training): every course by field (업종) and level (수준), its kind
// (lecture, open campus, smart lab, PBL) and hours, and the cohorts that are planned, recruiting
// or running, for anyone. A cohort's page (/training-cohort?id=) says when and where it runs and
// offers the signed-in caller the application for themselves while it recruits (the server
// checks the window, once per cohort and the seats).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Row } from '../../api/client';
import type { Model } from '../../api/openapi';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { FIELDS, LEVELS } from './labels';

function CohortLink(props: { k: Row }) {
  const st = String(props.k.status);
  return (
    <li>
      <a href={`/training-cohort?id=${props.k.id}`}>
        <Txt s={String(props.k.name ?? '')} />
      </a>{' '}
      <span class={`badge status-${st}`}>{enumLabel('cohorts', 'status', st)}</span>{' '}
      <span class="muted small">{formatDate(String(props.k.starts_on))}</span>
    </li>
  );
}

export function CurriculumPage(props: { m: Model | null }) {
  const [courses, setCourses] = useState<Row[] | null>(null);
  const [cohorts, setCohorts] = useState<Row[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('업종별·수준별 커리큘럼', 'Curriculum by field and level'));
  useEffect(() => {
    api
      .list('courses', { sort: 'title', limit: 200 })
      .then((a) => setCourses(a.items))
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
    api
      .list('cohorts', { status: 'planned,recruiting,running', sort: 'starts_on', limit: 200 })
      .then((a) => setCohorts(a.items))
      .catch(() => setCohorts([]));
  }, [props.m]);
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!courses) return <Loading />;
  const cell = (field: string, level: string) =>
    courses.filter((c) => c.field === field && c.level === level);
  return (
    <div class="page training-curriculum">
      <h1 id="page-title" tabIndex={-1}>
        {pick('업종별·수준별 커리큘럼', 'Curriculum by field and level')}
      </h1>
      <p class="lead">
        {pick(
          '수요조사로 모은 혁신주체(입주기업·대학·연구기관)의 교육훈련 수요에 맞춘 과정입니다. 기수를 골라 신청하세요.',
          'Courses planned from the demand the cluster’s companies, universities and institutes reported. Pick a cohort to apply.',
        )}
      </p>
      <DataTable
        label={pick('커리큘럼: 분야 × 수준', 'Curriculum: field × level')}
        class="training-matrix"
        head={[pick('분야', 'Field'), ...LEVELS.map((l) => enumLabel('courses', 'level', l))]}
      >
        {FIELDS.map((f) => (
          <tr key={f}>
            <th scope="row">{enumLabel('courses', 'field', f)}</th>
            {LEVELS.map((l) => {
              const list = cell(f, l);
              return (
                <td key={l}>
                  {list.length ? (
                    <ul class="plain">
                      {list.map((c) => {
                        const runs = cohorts.filter((k) => k.course_id === c.id);
                        return (
                          <li key={c.id}>
                            <a href={`/courses/${c.id}`}>
                              <Txt s={String(c.title ?? '')} />
                            </a>
                            <br />
                            <span class="badge">
                              {enumLabel('courses', 'kind', String(c.kind))}
                            </span>{' '}
                            {c.hours != null ? (
                              <span class="muted small">
                                {pick(
                                  `${formatNumber(Number(c.hours))}시간`,
                                  `${formatNumber(Number(c.hours))} h`,
                                )}
                              </span>
                            ) : null}
                            {runs.length ? (
                              <ul class="plain small">
                                {runs.map((k) => (
                                  <CohortLink key={k.id} k={k} />
                                ))}
                              </ul>
                            ) : null}
                          </li>
                        );
                      })}
                    </ul>
                  ) : (
                    <span class="muted">—</span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

function ApplyForm(props: { cohort: Row; onDone: (e: Row) => void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="stack"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const body: Record<string, unknown> = { cohort_id: props.cohort.id };
          if (text.trim()) body.motivation = text.trim();
          const a = await api.create<Row>('enrollments', body);
          announce(pick('수강 신청을 보냈습니다.', 'Application sent.'));
          props.onDone(a.data);
        } catch (x) {
          setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
        } finally {
          setBusy(false);
        }
      }}
    >
      <label for="tr-motivation">{pick('신청 사유 (선택)', 'Motivation (optional)')}</label>
      <textarea
        id="tr-motivation"
        maxLength={2000}
        rows={3}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <p>
        <button type="submit" disabled={busy}>
          {pick('수강 신청', 'Apply')}
        </button>
      </p>
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
    </form>
  );
}

/** A cohort (/training-cohort?id=): its course, dates, place, capacity and the application. */
export function CohortPage() {
  const session = useStore(sessionStore);
  const user = session.user;
  const operator = isOperator(user);
  const id = Number(new URLSearchParams(window.location.search).get('id')) || 0;
  const [k, setK] = useState<Row | null>(null);
  const [mine, setMine] = useState<Row[] | null>(null);
  const [taken, setTaken] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const course = k?.course as { title?: string } | undefined;
  useTitle(k ? `${course?.title ?? ''} ${String(k.name ?? '')}` : pick('기수', 'Cohort'));
  useEffect(() => {
    if (!id) return;
    api
      .get<Row>('cohorts', id, { expand: 'course,space' })
      .then((a) => setK(a.data))
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [id]);
  useEffect(() => {
    if (!id || !user) {
      setMine([]);
      return;
    }
    api
      .list('enrollments', { cohort_id: id, trainee_id: user.id, limit: 10 })
      .then((a) => setMine(a.items))
      .catch(() => setMine([]));
  }, [id, user?.id]);
  useEffect(() => {
    // the seats taken (approved and completed), for operators who see every enrollment
    if (!id || !operator) return;
    api
      .list('enrollments', { cohort_id: id, status: 'approved,completed', limit: 1 })
      .then((a) => setTaken(a.total ?? null))
      .catch(() => setTaken(null));
  }, [id, operator]);
  if (!id)
    return (
      <Banner kind="info">
        {pick('커리큘럼에서 기수를 고르세요.', 'Pick a cohort in the curriculum.')}
      </Banner>
    );
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!k || !session.checked || mine === null) return <Loading />;
  const st = String(k.status);
  const space = k.space as { name?: string } | undefined;
  const own = mine[0];
  return (
    <div class="page training-cohort">
      <h1 id="page-title" tabIndex={-1}>
        <Txt s={`${course?.title ?? ''} ${String(k.name ?? '')}`} />
      </h1>
      <dl class="fields">
        <dt>{pick('과정', 'Course')}</dt>
        <dd>
          <a href={`/courses/${Number(k.course_id)}`}>
            <Txt s={course?.title ?? `#${String(k.course_id)}`} />
          </a>
        </dd>
        <dt>{pick('상태', 'Status')}</dt>
        <dd>
          <span class={`badge status-${st}`}>{enumLabel('cohorts', 'status', st)}</span>
        </dd>
        <dt>{pick('기간', 'Dates')}</dt>
        <dd>
          {formatDate(String(k.starts_on))} – {formatDate(String(k.ends_on))}
        </dd>
        <dt>{pick('정원', 'Capacity')}</dt>
        <dd>
          {pick(`${formatNumber(Number(k.capacity))}명`, formatNumber(Number(k.capacity)))}
          {taken !== null
            ? pick(` (승인 ${formatNumber(taken)}명)`, ` (${formatNumber(taken)} approved)`)
            : null}
        </dd>
        <dt>{pick('수료 기준', 'To complete')}</dt>
        <dd>
          {pick(
            `총 ${formatNumber(Number(k.sessions))}회 중 ${formatNumber(Number(k.pass_percent))}% 이상 출석`,
            `${formatNumber(Number(k.pass_percent))} % of ${formatNumber(Number(k.sessions))} sessions attended`,
          )}
        </dd>
        <dt>{pick('장소', 'Place')}</dt>
        <dd>{space?.name ? <Txt s={space.name} /> : '—'}</dd>
      </dl>
      <section class="card" aria-labelledby="tr-apply">
        <h2 id="tr-apply">{pick('수강 신청', 'Application')}</h2>
        {own ? (
          <p>
            {pick('신청 상태: ', 'Your application: ')}
            <span class={`badge status-${String(own.status)}`}>
              {enumLabel('enrollments', 'status', String(own.status))}
            </span>{' '}
            <a href="/my-courses">{pick('내 교육에서 보기', 'See My courses')}</a>
          </p>
        ) : st !== 'recruiting' ? (
          <p class="muted">
            {pick('지금은 수강생을 모집하지 않습니다.', 'This cohort is not taking applications.')}
          </p>
        ) : !user ? (
          <p>
            <a href={`/login?next=${encodeURIComponent(`/training-cohort?id=${id}`)}`}>
              {pick('로그인하면 신청할 수 있습니다.', 'Sign in to apply.')}
            </a>
          </p>
        ) : (
          <ApplyForm cohort={k} onDone={(e) => setMine([e])} />
        )}
        {operator ? (
          <p class="actions">
            <a href={`/training-applications?cohort=${id}`}>
              {pick('이 기수의 신청 처리', 'Decide this cohort’s applications')}
            </a>{' '}
            · <a href={`/cohorts/${id}`}>{pick('기수 정보 편집', 'Edit the cohort')}</a>
          </p>
        ) : null}
      </section>
    </div>
  );
}
