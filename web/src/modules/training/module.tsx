// The training module (전문인력 양성): the curriculum matrix (field × level) with each course's
// cohorts, a cohort's page with its apply button, "my courses" with the certificates, and the
// operators' demand (a survey's answers by field and level) and applications to decide, one
// chunk; the collections have the generic list, detail and form views.
import { defineModule } from '../module';

export const training = defineModule({
  id: 'training',
  nav: {
    path: '/training',
    ko: '인력양성',
    en: 'Training',
    summaryKo: '전문인력 양성: 수요조사, 업종별·수준별 커리큘럼, 오픈캠퍼스, 스마트랩, PBL.',
    summaryEn:
      'Talent: demand surveys, curriculum by field and level, open campus, smart lab, PBL.',
    plannedKo: [
      '수요조사와 분야 × 수준 커리큘럼',
      '과정, 기수, 수강 신청, 출석, 수료증',
      'PBL 과제(기업 문제 + 대학 팀 + 멘토)',
    ],
    plannedEn: [
      'Demand surveys and a field × level curriculum',
      'Courses, cohorts, enrolment, attendance, certificates',
      'PBL projects (company problem + university team + mentor)',
    ],
  },
  collections: [
    { name: 'courses', ko: '과정', en: 'Courses' },
    { name: 'cohorts', ko: '기수', en: 'Cohorts' },
    { name: 'enrollments', ko: '수강', en: 'Enrolments' },
    { name: 'surveys', ko: '수요조사', en: 'Surveys' },
    { name: 'survey-responses', ko: '수요조사 응답', en: 'Survey responses' },
    { name: 'pbl-projects', ko: 'PBL 과제', en: 'PBL projects' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/training',
      tab: { ko: '커리큘럼', en: 'Curriculum' },
      lazy: (x, { m }) => <x.CurriculumPage m={m} />,
    },
    {
      path: '/training-cohort',
      lazy: (x) => <x.CohortPage />,
    },
    {
      path: '/my-courses',
      tab: { ko: '내 교육', en: 'My courses' },
      lazy: (x) => <x.MyCoursesPage />,
    },
    {
      path: '/training-applications',
      tab: { ko: '수강 신청 처리', en: 'Applications', operators: true },
      lazy: (x) => <x.ApplicationsPage />,
    },
    {
      path: '/training-demand',
      tab: { ko: '교육 수요', en: 'Demand', operators: true },
      lazy: (x) => <x.DemandPage />,
    },
  ],
});
