// My courses (/my-courses): the caller's own enrollments with their cohort, status and
// attendance; cancelling what is applied or approved (the server decides); the completion
// certificate (수료증, PDF) of each completed one. An organisation's admins see their members'
// enrollments in the generic list (/enrollments): they are theirs too.
import { useEffect, useState } from 'preact/hooks';
import { API, api, ApiError, type Row } from '../../api/client';
import { Txt } from '../../generic/values';
import { enumLabel, formatDate, formatNumber, pick } from '../../i18n';
import { sessionStore } from '../../session';
import { useStore } from '../../store';
import { announce, Banner, DataTable, Loading, useTitle } from '../../ui';
import { cohortInfo, cohortTitle, type CohortInfo } from './labels';

export function MyCoursesPage() {
  const session = useStore(sessionStore);
  const user = session.user;
  const [rows, setRows] = useState<Row[] | null>(null);
  const [courses, setCourses] = useState<Record<number, CohortInfo>>({});
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('내 교육', 'My courses'));
  useEffect(() => {
    if (!user) return;
    api
      .list('enrollments', { trainee_id: user.id, expand: 'cohort', sort: '-id', limit: 200 })
      .then((a) => {
        setRows(a.items);
        // each cohort's course ("2026년 1기" alone is ambiguous across courses) and sessions
        return cohortInfo(a.items.map((r) => Number(r.cohort_id))).then(setCourses);
      })
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [user?.id]);
  if (!session.checked) return <Loading />;
  const title = (
    <h1 id="page-title" tabIndex={-1}>
      {pick('내 교육', 'My courses')}
    </h1>
  );
  if (!user)
    return (
      <div class="page training-mine">
        {title}
        <Banner kind="info">
          <a href="/login?next=%2Fmy-courses">
            {pick('로그인하면 내 교육을 봅니다.', 'Sign in to see your courses.')}
          </a>
        </Banner>
      </div>
    );
  if (error)
    return (
      <div class="page training-mine">
        {title}
        <Banner kind="error">{error.text()}</Banner>
      </div>
    );
  if (!rows) return <Loading />;
  const cancel = async (r: Row) => {
    setError(null);
    try {
      const cur = await api.get<Row>('enrollments', r.id);
      const a = await api.patch<Row>('enrollments', r.id, { status: 'cancelled' }, cur.etag);
      setRows((l) => (l ?? []).map((x) => (x.id === r.id ? { ...x, ...a.data } : x)));
      announce(pick('수강을 취소했습니다.', 'Enrolment cancelled.'));
    } catch (x) {
      setError(x instanceof ApiError ? x : new ApiError({ status: 0 }));
    }
  };
  return (
    <div class="page training-mine">
      {title}
      <p class="lead">
        {pick(
          '신청한 기수와 승인·출석·수료 상태입니다. 수료하면 수료증(PDF)을 내려받을 수 있습니다.',
          'The cohorts you applied to, and whether you are approved, how often you attended and whether you completed. A completed course has its certificate (PDF).',
        )}
      </p>
      {!rows.length ? (
        <p class="muted">
          {pick('신청한 교육이 없습니다. ', 'You have not applied to any course yet. ')}
          <a href="/training">{pick('커리큘럼 보기', 'See the curriculum')}</a>
        </p>
      ) : (
        <DataTable
          label={pick('내 교육', 'My courses')}
          head={[
            pick('과정·기수', 'Course and cohort'),
            pick('상태', 'Status'),
            pick('출석', 'Attended'),
            pick('수료', 'Completion'),
            pick('할 일', 'Action'),
          ]}
        >
          {rows.map((r) => {
            const k = r.cohort as { name?: string } | undefined;
            const named = cohortTitle(courses[Number(r.cohort_id)], k, r.cohort_id);
            const st = String(r.status);
            return (
              <tr key={r.id}>
                <td>
                  <a href={`/training-cohort?id=${Number(r.cohort_id)}`}>
                    <Txt s={named} />
                  </a>
                </td>
                <td>
                  <span class={`badge status-${st}`}>{enumLabel('enrollments', 'status', st)}</span>
                </td>
                <td>
                  {pick(
                    `${formatNumber(Number(r.attended ?? 0))}회`,
                    formatNumber(Number(r.attended ?? 0)),
                  )}
                </td>
                <td>
                  {st === 'completed' ? (
                    <>
                      {formatDate(String(r.completed_on))}{' '}
                      <a
                        class="button secondary small"
                        href={`${API}/enrollments/${r.id}/certificate`}
                        download
                      >
                        {pick('수료증 내려받기', 'Download the certificate')}
                        <span class="visually-hidden">: {named}</span>
                      </a>
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {st === 'applied' || st === 'approved' ? (
                    <button type="button" class="small secondary" onClick={() => void cancel(r)}>
                      {pick('취소', 'Cancel')}
                      <span class="visually-hidden">: {named}</span>
                    </button>
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
