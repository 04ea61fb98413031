/*
 * db: the functions of db.h, each one call through the backend's table (backend.h), and the
 * two helpers every backend shares (db_run, db_query_int).
 */
#include "db/backend.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

enum db_kind db_kind_of(const char *path)
{
    return strncmp(path, "postgres://", 11) == 0 || strncmp(path, "postgresql://", 13) == 0
               ? DB_POSTGRES
               : DB_SQLITE;
}

const char *db_display(const char *path, char *buf, size_t size)
{
    const char *scheme = strstr(path, "://");
    if (db_kind_of(path) != DB_POSTGRES || !scheme)
        return path;
    const char *host = scheme + 3, *at = strchr(host, '@'), *slash = strchr(host, '/');
    const char *colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
    if (!at || (slash && slash < at) || !colon)
        return path;
    snprintf(buf, size, "%.*s:***%s", (int)(colon - path), path, at);
    return buf;
}

enum db_kind db_kind(struct db *db) { return db->ops == &db_pg_ops ? DB_POSTGRES : DB_SQLITE; }

enum bp_err db_open(const char *path, enum db_mode mode, bool create, struct db **out)
{
    enum db_kind kind = db_kind_of(path);
    dialect_select(kind);
    return (kind == DB_POSTGRES ? &db_pg_ops : &db_sqlite_ops)->open(path, mode, create, out);
}

void db_close(struct db *db)
{
    if (db)
        db->ops->close(db);
}

enum bp_err db_exec(struct db *db, const char *sql) { return db->ops->exec(db, sql); }
bool db_read_only(struct db *db) { return db->ops->read_only(db); }
enum bp_err db_durability(struct db *db, struct db_durability *out) { return db->ops->durability(db, out); }
enum bp_err db_prepare(struct db *db, const char *sql, struct db_stmt **out) { return db->ops->prepare(db, sql, out); }
void db_bind_int(struct db_stmt *st, int idx, long long v) { st->ops->bind_int(st, idx, v); }
void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len) { st->ops->bind_text(st, idx, s, len); }
void db_bind_null(struct db_stmt *st, int idx) { st->ops->bind_null(st, idx); }
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len) { st->ops->bind_blob(st, idx, p, len); }
const void *db_column_blob(struct db_stmt *st, int col, size_t *len) { return st->ops->column_blob(st, col, len); }
int db_param_index(struct db_stmt *st, const char *name) { return st->ops->param_index(st, name); }
enum db_step db_step(struct db_stmt *st) { return st->ops->step(st); }
void db_reset(struct db_stmt *st) { st->ops->reset(st); }
int db_column_count(struct db_stmt *st) { return st->ops->column_count(st); }
bool db_column_is_null(struct db_stmt *st, int col) { return st->ops->column_is_null(st, col); }
bool db_column_is_int(struct db_stmt *st, int col) { return st->ops->column_is_int(st, col); }
long long db_column_int(struct db_stmt *st, int col) { return st->ops->column_int(st, col); }
const char *db_column_text(struct db_stmt *st, int col, size_t *len) { return st->ops->column_text(st, col, len); }
const char *db_errmsg(struct db *db) { return db->ops->errmsg(db); }
enum db_failure db_failure(struct db *db) { return db->ops->failure(db); }
bool db_conflicted(struct db *db) { return db->ops->conflicted && db->ops->conflicted(db); }
long long db_changes(struct db *db) { return db->ops->changes(db); }
long long db_last_id(struct db *db) { return db->ops->last_id(db); }
enum bp_err db_data_version(struct db *db, long long *out) { return db->ops->data_version(db, out); }
enum bp_err db_backup(struct db *db, const char *path, const char *probe, long long *probe_value)
{
    if (probe_value)
        *probe_value = 0;
    return db->ops->backup(db, path, probe, probe_value);
}
bool db_filename(struct db *db, char *out, size_t size) { return db->ops->filename(db, out, size); }

enum bp_err db_query_int(struct db *db, const char *sql, long long fallback, long long *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    enum db_step s = db_step(st);
    *out = s == DB_ROW ? db_column_int(st, 0) : fallback;
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

enum bp_err db_run(struct db *db, long long *out, const char *sql, const char *types, ...)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types[i]; i++) {
        if (types[i] == 'i') {
            db_bind_int(st, i + 1, va_arg(ap, long long));
        } else {
            const char *t = va_arg(ap, const char *);
            if (t)
                db_bind_text(st, i + 1, t, strlen(t));
            else
                db_bind_null(st, i + 1);
        }
    }
    va_end(ap);
    enum db_step s = db_step(st);
    if (out)
        *out = s == DB_ROW && !db_column_is_null(st, 0) ? db_column_int(st, 0) : 0;
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}
