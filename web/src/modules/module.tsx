// What a module of the web app contributes, once, to the registry (registry.ts): its place in
// the top navigation, the collections it holds, its own pages with their tabs, and the views it
// draws instead of the generic ones for some of its collections. Pages that live in the module's
// chunk (`load: () => import('./pages')`) are drawn once the chunk is here; `view` pages are in
// the shell's bundle. The shell (shell/App.tsx) routes, navigates and preloads from this alone.
import { Fragment, type JSX } from 'preact';
import type { Collection, Model } from '../api/openapi';
import { chunk } from '../shell/lazy';

/** A collection a module holds (or will: the module page lists those the server lacks). */
export interface PlannedCollection {
  name: string;
  ko: string;
  en: string;
}

/** A module in the top navigation: its landing page and what it does (PRODUCT.md). */
export interface NavInfo {
  path: string;
  ko: string;
  en: string;
  summaryKo: string;
  summaryEn: string;
  plannedKo: string[];
  plannedEn: string[];
}

/** A page's tab among the tabs of a module (its own module unless `module` names another). */
export interface Tab {
  ko: string;
  en: string;
  /** only operators see the tab (the page says so to others) */
  operators?: boolean;
  module?: string;
}

/** What a page of the module's own is drawn with. */
export interface PageCtx {
  m: Model | null;
  path: string;
}

/** What a view of a collection's path is drawn with (the model is loaded, the list readable). */
export interface RowCtx {
  m: Model;
  c: Collection;
  /** the number in the path (`:id`), 0 when there is none */
  id: number;
  path: string;
}

type Draw<T, C> = { lazy: (x: T, ctx: C) => JSX.Element } | { view: (ctx: C) => JSX.Element };

/** A page at a path of its own (`/directory`, `/login`), optionally a tab. */
export type PageSpec<T> = { path: string; tab?: Tab } & Draw<T, PageCtx>;

/** A view of a collection's path that replaces the generic one: `at` is '' (the list), 'new',
 * ':id' or ':id/…'; `of` '*' draws that path of every collection. */
export type ViewSpec<T> = { of: string; at: string } & Draw<T, RowCtx>;

export interface ModuleSpec<T> {
  /** as the server's folder: src/modules/<id> */
  id: string;
  nav?: NavInfo;
  collections?: PlannedCollection[];
  /** the module's chunk */
  load?: () => Promise<T>;
  /** fetch the chunk while idle once someone is signed in */
  preload?: boolean;
  pages?: PageSpec<T>[];
  views?: ViewSpec<T>[];
}

/** A registered module, its pages ready to draw. */
export interface Module {
  id: string;
  nav?: NavInfo;
  collections: PlannedCollection[];
  pages: { path: string; tab?: Tab; draw: (ctx: PageCtx) => JSX.Element }[];
  views: { of: string; at: string; draw: (ctx: RowCtx) => JSX.Element }[];
  /** loads the chunk (when the module has one and asks for it to be preloaded) */
  preload?: () => Promise<unknown>;
}

export function defineModule<T>(spec: ModuleSpec<T>): Module {
  const ch = spec.load ? chunk(spec.load) : null;
  function drawer<C extends { path: string }>(d: Draw<T, C>): (ctx: C) => JSX.Element {
    if ('view' in d) {
      const view = d.view;
      return (ctx) => <Fragment key={ctx.path}>{view(ctx)}</Fragment>;
    }
    if (!ch) throw new Error(`module ${spec.id}: a lazy page without load()`);
    const Route = ch.Route;
    const lazy = d.lazy;
    return (ctx) => <Route key={ctx.path} page={(x) => lazy(x, ctx)} />;
  }
  return {
    id: spec.id,
    nav: spec.nav,
    collections: spec.collections ?? [],
    pages: (spec.pages ?? []).map((p) => ({
      path: p.path,
      tab: p.tab && { ...p.tab, module: p.tab.module ?? spec.id },
      draw: drawer(p),
    })),
    views: (spec.views ?? []).map((v) => ({ of: v.of, at: v.at, draw: drawer(v) })),
    preload: ch && spec.preload ? ch.load : undefined,
  };
}
