// The training pages, one chunk loaded when one of them is first opened (module.tsx).
export { CohortPage, CurriculumPage } from './Curriculum';
export { MyCoursesPage } from './Mine';
export { ApplicationsPage, DemandPage } from './Operate';
