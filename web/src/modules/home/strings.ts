// The strings of the role homes (a company's 우리 기관, a partner's requests to answer, the
// operators' queues), in Korean and English.
import { localized, type Params } from '../../i18n';

const ko = {
  'home.mine': '우리 기관',
  'home.mineLead': '{name}의 일: 답을 기다리는 요청, 보낸 요청, 수요와 역량, 협력과 할 일.',
  'home.profile': '기관 프로필',
  'home.profileOpen': '프로필 보기',
  'home.profileEdit': '프로필 보완하기',
  'home.profileMissing': '비어 있는 항목: {fields}',
  'home.profileComplete': '프로필의 주요 항목이 모두 채워져 있습니다.',
  'home.awaiting': '답변을 기다리는 협력 요청',
  'home.awaitingNone': '답변을 기다리는 요청이 없습니다.',
  'home.sent': '보낸 협력 요청',
  'home.sentNone': '보낸 요청이 없습니다.',
  'home.needs': '우리 수요 (진행 중)',
  'home.needsNone': '진행 중인 수요가 없습니다.',
  'home.capabilities': '우리 역량',
  'home.capabilitiesNone': '등록된 역량이 없습니다.',
  'home.collabs': '우리가 요청한 협력 (진행 중)',
  'home.collabsNone': '우리가 요청해 진행 중인 협력이 없습니다.',
  'home.collabsPartner': '상대 기관으로 참여하는 협력 (진행 중)',
  'home.collabsPartnerNone': '상대 기관으로 참여해 진행 중인 협력이 없습니다.',
  'home.tasks': '할 일',
  'home.tasksNone': '진행 중인 할 일이 없습니다.',
  'home.all': '전체 보기 ({n}건)',
  'home.failed': '“{what}”을(를) 불러오지 못했습니다.',
  'home.retry': '다시 시도',
  'home.queues': '처리할 일',
  'home.queuesLead': '운영자가 먼저 볼 목록입니다. 각 목록의 전체 보기로 이동해 처리합니다.',
  'home.dashboard': '클러스터 대시보드 보기',
  'home.stale': '일주일 넘게 답이 없는 협력 요청',
  'home.staleNone': '일주일 넘게 답이 없는 요청이 없습니다.',
  'home.newOrgs': '최근 30일에 등록된 기관',
  'home.newOrgsNone': '최근 30일에 등록된 기관이 없습니다.',
  'home.support': '새로 접수된 지원 요청',
  'home.supportNone': '새로 접수된 지원 요청이 없습니다.',
  'home.bookings': '승인을 기다리는 예약',
  'home.bookingsNone': '승인을 기다리는 예약이 없습니다.',
  'home.noOrg':
    '소속 기관이 없는 계정입니다. 기관의 관리자에게 초대를 받으면 이곳에 기관의 일이 보입니다.',
};

const en: Record<keyof typeof ko, string> = {
  'home.mine': 'My organisation',
  'home.mineLead':
    'The work of {name}: requests awaiting an answer, requests sent, needs and capabilities, collaborations and tasks.',
  'home.profile': 'Profile',
  'home.profileOpen': 'Open the profile',
  'home.profileEdit': 'Complete the profile',
  'home.profileMissing': 'Empty: {fields}',
  'home.profileComplete': 'The profile’s main fields are all filled in.',
  'home.awaiting': 'Requests awaiting your answer',
  'home.awaitingNone': 'No request awaits an answer.',
  'home.sent': 'Requests sent',
  'home.sentNone': 'No request sent.',
  'home.needs': 'Our open needs',
  'home.needsNone': 'No open need.',
  'home.capabilities': 'Our capabilities',
  'home.capabilitiesNone': 'No capability yet.',
  'home.collabs': 'Collaborations we asked for (active)',
  'home.collabsNone': 'No active collaboration we asked for.',
  'home.collabsPartner': 'Collaborations we take part in as partner (active)',
  'home.collabsPartnerNone': 'No active collaboration with us as partner.',
  'home.tasks': 'Tasks',
  'home.tasksNone': 'No open task.',
  'home.all': 'See all ({n})',
  'home.failed': 'Could not load “{what}”.',
  'home.retry': 'Try again',
  'home.queues': 'To handle',
  'home.queuesLead': 'What operators look at first. Open a list to work through it.',
  'home.dashboard': 'Open the cluster dashboard',
  'home.stale': 'Requests unanswered for over a week',
  'home.staleNone': 'No request has waited over a week.',
  'home.newOrgs': 'Organisations registered in the last 30 days',
  'home.newOrgsNone': 'No organisation registered in the last 30 days.',
  'home.support': 'New support requests',
  'home.supportNone': 'No new support request.',
  'home.bookings': 'Bookings awaiting approval',
  'home.bookingsNone': 'No booking awaits approval.',
  'home.noOrg':
    'This account belongs to no organisation. Once an organisation’s admin invites you, its work shows here.',
};

export type HomeKey = keyof typeof ko;

export function th(key: HomeKey, params?: Params): string {
  return localized(ko, en, key, params);
}
