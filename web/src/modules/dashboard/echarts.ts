// Apache ECharts as the charts here use it: bars, lines and pies drawn as SVG. Imported only by
// chart.tsx's dynamic import(), so ECharts is a chunk of its own that the shell never loads.
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export { draw } from '../../echarts';
