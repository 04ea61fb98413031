// The OpenAPI document of the resource table, read once, turned into the model that the generic
// list, detail and form views are drawn from. A collection the server adds later gets pages from
// this alone: labels (title / x-label-en), types, enums, formats, bounds, capabilities
// (filter/sort/search/private/immutable), references, status transitions.
import { knownLabel, pick, publishEnumLabels, type EnumLabels } from '../i18n';
import { request, type Row } from './client';

export interface PropSchema {
  type?: string | string[];
  enum?: string[];
  format?: string;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  title?: string;
  readOnly?: boolean;
  items?: {
    type?: string;
    'x-references'?: string;
    enum?: string[];
    'x-bpmc-enum-labels'?: EnumLabels;
  };
  'x-label-en'?: string;
  'x-capabilities'?: string[];
  'x-references'?: string;
  'x-bpmc-expand'?: string;
  'x-status'?: boolean;
  'x-unit'?: string;
  /** the Korean and English label of each value of an enum or status field */
  'x-bpmc-enum-labels'?: EnumLabels;
  /** the values of an enum only the server writes (a record its workflow keeps) */
  'x-bpmc-server-values'?: string[];
  /** money (x-bpmc-unit KRW), decimal (x-bpmc-scale digits after the point), duration (minutes) */
  'x-bpmc-type'?: string;
  'x-bpmc-unit'?: string;
  'x-bpmc-scale'?: number;
  /** a reference to the record a row is inside: the row is never shown more widely than it,
   * nor shared beyond it (the API refuses both) */
  'x-bpmc-within'?: boolean;
}

export interface CollectionSchema {
  type?: string;
  title?: string;
  properties: Record<string, PropSchema>;
  required?: string[];
  'x-label-en'?: string;
  'x-transitions'?: { from: string; to: string }[];
  'x-status-field'?: string;
  'x-title-field'?: string;
  'x-owner-field'?: string;
  'x-visibility-field'?: string;
  'x-order'?: string[];
  'x-user-writes'?: boolean;
  'x-org-writes'?: boolean;
}

interface Operation {
  parameters?: ({ in: string; name: string } | { $ref: string })[];
}

/** The access rules the server publishes for a collection (only what the views use). */
interface Access {
  /** the other organisation of a row shared by two (a request's partner): it writes too */
  party_field?: string | null;
  /** who may read the collection at all: public, signed-in or operator */
  read?: string;
  /** ?q= goes through the search index (초성, Korean words), not a plain LIKE */
  search?: boolean;
  /** the row's private / cluster / public field, if it has one */
  visibility_field?: string | null;
  /** the roles that may change it (rows aside): an organisation's official record its admins */
  write_roles?: string[];
}

interface OpenApiDoc {
  info?: { title?: string };
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, CollectionSchema> };
}

export type FieldKind =
  | 'text'
  | 'longtext'
  | 'enum'
  | 'integer'
  | 'number'
  | 'money'
  | 'decimal'
  | 'duration'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'tags'
  /** a list of references (REFS): ids as digits, each of a row of `references` */
  | 'refs'
  | 'list'
  | 'email'
  | 'uri'
  | 'phone'
  | 'brn';

export interface Field {
  name: string;
  schema: PropSchema;
  kind: FieldKind;
  labelKo: string;
  labelEn: string;
  nullable: boolean;
  required: boolean;
  readOnly: boolean;
  filter: boolean;
  sort: boolean;
  search: boolean;
  private: boolean;
  immutable: boolean;
  /** only operators may set it (x-capabilities "operator") */
  operatorOnly: boolean;
  references?: string;
  /** a reference whose title is part of this row (x-bpmc-expand "with-row"): shown to this
   * row's readers, who may not read the referenced row itself */
  namedRef?: boolean;
  enumValues?: string[];
  /** values only the server writes (x-bpmc-server-values): a form never offers them */
  serverValues?: string[];
  isStatus: boolean;
  /** the list filters it by a range: `?<name>_from=&<name>_to=` */
  range: boolean;
  /** digits after the point of a decimal */
  scale?: number;
}

export interface Collection {
  name: string;
  schema: CollectionSchema;
  labelKo: string;
  labelEn: string;
  fields: Field[];
  byName: Record<string, Field>;
  titleField: string;
  statusField?: string;
  ownerField?: string;
  /** a row's second organisation, which may write it too (x-bpmc-access party_field) */
  partyField?: string;
  transitions: { from: string; to: string }[];
  canList: boolean;
  canCreate: boolean;
  canPatch: boolean;
  canDelete: boolean;
  /** Signed-in users change their own rows (API tokens); other writes are for operators. */
  userWrites: boolean;
  /** Members change their own organisation's rows (ownerField); operators everything. */
  orgWrites: boolean;
  /** Only operators read it (x-bpmc-access read "operator"): not offered to anyone else. */
  operatorRead: boolean;
  /** ?q= goes through the search index, which matches 초성 (x-bpmc-access search) */
  searchIndexed: boolean;
  /** who may read the collection at all: public, signed-in or operator (x-bpmc-access read) */
  readRule?: string;
  /** the row's private / cluster / public field (x-bpmc-access visibility_field) */
  visibilityField?: string;
  /** Only signed-in callers read it (x-bpmc-access read "signed-in"): not offered to visitors. */
  signedInRead: boolean;
  /** The roles that may write it at all (x-bpmc-access write_roles), when the server says. */
  writeRoles?: string[];
}

const META = new Set(['id', 'created_at', 'updated_at', 'version']);

function fieldKind(name: string, p: PropSchema): FieldKind {
  const types = Array.isArray(p.type) ? p.type : [p.type];
  if (types.includes('array')) {
    const target = p.items?.['x-references'];
    return target === 'tags' ? 'tags' : target ? 'refs' : 'list';
  }
  if (types.includes('boolean')) return 'boolean';
  if (types.includes('integer') || types.includes('number')) {
    if (p['x-references']) return 'reference';
    if (p['x-bpmc-type'] === 'money') return 'money';
    if (p['x-bpmc-type'] === 'decimal') return 'decimal';
    if (p['x-bpmc-type'] === 'duration') return 'duration';
    const money =
      p.format === 'krw' ||
      p['x-unit'] === 'KRW' ||
      /\(원\)/.test(p.title ?? '') ||
      /\bKRW\b/.test(p['x-label-en'] ?? '');
    if (money) return 'money';
    return types.includes('integer') ? 'integer' : 'number';
  }
  if (p.enum) return 'enum';
  switch (p.format) {
    case 'date':
      return 'date';
    case 'date-time':
      return 'datetime';
    case 'email':
      return 'email';
    case 'uri':
      return 'uri';
    case 'phone-kr':
      return 'phone';
    case 'brn-kr':
      return 'brn';
  }
  if ((p.maxLength ?? 0) > 300 || name === 'description') return 'longtext';
  return 'text';
}

function labelOf(name: string, p: PropSchema): [string, string] {
  const fallback: Record<string, [string, string]> = {
    id: ['번호', 'No.'],
    created_at: ['등록일', 'Created'],
    updated_at: ['수정일', 'Updated'],
    version: ['버전', 'Version'],
  };
  const f = fallback[name];
  return [p.title ?? f?.[0] ?? name, p['x-label-en'] ?? f?.[1] ?? p.title ?? name];
}

function buildCollection(name: string, doc: OpenApiDoc): Collection | null {
  const schema = doc.components.schemas[name];
  if (!schema || !schema.properties) return null;
  const listPath = doc.paths[`${API_PREFIX}/${name}`] ?? {};
  const itemPath = doc.paths[`${API_PREFIX}/${name}/{id}`] ?? {};
  const required = new Set(schema.required ?? []);
  const params = new Set(
    ((listPath as { get?: Operation }).get?.parameters ?? []).map((x) =>
      'name' in x ? x.name : '',
    ),
  );
  const names = Object.keys(schema.properties);
  const fields: Field[] = names.map((n) => {
    const p = schema.properties[n];
    const caps = new Set(p['x-capabilities'] ?? []);
    const types = Array.isArray(p.type) ? p.type : [p.type];
    const [labelKo, labelEn] = labelOf(n, p);
    return {
      name: n,
      schema: p,
      kind: fieldKind(n, p),
      labelKo,
      labelEn,
      nullable: types.includes('null'),
      required: required.has(n),
      readOnly: !!p.readOnly || META.has(n),
      filter: caps.has('filter'),
      sort: caps.has('sort'),
      search: caps.has('search'),
      private: caps.has('private'),
      immutable: caps.has('immutable'),
      operatorOnly: caps.has('operator'),
      references: p['x-references'] ?? p.items?.['x-references'],
      namedRef: p['x-bpmc-expand'] === 'with-row',
      enumValues: p.enum ?? p.items?.enum,
      serverValues: p['x-bpmc-server-values'],
      isStatus: !!p['x-status'] || schema['x-status-field'] === n,
      // every list takes created_at/updated_at ranges; the generic filters show declared ones
      range:
        !META.has(n) && (caps.has('range') || (params.has(`${n}_from`) && params.has(`${n}_to`))),
      scale: p['x-bpmc-scale'],
    };
  });
  const byName: Record<string, Field> = {};
  for (const f of fields) {
    byName[f.name] = f;
    const labels = f.schema['x-bpmc-enum-labels'] ?? f.schema.items?.['x-bpmc-enum-labels'];
    if (labels) publishEnumLabels(name, f.name, labels);
  }
  const titleField =
    schema['x-title-field'] ??
    ['name', 'title', 'name_ko', 'slug'].find((n) => n in byName) ??
    'id';
  const c: Collection = {
    name,
    schema,
    labelKo: schema.title ?? name,
    labelEn: schema['x-label-en'] ?? schema.title ?? name,
    fields,
    byName,
    titleField,
    statusField: schema['x-status-field'],
    ownerField: schema['x-owner-field'],
    partyField:
      (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.party_field ?? undefined,
    transitions: schema['x-transitions'] ?? [],
    canList: 'get' in listPath,
    canCreate: 'post' in listPath,
    canPatch: 'patch' in itemPath,
    canDelete: 'delete' in itemPath,
    userWrites: !!schema['x-user-writes'],
    orgWrites: !!schema['x-org-writes'],
    operatorRead: (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.read === 'operator',
    searchIndexed: (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.search === true,
    readRule: (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.read,
    visibilityField:
      (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.visibility_field ?? undefined,
    signedInRead: (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.read === 'signed-in',
    writeRoles: (listPath as { 'x-bpmc-access'?: Access })['x-bpmc-access']?.write_roles,
  };
  orderFields(c, schema['x-order'] ?? null);
  return c;
}

const API_PREFIX = '/api/v1';

/* The document lists properties in alphabetical order; the order of the resource table is the
 * one people expect (name before address). It comes from `x-order` when the server sends it, or
 * from the key order of a row (the server writes rows in table order), learned on first sight. */
function orderFields(c: Collection, order: string[] | null): void {
  const rank = new Map<string, number>();
  if (order) order.forEach((n, i) => rank.set(n, i));
  const base = (f: Field) => {
    if (rank.has(f.name)) return rank.get(f.name)!;
    if (f.name === 'id') return -3;
    if (f.name === c.titleField) return -2;
    if (f.name === `${c.titleField}_en` || f.name === c.titleField.replace(/_ko$/, '_en'))
      return -1;
    if (f.name === 'created_at') return 10001;
    if (f.name === 'updated_at') return 10002;
    if (f.name === 'version') return 10003;
    return order ? 9999 : 5000;
  };
  c.fields.sort((a, b) => base(a) - base(b));
}

const learned = new Set<string>();

/** Take the field order from a row of the collection (once). */
export function learnOrder(c: Collection, row: Row | undefined): void {
  if (!row || learned.has(c.name) || c.schema['x-order']) return;
  learned.add(c.name);
  orderFields(
    c,
    Object.keys(row).filter((k) => k in c.byName),
  );
}

/** Make sure the field order is known (fetches one row when it is not). */
export async function ensureOrder(c: Collection): Promise<void> {
  if (learned.has(c.name) || c.schema['x-order'] || !c.canList) return;
  try {
    const a = await request<{ items: Row[] }>('GET', c.name, { query: { limit: 1 } });
    learnOrder(c, a.data.items[0]);
  } catch {
    /* keep the default order */
  }
}

export interface Model {
  collections: Record<string, Collection>;
  names: string[];
}

let modelPromise: Promise<Model> | null = null;
let modelValue: Model | null = null;

/** The model, loaded once per page (retried after a failure). */
export function loadModel(): Promise<Model> {
  if (!modelPromise) {
    modelPromise = request<OpenApiDoc>('GET', `${API_PREFIX}/openapi.json`)
      .then((a) => {
        const doc = a.data;
        const collections: Record<string, Collection> = {};
        const names: string[] = [];
        for (const path of Object.keys(doc.paths)) {
          const m = /^\/api\/v1\/([a-z0-9-]+)$/.exec(path);
          if (!m || m[1] === 'session' || m[1] === 'search') continue;
          const c = buildCollection(m[1], doc);
          if (c) {
            collections[c.name] = c;
            names.push(c.name);
          }
        }
        modelValue = { collections, names };
        return modelValue;
      })
      .catch((e) => {
        modelPromise = null;
        throw e;
      });
  }
  return modelPromise;
}

export function model(): Model | null {
  return modelValue;
}

export function collectionLabel(c: Collection): string {
  return pick(c.labelKo, c.labelEn);
}

export function fieldLabel(f: Field): string {
  return pick(f.labelKo, f.labelEn);
}

/** The title of a row: its x-title-field, or the English twin (`name_en`, `title_en`) in English. */
export function rowTitle(c: Collection | undefined, row: Row | null | undefined): string {
  if (!row) return '';
  const tf = c?.titleField ?? (['name', 'title', 'name_ko'].find((n) => n in row) || 'id');
  const ko = row[tf];
  const enKey = tf.endsWith('_ko') ? tf.replace(/_ko$/, '_en') : `${tf}_en`;
  const enV = row[enKey];
  const s = pick(
    typeof ko === 'string' ? ko : ko == null ? '' : String(ko),
    typeof enV === 'string' ? enV : null,
  );
  return (c && typeof ko === 'string' && knownLabel(c.name, tf, ko)) || s || `#${row.id}`;
}
