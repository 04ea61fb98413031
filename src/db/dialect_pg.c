/*
 * dialect_pg: PostgreSQL's spelling of the fragments in dialect.h (json_build_object, to_char,
 * json_array_elements_text). Parameters are written ?N like everywhere: db/pg.c maps them to
 * $N when it prepares the statement. Columns keep SQLite's storage (TEXT times, JSON text,
 * 0/1 integers), so each fragment reads them as SQLite's does.
 */
#include "db/dialect_impl.h"

#include "base/banned.h"

void dialect_pg_now(struct buf *sql)
{
    /* statement_timestamp: the time the statement began, as SQLite's 'now' is per statement */
    (void)buf_adds(sql, "to_char(statement_timestamp() AT TIME ZONE 'UTC',"
                        "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
}

void dialect_pg_json_object_begin(struct buf *sql) { (void)buf_adds(sql, "json_build_object("); }

void dialect_pg_json_key(struct buf *sql, const char *key, size_t len, const char *suffix, bool first)
{
    (void)buf_addf(sql, "%s'%.*s%s',", first ? "" : ",", (int)len, key, suffix ? suffix : "");
}

void dialect_pg_json_object_end(struct buf *sql) { (void)buf_addch(sql, ')'); }

void dialect_pg_json_column(struct buf *sql, const char *alias, const char *column)
{
    (void)buf_addf(sql, "(%s.%s)::json", alias, column);
}

void dialect_pg_json_bool(struct buf *sql, const char *alias, const char *column)
{
    (void)buf_addf(sql, "to_json(coalesce(%s.%s=1,false))", alias, column);
}

void dialect_pg_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale)
{
    if (scale == 0) {
        (void)buf_addf(sql, "%s.%s", alias, column);
        return;
    }
    /* a numeric of exactly scale digits after the point: 1250 * 0.01 is 12.50 */
    (void)buf_addf(sql, "to_json(%s.%s::numeric*0.%0*u)", alias, column, (int)scale, 1u);
}

void dialect_pg_array_contains(struct buf *sql, const char *alias, const char *column, int param)
{
    (void)buf_addf(sql, "EXISTS (SELECT 1 FROM json_array_elements_text(%s.%s::json) AS j(value) "
                        "WHERE j.value=?%d)",
                   alias, column, param);
}

void dialect_pg_array_elements(struct buf *sql, int param)
{
    (void)buf_addf(sql, "json_array_elements_text(?%d::json) AS value", param);
}

void dialect_pg_text_match(struct buf *sql, const char *index, int param)
{
    /* No FTS5 on PostgreSQL yet (docs/postgresql.md): lists filter by q with the LIKE path
     * (dialect_text_index says so), so this fragment is never reached there; it stays a valid,
     * false condition should a caller reach it. */
    (void)buf_addf(sql, "(%s.rowid IS NULL AND ?%d IS NULL)", index, param);
}
