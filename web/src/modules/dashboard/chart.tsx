// A chart and its numbers: ECharts (loaded on first use, a chunk of its own) draws the picture,
// which screen readers skip (aria-hidden); the same numbers stand beside it in a table with a
// caption, and a link leads to the list they count. Used by the dashboard and the program's
// budget page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { lang } from '../../i18n';

type Lib = typeof import('./echarts');
let lib: Promise<Lib> | null = null;

/** The palette: distinguishable in grey and for the common colour blindnesses. */
export const COLORS = ['#1f5fa8', '#e07b00', '#2a9d5b', '#8a4fbf', '#c23b3b', '#5f6b7a'];

/** An ECharts option drawn into a box of the given height; data-ready="true" once drawn. */
export function Chart(props: { option: Record<string, unknown>; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);
  const key = JSON.stringify(props.option);
  useEffect(() => {
    let alive = true;
    let dispose: (() => void) | null = null;
    (lib ??= import('./echarts'))
      .then((m) => {
        if (!alive || !ref.current) return;
        dispose = m.draw(ref.current, { color: COLORS, animation: false, ...props.option });
        setReady(true);
      })
      .catch(() => {
        lib = null; /* try again next time; the table has the numbers meanwhile */
      });
    return () => {
      alive = false;
      dispose?.();
    };
  }, [key]);
  return (
    <div
      ref={ref}
      class="chart"
      aria-hidden="true"
      data-ready={ready ? 'true' : 'false'}
      style={{ height: `${props.height ?? 240}px` }}
    />
  );
}

/** One figure of a page: a heading, the chart, its table (beside the chart when it has two
 * columns, under it when more), and the link to the list behind it. */
export function Figure(props: {
  id: string;
  title: string;
  option: Record<string, unknown> | null;
  head: string[];
  rows: (string | number)[][];
  link?: { href: string; label: string };
  note?: ComponentChildren;
  empty: string;
  height?: number;
}) {
  const hid = `fig-${props.id}`;
  return (
    <section class="figure-card" aria-labelledby={hid} data-figure={props.id}>
      <h2 id={hid}>{props.title}</h2>
      {props.note ? <p class="muted">{props.note}</p> : null}
      {props.rows.length ? (
        <div class={props.head.length > 2 ? 'figure-body stacked' : 'figure-body'}>
          {props.option ? <Chart option={props.option} height={props.height} /> : null}
          <div
            class="table-wrap"
            role="region"
            aria-label={`${props.title} ${lang() === 'en' ? '(table)' : '(표)'}`}
            tabIndex={0}
          >
            <table class="figure-table">
              <caption class="visually-hidden">{props.title}</caption>
              <thead>
                <tr>
                  {props.head.map((h, i) => (
                    <th scope="col" key={i}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) =>
                      j === 0 ? (
                        <th scope="row" key={j}>
                          {c}
                        </th>
                      ) : (
                        <td class="num" key={j}>
                          {c}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : (
        <p class="muted">{props.empty}</p>
      )}
      {props.link ? (
        <p class="figure-link">
          <a href={props.link.href}>{props.link.label}</a>
        </p>
      ) : null}
    </section>
  );
}

/** A bar chart option of categories and one or more series. */
export function bars(
  categories: string[],
  series: { name: string; data: (number | null)[] }[],
  opts: { horizontal?: boolean; stack?: boolean; percent?: boolean } = {},
): Record<string, unknown> {
  const cat = { type: 'category', data: categories, axisLabel: { interval: 0, hideOverlap: true } };
  const val = {
    type: 'value',
    minInterval: opts.percent ? undefined : 1,
    axisLabel: opts.percent ? { formatter: '{value}%' } : {},
  };
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? { top: 0 } : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
    xAxis: opts.horizontal ? val : cat,
    yAxis: opts.horizontal ? { ...cat, inverse: true } : val,
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      stack: opts.stack ? 'all' : undefined,
    })),
  };
}

/** A pie of named values. */
export function pie(data: { name: string; value: number }[]): Record<string, unknown> {
  return {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['30%', '55%'],
        top: -24,
        label: { formatter: '{b} {c}', overflow: 'none' },
        data,
      },
    ],
  };
}

/** A line of monthly values. */
export function line(categories: string[], name: string, data: number[]): Record<string, unknown> {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, top: 12, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: categories },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'line', name, data, areaStyle: { opacity: 0.15 } }],
  };
}

/** A rate (0.92) as a percentage with one decimal ("92.0%"), or "-" when there is none. */
export function percent(rate: number | null | undefined): string {
  return rate == null ? '-' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
