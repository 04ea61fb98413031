// The accounts module: login and getting back in, my account, members, notifications, inviting
// users; one chunk, fetched while idle once someone is signed in. The header's pieces
// (HeaderTools.tsx) are in the shell's bundle.
import { defineModule } from '../module';

export const accounts = defineModule({
  id: 'accounts',
  load: () => import('./pages'),
  preload: true,
  pages: [
    { path: '/login', lazy: (a) => <a.LoginPage /> },
    { path: '/forgot', lazy: (a) => <a.ForgotPage /> },
    { path: '/reset', lazy: (a) => <a.ResetPage /> },
    { path: '/account', lazy: (a, { m }) => <a.AccountPage m={m} /> },
    { path: '/members', lazy: (a) => <a.MembersPage /> },
    { path: '/notifications', lazy: (a) => <a.NotificationsPage /> },
    { path: '/invitations', lazy: (a) => <a.InvitationsPage /> },
  ],
  views: [
    { of: 'users', at: 'new', lazy: (a) => <a.UserInvitePage /> },
    { of: 'orgs', at: ':id/members', lazy: (a, { id }) => <a.MembersPage orgId={id} /> },
  ],
});
