// The KPI chart of a company's timeline, in its own chunk (only the parts of ECharts it uses):
// revenue and R&D spend (won, left axis) and employees (right axis) by quarter, with a vertical
// line on each day the company received support. The timeline page puts the same numbers in a
// table; the chart is decoration for sighted users, labelled as an image.
import { LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { draw } from '../../echarts';

use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export interface KpiSeries {
  days: string[];
  revenue: (number | null)[];
  rnd: (number | null)[];
  employees: (number | null)[];
  support: { day: string; title: string }[];
  names: { revenue: string; rnd: string; employees: string; won: string; people: string };
  /** an amount as people read it (2억 4,000만원) */
  won: (n: number) => string;
}

/** Draw the chart into el; returns what disposes of it. */
export function drawKpiChart(el: HTMLElement, s: KpiSeries): () => void {
  const pair = (values: (number | null)[]) => s.days.map((d, i) => [d, values[i]]);
  return draw(el, {
    aria: { enabled: false },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 72, right: 56, top: 40, bottom: 32 },
    xAxis: { type: 'time' },
    yAxis: [
      { type: 'value', name: s.names.won, axisLabel: { formatter: (v: number) => s.won(v) } },
      { type: 'value', name: s.names.people, position: 'right' },
    ],
    series: [
      {
        name: s.names.revenue,
        type: 'line',
        data: pair(s.revenue),
        markLine: {
          symbol: 'none',
          silent: true,
          label: { formatter: '{b}', fontSize: 10 },
          lineStyle: { type: 'dashed', color: '#b45309' },
          data: s.support.map((x) => ({ xAxis: x.day, name: x.title })),
        },
      },
      { name: s.names.rnd, type: 'line', data: pair(s.rnd) },
      { name: s.names.employees, type: 'line', yAxisIndex: 1, data: pair(s.employees) },
    ],
  });
}
