/*
 * search: one full-text index (SQLite FTS5 with our Korean-aware tokenizer, core/tokens.c) over
 * every searchable collection: an entry with a title field and F_SEARCH fields that anyone
 * signed in may read. The engine keeps it in the same transaction as the rows. A query finds
 * what a person typed, also when it is written with another name of a field (인공지능 = AI: the
 * names and synonyms of tags) or with a typo in a Latin word (oncolgy), ranks by BM25 with the
 * title weighing ten times the body and a row's other names five, and never counts or shows a
 * row the caller may not see. docs/search.md tells the whole story.
 */
#ifndef BP_SEARCH_H
#define BP_SEARCH_H

#include <stdbool.h>

#include "base/buf.h"
#include "engine/principal.h"
#include "base/problem.h"
#include "engine/resource.h"
#include "db/db.h"

/* Whether r is indexed. */
bool search_indexed(const struct resource *r);
/* Put row id of r into the index, or take it out; BP_ERR_DB on failure. No-ops for entries
 * that are not indexed. A row owned by an organisation also carries the organisation's names
 * (when it is public), so indexing an organisation whose names or visibility changed indexes
 * its rows again. */
BP_MUST_USE enum bp_err search_index_row(struct db *db, const struct resource *r, long long id);
BP_MUST_USE enum bp_err search_remove_row(struct db *db, const struct resource *r, long long id);
/* Index every row of every indexed entry when the index is empty but rows exist (a new
 * database, one from before the index, or one whose index a migration emptied to rebuild it);
 * *rows gets how many were indexed. */
BP_MUST_USE enum bp_err search_fill_if_empty(struct db *db, long long *rows);
/* Make the index again from the rows (bpmc reindex): empty it, index every row of every indexed
 * entry; *rows gets how many. In the caller's transaction. */
BP_MUST_USE enum bp_err search_rebuild(struct db *db, long long *rows);

/* Search for q (as a person types it) in one collection (NULL: all) for who, limit results,
 * as {"items":[{"collection","id","title","org":{id,name}|null,"snippet"}],"total":N}; the
 * snippet is HTML-escaped text with the matches in <mark>. arena holds the working memory.
 * BP_ERR_DB when the database fails, BP_ERR_TOO_LARGE when out does not hold the answer. */
BP_MUST_USE enum bp_err search_query(struct db *db, struct str q, const struct resource *only,
                                     long long limit, const struct principal *who,
                                     struct arena *arena, struct buf *out);

/* Whether a search on this database may take long enough (more than about a millisecond) to
 * belong on a worker rather than on an event loop: true once the index holds more than
 * inline_rows rows. */
bool search_may_be_slow(struct db *db, long long inline_rows);

/* A row of the index related to a text (matching): its rowid in the index and its id in its
 * collection, the BM25 of the text's words in it as a positive number (higher: more related;
 * 0: none), and how many of the given tags it carries. */
struct search_related {
    long long rowid, id;
    double score;
    unsigned tags;
};

/* The rows of r related to text (a need's title and description, say): those holding one of
 * its distinctive words or parts of words (tokens: BM25 of them; of the tokens some of r's rows
 * hold, but at most a tenth, the SEARCH_RELATED_WORDS rarest are used) and those
 * carrying one of the tags (slugs), into *out in rowid order (allocated from arena, at most
 * SEARCH_RELATED_MAX rows), whoever may see them: the caller checks what it reads. version: the
 * data version the caller read before it asked (http_data_version), under which the rows of a
 * token many rows hold are kept for the next caller; 0: none kept, none used.
 * BP_ERR_DB, BP_ERR_NOMEM. */
BP_MUST_USE enum bp_err search_related(struct db *db, const struct resource *r, const char *text,
                                       size_t len, const char *const *tags, size_t ntags,
                                       unsigned long long version, struct arena *arena,
                                       struct search_related **out, size_t *n);

/* The FTS5 MATCH expression that finds the rows of r whose indexed text has every word of q
 * (as search_query reads words, without synonyms or typo tolerance: a list's q= is a filter),
 * into out (at most size bytes, NUL-terminated); with r, only r's rows (its collection's meta
 * token, so that a common word's rows of other collections are never read), which the caller
 * may check again on the search_rows map. Returns the expression's length, 0 when q has no
 * word to search for (punctuation only). Words that do not fit are left out. */
size_t search_list_match(struct str q, const struct resource *r, char *out, size_t size);

#endif
