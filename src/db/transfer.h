/*
 * transfer: copy a SQLite database into a PostgreSQL one made by the same migrations, and
 * compare the two row by row (`bpmc migrate-to-postgres`, docs/postgresql.md). The plan reads
 * both catalogues: the target's tables in the order their foreign keys need (a table after
 * every table it refers to), each table's columns, primary key and identity; the source's
 * tables that have no counterpart (SQLite's own: the full-text index's storage) are named and
 * left out. Only this file reads both catalogues; the command (cli/migrate_pg.c) holds the
 * transactions and the files kept beside the database.
 */
#ifndef BP_DB_TRANSFER_H
#define BP_DB_TRANSFER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "db/db.h"

struct db_transfer;

/* What was done to, or found in, one table. Digests are the SHA-256 (hex) of every row in
 * primary-key order, each value with its kind and length, the same function on both sides. */
struct db_transfer_table {
    const char *name;
    long long source_rows, target_rows; /* count(*) on each side */
    char source_digest[65], target_digest[65];
    long long next_id; /* the identity's next value on the target; 0: no identity column */
    const char *left_default; /* a target column the source lacks (left to its default), or NULL */
};

/* Called once per table, in the plan's order, by db_transfer_copy and db_transfer_compare. */
typedef void (*db_transfer_note)(void *user, const struct db_transfer_table *t);

/* Read both catalogues. *out owned by the caller (db_transfer_free). BP_ERR_INVALID with why
 * when the two do not fit (a target table the source lacks, a column the target cannot take, a
 * cycle of foreign keys); BP_ERR_DB when a catalogue cannot be read. */
BP_MUST_USE enum bp_err db_transfer_plan(struct db *from, struct db *to, struct db_transfer **out,
                                         char *why, size_t why_size);
void db_transfer_free(struct db_transfer *t);

/* How many tables the target's schema holds (a database bpmc never migrated: 0 when empty). */
BP_MUST_USE enum bp_err db_transfer_target_tables(struct db *to, long long *out);

/* The source's tables left out (comma-separated, "" for none) into out. */
void db_transfer_left_out(const struct db_transfer *t, char *out, size_t size);

/* Whether the target was ever written: rows in the audit log, users or organisations (which
 * the migrations never write; every write of bpmc is audited). BP_OK with *used and which
 * (naming the tables) filled; BP_ERR_DB. */
BP_MUST_USE enum bp_err db_transfer_target_used(struct db_transfer *t, struct db *to, bool *used,
                                                char *which, size_t which_size);

/* Inside the caller's transactions (the source's holding its write lock, the target's to be
 * committed by the caller): empty the target's tables (the rows migrations seed, holidays and
 * stage definitions, are the source's too), copy every row with its id (user triggers of the
 * target off meanwhile: the copy is of rows already checked), advance each identity past the
 * copied ids (and past SQLite's sqlite_sequence, which AUTOINCREMENT never reuses), then read
 * both sides back with db_transfer_compare. BP_ERR_INVALID with why naming the first table
 * that differs; BP_ERR_DB with why naming the table and the database's message. */
BP_MUST_USE enum bp_err db_transfer_copy(struct db_transfer *t, struct db *from, struct db *to,
                                         db_transfer_note note, void *user, char *why,
                                         size_t why_size);

/* Count and digest every table on both sides. BP_ERR_INVALID with why naming the first table
 * whose count or digest differs (every table is still noted); BP_ERR_DB. */
BP_MUST_USE enum bp_err db_transfer_compare(struct db_transfer *t, struct db *from, struct db *to,
                                            db_transfer_note note, void *user, char *why,
                                            size_t why_size);

#endif
