// The program module's own pages, a chunk loaded when first opened (module.tsx).
export { BudgetPage } from './Budget';
export { CardPage } from './Card';
export { SchedulePage } from './Schedule';
