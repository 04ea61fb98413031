// Small shared pieces of the page: the live region for messages that arrive later, banners,
// the document title, loading text.
import type { ComponentChildren, Ref } from 'preact';
import { useEffect } from 'preact/hooks';
import { createStore, useStore } from './store';
import { formatDateTime, t } from './i18n';

const liveStore = createStore<{ text: string; n: number }>({ text: '', n: 0 });

/** Say text through the polite live region (screen readers read it; nothing moves). */
export function announce(text: string): void {
  const cur = liveStore.get();
  liveStore.set({ text, n: cur.n + 1 });
}

export function LiveRegion() {
  const v = useStore(liveStore);
  return (
    <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {/* the key makes a repeated message be read again */}
      <span key={v.n}>{v.text}</span>
    </div>
  );
}

export function Banner(props: {
  kind: 'error' | 'info' | 'success' | 'warning';
  children: ComponentChildren;
  id?: string;
}) {
  return (
    <div
      id={props.id}
      class={`banner banner-${props.kind}`}
      role={props.kind === 'error' || props.kind === 'warning' ? 'alert' : 'status'}
    >
      {props.children}
    </div>
  );
}

/** Whether the browser says it is online (navigator.onLine, and its online/offline events). */
export const onlineStore = createStore<boolean>(navigator.onLine);
window.addEventListener('online', () => onlineStore.set(true));
window.addEventListener('offline', () => onlineStore.set(false));

/** Offline is said as offline: the session is still there, and what failed can be retried. */
export function OfflineBanner() {
  const online = useStore(onlineStore);
  if (online) return null;
  return (
    <Banner kind="warning" id="offline">
      {t('net.offline')}
    </Banner>
  );
}

/** An operator-admin without a second factor is told, days before, when it will be required. */
export function TotpDueBanner(props: { due?: string }) {
  if (!props.due) return null;
  const ms = Date.parse(props.due) - Date.now();
  if (!Number.isFinite(ms) || ms < 0) return null;
  const days = Math.floor(ms / 86400000);
  const date = formatDateTime(props.due);
  return (
    <Banner kind="warning" id="totp-due">
      <span>{days >= 1 ? t('totp.due', { date, days }) : t('totp.dueToday', { date })}</span>{' '}
      <a href="/account#totp">{t('totp.setUp')}</a>
    </Banner>
  );
}

export function Loading() {
  return <p class="muted loading">{t('list.loading')}</p>;
}

/** Keep document.title as "page · product". */
export function useTitle(title: string | null | undefined): void {
  useEffect(() => {
    const base = `${t('app.name')} · bpmc`;
    document.title = title ? `${title} · ${base}` : base;
  });
}

/** A table in a scrolling region named after label (focusable, so that keys scroll it): a
 * header row of head's column titles, children the body's rows. */
export function DataTable(props: {
  label: string;
  head: string[];
  class?: string;
  /** repeat the label as the table's (hidden) caption */
  caption?: boolean;
  children: ComponentChildren;
}) {
  return (
    <div
      class="table-wrap"
      role="region"
      aria-label={t('list.table', { label: props.label })}
      tabIndex={0}
    >
      <table class={props.class}>
        {props.caption ? <caption class="visually-hidden">{props.label}</caption> : null}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The mark of a required field: a star, and the word for screen readers. */
export function RequiredMark() {
  return (
    <span class="required">
      <span aria-hidden="true"> *</span>
      <span class="visually-hidden"> ({t('form.required')})</span>
    </span>
  );
}

/** A search form's labelled box and its button (the form around it is the caller's). */
export function SearchField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  submit: string;
  /** a key that focuses the box from anywhere on the page (aria-keyshortcuts) */
  shortcut?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  return (
    <>
      <label for={props.id}>
        {props.label}
        {props.shortcut ? (
          <kbd class="shortcut" title={t('list.slash')} aria-hidden="true">
            {props.shortcut}
          </kbd>
        ) : null}
      </label>
      <div class="inline">
        <input
          id={props.id}
          ref={props.inputRef}
          type="search"
          aria-keyshortcuts={props.shortcut}
          value={props.value}
          onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">{props.submit}</button>
      </div>
    </>
  );
}
