// The dashboard's own pages, a chunk loaded when first opened (module.tsx).
export { DashboardPage } from './Dashboard';
