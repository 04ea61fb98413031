// The directory's page with facets, in a chunk of its own loaded when first opened
// (module.tsx); the organisation profile and the need's matches stay in the shell.
export { DirectoryPage } from './Directory';
