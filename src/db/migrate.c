/*
 * migrate: applies the numbered migrations compiled into the binary (each module's
 * migrations/NNNN_*.sql and db/migrations/), in the order of their numbers, each in one transaction that also sets PRAGMA user_version, and loads the demo cluster.
 */
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/embedded.h"
#include "base/buf.h"
#include "base/banned.h"

static bool is_migration(const struct embedded_file *f)
{
    return strncmp(f->name, "migrations/", 11) == 0;
}

static int migration_number(const char *name)
{
    int n = 0;
    name += strlen("migrations/");
    for (int i = 0; i < 4; i++)
        n = n * 10 + (name[i] - '0');
    return n;
}

int db_schema_latest(void)
{
    int latest = 0;
    for (const struct embedded_file *f = embedded_files; f->name; f++)
        if (is_migration(f) && migration_number(f->name) > latest)
            latest = migration_number(f->name);
    return latest;
}

enum bp_err db_schema_version(struct db *db, int *out)
{
    long long v;
    enum bp_err e = db_query_int(db, "PRAGMA user_version", 0, &v);
    *out = (int)v;
    return e;
}

enum bp_err db_migrate(struct db *db, int *applied)
{
    int current;
    enum bp_err e = db_schema_version(db, &current);
    *applied = 0;
    if (e)
        return e;
    if (current > db_schema_latest()) {
        fprintf(stderr, "bpmc: database schema %d is newer than this binary (%d)\n", current,
                db_schema_latest());
        return BP_ERR_DB;
    }
    for (;;) {
        /* the next number after current; two files with one number are a build mistake */
        const struct embedded_file *f = NULL;
        for (const struct embedded_file *g = embedded_files; g->name; g++) {
            if (!is_migration(g) || migration_number(g->name) <= current)
                continue;
            if (f && migration_number(g->name) == migration_number(f->name)) {
                fprintf(stderr, "bpmc: migrations %s and %s have one number\n", f->name, g->name);
                return BP_ERR_DB;
            }
            if (!f || migration_number(g->name) < migration_number(f->name))
                f = g;
        }
        if (!f)
            break;
        /* A migration that rebuilds a table others reference (SQLite's way to change a CHECK)
         * says so on its first line: it runs with foreign keys off, as SQLite's documented
         * procedure for such changes does, and every key is checked before its COMMIT. */
        static const char fk_off[] = "-- migrate: foreign keys off";
        bool rebuild = f->len >= sizeof(fk_off) - 1 && memcmp(f->data, fk_off, sizeof(fk_off) - 1) == 0;
        struct buf sql;
        buf_init(&sql, NULL, f->len + 256);
        if (rebuild)
            (void)buf_adds(&sql, "PRAGMA foreign_keys=OFF;\n");
        (void)buf_adds(&sql, "BEGIN IMMEDIATE;\n");
        (void)buf_add(&sql, f->data, f->len);
        if (rebuild) /* a dangling key makes the CHECK's division by zero fail the migration */
            (void)buf_adds(&sql, ";\nCREATE TEMP TABLE migrate_fk(n INTEGER CHECK (n = 0));\n"
                                 "INSERT INTO migrate_fk SELECT count(*) FROM pragma_foreign_key_check;\n"
                                 "DROP TABLE migrate_fk");
        (void)buf_addf(&sql, ";\nPRAGMA user_version=%d;\nCOMMIT;", migration_number(f->name));
        e = sql.failed ? BP_ERR_NOMEM : db_exec(db, sql.data);
        buf_release(&sql);
        if (rebuild)
            err_ignore(db_exec(db, "PRAGMA foreign_keys=ON"));
        if (e) {
            fprintf(stderr, "bpmc: migration %s failed: %s\n", f->name, db_errmsg(db));
            err_ignore(db_exec(db, "ROLLBACK"));
            return e;
        }
        current = migration_number(f->name);
        (*applied)++;
    }
    return BP_OK;
}

enum bp_err db_load_demo(struct db *db)
{
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (e)
        return e;
    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        if (is_migration(f))
            continue;
        if (db_exec(db, f->data) != BP_OK) {
            fprintf(stderr, "bpmc: demo data %s failed: %s\n", f->name, db_errmsg(db));
            err_ignore(db_exec(db, "ROLLBACK"));
            return BP_ERR_DB;
        }
    }
    return db_exec(db, "COMMIT");
}
