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

/** Go to an in-app URL; false when the guard kept the user on the page. */
export function navigate(to: string, opts: { replace?: boolean; force?: boolean } = {}): boolean {
  const cur = window.location.pathname + window.location.search;
  if (to === cur && !opts.replace) return true;
  if (!opts.force && guard && !guard()) return false;
  guard = null;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  sync();
  window.scrollTo(0, 0);
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
  sync();
});

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
