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

void dialect_sqlite_text_match(struct buf *sql, const char *index, int param)
{
    (void)buf_addf(sql, "%s MATCH ?%d", index, param);
}
