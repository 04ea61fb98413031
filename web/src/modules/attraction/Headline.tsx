// The attraction pipeline's headline for the operators' dashboard: prospects in the pipeline
// (anchor candidates among them), those at the LOI or beyond, those moved in, from
// GET /api/v1/attraction/funnel; a link to the funnel page. Nothing when the figures fail.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api/client';
import { formatNumber, pick } from '../../i18n';

interface Figures {
  total: number;
  stages: { stage: string; count: number; reached: number | null }[];
  anchors: { open: number };
}

export function AttractionHeadline() {
  const [f, setF] = useState<Figures | null>(null);
  useEffect(() => {
    request<Figures>('GET', 'attraction/funnel')
      .then((a) => setF(a.data))
      .catch(() => setF(null));
  }, []);
  if (!f) return null;
  const at = (s: string) => f.stages.find((x) => x.stage === s);
  const open = f.total - (at('moved_in')?.count ?? 0) - (at('dropped')?.count ?? 0);
  const n = formatNumber;
  return (
    <p class="card attraction-headline" data-headline="attraction">
      <strong>{pick('기업유치', 'Attraction')}</strong>{' '}
      {pick(
        `진행 중 ${n(open)}곳(앵커 후보 ${n(f.anchors.open)}곳), 입주의향서 이상 ${n(at('loi')?.reached ?? 0)}곳, 입주 ${n(at('moved_in')?.count ?? 0)}곳`,
        `${n(open)} in the pipeline (${n(f.anchors.open)} anchor candidates), ${n(at('loi')?.reached ?? 0)} at LOI or beyond, ${n(at('moved_in')?.count ?? 0)} moved in`,
      )}{' '}
      <a href="/attraction/funnel">{pick('유치 현황', 'Funnel')}</a>
    </p>
  );
}
