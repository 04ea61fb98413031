/*
 * search_related: the rows of a collection related to a text (matching's candidates), from the
 * search index of engine/search.c: the text's distinctive tokens (the rarest of those a part of
 * the collection holds, counted once per index size class in a process-wide cache) as one OR
 * expression ranked by BM25, merged by rowid with the rows carrying the text's tags.
 */
#include "engine/search.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/dialect.h"
#include "engine/search_int.h"
#include "engine/search_pg.h"
#include "base/banned.h"

/* In a large collection, the candidates of one matching: of the rows holding the text's rarest
 * tokens while they add up to about RELATED_TEXT_ROWS (the rarest whatever its rows), the best
 * RELATED_TEXT_TOP by BM25, and the rows carrying its tags up to the RELATED_TAG_ROWS-th. In a
 * collection of a few hundred rows (the judged sets of tests/search) no bound is reached. */
#define RELATED_TEXT_ROWS 2000
#define RELATED_TEXT_TOP 500
#define RELATED_TAG_ROWS 500
/* When every token of the text is held by more than RELATED_TEXT_ROWS rows of a large
 * collection, the rows of at most this many of the title's and of the others' (the rarest in the
 * whole index first) are counted, not the rows of every token. */
#define RELATED_BROAD_TRIES 4

/* How many rows of the index hold a token, counted up to a bound: a cache shared by every
 * thread (a slot per token hash; a collision replaces), valid for an index size class, so a
 * matching reads each common token's posting list once, not at every request. */

struct token_count {
    char text[TOKENS_MAX_BYTES];
    size_t len;
    const struct resource *r;
    long long rows, size_class, bound;
};

static pthread_mutex_t token_lock = PTHREAD_MUTEX_INITIALIZER;
static struct token_count *token_counts;

/* How many rows of r hold the token t, counted up to bound (coll: r's meta name); -1 when the
 * database fails. */
static long long token_rows(struct db *db, const struct qtoken *t, const struct resource *r,
                            const char *coll, long long size_class, long long bound)
{
    /* a slot per bound too: a common token is counted up to two bounds, each kept */
    size_t slot = (size_t)((token_hash(t->text, t->len) ^ (uintptr_t)r ^
                            ((uint64_t)bound * 0x9E3779B97F4A7C15ULL)) % TOKEN_COUNTS);
    long long rows = -1;
    pthread_mutex_lock(&token_lock);
    if (!token_counts)
        token_counts = calloc(TOKEN_COUNTS, sizeof(*token_counts)); /* lives as long as the process */
    struct token_count *c = token_counts ? &token_counts[slot] : NULL;
    if (c && c->r == r && c->len == t->len && memcmp(c->text, t->text, t->len) == 0 &&
        c->size_class == size_class && c->bound == bound)
        rows = c->rows;
    pthread_mutex_unlock(&token_lock);
    if (rows >= 0)
        return rows;
    char expr[TOKENS_MAX_BYTES + 160];
    struct db_stmt *st;
    snprintf(expr, sizeof(expr), "\"%.*s\" AND meta : \"0c%s\"", (int)t->len, t->text, coll);
    if (!dialect_fts5()) {
        rows = search_pg_count(db, expr, strlen(expr), bound);
    } else if (!db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)", &st)) {
        db_bind_text(st, 1, expr, strlen(expr));
        db_bind_int(st, 2, bound);
        if (db_step(st) == DB_ROW)
            rows = db_column_int(st, 0);
        db_reset(st);
    }
    if (rows < 0)
        return -1; /* the database failed: not counted, not kept */
    pthread_mutex_lock(&token_lock);
    if (c) {
        *c = (struct token_count){.len = t->len, .r = r, .rows = rows, .size_class = size_class,
                                  .bound = bound};
        memcpy(c->text, t->text, t->len);
    }
    pthread_mutex_unlock(&token_lock);
    return rows;
}

/* A text row by its BM25 (lower: better) for the best top of them. */
struct ranked {
    double bm25;
    long long rowid;
    size_t at;
};

static int by_bm25(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->bm25 != y->bm25)
        return x->bm25 < y->bm25 ? -1 : 1;
    return x->rowid < y->rowid ? -1 : (x->rowid > y->rowid);
}

static int by_at(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    return x->at < y->at ? -1 : (x->at > y->at);
}

/* What related_merge adds: text rows with their BM25; rows carrying a tag, one more tag each;
 * the same with the BM25 of the text's words for a row not among the text rows (the expression
 * ORs them in: the meta column weighs 0). */
enum merging { MERGE_TEXT, MERGE_TAG, MERGE_TAG_SCORED };

/* related_merge on PostgreSQL: the rows of expr and their BM25 from search_pg.c. */
static enum bp_err related_merge_pg(struct db *db, const struct buf *expr, enum merging how,
                                    long long upto, size_t top, struct arena *arena,
                                    struct search_related *rel, size_t *n)
{
    struct search_pg_match *m;
    const long long *rows;
    struct buf ids;
    struct db_stmt *st;
    enum bp_err e = search_pg_run(db, expr->data, expr->len, &m);
    if (e)
        return e;
    buf_init(&ids, NULL, (size_t)1 << 28);
    size_t nrows = search_pg_rows(m, &rows);
    while (nrows > 0 && rows[nrows - 1] > upto)
        nrows--;
    rowid_array(rows, nrows, &ids);
    struct search_related *got = arena_alloc(arena, sizeof(*got) * SEARCH_RELATED_MAX);
    long long *rowids = arena_alloc(arena, sizeof(*rowids) * SEARCH_RELATED_MAX);
    double *bm25 = arena_alloc(arena, sizeof(*bm25) * SEARCH_RELATED_MAX);
    size_t had = *n, i = 0, ngot = 0;
    struct search_related *old = arena_alloc(arena, sizeof(*old) * (had + 1));
    e = !got || !rowids || !bm25 || !old || ids.failed
            ? BP_ERR_NOMEM
            : db_prepare(db, "SELECT m.rowid, m.row_id FROM search_rows m WHERE m.rowid = "
                             "ANY(?1::bigint[]) ORDER BY m.rowid LIMIT ?2",
                         &st);
    if (!e) {
        db_bind_text(st, 1, ids.data, ids.len);
        db_bind_int(st, 2, SEARCH_RELATED_MAX);
        enum db_step s;
        while ((s = db_step(st)) == DB_ROW && ngot < SEARCH_RELATED_MAX) {
            rowids[ngot] = db_column_int(st, 0);
            got[ngot] = (struct search_related){rowids[ngot], db_column_int(st, 1), 0, 0};
            ngot++;
        }
        db_reset(st);
        e = s == DB_FAIL ? BP_ERR_DB : BP_OK;
    }
    struct buf dfs; /* as related_merge binds them to bpmc_bm25 */
    buf_init(&dfs, arena, sizeof(double) * 1024);
    bool text = how == MERGE_TEXT;
    if (!e && how != MERGE_TAG && ngot)
        phrase_dfs(db, expr->data, expr->len, &dfs);
    if (!e && how != MERGE_TAG)
        e = search_pg_score(db, m, dfs.failed ? NULL : dfs.data,
                            dfs.len / sizeof(double), rowids, ngot, bm25, NULL);
    buf_release(&ids);
    search_pg_free(m);
    if (e)
        return e;
    if (text && top && ngot > top) { /* the best top by BM25, as the SQLite statement keeps them */
        struct ranked *rk = arena_alloc(arena, sizeof(*rk) * ngot);
        if (!rk)
            return BP_ERR_NOMEM;
        for (size_t j = 0; j < ngot; j++)
            rk[j] = (struct ranked){bm25[j], rowids[j], j};
        qsort(rk, ngot, sizeof(*rk), by_bm25);
        qsort(rk, top, sizeof(*rk), by_at);
        for (size_t j = 0; j < top; j++) {
            got[j] = got[rk[j].at];
            bm25[j] = bm25[rk[j].at];
        }
        ngot = top;
    }
    memcpy(old, rel, sizeof(*old) * had);
    *n = 0;
    for (size_t j = 0; j < ngot && *n < SEARCH_RELATED_MAX; j++) {
        long long rowid = got[j].rowid;
        while (i < had && old[i].rowid < rowid && *n < SEARCH_RELATED_MAX)
            rel[(*n)++] = old[i++];
        struct search_related x = got[j];
        if (i < had && old[i].rowid == rowid)
            x = old[i++];
        if (text || (how == MERGE_TAG_SCORED && x.score == 0 && !x.tags))
            x.score = -bm25[j];
        if (!text)
            x.tags++;
        if (*n < SEARCH_RELATED_MAX)
            rel[(*n)++] = x;
    }
    while (i < had && *n < SEARCH_RELATED_MAX)
        rel[(*n)++] = old[i++];
    return BP_OK;
}

/* Add the rows of expr up to rowid upto (rowid order) to rel, merged by rowid: text rows get
 * their BM25 (only the best top of them by it), tag rows one more shared tag. */
static enum bp_err related_merge(struct db *db, const struct buf *expr, enum merging how, long long upto,
                                 size_t top, struct arena *arena, struct search_related *rel,
                                 size_t *n)
{
    if (!dialect_fts5()) /* PostgreSQL: search_pg.c */
        return related_merge_pg(db, expr, how, upto, top, arena, rel, n);
    struct db_stmt *st;
    bool text = how == MERGE_TEXT;
    enum bp_err e = db_prepare(db, text ? "SELECT s.rowid, x.row_id, s.score FROM (SELECT search.rowid "
                                          "AS rowid, " BM25 " AS score FROM search WHERE search "
                                          "MATCH ?1 AND search.rowid <= ?2 ORDER BY 2, 1 LIMIT ?3) s "
                                          "CROSS JOIN search_rows x ON x.rowid=s.rowid ORDER BY 1"
                                 : how == MERGE_TAG_SCORED
                                     ? "SELECT search.rowid, x.row_id, " BM25 " FROM search "
                                       "CROSS JOIN search_rows x ON x.rowid=search.rowid "
                                       "WHERE search MATCH ?1 AND search.rowid <= ?2"
                                     : "SELECT search.rowid, x.row_id, 0 FROM search "
                                       "CROSS JOIN search_rows x ON x.rowid=search.rowid "
                                       "WHERE search MATCH ?1 AND search.rowid <= ?2",
                               &st);
    if (e)
        return e;
    size_t had = *n, i = 0;
    struct search_related *old = arena_alloc(arena, sizeof(*old) * (had + 1));
    if (!old) {
        db_reset(st);
        return BP_ERR_NOMEM;
    }
    memcpy(old, rel, sizeof(*old) * had);
    *n = 0;
    db_bind_text(st, 1, expr->data, expr->len);
    db_bind_int(st, 2, upto);
    if (text)
        db_bind_int(st, 3, top ? (long long)top : -1);
    if (how != MERGE_TAG) {
        struct buf dfs;
        buf_init(&dfs, arena, sizeof(double) * 1024);
        phrase_dfs(db, expr->data, expr->len, &dfs);
        if (dfs.failed)
            db_bind_null(st, 7);
        else
            db_bind_blob(st, 7, dfs.data, dfs.len);
    }
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && *n < SEARCH_RELATED_MAX) {
        long long rowid = db_column_int(st, 0);
        while (i < had && old[i].rowid < rowid && *n < SEARCH_RELATED_MAX)
            rel[(*n)++] = old[i++];
        struct search_related x = {rowid, db_column_int(st, 1), 0, 0};
        if (i < had && old[i].rowid == rowid)
            x = old[i++];
        /* bm25 is a REAL: read it as text for precision */
        if (text || (how == MERGE_TAG_SCORED && x.score == 0 && !x.tags))
            x.score = -strtod(db_column_text(st, 2, NULL), NULL);
        if (!text)
            x.tags++;
        if (*n < SEARCH_RELATED_MAX)
            rel[(*n)++] = x;
    }
    db_reset(st);
    while (i < had && *n < SEARCH_RELATED_MAX)
        rel[(*n)++] = old[i++];
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* A token of the text (its index in the parsed text) and the rows holding it. */
struct tok_rows {
    size_t tok;
    long long rows;
};

/* Add token tok held by rows rows to list[0, *n), kept rarest first. */
static void add_rarest(struct tok_rows *list, size_t *n, size_t tok, long long rows)
{
    size_t at = (*n)++;
    while (at > 0 && list[at - 1].rows > rows) {
        list[at] = list[at - 1];
        at--;
    }
    list[at] = (struct tok_rows){tok, rows};
}

static bool same_token(const struct qtoken *a, const struct qtoken *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* How many rows of the whole index hold the token, by its vocabulary (search_df); -1 when the
 * database fails. */
static long long index_docs(struct db *db, const struct qtoken *t)
{
    struct db_stmt *st;
    long long docs = 0;
    if (db_prepare(db, "SELECT docs FROM search_df WHERE term = ?1", &st))
        return -1;
    db_bind_text(st, 1, t->text, t->len);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        docs = db_column_int(st, 0);
    db_reset(st);
    return s == DB_FAIL ? -1 : docs;
}

/* The text rows of the broad expressions (a token held by more rows than the candidates take),
 * process-wide (a slot per expression hash; a collision replaces), each with the data version
 * the caller read before it asked (http_data_version: every commit moves it), so that a row
 * written since, even under the rowid it had (on SQLite search_rows.rowid is reused: the newest
 * row re-indexed is deleted and inserted again under the index's largest rowid), makes them asked
 * again. A need whose every token is common asks for one token's rows, the same for many needs:
 * the BM25 of thousands of rows (8 ms at a million rows) is then read once per data version, not
 * at every matching. A row deleted since is no longer found when read (the caller reads every
 * row). 256 slots of at most RELATED_TEXT_TOP rows (16 KB each; 64 slots thrashed on the titles
 * of 400 needs at a million rows). */
#define RELATED_KEPT 256
struct related_kept {
    char expr[256];
    size_t len;
    unsigned long long version;
    struct search_related *rows; /* malloc'd, n of them */
    size_t n;
};
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static struct related_kept kept[RELATED_KEPT];

/* The kept rows of expr into rel (*n of them), when kept at data version version. */
static bool kept_get(const struct buf *expr, unsigned long long version, struct search_related *rel,
                     size_t *n)
{
    struct related_kept *k = &kept[token_hash(expr->data, expr->len) % RELATED_KEPT];
    bool hit = false;
    pthread_mutex_lock(&kept_lock);
    if (k->rows && k->len == expr->len && k->version == version &&
        memcmp(k->expr, expr->data, expr->len) == 0) {
        memcpy(rel, k->rows, sizeof(*rel) * k->n);
        *n = k->n;
        hit = true;
    }
    pthread_mutex_unlock(&kept_lock);
    return hit;
}

static void kept_put(const struct buf *expr, unsigned long long version, const struct search_related *rel,
                     size_t n)
{
    if (expr->len > sizeof(kept[0].expr) || version == 0)
        return;
    struct search_related *copy = malloc(sizeof(*copy) * (n ? n : 1));
    if (!copy)
        return; /* not kept: asked again next time */
    memcpy(copy, rel, sizeof(*copy) * n);
    struct related_kept *k = &kept[token_hash(expr->data, expr->len) % RELATED_KEPT];
    pthread_mutex_lock(&kept_lock);
    struct search_related *old = k->rows; /* freed outside the lock */
    k->rows = copy;
    k->n = n;
    k->len = expr->len;
    k->version = version;
    memcpy(k->expr, expr->data, expr->len);
    pthread_mutex_unlock(&kept_lock);
    free(old);
}

/* The rowid of the k-th row (from 1, in index order) matching expr into *out, LLONG_MAX when
 * fewer rows match. */
static enum bp_err nth_rowid(struct db *db, const struct buf *expr, long long k, long long *out)
{
    struct db_stmt *st;
    *out = LLONG_MAX;
    if (!dialect_fts5()) { /* PostgreSQL: search_pg.c */
        struct search_pg_match *m;
        const long long *rows;
        enum bp_err e = search_pg_run(db, expr->data, expr->len, &m);
        if (e)
            return e;
        if (search_pg_rows(m, &rows) >= (size_t)k)
            *out = rows[k - 1];
        search_pg_free(m);
        return BP_OK;
    }
    enum bp_err e = db_prepare(db, "SELECT rowid FROM search WHERE search MATCH ?1 LIMIT 1 OFFSET ?2", &st);
    if (e)
        return e;
    db_bind_text(st, 1, expr->data, expr->len);
    db_bind_int(st, 2, k - 1);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        *out = db_column_int(st, 0);
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

enum bp_err search_related(struct db *db, const struct resource *r, const char *text, size_t len,
                           const char *const *tags, size_t ntags, unsigned long long version,
                           struct arena *arena, struct search_related **out, size_t *n)
{
    struct parsed *p = arena_alloc(arena, sizeof(*p));
    struct search_related *rel = arena_alloc(arena, sizeof(*rel) * SEARCH_RELATED_MAX);
    struct buf expr;
    long long rows = 0, broad;
    char coll[128], name[128];
    *out = rel;
    *n = 0;
    if (!p || !rel)
        return BP_ERR_NOMEM;
    buf_init(&expr, arena, SEARCH_EXPR_MAX);
    meta_name(r->name, strlen(r->name), coll, sizeof(coll));
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT coalesce(max(row_id),0) FROM search_rows WHERE collection=?1", &st);
    if (e)
        return e;
    db_bind_text(st, 1, r->name, strlen(r->name));
    enum db_step got = db_step(st);
    if (got == DB_ROW)
        rows = db_column_int(st, 0); /* about how many rows r has */
    db_reset(st);
    if (got == DB_FAIL)
        return BP_ERR_DB;
    broad = rows / 10 > 20 ? rows / 10 : 20;

    /* the distinctive tokens (bigrams of Hangul, Latin words): once each, held by some rows of
     * r but at most a tenth of them, the rarest SEARCH_RELATED_WORDS of those; a part of a
     * compound counts, as in a person's reading */
    parse_query(text, len, p);
    const char *nl = memchr(text, '\n', len);
    size_t title_end = nl ? (size_t)(nl - text) : len;
    struct tok_rows pick[SEARCH_TOKENS_MAX] = {{0, 0}}, over[SEARCH_TOKENS_MAX] = {{0, 0}};
    size_t npick = 0, nover = 0;
    /* counted up to the most the candidates take (below): a token past it is of no use while
     * another is within it */
    long long within = broad < RELATED_TEXT_ROWS ? broad : RELATED_TEXT_ROWS;
    for (size_t k = 0; k < p->ntok; k++) {
        bool seen = false;
        for (size_t j = 0; j < npick && !seen; j++)
            seen = same_token(&p->tok[pick[j].tok], &p->tok[k]);
        for (size_t j = 0; j < nover && !seen; j++)
            seen = same_token(&p->tok[over[j].tok], &p->tok[k]);
        long long hits = seen ? 0 : token_rows(db, &p->tok[k], r, coll, rows / 1024, within + 1);
        long long docs = hits > within && broad > within ? index_docs(db, &p->tok[k]) : 0;
        if (hits < 0 || docs < 0)
            return BP_ERR_DB;
        if (hits > within && broad > within) /* held by many: the index's count of it (search_df) */
            add_rarest(over, &nover, k, p->tok[k].end <= title_end ? docs : docs + LLONG_MAX / 2);
        else if (hits > 0 && hits <= within)
            add_rarest(pick, &npick, k, hits);
    }
    /* in a large collection, when each token is held by more rows than that: the first that
     * at most a tenth of r holds of the title's tokens (what the text asks for), then of the
     * others', each rarest in the whole index first, RELATED_BROAD_TRIES of each counted */
    for (size_t j = 0, tries[2] = {0, 0}; npick == 0 && j < nover; j++) {
        bool in_title = p->tok[over[j].tok].end <= title_end;
        if (tries[in_title]++ >= RELATED_BROAD_TRIES)
            continue;
        long long hits = token_rows(db, &p->tok[over[j].tok], r, coll, rows / 1024, broad + 1);
        if (hits < 0)
            return BP_ERR_DB;
        if (hits > 0 && hits <= broad)
            add_rarest(pick, &npick, over[j].tok, hits);
    }
    /* the first line (a title) says what the text is about: its tokens count twice (BM25 sums
     * over the phrases of the expression, a phrase named twice adds twice); the rarest first,
     * while the rows holding them add up to at most RELATED_TEXT_ROWS (the rarest whatever its
     * rows): in a large collection a token a tenth of it holds says little and costs most */
    struct buf words;
    long long held = 0;
    buf_init(&words, arena, SEARCH_EXPR_MAX);
    for (size_t j = 0; j < npick && j < SEARCH_RELATED_WORDS; j++) {
        const struct qtoken *t = &p->tok[pick[j].tok];
        if (j && held + pick[j].rows > RELATED_TEXT_ROWS)
            break;
        held += pick[j].rows;
        (void)buf_adds(&words, j ? " OR " : "(");
        add_quoted(&words, t->text, t->len, false);
        if (t->end <= title_end) {
            (void)buf_adds(&words, " OR ");
            add_quoted(&words, t->text, t->len, false);
        }
    }
    if (words.len) {
        (void)buf_adds(&words, ")");
        (void)buf_addf(&expr, "%.*s AND meta : \"0c%s\"", (int)words.len, words.data, coll);
        if (words.failed || expr.failed)
            return BP_ERR_NOMEM;
        /* the rows of a token held by more than the candidates take: kept (above) */
        bool broad_rows = held > RELATED_TEXT_ROWS && version != 0;
        if (!broad_rows || !kept_get(&expr, version, rel, n)) {
            if ((e = related_merge(db, &expr, MERGE_TEXT, LLONG_MAX, RELATED_TEXT_TOP, arena, rel, n)))
                return e;
            if (broad_rows)
                kept_put(&expr, version, rel, *n);
        }
    }
    /* the text's rows were cut at the best RELATED_TEXT_TOP: a tag's row beyond them may hold
     * its words all the same (many rows tie), and gets their BM25 with its tag */
    bool cut = words.len && *n >= RELATED_TEXT_TOP;
    /* the rows that carry each of the tags, through their meta tokens: every one up to the
     * RELATED_TAG_ROWS-th row (in index order) carrying one of them; beyond it, the text's rows
     * count as carrying all of them (a bound: the caller reads a row's tags when it scores it) */
    long long upto = LLONG_MAX;
    unsigned ntagged = 0;
    if (ntags) {
        buf_reset(&expr);
        for (size_t i = 0; i < ntags; i++)
            if (meta_name(tags[i], strlen(tags[i]), name, sizeof(name)))
                (void)buf_addf(&expr, "%smeta : \"0t%s\"", expr.len ? " OR " : "(", name);
        if (expr.len) {
            (void)buf_addf(&expr, ") AND meta : \"0c%s\"", coll);
            e = expr.failed ? BP_ERR_NOMEM : nth_rowid(db, &expr, RELATED_TAG_ROWS, &upto);
        }
    }
    for (size_t i = 0; i < ntags && !e; i++) {
        if (!meta_name(tags[i], strlen(tags[i]), name, sizeof(name)))
            continue;
        buf_reset(&expr);
        (void)buf_addf(&expr, "meta : \"0t%s\" AND meta : \"0c%s\"", name, coll);
        if (cut) /* its rows not among the text's best: their BM25 all the same */
            (void)buf_addf(&expr, " AND (%.*s OR meta : \"0t%s\")", (int)words.len, words.data, name);
        e = expr.failed ? BP_ERR_NOMEM
                        : related_merge(db, &expr, cut ? MERGE_TAG_SCORED : MERGE_TAG, upto, 0, arena, rel, n);
        ntagged++;
    }
    for (size_t i = 0; i < *n && upto < LLONG_MAX; i++)
        if (rel[i].rowid > upto)
            rel[i].tags = ntagged;
    return e;
}
