/*
 * search_int: what search.c shares with the other files of the search engine (search_related.c:
 * the rows related to a text, for matching), not with the rest of the program: the words of a
 * query as the tokenizer cuts them, meta token names, quoting a phrase of an FTS5 expression,
 * the rows holding each phrase for bpmc_bm25, and a PostgreSQL array of rowids.
 */
#ifndef BP_SEARCH_INT_H
#define BP_SEARCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/tokens.h"
#include "db/db.h"

/* BM25 with weights title 10, names 5, body 1, meta 0, and the rows that hold each phrase from
 * search_df (bound to ?7 by phrase_dfs): bpmc_bm25 in db/sqlite.c. */
#define BM25 "bpmc_bm25(search, ?7, 10.0, 5.0, 1.0, 0.0)"

/* FNV-1a of s[0, n): the slot of a process-wide cache (names held, tokens' rows). */
static inline uint64_t token_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* A token of a query: its text, its source bytes [start, end), whether it is a prefix. */
struct qtoken {
    char text[TOKENS_MAX_BYTES];
    size_t len, start, end;
    bool prefix;
};

/* A word: tokens [tok, tok + ntok) of one run, from source bytes [start, end). */
struct qword {
    size_t tok, ntok, start, end;
};

struct parsed {
    struct qtoken tok[SEARCH_TOKENS_MAX];
    size_t ntok;
    struct qword word[SEARCH_TOKENS_MAX];
    size_t nword;
};

/* A name as meta tokens take it: its letters and digits (needs, medicalimaging), into out (at
 * most size bytes, NUL-terminated); its length. */
size_t meta_name(const char *name, size_t len, char *out, size_t size);

/* The tokens and words of text (as the index's tokenizer cuts a query) into p. */
void parse_query(const char *text, size_t len, struct parsed *p);

/* s as a quoted FTS5 phrase (a quote doubled), a prefix phrase when prefix, appended to e. */
void add_quoted(struct buf *e, const char *s, size_t len, bool prefix);

/* For each phrase of the MATCH expression expr, in the order FTS5 numbers them, how many rows
 * hold it: a blob of doubles for bpmc_bm25 into out. */
void phrase_dfs(struct db *db, const char *expr, size_t len, struct buf *out);

/* The rowids as a PostgreSQL array literal ({1,2,3}), into ids. */
void rowid_array(const long long *rowids, size_t n, struct buf *ids);

#endif
