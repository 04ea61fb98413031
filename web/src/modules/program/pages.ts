// The program module's own pages, a chunk loaded when first opened (module.tsx).
export { CardPage } from './Card';
