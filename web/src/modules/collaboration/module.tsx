// The collaboration module: the board, the council, a request and a collaboration, one chunk.
import { defineModule } from '../module';

export const collaboration = defineModule({
  id: 'collaboration',
  nav: {
    path: '/collaboration',
    ko: '협력',
    en: 'Collaboration',
    summaryKo:
      '산학연병 협의체: 협력기관이 역량을 공개하고 기업이 수요를 올리면, 근거가 설명된 매칭에서 제안·협약·공동 과제로 이어집니다.',
    summaryEn:
      'Partners publish capabilities, companies post needs; an explained ranked match leads to proposals, agreements and joint projects.',
    plannedKo: [
      '근거가 설명된 역량–수요 매칭',
      '제안 → 협약(MOU·NDA·데이터 이용) → 공동 과제와 마일스톤',
      '협의체 회의, 회의록, 실행 과제',
    ],
    plannedEn: [
      'Explained, ranked capability–need matching',
      'Proposals → agreements (MOU, NDA, data use) → joint projects with milestones',
      'Council meetings, minutes and action items',
    ],
  },
  collections: [
    { name: 'capabilities', ko: '역량', en: 'Capabilities' },
    { name: 'needs', ko: '수요', en: 'Needs' },
    { name: 'matches', ko: '매칭', en: 'Matches' },
    { name: 'collaborations', ko: '공동 과제', en: 'Joint projects' },
    { name: 'agreements', ko: '협약', en: 'Agreements' },
    { name: 'meetings', ko: '협의체 회의', en: 'Council meetings' },
    { name: 'action-items', ko: '실행 과제', en: 'Action items' },
  ],
  load: () => import('./pages'),
  pages: [
    {
      path: '/collaboration',
      tab: { ko: '협력 보드', en: 'Board' },
      lazy: (x) => <x.BoardPage />,
    },
    {
      path: '/council',
      tab: { ko: '협의체', en: 'Council' },
      lazy: (x, { m }) => <x.CouncilPage m={m} />,
    },
  ],
  views: [
    {
      of: 'collaborations',
      at: ':id',
      lazy: (x, { c, id }) => <x.CollaborationPage c={c} id={id} />,
    },
    { of: 'matches', at: ':id', lazy: (x, { c, id }) => <x.RequestPage c={c} id={id} /> },
    { of: 'agreements', at: ':id', lazy: (x, { c, id }) => <x.AgreementPage c={c} id={id} /> },
  ],
});
