/*
 * resource_int: what the parts of the resource engine (resource.c, resource_read.c,
 * resource_write.c, export.c, openapi.c) share and nobody else needs.
 */
#ifndef BP_RESOURCE_INT_H
#define BP_RESOURCE_INT_H

#include "base/limits.h"
#include "db/dialect.h"
#include "engine/access.h"
#include "engine/resource.h"


struct sql_binds {
    size_t n;
    char like[LIMIT_QUERY_TEXT * 2 + 3]; /* the escaped ?q= pattern */
    struct {
        enum value_kind kind;
        long long i;
        struct str s;
    } v[SQL_MAX_BINDS];
};

/* Add a binding; returns its ?N number, or 0 when full. */
int binds_int(struct sql_binds *b, long long i);
int binds_text(struct sql_binds *b, struct str s);
void binds_apply(const struct sql_binds *b, struct db_stmt *st);

/* The json_object(...) expression of a row of r as seen by who, aliased table "t". */
enum bp_err resource_row_json(const struct resource *r, const struct principal *who,
                              unsigned expand, struct buf *sql);
/* The WHERE conditions of a list (filters, q, scope), starting with " WHERE 1". */
enum bp_err resource_where_sql(const struct resource *r, const struct list_query *q,
                               const struct principal *who, struct buf *sql,
                               struct sql_binds *b);
/* The sort key expression of sort position i, and its direction. */
enum bp_err resource_sort_expr(const struct list_query *q, size_t i, struct buf *sql);

/* True when a field is stored as an INTEGER column (numbers, money, decimals in units,
 * durations, references, booleans). */
bool field_is_integer(const struct field *f);

/* Validate one JSON value of field f into v as a client's body would be (resource_write.c);
 * false with the field named in p when it is invalid. v->text is malloc'd. */
struct json_t;
bool resource_validate_value(const struct field *f, struct json_t *j, struct write_value *v,
                             struct problem *p);

/* True when a field is shown to who. */
bool field_visible(const struct field *f, const struct principal *who);

#endif
