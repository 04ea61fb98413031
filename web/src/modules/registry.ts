// The registry of the web app's modules: each contributes one entry (modules/<id>/module.tsx,
// or planned.ts for those still to come), and the shell draws the top navigation (in this
// order), the tabs, the routes and the lazy chunks from it. Adding a module's pages: its folder
// and one line here.
import { accounts } from './accounts/module';
import { attraction } from './attraction/module';
import { audit } from './audit/module';
import { collaboration } from './collaboration/module';
import { dashboard } from './dashboard/module';
import { directory } from './directory/module';
import { facilities } from './facilities/module';
import { home } from './home/module';
import { imports } from './import/module';
import { investment } from './investment/module';
import { lifecycle } from './lifecycle/module';
import { program } from './program/module';
import { training } from './training/module';
import type { SessionUser } from '../api/client';
import type { Model } from '../api/openapi';
import { isOperator, offered } from '../session';
import type { Module, NavInfo } from './module';

export const MODULES: readonly Module[] = [
  directory,
  lifecycle,
  collaboration,
  facilities,
  investment,
  training,
  attraction,
  program,
  dashboard,
  accounts,
  imports,
  audit,
  home,
];

/** A module in the top navigation. */
export type NavModule = Module & { nav: NavInfo };

/** The modules of the top navigation, in its order. */
export const NAV_MODULES: readonly NavModule[] = MODULES.filter((m): m is NavModule => !!m.nav);

/** Whether the navigation offers module mod to user u: a tab page that is not the operators'
 * alone, or a collection the server lets u read (model m). A module whose every page and
 * collection is the operators' (attraction) is not offered to anyone else; until the model is
 * known, a module with collections is. */
export function moduleOffered(mod: Module, m: Model | null, u: SessionUser | null): boolean {
  if (isOperator(u)) return true;
  const tabs = tabsOf(mod);
  if (tabs.some((p) => !p.tab?.operators)) return true;
  if (!mod.collections.length) return !tabs.length;
  if (!m) return true;
  return mod.collections.some((c) => m.collections[c.name] && offered(m.collections[c.name], u));
}

/** Collections that belong to no module page (platform administration). */
export const ADMIN_COLLECTIONS = ['users', 'audit', 'access-log', 'files', 'api-tokens'];

/** Collections that are one's own, shown by the account pages (not as lists). */
export const ACCOUNT_COLLECTIONS = ['notifications'];

/** The module a collection is listed under first (for the active tab in the navigation). */
export function moduleOfCollection(name: string): NavModule | undefined {
  return NAV_MODULES.find((m) => m.collections.some((c) => c.name === name));
}

/** The navigation's module of a path: its landing page, or a page with a tab in it. */
export function moduleByPath(path: string): NavModule | undefined {
  return NAV_MODULES.find((m) => m.nav.path === path || tabsOf(m).some((p) => p.path === path));
}

/** The pages shown as tabs of module m (their own module's, or those that name it). */
export function tabsOf(m: Module) {
  return MODULES.flatMap((x) => x.pages).filter((p) => p.tab?.module === m.id);
}

/** The page at a path of its own, if a module has one. */
export function pageAt(path: string) {
  for (const m of MODULES) for (const p of m.pages) if (p.path === path) return p;
  return undefined;
}

/** The view that replaces the generic one at `rest` ('', 'new', '12', '12/members') of
 * collection `of` (a view of '*' serves every collection), with the number in it. The
 * collection's own views come first. */
export function viewAt(of: string, rest: string[]) {
  const views = MODULES.flatMap((m) => m.views);
  for (const v of [...views.filter((x) => x.of === of), ...views.filter((x) => x.of === '*')]) {
    const want = v.at ? v.at.split('/') : [];
    if (want.length !== rest.length) continue;
    let id = 0;
    const ok = want.every((w, i) => {
      if (w !== ':id') return w === rest[i];
      if (!/^\d+$/.test(rest[i])) return false;
      id = Number(rest[i]);
      return true;
    });
    if (ok) return { view: v, id };
  }
  return undefined;
}
