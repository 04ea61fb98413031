// The attraction module (기업유치): the city's pipeline of companies and medical institutions
// it tries to bring into the cluster. The pipeline board, the funnel figures and a prospect's
// page (its activity timeline and value chain), one chunk. The whole module is the operators'
// working file: its pages are tabs for operators only and tell anyone else so; its collections
// are not offered to others (the shell leaves out collections only operators read).
import { defineModule, type PlannedCollection } from '../module';

const c = (name: string, ko: string, en: string): PlannedCollection => ({ name, ko, en });

export const attraction = defineModule({
  id: 'attraction',
  load: () => import('./pages'),
  nav: {
    path: '/attraction',
    ko: '기업유치',
    en: 'Attraction',
    summaryKo:
      '국내·외 의료기관(기업)과 앵커기업 유치: 발굴부터 입주까지의 파이프라인과 활동 기록(운영자 업무 자료).',
    summaryEn:
      'Attracting medical institutions, companies and anchors: the pipeline from first contact to move-in and its activity log (operators’ working file).',
    plannedKo: [],
    plannedEn: [],
  },
  collections: [
    c('prospects', '유치 대상', 'Prospects'),
    c('activities', '활동 기록', 'Activities'),
  ],
  pages: [
    {
      path: '/attraction',
      tab: { ko: '유치 파이프라인', en: 'Pipeline', operators: true },
      lazy: (x) => <x.PipelinePage />,
    },
    {
      path: '/attraction/funnel',
      tab: { ko: '유치 현황', en: 'Funnel', operators: true },
      lazy: (x) => <x.FunnelPage />,
    },
  ],
  views: [{ of: 'prospects', at: ':id', lazy: (x, { c, id }) => <x.ProspectPage c={c} id={id} /> }],
});
