/*
 * search: one full-text index (SQLite FTS5 with our Korean-aware tokenizer, core/tokens.c) over
 * every searchable collection: an entry with a title field and F_SEARCH fields that anyone
 * signed in may read. The engine keeps it in the same transaction as the rows; a query ranks
 * by BM25 with the title weighing ten times the rest, and never counts or shows a row the
 * caller may not see.
 */
#ifndef BP_SEARCH_H
#define BP_SEARCH_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/principal.h"
#include "core/problem.h"
#include "core/resource.h"
#include "db/db.h"

/* Whether r is indexed. */
bool search_indexed(const struct resource *r);
/* Put row id of r into the index, or take it out; BP_ERR_DB on failure. No-ops for entries
 * that are not indexed. */
BP_MUST_USE enum bp_err search_index_row(struct db *db, const struct resource *r, long long id);
BP_MUST_USE enum bp_err search_remove_row(struct db *db, const struct resource *r, long long id);
/* Index every row of every indexed entry when the index is empty but rows exist (a new
 * database, or one from before the index); *rows gets how many were indexed. */
BP_MUST_USE enum bp_err search_fill_if_empty(struct db *db, long long *rows);

/* Search for q (as a person types it) in one collection (NULL: all) for who, limit results,
 * as {"items":[{"collection","id","title","org":{id,name}|null,"snippet"}],"total":N}; the
 * snippet is HTML-escaped text with the matches in <mark>. */
BP_MUST_USE enum bp_err search_query(struct db *db, struct str q, const struct resource *only,
                                     long long limit, const struct principal *who,
                                     struct arena *arena, struct buf *out);

#endif
