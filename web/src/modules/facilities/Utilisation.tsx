// Utilisation (/utilisation): per resource and month, the hours booked against the
// hours open, no-shows and the organisations that booked most (GET /facilities/utilisation),
// as a bar chart (ECharts, loaded when the page draws it) with the same numbers in a table
// beside it for screen readers and for copying.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, request } from '../../api/client';
import { Txt } from '../../generic/values';
import { formatNumber } from '../../i18n';
import { Banner, DataTable, Loading, useTitle } from '../../ui';
import { tm } from './money-strings';
import { seoulMonth } from './Statements';

interface TopUser {
  org_id: number;
  name: string;
  minutes: number;
  bookings: number;
}
interface Usage {
  resource_id: number;
  name: string;
  kind: string;
  open_minutes: number;
  booked_minutes: number;
  rate: number;
  bookings: number;
  no_shows: number;
  no_show_minutes: number;
  top_users: TopUser[] | null;
}
interface Answer {
  month: string;
  resources: Usage[];
  open_minutes: number;
  booked_minutes: number;
  rate: number;
}

const hours = (minutes: number) => Math.round(minutes / 6) / 10;
const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;

export function UtilisationPage() {
  useTitle(tm('ut.title'));
  const [month, setMonth] = useState(seoulMonth());
  const [data, setData] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const chartEl = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setData(null);
    setError(null);
    request<Answer>('GET', 'facilities/utilisation', { query: { month } })
      .then((a) => setData(a.data))
      .catch((e: unknown) => setError(e instanceof ApiError ? e.text() : String(e)));
  }, [month]);

  useEffect(() => {
    if (!data || !chartEl.current) return;
    let dispose: (() => void) | null = null;
    let gone = false;
    const el = chartEl.current;
    const rows = data.resources.filter((r) => r.open_minutes > 0 || r.booked_minutes > 0);
    void import('./chart').then(({ drawBars }) => {
      if (gone) return;
      dispose = drawBars(el, {
        labels: rows.map((r) => r.name),
        unit: tm('ut.hours', { h: '' }).trim(),
        series: [
          { name: tm('ut.open'), values: rows.map((r) => hours(r.open_minutes)) },
          { name: tm('ut.booked'), values: rows.map((r) => hours(r.booked_minutes)) },
        ],
      });
    });
    return () => {
      gone = true;
      dispose?.();
    };
  }, [data]);

  const shown = data?.resources.filter((r) => r.open_minutes > 0 || r.booked_minutes > 0) ?? [];
  return (
    <div class="page fac-money">
      <h1>{tm('ut.title')}</h1>
      <p class="lead">{tm('ut.lead')}</p>
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <label for="ut-month">{tm('ut.month')}</label>
        <input
          id="ut-month"
          type="month"
          value={month}
          onChange={(e) => setMonth((e.target as HTMLInputElement).value || seoulMonth())}
        />
      </form>
      {error ? <Banner kind="error">{error}</Banner> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <div class="ut-layout">
          <figure class="ut-chart card">
            <figcaption id="ut-chart-caption">{tm('ut.chart')}</figcaption>
            <div
              ref={chartEl}
              class="ut-canvas"
              role="img"
              aria-labelledby="ut-chart-caption"
              style={{ height: `${Math.max(160, 36 * shown.length + 60)}px` }}
            />
          </figure>
          <DataTable
            label={tm('ut.table')}
            caption
            head={[
              tm('ut.resource'),
              tm('ut.open'),
              tm('ut.booked'),
              tm('ut.rate'),
              tm('ut.bookings'),
              tm('ut.noShows'),
              tm('ut.top'),
            ]}
          >
            {shown.map((r) => (
              <tr key={r.resource_id} data-resource={r.resource_id}>
                <th scope="row">
                  <a href={`/resources/${r.resource_id}`}>
                    <Txt s={r.name} />
                  </a>
                </th>
                <td class="num">{tm('ut.hours', { h: formatNumber(hours(r.open_minutes)) })}</td>
                <td class="num">{tm('ut.hours', { h: formatNumber(hours(r.booked_minutes)) })}</td>
                <td class="num">{percent(r.rate)}</td>
                <td class="num">{formatNumber(r.bookings)}</td>
                <td class="num">{formatNumber(r.no_shows)}</td>
                <td>
                  {r.top_users === null ? (
                    <span class="muted">{tm('ut.topHidden')}</span>
                  ) : (
                    r.top_users
                      .slice(0, 3)
                      .map(
                        (u) =>
                          `${u.name} (${tm('ut.hours', { h: formatNumber(hours(u.minutes)) })})`,
                      )
                      .join(', ')
                  )}
                </td>
              </tr>
            ))}
            <tr class="sum">
              <th scope="row">{tm('ut.total')}</th>
              <td class="num">{tm('ut.hours', { h: formatNumber(hours(data.open_minutes)) })}</td>
              <td class="num">{tm('ut.hours', { h: formatNumber(hours(data.booked_minutes)) })}</td>
              <td class="num">{percent(data.rate)}</td>
              <td />
              <td />
              <td />
            </tr>
          </DataTable>
        </div>
      ) : null}
    </div>
  );
}
