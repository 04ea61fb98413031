// Every string the user sees, in Korean (the default) and English, and the Korean conventions
// for dates, numbers and money. Components call t('key') and the formatters below; nothing else
// in the application holds user-visible text. The chosen language lives in localStorage
// (`bpmc.lang`) and in <html lang>.
//
// Money, dates and times follow the rules written in format.ts.

import * as fmt from './format';
import { createStore } from './store';

export type Lang = 'ko' | 'en';

const ko = {
  'picker.placeholder': '이름으로 검색',
  'picker.hint': '입력하면 목록이 좁혀집니다. 위아래 화살표로 고르고 Enter로 선택하세요.',
  'picker.choices': '선택할 수 있는 항목',
  'picker.chosen': '고른 항목',
  'picker.remove': '{title} 빼기',
  'picker.none': '맞는 항목이 없습니다.',
  'picker.failed': '목록을 불러오지 못했습니다.',
  'picker.count': '{n}개 항목',
  'picker.full': '{n}개까지 고를 수 있습니다',
  retry: '다시 시도',
  'totp.due':
    '운영 관리자는 2단계 인증을 써야 합니다. {date}까지 설정하세요 ({days}일 남음). 그 뒤에는 설정하기 전까지 다른 일을 할 수 없습니다.',
  'totp.dueToday':
    '운영 관리자는 2단계 인증을 써야 합니다. {date}까지 설정하세요 (하루도 남지 않았습니다). 그 뒤에는 설정하기 전까지 다른 일을 할 수 없습니다.',
  'totp.setUp': '지금 설정하기',
  'list.more': '더 보기',
  'list.pageSuffix': '쪽',
  'list.slash': '/ 키: 검색창으로',
  'list.failed': '{label} 목록을 불러오지 못했습니다: {error}',
  'detail.failed': '이 항목을 불러오지 못했습니다: {error}',
  'detail.noDelete': '기관 삭제는 운영자에게 요청하세요.',
  'net.offline': '오프라인 상태입니다. 연결되면 다시 시도하세요. (로그아웃된 것이 아닙니다)',
  'error.offline': '인터넷에 연결되어 있지 않습니다. 연결을 확인한 뒤 다시 시도하세요.',
  'form.summary': '다음 항목을 고쳐 주세요',
  'form.requiredMissing': '필수 항목입니다',
  'form.brnInvalid': '올바른 사업자등록번호가 아닙니다 (예: 220-81-62517)',
  'form.emailInvalid': '올바른 이메일 주소가 아닙니다',
  'form.tooLong': '최대 {n}자까지 입력할 수 있습니다',
  'form.numberInvalid': '숫자로 입력하세요',
  'app.name': '고양 바이오 정밀의료클러스터',
  'app.short': 'bpmc',
  'app.tagline': '바이오 정밀의료클러스터 운영 플랫폼',
  'skip.main': '본문 바로가기',
  'nav.label': '주 메뉴',
  'nav.menu': '메뉴',
  'nav.sub': '하위 메뉴',
  'lang.switch': 'English',
  'lang.switchLabel': 'Switch to English',
  'account.login': '로그인',
  'account.logout': '로그아웃',
  'account.mine': '내 계정',
  'account.title': '내 계정',
  'account.email': '이메일',
  'account.name': '이름',
  'account.role': '역할',
  'account.org': '소속 기관',
  'account.none': '로그인하지 않았습니다.',
  'account.admin': '운영 관리',
  'account.loggedOut': '로그아웃했습니다.',
  'login.title': '로그인',
  'login.email': '이메일',
  'login.password': '비밀번호',
  'login.submit': '로그인',
  'login.busy': '로그인하는 중…',
  'login.failed': '이메일 또는 비밀번호가 올바르지 않습니다.',
  'login.welcome': '{name}님, 환영합니다.',
  'login.already': '{name}님으로 로그인되어 있습니다.',
  'login.hint': '운영자·기관 계정으로 로그인하세요. 공개 정보는 로그인 없이 볼 수 있습니다.',
  'org.workingIn': '작업 기관',
  'org.switchTo': '작업할 기관 선택',
  'org.choose': '기관 선택',
  'org.switched': '이제 {name}에서 작업합니다.',
  'notes.title': '알림',
  'notes.unread': '읽지 않은 알림 {n}건',
  'users.invite': '사용자 초대',
  'users.anonymise': '익명화',
  'users.anonymiseConfirm':
    '이 사용자의 이름과 이메일을 지우고 계정을 영구히 비활성화할까요? 감사 기록은 남고, 되돌릴 수 없습니다.',
  'users.anonymised': '사용자를 익명화했습니다.',
  'search.label': '통합 검색',
  'search.placeholder': '기관·인물·역량·수요 검색',
  'search.submit': '검색',
  'search.title': '검색 결과',
  'search.for': '“{q}” 검색 결과',
  'search.none': '검색 결과가 없습니다.',
  'matches.forNeed': '추천 협력 역량',
  'matches.forCapability': '이 역량이 도울 수 있는 수요',
  'matches.loading': '추천을 찾는 중…',
  'matches.none': '맞는 항목이 아직 없습니다.',
  'matches.score': '적합도 (100점 만점)',
  'search.count': '{n}건',
  'search.results': '검색 결과 {n}건',
  'search.about': '약 {n}',
  'search.all': '{label} 전체 보기 ({n}건)',
  'search.empty': '검색어를 입력하세요.',
  'search.searching': '검색하는 중…',
  'home.title': '클러스터 한눈에 보기',
  'home.intro':
    '고양시 바이오 정밀의료클러스터의 기관, 역량, 수요, 지원 사업을 한곳에서 운영합니다.',
  'home.modules': '업무 영역',
  'home.other': '기타 컬렉션',
  'home.stat.orgs': '참여 기관',
  'home.stat.tenants': '입주기업',
  'home.stat.capabilities': '공개 역량',
  'home.stat.needs': '진행 중 수요',
  'module.available': '사용할 수 있는 목록',
  'module.coming': '준비 중',
  'module.comingLead': '이 영역은 다음 릴리스에서 제공됩니다. 담게 될 내용:',
  'module.comingItems': '예정된 목록',
  'list.search': '검색',
  'list.searchIn': '{label} 검색',
  'list.filters': '필터',
  'list.clear': '조건 초기화',
  'list.all': '전체',
  'list.total': '총 {n}건',
  'list.range': '{from}–{to} / 총 {n}건',
  'list.empty': '조건에 맞는 항목이 없습니다.',
  'list.loading': '불러오는 중…',
  'list.next': '다음',
  'list.prev': '이전',
  'list.page': '{n}쪽',
  'list.pagination': '페이지 이동',
  'list.columns': '열 선택',
  'list.columnsHint': '보일 열을 고르세요',
  'list.export': '내보내기',
  'list.csv': 'CSV 내려받기',
  'list.xlsx': 'XLSX 내려받기',
  'list.new': '새 {label}',
  'list.sortAsc': '오름차순 정렬됨',
  'list.sortDesc': '내림차순 정렬됨',
  'list.sortBy': '{label} 기준 정렬',
  'list.table': '{label} 목록',
  'list.open': '열기',
  'list.loaded': '{label} {n}건을 불러왔습니다.',
  yes: '예',
  no: '아니오',
  none: '—',
  'detail.edit': '수정',
  'detail.tabs': '항목 보기',
  'detail.tabInfo': '기본 정보',
  'detail.tabHistory': '변경 이력',
  'detail.delete': '삭제',
  'detail.deleteConfirm': '이 항목을 삭제할까요? 되돌릴 수 없습니다.',
  'detail.deleted': '삭제했습니다.',
  'detail.status': '상태',
  'detail.transitions': '상태 변경',
  'detail.transitionTo': '‘{to}’ 상태로 변경',
  'detail.transitioned': '‘{to}’ 상태로 바꿨습니다.',
  'detail.noTransitions': '이 상태에서 바꿀 수 있는 상태가 없습니다.',
  'detail.back': '{label} 목록',
  'detail.meta': '등록 {created} · 수정 {updated} · 버전 {version}',
  'detail.notFound': '항목을 찾을 수 없습니다.',
  'form.new': '새 {label} 등록',
  'form.edit': '{title} 수정',
  'form.save': '저장',
  'form.saving': '저장하는 중…',
  'form.cancel': '취소',
  'form.saved': '저장했습니다.',
  'form.required': '필수',
  'form.requiredNote': '* 표시는 필수 항목입니다.',
  'form.maxLength': '최대 {n}자',
  'form.range': '{min}–{max}',
  'form.choose': '선택하세요',
  'form.unset': '(없음)',
  'form.unsaved': '저장하지 않은 변경 사항이 있습니다. 이 페이지를 떠날까요?',
  'form.errors': '입력값을 확인하세요. 오류가 있는 항목 {n}개',
  'form.listHint': '한 줄에 하나씩 입력하세요.',
  'form.refId': '{label} 번호',
  'form.brnHint': '숫자 10자리 (예: 220-81-62517)',
  'form.phoneHint': '예: 031-123-4567',
  'form.seoulTime': '한국 시간(KST)',
  'form.minutes': '분 단위',
  'list.from': '{label} 부터',
  'list.to': '{label} 까지',
  'form.nothing': '바뀐 내용이 없습니다.',
  'form.onceOnly': '아래 값은 지금 한 번만 표시됩니다. 안전한 곳에 복사해 두세요.',
  'form.viewCreated': '등록한 항목 보기',
  'conflict.message': '다른 사용자가 먼저 수정했습니다. 새로 고치세요',
  'conflict.reload': '새로 고침',
  'conflict.reloaded': '최신 내용을 불러왔습니다. 변경 사항을 다시 입력하세요.',
  'error.network': '서버에 연결할 수 없습니다. 잠시 후 다시 시도하세요.',
  'error.generic': '요청을 처리하지 못했습니다 ({status}).',
  'error.forbidden': '이 작업을 할 권한이 없습니다.',
  'error.unauthorized': '로그인이 필요합니다.',
  'error.notFound': '찾을 수 없습니다.',
  'error.schema': 'API 설명(OpenAPI)을 불러오지 못했습니다.',
  'error.unknownPage': '페이지를 찾을 수 없습니다.',
  'error.home': '처음으로',
  'org.profile': '기관 프로필',
  'org.tenant': '입주기업',
  'org.anchor': '앵커기업',
  'org.contact': '연락처',
  'org.about': '소개',
  'org.capabilities': '제공 역량',
  'org.needs': '수요',
  'org.people': '인물',
  'org.noCapabilities': '등록된 역량이 없습니다.',
  'org.noNeeds': '등록된 수요가 없습니다.',
  'org.noPeople': '등록된 인물이 없습니다.',
  'org.seeAll': '전체 보기 ({n}건)',
  'org.addCapability': '역량 추가',
  'org.addNeed': '수요 추가',
  'org.addPerson': '인물 추가',
  'org.synthetic': '데모 데이터',
  'org.details': '기본 정보',
  'org.members': '구성원',
  'dir.title': '디렉토리',
  'dir.intro': '클러스터의 기관·인물·분야·역량·수요를 찾습니다.',
  'dir.byKind': '유형별',
  'dir.flags': '구분',
  'dir.allKinds': '모든 유형',
  'notice.synthetic': '데모용 가상 데이터',
  'search.hint': '↑·↓ 키로 고르고 Enter로 엽니다.',
  'search.seeAll': '“{q}” 검색 결과 모두 보기 ({n}건)',
  'search.suggestions': '검색어 추천 결과',
  'matches.parts': '점수 구성',
  'matches.part.text': '내용',
  'matches.part.fields': '분야',
  'matches.part.kind': '유형',
  'matches.part.stage': '단계',
  'matches.part.availability': '가용성',
  'matches.of': '{org}의 역량',
  'matches.ask': '협력 요청',
  'matches.askTitle': '‘{title}’에 협력 요청',
  'matches.message': '요청 내용',
  'matches.messageHint': '상대 기관에 보낼 말 (선택). 필요한 것, 일정, 연락 방법을 적어 주세요.',
  'matches.send': '요청 보내기',
  'matches.sending': '보내는 중…',
  'matches.sent': '협력 요청을 보냈습니다. 상대 기관이 답하면 알림이 옵니다.',
  'matches.status': '협력 요청: {status}',
  'matches.response': '답변: {text}',
  'matches.toBoard': '협력 보드',
  'matches.collaboration': '협력 보기',
  'need.collaborations': '이 수요에서 시작된 협력 {n}건',
  'list.missing': '{fields} 중 비어 있는 항목이 있는 행만 봅니다.',
  'list.missingClear': '모든 행 보기',
  'need.close': '수요 종료',
  'need.closeHint': '더 찾지 않으면 종료하세요. 종료하면 새 협력 요청을 받지 않습니다.',
  'need.closeConfirm': '종료하기',
  'need.outcome': '결과',
  'need.outcomeHint': '어떻게 마무리되었는지 (선택). 예: 두 기관과 협력 시작',
  'need.closed': '수요를 종료했습니다.',
  'need.closedNotice': '이 수요는 종료되어 새 협력 요청을 받지 않습니다.',
  'need.withdrawnNotice': '이 수요는 철회되어 협력 요청을 받지 않습니다.',
  'org.aliases': '다른 이름',
  'org.valueChain': '가치사슬 (전·후방 기업)',
  'org.upstream': '후방: 이 기관에 공급하는 곳',
  'org.downstream': '전방: 이 기관이 공급하는 곳',
  'org.noLinks': '등록된 연결이 없습니다.',
  'org.addLink': '연결 추가',
} as const;

export type Key = keyof typeof ko;

const en: Record<Key, string> = {
  'picker.placeholder': 'Search by name',
  'picker.hint': 'Type to narrow the list; arrow keys move, Enter chooses.',
  'picker.choices': 'Choices',
  'picker.chosen': 'Chosen',
  'picker.remove': 'Remove {title}',
  'picker.none': 'Nothing matches.',
  'picker.failed': 'The list could not be loaded.',
  'picker.count': '{n} choices',
  'picker.full': 'At most {n} may be chosen',
  retry: 'Try again',
  'totp.due':
    'Operator admins must use a second factor. Set it up by {date} ({days} days left); after that nothing else works until it is set up.',
  'totp.dueToday':
    'Operator admins must use a second factor. Set it up by {date} (less than a day left); after that nothing else works until it is set up.',
  'totp.setUp': 'Set it up now',
  'list.more': 'Show more',
  'list.pageSuffix': ' (page)',
  'list.slash': 'Press / to search',
  'list.failed': 'The {label} list could not be loaded: {error}',
  'detail.failed': 'This record could not be loaded: {error}',
  'detail.noDelete': 'An operator removes an organisation; ask one.',
  'net.offline': 'You are offline. Try again once connected. (You are still signed in.)',
  'error.offline': 'No internet connection. Check it and try again.',
  'form.summary': 'Please correct these fields',
  'form.requiredMissing': 'is required',
  'form.brnInvalid': 'is not a valid business registration number (e.g. 220-81-62517)',
  'form.emailInvalid': 'is not a valid e-mail address',
  'form.tooLong': 'must be at most {n} characters',
  'form.numberInvalid': 'must be a number',
  'app.name': 'Goyang Bio Precision Medicine Cluster',
  'app.short': 'bpmc',
  'app.tagline': 'Operating platform of the Bio Precision Medicine Cluster',
  'skip.main': 'Skip to main content',
  'nav.label': 'Main menu',
  'nav.menu': 'Menu',
  'nav.sub': 'Section menu',
  'lang.switch': '한국어',
  'lang.switchLabel': '한국어로 보기',
  'account.login': 'Log in',
  'account.logout': 'Log out',
  'account.mine': 'My account',
  'account.title': 'My account',
  'account.email': 'E-mail',
  'account.name': 'Name',
  'account.role': 'Role',
  'account.org': 'Organisation',
  'account.none': 'You are not logged in.',
  'account.admin': 'Administration',
  'account.loggedOut': 'You have logged out.',
  'login.title': 'Log in',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.busy': 'Logging in…',
  'login.failed': 'Wrong e-mail or password.',
  'login.welcome': 'Welcome, {name}.',
  'login.already': 'You are logged in as {name}.',
  'login.hint':
    'Log in with an operator or organisation account. Public information needs no login.',
  'org.workingIn': 'Working in',
  'org.switchTo': 'Work in another organisation',
  'org.choose': 'Choose an organisation',
  'org.switched': 'You now work in {name}.',
  'notes.title': 'Notifications',
  'notes.unread': '{n} unread',
  'users.invite': 'Invite a user',
  'users.anonymise': 'Anonymise',
  'users.anonymiseConfirm':
    'Erase this user’s name and e-mail and deactivate the account for good? The audit log stays. This cannot be undone.',
  'users.anonymised': 'The user was anonymised.',
  'search.label': 'Search everything',
  'search.placeholder': 'Search organisations, people, capabilities, needs',
  'search.submit': 'Search',
  'search.title': 'Search results',
  'search.for': 'Results for “{q}”',
  'search.none': 'Nothing found.',
  'matches.forNeed': 'Capabilities that fit',
  'matches.forCapability': 'Needs this capability could serve',
  'matches.loading': 'Finding matches…',
  'matches.none': 'No match yet.',
  'matches.score': 'Fit (out of 100)',
  'search.count': '{n}',
  'search.results': '{n} results',
  'search.about': 'about {n}',
  'search.all': 'All {label} ({n})',
  'search.empty': 'Type something to search for.',
  'search.searching': 'Searching…',
  'home.title': 'The cluster at a glance',
  'home.intro':
    'Organisations, capabilities, needs and support programs of the Goyang Bio Precision Medicine Cluster in one place.',
  'home.modules': 'Modules',
  'home.other': 'Other collections',
  'home.stat.orgs': 'Organisations',
  'home.stat.tenants': 'Tenants',
  'home.stat.capabilities': 'Capabilities',
  'home.stat.needs': 'Open needs',
  'module.available': 'Available now',
  'module.coming': 'Coming soon',
  'module.comingLead': 'This module comes with a later release. It will hold:',
  'module.comingItems': 'Planned lists',
  'list.search': 'Search',
  'list.searchIn': 'Search {label}',
  'list.filters': 'Filters',
  'list.clear': 'Clear',
  'list.all': 'All',
  'list.total': '{n} in total',
  'list.range': '{from}–{to} of {n}',
  'list.empty': 'Nothing matches.',
  'list.loading': 'Loading…',
  'list.next': 'Next',
  'list.prev': 'Previous',
  'list.page': 'Page {n}',
  'list.pagination': 'Pages',
  'list.columns': 'Columns',
  'list.columnsHint': 'Choose the columns to show',
  'list.export': 'Export',
  'list.csv': 'Download CSV',
  'list.xlsx': 'Download XLSX',
  'list.new': 'New: {label}',
  'list.sortAsc': 'sorted ascending',
  'list.sortDesc': 'sorted descending',
  'list.sortBy': 'Sort by {label}',
  'list.table': '{label}',
  'list.open': 'Open',
  'list.loaded': 'Loaded {n} {label}.',
  yes: 'Yes',
  no: 'No',
  none: '—',
  'detail.edit': 'Edit',
  'detail.tabs': 'Record views',
  'detail.tabInfo': 'Details',
  'detail.tabHistory': 'Change history',
  'detail.delete': 'Delete',
  'detail.deleteConfirm': 'Delete this item? This cannot be undone.',
  'detail.deleted': 'Deleted.',
  'detail.status': 'Status',
  'detail.transitions': 'Change status',
  'detail.transitionTo': 'Mark as {to}',
  'detail.transitioned': 'Status changed to {to}.',
  'detail.noTransitions': 'No status change is possible from here.',
  'detail.back': 'All {label}',
  'detail.meta': 'Created {created} · updated {updated} · version {version}',
  'detail.notFound': 'Not found.',
  'form.new': 'New: {label}',
  'form.edit': 'Edit {title}',
  'form.save': 'Save',
  'form.saving': 'Saving…',
  'form.cancel': 'Cancel',
  'form.saved': 'Saved.',
  'form.required': 'required',
  'form.requiredNote': 'Fields marked * are required.',
  'form.maxLength': 'up to {n} characters',
  'form.range': '{min}–{max}',
  'form.choose': 'Choose',
  'form.unset': '(none)',
  'form.unsaved': 'You have unsaved changes. Leave this page?',
  'form.errors': 'Please check your input: {n} fields have errors',
  'form.listHint': 'One per line.',
  'form.refId': '{label} number',
  'form.brnHint': '10 digits (e.g. 220-81-62517)',
  'form.phoneHint': 'e.g. 031-123-4567',
  'form.seoulTime': 'Korea time (KST)',
  'form.minutes': 'in minutes',
  'list.from': '{label} from',
  'list.to': '{label} to',
  'form.nothing': 'Nothing changed.',
  'form.onceOnly': 'The values below are shown only this once. Copy them somewhere safe.',
  'form.viewCreated': 'View the new item',
  'conflict.message': 'Someone changed this; reload',
  'conflict.reload': 'Reload',
  'conflict.reloaded': 'The latest version is loaded. Enter your changes again.',
  'error.network': 'Cannot reach the server. Try again shortly.',
  'error.generic': 'The request failed ({status}).',
  'error.forbidden': 'You are not allowed to do this.',
  'error.unauthorized': 'Please log in.',
  'error.notFound': 'Not found.',
  'error.schema': 'Could not load the API description (OpenAPI).',
  'error.unknownPage': 'Page not found.',
  'error.home': 'Home',
  'org.profile': 'Organisation profile',
  'org.tenant': 'Tenant',
  'org.anchor': 'Anchor',
  'org.contact': 'Contact',
  'org.about': 'About',
  'org.capabilities': 'Capabilities',
  'org.needs': 'Needs',
  'org.people': 'People',
  'org.noCapabilities': 'No capabilities yet.',
  'org.noNeeds': 'No needs yet.',
  'org.noPeople': 'No people yet.',
  'org.seeAll': 'See all ({n})',
  'org.addCapability': 'Add capability',
  'org.addNeed': 'Add need',
  'org.addPerson': 'Add person',
  'org.synthetic': 'Demo data',
  'org.details': 'Details',
  'org.members': 'Members',
  'dir.title': 'Directory',
  'dir.intro': 'Find the organisations, people, fields, capabilities and needs of the cluster.',
  'dir.byKind': 'By kind',
  'dir.flags': 'Status',
  'dir.allKinds': 'All kinds',
  'notice.synthetic': 'synthetic demo data',
  'search.hint': 'Choose with ↑ and ↓, open with Enter.',
  'search.seeAll': 'All results for “{q}” ({n})',
  'search.suggestions': 'Suggested results',
  'matches.parts': 'Score breakdown',
  'matches.part.text': 'Text',
  'matches.part.fields': 'Fields',
  'matches.part.kind': 'Kind',
  'matches.part.stage': 'Stage',
  'matches.part.availability': 'Availability',
  'matches.of': 'offered by {org}',
  'matches.ask': 'Ask for a partnership',
  'matches.askTitle': 'Ask for a partnership on “{title}”',
  'matches.message': 'Message',
  'matches.messageHint':
    'What to tell the partner (optional): what you need, when, and how to reach you.',
  'matches.send': 'Send the request',
  'matches.sending': 'Sending…',
  'matches.sent': 'The request was sent. You will be notified when the partner answers.',
  'matches.status': 'Partnership request: {status}',
  'matches.response': 'Answer: {text}',
  'matches.toBoard': 'Collaboration board',
  'matches.collaboration': 'Open the collaboration',
  'need.collaborations': '{n} collaborations started from this need',
  'list.missing': 'Only rows where any of {fields} is empty.',
  'list.missingClear': 'Show every row',
  'need.close': 'Close the need',
  'need.closeHint': 'Close it when you are no longer looking: it then takes no new request.',
  'need.closeConfirm': 'Close',
  'need.outcome': 'Outcome',
  'need.outcomeHint': 'How it ended (optional), e.g. collaborations started with two partners',
  'need.closed': 'The need was closed.',
  'need.closedNotice': 'This need is closed: it takes no new partnership request.',
  'need.withdrawnNotice': 'This need was withdrawn: it takes no partnership request.',
  'org.aliases': 'Also known as',
  'org.valueChain': 'Value chain (upstream and downstream)',
  'org.upstream': 'Upstream: supply this organisation',
  'org.downstream': 'Downstream: supplied by this organisation',
  'org.noLinks': 'No links yet.',
  'org.addLink': 'Add a link',
};

/* Labels of enumerated values. The server publishes them on each enum field of its OpenAPI
 * document (`x-bpmc-enum-labels`, read by api/openapi.ts into `published`), and those win. The
 * tables below are the one fallback kept until every server this app talks to publishes them
 * (issue #9 item 4); then they go. Looked up as `collection.field.value`, then `field.value`,
 * then `value`; an unknown value is shown as it is. */
const enumKo: Record<string, string> = {
  'kind.company': '기업',
  'kind.hospital': '병원',
  'kind.university': '대학',
  'kind.institute': '연구기관',
  'kind.investor': '투자기관',
  'kind.public': '공공기관',
  'kind.association': '협회·단체',
  'capabilities.kind.data-set': '데이터',
  'capabilities.kind.clinical-trial': '임상시험',
  'capabilities.kind.research-service': '연구 서비스',
  'capabilities.kind.equipment': '장비',
  'capabilities.kind.expertise': '전문 역량',
  'capabilities.kind.space': '공간',
  'stage.basic-research': '기초연구',
  'stage.rnd': '연구개발',
  'stage.education': '교육',
  'stage.clinical': '임상시험',
  'stage.marketing': '마케팅',
  'stage.commercialization': '사업화',
  'needs.status.open': '진행 중',
  'needs.status.matched': '매칭됨',
  'needs.status.closed': '종료',
  'needs.status.withdrawn': '철회',
  'capabilities.status.active': '운영 중',
  'capabilities.status.paused': '일시 중지',
  'capabilities.status.retired': '종료',
  'matches.status.requested': '요청됨',
  'matches.status.accepted': '수락됨',
  'matches.status.declined': '거절됨',
  'matches.status.withdrawn': '철회됨',
  'collaborations.status.active': '진행 중',
  'collaborations.status.paused': '일시 중지',
  'collaborations.status.completed': '완료',
  'collaborations.status.terminated': '중단',
  'agreements.kind.mou': '업무협약(MOU)',
  'agreements.kind.nda': '비밀유지계약(NDA)',
  'agreements.kind.data-use': '데이터 이용 협약',
  'agreements.kind.joint-research': '공동연구 계약',
  'agreements.kind.service': '용역 계약',
  'agreements.kind.other': '기타',
  'agreements.status.draft': '초안',
  'agreements.status.signed': '체결',
  'agreements.status.expired': '만료',
  'agreements.status.terminated': '해지',
  'action-items.status.open': '진행 중',
  'action-items.status.done': '완료',
  'action-items.status.dropped': '취소',
  'org-links.kind.supplies': '제품 공급',
  'org-links.kind.services': '서비스',
  'org-links.kind.data': '데이터',
  'org-links.kind.research': '연구',
  'org-links.kind.investment': '투자',
  'org-links.kind.other': '기타',
  'status.open': '진행 중',
  'status.closed': '종료',
  'status.active': '활성',
  'visibility.private': '비공개',
  'visibility.cluster': '클러스터 공개',
  'visibility.public': '전체 공개',
  'role.operator-admin': '운영 관리자',
  'role.operator-staff': '운영 담당자',
  'role.org-admin': '기관 관리자',
  'role.org-member': '기관 구성원',
  'role.partner': '협력기관',
  'role.investor': '투자자',
  'role.trainee': '교육생',
  'api-tokens.scope.read': '읽기 전용',
  'api-tokens.scope.read-write': '읽기·쓰기',
  'audit.action.create': '등록',
  'audit.action.update': '수정',
  'audit.action.delete': '삭제',
  'audit.action.invite': '초대',
  'audit.action.member-role': '구성원 역할 변경',
  'audit.action.member-removed': '구성원 제외',
  'audit.action.anonymise': '사용자 익명화',
  'audit.action.login-failed': '로그인 실패',
  'audit.action.login-locked': '로그인 잠김',
  'audit.action.login-recovery-code': '복구 코드로 로그인',
  'audit.action.password-change': '비밀번호 변경',
  'audit.action.password-reset': '비밀번호 재설정',
  'audit.action.password-reset-requested': '비밀번호 재설정 요청',
  'audit.action.totp-enabled': '2단계 인증 켬',
  'audit.action.totp-disabled': '2단계 인증 끔',
  'audit.action.share': '공유',
  'audit.action.unshare': '공유 해제',
  'audit.action.transition': '상태 변경',
  'audit.action.tokens-revoked': 'API 토큰 폐기',
  'audit.action.access-log-purge': '열람 기록 보존기간 정리',
  'access-log.action.list': '목록 조회',
  'access-log.action.read': '열람',
  'access-log.action.export': '내보내기',
  'access-log.action.search': '검색',
};
const enumEn: Record<string, string> = {
  'kind.company': 'Company',
  'kind.hospital': 'Hospital',
  'kind.university': 'University',
  'kind.institute': 'Institute',
  'kind.investor': 'Investor',
  'kind.public': 'Public body',
  'kind.association': 'Association',
  'capabilities.kind.data-set': 'Data set',
  'capabilities.kind.clinical-trial': 'Clinical trial',
  'capabilities.kind.research-service': 'Research service',
  'capabilities.kind.equipment': 'Equipment',
  'capabilities.kind.expertise': 'Expertise',
  'capabilities.kind.space': 'Space',
  'stage.basic-research': 'Basic research',
  'stage.rnd': 'R&D',
  'stage.education': 'Education',
  'stage.clinical': 'Clinical trials',
  'stage.marketing': 'Marketing',
  'stage.commercialization': 'Commercialisation',
  'needs.status.open': 'Open',
  'needs.status.matched': 'Matched',
  'needs.status.closed': 'Closed',
  'needs.status.withdrawn': 'Withdrawn',
  'capabilities.status.active': 'Active',
  'capabilities.status.paused': 'Paused',
  'capabilities.status.retired': 'Retired',
  'matches.status.requested': 'Requested',
  'matches.status.accepted': 'Accepted',
  'matches.status.declined': 'Declined',
  'matches.status.withdrawn': 'Withdrawn',
  'collaborations.status.active': 'Active',
  'collaborations.status.paused': 'Paused',
  'collaborations.status.completed': 'Completed',
  'collaborations.status.terminated': 'Terminated',
  'agreements.kind.mou': 'MOU',
  'agreements.kind.nda': 'NDA',
  'agreements.kind.data-use': 'Data use agreement',
  'agreements.kind.joint-research': 'Joint research agreement',
  'agreements.kind.service': 'Service contract',
  'agreements.kind.other': 'Other',
  'agreements.status.draft': 'Draft',
  'agreements.status.signed': 'Signed',
  'agreements.status.expired': 'Expired',
  'agreements.status.terminated': 'Terminated',
  'action-items.status.open': 'Open',
  'action-items.status.done': 'Done',
  'action-items.status.dropped': 'Dropped',
  'org-links.kind.supplies': 'Supplies',
  'org-links.kind.services': 'Services',
  'org-links.kind.data': 'Data',
  'org-links.kind.research': 'Research',
  'org-links.kind.investment': 'Investment',
  'org-links.kind.other': 'Other',
  'status.open': 'Open',
  'status.closed': 'Closed',
  'status.active': 'Active',
  'visibility.private': 'Private',
  'visibility.cluster': 'Cluster members',
  'visibility.public': 'Public',
  'role.operator-admin': 'Operator (admin)',
  'role.operator-staff': 'Operator (staff)',
  'role.org-admin': 'Organisation admin',
  'role.org-member': 'Organisation member',
  'role.partner': 'Partner',
  'role.investor': 'Investor',
  'role.trainee': 'Trainee',
  'api-tokens.scope.read': 'Read only',
  'api-tokens.scope.read-write': 'Read and write',
  'audit.action.create': 'Created',
  'audit.action.update': 'Changed',
  'audit.action.delete': 'Deleted',
  'audit.action.invite': 'Invited',
  'audit.action.member-role': 'Member role changed',
  'audit.action.member-removed': 'Member removed',
  'audit.action.anonymise': 'User anonymised',
  'audit.action.login-failed': 'Login failed',
  'audit.action.login-locked': 'Login locked',
  'audit.action.login-recovery-code': 'Login with a recovery code',
  'audit.action.password-change': 'Password changed',
  'audit.action.password-reset': 'Password reset',
  'audit.action.password-reset-requested': 'Password reset asked',
  'audit.action.totp-enabled': 'Second factor on',
  'audit.action.totp-disabled': 'Second factor off',
  'audit.action.share': 'Shared',
  'audit.action.unshare': 'Unshared',
  'audit.action.transition': 'Status changed',
  'audit.action.tokens-revoked': 'API tokens revoked',
  'audit.action.access-log-purge': 'Access log purged past retention',
  'access-log.action.list': 'Listed',
  'access-log.action.read': 'Viewed',
  'access-log.action.export': 'Exported',
  'access-log.action.search': 'Searched',
};

const STORAGE_KEY = 'bpmc.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'ko';
  } catch {
    return 'ko';
  }
}

export const langStore = createStore<Lang>(initialLang());

/** Whether this browser holds a language chosen in it. */
export function hasStoredLang(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}

export function lang(): Lang {
  return langStore.get();
}

export function setLang(l: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l;
  langStore.set(l);
}

document.documentElement.lang = langStore.get();

/** The values of a string's {name} placeholders. */
export type Params = Record<string, string | number>;

/** The string for key in the current language from a pair of tables (the app's, or a module's),
 * with {name} placeholders filled from params. */
export function localized<K extends string>(
  koTable: Record<K, string>,
  enTable: Record<K, string>,
  key: K,
  params?: Params,
): string {
  const s = langStore.get() === 'en' ? enTable[key] : koTable[key];
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** The string for key in the current language, with {name} placeholders filled from params. */
export function t(key: Key, params?: Params): string {
  return localized(ko, en, key, params);
}

/** Pick the Korean or English one of two texts (e.g. labels from the OpenAPI document). */
export function pick(koText: string | undefined | null, enText: string | undefined | null): string {
  if (langStore.get() === 'en') return enText || koText || '';
  return koText || enText || '';
}

/** The labels of a field's values as the OpenAPI document publishes them. */
export type EnumLabels = Record<string, { ko?: string; en?: string }>;

const published = new Map<string, { ko?: string; en?: string }>();
/* a field's values by their own name too (`role.org-admin`), for places that know no collection */
const publishedByField = new Map<string, { ko?: string; en?: string }>();

/** Take the labels the server publishes for collection.field (api/openapi.ts, on load). */
export function publishEnumLabels(collection: string, field: string, labels: EnumLabels): void {
  for (const [value, l] of Object.entries(labels)) {
    published.set(`${collection}.${field}.${value}`, l);
    if (!publishedByField.has(`${field}.${value}`)) publishedByField.set(`${field}.${value}`, l);
  }
}

function publishedLabel(key: string, byField?: string): string | undefined {
  const l = published.get(key) ?? (byField ? publishedByField.get(byField) : undefined);
  return l ? pick(l.ko, l.en) || undefined : undefined;
}

/** Label of an enumerated value of collection.field. */
export function enumLabel(collection: string, field: string, value: string): string {
  const fromServer = publishedLabel(`${collection}.${field}.${value}`, `${field}.${value}`);
  if (fromServer) return fromServer;
  const table = langStore.get() === 'en' ? enumEn : enumKo;
  return (
    table[`${collection}.${field}.${value}`] ?? table[`${field}.${value}`] ?? table[value] ?? value
  );
}

/** The label of a value of a free-text field that has known values (audit actions), if any. */
export function knownLabel(collection: string, field: string, value: string): string | undefined {
  return (
    publishedLabel(`${collection}.${field}.${value}`) ??
    (langStore.get() === 'en' ? enumEn : enumKo)[`${collection}.${field}.${value}`]
  );
}

/** 1234567 → "1,234,567" (the same in both languages). */
export function formatNumber(n: number): string {
  return fmt.number(n);
}

/** "2026-11-25" or an ISO timestamp → "2026. 11. 25." (Korean) / "25 Nov 2026" (English). */
export function formatDate(value: string): string {
  return fmt.date(value, langStore.get());
}

/** An instant → its date and time in Asia/Seoul, "2026. 11. 25. 14:05". */
export function formatDateTime(value: string): string {
  return fmt.dateTime(value, langStore.get());
}

/** Won in full (format.ts): 1,234,000원, 5,000만원, KRW 50,000,000. */
export function formatWon(won: number): string {
  return fmt.won(won, langStore.get());
}

/** Won where a short form fits (lists, cards): 1.2억원, 2억 4,000만원. */
export function formatWonCompact(won: number): string {
  return fmt.wonCompact(won, langStore.get());
}

/** Minutes → "1시간 30분" / "1 h 30 min". */
export function formatDuration(minutes: number): string {
  return fmt.duration(minutes, langStore.get());
}

/** Won → 백만원, as the seed's budget tables: 50,000,000 → "50백만원" (English "KRW 50 million"). */
export function formatMillionWon(won: number): string {
  return fmt.millionWon(won, langStore.get());
}
