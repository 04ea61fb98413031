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

/* Objects are written as text, '{"key":' || value || ... || '}', not by json_build_object:
 * PostgreSQL's json text puts spaces around its colons and commas ({"id" : 1, "name" : …}),
 * and the answers must be SQLite's bytes (compact, members in declared order). Each value is
 * to_json(value)::text, null for NULL; the key after a value (or the end) closes it. */
void dialect_pg_json_object_begin(struct buf *sql) { (void)buf_adds(sql, "(('{'"); }

void dialect_pg_json_key(struct buf *sql, const char *key, size_t len, const char *suffix, bool first)
{
    (void)buf_addf(sql, "%s||'%s\"%.*s%s\":'||coalesce(to_json(", first ? "" : ")::text,'null')",
                   first ? "" : ",", (int)len, key, suffix ? suffix : "");
}

void dialect_pg_json_object_end(struct buf *sql) { (void)buf_adds(sql, ")::text,'null')||'}')::json)"); }

void dialect_pg_json_column(struct buf *sql, const char *alias, const char *column)
{
    (void)buf_addf(sql, "(%s.%s)::json", alias, column);
}

void dialect_pg_json_value(struct buf *sql, const char *expr)
{
    (void)buf_addf(sql, "(%s)::json", expr);
}

void dialect_pg_json_truth(struct buf *sql, const char *cond)
{
    (void)buf_addf(sql, "to_json(coalesce((%s),false))", cond);
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

void dialect_pg_text_rows(struct buf *sql, int match, int collection)
{
    /* search's postings (migration 0113, engine/search_pg.c): the rows whose title, names or
     * body hold every word of the list's expression, as FTS5 matches it */
    (void)buf_addf(sql, "SELECT x.row_id FROM search_rows x WHERE x.collection=?%d AND x.rowid IN "
                        "(SELECT search_list_rows(?%d::text))",
                   collection, match);
}

void dialect_pg_json_array_agg(struct buf *sql, const char *element, const char *from,
                               const char *order)
{
    /* compact, as SQLite's json_group_array (json_agg writes ", " between elements) */
    (void)buf_addf(sql, "(SELECT coalesce('['||string_agg((%s)::text,',' ORDER BY %s)||']','[]')::json "
                        "FROM %s)",
                   element, order, from);
}

void dialect_pg_array_column_elements(struct buf *sql, const char *alias, const char *column,
                                      const char *as)
{
    (void)buf_addf(sql, "json_array_elements_text(%s.%s::json) AS %s(value)", alias, column, as);
}

void dialect_pg_epoch(struct buf *sql, const char *expr)
{
    /* whole seconds, as SQLite's unixepoch */
    (void)buf_addf(sql, "floor(extract(epoch FROM (%s)::timestamptz))::bigint", expr);
}

void dialect_pg_local_month(struct buf *sql, const char *expr)
{
    (void)buf_addf(sql, "to_char(((%s)::timestamptz AT TIME ZONE 'UTC')+interval '9 hours','YYYY-MM')",
                   expr);
}

void dialect_pg_like(struct buf *sql, const char *alias, const char *column, int param)
{
    /* ILIKE: SQLite's LIKE ignores the case of ASCII letters */
    (void)buf_addf(sql, "%s.%s ILIKE ?%d ESCAPE '\\'", alias, column, param);
}

void dialect_pg_table_definition(struct buf *sql)
{
    /* the table's CHECK constraints, each "CHECK (...)" as pg_get_constraintdef writes it;
     * every PostgreSQL column is strictly typed */
    (void)buf_adds(sql, "SELECT coalesce((SELECT string_agg(pg_get_constraintdef(c.oid),', ' "
                        "ORDER BY c.conname) FROM pg_constraint c WHERE c.conrelid=t.oid AND "
                        "c.contype='c'),''),1 FROM pg_class t WHERE t.relname=?1 AND "
                        "t.relkind='r' AND t.relnamespace=current_schema()::regnamespace");
}

void dialect_pg_column_type(struct buf *sql)
{
    /* the catalog itself: information_schema.columns is a view too slow to ask per table */
    (void)buf_adds(sql, "SELECT a.attname, CASE WHEN a.atttypid IN ('int8'::regtype, "
                        "'int4'::regtype, 'int2'::regtype) THEN 'INTEGER' WHEN a.atttypid = "
                        "'bytea'::regtype THEN 'BLOB' WHEN a.atttypid = 'text'::regtype THEN 'TEXT' "
                        "ELSE upper(format_type(a.atttypid, NULL)) END FROM pg_attribute a JOIN "
                        "pg_class t ON t.oid = a.attrelid WHERE t.relname = ?1 AND t.relkind = 'r' "
                        "AND t.relnamespace = current_schema()::regnamespace AND a.attnum > 0 AND "
                        "NOT a.attisdropped ORDER BY a.attnum");
}

void dialect_pg_last_sequence(struct buf *sql, const char *table)
{
    (void)buf_addf(sql, "SELECT coalesce((SELECT last_value FROM pg_sequences WHERE "
                        "schemaname||'.'||sequencename=pg_get_serial_sequence('%s','id')),0)",
                   table);
}

void dialect_pg_json_round(struct buf *sql, const char *expr, int digits)
{
    /* SQLite's REAL as JSON: the shortest decimals, and ".0" for a whole number (numeric's
     * round keeps its scale: 0.0000, 12.0) */
    (void)buf_addf(sql,
                   "(CASE WHEN scale(trim_scale(round((%s)::numeric, %d))) = 0 THEN "
                   "trim_scale(round((%s)::numeric, %d))::text || '.0' ELSE "
                   "trim_scale(round((%s)::numeric, %d))::text END)::json",
                   expr, digits, expr, digits, expr, digits);
}

/* NO KEY: the lock an UPDATE of the row's other columns takes, so no lock is upgraded later,
 * and a foreign key's check (KEY SHARE: a booking inserted naming the voucher) does not wait. */
void dialect_pg_for_update(struct buf *sql) { (void)buf_addf(sql, " FOR NO KEY UPDATE"); }

/* A transaction-level advisory lock: released by the COMMIT or ROLLBACK (a savepoint rolled
 * back releases what it took). pg_advisory_xact_lock answers void: 1 as the value. */
void dialect_pg_xact_lock(struct buf *sql, const char *key, bool try_only)
{
    if (try_only)
        (void)buf_addf(sql, "CAST(pg_try_advisory_xact_lock(%s) AS INTEGER)", key);
    else
        (void)buf_addf(sql, "(SELECT 1 FROM (SELECT pg_advisory_xact_lock(%s)) AS l)", key);
}
