/*
 * test_engine: the resource engine (core/resource*.c, export.c, openapi.c) driven through its
 * public interface with the directory module's real entries (api/directory.c) on a real SQLite
 * file: body validation and normalisation, the writer side (references, unique values,
 * versions, status transitions, audit rows), query-string parsing, lists as anonymous and
 * operator callers (visibility, private fields, keyset pages walked to the end and checked
 * against SQL, search text, filters), CSV/XLSX export and the OpenAPI document.
 *
 * Three groups, each with its own temporary database: "pure" (no rows needed), "writes" (a demo
 * database the tests change, each change inside a BEGIN/COMMIT issued here, as the writer
 * thread does) and "reads" (an untouched demo database, so counts can be compared with SQL).
 * The "regressions" group holds tests of engine defects found while writing them, now fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sodium.h>

#include "modules/modules.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/limits.h"
#include "engine/principal.h"
#include "base/problem.h"
#include "engine/resource.h"
#include "engine/search.h"
#include "base/validate.h"
#include "db/db.h"
#include "tempdb.h"

static const struct principal anon = {0, ROLE_PUBLIC, 0};
static const struct principal oper = {1, ROLE_OPERATOR_ADMIN, 0};

/* ------------------------------------------------------------------------------------------ */
/* fixtures                                                                                   */

struct fixture {
    char path[64];
    struct db *db;
};

/* Registration is global and appends: once per process. */
static void register_once(void)
{
    static bool done;
    if (!done) {
        assert_int_equal(modules_register(), BP_OK);
        done = true;
    }
}

static int fixture_open(void **state, bool demo)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    snprintf(fx->path, sizeof(fx->path), "/tmp/bpmc-test-engine-XXXXXX");
    if (!tempdb_make(fx->path)) {
        free(fx);
        return -1;
    }
    int applied = 0;
    register_once();
    if (db_open(fx->path, DB_WRITE, true, &fx->db) != BP_OK)
        goto fail;
    if (db_migrate(fx->db, &applied) != BP_OK || applied < 1)
        goto fail;
    if (demo && db_load_demo(fx->db) != BP_OK)
        goto fail;
    if (resource_init(fx->db) != BP_OK)
        goto fail;
    long long indexed; /* as bpmc init does: lists search with q= through the index */
    if (search_fill_if_empty(fx->db, &indexed) != BP_OK)
        goto fail;
    *state = fx;
    return 0;
fail:
    if (fx->db)
        db_close(fx->db);
    tempdb_remove(fx->path);
    free(fx);
    return -1;
}

static int setup_empty(void **state) { return fixture_open(state, false); }
static int setup_demo(void **state) { return fixture_open(state, true); }

static int teardown_db(void **state)
{
    struct fixture *fx = *state;
    if (fx) {
        db_close(fx->db);
        tempdb_remove(fx->path);
        free(fx);
    }
    return 0;
}

static struct db *fx_db(void **state) { return ((struct fixture *)*state)->db; }

/* ------------------------------------------------------------------------------------------ */
/* helpers                                                                                    */

static const struct resource *res(const char *name)
{
    const struct resource *r = resource_find(name, strlen(name));
    assert_non_null(r);
    return r;
}

/* The error naming field, or NULL. */
static const struct field_error *field_error(const struct problem *p, const char *field)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->errors[i].field, field) == 0)
            return &p->errors[i];
    return NULL;
}

static void assert_names(const struct problem *p, const char *field)
{
    if (!field_error(p, field)) {
        for (size_t i = 0; i < p->n; i++)
            print_message("  error %zu: %s: %s\n", i, p->errors[i].field, p->errors[i].en);
        fail_msg("no error names field \"%s\"", field);
    }
}

static const struct write_value *op_value(const struct write_op *op, const char *field)
{
    for (size_t i = 0; i < op->n; i++)
        if (strcmp(op->vals[i].field->name, field) == 0)
            return &op->vals[i];
    return NULL;
}

/* resource_validate on a heap copy of exactly the body's bytes (ASan sees any over-read). The
 * op is filled even on failure: the caller write_op_frees it. */
static enum bp_err validate(const char *coll, enum write_kind kind, const char *body,
                            struct write_op *op, struct problem *p)
{
    size_t len = strlen(body);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, body, len);
    memset(op, 0, sizeof(*op));
    problem_init(p);
    enum bp_err e = resource_validate(res(coll), kind, copy, len, op, p);
    free(copy);
    assert_ptr_equal(op->res, res(coll));
    assert_int_equal(op->kind, kind);
    if (e == BP_OK)
        assert_int_equal(p->n, 0);
    else
        assert_int_equal(p->err, e);
    return e;
}

/* Validation that is expected to fail with exactly one error, naming field. */
static void refused_one(const char *coll, enum write_kind kind, const char *body,
                        const char *field)
{
    struct write_op op;
    struct problem p;
    enum bp_err e = validate(coll, kind, body, &op, &p);
    write_op_free(&op);
    if (e != BP_ERR_INVALID || p.n != 1 || !field_error(&p, field)) {
        for (size_t i = 0; i < p.n; i++)
            print_message("  error %zu: %s: %s\n", i, p.errors[i].field, p.errors[i].en);
        fail_msg("%s %s: want one error naming %s, got err %d with %zu errors", coll, body, field,
                 (int)e, p.n);
    }
}

static void accepted(const char *coll, enum write_kind kind, const char *body)
{
    struct write_op op;
    struct problem p;
    enum bp_err e = validate(coll, kind, body, &op, &p);
    write_op_free(&op);
    if (e != BP_OK) {
        for (size_t i = 0; i < p.n; i++)
            print_message("  error %zu: %s: %s\n", i, p.errors[i].field, p.errors[i].en);
        fail_msg("%s %s: want accepted, got err %d", coll, body, (int)e);
    }
}

/* Apply op inside a transaction of our own, as the writer does: COMMIT on success, ROLLBACK on
 * failure. *row gets the returned JSON parsed (NULL when empty); pass NULL to ignore it. */
static enum bp_err apply(struct db *db, struct write_op *op, json_t **row, long long *id,
                         long long *version, struct problem *p)
{
    struct buf out;
    long long id_tmp = -1, version_tmp = -1;
    buf_init(&out, NULL, 1 << 22);
    problem_init(p);
    assert_int_equal(db_exec(db, "BEGIN IMMEDIATE"), BP_OK);
    enum bp_err e = resource_apply(db, op, &out, id ? id : &id_tmp, version ? version : &version_tmp, p);
    assert_int_equal(db_exec(db, e ? "ROLLBACK" : "COMMIT"), BP_OK);
    if (e)
        assert_int_equal(p->err, e);
    if (row) {
        *row = NULL;
        if (!e && out.len) {
            json_error_t jerr;
            *row = json_loadb(out.data, out.len, 0, &jerr);
            if (!*row)
                fail_msg("apply returned invalid JSON: %s: %s", jerr.text, out.data);
        }
    }
    buf_release(&out);
    return e;
}

/* Validate body for coll (must pass) and apply it as the operator. */
static enum bp_err write_body(struct db *db, const char *coll, enum write_kind kind, long long id,
                              long long expect_version, const char *body, json_t **row,
                              long long *out_id, long long *version, struct problem *p)
{
    struct write_op op;
    if (validate(coll, kind, body, &op, p) != BP_OK) {
        for (size_t i = 0; i < p->n; i++)
            print_message("  error %zu: %s: %s\n", i, p->errors[i].field, p->errors[i].en);
        write_op_free(&op);
        fail_msg("%s: body does not validate: %s", coll, body);
    }
    op.who = oper;
    op.id = id;
    op.expect_version = expect_version;
    enum bp_err e = apply(db, &op, row, out_id, version, p);
    write_op_free(&op);
    return e;
}

static enum bp_err delete_row(struct db *db, const char *coll, long long id,
                              long long expect_version, struct problem *p)
{
    struct write_op op;
    memset(&op, 0, sizeof(op));
    op.res = res(coll);
    op.kind = WRITE_DELETE;
    op.id = id;
    op.expect_version = expect_version;
    op.who = oper;
    long long got_id = -1, version = -1;
    enum bp_err e = apply(db, &op, NULL, &got_id, &version, p);
    write_op_free(&op);
    return e;
}

/* One integer from SQL with at most one bound integer ?1 and one bound text ?2. */
static long long sql_int(struct db *db, const char *sql, long long i1, const char *t2)
{
    struct db_stmt *st;
    assert_int_equal(db_prepare(db, sql, &st), BP_OK);
    if (db_param_index(st, "?1") > 0)
        db_bind_int(st, 1, i1);
    if (t2)
        db_bind_text(st, 2, t2, strlen(t2));
    enum db_step s = db_step(st);
    long long v = s == DB_ROW ? db_column_int(st, 0) : -1;
    db_reset(st);
    assert_int_equal(s, DB_ROW);
    return v;
}

/* The ids SQL returns, in order, into a malloc'd array (caller frees). */
static long long *sql_ids(struct db *db, const char *sql, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 256;
    long long *ids = malloc(cap * sizeof(*ids));
    assert_non_null(ids);
    *n = 0;
    assert_int_equal(db_prepare(db, sql, &st), BP_OK);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            long long *grown = realloc(ids, cap * 2 * sizeof(*ids));
            assert_non_null(grown);
            ids = grown;
            cap *= 2;
        }
        ids[(*n)++] = db_column_int(st, 0);
    }
    db_reset(st);
    assert_int_equal(s, DB_DONE);
    return ids;
}

struct audit_row {
    char action[32];
    long long actor_id;
    json_t *before, *after; /* NULL when the column is NULL */
};

/* The newest audit row of (collection, row_id); false when there is none. */
static bool audit_last(struct db *db, const char *coll, long long row_id, struct audit_row *a)
{
    struct db_stmt *st;
    memset(a, 0, sizeof(*a));
    assert_int_equal(db_prepare(db,
                                "SELECT action, coalesce(actor_id,0), before, after FROM audit "
                                "WHERE collection=?2 AND row_id=?1 ORDER BY id DESC LIMIT 1",
                                &st),
                     BP_OK);
    db_bind_int(st, 1, row_id);
    db_bind_text(st, 2, coll, strlen(coll));
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        snprintf(a->action, sizeof(a->action), "%s", db_column_text(st, 0, NULL));
        a->actor_id = db_column_int(st, 1);
        for (int col = 2; col <= 3; col++) {
            json_t **dst = col == 2 ? &a->before : &a->after;
            if (db_column_is_null(st, col))
                continue;
            size_t len;
            const char *t = db_column_text(st, col, &len);
            *dst = json_loadb(t, len, 0, NULL);
            assert_non_null(*dst);
        }
    }
    db_reset(st);
    assert_true(s == DB_ROW || s == DB_DONE);
    return s == DB_ROW;
}

static void audit_free(struct audit_row *a)
{
    json_decref(a->before);
    json_decref(a->after);
    a->before = a->after = NULL;
}

static const char *jstr(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v))
        fail_msg("key %s is not a string", key);
    return json_string_value(v);
}

static long long jint(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v))
        fail_msg("key %s is not an integer", key);
    return (long long)json_integer_value(v);
}

/* resource_parse_query on a heap copy of exactly the query's bytes. The list_query's slices
 * point into the copy or the arena, so both live until the caller's free/arena_release:
 * *copy_out gets the copy (caller frees). */
static enum bp_err parse_query(const char *coll, const char *query, struct arena *arena,
                               struct list_query *q, struct problem *p, char **copy_out)
{
    size_t len = strlen(query);
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    memcpy(copy, query, len);
    problem_init(p);
    enum bp_err e = resource_parse_query(res(coll), (struct str){copy, len}, arena, q, p);
    if (e) {
        assert_int_equal(p->err, e);
        assert_true(p->n >= 1);
    }
    if (copy_out)
        *copy_out = copy;
    else
        free(copy);
    return e;
}

/* The query must be refused with BP_ERR_BAD_QUERY naming param. */
static void bad_query(const char *coll, const char *query, const char *param)
{
    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    enum bp_err e = parse_query(coll, query, &a, &q, &p, NULL);
    arena_release(&a);
    if (e != BP_ERR_BAD_QUERY)
        fail_msg("%s?%s: want BP_ERR_BAD_QUERY, got %d", coll, query, (int)e);
    if (param && !field_error(&p, param))
        fail_msg("%s?%s: error names %s, not %s", coll, query, p.errors[0].field, param);
}

static void good_query(const char *coll, const char *query)
{
    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    enum bp_err e = parse_query(coll, query, &a, &q, &p, NULL);
    arena_release(&a);
    if (e != BP_OK)
        fail_msg("%s?%s: want accepted, got %d (%s: %s)", coll, query, (int)e, p.errors[0].field,
                 p.errors[0].en);
}

/* Parse query and list coll as who. On success *doc is the parsed page (caller json_decrefs). */
static enum bp_err list(struct db *db, const char *coll, const char *query,
                        const struct principal *who, json_t **doc, struct problem *p)
{
    struct arena a;
    struct list_query q;
    struct buf out;
    char *copy = NULL;
    long long total = -1;
    arena_init(&a, LIMIT_ARENA_BYTES);
    buf_init(&out, NULL, LIMIT_ARENA_BYTES);
    *doc = NULL;
    enum bp_err e = parse_query(coll, query, &a, &q, p, &copy);
    if (!e)
        e = resource_list(db, res(coll), &q, who, &a, &out, &total, p);
    if (!e) {
        json_error_t jerr;
        *doc = json_loadb(out.data, out.len, 0, &jerr);
        if (!*doc)
            fail_msg("list %s?%s: invalid JSON (%s): %.200s", coll, query, jerr.text, out.data);
        assert_int_equal(jint(*doc, "total"), total);
        assert_true(json_is_array(json_object_get(*doc, "items")));
    }
    buf_release(&out);
    free(copy);
    arena_release(&a);
    return e;
}

/* The total of a list that must succeed. */
static long long list_total(struct db *db, const char *coll, const char *query,
                            const struct principal *who)
{
    struct problem p;
    json_t *doc;
    enum bp_err e = list(db, coll, query, who, &doc, &p);
    if (e)
        fail_msg("list %s?%s: err %d", coll, query, (int)e);
    long long t = jint(doc, "total");
    json_decref(doc);
    return t;
}

static char *b64url(const char *s)
{
    size_t len = strlen(s);
    size_t n = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = malloc(n);
    assert_non_null(out);
    sodium_bin2base64(out, n, (const unsigned char *)s, len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

/* ------------------------------------------------------------------------------------------ */
/* registry                                                                                   */

static void test_registry(void **state)
{
    (void)state;
    static const char *const names[] = {
        "orgs",         "people",     "tags",          "capabilities", "needs",
        "users",        "org-links",  "matches",       "collaborations", "agreements",
        "meetings",     "action-items", "audit",       "access-log",   "files",
        "api-tokens",   "notifications", "contacts"};
    /* every module's entries are there, each registered exactly once (new modules add theirs:
     * the list names those the other tests rely on) */
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        assert_string_equal(res(names[i])->name, names[i]);
    for (const struct resource *const *r = resource_all(); *r; r++)
        for (const struct resource *const *q = r + 1; *q; q++)
            if (strcmp((*r)->name, (*q)->name) == 0)
                fail_msg("%s is registered twice", (*r)->name);
    assert_null(resource_find("org", 3));
    assert_null(resource_find("orgsx", 5));
    assert_non_null(resource_field(res("orgs"), "brn", 3));
    assert_null(resource_field(res("orgs"), "id", 2)); /* implicit columns are not fields */
    assert_null(resource_field(res("orgs"), "br", 2));
}

/* ------------------------------------------------------------------------------------------ */
/* resource_validate                                                                          */

static void test_validate_org_create(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    assert_int_equal(
        validate("orgs", WRITE_CREATE,
                 "{\"name\":\"  테스트바이오 \",\"kind\":\"company\",\"brn\":\"220-81-62517\","
                 "\"phone\":\"0318075 3570\",\"fields\":[\"ai\",\"genomics\"],\"is_tenant\":true,"
                 "\"is_anchor\":false,\"employees\":12,\"founded\":\"2020-02-29\","
                 "\"email\":\"contact@test.example\",\"homepage\":\"https://test.example/\","
                 "\"stage\":\"rnd\",\"name_en\":null,\"visibility\":\"cluster\"}",
                 &op, &p),
        BP_OK);
    assert_int_equal(op.n, 14);
    const struct write_value *v = op_value(&op, "brn");
    assert_non_null(v);
    assert_int_equal(v->kind, VAL_TEXT);
    assert_string_equal(v->text, "2208162517");
    assert_int_equal(v->len, 10);
    v = op_value(&op, "phone");
    assert_non_null(v);
    assert_string_equal(v->text, "031-8075-3570");
    assert_int_equal(v->len, strlen("031-8075-3570"));
    v = op_value(&op, "name");
    assert_string_equal(v->text, "  테스트바이오 "); /* text is kept as given */
    v = op_value(&op, "fields");
    assert_int_equal(v->kind, VAL_TEXT);
    assert_string_equal(v->text, "[\"ai\",\"genomics\"]");
    v = op_value(&op, "is_tenant");
    assert_int_equal(v->kind, VAL_INT);
    assert_int_equal(v->i, 1);
    v = op_value(&op, "is_anchor");
    assert_int_equal(v->kind, VAL_INT);
    assert_int_equal(v->i, 0);
    v = op_value(&op, "employees");
    assert_int_equal(v->kind, VAL_INT);
    assert_int_equal(v->i, 12);
    v = op_value(&op, "founded");
    assert_string_equal(v->text, "2020-02-29");
    v = op_value(&op, "name_en");
    assert_int_equal(v->kind, VAL_NULL);
    assert_null(v->text);
    write_op_free(&op);
    assert_int_equal(op.n, 0);

    /* Other spellings normalise to the same. */
    assert_int_equal(validate("orgs", WRITE_CREATE,
                              "{\"name\":\"a\",\"kind\":\"hospital\",\"brn\":\"2208162517\","
                              "\"phone\":\"+82 31-8075-3570\",\"fields\":null}",
                              &op, &p),
                     BP_OK);
    assert_string_equal(op_value(&op, "brn")->text, "2208162517");
    assert_string_equal(op_value(&op, "phone")->text, "031-8075-3570");
    assert_string_equal(op_value(&op, "fields")->text, "[]"); /* null tags: empty array */
    write_op_free(&op);

    /* Minimal bodies: just the required fields. */
    accepted("orgs", WRITE_CREATE, "{\"name\":\"x\",\"kind\":\"public\"}");
    accepted("needs", WRITE_CREATE, "{\"org_id\":101,\"title\":\"수요\"}");
    accepted("tags", WRITE_CREATE, "{\"slug\":\"s\",\"name_ko\":\"가\",\"name_en\":\"A\"}");
    accepted("people", WRITE_CREATE, "{\"name\":\"홍길동\"}");
}

static void test_validate_required(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("orgs", WRITE_CREATE, "{}", &op, &p), BP_ERR_INVALID);
    assert_int_equal(p.n, 2);
    assert_names(&p, "name");
    assert_names(&p, "kind");
    assert_string_equal(field_error(&p, "name")->en, "is required");
    assert_true(field_error(&p, "name")->ko[0] != '\0');
    write_op_free(&op);

    refused_one("orgs", WRITE_CREATE, "{\"name\":\"x\"}", "kind");
    refused_one("orgs", WRITE_CREATE, "{\"kind\":\"company\"}", "name");
    /* null, empty and blank do not count as given */
    refused_one("orgs", WRITE_CREATE, "{\"name\":null,\"kind\":\"company\"}", "name");
    refused_one("orgs", WRITE_CREATE, "{\"name\":\"\",\"kind\":\"company\"}", "name");
    refused_one("orgs", WRITE_CREATE, "{\"name\":\" \\t\\n\",\"kind\":\"company\"}", "name");

    assert_int_equal(validate("needs", WRITE_CREATE, "{\"description\":\"x\"}", &op, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 2);
    assert_names(&p, "org_id");
    assert_names(&p, "title");
    write_op_free(&op);

    /* On update nothing is required, but a required field may not be cleared. */
    accepted("orgs", WRITE_UPDATE, "{}");
    accepted("orgs", WRITE_UPDATE, "{\"employees\":5}");
    refused_one("orgs", WRITE_UPDATE, "{\"name\":null}", "name");
    refused_one("orgs", WRITE_UPDATE, "{\"kind\":null}", "kind");
    accepted("orgs", WRITE_UPDATE, "{\"name_en\":null,\"employees\":null}");
}

static void test_validate_unknown_and_readonly(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    refused_one("orgs", WRITE_CREATE, "{\"name\":\"x\",\"kind\":\"company\",\"colour\":\"red\"}",
                "colour");
    assert_int_equal(validate("orgs", WRITE_CREATE,
                              "{\"name\":\"x\",\"kind\":\"company\",\"colour\":\"red\"}", &op, &p),
                     BP_ERR_INVALID);
    assert_string_equal(p.errors[0].en, "unknown field");
    assert_int_equal(op.n, 2); /* the valid values stay in op */
    write_op_free(&op);

    static const char *const implicit[] = {"id", "version", "created_at", "updated_at"};
    for (size_t i = 0; i < sizeof(implicit) / sizeof(implicit[0]); i++) {
        char body[128];
        snprintf(body, sizeof(body), "{\"name\":\"x\",\"kind\":\"company\",\"%s\":1}", implicit[i]);
        refused_one("orgs", WRITE_CREATE, body, implicit[i]);
        assert_int_equal(validate("orgs", WRITE_CREATE, body, &op, &p), BP_ERR_INVALID);
        assert_string_equal(field_error(&p, implicit[i])->en, "is read-only");
        write_op_free(&op);
        snprintf(body, sizeof(body), "{\"%s\":\"2024-01-01\"}", implicit[i]);
        refused_one("needs", WRITE_UPDATE, body, implicit[i]);
    }
    /* Declared F_READONLY fields (a user's e-mail and organisation follow the account). */
    refused_one("users", WRITE_UPDATE, "{\"email\":\"a@b.kr\"}", "email");
    refused_one("users", WRITE_UPDATE, "{\"org_id\":3}", "org_id");
    refused_one("audit", WRITE_CREATE, "{\"action\":\"create\"}", "action");
    /* Keys differing only in case are unknown fields. */
    refused_one("orgs", WRITE_UPDATE, "{\"Name\":\"x\"}", "Name");
}

static void test_validate_types(void **state)
{
    (void)state;
    static const struct {
        const char *coll, *body, *field;
    } cases[] = {
        {"orgs", "{\"name\":5}", "name"},
        {"orgs", "{\"name\":[\"x\"]}", "name"},
        {"orgs", "{\"kind\":1}", "kind"},
        {"orgs", "{\"is_tenant\":\"yes\"}", "is_tenant"},
        {"orgs", "{\"is_tenant\":1}", "is_tenant"},
        {"orgs", "{\"employees\":\"12\"}", "employees"},
        {"orgs", "{\"employees\":1.5}", "employees"},
        {"orgs", "{\"employees\":12.0}", "employees"},
        {"orgs", "{\"employees\":true}", "employees"},
        {"orgs", "{\"founded\":20200301}", "founded"},
        {"orgs", "{\"fields\":\"ai\"}", "fields"},
        {"orgs", "{\"fields\":{\"ai\":true}}", "fields"},
        {"orgs", "{\"fields\":[1]}", "fields"},
        {"orgs", "{\"fields\":[\"ai\",null]}", "fields"},
        {"orgs", "{\"brn\":2208162517}", "brn"},
        {"orgs", "{\"description\":{}}", "description"},
        {"needs", "{\"org_id\":\"101\"}", "org_id"},
        {"needs", "{\"org_id\":0}", "org_id"},
        {"needs", "{\"org_id\":-3}", "org_id"},
        {"needs", "{\"status\":1}", "status"},
        {"needs", "{\"deadline\":true}", "deadline"},
        {"people", "{\"org_id\":1.0}", "org_id"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        refused_one(cases[i].coll, WRITE_UPDATE, cases[i].body, cases[i].field);
}

static void test_validate_ranges(void **state)
{
    (void)state;
    refused_one("orgs", WRITE_UPDATE, "{\"employees\":-1}", "employees");
    refused_one("orgs", WRITE_UPDATE, "{\"employees\":1000001}", "employees");
    refused_one("orgs", WRITE_UPDATE, "{\"employees\":-9223372036854775808}", "employees");
    accepted("orgs", WRITE_UPDATE, "{\"employees\":0}");
    accepted("orgs", WRITE_UPDATE, "{\"employees\":1000000}");
    refused_one("needs", WRITE_UPDATE, "{\"budget_max\":1000000000001}", "budget_max");
    accepted("needs", WRITE_UPDATE, "{\"budget_max\":1000000000000,\"budget_min\":0}");
    accepted("needs", WRITE_UPDATE, "{\"org_id\":9223372036854775807}");

    struct write_op op;
    struct problem p;
    assert_int_equal(validate("orgs", WRITE_UPDATE, "{\"employees\":-1}", &op, &p),
                     BP_ERR_INVALID);
    assert_string_equal(p.errors[0].en, "must be between 0 and 1000000");
    write_op_free(&op);

    /* Text lengths count characters, not bytes. */
    char body[1024];
    char name[700];
    size_t n = 0;
    for (int i = 0; i < 200; i++) {
        memcpy(name + n, "가", 3);
        n += 3;
    }
    name[n] = '\0';
    snprintf(body, sizeof(body), "{\"name\":\"%s\"}", name);
    accepted("orgs", WRITE_UPDATE, body);
    snprintf(body, sizeof(body), "{\"name\":\"%s가\"}", name);
    refused_one("orgs", WRITE_UPDATE, body, "name");
    assert_int_equal(validate("orgs", WRITE_UPDATE, body, &op, &p), BP_ERR_INVALID);
    assert_string_equal(p.errors[0].en, "must be at most 200 characters");
    write_op_free(&op);
    refused_one("orgs", WRITE_UPDATE,
                "{\"brn\":\"1234567890123\"}", "brn"); /* over max 12 or bad digits: refused */
}

static void test_validate_enums_dates_checks(void **state)
{
    (void)state;
    refused_one("orgs", WRITE_UPDATE, "{\"kind\":\"startup\"}", "kind");
    refused_one("orgs", WRITE_UPDATE, "{\"kind\":\"Company\"}", "kind");
    refused_one("orgs", WRITE_UPDATE, "{\"kind\":\"\"}", "kind");
    refused_one("orgs", WRITE_UPDATE, "{\"stage\":\"RND\"}", "stage");
    refused_one("orgs", WRITE_UPDATE, "{\"visibility\":\"secret\"}", "visibility");
    accepted("orgs", WRITE_UPDATE, "{\"stage\":\"commercialization\",\"visibility\":\"private\"}");
    accepted("orgs", WRITE_UPDATE, "{\"stage\":null}");
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("orgs", WRITE_UPDATE, "{\"kind\":\"startup\"}", &op, &p),
                     BP_ERR_INVALID);
    assert_non_null(strstr(p.errors[0].en, "company, hospital"));
    write_op_free(&op);

    static const char *const bad_dates[] = {"2023-02-29", "2023-02-30", "2023-2-01",
                                            "20230201",   "",           "2023-13-01",
                                            "2023-00-10", "2023-01-32", "2023-01-01T00:00:00Z",
                                            "0000-00-00", " 2023-01-01"};
    for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++) {
        char body[96];
        snprintf(body, sizeof(body), "{\"founded\":\"%s\"}", bad_dates[i]);
        refused_one("orgs", WRITE_UPDATE, body, "founded");
        snprintf(body, sizeof(body), "{\"deadline\":\"%s\"}", bad_dates[i]);
        refused_one("needs", WRITE_UPDATE, body, "deadline");
    }
    accepted("orgs", WRITE_UPDATE, "{\"founded\":\"2024-02-29\"}");
    accepted("needs", WRITE_UPDATE, "{\"deadline\":\"2000-12-31\"}");

    refused_one("orgs", WRITE_UPDATE, "{\"brn\":\"220-81-62518\"}", "brn"); /* check digit */
    refused_one("orgs", WRITE_UPDATE, "{\"phone\":\"12345\"}", "phone");
    refused_one("orgs", WRITE_UPDATE, "{\"email\":\"not-an-address\"}", "email");
    refused_one("orgs", WRITE_UPDATE, "{\"homepage\":\"javascript:alert(1)\"}", "homepage");
    refused_one("people", WRITE_UPDATE, "{\"email\":\"a@@b.kr\"}", "email");
    accepted("orgs", WRITE_UPDATE, "{\"brn\":null,\"phone\":null,\"email\":null}");
}

static void test_validate_tags(void **state)
{
    (void)state;
    refused_one("orgs", WRITE_UPDATE, "{\"fields\":\"ai\"}", "fields");
    refused_one("orgs", WRITE_UPDATE, "{\"fields\":[\"\"]}", "fields");
    accepted("orgs", WRITE_UPDATE, "{\"fields\":[]}");

    /* 64 items are fine, 65 are not. */
    char body[2048];
    size_t n = (size_t)snprintf(body, sizeof(body), "{\"fields\":[");
    for (int i = 0; i < LIMIT_ARRAY_ITEMS; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "%s\"t%d\"", i ? "," : "", i);
    snprintf(body + n, sizeof(body) - n, "]}");
    accepted("orgs", WRITE_UPDATE, body);
    snprintf(body + n, sizeof(body) - n, ",\"one-more\"]}");
    refused_one("orgs", WRITE_UPDATE, body, "fields");

    /* Items of up to 100 bytes. */
    char item[LIMIT_ARRAY_ITEM_BYTES + 2];
    memset(item, 'x', sizeof(item) - 1);
    item[LIMIT_ARRAY_ITEM_BYTES] = '\0';
    snprintf(body, sizeof(body), "{\"fields\":[\"%s\"]}", item);
    accepted("orgs", WRITE_UPDATE, body);
    item[LIMIT_ARRAY_ITEM_BYTES] = 'x';
    item[LIMIT_ARRAY_ITEM_BYTES + 1] = '\0';
    snprintf(body, sizeof(body), "{\"fields\":[\"%s\"]}", item);
    refused_one("orgs", WRITE_UPDATE, body, "fields");

    /* Stored as a JSON array with the items escaped. */
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("orgs", WRITE_UPDATE, "{\"fields\":[\"a\\\"b\",\"한\"]}", &op, &p),
                     BP_OK);
    assert_string_equal(op_value(&op, "fields")->text, "[\"a\\\"b\",\"한\"]");
    write_op_free(&op);
}

static void test_validate_status_on_create(void **state)
{
    (void)state;
    refused_one("needs", WRITE_CREATE,
                "{\"org_id\":101,\"title\":\"x\",\"status\":\"closed\"}", "status");
    refused_one("needs", WRITE_CREATE,
                "{\"org_id\":101,\"title\":\"x\",\"status\":\"matched\"}", "status");
    refused_one("needs", WRITE_CREATE,
                "{\"org_id\":101,\"title\":\"x\",\"status\":\"bogus\"}", "status");
    accepted("needs", WRITE_CREATE, "{\"org_id\":101,\"title\":\"x\",\"status\":\"open\"}");
    refused_one("capabilities", WRITE_CREATE,
                "{\"org_id\":101,\"title\":\"x\",\"kind\":\"equipment\",\"status\":\"retired\"}",
                "status");
    accepted("capabilities", WRITE_CREATE,
             "{\"org_id\":101,\"title\":\"x\",\"kind\":\"equipment\",\"status\":\"active\"}");
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("needs", WRITE_CREATE,
                              "{\"org_id\":101,\"title\":\"x\",\"status\":\"closed\"}", &op, &p),
                     BP_ERR_INVALID);
    assert_non_null(strstr(p.errors[0].en, "open"));
    write_op_free(&op);
    /* On update any declared value passes validation (the writer checks the transition). */
    accepted("needs", WRITE_UPDATE, "{\"status\":\"closed\"}");
    refused_one("needs", WRITE_UPDATE, "{\"status\":\"bogus\"}", "status");
}

static void test_validate_immutable(void **state)
{
    (void)state;
    refused_one("tags", WRITE_UPDATE, "{\"slug\":\"new-slug\"}", "slug");
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("tags", WRITE_UPDATE, "{\"slug\":\"x\",\"name_en\":\"X\"}", &op, &p),
                     BP_ERR_INVALID);
    assert_string_equal(p.errors[0].en, "cannot be changed after creation");
    assert_int_equal(op.n, 1); /* name_en stays */
    write_op_free(&op);
    accepted("tags", WRITE_UPDATE, "{\"name_ko\":\"새 이름\"}");
    accepted("tags", WRITE_CREATE, "{\"slug\":\"new-slug\",\"name_ko\":\"가\",\"name_en\":\"A\"}");
}

static void test_validate_many_errors(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    assert_int_equal(
        validate("orgs", WRITE_CREATE,
                 "{\"name\":\"\",\"kind\":\"startup\",\"employees\":-1,\"founded\":\"x\","
                 "\"bogus\":1,\"id\":3,\"brn\":\"123\",\"fields\":\"ai\",\"name_en\":\"Fine\"}",
                 &op, &p),
        BP_ERR_INVALID);
    assert_int_equal(p.n, 8);
    static const char *const named[] = {"name",  "kind", "employees", "founded",
                                        "bogus", "id",   "brn",       "fields"};
    for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
        assert_names(&p, named[i]);
    assert_null(field_error(&p, "name_en"));
    assert_int_equal(op.n, 1);
    assert_string_equal(op.vals[0].field->name, "name_en");
    write_op_free(&op);

    /* Missing required fields are reported with the other errors. */
    assert_int_equal(validate("needs", WRITE_CREATE,
                              "{\"deadline\":\"someday\",\"status\":\"closed\",\"budget_min\":-5}",
                              &op, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 5);
    static const char *const named2[] = {"deadline", "status", "budget_min", "org_id", "title"};
    for (size_t i = 0; i < sizeof(named2) / sizeof(named2[0]); i++)
        assert_names(&p, named2[i]);
    write_op_free(&op);

    /* Bilingual messages for every error. */
    for (size_t i = 0; i < p.n; i++) {
        assert_true(p.errors[i].ko[0] != '\0');
        assert_true(p.errors[i].en[0] != '\0');
    }
}

static void test_validate_malformed(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    static const char *const bodies[] = {"", "[]", "{\"name\":", "{\"name\":\"a\",\"name\":\"b\"}",
                                         "{\"name\":\"\\u0000\"}", "{\"name\":\"\xff\"}", "null"};
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        assert_int_equal(validate("orgs", WRITE_CREATE, bodies[i], &op, &p), BP_ERR_MALFORMED);
        assert_int_equal(op.n, 0);
        assert_int_equal(p.n, 0);
        write_op_free(&op);
    }
}

/* Regression: resource_validate copies an unknown key into a 64-byte field name with snprintf,
 * which can cut a multi-byte UTF-8 character in half. The problem then names a field that is
 * not valid UTF-8 and problem+json carries invalid UTF-8 (a JSON parser rejects the answer).
 * resource_parse_query guards against exactly this; resource_validate does not. */
static void test_bug_validate_truncated_key_utf8(void **state)
{
    (void)state;
    char key[80];
    memset(key, 'a', 62);
    memcpy(key + 62, "가", 4); /* 62 ASCII bytes + one 3-byte character = 65 bytes */
    char body[128];
    snprintf(body, sizeof(body), "{\"%s\":1}", key);
    struct write_op op;
    struct problem p;
    assert_int_equal(validate("orgs", WRITE_UPDATE, body, &op, &p), BP_ERR_INVALID);
    write_op_free(&op);
    assert_int_equal(p.n, 1);
    const char *f = p.errors[0].field;
    if (!valid_utf8(f, strlen(f)))
        fail_msg("field name of an unknown 65-byte key is cut inside a UTF-8 "
                 "character (%zu bytes, ends 0x%02x)",
                 strlen(f), (unsigned char)f[strlen(f) - 1]);
    struct buf out;
    buf_init(&out, NULL, 1 << 16);
    assert_int_equal(problem_render(&p, true, &out), BP_OK);
    json_t *doc = json_loadb(out.data, out.len, 0, NULL);
    assert_non_null(doc);
    json_decref(doc);
    buf_release(&out);
}

/* ------------------------------------------------------------------------------------------ */
/* resource_parse_query                                                                       */

static void test_query_defaults(void **state)
{
    (void)state;
    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.limit, LIMIT_PAGE_DEFAULT);
    assert_int_equal(q.nsort, 1);
    assert_null(q.sort[0]);
    assert_string_equal(q.sort_implicit[0], "id");
    assert_false(q.sort_desc[0]);
    assert_int_equal(q.nfilters, 0);
    assert_int_equal(q.q.len, 0);
    assert_int_equal(q.cursor.len, 0);
    assert_int_equal(q.format, EXPORT_JSON);
    assert_true(q.total_wanted);
    /* An entry's default sort: tags by slug, audit newest first. */
    assert_int_equal(parse_query("tags", "", &a, &q, &p, NULL), BP_OK);
    assert_ptr_equal(q.sort[0], resource_field(res("tags"), "slug", 4));
    assert_int_equal(parse_query("audit", "", &a, &q, &p, NULL), BP_OK);
    assert_string_equal(q.sort_implicit[0], "id");
    assert_true(q.sort_desc[0]);
    /* Empty pairs are skipped. */
    assert_int_equal(parse_query("orgs", "&&limit=5&", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.limit, 5);
    arena_release(&a);
}

static void test_query_unknown(void **state)
{
    (void)state;
    bad_query("orgs", "colour=red", "colour");
    bad_query("orgs", "limit=5&colour=red", "colour");
    bad_query("orgs", "address=x", "address");   /* a field, but not a filter */
    bad_query("orgs", "employees=5", "employees"); /* sortable only */
    bad_query("orgs", "id=5", "id");
    bad_query("orgs", "LIMIT=5", "LIMIT");
    bad_query("people", "email=a@b.kr", "email"); /* private and not a filter */
    bad_query("orgs", "=5", NULL);
    char big[LIMIT_QUERY_STRING + 16];
    memset(big, 'x', sizeof(big) - 1);
    memcpy(big, "q=", 2);
    big[sizeof(big) - 1] = '\0';
    bad_query("orgs", big, "query");
}

static void test_query_limit(void **state)
{
    (void)state;
    bad_query("orgs", "limit=0", "limit");
    bad_query("orgs", "limit=201", "limit");
    bad_query("orgs", "limit=abc", "limit");
    bad_query("orgs", "limit=-1", "limit");
    bad_query("orgs", "limit=", "limit");
    bad_query("orgs", "limit", "limit");
    bad_query("orgs", "limit=1.5", "limit");
    bad_query("orgs", "limit=5x", "limit");
    bad_query("orgs", "limit=99999999999999999999", "limit");
    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "limit=200", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.limit, LIMIT_PAGE_MAX);
    assert_int_equal(parse_query("orgs", "limit=1", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.limit, 1);
    assert_int_equal(parse_query("orgs", "limit=%32%30", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.limit, 20);
    arena_release(&a);
}

static void test_query_sort(void **state)
{
    (void)state;
    bad_query("orgs", "sort=bogus", "sort");
    bad_query("orgs", "sort=address", "sort"); /* a field, not sortable */
    bad_query("orgs", "sort=fields", "sort");
    bad_query("orgs", "sort=", "sort");
    bad_query("orgs", "sort=-", "sort");
    bad_query("orgs", "sort=name,,id", "sort");
    bad_query("orgs", "sort=name,", "sort");
    bad_query("orgs", "sort=--name", "sort");
    bad_query("orgs", "sort=+name", "sort"); /* '+' decodes to a space */
    bad_query("orgs", "sort=name,kind,employees,id", "sort"); /* more than 3 keys */
    bad_query("people", "sort=email", "sort");
    bad_query("orgs", "sort=version", "sort");

    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "sort=-name,id", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.nsort, 2);
    assert_ptr_equal(q.sort[0], resource_field(res("orgs"), "name", 4));
    assert_true(q.sort_desc[0]);
    assert_null(q.sort[1]);
    assert_string_equal(q.sort_implicit[1], "id");
    assert_false(q.sort_desc[1]);
    assert_int_equal(parse_query("orgs", "sort=kind,-employees", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.nsort, 2);
    assert_ptr_equal(q.sort[1], resource_field(res("orgs"), "employees", 9));
    assert_true(q.sort_desc[1]);
    assert_int_equal(parse_query("orgs", "sort=-created_at", &a, &q, &p, NULL), BP_OK);
    assert_string_equal(q.sort_implicit[0], "created_at");
    assert_int_equal(parse_query("orgs", "sort=name,kind,-id", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.nsort, 3);
    assert_int_equal(parse_query("orgs", "sort=-name%2Cid", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.nsort, 2);
    arena_release(&a);
}

static void test_query_repeated(void **state)
{
    (void)state;
    bad_query("orgs", "limit=5&limit=6", "limit");
    bad_query("orgs", "limit=5&limit=5", "limit");
    bad_query("orgs", "sort=id&sort=id", "sort");
    bad_query("orgs", "q=a&q=b", "q");
    bad_query("orgs", "kind=company&kind=hospital", "kind");
    bad_query("orgs", "format=csv&format=csv", "format");
    bad_query("orgs", "cursor=WzFd&cursor=WzFd", "cursor");
    bad_query("people", "expand=org&expand=org", "expand");
}

static void test_query_encoding(void **state)
{
    (void)state;
    bad_query("orgs", "q=%", "query");
    bad_query("orgs", "q=%4", "query");
    bad_query("orgs", "q=a%4", "query");
    bad_query("orgs", "q=%zz", "query");
    bad_query("orgs", "q=%g1", "query");
    bad_query("orgs", "q=%ff", "query");        /* not UTF-8 */
    bad_query("orgs", "q=%c0%af", "query");     /* overlong */
    bad_query("orgs", "q=%ed%a0%80", "query");  /* surrogate */
    bad_query("orgs", "q=%00", "query");        /* NUL */
    bad_query("orgs", "q=a%00b", "query");
    bad_query("orgs", "kind=compan%", "query");
    bad_query("orgs", "q=\xea\xb0", "query");   /* raw truncated UTF-8 */

    struct arena a;
    struct list_query q;
    struct problem p;
    char *copy;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "q=%ED%95%9C%EB%B9%9B+bio%2b", &a, &q, &p, &copy), BP_OK);
    assert_int_equal(q.q.len, strlen("한빛 bio+"));
    assert_memory_equal(q.q.ptr, "한빛 bio+", q.q.len);
    free(copy);
    assert_int_equal(parse_query("orgs", "q=한빛", &a, &q, &p, &copy), BP_OK);
    assert_memory_equal(q.q.ptr, "한빛", q.q.len);
    free(copy);
    assert_int_equal(parse_query("orgs", "q=%25%5F%27%22", &a, &q, &p, &copy), BP_OK);
    assert_int_equal(q.q.len, 4);
    assert_memory_equal(q.q.ptr, "%_'\"", 4);
    free(copy);
    arena_release(&a);
}

static void test_query_filters(void **state)
{
    (void)state;
    bad_query("orgs", "kind=bogus", "kind");
    bad_query("orgs", "kind=", "kind");
    bad_query("orgs", "kind=Company", "kind");
    bad_query("orgs", "is_tenant=maybe", "is_tenant");
    bad_query("orgs", "is_tenant=", "is_tenant");
    bad_query("orgs", "is_tenant=2", "is_tenant");
    bad_query("orgs", "is_tenant=TRUE", "is_tenant");
    bad_query("orgs", "stage=RND", "stage");
    bad_query("orgs", "visibility=secret", "visibility");
    bad_query("needs", "status=bogus", "status");
    bad_query("needs", "deadline=2024-13-01", "deadline");
    bad_query("needs", "org_id=0", "org_id");
    bad_query("needs", "org_id=-1", "org_id");
    bad_query("needs", "org_id=abc", "org_id");
    bad_query("needs", "org_id=1.0", "org_id");
    bad_query("audit", "row_id=x", "row_id");

    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "kind=hospital&is_tenant=true&fields=ai&stage=rnd", &a, &q,
                                 &p, NULL),
                     BP_OK);
    assert_int_equal(q.nfilters, 4);
    assert_ptr_equal(q.filter_fields[0], resource_field(res("orgs"), "kind", 4));
    assert_true(str_eq_c(q.filter_values[0], "hospital"));
    assert_true(str_eq_c(q.filter_values[2], "ai"));
    arena_release(&a);
    good_query("orgs", "is_tenant=false&is_anchor=1&is_synthetic=0");
    good_query("needs", "status=open&deadline=2024-02-29&org_id=101");
    good_query("people", "org_id=9223372036854775807");
    good_query("audit", "row_id=0&action=create");

    /* Other parameters: q length, format, expand, cursor. */
    char qs[LIMIT_QUERY_TEXT + 8];
    memcpy(qs, "q=", 2);
    memset(qs + 2, 'a', LIMIT_QUERY_TEXT);
    qs[LIMIT_QUERY_TEXT + 2] = '\0';
    good_query("orgs", qs);
    qs[LIMIT_QUERY_TEXT + 2] = 'a';
    qs[LIMIT_QUERY_TEXT + 3] = '\0';
    bad_query("orgs", qs, "q");
    bad_query("orgs", "format=pdf", "format");
    good_query("orgs", "format=csv");
    good_query("orgs", "format=xlsx");
    good_query("people", "expand=org");
    good_query("people", "expand=org_id");
    good_query("capabilities", "expand=org,contact");
    bad_query("people", "expand=name", "expand");
    bad_query("orgs", "expand=org", "expand");
    bad_query("orgs", "cursor=", "cursor");
    static char cur[LIMIT_CURSOR + 16];
    memcpy(cur, "cursor=", 7);
    memset(cur + 7, 'A', LIMIT_CURSOR + 1);
    cur[7 + LIMIT_CURSOR + 1] = '\0';
    bad_query("orgs", cur, "cursor");
}


/* ------------------------------------------------------------------------------------------ */
/* the declaration language: new types, ranges, labels, and entries against their tables      */

static void test_validate_new_types(void **state)
{
    (void)state;
    struct write_op op;
    struct problem p;
    /* date-time: an offset, or Korean time without one; stored in UTC */
    static const char *const times[][2] = {
        {"2026-12-07T14:00:00+09:00", "2026-12-07T05:00:00Z"},
        {"2026-12-07T14:00", "2026-12-07T05:00:00Z"},
        {"2026-12-07T05:00:00Z", "2026-12-07T05:00:00Z"},
        {"2026-12-07T00:00:00-08:00", "2026-12-07T08:00:00Z"},
    };
    for (size_t i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
        char body[128];
        snprintf(body, sizeof(body), "{\"starts_at\":\"%s\"}", times[i][0]);
        assert_int_equal(validate("meetings", WRITE_UPDATE, body, &op, &p), BP_OK);
        assert_string_equal(op_value(&op, "starts_at")->text, times[i][1]);
        write_op_free(&op);
    }
    refused_one("meetings", WRITE_UPDATE, "{\"starts_at\":\"2026-12-07T25:00\"}", "starts_at");
    refused_one("meetings", WRITE_UPDATE, "{\"starts_at\":\"2026-12-07\"}", "starts_at");
    refused_one("meetings", WRITE_UPDATE, "{\"starts_at\":1765083600}", "starts_at");
    accepted("meetings", WRITE_UPDATE, "{\"starts_at\":null}");
    /* duration: minutes, or ISO 8601 answered as minutes */
    assert_int_equal(validate("meetings", WRITE_UPDATE, "{\"duration_minutes\":\"PT1H30M\"}", &op, &p),
                     BP_OK);
    assert_int_equal(op_value(&op, "duration_minutes")->i, 90);
    write_op_free(&op);
    assert_int_equal(validate("meetings", WRITE_UPDATE, "{\"duration_minutes\":45}", &op, &p), BP_OK);
    assert_int_equal(op_value(&op, "duration_minutes")->i, 45);
    write_op_free(&op);
    refused_one("meetings", WRITE_UPDATE, "{\"duration_minutes\":1441}", "duration_minutes");
    refused_one("meetings", WRITE_UPDATE, "{\"duration_minutes\":-1}", "duration_minutes");
    refused_one("meetings", WRITE_UPDATE, "{\"duration_minutes\":\"1h\"}", "duration_minutes");
    refused_one("meetings", WRITE_UPDATE, "{\"duration_minutes\":1.5}", "duration_minutes");
    /* decimal: exact units of 10^-scale, from a number or a string holding one */
    static const struct {
        const char *body;
        long long units;
    } areas[] = {
        {"{\"floor_area_m2\":132.25}", 13225}, {"{\"floor_area_m2\":0.07}", 7},
        {"{\"floor_area_m2\":1000000}", 100000000}, {"{\"floor_area_m2\":\"132.5\"}", 13250},
        {"{\"floor_area_m2\":12.3}", 1230}, {"{\"floor_area_m2\":999999.99}", 99999999},
    };
    for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
        assert_int_equal(validate("orgs", WRITE_UPDATE, areas[i].body, &op, &p), BP_OK);
        assert_int_equal(op_value(&op, "floor_area_m2")->i, areas[i].units);
        write_op_free(&op);
    }
    refused_one("orgs", WRITE_UPDATE, "{\"floor_area_m2\":132.255}", "floor_area_m2");
    refused_one("orgs", WRITE_UPDATE, "{\"floor_area_m2\":-1}", "floor_area_m2");
    refused_one("orgs", WRITE_UPDATE, "{\"floor_area_m2\":1000000.01}", "floor_area_m2");
    refused_one("orgs", WRITE_UPDATE, "{\"floor_area_m2\":\"lots\"}", "floor_area_m2");
    refused_one("orgs", WRITE_UPDATE, "{\"floor_area_m2\":true}", "floor_area_m2");
    /* money: whole won, never a fraction or a string */
    accepted("needs", WRITE_UPDATE, "{\"budget_min\":1200000}");
    refused_one("needs", WRITE_UPDATE, "{\"budget_min\":1200000.5}", "budget_min");
    refused_one("needs", WRITE_UPDATE, "{\"budget_min\":\"1200000\"}", "budget_min");
}

static void test_query_ranges(void **state)
{
    (void)state;
    struct arena a;
    struct list_query q;
    struct problem p;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("needs", "deadline_from=2026-01-01&deadline_to=2026-12-31&"
                                          "budget_max_from=1000000&budget_max_to=50000000",
                                 &a, &q, &p, NULL),
                     BP_OK);
    assert_int_equal(q.nfilters, 4);
    assert_ptr_equal(q.filter_fields[0], resource_field(res("needs"), "deadline", 8));
    assert_int_equal(q.filter_ops[0], FILTER_FROM);
    assert_int_equal(q.filter_ops[1], FILTER_TO);
    assert_true(str_eq_c(q.filter_values[3], "50000000"));
    /* a date-time range end in any offset becomes UTC; a date means its whole day in Seoul */
    assert_int_equal(parse_query("meetings", "starts_at_from=2026-12-07&starts_at_to=2026-12-07",
                                 &a, &q, &p, NULL),
                     BP_OK);
    assert_true(str_eq_c(q.filter_values[0], "2026-12-06T15:00:00Z"));
    assert_true(str_eq_c(q.filter_values[1], "2026-12-07T14:59:59Z"));
    assert_int_equal(parse_query("meetings", "starts_at_from=2026-12-07T14%3A00%3A00%2B09%3A00&"
                                             "duration_minutes=PT1H",
                                 &a, &q, &p, NULL),
                     BP_ERR_BAD_QUERY); /* duration is sortable, not filterable */
    assert_int_equal(parse_query("meetings", "starts_at_from=2026-12-07T14%3A00%3A00%2B09%3A00",
                                 &a, &q, &p, NULL),
                     BP_OK);
    assert_true(str_eq_c(q.filter_values[0], "2026-12-07T05:00:00Z"));
    assert_int_equal(parse_query("orgs", "floor_area_m2_from=100.5&floor_area_m2_to=200", &a, &q,
                                 &p, NULL),
                     BP_OK);
    assert_true(str_eq_c(q.filter_values[0], "10050")); /* units of 0.01 m² */
    assert_true(str_eq_c(q.filter_values[1], "20000"));
    arena_release(&a);
    bad_query("needs", "deadline_from=2026-13-01", "deadline_from");
    bad_query("needs", "deadline_to=soon", "deadline_to");
    bad_query("needs", "budget_min_from=abc", "budget_min_from");
    bad_query("needs", "budget_min_to=-1", "budget_min_to");
    bad_query("needs", "deadline_from=2026-01-01&deadline_from=2026-02-01", "deadline_from");
    bad_query("meetings", "starts_at_to=2026-12-07T25%3A00", "starts_at_to");
    bad_query("orgs", "floor_area_m2_from=1.234", "floor_area_m2_from");
    bad_query("needs", "title_from=a", "title_from");   /* text has no range */
    bad_query("needs", "status_from=open", "status_from");
    bad_query("orgs", "employees_from=1", "employees_from"); /* sortable, not filterable */
    good_query("needs", "deadline=2026-12-31&deadline_from=2026-01-01"); /* both forms at once */
}

static void test_schema_check(void **state)
{
    struct db *db = fx_db(state);
    char why[512];
    /* every registered entry agrees with its table */
    for (const struct resource *const *r = resource_all(); *r; r++)
        if (resource_check_table(db, *r, why, sizeof(why)) != BP_OK)
            fail_msg("%s: %s", (*r)->name, why);

    static const struct enum_value robot_kinds[] = {
        {"company", "기업", "Company"}, {"robot", "로봇", "Robot"}, END_VALUES};
    static const struct enum_value need_states[] = {
        {"open", "진행 중", "Open"}, {"archived", "보관", "Archived"}, END_VALUES};
    static const struct field bad_enum[] = {
        TEXT("name", F_REQUIRED, 1, 200, "기관명", "Name"),
        ENUM("kind", robot_kinds, F_REQUIRED, "유형", "Kind"),
        END_FIELDS,
    };
    static const struct field bad_status[] = {
        TEXT("title", F_REQUIRED, 1, 200, "수요", "Title"),
        STATUS("status", need_states, 0, "상태", "Status"),
        END_FIELDS,
    };
    static const struct field bad_column[] = {
        TEXT("name", F_REQUIRED, 1, 200, "기관명", "Name"),
        DATETIME("opened_at", 0, "개소", "Opened"),
        END_FIELDS,
    };
    static const struct field bad_type[] = {
        INT("name", 0, 0, 10, "기관명", "Name"),
        END_FIELDS,
    };
    static const struct field money_as_text[] = {
        MONEY("deadline", 0, 1000, "마감일", "Deadline"),
        END_FIELDS,
    };
    static const struct {
        struct resource r;
        const char *want[3];
    } cases[] = {
        {{.name = "robots", .table = "orgs", .fields = bad_enum, .title_field = "name"},
         {"entry robots", "field kind", "'robot'"}},
        {{.name = "old-needs", .table = "needs", .fields = bad_status, .title_field = "title"},
         {"entry old-needs", "field status", "'archived'"}},
        {{.name = "venues", .table = "orgs", .fields = bad_column, .title_field = "name"},
         {"entry venues", "field opened_at", "no such column"}},
        {{.name = "numbered", .table = "orgs", .fields = bad_type, .title_field = "name"},
         {"entry numbered", "field name", "is TEXT, the field needs INTEGER"}},
        {{.name = "costs", .table = "needs", .fields = money_as_text, .title_field = "deadline"},
         {"entry costs", "field deadline", "needs INTEGER"}},
        {{.name = "ghosts", .table = "no_such_table", .fields = bad_type, .title_field = "name"},
         {"entry ghosts", "no table no_such_table", ""}},
    };
    /* a table that is not STRICT would store what the engine never validated */
    assert_int_equal(db_exec(db, "CREATE TABLE t_loose(id INTEGER PRIMARY KEY, name TEXT)"), BP_OK);
    static const struct field loose_fields[] = {TEXT("name", 0, 0, 10, "이름", "Name"), END_FIELDS};
    const struct resource loose = {
        .name = "loose", .table = "t_loose", .fields = loose_fields, .title_field = "name"};
    assert_int_equal(resource_check_table(db, &loose, why, sizeof(why)), BP_ERR_INVALID);
    assert_non_null(strstr(why, "entry loose: table t_loose is not STRICT"));
    assert_int_equal(db_exec(db, "DROP TABLE t_loose"), BP_OK);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(resource_check_table(db, &cases[i].r, why, sizeof(why)), BP_ERR_INVALID);
        for (size_t k = 0; k < 3; k++)
            if (!strstr(why, cases[i].want[k]))
                fail_msg("%s: \"%s\" does not say \"%s\"", cases[i].r.name, why, cases[i].want[k]);
    }
}

static void test_list_ranges(void **state)
{
    struct db *db = fx_db(state);
    /* every range end inclusive, the same rows as SQL finds */
    assert_int_equal(list_total(db, "needs", "deadline_from=2026-01-01&deadline_to=2026-06-30", &oper),
                     sql_int(db, "SELECT count(*) FROM needs WHERE deadline BETWEEN '2026-01-01' AND "
                                 "'2026-06-30'", 0, NULL));
    long long some = sql_int(db, "SELECT budget_max FROM needs WHERE budget_max IS NOT NULL "
                                 "ORDER BY budget_max LIMIT 1 OFFSET 3", 0, NULL);
    assert_true(some > 0);
    char qs[128];
    snprintf(qs, sizeof(qs), "budget_max_to=%lld", some);
    long long want = sql_int(db, "SELECT count(*) FROM needs WHERE budget_max <= ?1", some, NULL);
    assert_true(want >= 4);
    assert_int_equal(list_total(db, "needs", qs, &oper), want);
    snprintf(qs, sizeof(qs), "budget_max_from=%lld&budget_max_to=%lld", some, some);
    assert_int_equal(list_total(db, "needs", qs, &oper),
                     sql_int(db, "SELECT count(*) FROM needs WHERE budget_max = ?1", some, NULL));
    /* an empty range is no error, only no rows */
    assert_int_equal(list_total(db, "needs", "deadline_from=2030-01-01&deadline_to=2020-01-01", &oper), 0);
}

/* ------------------------------------------------------------------------------------------ */
/* resource_openapi                                                                           */

static void test_openapi(void **state)
{
    (void)state;
    struct buf out;
    buf_init(&out, NULL, 1 << 24);
    assert_int_equal(resource_openapi(&out), BP_OK);
    json_error_t jerr;
    json_t *doc = json_loadb(out.data, out.len, 0, &jerr);
    if (!doc)
        fail_msg("OpenAPI document is not JSON: %s", jerr.text);
    assert_string_equal(jstr(doc, "openapi"), "3.1.0");
    json_t *paths = json_object_get(doc, "paths");
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    assert_true(json_is_object(paths));
    assert_true(json_is_object(schemas));
    size_t n = 0;
    for (const struct resource *const *r = resource_all(); *r; r++, n++) {
        char path[128];
        snprintf(path, sizeof(path), "/api/v1/%s", (*r)->name);
        json_t *coll = json_object_get(paths, path);
        if (!coll)
            fail_msg("no path %s", path);
        assert_non_null(json_object_get(coll, "get"));
        assert_int_equal(json_object_get(coll, "post") != NULL, !((*r)->flags & R_READONLY));
        snprintf(path, sizeof(path), "/api/v1/%s/{id}", (*r)->name);
        json_t *item = json_object_get(paths, path);
        if (!item)
            fail_msg("no path %s", path);
        assert_non_null(json_object_get(item, "get"));
        assert_int_equal(json_object_get(item, "patch") != NULL, !((*r)->flags & R_READONLY));
        assert_int_equal(json_object_get(item, "delete") != NULL, !((*r)->flags & R_READONLY));
        json_t *schema = json_object_get(schemas, (*r)->name);
        if (!schema)
            fail_msg("no schema %s", (*r)->name);
        json_t *props = json_object_get(schema, "properties");
        for (const struct field *f = (*r)->fields; f->name; f++) {
            if (!(f->flags & F_HIDDEN) && !json_object_get(props, f->name))
                fail_msg("schema %s lacks property %s", (*r)->name, f->name);
            if ((f->flags & F_HIDDEN) && json_object_get(props, f->name))
                fail_msg("schema %s shows hidden property %s", (*r)->name, f->name);
        }
    }
    size_t registered = 0;
    for (const struct resource *const *r = resource_all(); *r; r++)
        registered++;
    assert_int_equal(n, registered);
    /* Enumerations carry their values. */
    json_t *kind = json_object_get(
        json_object_get(json_object_get(schemas, "orgs"), "properties"), "kind");
    assert_true(json_is_array(json_object_get(kind, "enum")));
    assert_int_equal(json_array_size(json_object_get(kind, "enum")), 7);
    /* ... and their labels in both languages, as the entry declares them */
    json_t *labels = json_object_get(kind, "x-bpmc-enum-labels");
    assert_int_equal(json_object_size(labels), 7);
    assert_string_equal(jstr(json_object_get(labels, "company"), "ko"), "기업");
    assert_string_equal(jstr(json_object_get(labels, "company"), "en"), "Company");
    for (const struct resource *const *r = resource_all(); *r; r++)
        for (const struct field *f = (*r)->fields; f->name; f++) {
            if ((f->type != FT_ENUM && f->type != FT_STATUS) || (f->flags & F_HIDDEN))
                continue;
            json_t *l = json_object_get(json_object_get(json_object_get(json_object_get(
                                            schemas, (*r)->name), "properties"), f->name),
                                        "x-bpmc-enum-labels");
            for (const struct enum_value *v = f->values; v->value; v++) {
                json_t *one = json_object_get(l, v->value);
                if (!jstr(one, "ko") || !jstr(one, "en") || !v->label_ko || !v->label_en)
                    fail_msg("%s.%s: value %s has no labels", (*r)->name, f->name, v->value);
            }
        }
    /* the new types, as the web builds against them */
#define PROP(coll, name)                                                                           \
    json_object_get(json_object_get(json_object_get(schemas, coll), "properties"), name)
    json_t *money = PROP("needs", "budget_min");
    assert_string_equal(jstr(money, "x-bpmc-type"), "money");
    assert_string_equal(jstr(money, "x-bpmc-unit"), "KRW");
    assert_string_equal(json_string_value(json_array_get(json_object_get(money, "type"), 0)),
                        "integer");
    json_t *when = PROP("meetings", "starts_at");
    assert_string_equal(jstr(when, "format"), "date-time");
    json_t *area = PROP("orgs", "floor_area_m2");
    assert_string_equal(json_string_value(json_array_get(json_object_get(area, "type"), 0)),
                        "number");
    assert_string_equal(jstr(area, "x-bpmc-type"), "decimal");
    assert_int_equal(jint(area, "x-bpmc-scale"), 2);
    json_t *length = PROP("meetings", "duration_minutes");
    assert_string_equal(jstr(length, "x-bpmc-type"), "duration");
    assert_string_equal(jstr(length, "x-bpmc-unit"), "minutes");
#undef PROP
    /* range parameters on the lists */
    json_t *params = json_object_get(json_object_get(json_object_get(paths, "/api/v1/needs"), "get"),
                                     "parameters");
    int ends = 0;
    size_t pi;
    json_t *param;
    json_array_foreach(params, pi, param)
    {
        const char *name = jstr(param, "name");
        ends += strcmp(name, "deadline_from") == 0 || strcmp(name, "deadline_to") == 0 ||
                strcmp(name, "budget_min_from") == 0 || strcmp(name, "budget_max_to") == 0;
        assert_true(strcmp(name, "title_from") != 0 && strcmp(name, "status_to") != 0);
    }
    assert_int_equal(ends, 4);
    json_decref(doc);
    buf_release(&out);
}

/* ------------------------------------------------------------------------------------------ */
/* writes (demo database, changed by these tests)                                            */

static const char org_body[] =
    "{\"name\":\"테스트바이오\",\"name_en\":\"Test Bio\",\"kind\":\"company\","
    "\"brn\":\"220-81-62517\",\"phone\":\"0318075 3570\",\"fields\":[\"ai\",\"genomics\"],"
    "\"is_tenant\":true,\"employees\":12,\"founded\":\"2020-02-29\"}";

static void test_apply_create(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *row;
    long long id = 0, version = 0;
    long long creates = sql_int(db, "SELECT count(*) FROM audit WHERE action='create'", 0, NULL);
    long long max_id = sql_int(db, "SELECT max(id) FROM orgs", 0, NULL);
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0, org_body, &row, &id, &version, &p),
                     BP_OK);
    assert_true(id > max_id);
    assert_int_equal(version, 1);
    assert_non_null(row);
    assert_int_equal(jint(row, "id"), id);
    assert_int_equal(jint(row, "version"), 1);
    assert_string_equal(jstr(row, "name"), "테스트바이오");
    assert_string_equal(jstr(row, "name_en"), "Test Bio");
    assert_string_equal(jstr(row, "kind"), "company");
    assert_string_equal(jstr(row, "brn"), "2208162517");
    assert_string_equal(jstr(row, "phone"), "031-8075-3570");
    assert_string_equal(jstr(row, "founded"), "2020-02-29");
    assert_string_equal(jstr(row, "visibility"), "public"); /* the column default */
    assert_int_equal(jint(row, "employees"), 12);
    assert_true(json_is_true(json_object_get(row, "is_tenant")));
    assert_true(json_is_false(json_object_get(row, "is_anchor")));
    assert_true(json_is_null(json_object_get(row, "stage")));
    json_t *fields = json_object_get(row, "fields");
    assert_int_equal(json_array_size(fields), 2);
    assert_string_equal(json_string_value(json_array_get(fields, 0)), "ai");
    assert_non_null(json_object_get(row, "created_at"));
    assert_non_null(json_object_get(row, "updated_at"));

    /* The stored row is what was returned. */
    struct buf got;
    long long gv = 0;
    buf_init(&got, NULL, 1 << 20);
    assert_int_equal(resource_get(db, res("orgs"), id, &oper, 0, &got, &gv), BP_OK);
    assert_int_equal(gv, 1);
    json_t *again = json_loads(got.data, 0, NULL);
    assert_true(json_equal(again, row));
    json_decref(again);
    buf_release(&got);

    /* The audit row: create, by the operator, with the row as after and no before. */
    struct audit_row a;
    assert_true(audit_last(db, "orgs", id, &a));
    assert_string_equal(a.action, "create");
    assert_int_equal(a.actor_id, oper.user_id);
    assert_null(a.before);
    assert_non_null(a.after);
    assert_true(json_equal(a.after, row));
    audit_free(&a);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action='create'", 0, NULL),
                     creates + 1);
    json_decref(row);

    /* Every create writes its own audit row. */
    static const struct {
        const char *coll, *body;
    } more[] = {
        {"people", "{\"name\":\"김시험\",\"org_id\":101,\"email\":\"kim@test.example\"}"},
        {"needs", "{\"org_id\":101,\"title\":\"시험 수요\",\"fields\":[\"ai\"]}"},
        {"capabilities", "{\"org_id\":101,\"title\":\"시험 장비\",\"kind\":\"equipment\"}"},
        {"tags", "{\"slug\":\"test-slug\",\"name_ko\":\"시험\",\"name_en\":\"Test\"}"},
    };
    for (size_t i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
        assert_int_equal(write_body(db, more[i].coll, WRITE_CREATE, 0, 0, more[i].body, &row, &id,
                                    &version, &p),
                         BP_OK);
        assert_int_equal(version, 1);
        assert_int_equal(jint(row, "id"), id);
        assert_true(audit_last(db, more[i].coll, id, &a));
        assert_string_equal(a.action, "create");
        if (strcmp(more[i].coll, "people") == 0) { /* personal fields are marked, not kept */
            assert_string_equal(jstr(a.after, "email"), "[personal]");
            json_object_set_new(row, "email", json_string("[personal]"));
        }
        assert_true(json_equal(a.after, row));
        audit_free(&a);
        json_decref(row);
    }
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit WHERE action='create'", 0, NULL),
                     creates + 5);
    /* Status and visibility start at their defaults. */
    assert_int_equal(sql_int(db,
                             "SELECT count(*) FROM needs WHERE title='시험 수요' AND "
                             "status='open' AND visibility='cluster'",
                             0, NULL),
                     1);
}

static void test_apply_bad_refs(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    long long needs = sql_int(db, "SELECT count(*) FROM needs", 0, NULL);
    long long audits = sql_int(db, "SELECT count(*) FROM audit", 0, NULL);
    assert_int_equal(write_body(db, "needs", WRITE_CREATE, 0, 0,
                                "{\"org_id\":999999,\"title\":\"x\"}", NULL, NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 1);
    assert_names(&p, "org_id");
    assert_non_null(strstr(field_error(&p, "org_id")->en, "999999"));
    assert_int_equal(write_body(db, "needs", WRITE_CREATE, 0, 0,
                                "{\"org_id\":101,\"title\":\"x\",\"fields\":[\"ai\",\"no-such-tag\"]}",
                                NULL, NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 1);
    assert_names(&p, "fields");
    assert_non_null(strstr(field_error(&p, "fields")->en, "no-such-tag"));
    /* Both at once, and a bad reference through an update. */
    assert_int_equal(write_body(db, "needs", WRITE_CREATE, 0, 0,
                                "{\"org_id\":999999,\"title\":\"x\",\"fields\":[\"nope\"]}", NULL,
                                NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 2);
    assert_names(&p, "org_id");
    assert_names(&p, "fields");
    assert_int_equal(write_body(db, "people", WRITE_UPDATE, 101, 0, "{\"org_id\":999999}", NULL,
                                NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_names(&p, "org_id");
    assert_int_equal(write_body(db, "capabilities", WRITE_CREATE, 0, 0,
                                "{\"org_id\":101,\"title\":\"x\",\"kind\":\"space\","
                                "\"contact_id\":999999}",
                                NULL, NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_names(&p, "contact_id");
    /* Nothing was written. */
    assert_int_equal(sql_int(db, "SELECT count(*) FROM needs", 0, NULL), needs);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit", 0, NULL), audits);
    /* resource_check_refs alone says the same. */
    struct write_op op;
    assert_int_equal(validate("needs", WRITE_CREATE,
                              "{\"org_id\":999999,\"title\":\"x\",\"fields\":[\"ai\",\"zz\"]}", &op,
                              &p),
                     BP_OK);
    problem_init(&p);
    assert_int_equal(resource_check_refs(db, &op, &p), BP_ERR_INVALID);
    assert_int_equal(p.n, 2);
    write_op_free(&op);
}

/* A list of references (REFS): each id a positive integer (digits or a JSON integer), none
 * twice, at most the declared count, stored as digits; every id must name a row the writer may
 * see, and the field's message names the ids at fault. */
static void test_refs_list(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    struct write_op op;
    assert_int_equal(validate("prospects", WRITE_CREATE,
                              "{\"name\":\"x\",\"kind\":\"company\","
                              "\"upstream_org_ids\":[101,\"0102\"]}",
                              &op, &p),
                     BP_OK);
    const struct write_value *v = write_op_get(&op, "upstream_org_ids");
    assert_non_null(v);
    assert_string_equal(v->text, "[\"101\",\"102\"]");
    assert_int_equal(resource_check_refs(db, &op, &p), BP_OK);
    write_op_free(&op);
    static const char *const bad[] = {
        "[101,101]",        /* twice */
        "[\"101\",\"101\"]", /* twice, as digits */
        "[0]",              /* not an id */
        "[\"abc\"]",
        "[1.5]",
        "[true]",
        "\"101\"",          /* not an array */
        "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21]", /* more than 20 */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char body[256];
        snprintf(body, sizeof(body), "{\"name\":\"x\",\"kind\":\"company\",\"upstream_org_ids\":%s}",
                 bad[i]);
        assert_int_equal(validate("prospects", WRITE_CREATE, body, &op, &p), BP_ERR_INVALID);
        assert_int_equal(p.n, 1);
        assert_names(&p, "upstream_org_ids");
        assert_true(p.errors[0].ko[0] && p.errors[0].en[0]);
        write_op_free(&op);
    }
    /* an absent row, and one a member may not see (a private organisation of another) */
    assert_int_equal(db_exec(db, "UPDATE orgs SET visibility='private' WHERE id=103"), BP_OK);
    assert_int_equal(validate("prospects", WRITE_CREATE,
                              "{\"name\":\"x\",\"kind\":\"company\","
                              "\"upstream_org_ids\":[101,999999],\"downstream_org_ids\":[103]}",
                              &op, &p),
                     BP_OK);
    op.who = oper;
    assert_int_equal(resource_check_refs(db, &op, &p), BP_ERR_INVALID);
    assert_int_equal(p.n, 1);
    assert_names(&p, "upstream_org_ids");
    assert_non_null(strstr(field_error(&p, "upstream_org_ids")->en, "999999"));
    assert_null(strstr(field_error(&p, "upstream_org_ids")->en, "101"));
    static const struct principal member = {7, ROLE_ORG_MEMBER, 101};
    op.who = member;
    problem_init(&p);
    assert_int_equal(resource_check_refs(db, &op, &p), BP_ERR_INVALID);
    assert_int_equal(p.n, 2);
    assert_non_null(strstr(field_error(&p, "downstream_org_ids")->en, "103"));
    write_op_free(&op);
    assert_int_equal(db_exec(db, "UPDATE orgs SET visibility='public' WHERE id=103"), BP_OK);
}

static void test_apply_unique(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    long long id = 0, version = 0;
    /* 314-87-54838 is the brn of demo org 101. */
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0,
                                "{\"name\":\"중복\",\"kind\":\"company\",\"brn\":\"314-87-54838\"}",
                                NULL, &id, &version, &p),
                     BP_ERR_CONFLICT);
    assert_int_equal(p.n, 1);
    assert_names(&p, "brn");
    assert_int_equal(sql_int(db, "SELECT count(*) FROM orgs WHERE name='중복'", 0, NULL), 0);
    /* Through an update too. */
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, 102, 0, "{\"brn\":\"3148754838\"}", NULL,
                                &id, &version, &p),
                     BP_ERR_CONFLICT);
    assert_names(&p, "brn");
    assert_int_equal(sql_int(db, "SELECT version FROM orgs WHERE id=?1", 102, NULL), 1);
    /* A duplicate tag slug. */
    assert_int_equal(write_body(db, "tags", WRITE_CREATE, 0, 0,
                                "{\"slug\":\"ai\",\"name_ko\":\"x\",\"name_en\":\"x\"}", NULL, &id,
                                &version, &p),
                     BP_ERR_CONFLICT);
    assert_names(&p, "slug");
}

static void test_apply_update(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *row;
    long long id = 0, version = 0;
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0,
                                "{\"name\":\"버전시험\",\"kind\":\"institute\",\"employees\":3}", NULL,
                                &id, &version, &p),
                     BP_OK);
    assert_int_equal(version, 1);
    /* Stale: nothing changes, no audit row. */
    long long audits = sql_int(db, "SELECT count(*) FROM audit", 0, NULL);
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, id, 99, "{\"employees\":4}", NULL, NULL,
                                NULL, &p),
                     BP_ERR_STALE);
    assert_true(p.detail_en[0] != '\0');
    assert_int_equal(sql_int(db, "SELECT employees FROM orgs WHERE id=?1", id, NULL), 3);
    assert_int_equal(sql_int(db, "SELECT version FROM orgs WHERE id=?1", id, NULL), 1);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit", 0, NULL), audits);

    /* With the right version: the change, version 2, an "update" audit row. */
    long long got_id = 0;
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, id, 1,
                                "{\"employees\":4,\"phone\":\"02 123 4567\"}", &row, &got_id,
                                &version, &p),
                     BP_OK);
    assert_int_equal(got_id, id);
    assert_int_equal(version, 2);
    assert_int_equal(jint(row, "version"), 2);
    assert_int_equal(jint(row, "employees"), 4);
    assert_string_equal(jstr(row, "phone"), "02-123-4567");
    assert_string_equal(jstr(row, "name"), "버전시험"); /* untouched fields stay */
    struct audit_row a;
    assert_true(audit_last(db, "orgs", id, &a));
    assert_string_equal(a.action, "update");
    assert_non_null(a.before);
    assert_int_equal(jint(a.before, "employees"), 3);
    assert_int_equal(jint(a.before, "version"), 1);
    assert_true(json_equal(a.after, row));
    audit_free(&a);
    json_decref(row);

    /* The old version is now stale. */
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, id, 1, "{\"employees\":5}", NULL, NULL,
                                NULL, &p),
                     BP_ERR_STALE);
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, id, 2, "{\"employees\":null}", &row, NULL,
                                &version, &p),
                     BP_OK);
    assert_int_equal(version, 3);
    assert_true(json_is_null(json_object_get(row, "employees")));
    json_decref(row);

    /* Absent rows. */
    assert_int_equal(write_body(db, "orgs", WRITE_UPDATE, 999999, 0, "{\"employees\":5}", NULL,
                                NULL, NULL, &p),
                     BP_ERR_NOT_FOUND);
    assert_int_equal(delete_row(db, "orgs", 999999, 0, &p), BP_ERR_NOT_FOUND);
}

static void test_apply_transitions(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *row;
    long long id = 0, version = 0;
    assert_int_equal(write_body(db, "needs", WRITE_CREATE, 0, 0,
                                "{\"org_id\":102,\"title\":\"상태 시험\"}", &row, &id, &version, &p),
                     BP_OK);
    assert_string_equal(jstr(row, "status"), "open");
    json_decref(row);

    /* open -> matched: allowed, audited as a transition. */
    assert_int_equal(write_body(db, "needs", WRITE_UPDATE, id, 1, "{\"status\":\"matched\"}", &row,
                                NULL, &version, &p),
                     BP_OK);
    assert_string_equal(jstr(row, "status"), "matched");
    assert_int_equal(version, 2);
    json_decref(row);
    struct audit_row a;
    assert_true(audit_last(db, "needs", id, &a));
    assert_string_equal(a.action, "transition");
    assert_string_equal(jstr(a.before, "status"), "open");
    assert_string_equal(jstr(a.after, "status"), "matched");
    audit_free(&a);

    /* matched -> withdrawn: not declared. */
    long long audits = sql_int(db, "SELECT count(*) FROM audit", 0, NULL);
    assert_int_equal(write_body(db, "needs", WRITE_UPDATE, id, 2,
                                "{\"status\":\"withdrawn\",\"title\":\"바뀌면 안 됨\"}", NULL, NULL,
                                NULL, &p),
                     BP_ERR_INVALID);
    assert_int_equal(p.n, 1);
    assert_names(&p, "status");
    assert_non_null(strstr(field_error(&p, "status")->en, "matched"));
    assert_non_null(strstr(field_error(&p, "status")->en, "withdrawn"));
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit", 0, NULL), audits);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM needs WHERE id=?1 AND status='matched' "
                                 "AND title='상태 시험' AND version=2",
                             id, NULL),
                     1);

    /* Same status again: no transition, an ordinary update. */
    assert_int_equal(write_body(db, "needs", WRITE_UPDATE, id, 2,
                                "{\"status\":\"matched\",\"budget_max\":1000}", NULL, NULL, &version,
                                &p),
                     BP_OK);
    assert_true(audit_last(db, "needs", id, &a));
    assert_string_equal(a.action, "update");
    audit_free(&a);

    /* matched -> closed, then closed is final. */
    assert_int_equal(write_body(db, "needs", WRITE_UPDATE, id, version, "{\"status\":\"closed\"}",
                                NULL, NULL, &version, &p),
                     BP_OK);
    assert_true(audit_last(db, "needs", id, &a));
    assert_string_equal(a.action, "transition");
    audit_free(&a);
    static const char *const from_closed[] = {"open", "matched", "withdrawn"};
    for (size_t i = 0; i < 3; i++) {
        char body[64];
        snprintf(body, sizeof(body), "{\"status\":\"%s\"}", from_closed[i]);
        assert_int_equal(write_body(db, "needs", WRITE_UPDATE, id, 0, body, NULL, NULL, NULL, &p),
                         BP_ERR_INVALID);
        assert_names(&p, "status");
    }
    /* Capabilities follow their own table: active -> retired ok, retired -> active not. */
    assert_int_equal(write_body(db, "capabilities", WRITE_CREATE, 0, 0,
                                "{\"org_id\":102,\"title\":\"상태\",\"kind\":\"space\"}", NULL, &id,
                                NULL, &p),
                     BP_OK);
    assert_int_equal(write_body(db, "capabilities", WRITE_UPDATE, id, 0, "{\"status\":\"retired\"}",
                                NULL, NULL, NULL, &p),
                     BP_OK);
    assert_int_equal(write_body(db, "capabilities", WRITE_UPDATE, id, 0, "{\"status\":\"active\"}",
                                NULL, NULL, NULL, &p),
                     BP_ERR_INVALID);
    assert_names(&p, "status");
}

static void test_apply_delete(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    /* Org 11 is referenced by people (and needs/capabilities of others: 101 by needs). */
    assert_true(sql_int(db, "SELECT count(*) FROM people WHERE org_id=11", 0, NULL) > 0);
    long long audits = sql_int(db, "SELECT count(*) FROM audit", 0, NULL);
    assert_int_equal(delete_row(db, "orgs", 11, 0, &p), BP_ERR_CONFLICT);
    assert_true(p.detail_en[0] != '\0');
    assert_int_equal(sql_int(db, "SELECT count(*) FROM orgs WHERE id=11", 0, NULL), 1);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM audit", 0, NULL), audits);
    assert_int_equal(delete_row(db, "orgs", 101, 0, &p), BP_ERR_CONFLICT);

    /* An unreferenced row: stale version refused, then deleted with a "delete" audit row. */
    long long id = 0, version = 0;
    json_t *row;
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0,
                                "{\"name\":\"지울 기관\",\"kind\":\"association\"}", &row, &id,
                                &version, &p),
                     BP_OK);
    assert_int_equal(delete_row(db, "orgs", id, 7, &p), BP_ERR_STALE);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM orgs WHERE id=?1", id, NULL), 1);
    assert_int_equal(delete_row(db, "orgs", id, 1, &p), BP_OK);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM orgs WHERE id=?1", id, NULL), 0);
    struct audit_row a;
    assert_true(audit_last(db, "orgs", id, &a));
    assert_string_equal(a.action, "delete");
    assert_int_equal(a.actor_id, oper.user_id);
    assert_non_null(a.before);
    assert_null(a.after);
    assert_true(json_equal(a.before, row));
    assert_string_equal(jstr(a.before, "name"), "지울 기관");
    audit_free(&a);
    json_decref(row);
    struct buf got;
    long long gv;
    buf_init(&got, NULL, 1 << 16);
    assert_int_equal(resource_get(db, res("orgs"), id, &oper, 0, &got, &gv), BP_ERR_NOT_FOUND);
    buf_release(&got);
    assert_int_equal(delete_row(db, "orgs", id, 0, &p), BP_ERR_NOT_FOUND);

    /* A person referenced by nothing can go; then the org it belonged to is still referenced
     * by the rest. */
    assert_int_equal(write_body(db, "people", WRITE_CREATE, 0, 0,
                                "{\"name\":\"지울 사람\",\"org_id\":12}", NULL, &id, NULL, &p),
                     BP_OK);
    assert_int_equal(delete_row(db, "people", id, 0, &p), BP_OK);
    assert_true(audit_last(db, "people", id, &a));
    assert_string_equal(a.action, "delete");
    assert_string_equal(jstr(a.before, "name"), "지울 사람");
    audit_free(&a);
}

/* Search text: % and _ are characters, not wildcards; quotes are just text. */
static void test_search_metachars_written(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    long long id = 0;
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0,
                                "{\"name\":\"순도 100%_시험 'x' \\\\ 바\",\"kind\":\"company\"}",
                                NULL, &id, NULL, &p),
                     BP_OK);
    static const char *const hits[] = {"q=100%25_", "q=%25_", "q=0%25", "q=%27x%27", "q=%5C",
                                       "q=%25_%EC%8B%9C"};
    for (size_t i = 0; i < sizeof(hits) / sizeof(hits[0]); i++) {
        json_t *doc;
        assert_int_equal(list(db, "orgs", hits[i], &oper, &doc, &p), BP_OK);
        json_t *items = json_object_get(doc, "items");
        if (json_array_size(items) != 1 || jint(json_array_get(items, 0), "id") != id)
            fail_msg("%s: want only the new org, got %zu rows", hits[i], json_array_size(items));
        assert_int_equal(jint(doc, "total"), 1);
        json_decref(doc);
    }
    /* Patterns that would match as LIKE wildcards match nothing as text. */
    assert_int_equal(list_total(db, "orgs", "q=1_0", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "q=%25%25", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "q=__", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "q=%25100", &oper), 0);
}

/* Exports of rows written here: a cell that would be an Excel formula is defused. */
static void test_export_formula_cell(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    long long id = 0;
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0,
                                "{\"name\":\"=HYPERLINK(\\\"http://x\\\")\",\"kind\":\"company\","
                                "\"description\":\"줄1\\n줄2, \\\"인용\\\"\"}",
                                NULL, &id, NULL, &p),
                     BP_OK);
    struct arena a;
    struct list_query q;
    struct buf out;
    char qs[64];
    arena_init(&a, LIMIT_ARENA_BYTES);
    buf_init(&out, NULL, 1 << 20);
    snprintf(qs, sizeof(qs), "format=csv&q=HYPERLINK");
    assert_int_equal(parse_query("orgs", qs, &a, &q, &p, NULL), BP_OK);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    char want[64];
    snprintf(want, sizeof(want), "\r\n%lld,\"'=HYPERLINK(\"\"http://x\"\")\",", id);
    if (!strstr(out.data, want))
        fail_msg("formula cell not defused: %s", out.data);
    assert_non_null(strstr(out.data, "\"줄1\n줄2, \"\"인용\"\"\""));
    buf_release(&out);
    arena_release(&a);
}

/* Regression: tags.synonyms is declared FT_TAGS, which the engine checks against tags.slug, but
 * synonyms are free words (the demo's synonyms are "유전체", "NGS", ...). No tag with a synonym
 * that is not itself a slug can be created, and no demo tag can be written back as read. */
static void test_bug_tag_synonyms_are_not_slugs(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    enum bp_err e = write_body(db, "tags", WRITE_CREATE, 0, 0,
                               "{\"slug\":\"proteomics\",\"name_ko\":\"단백체\",\"name_en\":"
                               "\"Proteomics\",\"synonyms\":[\"단백체학\",\"proteome\"]}",
                               NULL, NULL, NULL, &p);
    if (e != BP_OK)
        fail_msg("creating a tag with synonyms [\"단백체학\",\"proteome\"] gives "
                 "err %d naming %s (%s)",
                 (int)e, p.n ? p.errors[0].field : "-", p.n ? p.errors[0].en : "");
}

/* Regression: resource_check_refs writes "unknown tag: %.80s", cutting a tag of more than 80
 * bytes inside a UTF-8 character; the problem's message is then not valid UTF-8. */
static void test_bug_unknown_tag_message_utf8(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    char body[256];
    char tag[100];
    size_t n = 0;
    for (int i = 0; i < 30; i++) { /* 90 bytes: within the 100-byte item limit */
        memcpy(tag + n, "가", 3);
        n += 3;
    }
    tag[n] = '\0';
    snprintf(body, sizeof(body), "{\"org_id\":101,\"title\":\"x\",\"fields\":[\"%s\"]}", tag);
    assert_int_equal(write_body(db, "needs", WRITE_CREATE, 0, 0, body, NULL, NULL, NULL, &p),
                     BP_ERR_INVALID);
    const struct field_error *fe = field_error(&p, "fields");
    assert_non_null(fe);
    if (!valid_utf8(fe->en, strlen(fe->en)) || !valid_utf8(fe->ko, strlen(fe->ko)))
        fail_msg("the message for an unknown 90-byte Korean tag is not valid UTF-8");
}

/* Regression: the next_cursor of a page is base64url of the last row's sort keys, with no bound
 * on its length; resource_parse_query refuses cursors over 1024 bytes. With sort=name,name_en
 * and a row whose names are long (both fields allow 200 characters; Korean is 3 bytes each),
 * the engine hands out a cursor it then refuses, so the list cannot be paged past that row. */
static void test_bug_long_cursor_refused(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    char name[700], body[1600];
    size_t n = 0;
    for (int i = 0; i < 200; i++) {
        memcpy(name + n, "힣", 3); /* the last Hangul syllable: first in a descending sort */
        n += 3;
    }
    name[n] = '\0';
    snprintf(body, sizeof(body), "{\"name\":\"%s\",\"name_en\":\"%s\",\"kind\":\"company\"}", name,
             name);
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0, body, NULL, NULL, NULL, &p), BP_OK);
    json_t *doc;
    assert_int_equal(list(db, "orgs", "sort=-name,-name_en&limit=1", &oper, &doc, &p), BP_OK);
    assert_string_equal(jstr(json_array_get(json_object_get(doc, "items"), 0), "name"), name);
    const char *cursor = jstr(doc, "next_cursor");
    char *qs = malloc(strlen(cursor) + 64);
    assert_non_null(qs);
    snprintf(qs, strlen(cursor) + 64, "sort=-name,-name_en&limit=1&cursor=%s", cursor);
    size_t cursor_len = strlen(cursor);
    json_decref(doc);
    enum bp_err e = list(db, "orgs", qs, &oper, &doc, &p);
    free(qs);
    json_decref(doc);
    if (e != BP_OK)
        fail_msg("the engine's own next_cursor (%zu bytes) is refused with err %d "
                 "naming %s",
                 cursor_len, (int)e, p.n ? p.errors[0].field : "-");
}

/* Regression (same root as the one above): make_cursor builds the cursor's JSON in a 2048-byte
 * buffer and fails the whole page with BP_ERR_TOO_LARGE when the last row's sort keys do not
 * fit. FT_TEXT accepts control characters, each escaped to 6 bytes (\u0001), so one org whose
 * name and name_en are 200 such characters makes the page that ends on it unlistable. */
static void test_bug_cursor_too_large_fails_page(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    char body[4096];
    size_t n = (size_t)snprintf(body, sizeof(body), "{\"kind\":\"company\",\"name\":\"");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "\\u0001");
    n += (size_t)snprintf(body + n, sizeof(body) - n, "\",\"name_en\":\"");
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(body + n, sizeof(body) - n, "\\u0001");
    snprintf(body + n, sizeof(body) - n, "\"}");
    assert_int_equal(write_body(db, "orgs", WRITE_CREATE, 0, 0, body, NULL, NULL, NULL, &p), BP_OK);
    json_t *doc;
    enum bp_err e = list(db, "orgs", "sort=name,name_en&limit=1", &oper, &doc, &p);
    json_decref(doc);
    if (e != BP_OK)
        fail_msg("orgs?sort=name,name_en&limit=1 fails with err %d when the page's "
                 "last row has 200-character names of U+0001",
                 (int)e);
}

/* Regression (seen only under LeakSanitizer, e.g. make SANITIZE=address,undefined unit):
 * resource_where_sql builds the escaped LIKE pattern in a buf on sql->arena; when the caller's
 * key buf of resource_count_key is malloc-backed (arena NULL, which buf.h allows), that
 * pattern is malloc'd and never freed: every count key with a q= leaks. */
static void test_bug_count_key_leaks_malloc_buf(void **state)
{
    (void)state;
    struct arena a;
    struct list_query q;
    struct problem p;
    struct buf key;
    arena_init(&a, LIMIT_ARENA_BYTES);
    assert_int_equal(parse_query("orgs", "q=leak&kind=company", &a, &q, &p, NULL), BP_OK);
    buf_init(&key, NULL, 1 << 16);
    assert_int_equal(resource_count_key(res("orgs"), &q, &oper, &key), BP_OK);
    assert_non_null(strstr(key.data, "leak")); /* the index's MATCH expression holds it */
    buf_release(&key);
    arena_release(&a);
}

/* ------------------------------------------------------------------------------------------ */
/* reads (untouched demo database)                                                            */

static void test_list_totals(void **state)
{
    struct db *db = fx_db(state);
    long long all = sql_int(db, "SELECT count(*) FROM orgs", 0, NULL);
    long long pub = sql_int(db, "SELECT count(*) FROM orgs WHERE visibility='public'", 0, NULL);
    assert_true(pub > 0 && pub < all); /* the demo has both */
    assert_int_equal(list_total(db, "orgs", "", &oper), all);
    assert_int_equal(list_total(db, "orgs", "", &anon), pub);

    long long needs_all = sql_int(db, "SELECT count(*) FROM needs", 0, NULL);
    long long needs_pub = sql_int(db, "SELECT count(*) FROM needs WHERE visibility='public'", 0, NULL);
    assert_true(needs_pub > 0 && needs_pub < needs_all);
    assert_int_equal(list_total(db, "needs", "", &oper), needs_all);
    struct problem p;
    json_t *doc;
    assert_int_equal(list(db, "needs", "limit=200", &anon, &doc, &p), BP_OK);
    assert_int_equal(jint(doc, "total"), needs_pub);
    json_t *items = json_object_get(doc, "items");
    assert_int_equal(json_array_size(items), (size_t)needs_pub);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item) assert_string_equal(jstr(item, "visibility"), "public");
    assert_true(json_is_null(json_object_get(doc, "next_cursor")));
    json_decref(doc);
    /* A non-public filter shows an anonymous caller nothing. */
    assert_int_equal(list_total(db, "needs", "visibility=cluster", &anon), 0);
    assert_int_equal(list_total(db, "needs", "visibility=cluster", &oper),
                     sql_int(db, "SELECT count(*) FROM needs WHERE visibility='cluster'", 0, NULL));
    /* Tags have no visibility: everyone sees all. */
    assert_int_equal(list_total(db, "tags", "", &anon),
                     sql_int(db, "SELECT count(*) FROM tags", 0, NULL));
}

static void test_list_private_fields(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *doc;
    assert_true(sql_int(db, "SELECT count(*) FROM people WHERE email IS NOT NULL AND "
                            "visibility='public'",
                        0, NULL) > 0);
    assert_int_equal(list(db, "people", "limit=200", &anon, &doc, &p), BP_OK);
    json_t *items = json_object_get(doc, "items");
    assert_true(json_array_size(items) > 0);
    size_t i;
    json_t *item;
    json_array_foreach(items, i, item)
    {
        assert_null(json_object_get(item, "email"));
        assert_null(json_object_get(item, "phone"));
        assert_non_null(json_object_get(item, "name"));
    }
    json_decref(doc);
    assert_int_equal(list(db, "people", "limit=200", &oper, &doc, &p), BP_OK);
    items = json_object_get(doc, "items");
    size_t with_email = 0;
    json_array_foreach(items, i, item)
    {
        assert_non_null(json_object_get(item, "email")); /* present, null when unknown */
        with_email += json_is_string(json_object_get(item, "email"));
    }
    assert_true(with_email > 0);
    json_decref(doc);
    /* A signed-in non-operator sees private fields too (ROLE rules live above the engine). */
    static const struct principal member = {7, ROLE_ORG_MEMBER, 101};
    assert_int_equal(list(db, "people", "limit=1", &member, &doc, &p), BP_OK);
    assert_non_null(json_object_get(json_array_get(json_object_get(doc, "items"), 0), "email"));
    json_decref(doc);

    /* resource_get follows the same rules, and hides non-public rows from anonymous callers. */
    struct buf out;
    long long version = 0;
    long long cluster_id = sql_int(db, "SELECT min(id) FROM orgs WHERE visibility='cluster'", 0,
                                   NULL);
    buf_init(&out, NULL, 1 << 16);
    assert_int_equal(resource_get(db, res("orgs"), cluster_id, &anon, 0, &out, &version),
                     BP_ERR_NOT_FOUND);
    assert_int_equal(resource_get(db, res("orgs"), cluster_id, &oper, 0, &out, &version), BP_OK);
    assert_int_equal(version, 1);
    buf_reset(&out);
    long long person = sql_int(db, "SELECT min(id) FROM people WHERE visibility='public' AND "
                                   "email IS NOT NULL",
                               0, NULL);
    assert_int_equal(resource_get(db, res("people"), person, &anon, 1, &out, &version), BP_OK);
    json_t *one = json_loads(out.data, 0, NULL);
    assert_non_null(one);
    assert_null(json_object_get(one, "email"));
    json_decref(one);
    buf_release(&out);
}

/* Walk every page of coll sorted by sort as who, limit 7, and compare the ids with want_sql
 * (which lists the expected ids in the expected order). */
static void walk_pages(struct db *db, const char *coll, const char *sort,
                       const struct principal *who, const char *want_sql)
{
    size_t want_n;
    long long *want = sql_ids(db, want_sql, &want_n);
    long long *got = malloc((want_n + 8) * sizeof(*got));
    assert_non_null(got);
    size_t got_n = 0, pages = 0;
    char *cursor = NULL;
    for (;;) {
        char qs[2048];
        snprintf(qs, sizeof(qs), "sort=%s&limit=7%s%s", sort, cursor ? "&cursor=" : "",
                 cursor ? cursor : "");
        free(cursor);
        cursor = NULL;
        struct problem p;
        json_t *doc;
        enum bp_err e = list(db, coll, qs, who, &doc, &p);
        if (e)
            fail_msg("%s?%s page %zu: err %d (%s)", coll, qs, pages, (int)e,
                     p.n ? p.errors[0].field : p.detail_en);
        assert_int_equal(jint(doc, "total"), (long long)want_n);
        json_t *items = json_object_get(doc, "items");
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            if (got_n >= want_n + 8)
                fail_msg("%s sort=%s: more rows than the %zu expected", coll, sort, want_n);
            got[got_n++] = jint(item, "id");
        }
        pages++;
        json_t *next = json_object_get(doc, "next_cursor");
        if (json_is_null(next)) {
            assert_true(json_array_size(items) <= 7);
            json_decref(doc);
            break;
        }
        assert_int_equal(json_array_size(items), 7);
        assert_true(json_is_string(next));
        cursor = strdup(json_string_value(next));
        assert_non_null(cursor);
        json_decref(doc);
        if (pages > want_n + 2)
            fail_msg("%s sort=%s: paging does not end", coll, sort);
    }
    /* No duplicates, and exactly the expected ids in the expected order. */
    for (size_t i = 0; i < got_n; i++)
        for (size_t j = i + 1; j < got_n; j++)
            if (got[i] == got[j])
                fail_msg("%s sort=%s: id %lld on two pages", coll, sort, got[i]);
    if (got_n != want_n)
        fail_msg("%s sort=%s: %zu rows paged, SQL says %zu", coll, sort, got_n, want_n);
    for (size_t i = 0; i < got_n; i++)
        if (got[i] != want[i])
            fail_msg("%s sort=%s: row %zu is id %lld, SQL says %lld", coll, sort, i, got[i],
                     want[i]);
    assert_int_equal(pages, want_n ? (want_n + 6) / 7 : 1);
    free(got);
    free(want);
}

static void test_list_pagination(void **state)
{
    struct db *db = fx_db(state);
    static const struct {
        const char *sort, *order;
    } sorts[] = {
        {"id", "id"},
        {"-name", "name DESC, id"},
        {"kind,-employees", "kind, employees DESC, id"},
        {"-id", "id DESC"},
        {"name,kind,-id", "name, kind, id DESC"},
        {"-is_tenant,founded", "is_tenant DESC, founded, id"},
        {"stage,-is_anchor", "coalesce(stage,''), is_anchor DESC, id"},
        {"employees", "employees, id"},
    };
    for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
        char sql[256];
        snprintf(sql, sizeof(sql), "SELECT id FROM orgs ORDER BY %s", sorts[i].order);
        walk_pages(db, "orgs", sorts[i].sort, &oper, sql);
        snprintf(sql, sizeof(sql), "SELECT id FROM orgs WHERE visibility='public' ORDER BY %s",
                 sorts[i].order);
        walk_pages(db, "orgs", sorts[i].sort, &anon, sql);
    }
    walk_pages(db, "needs", "status,-budget_max", &anon,
               "SELECT id FROM needs WHERE visibility='public' ORDER BY status, budget_max DESC, id");
    walk_pages(db, "needs", "-deadline,title", &oper,
               "SELECT id FROM needs ORDER BY coalesce(deadline,'') DESC, title, id");
    walk_pages(db, "people", "org_id,-name", &anon,
               "SELECT id FROM people WHERE visibility='public' ORDER BY org_id, name DESC, id");
    walk_pages(db, "tags", "slug", &anon, "SELECT id FROM tags ORDER BY slug, id");
}

static void test_list_bad_cursor(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *doc;
    static const struct {
        const char *sort, *json; /* json NULL: use the raw cursor text below */
        const char *raw;
    } cases[] = {
        {"id", NULL, "garbage"},
        {"id", NULL, "!!!!"},
        {"id", NULL, "WzFd="},          /* padding is not URL-safe unpadded base64 */
        {"id", "not json", NULL},
        {"id", "[]", NULL},
        {"id", "{}", NULL},
        {"id", "[\"7\"]", NULL},        /* id must be an integer */
        {"id", "[1.5]", NULL},
        {"id", "[true]", NULL},
        {"id", "[1,2]", NULL},          /* too many keys */
        {"-name", "[\"x\"]", NULL},     /* too few keys */
        {"-name", "[1,2]", NULL},       /* name must be text */
        {"-name", "[\"x\",\"2\"]", NULL},
        {"kind,-employees", "[\"company\",\"12\",3]", NULL},
        {"kind,-employees", "[\"company\",12,3,4]", NULL},
        {"id", "[1] trailing", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *enc = cases[i].json ? b64url(cases[i].json) : NULL;
        char qs[256];
        snprintf(qs, sizeof(qs), "sort=%s&cursor=%s", cases[i].sort, enc ? enc : cases[i].raw);
        free(enc);
        enum bp_err e = list(db, "orgs", qs, &oper, &doc, &p);
        json_decref(doc);
        if (e != BP_ERR_BAD_QUERY)
            fail_msg("orgs?%s (%s): want BP_ERR_BAD_QUERY, got %d", qs,
                     cases[i].json ? cases[i].json : "raw", (int)e);
        assert_names(&p, "cursor");
    }
    /* Well-formed cursors work, even hand-made ones. */
    char *enc = b64url("[100]");
    char qs[256];
    snprintf(qs, sizeof(qs), "cursor=%s&limit=200", enc);
    free(enc);
    assert_int_equal(list(db, "orgs", qs, &oper, &doc, &p), BP_OK);
    assert_int_equal(jint(json_array_get(json_object_get(doc, "items"), 0), "id"),
                     sql_int(db, "SELECT min(id) FROM orgs WHERE id>100", 0, NULL));
    json_decref(doc);
    enc = b64url("[\"\",0]");
    snprintf(qs, sizeof(qs), "sort=name&cursor=%s", enc);
    free(enc);
    assert_int_equal(list(db, "orgs", qs, &oper, &doc, &p), BP_OK);
    json_decref(doc);
}

static void test_list_search(void **state)
{
    struct db *db = fx_db(state);
    long long all = sql_int(db, "SELECT count(*) FROM orgs", 0, NULL);
    /* SQL metacharacters are text, and the table is still there. */
    assert_int_equal(list_total(db, "orgs", "q=%27%3B%20DROP%20TABLE%20orgs%3B%20--", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "q=%27%20OR%20%271%27%3D%271", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "q=%22)%20OR%201%3D1%20--", &oper), 0);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM orgs", 0, NULL), all);
    /* LIKE wildcards are text: the demo has no '%' or '_' in searchable text. */
    static const char count_pct[] =
        "SELECT count(*) FROM orgs WHERE instr(name,?2)>0 OR instr(coalesce(name_en,''),?2)>0 OR "
        "instr(coalesce(address,''),?2)>0 OR instr(coalesce(description,''),?2)>0";
    assert_int_equal(list_total(db, "orgs", "q=%25", &oper), sql_int(db, count_pct, 0, "%"));
    assert_int_equal(list_total(db, "orgs", "q=_", &oper), sql_int(db, count_pct, 0, "_"));
    assert_int_equal(list_total(db, "orgs", "q=%5C", &oper), sql_int(db, count_pct, 0, "\\"));
    assert_true(sql_int(db, count_pct, 0, "%") < all);
    assert_true(sql_int(db, count_pct, 0, "_") < all);
    /* Korean text, as operator and (public rows only) anonymous: words go through the search
     * index, which also holds the aliases and the names of the fields a row carries. */
    static const char count_words[] =
        "SELECT count(*) FROM orgs WHERE (instr(name,?2)>0 OR instr(coalesce(name_en,''),?2)>0 "
        "OR instr(aliases,?2)>0 OR instr(coalesce(address,''),?2)>0 OR "
        "instr(coalesce(description,''),?2)>0 OR EXISTS (SELECT 1 FROM json_each(fields) f JOIN "
        "tags g ON g.slug=f.value WHERE instr(g.name_ko,?2)>0 OR instr(g.name_en,?2)>0))";
    long long hits = sql_int(db, count_words, 0, "바이오");
    assert_true(hits > 0 && hits < all);
    assert_int_equal(list_total(db, "orgs", "q=바이오", &oper), hits);
    assert_int_equal(list_total(db, "orgs", "q=%EB%B0%94%EC%9D%B4%EC%98%A4", &oper), hits);
    static const char count_pub[] =
        "SELECT count(*) FROM orgs WHERE visibility='public' AND (instr(name,?2)>0 OR "
        "instr(coalesce(name_en,''),?2)>0 OR instr(aliases,?2)>0 OR "
        "instr(coalesce(address,''),?2)>0 OR instr(coalesce(description,''),?2)>0 OR EXISTS "
        "(SELECT 1 FROM json_each(fields) f JOIN tags g ON g.slug=f.value WHERE "
        "instr(g.name_ko,?2)>0 OR instr(g.name_en,?2)>0))";
    assert_int_equal(list_total(db, "orgs", "q=바이오", &anon), sql_int(db, count_pub, 0, "바이오"));
}

static void test_list_filters(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *doc;
    size_t i;
    json_t *item;
    long long ai = sql_int(db,
                           "SELECT count(*) FROM orgs WHERE EXISTS (SELECT 1 FROM "
                           "json_each(fields) WHERE value='ai')",
                           0, NULL);
    assert_true(ai > 0);
    assert_int_equal(list(db, "orgs", "fields=ai&limit=200", &oper, &doc, &p), BP_OK);
    assert_int_equal(jint(doc, "total"), ai);
    json_array_foreach(json_object_get(doc, "items"), i, item)
    {
        json_t *fields = json_object_get(item, "fields");
        bool found = false;
        for (size_t k = 0; k < json_array_size(fields); k++)
            found |= strcmp(json_string_value(json_array_get(fields, k)), "ai") == 0;
        assert_true(found);
    }
    json_decref(doc);
    /* "contains" means an element, not a substring: "a" is in no array. */
    assert_int_equal(list_total(db, "orgs", "fields=a", &oper), 0);
    assert_int_equal(list_total(db, "orgs", "fields=%5B%22ai%22%5D", &oper), 0);

    long long hospitals = sql_int(db, "SELECT count(*) FROM orgs WHERE kind='hospital'", 0, NULL);
    assert_true(hospitals > 0);
    assert_int_equal(list(db, "orgs", "kind=hospital", &oper, &doc, &p), BP_OK);
    assert_int_equal(jint(doc, "total"), hospitals);
    json_array_foreach(json_object_get(doc, "items"), i, item)
        assert_string_equal(jstr(item, "kind"), "hospital");
    json_decref(doc);

    assert_int_equal(list_total(db, "orgs", "kind=company&is_tenant=true&fields=genomics", &oper),
                     sql_int(db,
                             "SELECT count(*) FROM orgs WHERE kind='company' AND is_tenant=1 AND "
                             "EXISTS (SELECT 1 FROM json_each(fields) WHERE value='genomics')",
                             0, NULL));
    assert_int_equal(list_total(db, "orgs", "is_tenant=0", &oper),
                     sql_int(db, "SELECT count(*) FROM orgs WHERE is_tenant=0", 0, NULL));
    assert_int_equal(list_total(db, "needs", "status=open&org_id=101", &oper),
                     sql_int(db, "SELECT count(*) FROM needs WHERE status='open' AND org_id=101",
                             0, NULL));
    assert_int_equal(list_total(db, "people", "org_id=11", &anon),
                     sql_int(db, "SELECT count(*) FROM people WHERE org_id=11 AND "
                                 "visibility='public'",
                             0, NULL));
    /* Filters combine with search. */
    assert_int_equal(list_total(db, "orgs", "kind=hospital&q=병원", &oper),
                     sql_int(db,
                             "SELECT count(*) FROM orgs WHERE kind='hospital' AND "
                             "(instr(name,?2)>0 OR instr(coalesce(name_en,''),?2)>0 OR "
                             "instr(coalesce(address,''),?2)>0 OR "
                             "instr(coalesce(description,''),?2)>0)",
                             0, "병원"));

    /* resource_count_key: the same filters give the same key, others a different one. */
    struct arena a;
    struct list_query q1, q2;
    struct buf k1, k2;
    arena_init(&a, LIMIT_ARENA_BYTES);
    buf_init(&k1, &a, 1 << 16);
    buf_init(&k2, &a, 1 << 16);
    assert_int_equal(parse_query("orgs", "kind=hospital&q=x", &a, &q1, &p, NULL), BP_OK);
    assert_int_equal(parse_query("orgs", "kind=company&q=x", &a, &q2, &p, NULL), BP_OK);
    assert_int_equal(resource_count_key(res("orgs"), &q1, &oper, &k1), BP_OK);
    assert_int_equal(resource_count_key(res("orgs"), &q2, &oper, &k2), BP_OK);
    assert_false(str_eq(buf_str(&k1), buf_str(&k2)));
    buf_reset(&k2);
    assert_int_equal(resource_count_key(res("orgs"), &q1, &anon, &k2), BP_OK);
    assert_false(str_eq(buf_str(&k1), buf_str(&k2)));
    arena_release(&a);
}

static void test_list_expand(void **state)
{
    struct db *db = fx_db(state);
    struct problem p;
    json_t *doc;
    assert_int_equal(list(db, "people", "expand=org&org_id=11&limit=1", &oper, &doc, &p), BP_OK);
    json_t *item = json_array_get(json_object_get(doc, "items"), 0);
    json_t *org = json_object_get(item, "org");
    assert_true(json_is_object(org));
    assert_int_equal(jint(org, "id"), 11);
    assert_true(json_is_string(json_object_get(org, "name")));
    json_decref(doc);
}

/* A reader connection (as each event loop has) prepares the same statements and lists the same. */
static void test_reader_connection(void **state)
{
    struct fixture *fx = *state;
    struct db *reader;
    assert_int_equal(db_open(fx->path, DB_READ, false, &reader), BP_OK);
    assert_int_equal(resource_prepare(reader), BP_OK);
    assert_int_equal(list_total(reader, "orgs", "kind=company", &anon),
                     list_total(fx->db, "orgs", "kind=company", &anon));
    assert_int_equal(list_total(reader, "needs", "", &oper), list_total(fx->db, "needs", "", &oper));
    db_close(reader);
}

/* Count CSV records (quoted cells may hold line breaks). */
static size_t csv_records(const char *s, size_t len)
{
    size_t n = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && s[i] == '\n')
            n++;
    }
    return n;
}

static void test_export(void **state)
{
    struct db *db = fx_db(state);
    struct arena a;
    struct list_query q;
    struct problem p;
    struct buf out;
    arena_init(&a, LIMIT_ARENA_BYTES);
    buf_init(&out, NULL, 64 << 20);

    /* By default labels (Korean unless asked), enum labels and 예/아니오. */
    assert_int_equal(parse_query("orgs", "format=csv&columns=id,name,kind,is_tenant,updated_at", &a,
                                 &q, &p, NULL),
                     BP_OK);
    problem_init(&p);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    static const char labelled[] = "\xEF\xBB\xBFID,기관명,유형,입주기업,수정일시\r\n";
    assert_memory_equal(out.data, labelled, sizeof(labelled) - 1);
    assert_non_null(strstr(out.data, ",기업,"));
    assert_null(strstr(out.data, ",company,"));
    assert_non_null(strstr(out.data, ",예,") ? strstr(out.data, ",예,") : strstr(out.data, ",아니오,"));
    assert_null(strstr(out.data, "Z\r\n")); /* Seoul's wall clock, not UTC */
    buf_reset(&out);
    assert_int_equal(parse_query("orgs", "format=csv&lang=en&columns=kind", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    assert_memory_equal(out.data, "\xEF\xBB\xBFKind\r\n", 8);
    assert_non_null(strstr(out.data, "\r\nCompany\r\n"));
    problem_init(&p);
    assert_int_equal(parse_query("orgs", "format=csv&columns=name,nope", &a, &q, &p, NULL),
                     BP_ERR_BAD_QUERY);
    assert_string_equal(p.errors[0].field, "columns");
    problem_init(&p);
    assert_int_equal(parse_query("orgs", "format=csv&labels=maybe", &a, &q, &p, NULL),
                     BP_ERR_BAD_QUERY);
    buf_reset(&out);

    /* labels=false: the API's names and codes, for scripts */
    assert_int_equal(parse_query("orgs", "format=csv&labels=false", &a, &q, &p, NULL), BP_OK);
    problem_init(&p);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    assert_true(out.len > 3);
    assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
    static const char header[] =
        "id,name,name_en,aliases,kind,fields,is_tenant,is_anchor,stage,brn,address,homepage,phone,email,"
        "employees,founded,floor_area_m2,description,visibility,is_synthetic,created_at,updated_at\r\n";
    assert_true(out.len > 3 + sizeof(header) - 1);
    assert_memory_equal(out.data + 3, header, sizeof(header) - 1);
    assert_non_null(strstr(out.data, "진로드바이오"));
    assert_non_null(strstr(out.data, "\"genomics, bioinformatics, precision-medicine\""));
    assert_true(valid_utf8(out.data, out.len));
    assert_int_equal(csv_records(out.data, out.len),
                     1 + (size_t)sql_int(db, "SELECT count(*) FROM orgs", 0, NULL));

    /* Anonymous: public rows only, no private columns. */
    buf_reset(&out);
    assert_int_equal(parse_query("people", "format=csv&labels=false", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(resource_export(db, res("people"), &q, &anon, &out, &p), BP_OK);
    char *eol = strstr(out.data, "\r\n");
    assert_non_null(eol);
    *eol = '\0';
    assert_null(strstr(out.data, "email"));
    assert_null(strstr(out.data, "phone"));
    *eol = '\r';
    assert_null(strstr(out.data, "@demo.invalid"));
    assert_int_equal(csv_records(out.data, out.len),
                     1 + (size_t)sql_int(db, "SELECT count(*) FROM people WHERE visibility='public'",
                                         0, NULL));

    /* Filters and search apply to exports too. */
    buf_reset(&out);
    assert_int_equal(parse_query("orgs", "format=csv&kind=hospital", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    assert_int_equal(csv_records(out.data, out.len),
                     1 + (size_t)sql_int(db, "SELECT count(*) FROM orgs WHERE kind='hospital'", 0,
                                         NULL));

    /* XLSX is a zip. */
    buf_reset(&out);
    assert_int_equal(parse_query("orgs", "format=xlsx", &a, &q, &p, NULL), BP_OK);
    assert_int_equal(q.format, EXPORT_XLSX);
    assert_int_equal(resource_export(db, res("orgs"), &q, &oper, &out, &p), BP_OK);
    assert_true(out.len > 1000);
    assert_memory_equal(out.data, "PK\x03\x04", 4);

    buf_release(&out);
    arena_release(&a);
}

/* ------------------------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------------------------ */
/* writes from workflows                                                                      */

/* resource_write inside a transaction of our own, as on the writer. */
static enum bp_err workflow_write(struct db *db, struct write_op *op, long long *id,
                                  struct problem *p)
{
    problem_init(p);
    assert_int_equal(db_exec(db, "BEGIN IMMEDIATE"), BP_OK);
    enum bp_err e = resource_write(db, op, id, p);
    assert_int_equal(db_exec(db, e ? "ROLLBACK" : "COMMIT"), BP_OK);
    assert_int_equal(op->n, 0); /* freed either way */
    if (e)
        assert_int_equal(p->err, e);
    return e;
}

/* Server code writes the new types in their stored form (a decimal in units, a date-time in
 * UTC, a duration in minutes) and they are checked and kept as they are. */
static void test_workflow_write_new_types(void **state)
{
    struct db *db = fx_db(state);
    struct write_op op;
    struct problem p;
    struct principal sys = resource_system(1);
    long long id = 0;
    assert_true(resource_write_begin(&op, "orgs", WRITE_CREATE, 0, &sys));
    assert_true(write_op_text(&op, "name", "면적 시험 기관") && write_op_text(&op, "kind", "company") &&
                write_op_int(&op, "floor_area_m2", 13225));
    assert_int_equal(workflow_write(db, &op, &id, &p), BP_OK);
    assert_int_equal(sql_int(db, "SELECT floor_area_m2 FROM orgs WHERE id=?1", id, NULL), 13225);
    assert_true(resource_write_begin(&op, "meetings", WRITE_CREATE, 0, &sys));
    assert_true(write_op_text(&op, "title", "시간 시험 회의") && write_op_int(&op, "org_id", id) &&
                write_op_text(&op, "held_on", "2026-12-07") &&
                write_op_text(&op, "starts_at", "2026-12-07T05:00:00Z") &&
                write_op_int(&op, "duration_minutes", 90));
    long long meeting = 0;
    assert_int_equal(workflow_write(db, &op, &meeting, &p), BP_OK);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM meetings WHERE id=?1 AND starts_at="
                                 "'2026-12-07T05:00:00Z' AND duration_minutes=90", meeting, NULL),
                     1);
    assert_true(resource_write_begin(&op, "orgs", WRITE_UPDATE, id, &sys));
    assert_true(write_op_int(&op, "floor_area_m2", 100000001)); /* past 1 000 000.00 m² */
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_INVALID);
    assert_names(&p, "orgs.floor_area_m2");
}

static void test_workflow_write(void **state)
{
    struct db *db = fx_db(state);
    struct write_op op;
    struct problem p;
    struct audit_row a;
    struct principal sys = resource_system(1);
    long long id = 0;

    /* A create: checked, applied, audited with its full image, indexed. */
    assert_true(resource_write_begin(&op, "needs", WRITE_CREATE, 0, &sys));
    assert_true(write_op_int(&op, "org_id", 3) && write_op_text(&op, "title", "흐름 시험 수요") &&
                write_op_text(&op, "stage", "clinical") && write_op_text(&op, "fields", "[\"ai\"]"));
    assert_int_equal(workflow_write(db, &op, &id, &p), BP_OK);
    assert_true(id > 0);
    assert_true(audit_last(db, "needs", id, &a));
    assert_string_equal(a.action, "create");
    assert_int_equal(a.actor_id, 1);
    assert_null(a.before);
    assert_string_equal(jstr(a.after, "title"), "흐름 시험 수요");
    assert_string_equal(jstr(a.after, "status"), "open");
    assert_int_equal(jint(a.after, "version"), 1);
    assert_int_equal(jint(a.after, "org_id"), 3);
    audit_free(&a);
    assert_int_equal(sql_int(db, "SELECT count(*) FROM search_rows WHERE collection=?2 AND row_id=?1",
                             id, "needs"),
                     1);

    /* Values are checked as a client's: every fault named with its collection, nothing written. */
    long long rows = sql_int(db, "SELECT count(*) FROM needs", 0, NULL);
    char long_title[300];
    memset(long_title, 'x', sizeof(long_title) - 1);
    long_title[sizeof(long_title) - 1] = '\0';
    assert_true(resource_write_begin(&op, "needs", WRITE_CREATE, 0, &sys));
    assert_true(write_op_text(&op, "title", long_title) && write_op_text(&op, "stage", "huge") &&
                write_op_text(&op, "deadline", "2026-02-30") &&
                write_op_text(&op, "status", "matched"));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_INVALID);
    assert_names(&p, "needs.title");
    assert_names(&p, "needs.stage");
    assert_names(&p, "needs.deadline");
    assert_names(&p, "needs.status");
    assert_names(&p, "needs.org_id"); /* required */
    assert_int_equal(sql_int(db, "SELECT count(*) FROM needs", 0, NULL), rows);

    /* As a member: rights as in an API write (own organisation filled in, another refused). */
    struct principal member = {2, ROLE_ORG_MEMBER, 5};
    assert_true(resource_write_begin(&op, "needs", WRITE_CREATE, 0, &member));
    assert_true(write_op_text(&op, "title", "회원의 수요") && write_op_int(&op, "org_id", 3));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_INVALID);
    assert_names(&p, "needs.org_id");
    long long own = 0;
    assert_true(resource_write_begin(&op, "needs", WRITE_CREATE, 0, &member));
    assert_true(write_op_text(&op, "title", "회원의 수요"));
    assert_int_equal(workflow_write(db, &op, &own, &p), BP_OK);
    assert_int_equal(sql_int(db, "SELECT org_id FROM needs WHERE id=?1", own, NULL), 5);
    assert_true(resource_write_begin(&op, "needs", WRITE_UPDATE, id, &member));
    assert_true(write_op_text(&op, "title", "남의 수요"));
    enum bp_err other = workflow_write(db, &op, NULL, &p); /* 404 when it does not see it */
    assert_true(other == BP_ERR_FORBIDDEN || other == BP_ERR_NOT_FOUND);

    /* An update: transitions hold, the change is audited before and after. */
    assert_true(resource_write_begin(&op, "needs", WRITE_UPDATE, id, &sys));
    assert_true(write_op_text(&op, "status", "withdrawn"));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_OK);
    assert_true(resource_write_begin(&op, "needs", WRITE_UPDATE, id, &sys));
    assert_true(write_op_text(&op, "status", "open"));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_INVALID);
    assert_names(&p, "needs.status");
    assert_true(audit_last(db, "needs", id, &a));
    assert_string_equal(a.action, "transition");
    assert_string_equal(jstr(a.before, "status"), "open");
    assert_string_equal(jstr(a.after, "status"), "withdrawn");
    assert_int_equal(jint(a.after, "version"), 2);
    audit_free(&a);

    /* Immutable fields, read-only entries, unknown entries and fields. */
    assert_true(resource_write_begin(&op, "tags", WRITE_UPDATE, 1, &sys));
    assert_true(write_op_text(&op, "slug", "other-slug"));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_INVALID);
    assert_names(&p, "tags.slug");
    assert_true(resource_write_begin(&op, "audit", WRITE_DELETE, 1, &sys));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_ERR_FORBIDDEN);
    assert_false(resource_write_begin(&op, "no-such-entry", WRITE_CREATE, 0, &sys));
    assert_true(resource_write_begin(&op, "needs", WRITE_CREATE, 0, &sys));
    assert_false(write_op_int(&op, "no_such_field", 1));
    write_op_free(&op);

    /* A delete. */
    assert_true(resource_write_begin(&op, "needs", WRITE_DELETE, own, &sys));
    assert_int_equal(workflow_write(db, &op, NULL, &p), BP_OK);
    assert_true(audit_last(db, "needs", own, &a));
    assert_string_equal(a.action, "delete");
    assert_null(a.after);
    audit_free(&a);
}

static void test_read_fields(void **state)
{
    struct db *db = fx_db(state);
    struct resource_row row;
    assert_int_equal(resource_read_fields(db, "orgs", 3, "id,name,kind,version", &row), BP_OK);
    assert_true(row.found);
    assert_int_equal(row.n, 4);
    assert_int_equal(row.i[0], 3);
    assert_true(row.text[1][0] != '\0');
    assert_int_equal(row.i[3], sql_int(db, "SELECT version FROM orgs WHERE id=?1", 3, NULL));
    resource_row_release(&row);
    assert_int_equal(resource_read_fields(db, "orgs", 99999999, "name", &row), BP_OK);
    assert_false(row.found);
    resource_row_release(&row);
    /* only declared names reach the SQL */
    assert_int_equal(resource_read_fields(db, "orgs", 3, "name,1=1", &row), BP_ERR_INVALID);
    resource_row_release(&row);
    assert_int_equal(resource_read_fields(db, "orgs", 3, "name,", &row), BP_ERR_INVALID);
    resource_row_release(&row);
    assert_int_equal(resource_read_fields(db, "nothing", 3, "name", &row), BP_ERR_INVALID);
    resource_row_release(&row);
    assert_int_equal(resource_read_fields(db, "orgs", 3, "id,id,id,id,id,id,id,id,id", &row),
                     BP_ERR_INVALID);
    resource_row_release(&row);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_registry),
        cmocka_unit_test(test_validate_org_create),
        cmocka_unit_test(test_validate_required),
        cmocka_unit_test(test_validate_unknown_and_readonly),
        cmocka_unit_test(test_validate_types),
        cmocka_unit_test(test_validate_ranges),
        cmocka_unit_test(test_validate_enums_dates_checks),
        cmocka_unit_test(test_validate_tags),
        cmocka_unit_test(test_validate_status_on_create),
        cmocka_unit_test(test_validate_immutable),
        cmocka_unit_test(test_validate_many_errors),
        cmocka_unit_test(test_validate_malformed),
        cmocka_unit_test(test_query_defaults),
        cmocka_unit_test(test_query_unknown),
        cmocka_unit_test(test_query_limit),
        cmocka_unit_test(test_query_sort),
        cmocka_unit_test(test_query_repeated),
        cmocka_unit_test(test_query_encoding),
        cmocka_unit_test(test_query_filters),
        cmocka_unit_test(test_openapi),
        cmocka_unit_test(test_validate_new_types),
        cmocka_unit_test(test_query_ranges),
        cmocka_unit_test(test_schema_check),
    };
    const struct CMUnitTest writes[] = {
        cmocka_unit_test(test_apply_create),
        cmocka_unit_test(test_apply_bad_refs),
        cmocka_unit_test(test_refs_list),
        cmocka_unit_test(test_apply_unique),
        cmocka_unit_test(test_apply_update),
        cmocka_unit_test(test_apply_transitions),
        cmocka_unit_test(test_apply_delete),
        cmocka_unit_test(test_search_metachars_written),
        cmocka_unit_test(test_export_formula_cell),
        cmocka_unit_test(test_workflow_write),
        cmocka_unit_test(test_workflow_write_new_types),
        cmocka_unit_test(test_read_fields),
    };
    const struct CMUnitTest reads[] = {
        cmocka_unit_test(test_list_totals),
        cmocka_unit_test(test_list_private_fields),
        cmocka_unit_test(test_list_pagination),
        cmocka_unit_test(test_list_bad_cursor),
        cmocka_unit_test(test_list_search),
        cmocka_unit_test(test_list_filters),
        cmocka_unit_test(test_list_expand),
        cmocka_unit_test(test_reader_connection),
        cmocka_unit_test(test_export),
        cmocka_unit_test(test_list_ranges),
    };
    const struct CMUnitTest known_bugs[] = {
        cmocka_unit_test(test_bug_validate_truncated_key_utf8),
        cmocka_unit_test(test_bug_tag_synonyms_are_not_slugs),
        cmocka_unit_test(test_bug_unknown_tag_message_utf8),
        cmocka_unit_test(test_bug_long_cursor_refused),
        cmocka_unit_test(test_bug_cursor_too_large_fails_page),
        cmocka_unit_test(test_bug_count_key_leaks_malloc_buf),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("engine: validation, queries, OpenAPI", pure, setup_empty,
                                          teardown_db);
    failed += cmocka_run_group_tests_name("engine: writes", writes, setup_demo, teardown_db);
    failed += cmocka_run_group_tests_name("engine: reads", reads, setup_demo, teardown_db);
    failed += cmocka_run_group_tests_name("engine: regressions", known_bugs,
                                          setup_demo, teardown_db);
    return failed;
}
