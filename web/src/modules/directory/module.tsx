// The directory module: the faceted directory (its own chunk), the organisation profile and the
// organisations' home (in the shell's bundle: the most visited pages).
import { defineModule } from '../module';
import { OrgProfile, OrgsHome } from './OrgProfile';

export const directory = defineModule({
  id: 'directory',
  nav: {
    path: '/directory',
    ko: '디렉토리',
    en: 'Directory',
    summaryKo: '모든 유형의 기관, 인물, 분야(태그), 역량을 한국어·영어로 빠르게 찾습니다.',
    summaryEn:
      'Organisations of every kind, people, fields and capabilities; fast Korean and English search.',
    plannedKo: ['기관·인물·분야·역량·수요 디렉토리'],
    plannedEn: ['Directory of organisations, people, fields, capabilities and needs'],
  },
  collections: [
    { name: 'orgs', ko: '기관', en: 'Organisations' },
    { name: 'people', ko: '인물', en: 'People' },
    { name: 'capabilities', ko: '역량', en: 'Capabilities' },
    { name: 'needs', ko: '수요', en: 'Needs' },
    { name: 'tags', ko: '분야', en: 'Fields' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/directory',
      tab: { ko: '디렉토리', en: 'Directory' },
      lazy: (d, { m }) => <d.DirectoryPage m={m} />,
    },
  ],
  views: [
    { of: 'orgs', at: '', view: ({ c }) => <OrgsHome c={c} /> },
    { of: 'orgs', at: ':id', view: ({ c, id }) => <OrgProfile c={c} id={id} /> },
  ],
});
