// The strings of the directory page with facets, in Korean and English; they travel with its
// chunk. Words the profile and the generic lists share come from i18n.ts.
import { localized, type Params } from '../../i18n';

const ko = {
  'dir.facets': '조건으로 좁히기',
  'dir.kind': '기관 유형',
  'dir.stage': '성장 단계',
  'dir.fields': '분야',
  'dir.badges': '입주·앵커',
  'dir.any': '전체',
  'dir.moreFields': '분야 {n}개 더 보기',
  'dir.lessFields': '분야 접기',
  'dir.search': '기관 이름·소개 검색',
  'dir.sort': '정렬',
  'dir.sort.name': '이름순',
  'dir.sort.-employees': '임직원 많은 순',
  'dir.sort.-founded': '최근 설립 순',
  'dir.sort.kind': '유형순',
  'dir.count': '기관 {n}곳',
  'dir.more': '더 보기',
  'dir.none': '조건에 맞는 기관이 없습니다. 조건을 줄여 보세요.',
  'dir.clear': '조건 모두 지우기',
  'dir.remove': '{label} 조건 빼기',
  'dir.tableView': '표로 보기·내보내기',
  'dir.results': '검색된 기관',
} as const;

export type DirKey = keyof typeof ko;

const en: Record<DirKey, string> = {
  'dir.facets': 'Narrow down',
  'dir.kind': 'Kind',
  'dir.stage': 'Lifecycle stage',
  'dir.fields': 'Fields',
  'dir.badges': 'Tenants and anchors',
  'dir.any': 'Any',
  'dir.moreFields': 'Show {n} more fields',
  'dir.lessFields': 'Show fewer fields',
  'dir.search': 'Search names and descriptions',
  'dir.sort': 'Sort',
  'dir.sort.name': 'Name',
  'dir.sort.-employees': 'Most employees',
  'dir.sort.-founded': 'Newest',
  'dir.sort.kind': 'Kind',
  'dir.count': '{n} organisations',
  'dir.more': 'Show more',
  'dir.none': 'No organisation matches. Try fewer conditions.',
  'dir.clear': 'Clear all',
  'dir.remove': 'Remove {label}',
  'dir.tableView': 'Table view and export',
  'dir.results': 'Organisations found',
};

/** The directory string for key in the current language, {name} placeholders filled. */
export function td(key: DirKey, params?: Params): string {
  return localized(ko, en, key, params);
}
