// The audit module of the web app: the audit log as a person reads it and every record's change
// history. It has no place in the top navigation (the log is among the platform's collections);
// it draws the `audit` collection's list and rows, and the `history` view of every collection.
import { defineModule } from '../module';

export const audit = defineModule({
  id: 'audit',
  load: () => import('./pages'),
  views: [
    { of: 'audit', at: '', lazy: (x, { m }) => <x.AuditLogPage m={m} /> },
    { of: 'audit', at: ':id', lazy: (x, { m, id }) => <x.AuditEntryPage m={m} id={id} /> },
    {
      of: '*',
      at: ':id/history',
      lazy: (x, { m, c, id }) => <x.HistoryPage m={m} c={c} id={id} />,
    },
  ],
});
