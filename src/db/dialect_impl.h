/*
 * dialect_impl: the two spellings of each dialect.h function, dialect_sqlite_x (dialect_sqlite.c)
 * and dialect_pg_x (dialect_pg.c); dialect.c picks one per call. A function added to dialect.h
 * gets both here, both implementations and its lines in dialect.c. Only src/db includes this.
 */
#ifndef BP_DIALECT_IMPL_H
#define BP_DIALECT_IMPL_H

#include "db/dialect.h"

void dialect_sqlite_now(struct buf *sql);
void dialect_pg_now(struct buf *sql);
void dialect_sqlite_json_object_begin(struct buf *sql);
void dialect_pg_json_object_begin(struct buf *sql);
void dialect_sqlite_json_key(struct buf *sql, const char *key, size_t len, const char *suffix, bool first);
void dialect_pg_json_key(struct buf *sql, const char *key, size_t len, const char *suffix, bool first);
void dialect_sqlite_json_object_end(struct buf *sql);
void dialect_pg_json_object_end(struct buf *sql);
void dialect_sqlite_json_column(struct buf *sql, const char *alias, const char *column);
void dialect_pg_json_column(struct buf *sql, const char *alias, const char *column);
void dialect_sqlite_json_truth(struct buf *sql, const char *cond);
void dialect_sqlite_json_value(struct buf *sql, const char *expr);
void dialect_sqlite_json_bool(struct buf *sql, const char *alias, const char *column);
void dialect_pg_json_truth(struct buf *sql, const char *cond);
void dialect_pg_json_value(struct buf *sql, const char *expr);
void dialect_pg_json_bool(struct buf *sql, const char *alias, const char *column);
void dialect_sqlite_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale);
void dialect_pg_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale);
void dialect_sqlite_array_contains(struct buf *sql, const char *alias, const char *column, int param);
void dialect_pg_array_contains(struct buf *sql, const char *alias, const char *column, int param);
void dialect_sqlite_array_elements(struct buf *sql, int param);
void dialect_pg_array_elements(struct buf *sql, int param);
void dialect_sqlite_text_rows(struct buf *sql, int match, int collection);
void dialect_pg_text_rows(struct buf *sql, int match, int collection);
void dialect_sqlite_json_round(struct buf *sql, const char *expr, int digits);
void dialect_pg_json_round(struct buf *sql, const char *expr, int digits);
void dialect_sqlite_json_array_agg(struct buf *sql, const char *element, const char *from, const char *order);
void dialect_pg_json_array_agg(struct buf *sql, const char *element, const char *from, const char *order);
void dialect_sqlite_array_column_elements(struct buf *sql, const char *alias, const char *column, const char *as);
void dialect_pg_array_column_elements(struct buf *sql, const char *alias, const char *column, const char *as);
void dialect_sqlite_epoch(struct buf *sql, const char *expr);
void dialect_pg_epoch(struct buf *sql, const char *expr);
void dialect_sqlite_local_month(struct buf *sql, const char *expr);
void dialect_pg_local_month(struct buf *sql, const char *expr);
void dialect_sqlite_like(struct buf *sql, const char *alias, const char *column, int param);
void dialect_pg_like(struct buf *sql, const char *alias, const char *column, int param);
void dialect_sqlite_table_definition(struct buf *sql);
void dialect_pg_table_definition(struct buf *sql);
void dialect_sqlite_column_type(struct buf *sql);
void dialect_pg_column_type(struct buf *sql);
void dialect_sqlite_last_sequence(struct buf *sql, const char *table);
void dialect_pg_last_sequence(struct buf *sql, const char *table);
void dialect_sqlite_for_update(struct buf *sql);
void dialect_pg_for_update(struct buf *sql);
void dialect_sqlite_xact_lock(struct buf *sql, const char *key, bool try_only);
void dialect_pg_xact_lock(struct buf *sql, const char *key, bool try_only);

#endif
