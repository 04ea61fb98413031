// The dashboard (대시보드): the cluster's figures at a glance, the operators' landing page;
// others see the cluster's public figures. Its page is a chunk of its own, and ECharts a
// further chunk loaded when a chart is first drawn.
import { defineModule } from '../module';

export const dashboard = defineModule({
  id: 'dashboard',
  load: () => import('./pages'),
  nav: {
    path: '/dashboard',
    ko: '대시보드',
    en: 'Dashboard',
    summaryKo:
      '클러스터 핵심 지표를 한눈에: 분야·단계별 입주기업, 신규 기관, 수요·매칭·협력, 시설 예약과 가동률, 사업비 집행, 올해 성과.',
    summaryEn:
      'Cluster KPIs at a glance: tenants by field and stage, new organisations, needs, matches and collaborations, bookings and utilisation, budget execution, achievements.',
    plannedKo: ['투자 유치·교육생 추이(투자·인력양성 모듈과 함께)'],
    plannedEn: ['Funding raised and trainees over time (with the investment and training modules)'],
  },
  collections: [],
  pages: [{ path: '/dashboard', lazy: (x) => <x.DashboardPage /> }],
});
