// The audit pages, one chunk loaded when one of them is first opened (module.tsx).
export { AuditEntryPage, AuditLogPage, HistoryPage } from './Audit';
