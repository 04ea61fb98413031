// The investment pages, one chunk loaded when one of them is first opened (module.tsx): the deal
// pipeline board, the IR events with registration, investor ↔ company matching and the
// operators' high-growth discovery.
export { PipelinePage } from './Pipeline';
export { EventsPage } from './Events';
export { MatchingPage } from './Matching';
export { HighGrowthPage } from './HighGrowth';
