// The API's types, generated from the server's OpenAPI document: `make` writes schema.d.ts from
// `bpmc openapi` with openapi-typescript before tsc checks the pages, so a page that reads a
// field the server no longer has, or reads it as another type, fails the build. Use these where
// code touches a collection's specific fields; the generic views read any collection through the
// model (openapi.ts) instead.
import type { components } from './schema';

type Schemas = components['schemas'];

/** The collections the document describes. */
export type CollectionName = Exclude<keyof Schemas, 'Problem'>;

/** A row of collection K as the server answers it: every field there (null when it is empty). */
export type RowOf<K extends CollectionName> = {
  -readonly [P in keyof Schemas[K]]-?: Exclude<Schemas[K][P], undefined>;
} & { id: number };

/** Field P of collection K, never null (a field the server always fills). */
export type Filled<K extends CollectionName, P extends keyof RowOf<K>> = NonNullable<RowOf<K>[P]>;

/** Names of fields of collection K: a name the schema lacks fails the build. */
export type FieldsOf<K extends CollectionName, P extends keyof RowOf<K>> = P;

/** A row read by code that uses fields P of collection K (typed as the schema says). */
export type RowWith<K extends CollectionName, P extends keyof RowOf<K>> = Record<string, unknown> &
  Pick<RowOf<K>, P> & { id: number; version?: number };
