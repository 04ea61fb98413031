/*
 * transfer: the tables of a SQLite database copied into a PostgreSQL database of the same
 * schema, and the two compared row by row (transfer.h). Names in the statements built here come
 * from the target's catalogue (the migrations' declared names), quoted, never from input.
 */
#include "db/transfer.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/banned.h"

#define NAME_MAX_BYTES 64
#define PAGE_ROWS 500

struct column {
    char name[NAME_MAX_BYTES];
    bool blob;      /* bytea: bound and read as bytes */
    bool in_source; /* else left to its default on the target, and not compared */
};

struct table {
    char name[NAME_MAX_BYTES];
    struct column *cols;
    int ncols;
    char key[NAME_MAX_BYTES]; /* the one-column primary key the rows are paged by, or "" */
    bool key_int; /* it is an integer (bound as one when paging) */
    char identity[NAME_MAX_BYTES]; /* the identity column, or "" */
    bool triggers;                 /* the target has triggers of its own on it */
    char *order;                   /* ORDER BY list: the primary key, else every column */
    char *select;                  /* SELECT list of the compared columns */
    int *refs;                     /* indexes of the tables it refers to */
    int nrefs;
};

struct db_transfer {
    struct table *tables; /* in dependency order once planned */
    int ntables;
    char left_out[2048];
};

static void table_release(struct table *t)
{
    free(t->cols);
    free(t->order);
    free(t->select);
    free(t->refs);
}

void db_transfer_free(struct db_transfer *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->ntables; i++)
        table_release(&t->tables[i]);
    free(t->tables);
    free(t);
}

void db_transfer_left_out(const struct db_transfer *t, char *out, size_t size)
{
    snprintf(out, size, "%s", t->left_out);
}

static enum bp_err fail(struct db *db, char *why, size_t why_size, const char *what,
                        const char *table)
{
    snprintf(why, why_size, "%s %s: %s", what, table, db_errmsg(db));
    return BP_ERR_DB;
}

static int table_index(const struct db_transfer *t, const char *name)
{
    for (int i = 0; i < t->ntables; i++)
        if (strcmp(t->tables[i].name, name) == 0)
            return i;
    return -1;
}

/* "a","b" of the columns (compared ones only, when only_source), into a new string. */
static char *column_list(const struct table *tb, bool only_source, const char *prefix)
{
    struct buf b;
    buf_init(&b, NULL, 1 << 16);
    bool first = true;
    for (int i = 0; i < tb->ncols; i++) {
        if (only_source && !tb->cols[i].in_source)
            continue;
        (void)buf_addf(&b, "%s%s\"%s\"", first ? "" : ",", prefix, tb->cols[i].name);
        first = false;
    }
    if (b.failed) {
        buf_release(&b);
        return NULL;
    }
    return buf_detach(&b, NULL);
}

/* The target's tables (but its schema_version, its data version, which the copy's COMMIT moves,
 * and search's index, which is made from the rows: the caller builds it after the copy; the pair
 * tokens' list is SQLite's index's alone; search_pending, the collections a migration brought
 * into the index, is emptied by that build), columns,
 * keys, identities and triggers. */
static enum bp_err read_target(struct db_transfer *t, struct db *to, char *why, size_t why_size)
{
    struct db_stmt *st;
    if (db_prepare(to,
                   "SELECT c.relname, (SELECT count(*) FROM pg_trigger g WHERE g.tgrelid = c.oid "
                   "AND NOT g.tgisinternal) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                   "c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r','p') "
                   "AND c.relname NOT IN ('schema_version', 'bpmc_data_version', 'search', "
                   "'search_rows', 'search_postings', 'search_df', 'search_pair_terms', "
                   "'search_pending') ORDER BY c.relname",
                   &st))
        return fail(to, why, why_size, "cannot list the tables of", "the target");
    int cap = 0;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (t->ntables == cap) {
            int n = cap ? cap * 2 : 64;
            struct table *grown = realloc(t->tables, (size_t)n * sizeof(*grown));
            if (!grown) {
                db_reset(st);
                return BP_ERR_NOMEM;
            }
            t->tables = grown;
            cap = n;
        }
        struct table *tb = &t->tables[t->ntables++];
        memset(tb, 0, sizeof(*tb));
        snprintf(tb->name, sizeof(tb->name), "%s", db_column_text(st, 0, NULL));
        tb->triggers = db_column_int(st, 1) > 0;
    }
    db_reset(st);
    if (s != DB_DONE)
        return fail(to, why, why_size, "cannot list the tables of", "the target");
    for (int i = 0; i < t->ntables; i++) {
        struct table *tb = &t->tables[i];
        if (db_prepare(to,
                       "SELECT a.attname, a.atttypid = 'bytea'::regtype, a.attidentity <> '' "
                       "FROM pg_attribute a WHERE a.attrelid = to_regclass(quote_ident(?1)) "
                       "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' "
                       "ORDER BY a.attnum",
                       &st))
            return fail(to, why, why_size, "cannot read the columns of", tb->name);
        db_bind_text(st, 1, tb->name, strlen(tb->name));
        while ((s = db_step(st)) == DB_ROW) {
            struct column *grown = realloc(tb->cols, (size_t)(tb->ncols + 1) * sizeof(*grown));
            if (!grown) {
                db_reset(st);
                return BP_ERR_NOMEM;
            }
            tb->cols = grown;
            struct column *c = &tb->cols[tb->ncols++];
            snprintf(c->name, sizeof(c->name), "%s", db_column_text(st, 0, NULL));
            c->blob = db_column_int(st, 1) != 0;
            c->in_source = false;
            if (db_column_int(st, 2))
                snprintf(tb->identity, sizeof(tb->identity), "%s", c->name);
        }
        db_reset(st);
        if (s != DB_DONE)
            return fail(to, why, why_size, "cannot read the columns of", tb->name);
        /* the primary key's columns, in the key's order */
        if (db_prepare(to,
                       "SELECT a.attname, a.atttypid IN ('bigint'::regtype, 'integer'::regtype), "
                       "a.atttypid = 'bytea'::regtype FROM pg_index i "
                       "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) "
                       "WHERE i.indrelid = to_regclass(quote_ident(?1)) AND i.indisprimary "
                       "ORDER BY array_position(i.indkey::int2[], a.attnum)",
                       &st))
            return fail(to, why, why_size, "cannot read the primary key of", tb->name);
        db_bind_text(st, 1, tb->name, strlen(tb->name));
        struct buf order;
        buf_init(&order, NULL, 1 << 16);
        int keys = 0;
        bool blob_key = false;
        while ((s = db_step(st)) == DB_ROW) {
            const char *k = db_column_text(st, 0, NULL);
            (void)buf_addf(&order, "%s\"%s\"", keys ? "," : "", k);
            if (keys++ == 0) {
                snprintf(tb->key, sizeof(tb->key), "%s", k);
                tb->key_int = db_column_int(st, 1) != 0;
                blob_key = db_column_int(st, 2) != 0;
            }
        }
        db_reset(st);
        if (keys != 1 || blob_key) /* paged by a key of one column of text or integers */
            tb->key[0] = '\0';
        if (s != DB_DONE) {
            buf_release(&order);
            return fail(to, why, why_size, "cannot read the primary key of", tb->name);
        }
        if (keys == 0) { /* no key: every column orders the rows */
            buf_release(&order);
            tb->order = column_list(tb, false, "");
        } else {
            tb->order = order.failed ? NULL : buf_detach(&order, NULL);
            if (!tb->order)
                buf_release(&order);
        }
        if (!tb->order)
            return BP_ERR_NOMEM;
    }
    /* foreign keys: which tables each refers to */
    if (db_prepare(to,
                   "SELECT a.relname, b.relname FROM pg_constraint k JOIN pg_class a ON a.oid = "
                   "k.conrelid JOIN pg_class b ON b.oid = k.confrelid JOIN pg_namespace n ON "
                   "n.oid = a.relnamespace WHERE k.contype = 'f' AND n.nspname = current_schema()",
                   &st))
        return fail(to, why, why_size, "cannot read the foreign keys of", "the target");
    while ((s = db_step(st)) == DB_ROW) {
        int a = table_index(t, db_column_text(st, 0, NULL));
        int b = table_index(t, db_column_text(st, 1, NULL));
        if (a < 0 || b < 0 || a == b) /* a table's rows referring to its own: by key order */
            continue;
        struct table *tb = &t->tables[a];
        int *grown = realloc(tb->refs, (size_t)(tb->nrefs + 1) * sizeof(*grown));
        if (!grown) {
            db_reset(st);
            return BP_ERR_NOMEM;
        }
        tb->refs = grown;
        tb->refs[tb->nrefs++] = b;
    }
    db_reset(st);
    if (s != DB_DONE)
        return fail(to, why, why_size, "cannot read the foreign keys of", "the target");
    return BP_OK;
}

/* Order the tables so that each comes after those it refers to (Kahn's, ties by name). */
static enum bp_err order_tables(struct db_transfer *t, char *why, size_t why_size)
{
    int n = t->ntables;
    struct table *sorted = calloc((size_t)n + 1, sizeof(*sorted));
    int *placed = calloc((size_t)n + 1, sizeof(int)), *at = calloc((size_t)n + 1, sizeof(int));
    if (!sorted || !placed || !at) {
        free(sorted);
        free(placed);
        free(at);
        return BP_ERR_NOMEM;
    }
    int done = 0;
    while (done < n) {
        int pick = -1;
        for (int i = 0; i < n && pick < 0; i++) {
            if (placed[i])
                continue;
            bool ready = true;
            for (int r = 0; r < t->tables[i].nrefs && ready; r++)
                ready = placed[t->tables[i].refs[r]] != 0;
            if (ready)
                pick = i;
        }
        if (pick < 0)
            break;
        placed[pick] = 1;
        at[pick] = done;
        sorted[done++] = t->tables[pick];
    }
    if (done < n) {
        size_t len = (size_t)snprintf(why, why_size, "the foreign keys of these tables form a cycle:");
        for (int i = 0; i < n; i++)
            if (!placed[i] && len < why_size)
                len += (size_t)snprintf(why + len, why_size - len, " %s", t->tables[i].name);
        free(sorted);
        free(placed);
        free(at);
        return BP_ERR_INVALID;
    }
    for (int i = 0; i < n; i++) /* references by their new places */
        for (int r = 0; r < sorted[i].nrefs; r++)
            sorted[i].refs[r] = at[sorted[i].refs[r]];
    free(t->tables);
    t->tables = sorted;
    free(placed);
    free(at);
    return BP_OK;
}

/* Which target columns the source has (SQLite's pragma_table_info; "rowid" is every rowid
 * table's own), and the source tables the target has no counterpart of. */
static enum bp_err read_source(struct db_transfer *t, struct db *from, char *why, size_t why_size)
{
    struct db_stmt *st;
    for (int i = 0; i < t->ntables; i++) {
        struct table *tb = &t->tables[i];
        long long present = 0;
        if (db_prepare(from, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                       &st))
            return fail(from, why, why_size, "cannot read the source's table", tb->name);
        db_bind_text(st, 1, tb->name, strlen(tb->name));
        if (db_step(st) == DB_ROW)
            present = db_column_int(st, 0);
        db_reset(st);
        if (!present) {
            snprintf(why, why_size, "the source has no table %s (is it a bpmc database?)", tb->name);
            return BP_ERR_INVALID;
        }
        if (db_prepare(from, "SELECT name FROM pragma_table_info(?1)", &st))
            return fail(from, why, why_size, "cannot read the source's columns of", tb->name);
        db_bind_text(st, 1, tb->name, strlen(tb->name));
        enum db_step s;
        int found = 0;
        while ((s = db_step(st)) == DB_ROW) {
            const char *name = db_column_text(st, 0, NULL);
            bool known = false;
            for (int c = 0; c < tb->ncols; c++)
                if (strcmp(tb->cols[c].name, name) == 0)
                    known = tb->cols[c].in_source = true;
            if (!known) {
                snprintf(why, why_size, "the target's table %s has no column %s of the source",
                         tb->name, name);
                db_reset(st);
                return BP_ERR_INVALID;
            }
            found++;
        }
        db_reset(st);
        if (s != DB_DONE)
            return fail(from, why, why_size, "cannot read the source's columns of", tb->name);
        for (int c = 0; c < tb->ncols; c++)
            if (strcmp(tb->cols[c].name, "rowid") == 0)
                tb->cols[c].in_source = true;
        if (!(tb->select = column_list(tb, true, "")))
            return BP_ERR_NOMEM;
        (void)found;
    }
    if (db_prepare(from, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", &st))
        return fail(from, why, why_size, "cannot list the tables of", "the source");
    size_t len = 0;
    t->left_out[0] = '\0';
    while (db_step(st) == DB_ROW) {
        const char *name = db_column_text(st, 0, NULL);
        if (table_index(t, name) < 0 && len < sizeof(t->left_out))
            len += (size_t)snprintf(t->left_out + len, sizeof(t->left_out) - len, "%s%s",
                                    len ? ", " : "", name);
    }
    db_reset(st);
    return BP_OK;
}

enum bp_err db_transfer_plan(struct db *from, struct db *to, struct db_transfer **out, char *why,
                             size_t why_size)
{
    *out = NULL;
    why[0] = '\0';
    if (db_kind(from) != DB_SQLITE || db_kind(to) != DB_POSTGRES) {
        snprintf(why, why_size, "copies a SQLite database into a PostgreSQL one");
        return BP_ERR_INVALID;
    }
    struct db_transfer *t = calloc(1, sizeof(*t));
    if (!t)
        return BP_ERR_NOMEM;
    enum bp_err e = read_target(t, to, why, why_size);
    if (!e)
        e = order_tables(t, why, why_size);
    if (!e)
        e = read_source(t, from, why, why_size);
    if (e) {
        db_transfer_free(t);
        return e;
    }
    *out = t;
    return BP_OK;
}

enum bp_err db_transfer_target_tables(struct db *to, long long *out)
{
    return db_query_int(to, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", 0,
                        out);
}

static enum bp_err count_rows(struct db *db, const char *table, long long *out)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
    return db_query_int(db, sql, 0, out);
}

enum bp_err db_transfer_target_used(struct db_transfer *t, struct db *to, bool *used, char *which,
                                    size_t which_size)
{
    static const char *const written[] = {"audit", "users", "orgs"};
    size_t len = 0;
    *used = false;
    which[0] = '\0';
    for (size_t i = 0; i < sizeof(written) / sizeof(written[0]); i++) {
        long long n = 0;
        if (table_index(t, written[i]) < 0)
            continue;
        if (count_rows(to, written[i], &n))
            return BP_ERR_DB;
        if (n > 0) {
            *used = true;
            if (len < which_size)
                len += (size_t)snprintf(which + len, which_size - len, "%s%s (%lld rows)",
                                        len ? ", " : "", written[i], n);
        }
    }
    return BP_OK;
}

/* --- reading rows, a page at a time --- */

/* Called for each row of a table: the statement's columns are the table's compared columns. */
typedef enum bp_err (*row_fn)(void *user, struct db_stmt *st);

static enum bp_err each_row(struct db *db, const struct table *tb, row_fn fn, void *user)
{
    char *first_sql = NULL, *next_sql = NULL;
    struct buf b;
    buf_init(&b, NULL, 1 << 17);
    if (tb->key[0])
        (void)buf_addf(&b, "SELECT %s FROM \"%s\" ORDER BY \"%s\" LIMIT %d", tb->select, tb->name,
                       tb->key, PAGE_ROWS);
    else
        (void)buf_addf(&b, "SELECT %s FROM \"%s\" ORDER BY %s", tb->select, tb->name, tb->order);
    if (b.failed || !(first_sql = buf_detach(&b, NULL))) {
        buf_release(&b);
        return BP_ERR_NOMEM;
    }
    buf_init(&b, NULL, 1 << 17);
    (void)buf_addf(&b, "SELECT %s FROM \"%s\" WHERE \"%s\" > ?1 ORDER BY \"%s\" LIMIT %d",
                   tb->select, tb->name, tb->key, tb->key, PAGE_ROWS);
    if (b.failed || !(next_sql = buf_detach(&b, NULL))) {
        buf_release(&b);
        free(first_sql);
        return BP_ERR_NOMEM;
    }
    int key_col = -1, k = 0; /* the key's place among the selected columns */
    for (int c = 0; c < tb->ncols; c++)
        if (tb->cols[c].in_source) {
            if (tb->key[0] && strcmp(tb->cols[c].name, tb->key) == 0)
                key_col = k;
            k++;
        }
    enum bp_err e = BP_OK;
    struct buf last;
    buf_init(&last, NULL, 1 << 20);
    long long last_int = 0;
    bool more = true, first = true;
    while (more && !e) {
        struct db_stmt *st;
        if ((e = db_prepare(db, first ? first_sql : next_sql, &st)))
            break;
        if (!first) {
            if (tb->key_int)
                db_bind_int(st, 1, last_int);
            else
                db_bind_text(st, 1, last.data, last.len);
        }
        int rows = 0;
        enum db_step s;
        while (!e && (s = db_step(st)) == DB_ROW) {
            rows++;
            e = fn(user, st);
            if (!e && key_col >= 0) {
                size_t n;
                const char *v = db_column_text(st, key_col, &n);
                last_int = db_column_int(st, key_col);
                buf_reset(&last);
                if (buf_add(&last, v, n))
                    e = BP_ERR_NOMEM;
            }
        }
        if (!e && s != DB_DONE)
            e = BP_ERR_DB;
        db_reset(st);
        first = false;
        more = tb->key[0] && rows == PAGE_ROWS && key_col >= 0;
    }
    buf_release(&last);
    free(first_sql);
    free(next_sql);
    return e;
}

/* The value of st's column k (a compared column; blob: one of bytes): 'N' for NULL (*p NULL,
 * *n 0), 'b' for bytes or 't' for text, with its bytes in *p and *n. The digest and the copy read
 * a row alike through it. */
static char column_value(struct db_stmt *st, int k, bool blob, const void **p, size_t *n)
{
    *p = NULL;
    *n = 0;
    if (db_column_is_null(st, k))
        return 'N';
    if (blob) {
        *p = db_column_blob(st, k, n);
        return 'b';
    }
    *p = db_column_text(st, k, n);
    return 't';
}

/* --- the digest of a table --- */

static void digest_value(crypto_hash_sha256_state *h, char kind, const void *p, size_t len)
{
    unsigned char head[9] = {(unsigned char)kind};
    for (int i = 0; i < 8; i++)
        head[1 + i] = (unsigned char)((unsigned long long)len >> (8 * i));
    crypto_hash_sha256_update(h, head, sizeof(head));
    if (len)
        crypto_hash_sha256_update(h, p, len);
}

struct digest {
    const struct table *tb;
    crypto_hash_sha256_state h;
    long long rows;
};

static enum bp_err digest_row(void *user, struct db_stmt *st)
{
    struct digest *d = user;
    int k = 0;
    for (int c = 0; c < d->tb->ncols; c++) {
        if (!d->tb->cols[c].in_source)
            continue;
        const void *p;
        size_t n;
        char kind = column_value(st, k++, d->tb->cols[c].blob, &p, &n);
        digest_value(&d->h, kind, p, n);
    }
    d->rows++;
    return BP_OK;
}

static enum bp_err digest_table(struct db *db, const struct table *tb, char out[65], long long *rows)
{
    struct digest d = {.tb = tb};
    unsigned char sum[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&d.h);
    enum bp_err e = each_row(db, tb, digest_row, &d);
    crypto_hash_sha256_final(&d.h, sum);
    sodium_bin2hex(out, 65, sum, sizeof(sum));
    *rows = d.rows;
    return e;
}

static enum bp_err compare(struct db_transfer *t, struct db *from, struct db *to,
                           const long long *next, db_transfer_note note, void *user, char *why,
                           size_t why_size)
{
    enum bp_err verdict = BP_OK;
    why[0] = '\0';
    for (int i = 0; i < t->ntables; i++) {
        const struct table *tb = &t->tables[i];
        struct db_transfer_table r = {.name = tb->name, .next_id = next ? next[i] : 0};
        long long src_digested, dst_digested;
        if (count_rows(from, tb->name, &r.source_rows) ||
            digest_table(from, tb, r.source_digest, &src_digested))
            return fail(from, why, why_size, "cannot read the source's table", tb->name);
        if (count_rows(to, tb->name, &r.target_rows) ||
            digest_table(to, tb, r.target_digest, &dst_digested))
            return fail(to, why, why_size, "cannot read the target's table", tb->name);
        for (int c = 0; c < tb->ncols; c++)
            if (!tb->cols[c].in_source)
                r.left_default = tb->cols[c].name;
        if (note)
            note(user, &r);
        if (verdict)
            continue;
        if (r.source_rows != r.target_rows || src_digested != r.source_rows ||
            dst_digested != r.target_rows) {
            snprintf(why, why_size, "table %s: %lld rows in the source, %lld in the target",
                     tb->name, r.source_rows, r.target_rows);
            verdict = BP_ERR_INVALID;
        } else if (strcmp(r.source_digest, r.target_digest) != 0) {
            snprintf(why, why_size, "table %s: the rows differ (digest %.12s… in the source, "
                                    "%.12s… in the target)",
                     tb->name, r.source_digest, r.target_digest);
            verdict = BP_ERR_INVALID;
        }
    }
    return verdict;
}

enum bp_err db_transfer_compare(struct db_transfer *t, struct db *from, struct db *to,
                                db_transfer_note note, void *user, char *why, size_t why_size)
{
    return compare(t, from, to, NULL, note, user, why, why_size);
}

/* --- the copy --- */

/* Rows go to the target BATCH_ROWS at a time (one INSERT of many VALUES lists: a round trip per
 * batch, not per row), fewer when the batch's values pass BATCH_BYTES or its parameters
 * BATCH_PARAMS. */
#define BATCH_ROWS 200
#define BATCH_BYTES (8u << 20)
#define BATCH_PARAMS 30000

struct copier {
    const struct table *tb;
    struct db *to;
    int ncols;         /* the compared columns: values per row */
    int rows, max_rows; /* pending, and the most a batch takes */
    struct buf data;   /* the pending values' bytes */
    size_t *off, *len; /* of each pending value */
    char *kind;        /* column_value's: 'N' NULL, 't' text, 'b' bytes */
    char *full;        /* the INSERT of max_rows rows */
};

/* INSERT INTO t (cols) VALUES (?1,…),(…) of rows rows, a new string. */
static char *insert_sql(const struct table *tb, int ncols, int rows)
{
    struct buf b;
    buf_init(&b, NULL, 1 << 24);
    (void)buf_addf(&b, "INSERT INTO \"%s\" (%s) VALUES ", tb->name, tb->select);
    for (int r = 0; r < rows; r++) {
        (void)buf_adds(&b, r ? ",(" : "(");
        for (int k = 0; k < ncols; k++)
            (void)buf_addf(&b, "%s?%d", k ? "," : "", r * ncols + k + 1);
        (void)buf_adds(&b, ")");
    }
    char *sql = b.failed ? NULL : buf_detach(&b, NULL);
    if (!sql)
        buf_release(&b);
    return sql;
}

static enum bp_err flush_rows(struct copier *c)
{
    if (!c->rows)
        return BP_OK;
    char *partial = NULL;
    if (c->rows < c->max_rows && !(partial = insert_sql(c->tb, c->ncols, c->rows)))
        return BP_ERR_NOMEM;
    struct db_stmt *st;
    enum bp_err e = db_prepare(c->to, partial ? partial : c->full, &st);
    if (!e) {
        int n = c->rows * c->ncols;
        for (int v = 0; v < n; v++) {
            const char *p = c->data.data + c->off[v];
            if (c->kind[v] == 'N')
                db_bind_null(st, v + 1);
            else if (c->kind[v] == 'b')
                db_bind_blob(st, v + 1, p, c->len[v]);
            else /* text, as PostgreSQL reads it for the column's own type */
                db_bind_text(st, v + 1, p, c->len[v]);
        }
        e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
        db_reset(st);
    }
    free(partial);
    c->rows = 0;
    buf_reset(&c->data);
    return e;
}

static enum bp_err copy_row(void *user, struct db_stmt *src)
{
    struct copier *c = user;
    int k = 0;
    for (int i = 0; i < c->tb->ncols; i++) {
        if (!c->tb->cols[i].in_source)
            continue;
        int v = c->rows * c->ncols + k;
        const void *p;
        size_t n;
        c->kind[v] = column_value(src, k++, c->tb->cols[i].blob, &p, &n);
        c->off[v] = c->data.len;
        c->len[v] = n;
        if (n && buf_add(&c->data, p, n))
            return BP_ERR_NOMEM;
    }
    if (++c->rows == c->max_rows || c->data.len >= BATCH_BYTES)
        return flush_rows(c);
    return BP_OK;
}

/* Copy the rows of tb: BP_ERR_DB (the target's message) or BP_ERR_NOMEM. */
static enum bp_err copy_table(struct db *from, struct db *to, const struct table *tb)
{
    struct copier c = {.tb = tb, .to = to};
    for (int i = 0; i < tb->ncols; i++)
        c.ncols += tb->cols[i].in_source;
    if (c.ncols == 0)
        return BP_OK;
    c.max_rows = BATCH_PARAMS / c.ncols < BATCH_ROWS ? BATCH_PARAMS / c.ncols : BATCH_ROWS;
    size_t values = (size_t)c.max_rows * (size_t)c.ncols;
    buf_init(&c.data, NULL, (size_t)1 << 31);
    c.off = calloc(values, sizeof(*c.off));
    c.len = calloc(values, sizeof(*c.len));
    c.kind = calloc(values, 1);
    c.full = insert_sql(tb, c.ncols, c.max_rows);
    enum bp_err e = c.off && c.len && c.kind && c.full ? BP_OK : BP_ERR_NOMEM;
    if (!e)
        e = each_row(from, tb, copy_row, &c);
    if (!e)
        e = flush_rows(&c);
    buf_release(&c.data);
    free(c.off);
    free(c.len);
    free(c.kind);
    free(c.full);
    return e;
}

static enum bp_err triggers(struct db_transfer *t, struct db *to, bool enable)
{
    for (int i = 0; i < t->ntables; i++) {
        if (!t->tables[i].triggers)
            continue;
        char sql[200];
        snprintf(sql, sizeof(sql), "ALTER TABLE \"%s\" %s TRIGGER USER", t->tables[i].name,
                 enable ? "ENABLE" : "DISABLE");
        enum bp_err e = db_exec(to, sql);
        if (e)
            return e;
    }
    return BP_OK;
}

/* The identity of tb past the copied ids and SQLite's sequence; *next: its next value. */
static enum bp_err advance_identity(struct db *from, struct db *to, const struct table *tb,
                                    long long *next)
{
    char sql[300];
    long long top = 0, seq = 0;
    snprintf(sql, sizeof(sql), "SELECT coalesce(max(\"%s\"), 0) FROM \"%s\"", tb->identity, tb->name);
    enum bp_err e = db_query_int(to, sql, 0, &top);
    if (e)
        return e;
    struct db_stmt *st;
    if (db_prepare(from, "SELECT seq FROM sqlite_sequence WHERE name = ?1", &st) == BP_OK) {
        db_bind_text(st, 1, tb->name, strlen(tb->name));
        if (db_step(st) == DB_ROW)
            seq = db_column_int(st, 0);
        db_reset(st);
    } /* (no sqlite_sequence: no AUTOINCREMENT table in the source) */
    if (seq > top)
        top = seq;
    *next = top + 1;
    /* setval(seq, top, true): the next is top + 1; an empty table's next is 1 */
    return db_run(to, NULL, "SELECT setval(pg_get_serial_sequence(quote_ident(?1), ?2), ?3, ?4 = 1)",
                  "ttii", tb->name, tb->identity, top > 0 ? top : 1, top > 0 ? 1LL : 0LL);
}

enum bp_err db_transfer_copy(struct db_transfer *t, struct db *from, struct db *to,
                             db_transfer_note note, void *user, char *why, size_t why_size)
{
    enum bp_err e;
    why[0] = '\0';
    if ((e = triggers(t, to, false)))
        return fail(to, why, why_size, "cannot turn off the triggers of", "the target");
    for (int i = t->ntables - 1; i >= 0; i--) { /* the migrations' rows, dependants first */
        char sql[160];
        snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", t->tables[i].name);
        if ((e = db_exec(to, sql)))
            return fail(to, why, why_size, "cannot empty the target's table", t->tables[i].name);
    }
    long long *next = calloc((size_t)t->ntables + 1, sizeof(long long));
    if (!next)
        return BP_ERR_NOMEM;
    for (int i = 0; i < t->ntables && !e; i++) {
        const struct table *tb = &t->tables[i];
        if ((e = copy_table(from, to, tb))) {
            snprintf(why, why_size, "cannot copy the table %s: %s", tb->name,
                     e == BP_ERR_NOMEM ? "out of memory" : db_errmsg(to));
        } else if (tb->identity[0] && (e = advance_identity(from, to, tb, &next[i]))) {
            fail(to, why, why_size, "cannot advance the ids of", tb->name);
        }
    }
    if (!e && (e = triggers(t, to, true)))
        fail(to, why, why_size, "cannot turn the triggers back on in", "the target");
    if (e) {
        free(next);
        return e;
    }
    e = compare(t, from, to, next, note, user, why, why_size);
    free(next);
    return e;
}
