// Ranked, explained matches on a need's page (capabilities that could serve it) and on a
// capability's page (needs it could serve): GET /api/v1/{needs|capabilities}/{id}/matches.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request, type Row } from '../api/client';
import { lang, t } from '../i18n';
import { Txt } from '../generic/values';

interface MatchItem {
  capability?: Row & { title: string };
  need?: Row & { title: string };
  score: number;
  reasons: { ko: string; en: string }[];
}

export function Matches(props: { collection: 'needs' | 'capabilities'; id: number }) {
  const [items, setItems] = useState<MatchItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    request<{ items: MatchItem[] }>('GET', `${props.collection}/${props.id}/matches`, {
      query: { limit: 5 },
    })
      .then((a) => live && setItems(a.data.items))
      .catch((e: unknown) => live && setError(e instanceof ApiError ? e.text() : String(e)));
    return () => {
      live = false;
    };
  }, [props.collection, props.id]);
  const other = props.collection === 'needs' ? 'capabilities' : 'needs';
  return (
    <section class="matches" aria-labelledby="matches-title">
      <h2 id="matches-title">
        {t(props.collection === 'needs' ? 'matches.forNeed' : 'matches.forCapability')}
      </h2>
      {error ? <p class="muted">{error}</p> : null}
      {items === null && !error ? <p class="muted">{t('matches.loading')}</p> : null}
      {items && !items.length ? <p class="muted">{t('matches.none')}</p> : null}
      {items && items.length ? (
        <ol class="match-list">
          {items.map((m) => {
            const row = (m.capability ?? m.need) as Row & { title: string };
            return (
              <li key={row.id}>
                <a href={`/${other}/${row.id}`}>
                  <Txt s={row.title} />
                </a>{' '}
                <span class="count-badge" title={t('matches.score')}>
                  {Math.round(m.score * 100)}
                </span>
                <ul class="reasons">
                  {m.reasons.map((r, i) => (
                    <li key={i}>{lang() === 'en' ? r.en : r.ko}</li>
                  ))}
                </ul>
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
