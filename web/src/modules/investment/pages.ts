// The investment pages, one chunk loaded when one of them is first opened (module.tsx): the deal
// pipeline board, the IR events with registration, and investor ↔ company matching.
export { PipelinePage } from './Pipeline';
export { EventsPage } from './Events';
export { MatchingPage } from './Matching';
