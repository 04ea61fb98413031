/*
 * dialect: the SQL fragments that only some databases speak, for the statements the engine
 * generates (row JSON, timestamps, array fields, the full-text filter of lists). The engine
 * asks for them here instead of writing SQLite's spelling: dialect_sqlite.c and dialect_pg.c
 * spell each one (dialect_sqlite_x, dialect_pg_x, declared in dialect_impl.h) and dialect.c
 * passes dialect_x to the one of the database the process opened. Each
 * function appends to sql; a failed append marks sql failed (struct buf's rule), which the
 * caller checks once when the statement is complete. Names passed in are declared names
 * (tables, columns, keys), never input.
 *
 * Search's own index (engine/search.c: FTS5, its vocabulary and ranking; engine/search_pg.c on
 * PostgreSQL) is backend-specific as a whole and not covered here but for dialect_text_rows.
 */
#ifndef BP_DIALECT_H
#define BP_DIALECT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* The time now as created_at and updated_at store it: ISO 8601 UTC with milliseconds
 * ("2026-12-07T05:00:00.000Z"). */
void dialect_now(struct buf *sql);

/* A JSON object built in the statement: dialect_json_object_begin, then per member
 * dialect_json_key (a declared name, first for the first member) and the member's value
 * expression, then dialect_json_object_end; an object has at least one member. The text is
 * compact and in the members' order on every database (the answers' bytes are the same). Keys may be given as key (len bytes) plus
 * suffix (NULL for none): "org" for "org_id" expanded, "x" "_ref" for "x". */
void dialect_json_object_begin(struct buf *sql);
void dialect_json_key(struct buf *sql, const char *key, size_t len, const char *suffix,
                      bool first);
void dialect_json_object_end(struct buf *sql);
/* A column holding JSON text (an array field), as JSON in an object rather than a string. */
void dialect_json_column(struct buf *sql, const char *alias, const char *column);
/* An expression giving JSON text (a subquery's object), as JSON in an object rather than a
 * string; NULL stays null. */
void dialect_json_value(struct buf *sql, const char *expr);
/* A condition (an expression over the row) as JSON true or false (NULL: false). */
void dialect_json_truth(struct buf *sql, const char *cond);
/* A 0/1 integer column as JSON true or false (anything else: false). */
void dialect_json_bool(struct buf *sql, const char *alias, const char *column);
/* An integer column of units of 10^-scale (a decimal field) as the exact JSON number it
 * stands for ("12.50" for 1250, scale 2); NULL stays NULL. */
void dialect_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale);

/* A condition: the JSON array of strings in alias.column holds parameter ?param. */
void dialect_array_contains(struct buf *sql, const char *alias, const char *column, int param);
/* A FROM item: the elements of the JSON array of strings bound to ?param, one row each, in a
 * column named value. */
void dialect_array_elements(struct buf *sql, int param);

/* A subquery's SELECT: the row ids (row_id) of collection ?collection whose entry in search's
 * full-text index (search.c's tables search and search_rows) matches the query in ?match (the
 * expression of search_list_match). */
void dialect_text_rows(struct buf *sql, int match, int collection);
/* Whether the database has search's full-text index: both do (lists filter q through it). */
bool dialect_text_index(void);
/* Whether that index is SQLite's FTS5; on PostgreSQL it is bpmc's own postings, evaluated by
 * engine/search_pg.c (docs/postgresql.md "Search"). */
bool dialect_fts5(void);

/* A JSON array built in the statement: element (an expression over the columns of from) for
 * each row of from (a FROM item: a table, or a subquery with its alias), in the order of order
 * (an ORDER BY list over from's columns); [] when from has no row. */
void dialect_json_array_agg(struct buf *sql, const char *element, const char *from,
                            const char *order);
/* A number rounded to digits decimals, as a JSON value: SQLite's round() (a REAL, which JSON
 * writes as 0.0032, 12.0, 0.0) and the same text on every database. Only as a value of a JSON
 * object or array, not for further arithmetic. */
void dialect_json_round(struct buf *sql, const char *expr, int digits);
/* A FROM item: the elements of the JSON array of strings in alias.column, one row each, in a
 * column as.value. */
void dialect_array_column_elements(struct buf *sql, const char *alias, const char *column,
                                   const char *as);
/* Seconds since 1970 of a time stored as created_at is (ISO 8601 UTC text), the expression
 * expr; a number that subtracts. */
void dialect_epoch(struct buf *sql, const char *expr);
/* The month in Seoul ("2026-12") of a time stored as created_at is, the expression expr. */
void dialect_local_month(struct buf *sql, const char *expr);
/* A condition: the text column alias.column matches the LIKE pattern ?param (escape character
 * backslash), ignoring the case of ASCII letters as SQLite's LIKE does. */
void dialect_like(struct buf *sql, const char *alias, const char *column, int param);

/* Statements about the schema (resource_check_table: does every entry agree with its table?).
 * A statement whose one row for table ?1 is its definition's text holding its CHECK (...)
 * constraints, and 1 when its columns are strictly typed (SQLite's STRICT; every PostgreSQL
 * table); no row when there is no such table. */
void dialect_table_definition(struct buf *sql);
/* A statement whose rows for table ?1 are its columns, each its name and its type: INTEGER, TEXT
 * or BLOB (PostgreSQL's bigint, integer and smallint are INTEGER, bytea BLOB); one statement for
 * the whole table (on PostgreSQL each statement is a round trip). */
void dialect_column_type(struct buf *sql);
/* A statement whose one value is the last id the table's own id sequence gave (AUTOINCREMENT's
 * on SQLite), 0 when it gave none. */
void dialect_last_sequence(struct buf *sql, const char *table);

/* Locks for several writers at once (PostgreSQL: several servers, a pool of writers each). On
 * SQLite, whose one write lock serialises every write transaction, each is a no-op spelling.
 * dialect_for_update: what ends a SELECT that reads a row to write it again in the same
 * transaction (" FOR UPDATE": a second writer waits, then reads the new value), else "".
 * dialect_xact_lock: an expression that takes the lock named by the integer key (an
 * expression) until the transaction ends, waiting for it; with try, an expression that is 1
 * when the lock was taken and 0 when another transaction holds it (never waits). */
void dialect_for_update(struct buf *sql);
void dialect_xact_lock(struct buf *sql, const char *key, bool try_only);

/* The statement of template tmpl in the dialect of the database (dialect_sql.c), written at its
 * first use and kept in *slot for the process: "{now}" is dialect_now; "{true:COND}" COND as
 * JSON true/false (dialect_json_truth); "{epoch:EXPR}" dialect_epoch; "{json:EXPR}" dialect_json_value;
 * "{each:ALIAS|COLUMN|AS}" dialect_array_column_elements (a FROM item, rows AS.value); "{obj:key=EXPR|key=EXPR…}" a JSON object
 * (dialect_json_object_*); "{arr:ELEMENT|FROM|ORDER}" dialect_json_array_agg; "{forupdate}" dialect_for_update;
 * "{lock:KEY}" and "{trylock:KEY}" dialect_xact_lock. Markers nest;
 * a template has no other braces, and no '|' inside a marker but its separators. A template
 * that does not expand gives a statement that fails to prepare. DIALECT_SQL(tmpl) keeps the
 * slot at the call site. */
const char *dialect_sql(const char **slot, const char *tmpl);
#define DIALECT_SQL(tmpl)                                                                        \
    __extension__({                                                                              \
        static const char *dialect_sql_slot_;                                                    \
        dialect_sql(&dialect_sql_slot_, tmpl);                                                   \
    })

#endif
