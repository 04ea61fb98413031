/*
 * sqlite: the SQLite backend of db.h. WAL mode, STRICT tables, foreign keys on, a busy timeout,
 * and a small per-connection cache of prepared statements keyed by SQL text. The writer runs
 * with synchronous=FULL so an acknowledged commit is on disk.
 */
#include "db/backend.h"

#include <math.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/tokens.h"
#include "base/banned.h"

struct stmt_slot {
    struct db_stmt base; /* what db_prepare hands out */
    const char *sql; /* points at the cached copy below */
    char *sql_copy;
    uint64_t hash;
    sqlite3_stmt *st;
    uint64_t last_use;
};

/* --- the "bpmc" FTS5 tokenizer: core/tokens.c behind SQLite's interface --- */

struct fts_call {
    void *ctx;
    int (*token)(void *ctx, int flags, const char *tok, int len, int start, int end);
    const char *text; /* stored text (NULL for a query) */
};

static int fts_emit(void *vctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct fts_call *c = vctx;
    (void)prefix; /* prefixes are asked for in the MATCH expression ("tok"*) */
    /* a token marked uncounted (tokens.h) takes the position of the one before: FTS5 counts it in
     * no length (xColumnSize, BM25) */
    int flags = c->text && start > 0 && c->text[start - 1] == TOKENS_UNCOUNTED ? FTS5_TOKEN_COLOCATED : 0;
    return c->token(c->ctx, flags, tok, (int)len, (int)start, (int)end);
}

static int fts_create(void *unused, const char **args, int nargs, Fts5Tokenizer **out)
{
    static int instance;
    (void)unused;
    (void)args;
    (void)nargs;
    *out = (Fts5Tokenizer *)&instance; /* stateless */
    return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t) { (void)t; }

static int fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                        int (*token)(void *, int, const char *, int, int, int))
{
    struct fts_call c = {ctx, token, (flags & FTS5_TOKENIZE_QUERY) ? NULL : text};
    (void)t;
    if (len < 0)
        return SQLITE_ERROR;
    int rc = tokens_split(text, (size_t)len,
                          (flags & FTS5_TOKENIZE_QUERY) ? TOKENS_QUERY : TOKENS_DOCUMENT, fts_emit, &c);
    return rc;
}

/* --- "bpmc_bm25": FTS5's BM25 with the documents' frequencies given by the caller ---
 *
 * bpmc_bm25(search, dfs, w0, w1, ...) scores a row as FTS5's bm25(search, w0, w1, ...) does
 * (k1 1.2, b 0.75, the same IDF formula and the same floor), but takes the number of rows that
 * hold each phrase of the MATCH expression from dfs: a blob of one double a phrase, in the
 * order the phrases appear in the expression (engine/search.c reads them from the index's
 * vocabulary). The built-in function counts them by reading every phrase's whole posting list
 * before the first row is scored, which for a common word is most of a query's time. A phrase
 * whose figure is -3 is part of the phrase before it (engine/search.c's BM25_SAME_PHRASE: the
 * tokens "cell" OR "cello" a prefix phrase "cell"* was rewritten into): its instances count as
 * that phrase's, whose figure holds the rows of them all, so the row scores as the prefix phrase
 * would. A phrase whose figure is otherwise negative, or a blob that does not hold one figure a
 * phrase, is counted as the built-in function counts it. */

#define BM25_SAME_PHRASE (-3.0)

struct bm25_data {
    int nphrase;
    double avgdl;
    double *idf;
    double *freq;
    int *lead; /* the phrase whose instances a phrase's count as (itself but for BM25_SAME_PHRASE) */
};

static int bm25_count(const Fts5ExtensionApi *api, Fts5Context *fts, void *user)
{
    (void)api;
    (void)fts;
    (*(sqlite3_int64 *)user)++;
    return SQLITE_OK;
}

static int bm25_data(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value *dfs,
                     struct bm25_data **out)
{
    struct bm25_data *d = api->xGetAuxdata(fts, 0);
    if (d) {
        *out = d;
        return SQLITE_OK;
    }
    int nphrase = api->xPhraseCount(fts);
    size_t slots = (size_t)(nphrase > 0 ? nphrase : 1);
    d = sqlite3_malloc64(sizeof(*d) + (sizeof(double) * 2 + sizeof(int)) * slots);
    if (!d)
        return SQLITE_NOMEM;
    d->nphrase = nphrase;
    d->idf = (double *)(d + 1);
    d->freq = d->idf + slots;
    d->lead = (int *)(void *)(d->freq + slots);
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &tokens);
    d->avgdl = rows > 0 ? (double)tokens / (double)rows : 1.0;
    const unsigned char *blob = sqlite3_value_type(dfs) == SQLITE_BLOB ? sqlite3_value_blob(dfs) : NULL;
    bool given = blob && sqlite3_value_bytes(dfs) == (int)sizeof(double) * nphrase;
    for (int i = 0; rc == SQLITE_OK && i < nphrase; i++) {
        double hits = -1.0;
        if (given)
            memcpy(&hits, blob + sizeof(double) * (size_t)i, sizeof(hits));
        d->lead[i] = i;
        if (hits == BM25_SAME_PHRASE && i > 0) {
            d->lead[i] = d->lead[i - 1];
            d->idf[i] = 0.0;
            continue;
        }
        if (hits < 0.0) {
            sqlite3_int64 n = 0;
            rc = api->xQueryPhrase(fts, i, &n, bm25_count);
            hits = (double)n;
        }
        if (hits > (double)rows)
            hits = (double)rows;
        double idf = log(((double)rows - hits + 0.5) / (hits + 0.5));
        d->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (rc == SQLITE_OK)
        rc = api->xSetAuxdata(fts, d, sqlite3_free);
    if (rc != SQLITE_OK) {
        sqlite3_free(d);
        return rc;
    }
    *out = d;
    return SQLITE_OK;
}

static void bm25_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
                          int nval, sqlite3_value **val)
{
    const double k1 = 1.2, b = 0.75;
    struct bm25_data *d = NULL;
    int rc = nval >= 1 ? bm25_data(api, fts, val[0], &d) : SQLITE_ERROR;
    int ninst = 0;
    if (rc == SQLITE_OK)
        rc = api->xInstCount(fts, &ninst);
    for (int i = 0; rc == SQLITE_OK && i < d->nphrase; i++)
        d->freq[i] = 0.0;
    for (int i = 0; rc == SQLITE_OK && i < ninst; i++) {
        int phrase, col, off;
        rc = api->xInst(fts, i, &phrase, &col, &off);
        if (rc == SQLITE_OK && phrase >= 0 && phrase < d->nphrase)
            d->freq[d->lead[phrase]] += nval > col + 1 ? sqlite3_value_double(val[col + 1]) : 1.0;
    }
    int ntok = 0;
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &ntok);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(ctx, rc);
        return;
    }
    double score = 0.0, len = (double)ntok;
    for (int i = 0; i < d->nphrase; i++)
        if (d->lead[i] == i)
            score += d->idf[i] * (d->freq[i] * (k1 + 1.0)) / (d->freq[i] + k1 * (1.0 - b + b * len / d->avgdl));
    sqlite3_result_double(ctx, -1.0 * score);
}

static int register_tokenizer(sqlite3 *h)
{
    static fts5_tokenizer tokenizer = {fts_create, fts_delete, fts_tokenize};
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (!api)
        return SQLITE_ERROR;
    int rc2 = api->xCreateTokenizer(api, "bpmc", NULL, &tokenizer, NULL);
    if (rc2 == SQLITE_OK)
        rc2 = api->xCreateFunction(api, "bpmc_bm25", NULL, bm25_function, NULL);
    return rc2;
}

struct sq_db {
    struct db base;
    sqlite3 *h;
    enum db_mode mode;
    struct stmt_slot slots[LIMIT_STMT_CACHE];
    uint64_t clock;
};

#define SQ(db) ((struct sq_db *)(db))
#define STMT(s) (((struct stmt_slot *)(s))->st)

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void sq_close(struct db *db);

static enum bp_err sq_open(const char *path, enum db_mode mode, bool create, struct db **out)
{
    struct sq_db *db = calloc(1, sizeof(*db));
    if (!db)
        return BP_ERR_NOMEM;
    db->base.ops = &db_sqlite_ops;
    int flags = SQLITE_OPEN_NOMUTEX | (mode == DB_WRITE ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY);
    if (mode == DB_WRITE && create)
        flags |= SQLITE_OPEN_CREATE;
    db->mode = mode;
    if (sqlite3_open_v2(path, &db->h, flags, NULL) != SQLITE_OK)
        goto out_fail;
    sqlite3_busy_timeout(db->h, 5000);
    if (register_tokenizer(db->h) != SQLITE_OK)
        goto out_fail;
    sqlite3_extended_result_codes(db->h, 1);
    const char *pragmas = mode == DB_WRITE ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                             "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                           : "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
                                             "PRAGMA cache_size=-4000; PRAGMA mmap_size=4294967296;";
    if (sqlite3_exec(db->h, pragmas, NULL, NULL, NULL) != SQLITE_OK)
        goto out_fail;
    *out = &db->base;
    return BP_OK;
out_fail:
    fprintf(stderr, "bpmc: cannot open database %s: %s\n", path,
            db->h ? sqlite3_errmsg(db->h) : "out of memory");
    sq_close(&db->base);
    return BP_ERR_DB;
}

static void sq_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < LIMIT_STMT_CACHE; i++) {
        sqlite3_finalize(SQ(db)->slots[i].st);
        free(SQ(db)->slots[i].sql_copy);
    }
    sqlite3_close(SQ(db)->h);
    free(SQ(db));
}

static enum bp_err sq_exec(struct db *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(SQ(db)->h, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sqlite3_free(msg);
        return BP_ERR_DB;
    }
    return BP_OK;
}

static enum bp_err sq_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
    uint64_t h = sql_hash(sql);
    size_t victim = 0;
    SQ(db)->clock++;
    for (size_t i = 0; i < LIMIT_STMT_CACHE; i++) {
        struct stmt_slot *s = &SQ(db)->slots[i];
        if (s->st && s->hash == h && strcmp(s->sql, sql) == 0) {
            sqlite3_reset(s->st);
            sqlite3_clear_bindings(s->st);
            s->last_use = SQ(db)->clock;
            *out = &s->base;
            return BP_OK;
        }
        if (!s->st || s->last_use < SQ(db)->slots[victim].last_use)
            victim = i;
        if (!s->st)
            SQ(db)->slots[victim].last_use = 0;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(SQ(db)->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
        return BP_ERR_DB;
    char *copy = strdup(sql);
    if (!copy) {
        sqlite3_finalize(st);
        return BP_ERR_NOMEM;
    }
    struct stmt_slot *s = &SQ(db)->slots[victim];
    sqlite3_finalize(s->st);
    free(s->sql_copy);
    s->sql_copy = copy;
    s->sql = copy;
    s->hash = h;
    s->st = st;
    s->last_use = SQ(db)->clock;
    s->base.ops = &db_sqlite_ops;
    *out = &s->base;
    return BP_OK;
}

static void sq_bind_int(struct db_stmt *st, int idx, long long v) { sqlite3_bind_int64(STMT(st), idx, v); }

static void sq_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
    sqlite3_bind_text64(STMT(st), idx, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
}

static void sq_bind_null(struct db_stmt *st, int idx) { sqlite3_bind_null(STMT(st), idx); }

static void sq_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len)
{
    sqlite3_bind_blob64(STMT(st), idx, p, len, SQLITE_TRANSIENT);
}

static const void *sq_column_blob(struct db_stmt *st, int col, size_t *len)
{
    const void *p = sqlite3_column_blob(STMT(st), col);
    *len = (size_t)sqlite3_column_bytes(STMT(st), col);
    return p ? p : "";
}

static int sq_param_index(struct db_stmt *st, const char *name)
{
    return sqlite3_bind_parameter_index(STMT(st), name);
}

static enum db_step sq_step(struct db_stmt *st)
{
    int rc = sqlite3_step(STMT(st));
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    return DB_FAIL;
}

static void sq_reset(struct db_stmt *st) { sqlite3_reset(STMT(st)); }

static int sq_column_count(struct db_stmt *st) { return sqlite3_column_count(STMT(st)); }

static bool sq_column_is_null(struct db_stmt *st, int col)
{
    return sqlite3_column_type(STMT(st), col) == SQLITE_NULL;
}

static bool sq_column_is_int(struct db_stmt *st, int col)
{
    return sqlite3_column_type(STMT(st), col) == SQLITE_INTEGER;
}

static long long sq_column_int(struct db_stmt *st, int col) { return sqlite3_column_int64(STMT(st), col); }

static const char *sq_column_text(struct db_stmt *st, int col, size_t *len)
{
    const unsigned char *t = sqlite3_column_text(STMT(st), col);
    if (len)
        *len = t ? (size_t)sqlite3_column_bytes(STMT(st), col) : 0;
    return t ? (const char *)t : "";
}

static const char *sq_errmsg(struct db *db) { return sqlite3_errmsg(SQ(db)->h); }

static bool sq_read_only(struct db *db) { return sqlite3_db_readonly(SQ(db)->h, "main") == 1; }

static enum bp_err sq_durability(struct db *db, struct db_durability *out)
{
    sqlite3_stmt *st = NULL;
    enum bp_err e = BP_ERR_DB;
    if (sqlite3_prepare_v2(SQ(db)->h, "PRAGMA synchronous", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto out;
    out->synchronous = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (sqlite3_prepare_v2(SQ(db)->h, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW)
        goto out;
    const unsigned char *mode = sqlite3_column_text(st, 0);
    out->wal = mode && strcmp((const char *)mode, "wal") == 0;
    e = BP_OK;
out:
    sqlite3_finalize(st);
    return e;
}

static enum db_failure sq_failure(struct db *db)
{
    switch (sqlite3_extended_errcode(SQ(db)->h)) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
    case SQLITE_CONSTRAINT_TRIGGER: /* a trigger's RAISE(ABORT, '... table.column'): a value
                                       taken, such as a booking's time (facilities) */
        return DB_FAIL_UNIQUE;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return DB_FAIL_FOREIGN_KEY;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
        return DB_FAIL_CHECK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_FAIL_BUSY;
    case SQLITE_FULL:
        return DB_FAIL_FULL;
    default:
        if ((sqlite3_extended_errcode(SQ(db)->h) & 0xff) == SQLITE_READONLY)
            return DB_FAIL_READONLY;
        return DB_FAIL_OTHER;
    }
}

static long long sq_changes(struct db *db) { return sqlite3_changes64(SQ(db)->h); }
static long long sq_last_id(struct db *db) { return sqlite3_last_insert_rowid(SQ(db)->h); }

static enum bp_err sq_data_version(struct db *db, long long *out)
{
    /* The pragma, not SQLITE_FCNTL_DATA_VERSION: the file control reports what the connection
     * saw at its last read, while the pragma starts a read and so sees every commit. */
    return db_query_int(db, "PRAGMA data_version", 0, out);
}

static enum bp_err sq_backup(struct db *db, const char *path, const char *probe, long long *probe_value)
{
    sqlite3 *dst = NULL;
    enum bp_err e = BP_ERR_DB;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
        goto out_close;
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", SQ(db)->h, "main");
    if (!b)
        goto out_close;
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(10);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        e = BP_OK;
    else
        fprintf(stderr, "bpmc: backup failed: %s\n", sqlite3_errmsg(dst));
    sqlite3_stmt *st;
    if (e == BP_OK && probe) { /* the copy is what it holds */
        if (sqlite3_prepare_v2(dst, probe, -1, &st, NULL) != SQLITE_OK) {
            fprintf(stderr, "bpmc: backup: %s\n", sqlite3_errmsg(dst));
            e = BP_ERR_DB;
        } else {
            if (sqlite3_step(st) == SQLITE_ROW)
                *probe_value = sqlite3_column_int64(st, 0);
            sqlite3_finalize(st);
        }
    }
out_close:
    sqlite3_close(dst);
    return e;
}

static bool sq_filename(struct db *db, char *out, size_t size)
{
    const char *f = sqlite3_db_filename(SQ(db)->h, "main");
    if (!f || !*f || strlen(f) >= size)
        return false;
    snprintf(out, size, "%s", f);
    return true;
}

const struct db_ops db_sqlite_ops = {
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .read_only = sq_read_only,
    .durability = sq_durability,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .column_blob = sq_column_blob,
    .param_index = sq_param_index,
    .step = sq_step,
    .reset = sq_reset,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_is_int = sq_column_is_int,
    .column_int = sq_column_int,
    .column_text = sq_column_text,
    .errmsg = sq_errmsg,
    .failure = sq_failure,
    .changes = sq_changes,
    .last_id = sq_last_id,
    .data_version = sq_data_version,
    .backup = sq_backup,
    .filename = sq_filename,
};
