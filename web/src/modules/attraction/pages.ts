// The attraction pages, one chunk loaded when one of them is first opened (module.tsx): the
// pipeline board, the funnel figures and a prospect's page.
import './attraction.css';

export { PipelinePage } from './Pipeline';
export { FunnelPage } from './Funnel';
export { ProspectPage } from './Prospect';
