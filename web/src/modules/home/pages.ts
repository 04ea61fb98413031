// The role homes, one chunk loaded when a signed-in person opens the home page (module.tsx).
export { RoleHome } from './RoleHome';
