// Caches of what views show in place of ids and slugs: tag names for `fields` arrays and the
// titles of referenced rows (reference fields are searched as one types: generic/RefPicker).
// Each is fetched once per page load and shared.
import { useEffect, useState } from 'preact/hooks';
import { pick } from '../i18n';
import { api, type ListAnswer, type Row } from './client';
import { loadModel, model, rowTitle } from './openapi';

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

/** Whether the user may open row id of collection (a link to it works): sure when the caller
 * knows it already (the API expanded the row for them); else once the row has been read (false
 * while unknown and when the API answers 404: invisible or absent). */
export function useRefReadable(
  collection: string | undefined,
  id: number | null,
  sure: boolean,
): boolean {
  const [ok, setOk] = useState(sure);
  useEffect(() => {
    setOk(sure);
    if (sure || !collection || id == null) return undefined;
    let live = true;
    loadRefRow(collection, id).then((r) => {
      if (live) setOk(r !== null);
    });
    return () => {
      live = false;
    };
  }, [collection, id, sure]);
  return ok;
}
