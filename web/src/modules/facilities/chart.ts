// The utilisation chart: Apache ECharts' bar chart alone (core, the bar series, the grid,
// tooltip and legend, the SVG renderer), imported by the utilisation page only when it draws,
// so neither the shell nor the facilities chunk carries it.
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { draw } from '../../echarts';

use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface Bars {
  labels: string[];
  series: { name: string; values: number[] }[];
  unit: string;
}

/** Draw (or redraw) horizontal bars into el; returns a function that disposes of the chart. */
export function drawBars(el: HTMLElement, bars: Bars): () => void {
  return draw(el, {
    animation: false,
    aria: { enabled: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: bars.unit },
    yAxis: {
      type: 'category',
      data: bars.labels,
      inverse: true,
      axisLabel: { width: 160, overflow: 'truncate' },
    },
    series: bars.series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
  });
}
