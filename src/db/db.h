/*
 * db: the narrow interface every module uses to reach the database. Only db/sqlite.c and
 * db/pg.c know their drivers; db.c dispatches to the one the path names (a file: SQLite, the
 * default; postgres:// or postgresql://: PostgreSQL, docs/postgresql.md). A connection is used by
 * one thread at a time. Statements are prepared once per connection and cached by their SQL
 * text (which is always a constant or built only from declared names, never from input), so
 * db_prepare on a hot path costs a hash lookup.
 */
#ifndef BP_DB_H
#define BP_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

struct db;
struct db_stmt;

enum db_mode {
    DB_READ,  /* read-only: the event loops and workers */
    DB_WRITE, /* the one writer: synchronous=FULL */
};

enum db_step {
    DB_ROW,
    DB_DONE,
    DB_FAIL, /* details: db_errmsg, db_failure */
};

/* What a failed statement violated, so the caller can name a field or answer 409. */
enum db_failure {
    DB_FAIL_OTHER,
    DB_FAIL_UNIQUE,     /* detail names "table.column" */
    DB_FAIL_FOREIGN_KEY,
    DB_FAIL_CHECK,
    DB_FAIL_BUSY,
    DB_FAIL_FULL,
    DB_FAIL_READONLY, /* the file or its file system refuses writes */
};

enum db_kind {
    DB_SQLITE,
    DB_POSTGRES,
};

/* Which backend a path names: a postgres:// or postgresql:// URL (libpq's connection URI),
 * else a SQLite file. */
enum db_kind db_kind_of(const char *path);
enum db_kind db_kind(struct db *db);
/* path as it may be printed: a URL's password left out ("postgresql://bpmc:***@db/bpmc"). */
const char *db_display(const char *path, char *buf, size_t size);

/* Open path (created when mode is DB_WRITE and create is true). *out owned by the caller:
 * db_close. BP_ERR_DB with a message on stderr-worthy text in db_errmsg-less cases. */
BP_MUST_USE enum bp_err db_open(const char *path, enum db_mode mode, bool create, struct db **out);
void db_close(struct db *db);

/* Run a script of statements without parameters (migrations, PRAGMAs). */
BP_MUST_USE enum bp_err db_exec(struct db *db, const char *sql);
/* Whether a connection opened for writing could only open the file for reading. */
bool db_read_only(struct db *db);
/* What the connection's commits survive, read back from SQLite: synchronous (0 OFF, 1 NORMAL,
 * 2 FULL, 3 EXTRA) and whether its journal is the WAL. A writer must be FULL in WAL mode: an
 * acknowledged commit is then on disk (jobs_start refuses to serve otherwise). */
struct db_durability {
    int synchronous;
    bool wal;
};
BP_MUST_USE enum bp_err db_durability(struct db *db, struct db_durability *out);
/* The cached prepared statement for sql, reset and with bindings cleared. Not owned by the
 * caller: valid until db_close. BP_ERR_DB when sql does not compile. */
BP_MUST_USE enum bp_err db_prepare(struct db *db, const char *sql, struct db_stmt **out);

/* Bindings, 1-based; text is copied by the driver. */
void db_bind_int(struct db_stmt *st, int idx, long long v);
void db_bind_text(struct db_stmt *st, int idx, const char *s, size_t len);
void db_bind_null(struct db_stmt *st, int idx);
void db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t len);
/* Bytes of a BLOB column: valid until the next step or reset. */
const void *db_column_blob(struct db_stmt *st, int col, size_t *len);
int db_param_index(struct db_stmt *st, const char *name);

enum db_step db_step(struct db_stmt *st);
/* Reset a statement after use so it holds no read snapshot. */
void db_reset(struct db_stmt *st);

int db_column_count(struct db_stmt *st);
bool db_column_is_null(struct db_stmt *st, int col);
bool db_column_is_int(struct db_stmt *st, int col);
long long db_column_int(struct db_stmt *st, int col);
/* Text of a column: valid until the next step or reset; never NULL ("" for NULL). */
const char *db_column_text(struct db_stmt *st, int col, size_t *len);

/* The last error of the connection, and its kind. */
const char *db_errmsg(struct db *db);
enum db_failure db_failure(struct db *db);
/* Whether a statement of the connection's current transaction lost to another transaction (a
 * deadlock or a serialization failure, PostgreSQL's 40P01 and 40001, or a lock wait that ran
 * out, 55P03) since its BEGIN: nothing it did will commit, and the whole transaction should run
 * again. Never on SQLite (its one write lock is taken at BEGIN IMMEDIATE). */
bool db_conflicted(struct db *db);
/* Rows changed by the last statement, and the last inserted id. */
long long db_changes(struct db *db);
long long db_last_id(struct db *db);

/* A number that changes whenever another connection commits, in this process or another
 * (SQLite's PRAGMA data_version; callers use a read-only connection). Costs the start of a
 * read, a microsecond or two. */
BP_MUST_USE enum bp_err db_data_version(struct db *db, long long *out);
/* Run sql once with its parameters bound in order: types has 'i' for a long long and 't' for a
 * const char * (NULL binds NULL). *out, when not NULL, gets the first column of the first row
 * (0 when there is none or it is NULL); with RETURNING or SELECT that tells what happened,
 * db_changes tells how many rows an UPDATE or DELETE touched. */
BP_MUST_USE enum bp_err db_run(struct db *db, long long *out, const char *sql, const char *types, ...);
/* A one-off query returning one integer (count, version), or fallback when no row. */
BP_MUST_USE enum bp_err db_query_int(struct db *db, const char *sql, long long fallback, long long *out);

/* Migrations compiled into the binary; each applied in its own transaction. *applied gets how
 * many ran. The version lives in PRAGMA user_version (SQLite) or the table schema_version
 * (PostgreSQL). */
BP_MUST_USE enum bp_err db_migrate(struct db *db, int *applied);
/* The PostgreSQL text of a migration or demo file written for SQLite, appended to out: its
 * declared forms translated and its [sqlite] sections left out (db/migrate.c, docs/postgresql.md).
 * BP_ERR_DB (and a line on stderr) for a line that has no PostgreSQL form outside a section. */
struct buf;
BP_MUST_USE enum bp_err db_pg_migration_text(const char *sql, size_t len, struct buf *out);
/* The schema version the binary knows, and the one in the database. */
int db_schema_latest(void);
BP_MUST_USE enum bp_err db_schema_version(struct db *db, int *out);
/* Load the embedded demo cluster (the demo folder) in one transaction. */
BP_MUST_USE enum bp_err db_load_demo(struct db *db);
/* The file that stands for the database, for the files kept beside it (the audit key and its
 * checkpoints): SQLite's own file; for PostgreSQL, <dir>/<database name>, dir being
 * $BPMC_PG_FILES or "data". False when it does not fit size. */
bool db_filename(struct db *db, char *out, size_t size);
/* Online backup of the database to path, consistent while others write: SQLite's backup API
 * (path is a SQLite file), or on PostgreSQL pg_dump's custom format (pg_restore reads it) taken
 * in a snapshot of this connection ($BPMC_PG_DUMP names the program, default pg_dump). probe,
 * when not NULL, is a query whose first column (an integer) is read in the copy's own snapshot
 * into *probe_value: what the copy holds (the last audit row it has). BP_ERR_DB / BP_ERR_IO,
 * with a line on stderr. */
BP_MUST_USE enum bp_err db_backup(struct db *db, const char *path, const char *probe,
                                  long long *probe_value);

#endif
