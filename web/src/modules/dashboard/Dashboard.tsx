// The cluster dashboard (/dashboard): the operators' landing page (GET /api/v1/dashboard) and,
// for everyone else, the cluster's public figures (GET /api/v1/dashboard/public: public rows
// only). Each figure is a chart with its numbers in a table beside it and a link to the list
// behind it; the figures all come in one answer.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { enumLabel, lang } from '../../i18n';
import { isOperator, sessionStore } from '../../session';
import { useStore } from '../../store';
import { number, wonCompact } from '../../format';
import { Banner, Loading, useTitle } from '../../ui';
import { bars, Figure, line, percent, pie } from './chart';
import { AttractionHeadline } from '../attraction/Headline';

interface Count {
  status: string;
  count: number;
}
interface Counts {
  total: number;
  by_status: Count[];
}
interface MonthCount {
  month: string;
  count: number;
  hours?: number;
}
interface Rate {
  planned: number;
  executed: number;
  rate: number | null;
}
export interface DashboardAnswer {
  scope: 'operator' | 'public';
  generated_at: string;
  month: string;
  tenants: {
    total: number;
    by_field: { field: string; ko: string; en: string; count: number }[];
    by_stage: { stage: string | null; count: number }[];
  };
  new_orgs: MonthCount[];
  needs: Counts;
  matches?: Counts;
  collaborations?: Counts;
  /** investment: deals by stage (by_status holds the stages) */
  deals?: Counts;
  enrollments?: Counts;
  bookings?: {
    by_month: MonthCount[];
    this_month_by_status: Count[];
    utilisation: {
      month: string;
      open_hours: number;
      booked_hours: number;
      rate: number | null;
      by_resource: {
        resource_id: number;
        name: string;
        kind: string;
        open_hours: number;
        booked_hours: number;
        rate: number | null;
      }[];
    };
  };
  budget?: Rate & {
    by_source: (Rate & { source: string })[];
    by_year: (Rate & { year: number })[];
  };
  achievements: {
    year: number;
    this_year: number;
    total: number;
    by_kind: { kind: string; count: number }[];
  };
}

const SOURCES: Record<string, [string, string]> = {
  national: ['국비', 'National'],
  provincial: ['도비', 'Provincial'],
  city: ['시비', 'City'],
  other: ['기타', 'Other'],
};

/** "2026-12" → "2026. 12." (Korean) or "Dec 2026". */
function monthLabel(m: string, en: boolean): string {
  const [y, mo] = m.split('-').map(Number);
  if (en)
    return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][mo - 1]} ${y}`;
  return `${y}. ${mo}.`;
}

export function DashboardPage() {
  const session = useStore(sessionStore);
  const operator = isOperator(session.user);
  const en = lang() === 'en';
  const [d, setD] = useState<DashboardAnswer | null>(null);
  const [failed, setFailed] = useState(false);
  useTitle(operator ? (en ? 'Dashboard' : '대시보드') : en ? 'Cluster figures' : '클러스터 현황');
  useEffect(() => {
    if (!session.checked) return;
    setD(null);
    setFailed(false);
    request<DashboardAnswer>('GET', operator ? 'dashboard' : 'dashboard/public')
      .then((a) => setD(a.data))
      .catch(() => setFailed(true));
  }, [session.checked, operator]);

  const title = operator
    ? en
      ? 'Dashboard'
      : '대시보드'
    : en
      ? 'Cluster figures'
      : '클러스터 현황';
  if (failed)
    return (
      <section>
        <h1>{title}</h1>
        <Banner kind="error">
          {en ? 'The figures could not be loaded.' : '지표를 불러오지 못했습니다.'}
        </Banner>
      </section>
    );
  if (!d)
    return (
      <section>
        <h1>{title}</h1>
        <Loading />
      </section>
    );
  const n = (x: number) => number(x);
  const label = (ko: string, e: string) => (en ? e : ko);
  const statusRows = (collection: string, c: Counts, field = 'status') =>
    c.by_status.map((s) => [enumLabel(collection, field, s.status), n(s.count)]);
  const statusBars = (collection: string, c: Counts, name: string, field = 'status') =>
    bars(
      c.by_status.map((s) => enumLabel(collection, field, s.status)),
      [{ name, data: c.by_status.map((s) => s.count) }],
    );
  const stageName = (s: string | null) =>
    s ? enumLabel('orgs', 'stage', s) : label('단계 미지정', 'No stage');
  const months = d.new_orgs.map((m) => monthLabel(m.month, en));
  const countHead = [label('구분', 'Category'), label('건수', 'Count')];

  return (
    <section class="dashboard" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {title}
      </h1>
      <p class="muted">
        {operator
          ? label(
              `${monthLabel(d.month, false)} 기준 클러스터 전체 지표입니다. 각 표의 숫자는 옆의 차트와 같습니다.`,
              `The whole cluster as of ${monthLabel(d.month, true)}. Each table holds the numbers of the chart beside it.`,
            )
          : label(
              '공개된 기관과 수요, 사업 성과만으로 집계한 클러스터 현황입니다.',
              'The cluster counted over public organisations, public needs and the program’s achievements only.',
            )}
      </p>
      {operator ? <AttractionHeadline /> : null}
      <div class="figure-grid">
        <Figure
          id="tenants-field"
          title={label(
            `분야별 입주기업 (${n(d.tenants.total)}곳)`,
            `Tenants by field (${n(d.tenants.total)})`,
          )}
          option={bars(
            d.tenants.by_field.map((f) => (en ? f.en : f.ko)),
            [{ name: label('입주기업', 'Tenants'), data: d.tenants.by_field.map((f) => f.count) }],
            { horizontal: true },
          )}
          height={Math.max(200, d.tenants.by_field.length * 22)}
          head={[label('분야', 'Field'), label('기업 수', 'Tenants')]}
          rows={d.tenants.by_field.map((f) => [en ? f.en : f.ko, n(f.count)])}
          note={label(
            '한 기업이 여러 분야에 속할 수 있습니다.',
            'A tenant may work in several fields.',
          )}
          link={{ href: '/orgs?is_tenant=true', label: label('입주기업 목록', 'List of tenants') }}
          empty={label('입주기업이 없습니다.', 'No tenants.')}
        />
        <Figure
          id="tenants-stage"
          title={label('단계별 입주기업', 'Tenants by stage')}
          option={pie(
            d.tenants.by_stage.map((s) => ({ name: stageName(s.stage), value: s.count })),
          )}
          head={[label('단계', 'Stage'), label('기업 수', 'Tenants')]}
          rows={d.tenants.by_stage.map((s) => [stageName(s.stage), n(s.count)])}
          link={{ href: '/orgs?is_tenant=true', label: label('입주기업 목록', 'List of tenants') }}
          empty={label('입주기업이 없습니다.', 'No tenants.')}
        />
        <Figure
          id="new-orgs"
          title={label('월별 신규 기관', 'New organisations by month')}
          option={line(
            months,
            label('신규 기관', 'New organisations'),
            d.new_orgs.map((m) => m.count),
          )}
          head={[label('월', 'Month'), label('신규 기관', 'New')]}
          rows={d.new_orgs.map((m) => [monthLabel(m.month, en), n(m.count)])}
          link={{
            href: '/orgs?sort=-created_at',
            label: label('기관 목록', 'List of organisations'),
          }}
          empty=""
        />
        <Figure
          id="needs"
          title={label(`수요 (${n(d.needs.total)}건)`, `Needs (${n(d.needs.total)})`)}
          option={statusBars('needs', d.needs, label('수요', 'Needs'))}
          head={countHead}
          rows={statusRows('needs', d.needs)}
          link={{ href: '/needs', label: label('수요 목록', 'List of needs') }}
          empty={label('수요가 없습니다.', 'No needs.')}
        />
        {d.matches ? (
          <Figure
            id="matches"
            title={label(
              `매칭 요청 (${n(d.matches.total)}건)`,
              `Match requests (${n(d.matches.total)})`,
            )}
            option={statusBars('matches', d.matches, label('매칭', 'Matches'))}
            head={countHead}
            rows={statusRows('matches', d.matches)}
            link={{ href: '/matches', label: label('매칭 목록', 'List of matches') }}
            empty={label('매칭 요청이 아직 없습니다.', 'No match requests yet.')}
          />
        ) : null}
        {d.collaborations ? (
          <Figure
            id="collaborations"
            title={label(
              `협력 (${n(d.collaborations.total)}건)`,
              `Collaborations (${n(d.collaborations.total)})`,
            )}
            option={statusBars('collaborations', d.collaborations, label('협력', 'Collaborations'))}
            head={countHead}
            rows={statusRows('collaborations', d.collaborations)}
            link={{ href: '/collaborations', label: label('협력 목록', 'List of collaborations') }}
            empty={label('협력이 아직 없습니다.', 'No collaborations yet.')}
          />
        ) : null}
        {d.deals ? (
          <Figure
            id="deals"
            title={label(
              `투자 딜 (${n(d.deals.total)}건)`,
              `Investment deals (${n(d.deals.total)})`,
            )}
            option={statusBars('deals', d.deals, label('딜', 'Deals'), 'stage')}
            head={countHead}
            rows={statusRows('deals', d.deals, 'stage')}
            link={{ href: '/investment', label: label('딜 파이프라인', 'Deal pipeline') }}
            empty={label('딜이 아직 없습니다.', 'No deals yet.')}
          />
        ) : null}
        {d.bookings ? (
          <Figure
            id="bookings"
            title={label('월별 시설·장비 예약', 'Bookings by month')}
            option={bars(months, [
              {
                name: label('예약 건수', 'Bookings'),
                data: d.bookings.by_month.map((m) => m.count),
              },
              {
                name: label('예약 시간', 'Hours'),
                data: d.bookings.by_month.map((m) => m.hours ?? 0),
              },
            ])}
            head={[
              label('월', 'Month'),
              label('예약 건수', 'Bookings'),
              label('예약 시간', 'Hours'),
            ]}
            rows={d.bookings.by_month.map((m) => [
              monthLabel(m.month, en),
              n(m.count),
              n(m.hours ?? 0),
            ])}
            note={label(
              '거절·취소된 예약은 빼고 셉니다.',
              'Declined and cancelled bookings are not counted.',
            )}
            link={{ href: '/bookings', label: label('예약 목록', 'List of bookings') }}
            empty=""
          />
        ) : null}
        {d.bookings ? (
          <Figure
            id="utilisation"
            title={label(
              `이번 달 가동률 ${percent(d.bookings.utilisation.rate)}`,
              `Utilisation this month ${percent(d.bookings.utilisation.rate)}`,
            )}
            option={bars(
              d.bookings.utilisation.by_resource.map((r) => r.name),
              [
                {
                  name: label('가동률(%)', 'Utilisation (%)'),
                  data: d.bookings.utilisation.by_resource.map((r) =>
                    r.rate == null ? null : Math.round(r.rate * 1000) / 10,
                  ),
                },
              ],
              { horizontal: true, percent: true },
            )}
            height={Math.max(200, d.bookings.utilisation.by_resource.length * 30)}
            head={[
              label('시설·장비', 'Resource'),
              label('운영 시간', 'Open hours'),
              label('예약 시간', 'Booked hours'),
              label('가동률', 'Utilisation'),
            ]}
            rows={d.bookings.utilisation.by_resource.map((r) => [
              r.name,
              n(r.open_hours),
              n(r.booked_hours),
              percent(r.rate),
            ])}
            note={label(
              '승인·완료된 예약 시간 ÷ 이번 달 운영 시간.',
              'Approved and completed booking hours ÷ this month’s opening hours.',
            )}
            link={{ href: '/resources', label: label('시설·장비 목록', 'List of resources') }}
            empty={label('시설·장비가 없습니다.', 'No resources.')}
          />
        ) : null}
        {d.budget ? (
          <Figure
            id="budget"
            title={label(
              `사업비 집행률 ${percent(d.budget.rate)}`,
              `Budget execution ${percent(d.budget.rate)}`,
            )}
            option={bars(
              d.budget.by_source.map((s) => label(...SOURCES[s.source])),
              [
                {
                  name: label('계획', 'Planned'),
                  data: d.budget.by_source.map((s) => s.planned / 1e6),
                },
                {
                  name: label('집행', 'Executed'),
                  data: d.budget.by_source.map((s) => s.executed / 1e6),
                },
              ],
            )}
            head={[
              label('재원', 'Source'),
              label('계획', 'Planned'),
              label('집행', 'Executed'),
              label('집행률', 'Rate'),
            ]}
            rows={d.budget.by_source.map((s) => [
              label(...SOURCES[s.source]),
              wonCompact(s.planned, en ? 'en' : 'ko'),
              wonCompact(s.executed, en ? 'en' : 'ko'),
              percent(s.rate),
            ])}
            note={label('차트 단위: 백만원', 'Chart in KRW million')}
            link={{
              href: '/program/budget',
              label: label('사업비 계획 대비 집행', 'Budget plan vs execution'),
            }}
            empty=""
          />
        ) : null}
        <Figure
          id="achievements"
          title={label(
            `${d.achievements.year}년 성과 (${n(d.achievements.this_year)}건)`,
            `Achievements in ${d.achievements.year} (${n(d.achievements.this_year)})`,
          )}
          option={bars(
            d.achievements.by_kind.map((k) => enumLabel('achievements', 'kind', k.kind)),
            [
              {
                name: label('성과', 'Achievements'),
                data: d.achievements.by_kind.map((k) => k.count),
              },
            ],
          )}
          head={[label('유형', 'Kind'), label('건수', 'Count')]}
          rows={d.achievements.by_kind.map((k) => [
            enumLabel('achievements', 'kind', k.kind),
            n(k.count),
          ])}
          note={label(
            `기록된 성과는 모두 ${n(d.achievements.total)}건입니다(날짜가 없는 것 포함).`,
            `${n(d.achievements.total)} achievements recorded in all (undated ones included).`,
          )}
          link={{ href: '/achievements', label: label('성과 목록', 'List of achievements') }}
          empty={label('올해 날짜로 기록된 성과가 없습니다.', 'No achievement dated this year.')}
        />
        {d.enrollments ? (
          <Figure
            id="enrollments"
            title={label(
              `인력양성 수강 (${n(d.enrollments.total)}건)`,
              `Training enrolments (${n(d.enrollments.total)})`,
            )}
            option={statusBars('enrollments', d.enrollments, label('수강', 'Enrolments'))}
            head={countHead}
            rows={statusRows('enrollments', d.enrollments)}
            link={{ href: '/enrollments', label: label('수강 목록', 'List of enrolments') }}
            empty={label('수강 신청이 아직 없습니다.', 'No enrolments yet.')}
          />
        ) : null}
      </div>
    </section>
  );
}
