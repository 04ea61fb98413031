// The investment module (바이오 메디컬 전문 VC 유치): the deal pipeline board, the IR events with
// their registration, investor ↔ company matching and (operators) high-growth discovery from
// KPI reports, one chunk; investor profiles, fundraising rounds, deals, events and
// registrations have the generic list, detail and form views.
import { defineModule } from '../module';

export const investment = defineModule({
  id: 'investment',
  nav: {
    path: '/investment',
    ko: '투자',
    en: 'Investment',
    summaryKo: '바이오·메디컬 전문 VC 유치: 투자자와 기업을 잇고 투자 유치 과정을 관리합니다.',
    summaryEn:
      'Bio-medical venture capital: investors and companies matched, deals tracked, IR events held.',
    plannedKo: [
      '투자자 프로필(단계·분야·투자 규모)',
      '기업 투자 유치 프로필과 투자자–기업 매칭',
      '딜 파이프라인',
      'IR 행사·데모데이, KPI로 고성장 기업 발굴',
    ],
    plannedEn: [
      'Investor profiles (stages, fields, ticket size)',
      'Company fundraising profiles and investor–company matching',
      'Deal pipeline',
      'IR events and demo days; high-growth discovery from KPIs',
    ],
  },
  collections: [
    { name: 'investor-profiles', ko: '투자자', en: 'Investors' },
    { name: 'fundraisings', ko: '투자 유치', en: 'Fundraising' },
    { name: 'deals', ko: '딜', en: 'Deals' },
    { name: 'events', ko: 'IR 행사', en: 'IR events' },
    { name: 'registrations', ko: '참가 신청', en: 'Registrations' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/investment',
      tab: { ko: '딜 파이프라인', en: 'Deal pipeline' },
      lazy: (x) => <x.PipelinePage />,
    },
    {
      path: '/ir-events',
      tab: { ko: '행사 안내·신청', en: 'Events and registration' },
      lazy: (x) => <x.EventsPage />,
    },
    {
      path: '/investor-matching',
      tab: { ko: '투자 매칭', en: 'Matching' },
      lazy: (x) => <x.MatchingPage />,
    },
    {
      path: '/high-growth',
      tab: { ko: '고성장 기업', en: 'High growth', operators: true },
      lazy: (x) => <x.HighGrowthPage />,
    },
  ],
});
