/*
 * dialect: the dialect.h functions, each passing to the spelling of the database the process
 * opened (db_open calls dialect_select; one process speaks to one kind of database).
 */
#include "db/backend.h"
#include "db/dialect_impl.h"

#include "base/banned.h"

static bool pg;

void dialect_select(enum db_kind kind)
{
    if (pg != (kind == DB_POSTGRES)) /* written once, before the threads start */
        pg = kind == DB_POSTGRES;
}

bool dialect_text_index(void) { return true; }

bool dialect_fts5(void) { return !pg; }

void dialect_now(struct buf *sql)
{
    if (pg)
        dialect_pg_now(sql);
    else
        dialect_sqlite_now(sql);
}

void dialect_json_object_begin(struct buf *sql)
{
    if (pg)
        dialect_pg_json_object_begin(sql);
    else
        dialect_sqlite_json_object_begin(sql);
}

void dialect_json_key(struct buf *sql, const char *key, size_t len, const char *suffix, bool first)
{
    if (pg)
        dialect_pg_json_key(sql, key, len, suffix, first);
    else
        dialect_sqlite_json_key(sql, key, len, suffix, first);
}

void dialect_json_object_end(struct buf *sql)
{
    if (pg)
        dialect_pg_json_object_end(sql);
    else
        dialect_sqlite_json_object_end(sql);
}

void dialect_json_column(struct buf *sql, const char *alias, const char *column)
{
    if (pg)
        dialect_pg_json_column(sql, alias, column);
    else
        dialect_sqlite_json_column(sql, alias, column);
}

void dialect_json_value(struct buf *sql, const char *expr)
{
    if (pg)
        dialect_pg_json_value(sql, expr);
    else
        dialect_sqlite_json_value(sql, expr);
}

void dialect_json_truth(struct buf *sql, const char *cond)
{
    if (pg)
        dialect_pg_json_truth(sql, cond);
    else
        dialect_sqlite_json_truth(sql, cond);
}

void dialect_json_bool(struct buf *sql, const char *alias, const char *column)
{
    if (pg)
        dialect_pg_json_bool(sql, alias, column);
    else
        dialect_sqlite_json_bool(sql, alias, column);
}

void dialect_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale)
{
    if (pg)
        dialect_pg_json_decimal(sql, alias, column, scale);
    else
        dialect_sqlite_json_decimal(sql, alias, column, scale);
}

void dialect_array_contains(struct buf *sql, const char *alias, const char *column, int param)
{
    if (pg)
        dialect_pg_array_contains(sql, alias, column, param);
    else
        dialect_sqlite_array_contains(sql, alias, column, param);
}

void dialect_array_elements(struct buf *sql, int param)
{
    if (pg)
        dialect_pg_array_elements(sql, param);
    else
        dialect_sqlite_array_elements(sql, param);
}

void dialect_text_rows(struct buf *sql, int match, int collection)
{
    if (pg)
        dialect_pg_text_rows(sql, match, collection);
    else
        dialect_sqlite_text_rows(sql, match, collection);
}

void dialect_json_round(struct buf *sql, const char *expr, int digits)
{
    if (pg)
        dialect_pg_json_round(sql, expr, digits);
    else
        dialect_sqlite_json_round(sql, expr, digits);
}

void dialect_json_array_agg(struct buf *sql, const char *element, const char *from, const char *order)
{
    if (pg)
        dialect_pg_json_array_agg(sql, element, from, order);
    else
        dialect_sqlite_json_array_agg(sql, element, from, order);
}

void dialect_array_column_elements(struct buf *sql, const char *alias, const char *column, const char *as)
{
    if (pg)
        dialect_pg_array_column_elements(sql, alias, column, as);
    else
        dialect_sqlite_array_column_elements(sql, alias, column, as);
}

void dialect_epoch(struct buf *sql, const char *expr)
{
    if (pg)
        dialect_pg_epoch(sql, expr);
    else
        dialect_sqlite_epoch(sql, expr);
}

void dialect_local_month(struct buf *sql, const char *expr)
{
    if (pg)
        dialect_pg_local_month(sql, expr);
    else
        dialect_sqlite_local_month(sql, expr);
}

void dialect_like(struct buf *sql, const char *alias, const char *column, int param)
{
    if (pg)
        dialect_pg_like(sql, alias, column, param);
    else
        dialect_sqlite_like(sql, alias, column, param);
}

void dialect_table_definition(struct buf *sql)
{
    if (pg)
        dialect_pg_table_definition(sql);
    else
        dialect_sqlite_table_definition(sql);
}

void dialect_column_type(struct buf *sql)
{
    if (pg)
        dialect_pg_column_type(sql);
    else
        dialect_sqlite_column_type(sql);
}

void dialect_last_sequence(struct buf *sql, const char *table)
{
    if (pg)
        dialect_pg_last_sequence(sql, table);
    else
        dialect_sqlite_last_sequence(sql, table);
}

void dialect_for_update(struct buf *sql)
{
    if (pg)
        dialect_pg_for_update(sql);
    else
        dialect_sqlite_for_update(sql);
}

void dialect_xact_lock(struct buf *sql, const char *key, bool try_only)
{
    if (pg)
        dialect_pg_xact_lock(sql, key, try_only);
    else
        dialect_sqlite_xact_lock(sql, key, try_only);
}
