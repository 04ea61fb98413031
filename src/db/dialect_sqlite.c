/*
 * dialect_sqlite: SQLite's spelling of the fragments in dialect.h (JSON1 functions, strftime,
 * FTS5's MATCH); dialect.c calls dialect_sqlite_x for dialect_x on a SQLite database.
 */
#include "db/dialect_impl.h"

#include "base/banned.h"

void dialect_sqlite_now(struct buf *sql)
{
    (void)buf_adds(sql, "strftime('%Y-%m-%dT%H:%M:%fZ','now')");
}

void dialect_sqlite_json_object_begin(struct buf *sql) { (void)buf_adds(sql, "json_object("); }

void dialect_sqlite_json_key(struct buf *sql, const char *key, size_t len, const char *suffix,
                      bool first)
{
    (void)buf_addf(sql, "%s'%.*s%s',", first ? "" : ",", (int)len, key, suffix ? suffix : "");
}

void dialect_sqlite_json_object_end(struct buf *sql) { (void)buf_addch(sql, ')'); }

void dialect_sqlite_json_column(struct buf *sql, const char *alias, const char *column)
{
    (void)buf_addf(sql, "json(%s.%s)", alias, column);
}

void dialect_sqlite_json_value(struct buf *sql, const char *expr)
{
    (void)buf_addf(sql, "json(%s)", expr);
}

void dialect_sqlite_json_truth(struct buf *sql, const char *cond)
{
    (void)buf_addf(sql, "CASE WHEN %s THEN json('true') ELSE json('false') END", cond);
}

void dialect_sqlite_json_bool(struct buf *sql, const char *alias, const char *column)
{
    (void)buf_addf(sql, "CASE %s.%s WHEN 1 THEN json('true') ELSE json('false') END", alias,
                   column);
}

void dialect_sqlite_json_decimal(struct buf *sql, const char *alias, const char *column, unsigned scale)
{
    long long unit = 1;
    for (unsigned i = 0; i < scale; i++)
        unit *= 10;
    if (scale == 0) {
        (void)buf_addf(sql, "%s.%s", alias, column);
        return;
    }
    /* the decimal text, which json() turns into a JSON number */
    (void)buf_addf(sql,
                   "CASE WHEN %s.%s IS NOT NULL THEN json(printf('%%s%%d.%%0%ud', CASE WHEN "
                   "%s.%s<0 THEN '-' ELSE '' END, abs(%s.%s)/%lld, abs(%s.%s)%%%lld)) END",
                   alias, column, scale, alias, column, alias, column, unit, alias, column, unit);
}

void dialect_sqlite_array_contains(struct buf *sql, const char *alias, const char *column, int param)
{
    (void)buf_addf(sql, "EXISTS (SELECT 1 FROM json_each(%s.%s) WHERE value=?%d)", alias, column,
                   param);
}

void dialect_sqlite_array_elements(struct buf *sql, int param)
{
    (void)buf_addf(sql, "json_each(?%d)", param);
}

void dialect_sqlite_text_rows(struct buf *sql, int match, int collection)
{
    (void)buf_addf(sql, "SELECT x.row_id FROM search CROSS JOIN search_rows x ON "
                        "x.rowid=search.rowid WHERE search MATCH ?%d AND x.collection=?%d",
                   match, collection);
}

void dialect_sqlite_json_array_agg(struct buf *sql, const char *element, const char *from,
                            const char *order)
{
    /* json_group_array keeps the order of the rows it reads (SQLite 3.40 has no ORDER BY in
     * an aggregate); json() makes the array JSON inside an enclosing json_object */
    (void)buf_addf(sql, "json((SELECT json_group_array(%s) FROM (SELECT * FROM %s ORDER BY %s)))",
                   element, from, order);
}

void dialect_sqlite_array_column_elements(struct buf *sql, const char *alias, const char *column,
                                   const char *as)
{
    (void)buf_addf(sql, "json_each(%s.%s) AS %s", alias, column, as);
}

void dialect_sqlite_epoch(struct buf *sql, const char *expr) { (void)buf_addf(sql, "unixepoch(%s)", expr); }

void dialect_sqlite_local_month(struct buf *sql, const char *expr)
{
    (void)buf_addf(sql, "strftime('%%Y-%%m', %s, '+9 hours')", expr);
}

void dialect_sqlite_like(struct buf *sql, const char *alias, const char *column, int param)
{
    (void)buf_addf(sql, "%s.%s LIKE ?%d ESCAPE '\\'", alias, column, param);
}

void dialect_sqlite_table_definition(struct buf *sql)
{
    (void)buf_adds(sql, "SELECT s.sql, l.strict FROM sqlite_schema s JOIN pragma_table_list l "
                        "ON l.name=s.name AND l.schema='main' WHERE s.type='table' AND s.name=?1");
}

void dialect_sqlite_column_type(struct buf *sql)
{
    (void)buf_adds(sql, "SELECT name, type FROM pragma_table_info(?1)");
}

void dialect_sqlite_last_sequence(struct buf *sql, const char *table)
{
    (void)buf_addf(sql, "SELECT seq FROM sqlite_sequence WHERE name='%s'", table);
}

void dialect_sqlite_json_round(struct buf *sql, const char *expr, int digits)
{
    (void)buf_addf(sql, "round(%s, %d)", expr, digits);
}

void dialect_sqlite_for_update(struct buf *sql) { (void)sql; /* the write lock is the file's */ }

/* The one write lock (BEGIN IMMEDIATE) already serialises every writer: always taken. The key
 * is still evaluated, so that its parameter is used as on PostgreSQL. */
void dialect_sqlite_xact_lock(struct buf *sql, const char *key, bool try_only)
{
    (void)try_only;
    (void)buf_addf(sql, "(CASE WHEN (%s) IS NULL THEN 1 ELSE 1 END)", key);
}
