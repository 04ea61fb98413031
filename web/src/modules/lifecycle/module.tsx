// The lifecycle module: a company's journey (stages, milestones, support requests with their
// SLA state, KPI reports), its timeline with the KPI chart, its requests and reports, program
// applications, and the operators' queue, SLA board, late reports and cohorts, one chunk; the
// collections have the generic list, detail and form views.
import { defineModule } from '../module';

export const lifecycle = defineModule({
  id: 'lifecycle',
  nav: {
    path: '/lifecycle',
    ko: '전주기 지원',
    en: 'Lifecycle',
    summaryKo:
      '입주기업의 기초연구 → 연구개발 → 교육 → 임상시험 → 마케팅 → 사업화 전 과정을 지원합니다.',
    summaryEn:
      'Each company’s journey: basic research → R&D → education → clinical trials → marketing → commercialisation.',
    plannedKo: [
      '단계 이력과 마일스톤',
      '지원 사업',
      '처리 기한(SLA)이 있는 지원 요청',
      '정기 KPI 보고',
    ],
    plannedEn: [
      'Stage history and milestones',
      'Support programs',
      'Support requests with a service-level deadline',
      'Periodic KPI reports',
    ],
  },
  collections: [
    { name: 'stage-events', ko: '단계 이력', en: 'Stage history' },
    { name: 'programs', ko: '지원 사업', en: 'Support programs' },
    { name: 'support-requests', ko: '지원 요청', en: 'Support requests' },
    { name: 'kpi-reports', ko: 'KPI 보고', en: 'KPI reports' },
    { name: 'milestones', ko: '마일스톤', en: 'Milestones' },
    { name: 'program-applications', ko: '지원 프로그램 신청', en: 'Program applications' },
    { name: 'stage-definitions', ko: '성장 단계 정의', en: 'Stage definitions' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/lifecycle',
      tab: { ko: '나의 전주기', en: 'My journey' },
      lazy: (x, { m }) => <x.JourneyPage m={m} />,
    },
    {
      path: '/company-timeline',
      tab: { ko: '타임라인', en: 'Timeline' },
      lazy: (x) => <x.TimelinePage />,
    },
    {
      path: '/my-requests',
      tab: { ko: '나의 지원 요청', en: 'My requests' },
      lazy: (x) => <x.MyRequestsPage />,
    },
    {
      path: '/my-reports',
      tab: { ko: '나의 KPI 보고', en: 'My reports' },
      lazy: (x) => <x.MyReportsPage />,
    },
    {
      path: '/support-programs',
      tab: { ko: '프로그램 신청', en: 'Programs' },
      lazy: (x) => <x.ProgramsPage />,
    },
    {
      path: '/program-outcomes',
      lazy: (x) => <x.OutcomesPage />,
    },
    {
      path: '/support-queue',
      tab: { ko: '지원 요청 처리', en: 'Request queue', operators: true },
      lazy: (x) => <x.QueuePage />,
    },
    {
      path: '/sla-board',
      tab: { ko: 'SLA 현황판', en: 'SLA board', operators: true },
      lazy: (x) => <x.SlaBoardPage />,
    },
    {
      path: '/late-reports',
      tab: { ko: '늦은 KPI 보고', en: 'Late reports', operators: true },
      lazy: (x) => <x.LateReportsPage />,
    },
    {
      path: '/tenant-cohorts',
      tab: { ko: '코호트', en: 'Cohorts', operators: true },
      lazy: (x) => <x.CohortPage />,
    },
  ],
});
