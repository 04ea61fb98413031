// The program module (사업관리): its collections as the generic lists, the budget view (plan vs
// execution), the schedule view (○ matrix and Gantt) and the project card page for operators,
// tabs of the module in a chunk of its own.
import { defineModule, type PlannedCollection } from '../module';

const c = (name: string, ko: string, en: string): PlannedCollection => ({ name, ko, en });

export const program = defineModule({
  id: 'program',
  load: () => import('./pages'),
  nav: {
    path: '/program',
    ko: '사업관리',
    en: 'Program',
    summaryKo:
      '단위사업, 연도별 추진계획, 재원별(국비·도비·시비·기타) 사업비 계획과 집행, 성과, 쟁점 및 대책.',
    summaryEn:
      'Unit projects, yearly schedule, budget plan and execution by source, achievements, issues.',
    plannedKo: [],
    plannedEn: [],
  },
  collections: [
    c('pledge-projects', '공약 사업', 'Pledge projects'),
    c('unit-projects', '단위사업', 'Unit projects'),
    c('schedule', '추진계획', 'Schedule'),
    c('budget-lines', '사업비', 'Budget'),
    c('achievements', '성과', 'Achievements'),
    c('program-issues', '쟁점 및 대책', 'Issues'),
    c('contacts', '담당자', 'Contacts'),
  ],
  pages: [
    {
      path: '/program/budget',
      tab: { ko: '사업비 집행', en: 'Budget' },
      lazy: (x) => <x.BudgetPage />,
    },
    {
      path: '/program/schedule',
      tab: { ko: '추진 일정', en: 'Schedule view' },
      lazy: (x) => <x.SchedulePage />,
    },
    {
      path: '/program/card',
      tab: { ko: '사업 카드', en: 'Project card', operators: true },
      lazy: (x) => <x.CardPage />,
    },
  ],
});
