/*
 * import_plan: the rows of a parsed spreadsheet matched against the database, validated by the
 * engine, previewed, and applied in the caller's transaction (see api/import.h).
 */
#include "modules/import/plan.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

/* What finds an existing row of each collection that can be imported: the key field, within
 * the scope field when there is one (a capability's title within its organisation). */
static const struct import_target {
    const char *collection, *key, *scope;
} targets[] = {
    {"orgs", "brn", NULL},
    {"people", "email", NULL},
    {"capabilities", "title", "org_id"},
};

static const struct import_target *target_of(const struct resource *res)
{
    for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
        if (strcmp(targets[i].collection, res->name) == 0)
            return &targets[i];
    return NULL;
}

const struct resource *import_collection(const char *name, size_t len)
{
    const struct resource *res = resource_find(name, len);
    return res && target_of(res) ? res : NULL;
}

const char *import_key_field(const struct resource *res)
{
    const struct import_target *t = target_of(res);
    return t ? t->key : NULL;
}

/* --- keys: a small open-addressing map from text to a row --- */

struct key_entry {
    const char *key; /* NULL: free slot */
    long long id;
    const char *val;
    bool ambiguous; /* several rows have this key */
};

struct keymap {
    struct key_entry *v;
    size_t cap, n;
};

static uint64_t key_hash(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static struct key_entry *keymap_find(const struct keymap *m, const char *key, size_t len)
{
    if (!m->cap)
        return NULL;
    for (size_t i = key_hash(key, len) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        struct key_entry *e = &m->v[i];
        if (!e->key)
            return NULL;
        if (strlen(e->key) == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static bool keymap_grow(struct keymap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 256;
    struct key_entry *v = calloc(cap, sizeof(*v));
    if (!v)
        return false;
    for (size_t k = 0; k < m->cap; k++) {
        struct key_entry *e = &m->v[k];
        if (!e->key)
            continue;
        size_t i = key_hash(e->key, strlen(e->key)) & (cap - 1);
        while (v[i].key)
            i = (i + 1) & (cap - 1);
        v[i] = *e;
    }
    free(m->v);
    m->v = v;
    m->cap = cap;
    return true;
}

/* Remember key -> id (and val); a second id for the same key marks it ambiguous. */
static bool keymap_put(struct keymap *m, struct arena *arena, const char *key, size_t len,
                       long long id, const char *val)
{
    struct key_entry *e = keymap_find(m, key, len);
    if (e) {
        e->ambiguous = e->ambiguous || e->id != id;
        return true;
    }
    if ((m->n + 1) * 2 > m->cap && !keymap_grow(m))
        return false;
    char *copy = arena_strndup(arena, key, len);
    if (!copy)
        return false;
    size_t i = key_hash(key, len) & (m->cap - 1);
    while (m->v[i].key)
        i = (i + 1) & (m->cap - 1);
    m->v[i] = (struct key_entry){copy, id, val, false};
    m->n++;
    return true;
}

static void keymap_free(struct keymap *m)
{
    free(m->v);
    m->v = NULL;
    m->cap = m->n = 0;
}

/* Lower-case ASCII copy of s into out (size bytes); false when it does not fit. */
static bool lower(const char *s, size_t len, char *out, size_t size)
{
    if (len >= size)
        return false;
    for (size_t i = 0; i < len; i++)
        out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
    out[len] = '\0';
    return true;
}

/* --- what the database already holds --- */

struct lookups {
    struct import_plan *plan;
    struct keymap org_name, org_brn, person_email, existing, tags;
    struct keymap seen; /* keys of the file's rows so far -> line */
};

static void lookups_free(struct lookups *l)
{
    keymap_free(&l->org_name);
    keymap_free(&l->org_brn);
    keymap_free(&l->person_email);
    keymap_free(&l->existing);
    keymap_free(&l->tags);
    keymap_free(&l->seen);
}

static bool refers_to(const struct resource *res, const char *collection)
{
    for (const struct field *f = res->fields; f->name; f++)
        if (f->type == FT_REF && strcmp(f->ref, collection) == 0)
            return true;
    return false;
}

static bool has_type(const struct resource *res, enum field_type type)
{
    for (const struct field *f = res->fields; f->name; f++)
        if (f->type == type)
            return true;
    return false;
}

/* Run sql and hand each row to put until it fails: the frame of every lookup's load. */
static enum bp_err load_rows(struct db *db, struct lookups *l, const char *sql,
                             enum bp_err (*put)(struct db_stmt *st, struct lookups *l))
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    enum db_step s;
    while (!e && (s = db_step(st)) == DB_ROW)
        e = put(st, l);
    db_reset(st);
    return e ? e : (s == DB_DONE ? BP_OK : BP_ERR_DB);
}

static const char sql_orgs[] = "SELECT id, name, brn FROM orgs";

static enum bp_err put_org(struct db_stmt *st, struct lookups *l)
{
    size_t len;
    struct arena *a = &l->plan->arena;
    long long id = db_column_int(st, 0);
    const char *name = db_column_text(st, 1, &len);
    if (!keymap_put(&l->org_name, a, name, len, id, NULL))
        return BP_ERR_NOMEM;
    const char *brn = db_column_text(st, 2, &len);
    if (len && !keymap_put(&l->org_brn, a, brn, len, id, NULL))
        return BP_ERR_NOMEM;
    return BP_OK;
}

static const char sql_people[] =
    "SELECT id, lower(email) FROM people WHERE email IS NOT NULL AND email<>''";

static enum bp_err put_person(struct db_stmt *st, struct lookups *l)
{
    size_t len;
    const char *email = db_column_text(st, 1, &len);
    if (!keymap_put(&l->person_email, &l->plan->arena, email, len, db_column_int(st, 0), NULL))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* "org_id\x1ftitle": a capability's key. */
static bool capability_key(long long org_id, const char *title, size_t len, char *out,
                           size_t size)
{
    int n = snprintf(out, size, "%lld\x1f", org_id);
    if (n < 0 || (size_t)n + len >= size)
        return false;
    memcpy(out + n, title, len);
    out[(size_t)n + len] = '\0';
    return true;
}

static const char sql_capabilities[] = "SELECT id, org_id, title FROM capabilities";

static enum bp_err put_capability(struct db_stmt *st, struct lookups *l)
{
    size_t len;
    char key[1024];
    const char *title = db_column_text(st, 2, &len);
    if (capability_key(db_column_int(st, 1), title, len, key, sizeof(key)) &&
        !keymap_put(&l->existing, &l->plan->arena, key, strlen(key), db_column_int(st, 0), NULL))
        return BP_ERR_NOMEM;
    return BP_OK;
}

static const char sql_tags[] = "SELECT slug, name_ko, name_en FROM tags";

static enum bp_err put_tag(struct db_stmt *st, struct lookups *l)
{
    size_t len;
    struct arena *a = &l->plan->arena;
    const char *slug = db_column_text(st, 0, &len);
    char *val = arena_strndup(a, slug, len);
    for (int c = 0; c < 3; c++) {
        char key[512];
        const char *t = db_column_text(st, c, &len);
        if (!val || (lower(t, len, key, sizeof(key)) && !keymap_put(&l->tags, a, key, len, 0, val)))
            return BP_ERR_NOMEM;
    }
    return BP_OK;
}

static enum bp_err lookups_load(struct db *db, struct lookups *l, const struct resource *res)
{
    enum bp_err e = BP_OK;
    if (strcmp(res->name, "orgs") == 0 || refers_to(res, "orgs"))
        e = load_rows(db, l, sql_orgs, put_org);
    if (!e && (strcmp(res->name, "people") == 0 || refers_to(res, "people")))
        e = load_rows(db, l, sql_people, put_person);
    if (!e && strcmp(res->name, "capabilities") == 0)
        e = load_rows(db, l, sql_capabilities, put_capability);
    if (!e && has_type(res, FT_TAGS))
        e = load_rows(db, l, sql_tags, put_tag);
    return e;
}

/* --- the resolver domain/import.c calls for cells that name rows --- */

static void quote_text(const char *text, size_t len, char *out, size_t size)
{
    size_t n = utf8_prefix(text, len, size - 4);
    snprintf(out, size, "%.*s%s", (int)n, text, n < len ? "…" : "");
}

static bool resolve_ref(void *ctx, const struct field *f, const char *text, size_t len,
                        long long *id, char *ko, char *en)
{
    struct lookups *l = ctx;
    char shown[48], key[300];
    quote_text(text, len, shown, sizeof(shown));
    const struct key_entry *e = NULL;
    if (strcmp(f->ref, "orgs") == 0) {
        char brn[32];
        if (valid_brn(text, len, brn, sizeof(brn)))
            e = keymap_find(&l->org_brn, brn, strlen(brn));
        if (!e)
            e = keymap_find(&l->org_name, text, len);
        if (e && e->ambiguous) {
            snprintf(ko, 160, "이름이 '%s'인 기관이 여럿입니다: 번호(id)나 사업자등록번호를 쓰세요",
                     shown);
            snprintf(en, 160, "several organisations are named '%s': give its id or brn", shown);
            return false;
        }
        if (!e) {
            snprintf(ko, 160, "'%s' 기관이 없습니다 (이름, 사업자등록번호 또는 번호)", shown);
            snprintf(en, 160, "no organisation '%s' (by name, brn or id)", shown);
            return false;
        }
    } else if (strcmp(f->ref, "people") == 0) {
        if (lower(text, len, key, sizeof(key)))
            e = keymap_find(&l->person_email, key, len);
        if (e && e->ambiguous) {
            snprintf(ko, 160, "이메일이 '%s'인 인물이 여럿입니다: 번호(id)를 쓰세요", shown);
            snprintf(en, 160, "several people have the e-mail '%s': give the id", shown);
            return false;
        }
        if (!e) {
            snprintf(ko, 160, "이메일이 '%s'인 인물이 없습니다 (이메일 또는 번호)", shown);
            snprintf(en, 160, "no person with the e-mail '%s' (by e-mail or id)", shown);
            return false;
        }
    } else {
        snprintf(ko, 160, "번호(id)여야 합니다");
        snprintf(en, 160, "must be an id");
        return false;
    }
    *id = e->id;
    return true;
}

static const char *resolve_tag(void *ctx, const char *text, size_t len)
{
    struct lookups *l = ctx;
    char key[512];
    if (!lower(text, len, key, sizeof(key)))
        return NULL;
    const struct key_entry *e = keymap_find(&l->tags, key, len);
    return e ? e->val : NULL;
}

/* --- errors --- */

static enum bp_err add_error(struct import_plan *plan, size_t row, const char *field,
                             const char *ko, const char *en)
{
    plan->rows[row].nerrors++;
    plan->errors_total++;
    if (plan->nerrors >= LIMIT_IMPORT_ERRORS)
        return BP_OK;
    if (plan->nerrors == 0 && !plan->errors) {
        plan->errors = malloc(LIMIT_IMPORT_ERRORS * sizeof(*plan->errors));
        if (!plan->errors)
            return BP_ERR_NOMEM;
    }
    struct import_error *err = &plan->errors[plan->nerrors];
    err->row = row;
    err->field = field && *field ? arena_strndup(&plan->arena, field, strlen(field)) : NULL;
    err->ko = arena_strndup(&plan->arena, ko, strlen(ko));
    err->en = arena_strndup(&plan->arena, en, strlen(en));
    if (!err->ko || !err->en || (field && *field && !err->field))
        return BP_ERR_TOO_LARGE;
    plan->nerrors++;
    return BP_OK;
}

static enum bp_err add_problem(struct import_plan *plan, size_t row, const struct problem *p)
{
    enum bp_err e = BP_OK;
    for (size_t i = 0; !e && i < p->n; i++)
        e = add_error(plan, row, p->errors[i].field, p->errors[i].ko, p->errors[i].en);
    if (!e && p->n == 0 && p->err)
        e = add_error(plan, row, NULL, p->detail_ko[0] ? p->detail_ko : err_title_ko(p->err),
                      p->detail_en[0] ? p->detail_en : err_title_en(p->err));
    return e;
}

/* --- building --- */

void import_plan_init(struct import_plan *plan, const struct resource *res,
                      const struct principal *who)
{
    memset(plan, 0, sizeof(*plan));
    plan->res = res;
    plan->who = *who;
    import_table_init(&plan->table);
    arena_init(&plan->arena, LIMIT_IMPORT_ARENA);
}

static void plan_reset(struct import_plan *plan)
{
    free(plan->cols);
    free(plan->rows);
    free(plan->errors);
    plan->cols = NULL;
    plan->rows = NULL;
    plan->errors = NULL;
    plan->nerrors = plan->errors_total = plan->error_rows = 0;
    plan->creates = plan->updates = plan->unchanged = 0;
    plan->created = plan->updated = 0;
    arena_release(&plan->arena);
    arena_init(&plan->arena, LIMIT_IMPORT_ARENA);
}

void import_plan_release(struct import_plan *plan)
{
    plan_reset(plan);
    arena_release(&plan->arena);
    import_table_release(&plan->table);
}

/* The key that finds an existing row, from a validated op (values normalised), into key;
 * false when the row has none (no key value, or no scope value). */
static bool row_key(const struct import_target *t, const struct write_op *op, char *key,
                    size_t size)
{
    const struct write_value *k = NULL, *scope = NULL;
    for (size_t i = 0; i < op->n; i++) {
        if (strcmp(op->vals[i].field->name, t->key) == 0)
            k = &op->vals[i];
        if (t->scope && strcmp(op->vals[i].field->name, t->scope) == 0)
            scope = &op->vals[i];
    }
    if (!k || k->kind != VAL_TEXT || k->len == 0)
        return false;
    if (t->scope)
        return scope && scope->kind == VAL_INT &&
               capability_key(scope->i, k->text, k->len, key, size);
    return lower(k->text, k->len, key, size);
}

static bool same_value(const struct write_value *v, json_t *cur)
{
    switch (v->kind) {
    case VAL_NULL:
        return !cur || json_is_null(cur);
    case VAL_INT:
        if (v->field->type == FT_BOOL)
            return json_is_boolean(cur) && json_is_true(cur) == (v->i != 0);
        if (v->field->type == FT_DECIMAL && json_is_number(cur)) {
            /* stored in units of 10^-scale, answered as a JSON number (77.5) */
            double units = json_number_value(cur);
            for (unsigned k = 0; k < v->field->scale; k++)
                units *= 10;
            long long u = (long long)(units + (units < 0 ? -0.5 : 0.5));
            return u == v->i;
        }
        return json_is_integer(cur) && json_integer_value(cur) == v->i;
    case VAL_TEXT:
        if (v->field->type == FT_TAGS || v->field->type == FT_LIST) {
            json_t *a = json_loadb(v->text, v->len, 0, NULL);
            bool same = a && cur && json_equal(a, cur);
            json_decref(a);
            return same;
        }
        return json_is_string(cur) && json_string_length(cur) == v->len &&
               memcmp(json_string_value(cur), v->text, v->len) == 0;
    case VAL_BLOB:
        break;
    }
    return false;
}

/* Which fields of op differ from the row as it is (bit i: field i of the entry). The row is
 * read whole, personal fields too, as the writer reads rows (the system, user 0, would be
 * shown none); it is compared, never shown. */
static enum bp_err changed_fields(struct db *db, const struct import_plan *plan,
                                  const struct write_op *op, long long id,
                                  unsigned long long *mask)
{
    static const struct principal all = {-1, ROLE_OPERATOR_ADMIN, 0};
    struct buf row;
    long long version;
    buf_init(&row, NULL, 1 << 22);
    enum bp_err e = resource_get(db, plan->res, id, &all, 0, &row, &version);
    json_t *cur = e ? NULL : json_loadb(row.data, row.len, 0, NULL);
    buf_release(&row);
    if (e)
        return e;
    if (!cur)
        return BP_ERR_DB;
    *mask = 0;
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        size_t idx = (size_t)(v->field - plan->res->fields);
        if (!same_value(v, json_object_get(cur, v->field->name)))
            *mask |= idx < 64 ? 1ULL << idx : 1ULL << 63;
    }
    json_decref(cur);
    return BP_OK;
}

/* Whether p names field. */
static bool names(const struct problem *p, const char *field)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->errors[i].field, field) == 0)
            return true;
    return false;
}

/* One row: its body, its action, its errors. */
static void order_by_column(const struct import_plan *plan, struct problem *p);

static enum bp_err plan_row(struct db *db, struct import_plan *plan, struct lookups *l,
                            size_t k, struct buf *body)
{
    const struct resource *res = plan->res;
    const struct import_target *t = target_of(res);
    const struct import_row *row = &plan->table.rows[k];
    struct import_plan_row *pr = &plan->rows[k];
    struct import_resolver rs = {l, resolve_ref, resolve_tag};
    struct problem conv, p;
    struct write_op op;
    long long given_id;
    char key[1024], ko[160], en[160];
    problem_init(&conv);
    problem_init(&p);
    memset(&op, 0, sizeof(op));
    pr->line = row->line;
    buf_reset(body);
    enum bp_err e = import_row_body(plan->cols, plan->table.header.ncells, row, &rs, body,
                                    &given_id, &conv);
    if (e) /* a row whose JSON is over the bound: refused alone */
        return add_error(plan, k, NULL, "행이 너무 큽니다", "the row is too large");
    /* normalised values first (as an update: nothing is required yet), to find the row */
    if (resource_validate(res, WRITE_UPDATE, body->data, body->len, &op, &p) == BP_ERR_MALFORMED)
        return BP_ERR_NOMEM;
    bool keyed = t && row_key(t, &op, key, sizeof(key));
    const struct key_entry *found = keyed ? keymap_find(&l->existing, key, strlen(key)) : NULL;
    pr->action = given_id || found ? IMPORT_UPDATE : IMPORT_CREATE;
    pr->id = given_id ? given_id : (found ? found->id : 0);
    if (found && found->ambiguous && !given_id)
        problem_field(&p, BP_ERR_INVALID, t->key, "같은 값을 가진 항목이 여럿입니다: 번호(id) 열로 고르세요",
                      "several records have this value: choose one with an id column");
    else if (found && given_id && found->id != given_id) {
        snprintf(ko, sizeof(ko), "다른 항목(번호 %lld)의 값입니다", found->id);
        snprintf(en, sizeof(en), "belongs to another record (id %lld)", found->id);
        problem_field(&p, BP_ERR_INVALID, t->key, ko, en);
    }
    /* the same record twice in the file */
    char seen[1100];
    if (given_id || keyed) {
        if (given_id)
            snprintf(seen, sizeof(seen), "#%lld", given_id);
        else
            snprintf(seen, sizeof(seen), "%s", key);
        const struct key_entry *before = keymap_find(&l->seen, seen, strlen(seen));
        if (before) {
            snprintf(ko, sizeof(ko), "%lld행과 같은 항목입니다", before->id);
            snprintf(en, sizeof(en), "the same record as line %lld", before->id);
            problem_field(&p, BP_ERR_INVALID, given_id ? "id" : t->key, ko, en);
        } else if (!keymap_put(&l->seen, &plan->arena, seen, strlen(seen), row->line, NULL)) {
            write_op_free(&op);
            return BP_ERR_NOMEM;
        }
    }
    if (pr->action == IMPORT_CREATE && res->visibility_field && body->len >= 2 &&
        !write_op_get(&op, res->visibility_field)) {
        /* Private by default (issue #10 item 8): a row the file does not say is public is
         * seen by the cluster's members only, not by anyone on the internet, nor are its
         * phone and e-mail. A visibility column says otherwise, row by row. */
        body->len--; /* the closing brace */
        (void)buf_addf(body, "%s\"%s\":\"cluster\"}", body->len > 1 ? "," : "",
                       res->visibility_field);
        if (body->failed)
            return add_error(plan, k, NULL, "행이 너무 큽니다", "the row is too large");
    }
    if (pr->action == IMPORT_CREATE) {
        struct problem keep = p; /* the errors about keys found above */
        write_op_free(&op);
        problem_init(&p);
        if (resource_validate(res, WRITE_CREATE, body->data, body->len, &op, &p) ==
            BP_ERR_MALFORMED)
            return BP_ERR_NOMEM;
        for (size_t i = 0; i < keep.n; i++)
            if (!names(&p, keep.errors[i].field))
                problem_field(&p, BP_ERR_INVALID, keep.errors[i].field, keep.errors[i].ko,
                              keep.errors[i].en);
    }
    /* a cell that did not convert is named once, with the converter's reason */
    for (size_t i = 0; i < conv.n; i++)
        problem_drop(&p, conv.errors[i].field);
    for (size_t i = 0; i < conv.n; i++)
        problem_field(&p, BP_ERR_INVALID, conv.errors[i].field, conv.errors[i].ko,
                      conv.errors[i].en);
    op.res = res;
    op.kind = pr->action == IMPORT_CREATE ? WRITE_CREATE : WRITE_UPDATE;
    op.id = pr->id;
    op.who = plan->who;
    e = resource_check_rights(res, &op, &plan->who, &p);
    if (e == BP_ERR_FORBIDDEN || e == BP_ERR_NOMEM) {
        write_op_free(&op);
        return e == BP_ERR_NOMEM ? e : add_problem(plan, k, &p);
    }
    if (resource_check_refs(db, &op, &p) == BP_ERR_DB) {
        write_op_free(&op);
        return BP_ERR_DB;
    }
    if (pr->action == IMPORT_UPDATE && !names(&p, "id")) {
        e = changed_fields(db, plan, &op, pr->id, &pr->changed);
        if (e == BP_ERR_NOT_FOUND) {
            snprintf(ko, sizeof(ko), "번호(id) %lld인 항목이 없습니다", pr->id);
            snprintf(en, sizeof(en), "there is no record with id %lld", pr->id);
            problem_field(&p, BP_ERR_INVALID, "id", ko, en);
        } else if (e) {
            write_op_free(&op);
            return e;
        }
    }
    write_op_free(&op);
    pr->body = arena_strndup(&plan->arena, body->data, body->len);
    pr->body_len = body->len;
    if (!pr->body)
        return BP_ERR_TOO_LARGE;
    if (p.err || p.n) {
        order_by_column(plan, &p);
        return add_problem(plan, k, &p);
    }
    if (pr->action == IMPORT_CREATE)
        plan->creates++;
    else if (pr->changed)
        plan->updates++;
    else
        plan->unchanged++;
    return BP_OK;
}

/* Whether row is a template's example row left as it is: every cell in it is the example of
 * its column's field, in Korean or English, and at least two cells are. */
static bool is_example(const struct import_plan *plan, const struct import_row *row)
{
    size_t same = 0;
    for (size_t i = 0; i < row->ncells; i++) {
        const char *cell = row->cells[i];
        if (!*cell)
            continue;
        if (i >= plan->table.header.ncells || plan->cols[i].kind != IMPORT_COL_FIELD)
            return false;
        char ko[200], en[200];
        const struct field *f = plan->cols[i].field;
        if (!(import_example(f, false, ko, sizeof(ko)) && strcmp(cell, ko) == 0) &&
            !(import_example(f, true, en, sizeof(en)) && strcmp(cell, en) == 0))
            return false;
        same++;
    }
    return same >= 2;
}

/* Where a field's column is in the file (past the last when none gives it). */
static size_t column_index(const struct import_plan *plan, const char *field)
{
    size_t n = plan->table.header.ncells;
    for (size_t i = 0; i < n; i++) {
        const struct import_column *c = &plan->cols[i];
        if ((c->kind == IMPORT_COL_FIELD && strcmp(c->field->name, field) == 0) ||
            (c->kind == IMPORT_COL_ID && strcmp(field, "id") == 0))
            return i;
    }
    return n;
}

/* A row's errors from left to right, as a person reads the row (stable: insertion sort). */
static void order_by_column(const struct import_plan *plan, struct problem *p)
{
    for (size_t i = 1; i < p->n; i++) {
        struct field_error e = p->errors[i];
        size_t at = column_index(plan, e.field), j = i;
        while (j > 0 && column_index(plan, p->errors[j - 1].field) > at) {
            p->errors[j] = p->errors[j - 1];
            j--;
        }
        p->errors[j] = e;
    }
}

enum bp_err import_plan_build(struct db *db, struct import_plan *plan, struct problem *p)
{
    plan_reset(plan);
    size_t ncols = plan->table.header.ncells, nrows = plan->table.nrows;
    plan->cols = calloc(ncols ? ncols : 1, sizeof(*plan->cols));
    plan->rows = calloc(nrows ? nrows : 1, sizeof(*plan->rows));
    if (!plan->cols || !plan->rows)
        return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
    import_map_columns(plan->res, &plan->table.header, plan->cols);
    if (nrows && is_example(plan, &plan->table.rows[0])) {
        struct import_table *t = &plan->table;
        memmove(t->rows, t->rows + 1, (t->nrows - 1) * sizeof(*t->rows));
        t->nrows = --nrows;
        plan->examples++;
    }
    struct lookups l;
    memset(&l, 0, sizeof(l));
    l.plan = plan;
    struct buf body;
    buf_init(&body, NULL, (size_t)LIMIT_IMPORT_CELL_BYTES * 2 * 64);
    enum bp_err e = lookups_load(db, &l, plan->res);
    /* rows that exist already, by key: people by e-mail, orgs by brn (capabilities: loaded) */
    if (!e && strcmp(plan->res->name, "orgs") == 0) {
        l.existing = l.org_brn;
        memset(&l.org_brn, 0, sizeof(l.org_brn));
        /* keep brn lookups for references too: orgs do not refer to orgs, so this is safe */
    } else if (!e && strcmp(plan->res->name, "people") == 0) {
        l.existing = l.person_email;
        memset(&l.person_email, 0, sizeof(l.person_email));
    }
    for (size_t k = 0; !e && k < nrows; k++) {
        size_t before = plan->errors_total;
        e = plan_row(db, plan, &l, k, &body);
        if (!e && plan->errors_total > before)
            plan->error_rows++;
    }
    buf_release(&body);
    lookups_free(&l);
    if (e && !p->err)
        problem_set(p, e, e == BP_ERR_DB ? "데이터베이스 오류" : "파일이 너무 큽니다",
                    e == BP_ERR_DB ? "database error" : "the file is too large");
    return e;
}

/* --- applying --- */

enum bp_err import_plan_apply(struct db *db, struct import_plan *plan, struct problem *p)
{
    if (plan->error_rows && !plan->valid_only)
        return problem_set(p, BP_ERR_INVALID, "오류가 있는 행이 있습니다", "some rows have errors");
    enum bp_err e = BP_OK;
    for (size_t k = 0; !e && k < plan->table.nrows; k++) {
        struct import_plan_row *pr = &plan->rows[k];
        if (pr->nerrors || (pr->action == IMPORT_UPDATE && !pr->changed))
            continue;
        struct problem rp;
        problem_init(&rp);
        enum write_kind kind = pr->action == IMPORT_CREATE ? WRITE_CREATE : WRITE_UPDATE;
        /* the row as a client's body, written as the API writes one (same savepoint: the
         * caller's transaction holds the whole import) */
        e = resource_write_body(db, plan->res, kind, pr->id, &plan->who, pr->body, pr->body_len,
                                NULL, &rp);
        if (e == BP_ERR_DB || e == BP_ERR_NOMEM || e == BP_ERR_UNAVAILABLE || e == BP_ERR_IO) {
            *p = rp;
            if (!p->err)
                p->err = e;
            break;
        }
        if (e) {
            enum bp_err added = add_problem(plan, k, &rp);
            plan->error_rows++;
            e = added ? added : BP_ERR_INVALID;
            problem_set(p, BP_ERR_INVALID, "가져오지 못한 행이 있어 아무것도 쓰지 않았습니다",
                        "a row could not be imported, so nothing was written");
            break;
        }
        if (kind == WRITE_CREATE)
            plan->created++;
        else
            plan->updated++;
    }
    /* the record of the import, in its transaction: an import rolled back leaves none */
    if (!e)
        e = db_run(db, NULL,
                   "INSERT INTO import_runs (collection, actor_id, rows_total, created, updated, "
                   "unchanged, failed) VALUES (?1, nullif(?2,0), ?3, ?4, ?5, ?6, ?7)",
                   "tiiiiii", plan->res->name, plan->who.user_id, (long long)plan->table.nrows,
                   plan->created, plan->updated, (long long)plan->unchanged,
                   (long long)plan->error_rows);
    return e;
}

/* --- answers --- */

static void add_str(struct buf *out, const char *s)
{
    if (s)
        (void)buf_add_json_str(out, s, strlen(s));
    else
        (void)buf_adds(out, "null");
}

const char *import_plan_column(const struct import_plan *plan, const char *field)
{
    if (!field)
        return NULL;
    for (size_t i = 0; i < plan->table.header.ncells; i++) {
        const struct import_column *c = &plan->cols[i];
        if ((c->kind == IMPORT_COL_FIELD && strcmp(c->field->name, field) == 0) ||
            (c->kind == IMPORT_COL_ID && strcmp(field, "id") == 0))
            return c->header;
    }
    return NULL;
}

static void add_error_json(struct buf *out, const struct import_plan *plan,
                           const struct import_error *err, bool english, bool line)
{
    (void)buf_addch(out, '{');
    if (line)
        (void)buf_addf(out, "\"line\":%lld,", plan->rows[err->row].line);
    (void)buf_adds(out, "\"field\":");
    add_str(out, err->field);
    (void)buf_adds(out, ",\"column\":");
    add_str(out, import_plan_column(plan, err->field));
    (void)buf_adds(out, ",\"message\":");
    add_str(out, english ? err->en : err->ko);
    (void)buf_adds(out, ",\"message_ko\":");
    add_str(out, err->ko);
    (void)buf_adds(out, ",\"message_en\":");
    add_str(out, err->en);
    (void)buf_addch(out, '}');
}

/* rows[...]: every row, or (errors_only) those with errors; *next walks the error list. */
static void add_rows(struct buf *out, const struct import_plan *plan, bool english,
                     bool errors_only)
{
    size_t next = 0, shown = 0;
    size_t ncols = plan->table.header.ncells;
    (void)buf_adds(out, "\"rows\":[");
    for (size_t k = 0; k < plan->table.nrows; k++) {
        const struct import_plan_row *pr = &plan->rows[k];
        const struct import_row *row = &plan->table.rows[k];
        if (errors_only && !pr->nerrors)
            continue;
        (void)buf_addf(out, "%s{\"line\":%lld,\"action\":\"%s\"", shown++ ? "," : "", pr->line,
                       pr->action == IMPORT_CREATE ? "create" : "update");
        if (pr->action == IMPORT_UPDATE) {
            (void)buf_addf(out, ",\"id\":%lld,\"changed\":[", pr->id);
            size_t n = 0;
            for (size_t i = 0; i < 64 && plan->res->fields[i].name; i++)
                if (pr->changed & (1ULL << i))
                    (void)buf_addf(out, "%s\"%s\"", n++ ? "," : "", plan->res->fields[i].name);
            (void)buf_addch(out, ']');
        }
        (void)buf_adds(out, ",\"cells\":[");
        for (size_t i = 0; i < ncols; i++) {
            if (i)
                (void)buf_addch(out, ',');
            add_str(out, i < row->ncells ? row->cells[i] : "");
        }
        (void)buf_addf(out, "],\"error_count\":%zu,\"errors\":[", pr->nerrors);
        while (next < plan->nerrors && plan->errors[next].row < k)
            next++;
        for (size_t n = 0; next < plan->nerrors && plan->errors[next].row == k; next++, n++) {
            if (n)
                (void)buf_addch(out, ',');
            add_error_json(out, plan, &plan->errors[next], english, false);
        }
        (void)buf_adds(out, "]}");
    }
    (void)buf_addch(out, ']');
}

/* The counts; the rows with errors are "errors" in a preview, "error_rows" in a problem
 * (whose "errors" lists them). */
static void add_summary(struct buf *out, const struct import_plan *plan, bool problem)
{
    (void)buf_addf(out,
                   "\"creates\":%zu,\"updates\":%zu,\"unchanged\":%zu,\"%s\":%zu,"
                   "\"error_count\":%zu",
                   plan->creates, plan->updates, plan->unchanged,
                   problem ? "error_rows" : "errors", plan->error_rows, plan->errors_total);
}

enum bp_err import_plan_preview(const struct import_plan *plan, bool english, struct buf *out)
{
    const struct import_table *t = &plan->table;
    (void)buf_adds(out, "{\"collection\":");
    add_str(out, plan->res->name);
    (void)buf_addf(out, ",\"format\":\"%s\",\"encoding\":\"%s\",\"key\":",
                   t->format == IMPORT_XLSX ? "xlsx" : "csv",
                   t->encoding == IMPORT_ENC_CP949 ? "cp949" : "utf-8");
    add_str(out, import_key_field(plan->res));
    (void)buf_adds(out, ",\"columns\":[");
    for (size_t i = 0; i < t->header.ncells; i++) {
        const struct import_column *c = &plan->cols[i];
        (void)buf_adds(out, i ? ",{\"header\":" : "{\"header\":");
        add_str(out, c->header);
        (void)buf_adds(out, ",\"field\":");
        add_str(out, c->kind == IMPORT_COL_FIELD ? c->field->name
                     : c->kind == IMPORT_COL_ID  ? "id"
                                                 : NULL);
        if (c->kind == IMPORT_COL_FIELD) {
            (void)buf_adds(out, ",\"label_ko\":");
            add_str(out, c->field->label_ko);
            (void)buf_adds(out, ",\"label_en\":");
            add_str(out, c->field->label_en);
        }
        const char *why = import_column_reason(c->kind);
        if (why)
            (void)buf_addf(out, ",\"reason\":\"%s\"", why);
        (void)buf_addch(out, '}');
    }
    (void)buf_adds(out, "],\"missing\":[");
    size_t n = 0;
    for (const struct field *f = plan->res->fields; f->name; f++)
        if ((f->flags & F_REQUIRED) && !import_plan_column(plan, f->name))
            (void)buf_addf(out, "%s\"%s\"", n++ ? "," : "", f->name);
    (void)buf_adds(out, "],");
    add_rows(out, plan, english, false);
    (void)buf_addf(out, ",\"examples\":%zu,", plan->examples);
    add_summary(out, plan, false);
    (void)buf_addch(out, '}');
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

enum bp_err import_plan_problem(const struct import_plan *plan, bool english, struct buf *out)
{
    char ko[200], en[200];
    snprintf(ko, sizeof(ko), "%zu개 행에 오류가 있어 아무것도 쓰지 않았습니다", plan->error_rows);
    snprintf(en, sizeof(en), "%zu row%s with errors: nothing was written", plan->error_rows,
             plan->error_rows == 1 ? "" : "s");
    (void)buf_addf(out, "{\"type\":\"https://bpmc.kr/problems/%s\",\"title\":",
                   err_type(BP_ERR_INVALID));
    add_str(out, english ? err_title_en(BP_ERR_INVALID) : err_title_ko(BP_ERR_INVALID));
    (void)buf_addf(out, ",\"status\":%d,\"detail\":", err_http_status(BP_ERR_INVALID));
    add_str(out, english ? en : ko);
    (void)buf_adds(out, ",\"detail_ko\":");
    add_str(out, ko);
    (void)buf_adds(out, ",\"detail_en\":");
    add_str(out, en);
    (void)buf_adds(out, ",\"errors\":[");
    for (size_t i = 0; i < plan->nerrors; i++) {
        if (i)
            (void)buf_addch(out, ',');
        add_error_json(out, plan, &plan->errors[i], english, true);
    }
    (void)buf_adds(out, "],");
    add_rows(out, plan, english, true);
    (void)buf_addch(out, ',');
    add_summary(out, plan, true);
    (void)buf_addch(out, '}');
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

enum bp_err import_plan_result(const struct import_plan *plan, struct buf *out)
{
    (void)buf_addf(out, "{\"created\":%lld,\"updated\":%lld,\"unchanged\":%zu,\"refused\":%zu}",
                   plan->created, plan->updated, plan->unchanged,
                   plan->valid_only ? plan->error_rows : 0);
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}
