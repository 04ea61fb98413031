// frappe-gantt and its style sheet, imported only by Schedule.tsx's dynamic import(): a chunk of
// its own that the shell never loads. The style sheet comes in the chunk as text (by its path:
// the package exports it only under the "style" condition) and is put in the page when the
// first chart is drawn, so that it stays out of the shell's one style sheet.
import Gantt from 'frappe-gantt';
import css from '../../../node_modules/frappe-gantt/dist/frappe-gantt.css?inline';

export interface GanttTask {
  id: string;
  name: string;
  start: string;
  end: string;
  progress: number;
  custom_class?: string;
}

/** A read-only chart of tasks by year in el (replacing what it held). */
export function drawGantt(el: HTMLElement, tasks: GanttTask[], lang: string): void {
  if (!document.getElementById('frappe-gantt-css')) {
    const style = document.createElement('style');
    style.id = 'frappe-gantt-css';
    style.textContent = css;
    document.head.append(style);
  }
  el.replaceChildren();
  new Gantt(el, tasks, {
    view_mode: 'Year',
    language: lang,
    readonly: true,
    today_button: false,
    view_mode_select: false,
    popup_on: 'hover',
    infinite_padding: false,
    scroll_to: 'start',
    container_height: 'auto',
  });
}
