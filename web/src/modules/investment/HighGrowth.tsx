// High-growth discovery (/high-growth, operators): companies whose quarterly KPI reports show
// revenue or head count growing by 20 % a year or more (GET /api/v1/investment/high-growth),
// best first, with the quarters compared, the figures and the funding reported in between.
// Others are told the page is for operators; the API refuses them anyway.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request } from '../../api/client';
import { Txt } from '../../generic/values';
import { formatNumber, formatWonCompact, lang, pick } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { Banner, DataTable, Loading, useTitle } from '../../ui';

interface Grower {
  org_id: number;
  org_name: string;
  from: string;
  to: string;
  score: number;
  reasons: { kind: string; ko: string; en: string }[];
  funding_raised: number;
  revenue_from: number | null;
  revenue_to: number | null;
  employees_from: number | null;
  employees_to: number | null;
}

const won = (n: number | null) => (n == null ? '—' : formatWonCompact(n));
const count = (n: number | null) => (n == null ? '—' : formatNumber(n));

export function HighGrowthPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const [items, setItems] = useState<Grower[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useTitle(pick('고성장 기업 발굴', 'High-growth companies'));
  useEffect(() => {
    if (!operator) return;
    request<{ items: Grower[] }>('GET', 'investment/high-growth', { query: { limit: 200 } })
      .then((a) => setItems(a.data.items))
      .catch((e: unknown) => setError(e instanceof ApiError ? e : new ApiError({ status: 0 })));
  }, [operator]);
  return (
    <section class="high-growth" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {pick('고성장 기업 발굴', 'High-growth companies')}
      </h1>
      <p class="lead">
        {pick(
          '최근 제출된 분기 KPI 보고를 그 전 네 분기 안의 가장 이른 보고와 비교해, 매출이나 고용(시작 10명 이상)이 연 20% 이상 늘어난 기업을 찾습니다(OECD 고성장 기업 기준).',
          'Companies whose last quarterly KPI report shows revenue or head count (from ten people) growing by 20 % a year or more against their earliest report of the four quarters before (the OECD’s high-growth threshold).',
        )}
      </p>
      {!session.checked ? <Loading /> : null}
      {session.checked && !operator ? (
        <Banner kind="info">
          {pick('고성장 기업 발굴은 운영자가 봅니다.', 'High-growth discovery is for operators.')}
        </Banner>
      ) : null}
      {error ? <Banner kind="error">{error.text()}</Banner> : null}
      {operator && !items && !error ? <Loading /> : null}
      {items && !items.length ? (
        <p class="muted">
          {pick('기준을 넘는 기업이 없습니다.', 'No company passes the threshold.')}
        </p>
      ) : null}
      {items && items.length ? (
        <DataTable
          label={pick('고성장 기업', 'High-growth companies')}
          caption
          head={[
            pick('기업', 'Company'),
            pick('비교 분기', 'Quarters'),
            pick('매출', 'Revenue'),
            pick('고용', 'Head count'),
            pick('투자 유치(보고)', 'Funding reported'),
            pick('근거', 'Reasons'),
          ]}
        >
          {items.map((x) => (
            <tr key={x.org_id}>
              <td>
                <a href={`/orgs/${x.org_id}`}>
                  <Txt s={x.org_name} />
                </a>
              </td>
              <td>
                {x.from} → {x.to}
              </td>
              <td>
                {won(x.revenue_from)} → {won(x.revenue_to)}
              </td>
              <td>
                {count(x.employees_from)} → {count(x.employees_to)}
              </td>
              <td>{formatWonCompact(x.funding_raised)}</td>
              <td>{x.reasons.map((r) => (lang() === 'en' ? r.en : r.ko)).join(', ')}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
