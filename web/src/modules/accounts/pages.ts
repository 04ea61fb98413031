// The account pages, one chunk loaded when one of them is first opened (module.tsx): login
// and getting back in, my account, members, notifications, inviting users. The header's pieces
// (HeaderTools.tsx) stay in the shell.
export { AccountPage } from './Account';
export { UserInvitePage } from './Admin';
export { InvitationsPage } from './Invitations';
export { ForgotPage, LoginPage, ResetPage } from './Login';
export { MembersPage } from './Members';
export { NotificationsPage } from './Notifications';
