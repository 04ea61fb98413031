/*
 * resource_workflow: writes and reads of server code. A workflow hook changes rows of any
 * entry through the same checks, hooks, audit and search index as an API write, and reads a
 * row's fields without SQL of its own; the SQL is the engine's, built from declared names.
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"
#include "base/banned.h"

struct principal resource_system(long long actor_id)
{
    return (struct principal){actor_id > 0 ? actor_id : 0, ROLE_OPERATOR_ADMIN, 0};
}

bool resource_write_begin(struct write_op *op, const char *collection, enum write_kind kind,
                          long long id, const struct principal *who)
{
    memset(op, 0, sizeof(*op));
    op->res = resource_find(collection, strlen(collection));
    op->kind = kind;
    op->id = id;
    op->who = *who;
    return op->res != NULL;
}

bool write_op_int(struct write_op *op, const char *field, long long v)
{
    return write_op_set(op, field, VAL_INT, v, NULL, 0);
}

bool write_op_text(struct write_op *op, const char *field, const char *s)
{
    return s ? write_op_set(op, field, VAL_TEXT, 0, s, strlen(s)) : write_op_null(op, field);
}

bool write_op_null(struct write_op *op, const char *field)
{
    return write_op_set(op, field, VAL_NULL, 0, NULL, 0);
}

/* The value as a client would have sent it, so that one validator judges both. */
static json_t *as_json(const struct write_value *v)
{
    switch (v->kind) {
    case VAL_NULL:
        return json_null();
    case VAL_INT: {
        char units[32]; /* a decimal is held in units of 10^-scale: its text, exactly */
        if (v->field->type == FT_DECIMAL)
            return format_decimal(v->i, v->field->scale, units, sizeof(units))
                       ? json_string(units)
                       : NULL;
        return v->field->type == FT_BOOL ? json_boolean(v->i) : json_integer(v->i);
    }
    case VAL_TEXT:
        if (v->field->type == FT_TAGS || v->field->type == FT_LIST) /* stored as a JSON array */
            return json_loadb(v->text, v->len, JSON_DISABLE_EOF_CHECK, NULL);
        return json_stringn(v->text, v->len);
    case VAL_BLOB:
        break;
    }
    return NULL;
}

static bool starts_elsewhere(const struct field *f, const struct write_value *v)
{
    return f->type == FT_STATUS && v->kind == VAL_TEXT && strcmp(v->text, f->values[0].value) != 0;
}

/* Check and normalise op's values as resource_validate checks a body, naming fields in p. */
static enum bp_err validate_values(struct write_op *op, struct problem *p)
{
    const struct resource *r = op->res;
    for (size_t k = 0; k < op->n; k++) {
        struct write_value *v = &op->vals[k];
        const struct field *f = v->field;
        if (op->kind == WRITE_UPDATE && (f->flags & F_IMMUTABLE)) {
            problem_field(p, BP_ERR_INVALID, f->name, "생성 후에는 바꿀 수 없습니다",
                          "cannot be changed after creation");
            continue;
        }
        if (op->kind == WRITE_CREATE && starts_elsewhere(f, v)) {
            problem_field(p, BP_ERR_INVALID, f->name, "새 항목은 첫 상태로 시작합니다",
                          "a new record starts in the first status");
            continue;
        }
        if (v->kind == VAL_BLOB) /* hidden bytes: server code's own */
            continue;
        json_t *j = as_json(v);
        if (!j)
            return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
        struct write_value nv;
        memset(&nv, 0, sizeof(nv));
        if (resource_validate_value(f, j, &nv, p)) {
            free(v->text);
            *v = nv;
        } else {
            free(nv.text);
        }
        json_decref(j);
    }
    if (op->kind == WRITE_CREATE)
        for (const struct field *f = r->fields; f->name; f++)
            if ((f->flags & F_REQUIRED) && !write_op_get(op, f->name))
                problem_field(p, BP_ERR_INVALID, f->name, "필수 항목입니다", "is required");
    return p->err;
}

/* Add what q says to p, its fields named "collection.field". */
static void merge(struct problem *p, const struct problem *q, const char *collection)
{
    if (q->n == 0 && !p->err) {
        *p = *q;
        return;
    }
    for (size_t k = 0; k < q->n; k++) {
        char name[sizeof(q->errors[0].field)];
        snprintf(name, sizeof(name), "%s.%s", collection, q->errors[k].field);
        problem_field(p, q->err, name, q->errors[k].ko, q->errors[k].en);
    }
    if (!p->err)
        p->err = q->err;
    if (q->conflict_collection && !p->conflict_collection) {
        /* the row a nested write collides with (a weekly series' overlap), and its detail */
        p->conflict_collection = q->conflict_collection;
        p->conflict_id = q->conflict_id;
        if (!p->detail_en[0]) {
            memcpy(p->detail_ko, q->detail_ko, sizeof(p->detail_ko));
            memcpy(p->detail_en, q->detail_en, sizeof(p->detail_en));
        }
    }
}

/* The steps every write takes once its values are read, whoever wrote them: who may write
 * here, the values checked (server code's; a body's were checked by resource_validate), the
 * rights on the row, then the change (resource_apply). *row gets the row's id. */
static enum bp_err write_checked(struct db *db, struct write_op *op, bool check_values,
                                 long long *row, struct problem *p)
{
    const struct resource *r = op->res;
    long long version = 0;
    enum bp_err e = BP_OK;
    *row = op->id;
    if ((r->flags & R_READONLY) || !resource_may_write(r, &op->who))
        e = problem_set(p, BP_ERR_FORBIDDEN, "이 항목을 바꿀 권한이 없습니다",
                        "you may not change these records");
    if (!e && op->kind != WRITE_DELETE) {
        if (check_values) /* an owner left out is filled in by the rights */
            err_ignore(validate_values(op, p));
        e = resource_check_rights(r, op, &op->who, p);
    }
    if (!e) {
        struct buf out;
        buf_init(&out, NULL, 1 << 22);
        e = resource_apply(db, op, &out, row, &version, p);
        buf_release(&out);
    }
    if (e && !p->err)
        p->err = e;
    return e;
}

enum bp_err resource_write(struct db *db, struct write_op *op, long long *id, struct problem *p)
{
    struct problem q;
    long long row = 0;
    problem_init(&q);
    enum bp_err e = write_checked(db, op, true, &row, &q);
    if (e)
        merge(p, &q, op->res->name);
    else if (id)
        *id = row;
    write_op_free(op);
    return e;
}

enum bp_err resource_write_body(struct db *db, const struct resource *r, enum write_kind kind,
                                long long id, const struct principal *who, const char *body,
                                size_t len, long long *row_id, struct problem *p)
{
    struct write_op op;
    long long row = 0;
    memset(&op, 0, sizeof(op));
    enum bp_err e = kind == WRITE_DELETE ? BP_OK : resource_validate(r, kind, body, len, &op, p);
    op.res = r;
    op.kind = kind;
    op.id = id;
    op.who = *who;
    if (!e)
        e = write_checked(db, &op, false, &row, p);
    else if (!p->err)
        p->err = e;
    write_op_free(&op);
    if (!e && row_id)
        *row_id = row;
    return e;
}

/* --- reads --- */

static bool implicit(struct str name)
{
    return str_eq_c(name, "id") || str_eq_c(name, "version") || str_eq_c(name, "created_at") ||
           str_eq_c(name, "updated_at");
}

enum bp_err resource_read_fields(struct db *db, const char *collection, long long id,
                                 const char *fields, struct resource_row *row)
{
    memset(row, 0, sizeof(*row));
    buf_init(&row->store, NULL, 1 << 22);
    const struct resource *r = resource_find(collection, strlen(collection));
    if (!r)
        return BP_ERR_INVALID;
    char text[1024];
    struct buf sql;
    buf_init(&sql, NULL, sizeof(text));
    (void)buf_adds(&sql, "SELECT ");
    struct str rest = str_from(fields), name;
    size_t n = 0;
    while (rest.ptr) { /* "a,b": a, then b; "a,": a, then the empty name, refused */
        rest = str_cut(rest, ',', &name);
        if (n == RESOURCE_READ_MAX || name.len == 0 ||
            !(implicit(name) || resource_field(r, name.ptr, name.len))) {
            fprintf(stderr, "bpmc: resource_read_fields: %s has no field %.*s (or too many)\n",
                    collection, (int)name.len, name.ptr);
            buf_release(&sql);
            return BP_ERR_INVALID;
        }
        (void)buf_addf(&sql, "%s%.*s", n++ ? "," : "", (int)name.len, name.ptr);
    }
    (void)buf_addf(&sql, " FROM %s WHERE id=?1", r->table);
    snprintf(text, sizeof(text), "%s", sql.data);
    enum bp_err e = sql.failed || n == 0 ? BP_ERR_INVALID : BP_OK;
    buf_release(&sql);
    struct db_stmt *st;
    if (e || (e = db_prepare(db, text, &st)))
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    size_t at[RESOURCE_READ_MAX];
    if (s == DB_ROW) {
        row->found = true;
        row->n = n;
        for (size_t k = 0; !e && k < n; k++) {
            size_t len;
            const char *t = db_column_text(st, (int)k, &len);
            row->i[k] = db_column_is_int(st, (int)k) ? db_column_int(st, (int)k) : 0;
            at[k] = row->store.len;
            e = buf_add(&row->store, t, len + 1); /* with its NUL */
        }
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    for (size_t k = 0; !e && k < row->n; k++) /* the store no longer moves */
        row->text[k] = row->store.data + at[k];
    return e;
}

void resource_row_release(struct resource_row *row)
{
    buf_release(&row->store);
    row->found = false;
    row->n = 0;
}
