// What an audit entry changed: its before and after images (JSON text as the server keeps them)
// compared field by field. Pure functions, tested in web/test/audit-diff.test.mjs.

/** One field whose value differs between the two images. */
export interface Change {
  field: string;
  before: unknown;
  after: unknown;
}

/** Bookkeeping columns that change with every write and say nothing to a reader. */
const BOOKKEEPING = new Set(['id', 'version', 'created_at', 'updated_at']);

/** The image of a row as an object, or null when there is none or it is not an object. */
export function parseImage(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string' || !text) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // "", [] and null all read as empty to a person
  const empty = (x: unknown) =>
    x === null || x === undefined || x === '' || (Array.isArray(x) && x.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields that differ, in the order they first appear (before's, then after's new ones).
 * A creation lists every non-empty field of after; a deletion every non-empty one of before. */
export function changes(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): Change[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const img of [before, after])
    for (const k of Object.keys(img ?? {}))
      if (!seen.has(k) && !BOOKKEEPING.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  const out: Change[] = [];
  for (const k of keys) {
    const b = before ? before[k] : undefined;
    const a = after ? after[k] : undefined;
    if (!same(b, a)) out.push({ field: k, before: b ?? null, after: a ?? null });
  }
  return out;
}
