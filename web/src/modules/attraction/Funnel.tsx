// The funnel (/attraction/funnel, operators): GET /api/v1/attraction/funnel as tables (the
// accessible form) with a bar per stage: prospects per stage, how many reached each stage and
// the conversion to the next, anchor candidates, prospects by field and by year.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../../api/client';
import { formatNumber, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import { OperatorsOnly } from './Pipeline';

interface Funnel {
  total: number;
  stages: {
    stage: string;
    label_ko: string;
    label_en: string;
    count: number;
    reached: number | null;
    conversion_to_next: number | null;
  }[];
  anchors: { total: number; open: number; moved_in: number };
  by_field: { field: string; name_ko: string; name_en: string; count: number; moved_in: number }[];
  by_year: { year: number; identified: number; loi: number; mou: number; moved_in: number }[];
}

/** 0.786 → "78.6%" */
const percent = (x: number | null) =>
  x == null ? '—' : `${formatNumber(Math.round(x * 1000) / 10)}%`;

export function FunnelPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [data, setData] = useState<Funnel | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('유치 현황', 'Attraction funnel'));
  useEffect(() => {
    if (!operator) return;
    request<Funnel>('GET', 'attraction/funnel')
      .then((a) => setData(a.data))
      .catch((e) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator]);
  if (!session.checked) return <Loading />;
  if (!operator) return <OperatorsOnly what={pick('유치 현황', 'Attraction funnel')} />;
  if (error) return <Banner kind="error">{error.text()}</Banner>;
  if (!data) return <Loading />;
  const widest = Math.max(1, ...data.stages.map((s) => s.reached ?? s.count));
  return (
    <div class="page attraction-funnel">
      <h1 id="page-title" tabIndex={-1}>
        {pick('유치 현황', 'Attraction funnel')}
      </h1>
      <p class="lead">
        {pick(
          `유치 대상 ${formatNumber(data.total)}곳. 도달은 그 단계나 그 뒤에 있는(중단된 곳은 중단 전 단계까지) 대상의 수, 전환율은 다음 단계에 도달한 비율입니다.`,
          `${formatNumber(data.total)} prospects. Reached: at that stage or beyond (a dropped one up to the stage it was dropped from); conversion: the share that reached the next stage.`,
        )}
      </p>
      <ul class="stat-cards">
        <li class="card">
          <span class="stat-number">{formatNumber(data.anchors.total)}</span>{' '}
          {pick('앵커기업 후보', 'Anchor candidates')}
        </li>
        <li class="card">
          <span class="stat-number">{formatNumber(data.anchors.open)}</span>{' '}
          {pick('진행 중인 앵커 후보', 'Anchors in the pipeline')}
        </li>
        <li class="card">
          <span class="stat-number">{formatNumber(data.anchors.moved_in)}</span>{' '}
          {pick('입주한 앵커 후보', 'Anchors moved in')}
        </li>
      </ul>
      <section class="card" aria-labelledby="funnel-stages">
        <h2 id="funnel-stages">{pick('단계별', 'By stage')}</h2>
        <DataTable
          label={pick('단계별 유치 대상', 'Prospects by stage')}
          head={[
            pick('단계', 'Stage'),
            pick('현재', 'Now'),
            pick('도달', 'Reached'),
            pick('다음 단계 전환율', 'Conversion to next'),
          ]}
        >
          {data.stages.map((s) => (
            <tr key={s.stage}>
              <th scope="row">
                <a href={`/prospects?stage=${s.stage}`}>{pick(s.label_ko, s.label_en)}</a>
              </th>
              <td>{formatNumber(s.count)}</td>
              <td>
                {s.reached == null ? (
                  '—'
                ) : (
                  <>
                    <span
                      class="funnel-bar"
                      style={{ width: `${(s.reached / widest) * 8}rem` }}
                      aria-hidden="true"
                    />
                    {formatNumber(s.reached)}
                  </>
                )}
              </td>
              <td>{percent(s.conversion_to_next)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section class="card" aria-labelledby="funnel-fields">
        <h2 id="funnel-fields">{pick('분야별', 'By field')}</h2>
        <DataTable
          label={pick('분야별 유치 대상', 'Prospects by field')}
          head={[pick('분야', 'Field'), pick('유치 대상', 'Prospects'), pick('입주', 'Moved in')]}
        >
          {data.by_field.map((f) => (
            <tr key={f.field}>
              <th scope="row">
                <a href={`/prospects?fields=${encodeURIComponent(f.field)}`}>
                  {pick(f.name_ko, f.name_en)}
                </a>
              </th>
              <td>{formatNumber(f.count)}</td>
              <td>{formatNumber(f.moved_in)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section class="card" aria-labelledby="funnel-years">
        <h2 id="funnel-years">{pick('연도별', 'By year')}</h2>
        <DataTable
          label={pick('연도별 유치 실적', 'Attraction by year')}
          head={[
            pick('연도', 'Year'),
            pick('발굴', 'Identified'),
            pick('입주의향서', 'LOIs'),
            'MOU',
            pick('입주', 'Moved in'),
          ]}
        >
          {data.by_year.map((y) => (
            <tr key={y.year}>
              <th scope="row">{pick(`${y.year}년`, String(y.year))}</th>
              <td>{formatNumber(y.identified)}</td>
              <td>{formatNumber(y.loi)}</td>
              <td>{formatNumber(y.mou)}</td>
              <td>{formatNumber(y.moved_in)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
