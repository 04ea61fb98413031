// The part of frappe-gantt's API that gantt.ts uses (the package ships no types).
declare module 'frappe-gantt' {
  export default class Gantt {
    constructor(wrapper: HTMLElement | string, tasks: unknown[], options?: Record<string, unknown>);
  }
}
