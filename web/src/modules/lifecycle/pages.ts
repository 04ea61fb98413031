// The lifecycle pages, one chunk loaded when one of them is first opened (module.tsx): a
// company's journey and the operators' support-request queue.
export { JourneyPage } from './Journey';
export { QueuePage } from './Queue';
