// The collaboration pages, one chunk loaded when one of them is first opened (module.tsx):
// the board of requests and collaborations, a request, a collaboration with its milestones,
// agreements, action items and meetings, and the council.
export { BoardPage, RequestPage } from './Board';
export { AgreementPage, CollaborationPage } from './Collaboration';
export { CouncilPage } from './Council';
