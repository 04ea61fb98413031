// Client-side routing with the History API. Links are plain <a href>: one document-level click
// handler turns same-origin clicks into navigate(). A page with unsaved changes sets a guard
// that navigate(), the back button and closing the tab all ask first.
import { createStore, useStore } from './store';

export interface Location {
  path: string;
  search: string;
}

export const locationStore = createStore<Location>({
  path: window.location.pathname,
  search: window.location.search,
});

let guard: (() => boolean) | null = null;

/** Set (or clear with null) the question asked before leaving the page. */
export function setGuard(fn: (() => boolean) | null): void {
  guard = fn;
}

function onBeforeUnload(e: BeforeUnloadEvent): void {
  if (guard) {
    e.preventDefault();
    e.returnValue = '';
  }
}
window.addEventListener('beforeunload', onBeforeUnload);

function sync(): void {
  locationStore.set({ path: window.location.pathname, search: window.location.search });
}

// Back and Forward return to where the page was scrolled: each history entry keeps its scroll
// position (saved as it is left), and the page that draws its content late (a list) asks for it
// with takeScroll() once its rows are there.
if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual';
let pendingScroll: number | null = null;

function saveScroll(): void {
  const state = (window.history.state as Record<string, unknown> | null) ?? {};
  window.history.replaceState({ ...state, scroll: window.scrollY }, '');
}

/** The scroll position to return to after Back or Forward (once), or null. */
export function takeScroll(): number | null {
  const y = pendingScroll;
  pendingScroll = null;
  return y;
}

/** Go to an in-app URL; false when the guard kept the user on the page. keepScroll: the same
 * page with more (or other) state in its URL, where the user stays. */
export function navigate(
  to: string,
  opts: { replace?: boolean; force?: boolean; keepScroll?: boolean } = {},
): boolean {
  const cur = window.location.pathname + window.location.search;
  if (to === cur && !opts.replace) return true;
  if (!opts.force && guard && !guard()) return false;
  guard = null;
  pendingScroll = null;
  if (opts.replace) window.history.replaceState(window.history.state, '', to);
  else {
    saveScroll();
    window.history.pushState(null, '', to);
  }
  sync();
  if (!opts.keepScroll) window.scrollTo(0, 0);
  return true;
}

let current = window.location.pathname + window.location.search;
locationStore.subscribe(() => {
  current = window.location.pathname + window.location.search;
});

window.addEventListener('popstate', () => {
  if (guard && !guard()) {
    // stay: put back the entry we are on
    window.history.pushState(null, '', current);
    return;
  }
  guard = null;
  const state = window.history.state as { scroll?: number } | null;
  pendingScroll = typeof state?.scroll === 'number' ? state.scroll : null;
  sync();
});

// the position of the entry being left when the page goes away (a reload, another site), and
// as the user scrolls (Back leaves an entry without a word to it first)
window.addEventListener('pagehide', saveScroll);
let scrollTimer = 0;
window.addEventListener(
  'scroll',
  () => {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(saveScroll, 200);
  },
  { passive: true },
);

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
    return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download') || a.dataset.native !== undefined) return;
  const href = a.getAttribute('href');
  if (!href || href.startsWith('#')) return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});

export function useLocation(): Location {
  return useStore(locationStore);
}

export function searchParams(loc: Location): URLSearchParams {
  return new URLSearchParams(loc.search);
}
