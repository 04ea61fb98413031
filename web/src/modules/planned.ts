// The modules still to come (PRODUCT.md): their place in the navigation, what they will do and
// the collections they will hold (ARCHITECTURE.md). A collection shows up as a usable list as
// soon as the server's OpenAPI document has it; until then the module page says honestly what is
// coming. A module that gains pages of its own moves to a folder of its own (see directory/).
import { defineModule, type PlannedCollection } from './module';

const c = (name: string, ko: string, en: string): PlannedCollection => ({ name, ko, en });

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
    c('surveys', '수요조사', 'Surveys'),
    c('courses', '과정', 'Courses'),
    c('cohorts', '기수', 'Cohorts'),
    c('enrollments', '수강', 'Enrolments'),
    c('pbl-projects', 'PBL 과제', 'PBL projects'),
  ],
});
