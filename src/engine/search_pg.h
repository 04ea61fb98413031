/*
 * search_pg: search's index on PostgreSQL (docs/postgresql.md "Search"). The same analysis as
 * on SQLite (base/tokens.c: Hangul bigrams and 초성, folded Latin words, the meta tokens of
 * engine/search.c) is stored at write time as postings, one row per (term, index row) with the
 * term's positions (search_postings, migration 0113), and the FTS5 expressions search.c writes
 * are evaluated here the way FTS5 evaluates them: phrases of consecutive tokens, a last token
 * as a prefix, column filters, AND / OR / NOT, NEAR, and FTS5's BM25 with the same column
 * weights (title 10, names 5, body 1, meta 0), the same IDF and document lengths. So a query
 * finds and ranks the same rows on both databases. search.c calls these only when
 * dialect_text_index() is false (PostgreSQL).
 */
#ifndef BP_SEARCH_PG_H
#define BP_SEARCH_PG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "db/db.h"

/* Store an index row: its text columns (title, names, body, meta) as the table search holds
 * them and their postings. rowid is the row's id in search_rows. BP_ERR_DB, BP_ERR_NOMEM. */
BP_MUST_USE enum bp_err search_pg_put(struct db *db, long long rowid, const char *const text[4],
                                      const size_t len[4]);

/* A fill of the index from nothing (search.c's search_fill_if_empty), inside the fill's one
 * transaction: begin drops the postings' foreign key to search(rowid), whose trigger checked
 * every posting as it was written (at 100 000 records an hour instead of three minutes), and
 * end makes it again as it was (its name and definition read from the catalogue), which checks
 * every posting at once; a fill that fails rolls both back with its rows. The index afterwards
 * is the same. *fk (at most SEARCH_PG_FK_SQL bytes each) keeps what end makes again. */
#define SEARCH_PG_FK_SQL 512
struct search_pg_fill {
    char add[SEARCH_PG_FK_SQL]; /* ALTER TABLE … ADD CONSTRAINT …, or "" (none was there) */
};
BP_MUST_USE enum bp_err search_pg_fill_begin(struct db *db, struct search_pg_fill *fk);
BP_MUST_USE enum bp_err search_pg_fill_end(struct db *db, struct search_pg_fill *fk);

/* The rows matching an FTS5 expression (len bytes), in rowid order. */
struct search_pg_match;

/* Evaluate expr: its matching rows. BP_ERR_DB for an expression FTS5 would refuse (as FTS5),
 * BP_ERR_DB, BP_ERR_NOMEM; *out is NULL on failure. */
BP_MUST_USE enum bp_err search_pg_run(struct db *db, const char *expr, size_t len,
                                      struct search_pg_match **out);
/* How many rows match, and their rowids (ascending). */
size_t search_pg_rows(const struct search_pg_match *m, const long long **rowids);
/* SQLite's bpmc_bm25(search, dfs, 10, 5, 1, 0) (db/sqlite.c) of the matching rows whose rowids
 * are given (a subset of search_pg_rows, ascending) into bm25[i] (negative: lower is better),
 * and into own[i] (when not NULL) whether a phrase of the match is in the row's own text: its
 * title, names, meta, or its body before the unit separator (what highlight() shows there on
 * SQLite). dfs: the rows holding each phrase of the expression, in the order of its quoted
 * strings (search.c's phrase_dfs), as bpmc_bm25 takes them: when ndfs is not the expression's
 * number of phrases (or dfs is NULL) every phrase's rows are counted, and so is a phrase whose
 * figure is negative; a figure above the index's rows is the index's rows. The figures are
 * doubles in bpmc_bm25's blob, read byte-wise (a buf's bytes need not be aligned). */
BP_MUST_USE enum bp_err search_pg_score(struct db *db, struct search_pg_match *m, const void *dfs,
                                        size_t ndfs, const long long *rowids, size_t n,
                                        double *bm25, bool *own);
void search_pg_free(struct search_pg_match *m);

/* How many rows match expr, counted up to limit (0: no limit); -1 when expr or the database
 * fails. */
long long search_pg_count(struct db *db, const char *expr, size_t len, long long limit);

#endif
