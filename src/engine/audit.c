/*
 * audit: hash-chained audit rows.
 */
#include "engine/audit.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void feed(crypto_hash_sha256_state *s, const char *p, size_t len)
{
    char n[24];
    /* length-prefixed, so that no two different rows hash the same */
    snprintf(n, sizeof(n), "%zu:", len);
    crypto_hash_sha256_update(s, (const unsigned char *)n, strlen(n));
    if (len)
        crypto_hash_sha256_update(s, (const unsigned char *)p, len);
}

static void feed_int(crypto_hash_sha256_state *s, long long v)
{
    char n[24];
    snprintf(n, sizeof(n), "%lld", v);
    feed(s, n, strlen(n));
}

/* The hash of a row: every column but the hash itself, in a fixed order. */
static void row_hash(const char *prev, long long id, long long actor, const char *action,
                     const char *collection, long long row_id, const char *before,
                     size_t before_len, const char *after, size_t after_len, const char *at,
                     char out[HASH_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state s;
    crypto_hash_sha256_init(&s);
    feed(&s, prev, strlen(prev));
    feed_int(&s, id);
    feed_int(&s, actor);
    feed(&s, action, strlen(action));
    feed(&s, collection, strlen(collection));
    feed_int(&s, row_id);
    feed(&s, before ? before : "", before ? before_len : 0);
    feed(&s, after ? after : "", after ? after_len : 0);
    feed(&s, at, strlen(at));
    crypto_hash_sha256_final(&s, h);
    sodium_bin2hex(out, HASH_HEX, h, sizeof(h));
}

static void now_iso(char out[64])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

enum bp_err audit_append(struct db *db, long long actor_id, const char *action,
                         const char *collection, long long row_id, const char *before,
                         size_t before_len, const char *after, size_t after_len)
{
    char prev[HASH_HEX], hash[HASH_HEX], at[64];
    long long id = 1;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st);
    if (e)
        return e;
    if (db_step(st) == DB_ROW) {
        id = db_column_int(st, 0) + 1;
        snprintf(prev, sizeof(prev), "%s", db_column_text(st, 1, NULL));
    } else {
        long long seq;
        snprintf(prev, sizeof(prev), "%s", GENESIS);
        db_reset(st);
        /* AUTOINCREMENT never reuses ids, even after the last row is gone */
        if (db_query_int(db, "SELECT seq FROM sqlite_sequence WHERE name='audit'", 0, &seq) == BP_OK)
            id = seq + 1;
    }
    db_reset(st);
    now_iso(at);
    row_hash(prev, id, actor_id, action, collection, row_id, before, before_len, after, after_len,
             at, hash);
    if ((e = db_prepare(db,
                        "INSERT INTO audit(id,actor_id,action,collection,row_id,before,after,"
                        "prev_hash,hash,created_at,updated_at) VALUES "
                        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)",
                        &st)))
        return e;
    db_bind_int(st, 1, id);
    if (actor_id > 0)
        db_bind_int(st, 2, actor_id);
    db_bind_text(st, 3, action, strlen(action));
    db_bind_text(st, 4, collection, strlen(collection));
    if (row_id)
        db_bind_int(st, 5, row_id);
    if (before)
        db_bind_text(st, 6, before, before_len);
    if (after)
        db_bind_text(st, 7, after, after_len);
    db_bind_text(st, 8, prev, strlen(prev));
    db_bind_text(st, 9, hash, strlen(hash));
    db_bind_text(st, 10, at, strlen(at));
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

enum bp_err audit_verify(struct db *db, long long *rows, long long *bad_id)
{
    char prev[HASH_HEX], hash[HASH_HEX];
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT id, coalesce(actor_id,0), action, collection, "
                               "coalesce(row_id,0), before, after, created_at, prev_hash, hash "
                               "FROM audit ORDER BY id",
                               &st);
    if (e)
        return e;
    snprintf(prev, sizeof(prev), "%s", GENESIS);
    *rows = 0;
    *bad_id = 0;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        size_t before_len, after_len;
        long long id = db_column_int(st, 0);
        const char *before = db_column_is_null(st, 5) ? NULL : db_column_text(st, 5, &before_len);
        const char *after = db_column_is_null(st, 6) ? NULL : db_column_text(st, 6, &after_len);
        row_hash(prev, id, db_column_int(st, 1), db_column_text(st, 2, NULL),
                 db_column_text(st, 3, NULL), db_column_int(st, 4), before, before ? before_len : 0,
                 after, after ? after_len : 0, db_column_text(st, 7, NULL), hash);
        if (strcmp(db_column_text(st, 8, NULL), prev) != 0 ||
            strcmp(db_column_text(st, 9, NULL), hash) != 0) {
            *bad_id = id;
            e = BP_ERR_INVALID;
            break;
        }
        snprintf(prev, sizeof(prev), "%s", hash);
        (*rows)++;
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    return e;
}

/* s as a JSON string: each run of well-formed UTF-8 escaped as such, each byte outside one as
 * U+FFFD. */
static enum bp_err add_text(struct buf *out, const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    if (valid_utf8(s, len))
        return buf_add_json_str(out, s, len);
    struct buf clean;
    buf_init(&clean, NULL, len * 3 + 1);
    size_t i = 0;
    while (i < len && !clean.failed) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            err_ignore(buf_add(&clean, replacement, 3));
            i++;
        } else {
            err_ignore(buf_add(&clean, s + i, n));
            i += n;
        }
    }
    enum bp_err e = clean.failed ? BP_ERR_NOMEM : buf_add_json_str(out, clean.data, clean.len);
    buf_release(&clean);
    return e;
}

enum bp_err audit_json(struct buf *out, const struct audit_field *fields)
{
    size_t start = out->len;
    enum bp_err e = buf_addch(out, '{');
    for (const struct audit_field *f = fields; !e && f->key; f++) {
        if (f != fields)
            e = buf_addch(out, ',');
        if (!e)
            e = buf_add_json_str(out, f->key, strlen(f->key));
        if (!e)
            e = buf_addch(out, ':');
        if (e)
            break;
        switch (f->kind) {
        case AUDIT_KIND_INT:
            e = buf_addf(out, "%lld", f->i);
            break;
        case AUDIT_KIND_BOOL:
            e = buf_adds(out, f->i ? "true" : "false");
            break;
        case AUDIT_KIND_TEXT:
            e = f->text ? add_text(out, f->text,
                                   f->len == AUDIT_NUL_TERMINATED ? strlen(f->text) : f->len)
                        : buf_adds(out, "null");
            break;
        case AUDIT_KIND_END:
        case AUDIT_KIND_NULL:
            e = buf_adds(out, "null");
            break;
        }
    }
    if (!e)
        e = buf_addch(out, '}');
    if (e) { /* as every appender: the buf as it was, flagged */
        out->len = start;
        if (out->alloc)
            out->data[start] = '\0';
        out->failed = true;
    }
    return e;
}

enum bp_err audit_record(struct db *db, long long actor_id, const char *action,
                         const char *collection, long long row_id,
                         const struct audit_field *before, const struct audit_field *after)
{
    struct buf b, a;
    buf_init(&b, NULL, LIMIT_AUDIT_NOTE_BYTES);
    buf_init(&a, NULL, LIMIT_AUDIT_NOTE_BYTES);
    enum bp_err e = before ? audit_json(&b, before) : BP_OK;
    if (!e && after)
        e = audit_json(&a, after);
    if (!e)
        e = audit_append(db, actor_id, action, collection, row_id, before ? b.data : NULL,
                         before ? b.len : 0, after ? a.data : NULL, after ? a.len : 0);
    buf_release(&b);
    buf_release(&a);
    return e;
}
