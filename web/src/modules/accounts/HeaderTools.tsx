// What the header shows a signed-in user, loaded with the shell: the link to the notifications
// with the unread count, and the menu of the organisation a member works in when there are
// several. Switching asks the server (PATCH /session {org_id}); the page is drawn again for the
// new organisation (App keys the page by it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { enumLabel, t } from '../../i18n';
import { sessionStore, switchOrg } from '../../session';
import { useStore } from '../../store';
import { announce, Banner } from '../../ui';

/** Work in orgId; the error to show, or null. */
export async function doSwitch(orgId: number, name: string): Promise<string | null> {
  try {
    await switchOrg(orgId);
    announce(t('org.switched', { name }));
    return null;
  } catch (e) {
    return e instanceof ApiError ? e.text() : String(e);
  }
}

/** The header's link to the notifications, with the unread count. */
export function NotificationsLink(props: { current: boolean }) {
  const session = useStore(sessionStore);
  const n = session.user?.unread ?? 0;
  return (
    <a href="/notifications" class="notes-link" aria-current={props.current ? 'page' : undefined}>
      {t('notes.title')}
      {n > 0 ? (
        <>
          <span class="count-badge unread" aria-hidden="true">
            {n > 99 ? '99+' : n}
          </span>
          <span class="visually-hidden">: {t('notes.unread', { n })}</span>
        </>
      ) : null}
    </a>
  );
}

/** Header menu; shown only when the user belongs to more than one organisation. */
export function OrgSwitcher() {
  const session = useStore(sessionStore);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        setOpen(false);
        ref.current?.querySelector('summary')?.focus();
        return;
      }
      if (!ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const u = session.user;
  const list = u?.memberships ?? [];
  if (!u || list.length < 2) return null;
  const current = list.find((m) => m.org_id === u.org_id);
  return (
    <details
      class="org-switcher"
      ref={ref}
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span class="visually-hidden">{t('org.workingIn')}: </span>
        <span class="org-current">{current?.org_name ?? t('org.choose')}</span>
      </summary>
      <div class="org-menu">
        <p class="org-menu-title" id="org-menu-title">
          {t('org.switchTo')}
        </p>
        <ul aria-labelledby="org-menu-title">
          {list.map((m) => (
            <li key={m.org_id}>
              <button
                type="button"
                aria-current={m.org_id === u.org_id ? 'true' : undefined}
                onClick={async () => {
                  setOpen(false);
                  if (m.org_id !== u.org_id) setError(await doSwitch(m.org_id, m.org_name));
                }}
              >
                <span>{m.org_name}</span>
                <span class="muted small">{enumLabel('users', 'role', m.role)}</span>
              </button>
            </li>
          ))}
        </ul>
        {error ? <Banner kind="error">{error}</Banner> : null}
      </div>
    </details>
  );
}
