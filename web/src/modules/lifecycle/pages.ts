// The lifecycle pages, one chunk loaded when one of them is first opened (module.tsx): a
// company's journey, timeline, requests and reports, the program applications and their
// before/after view, and the operators' queue, SLA board, late reports and cohorts. The KPI
// chart is a chunk of its own (chart.ts), loaded by the timeline when it draws one.
export { JourneyPage } from './Journey';
export { QueuePage } from './Queue';
export { TimelinePage } from './Timeline';
export { OutcomesPage, ProgramsPage } from './Programs';
export { CohortPage, LateReportsPage, SlaBoardPage } from './Board';
export { MyReportsPage, MyRequestsPage } from './Mine';
