// The modules still to come (PRODUCT.md): their place in the navigation, what they will do and
// the collections they will hold (ARCHITECTURE.md). A collection shows up as a usable list as
// soon as the server's OpenAPI document has it; until then the module page says honestly what is
// coming. A module that gains pages of its own moves to a folder of its own (see directory/).
import { defineModule, type PlannedCollection } from './module';

const c = (name: string, ko: string, en: string): PlannedCollection => ({ name, ko, en });

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
    c('investor-profiles', '투자자', 'Investors'),
    c('fundraisings', '투자 유치', 'Fundraising'),
    c('deals', '딜', 'Deals'),
    c('events', '행사', 'Events'),
    c('registrations', '참가 신청', 'Registrations'),
  ],
});

export const attraction = defineModule({
  id: 'attraction',
  nav: {
    path: '/attraction',
    ko: '기업유치',
    en: 'Attraction',
    summaryKo: '국내·외 의료기관(기업)과 앵커기업 유치: 발굴부터 입주까지.',
    summaryEn:
      'Attracting medical institutions, companies and anchors: from first contact to move-in.',
    plannedKo: [
      '유치 파이프라인(발굴 → 접촉 → 면담 → 입주의향서 → MOU → 입주)',
      '앵커기업과 전·후방 기업 연계',
      '활동 기록(그간 추진사항)',
    ],
    plannedEn: [
      'Prospect pipeline (identified → contacted → meeting → LOI → MOU → moved in)',
      'Anchor companies and upstream/downstream links',
      'Activity log',
    ],
  },
  collections: [
    c('prospects', '유치 대상', 'Prospects'),
    c('activities', '활동 기록', 'Activities'),
  ],
});
