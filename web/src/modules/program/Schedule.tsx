// The schedule view (/program/schedule, anyone: the schedule is on the public card): the unit
// project × period ○ matrix of 연도별 추진계획 (GET /api/v1/program/schedule, the card's columns)
// and a Gantt view of the same rows (frappe-gantt, loaded on first use). The matrix is the
// accessible form; the Gantt is its picture.
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { date } from '../../format';
import { enumLabel, lang } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, Loading, useTitle } from '../../ui';

export interface Period {
  label: string;
  from: string;
  to: string;
}

interface ScheduleAnswer {
  project_id: number;
  name: string;
  starts_on: string;
  ends_on: string;
  periods: Period[];
  units: {
    id: number;
    name: string;
    status: string;
    starts_on: string | null;
    ends_on: string | null;
    rows: { id: number; label: string | null; starts_on: string; ends_on: string | null }[];
    marks: boolean[];
  }[];
}

/** A year after the day: where a row open after the term is drawn to. */
function yearAfter(d: string): string {
  return `${Number(d.slice(0, 4)) + 1}${d.slice(4)}`;
}

export function SchedulePage() {
  const session = useStore(sessionStore);
  const en = lang() === 'en';
  const [s, setS] = useState<ScheduleAnswer | null>(null);
  const [failed, setFailed] = useState(false);
  const [ganttReady, setGanttReady] = useState(false);
  const ganttRef = useRef<HTMLDivElement>(null);
  const title = en ? 'Schedule' : '연도별 추진계획';
  useTitle(title);
  useEffect(() => {
    request<ScheduleAnswer>('GET', 'program/schedule')
      .then((a) => setS(a.data))
      .catch(() => setFailed(true));
  }, []);
  useEffect(() => {
    if (!s || !ganttRef.current) return;
    let alive = true;
    const tasks = s.units.flatMap((u, i) =>
      u.rows.map((r) => ({
        id: `row-${r.id}`,
        name: `${u.name}${r.label ? ` (${r.label})` : ''}`,
        start: r.starts_on,
        end: r.ends_on ?? yearAfter(s.ends_on),
        progress: 0,
        custom_class: `gantt-unit-${i % 6}`,
      })),
    );
    if (!tasks.length) return;
    import('./gantt')
      .then((m) => {
        if (!alive || !ganttRef.current) return;
        m.drawGantt(ganttRef.current, tasks, en ? 'en' : 'ko');
        setGanttReady(true);
      })
      .catch(() => setGanttReady(false));
    return () => {
      alive = false;
    };
  }, [s, en]);

  if (failed)
    return (
      <section>
        <h1>{title}</h1>
        <Banner kind="error">
          {en ? 'The schedule could not be loaded.' : '추진계획을 불러오지 못했습니다.'}
        </Banner>
      </section>
    );
  if (!s)
    return (
      <section>
        <h1>{title}</h1>
        <Loading />
      </section>
    );
  return (
    <section class="program-schedule" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p class="muted">
        {s.name} · {date(s.starts_on, en ? 'en' : 'ko')} ~ {date(s.ends_on, en ? 'en' : 'ko')}
      </p>
      <h2 id="matrix-title">{en ? 'Unit projects by period' : '단위사업 × 기간'}</h2>
      <div class="table-wrap" role="region" aria-labelledby="matrix-title" tabIndex={0}>
        <table class="schedule-matrix">
          <caption class="visually-hidden">
            {en
              ? 'The periods in which each unit project is carried out (○)'
              : '단위사업별 추진 기간(○)'}
          </caption>
          <thead>
            <tr>
              <th scope="col">{en ? 'Unit project' : '단위사업'}</th>
              <th scope="col">{en ? 'Status' : '상태'}</th>
              {s.periods.map((p) => (
                <th scope="col" key={p.label}>
                  {p.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.units.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <a href={`/unit-projects/${u.id}`}>{u.name}</a>
                </th>
                <td>{enumLabel('unit-projects', 'status', u.status)}</td>
                {u.marks.map((m, i) => (
                  <td class="mark" key={i}>
                    {m ? (
                      <>
                        <span aria-hidden="true">○</span>
                        <span class="visually-hidden">{en ? 'active' : '추진'}</span>
                      </>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="/schedule">{en ? 'The schedule rows' : '추진계획 목록'}</a>
        {isOperator(session.user) ? (
          <>
            {' · '}
            <a href="/schedule/new">{en ? 'Add a schedule row' : '추진계획 추가'}</a>
          </>
        ) : null}
      </p>
      <h2>{en ? 'Gantt view' : '간트 차트'}</h2>
      <p class="muted">
        {en
          ? 'The same rows on a time line; a row open after the term is drawn a year past it.'
          : '같은 추진계획을 시간 축에 그렸습니다. 임기 후로 열린 계획은 임기 끝에서 1년까지 그립니다.'}
      </p>
      <div
        class="gantt-box"
        ref={ganttRef}
        aria-hidden="true"
        data-ready={ganttReady ? 'true' : 'false'}
      />
    </section>
  );
}
