/*
 * backend: what db.c needs of a database driver. Each backend's connection and statement
 * structs begin with the header below, so db.c (the functions of db.h) dispatches by one
 * pointer: SQLite (db/sqlite.c) and PostgreSQL (db/pg.c) are linked into one binary, and the
 * path given to db_open picks one (db_kind_of). Only files in src/db/ include this.
 */
#ifndef BP_DB_BACKEND_H
#define BP_DB_BACKEND_H

#include "db/db.h"

struct db_ops;

struct db {
    const struct db_ops *ops;
};

struct db_stmt {
    const struct db_ops *ops;
};

struct db_ops {
    enum bp_err (*open)(const char *path, enum db_mode mode, bool create, struct db **out);
    void (*close)(struct db *db);
    enum bp_err (*exec)(struct db *db, const char *sql);
    bool (*read_only)(struct db *db);
    enum bp_err (*durability)(struct db *db, struct db_durability *out);
    enum bp_err (*prepare)(struct db *db, const char *sql, struct db_stmt **out);
    void (*bind_int)(struct db_stmt *st, int idx, long long v);
    void (*bind_text)(struct db_stmt *st, int idx, const char *s, size_t len);
    void (*bind_null)(struct db_stmt *st, int idx);
    void (*bind_blob)(struct db_stmt *st, int idx, const void *p, size_t len);
    const void *(*column_blob)(struct db_stmt *st, int col, size_t *len);
    int (*param_index)(struct db_stmt *st, const char *name);
    enum db_step (*step)(struct db_stmt *st);
    void (*reset)(struct db_stmt *st);
    int (*column_count)(struct db_stmt *st);
    bool (*column_is_null)(struct db_stmt *st, int col);
    bool (*column_is_int)(struct db_stmt *st, int col);
    long long (*column_int)(struct db_stmt *st, int col);
    const char *(*column_text)(struct db_stmt *st, int col, size_t *len);
    const char *(*errmsg)(struct db *db);
    enum db_failure (*failure)(struct db *db);
    bool (*conflicted)(struct db *db); /* NULL: never */
    long long (*changes)(struct db *db);
    long long (*last_id)(struct db *db);
    enum bp_err (*data_version)(struct db *db, long long *out);
    enum bp_err (*backup)(struct db *db, const char *path, const char *probe, long long *probe_value);
    bool (*filename)(struct db *db, char *out, size_t size);
};

extern const struct db_ops db_sqlite_ops;
extern const struct db_ops db_pg_ops;

/* The dialect of the statements the engine generates (dialect.c): set by the first db_open. */
void dialect_select(enum db_kind kind);

#endif
