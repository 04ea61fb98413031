// The directory's page with facets, in a chunk of its own loaded when first opened
// (shell/App.tsx); the organisation profile and the need's matches stay in the shell.
export { DirectoryPage } from './Directory';
