// Drawing an Apache ECharts option as SVG, for every chart of the web application. Each chart's
// module registers the parts of ECharts it uses (use([...]): its series, components and the SVG
// renderer) and is loaded by a dynamic import() when a page draws, so a page loads only what its
// chart needs and the shell none of it.
import { getInstanceByDom, init } from 'echarts/core';

/** Draw option into el (a chart already there is drawn again with this option alone) and
 * follow the window's size; returns what disposes of the chart. */
export function draw(el: HTMLElement, option: Record<string, unknown>): () => void {
  const chart = getInstanceByDom(el) ?? init(el, undefined, { renderer: 'svg' });
  chart.setOption(option, true);
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
