// The strings of the audit pages (the log, one entry, a record's change history), in Korean and
// English. Shared words (actions' names among them) come from i18n.ts.
import { localized, type Params } from '../../i18n';

const ko = {
  'audit.title': '감사 기록',
  'audit.lead':
    '누가 언제 무엇을 바꾸었는지, 항목별로 변경 전과 후를 봅니다. 기록은 해시 체인으로 묶여 고칠 수 없습니다.',
  'audit.filters': '감사 기록 거르기',
  'audit.collection': '대상',
  'audit.action': '동작',
  'audit.from': '시작일',
  'audit.to': '종료일',
  'audit.all': '전체',
  'audit.reset': '조건 지우기',
  'audit.when': '시각',
  'audit.actor': '행위자',
  'audit.target': '대상 항목',
  'audit.changes': '변경 내용',
  'audit.system': '시스템',
  'audit.deleted': '(삭제됨)',
  'audit.none': '조건에 맞는 기록이 없습니다.',
  'audit.more': '더 보기',
  'audit.retry': '다시 시도',
  'audit.count': '{n}건',
  'audit.details': '자세히',
  'audit.fieldsChanged': '{n}개 항목',
  'audit.field': '항목',
  'audit.before': '변경 전',
  'audit.after': '변경 후',
  'audit.noDiff': '바뀐 항목이 없습니다.',
  'audit.entry': '감사 기록 #{id}',
  'audit.back': '감사 기록으로',
  'audit.note': '기록 내용',
  'history.title': '{name} — 변경 이력',
  'history.lead': '이 항목이 만들어진 뒤의 모든 변경, 최근 것부터.',
  'history.none':
    '이 항목의 변경 기록이 없습니다. (시범 데이터로 처음 적재된 항목은 등록 기록이 없습니다.)',
};

const en: Record<keyof typeof ko, string> = {
  'audit.title': 'Audit log',
  'audit.lead':
    'Who changed what and when, field by field before and after. The entries are hash-chained and cannot be altered.',
  'audit.filters': 'Filter the audit log',
  'audit.collection': 'Collection',
  'audit.action': 'Action',
  'audit.from': 'From',
  'audit.to': 'To',
  'audit.all': 'All',
  'audit.reset': 'Clear filters',
  'audit.when': 'When',
  'audit.actor': 'By',
  'audit.target': 'Record',
  'audit.changes': 'Changes',
  'audit.system': 'System',
  'audit.deleted': '(deleted)',
  'audit.none': 'No entries match.',
  'audit.more': 'Show more',
  'audit.retry': 'Try again',
  'audit.count': '{n} entries',
  'audit.details': 'Details',
  'audit.fieldsChanged': '{n} fields',
  'audit.field': 'Field',
  'audit.before': 'Before',
  'audit.after': 'After',
  'audit.noDiff': 'No field changed.',
  'audit.entry': 'Audit entry #{id}',
  'audit.back': 'Back to the audit log',
  'audit.note': 'Recorded',
  'history.title': '{name} — change history',
  'history.lead': 'Every change since the record was created, the latest first.',
  'history.none':
    'No changes are recorded for this record. (Records loaded as demo data have no creation entry.)',
};

export type AuditKey = keyof typeof ko;

export function ta(key: AuditKey, params?: Params): string {
  return localized(ko, en, key, params);
}
