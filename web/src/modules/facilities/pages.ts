// The facilities pages, one chunk loaded when one of them is first opened (module.tsx).
export { FacilitiesPage } from './Facilities';
export { ResourcePage } from './Resource';
export { CheckInPage } from './CheckIn';
export { CalendarPage } from './Calendar';
export { StatementsPage, StatementPage } from './Statements';
export { UtilisationPage } from './Utilisation';
export { SpacesPage } from './Spaces';
