// The budget view (/program/budget, signed-in callers as the budget lines): plan against
// execution by period (the card's columns: 기투자, '22.7., '23 … 임기후) and by source
// (국비·도비·시비·기타) with the execution rates (GET /api/v1/program/budget), as charts with the
// same numbers in tables. Operators are offered to add a line; every change is audited.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../../api/client';
import { wonCompact } from '../../format';
import { lang } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, Loading, useTitle } from '../../ui';
import { bars, Figure, percent } from '../dashboard/chart';
import type { Period } from './Schedule';

interface Series {
  planned: number[];
  executed: number[];
  planned_total: number;
  executed_total: number;
  rate: number | null;
}
interface BudgetAnswer {
  project_id: number;
  name: string;
  periods: Period[];
  sources: (Series & { source: string })[];
  total: Series & { rates: (number | null)[] };
}

const SOURCES: Record<string, [string, string]> = {
  national: ['국비', 'National'],
  provincial: ['도비', 'Provincial'],
  city: ['시비', 'City'],
  other: ['기타', 'Other'],
};

export function BudgetPage() {
  const session = useStore(sessionStore);
  const en = lang() === 'en';
  const [b, setB] = useState<BudgetAnswer | null>(null);
  const [status, setStatus] = useState(0);
  const title = en ? 'Budget: plan and execution' : '사업비 계획 대비 집행';
  useTitle(title);
  useEffect(() => {
    if (!session.checked || !session.user) return;
    request<BudgetAnswer>('GET', 'program/budget')
      .then((a) => setB(a.data))
      .catch((e) => setStatus(e instanceof ApiError ? e.status || -1 : -1));
  }, [session.checked, session.user?.id]);

  if (session.checked && !session.user)
    return (
      <section>
        <h1>{title}</h1>
        <Banner kind="info">
          {en ? (
            <>
              The budget is for members of the cluster:{' '}
              <a href="/login?next=/program/budget">sign in</a>.
            </>
          ) : (
            <>
              사업비는 클러스터 회원이 볼 수 있습니다.{' '}
              <a href="/login?next=/program/budget">로그인</a>하세요.
            </>
          )}
        </Banner>
      </section>
    );
  if (status)
    return (
      <section>
        <h1>{title}</h1>
        <Banner kind="error">
          {en ? 'The budget could not be loaded.' : '사업비를 불러오지 못했습니다.'}
        </Banner>
      </section>
    );
  if (!b)
    return (
      <section>
        <h1>{title}</h1>
        <Loading />
      </section>
    );
  const l = en ? 'en' : 'ko';
  const label = (ko: string, e: string) => (en ? e : ko);
  const m = (won: number) => Math.round(won / 1e5) / 10; /* 백만원, one decimal */
  const periods = b.periods.map((p) => p.label);
  const plannedL = label('계획', 'Planned');
  const executedL = label('집행', 'Executed');
  const periodRows: (string | number)[][] = b.periods.map((p, i) => [
    p.label,
    wonCompact(b.total.planned[i], l),
    wonCompact(b.total.executed[i], l),
    percent(b.total.rates[i]),
  ]);
  periodRows.push([
    label('계', 'Total'),
    wonCompact(b.total.planned_total, l),
    wonCompact(b.total.executed_total, l),
    percent(b.total.rate),
  ]);
  const sourceRows: (string | number)[][] = b.sources.map((s) => [
    label(...SOURCES[s.source]),
    wonCompact(s.planned_total, l),
    wonCompact(s.executed_total, l),
    percent(s.rate),
  ]);
  const head = [label('재원', 'Source'), plannedL, executedL, label('집행률', 'Rate')];
  return (
    <section class="program-budget" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p class="muted">
        {b.name} ·{' '}
        {label(
          `집행률 ${percent(b.total.rate)} (계획 ${wonCompact(b.total.planned_total, l)}, 집행 ${wonCompact(b.total.executed_total, l)})`,
          `execution ${percent(b.total.rate)} (planned ${wonCompact(b.total.planned_total, l)}, executed ${wonCompact(b.total.executed_total, l)})`,
        )}
      </p>
      <div class="figure-grid">
        <Figure
          id="budget-period"
          title={label('기간별 계획 대비 집행', 'Plan and execution by period')}
          option={bars(periods, [
            { name: plannedL, data: b.total.planned.map(m) },
            { name: executedL, data: b.total.executed.map(m) },
          ])}
          note={label('차트 단위: 백만원', 'Chart in KRW million')}
          head={[label('기간', 'Period'), plannedL, executedL, label('집행률', 'Rate')]}
          rows={periodRows}
          link={{ href: '/budget-lines', label: label('사업비 목록', 'Budget lines') }}
          empty=""
        />
        <Figure
          id="budget-source"
          title={label('재원별 계획 대비 집행', 'Plan and execution by source')}
          option={bars(
            b.sources.map((s) => label(...SOURCES[s.source])),
            [
              { name: plannedL, data: b.sources.map((s) => m(s.planned_total)) },
              { name: executedL, data: b.sources.map((s) => m(s.executed_total)) },
            ],
          )}
          note={label('차트 단위: 백만원', 'Chart in KRW million')}
          head={head}
          rows={sourceRows}
          link={{
            href: '/budget-lines?kind=executed',
            label: label('집행 내역', 'Executed lines'),
          }}
          empty=""
        />
      </div>
      <h2 id="budget-matrix-title">
        {label('재원 × 기간 (백만원)', 'Source × period (KRW million)')}
      </h2>
      <div class="table-wrap" role="region" aria-labelledby="budget-matrix-title" tabIndex={0}>
        <table class="budget-matrix">
          <caption class="visually-hidden">
            {label(
              '재원별·기간별 계획과 집행 (백만원)',
              'Planned and executed by source and period (KRW million)',
            )}
          </caption>
          <thead>
            <tr>
              <th scope="col">{label('재원', 'Source')}</th>
              <th scope="col">{label('구분', 'Kind')}</th>
              {periods.map((p) => (
                <th scope="col" key={p}>
                  {p}
                </th>
              ))}
              <th scope="col">{label('계', 'Total')}</th>
              <th scope="col">{label('집행률', 'Rate')}</th>
            </tr>
          </thead>
          <tbody>
            {b.sources.flatMap((s) =>
              (['planned', 'executed'] as const).map((k) => (
                <tr key={`${s.source}-${k}`}>
                  <th scope="row">{label(...SOURCES[s.source])}</th>
                  <td>{k === 'planned' ? plannedL : executedL}</td>
                  {s[k].map((v, i) => (
                    <td class="num" key={i}>
                      {v ? m(v).toLocaleString('ko-KR') : ''}
                    </td>
                  ))}
                  <td class="num">{m(s[`${k}_total`]).toLocaleString('ko-KR')}</td>
                  <td class="num">{k === 'executed' ? percent(s.rate) : ''}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      {isOperator(session.user) ? (
        <p>
          <a href="/budget-lines/new">{label('사업비 항목 추가', 'Add a budget line')}</a>
          {' · '}
          <a href="/audit?collection=budget-lines">
            {label('사업비 변경 이력(감사 기록)', 'Budget change history (audit)')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
