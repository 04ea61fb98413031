// Caches of what views show in place of ids and slugs: tag names for `fields` arrays, the titles
// of referenced rows, and the options of small referenced collections (for selects). Each is
// fetched once per page load and shared.
import { useEffect, useState } from 'preact/hooks';
import { pick } from '../i18n';
import { api, type ListAnswer, type Row } from './client';
import { loadModel, model, rowTitle } from './openapi';

/** Referenced collections up to this size become a select; larger ones a number input. */
export const SMALL_COLLECTION = 200;

let tagsPromise: Promise<Map<string, Row>> | null = null;

export function loadTags(): Promise<Map<string, Row>> {
  if (!tagsPromise) {
    tagsPromise = (async () => {
      const map = new Map<string, Row>();
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const a: ListAnswer = await api.list('tags', { limit: 200, sort: 'name_ko', cursor });
        for (const r of a.items) map.set(String(r.slug), r);
        cursor = a.next_cursor;
        if (!cursor) break;
      }
      return map;
    })().catch((e) => {
      tagsPromise = null;
      throw e;
    });
  }
  return tagsPromise;
}

export function useTags(): Map<string, Row> | null {
  const [tags, setTags] = useState<Map<string, Row> | null>(null);
  useEffect(() => {
    let live = true;
    loadTags()
      .then((m) => live && setTags(m))
      .catch(() => live && setTags(new Map()));
    return () => {
      live = false;
    };
  }, []);
  return tags;
}

export function tagLabel(tags: Map<string, Row> | null, slug: string): string {
  const r = tags?.get(slug);
  if (!r) return slug;
  return pick(String(r.name_ko ?? slug), String(r.name_en ?? ''));
}

export interface RefOption {
  id: number;
  row: Row;
}

const optionCache = new Map<string, Promise<RefOption[] | null>>();

/** All rows of a small collection (null when it has more than SMALL_COLLECTION rows). */
export function loadRefOptions(collection: string): Promise<RefOption[] | null> {
  let p = optionCache.get(collection);
  if (!p) {
    p = (async () => {
      const m = await loadModel();
      const c = m.collections[collection];
      const tf = c?.titleField;
      const sort = c && tf && c.byName[tf]?.sort ? tf : undefined;
      const a = await api.list(collection, { limit: SMALL_COLLECTION, sort });
      if (a.total > SMALL_COLLECTION || a.next_cursor) return null;
      return a.items.map((row) => ({ id: row.id, row }));
    })().catch(() => {
      optionCache.delete(collection);
      return null;
    });
    optionCache.set(collection, p);
  }
  return p;
}

export function useRefOptions(collection: string | undefined): RefOption[] | null | undefined {
  const [opts, setOpts] = useState<RefOption[] | null | undefined>(undefined);
  useEffect(() => {
    if (!collection) return undefined;
    let live = true;
    loadRefOptions(collection).then((o) => live && setOpts(o));
    return () => {
      live = false;
    };
  }, [collection]);
  return opts;
}

const titleCache = new Map<string, Promise<Row | null>>();

export function loadRefRow(collection: string, id: number): Promise<Row | null> {
  const key = `${collection}/${id}`;
  let p = titleCache.get(key);
  if (!p) {
    p = api
      .get(collection, id)
      .then((a) => a.data)
      .catch(() => null);
    titleCache.set(key, p);
  }
  return p;
}

/** Forget cached rows and options of a collection after it changed. */
export function invalidateRefs(collection: string): void {
  optionCache.delete(collection);
  for (const k of [...titleCache.keys()]) if (k.startsWith(`${collection}/`)) titleCache.delete(k);
  if (collection === 'tags') tagsPromise = null;
}

/** The title of a referenced row (fetched when not already known), in the current language. */
export function useRefTitle(collection: string | undefined, id: number | null, known?: string) {
  const [row, setRow] = useState<Row | null>(null);
  useEffect(() => {
    if (known || !collection || id == null) return undefined;
    let live = true;
    Promise.all([loadModel(), loadRefRow(collection, id)]).then(([, r]) => {
      if (live) setRow(r);
    });
    return () => {
      live = false;
    };
  }, [collection, id, known]);
  if (known) return known;
  const m = model();
  return row && collection ? rowTitle(m?.collections[collection], row) : null;
}
