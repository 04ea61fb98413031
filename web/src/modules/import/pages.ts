// The import page, a chunk of its own loaded when first opened (module.tsx): operators use it
// now and then, and nobody else needs it.
export { ImportPage } from './Import';
