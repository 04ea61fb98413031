/*
 * test_access: the access model (engine/access.c). The read tables the real entries get from
 * their fields and flags (what the authorisation matrix test covers through the API), and the
 * declaration patterns no real entry uses yet, each proven on test-only entries over small
 * tables: for every kind of caller, the scope SQL that lists and get use admits exactly the
 * rows it should, and personal fields show only to the readers declared to see them.
 *
 *   t-resources   every row to signed-in callers; manager_org_id names who manages it
 *   t-bookings    the booking organisation, and the manager of the booked resource (via)
 *   t-deals       its investor and its company only (two organisation fields)
 *   t-admin-deals the same rows: the investor's admins only (a role), the company's members
 *                 (and test_write_role: the same entry written by its organisations' admins)
 *   t-records     the trainee, and the instructors of the cohort (a link table)
 *   t-grades      the trainee of the record (via), the instructors of its cohort (via + link)
 *   t-notes       visibility rows of an owner, within a deal: never seen by more than the deal
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

#include "base/arena.h"
#include "base/buf.h"
#include "db/db.h"
#include "engine/access.h"
#include "engine/principal.h"
#include "engine/resource.h"
#include "engine/search.h"
#include "modules/modules.h"
#include "tempdb.h"

/* --- the test-only entries --- */

/* the engine's row macros, with the labels the tests need not */
#define T_TEXT(n, fl) TEXT(n, fl, 0, 200, n, n)
#define T_REF(n, to) REF(n, to, F_FILTER, n, n)

static const struct field resource_fields[] = {
    T_TEXT("name", F_REQUIRED), T_REF("manager_org_id", "orgs"), END_FIELDS,
};
static const struct field booking_fields[] = {
    T_TEXT("title", F_REQUIRED), T_REF("org_id", "orgs"), T_REF("resource_id", "t-resources"),
    T_TEXT("contact", F_PRIVATE), END_FIELDS,
};
static const struct field deal_fields[] = {
    T_TEXT("title", F_REQUIRED), T_REF("investor_org_id", "orgs"), T_REF("company_org_id", "orgs"),
    T_TEXT("terms", F_PRIVATE), END_FIELDS,
};
static const struct field cohort_fields[] = {T_TEXT("name", F_REQUIRED), END_FIELDS};
static const struct field record_fields[] = {
    T_TEXT("title", F_REQUIRED), T_REF("trainee_id", "users"), T_REF("cohort_id", "t-cohorts"),
    T_TEXT("health", F_PRIVATE), END_FIELDS,
};
static const struct field grade_fields[] = {
    T_TEXT("title", F_REQUIRED), T_REF("record_id", "t-records"), END_FIELDS,
};
static const struct field note_fields[] = {
    T_TEXT("title", F_REQUIRED), T_REF("org_id", "orgs"), T_REF("deal_id", "t-deals"),
    ENUM("visibility", resource_visibilities, F_FILTER, "공개 범위", "Visibility"), END_FIELDS,
};

static const struct reader booking_readers[] = {
    READ_ORG("org_id", .personal = true),
    READ_ORG("resource_id", .via = "manager_org_id"),
    READ_END,
};
static const struct reader deal_readers[] = {
    READ_ORG("investor_org_id", .personal = true),
    READ_ORG("company_org_id", .personal = true),
    READ_END,
};
static const struct reader admin_deal_readers[] = {
    READ_ORG("investor_org_id", .role = "org-admin"),
    READ_ORG("company_org_id", .personal = true),
    READ_END,
};
static const struct reader record_readers[] = {
    READ_USER("trainee_id", .personal = true),
    READ_USER("cohort_id", .link = "t_cohort_instructors", .link_key = "cohort_id",
              .link_member = "user_id"),
    READ_END,
};
static const struct reader grade_readers[] = {
    READ_USER("record_id", .via = "trainee_id"),
    READ_USER("record_id", .via = "cohort_id", .link = "t_cohort_instructors",
              .link_key = "cohort_id", .link_member = "user_id"),
    READ_END,
};

static const struct resource t_resources = {
    .name = "t-resources", .table = "t_resources", .label_ko = "자원", .label_en = "Resources",
    .fields = resource_fields, .title_field = "name", .default_sort = "id",
};
static const struct resource t_bookings = {
    .name = "t-bookings", .table = "t_bookings", .label_ko = "예약", .label_en = "Bookings",
    .fields = booking_fields, .title_field = "title", .owner_field = "org_id",
    .readers = booking_readers, .default_sort = "id",
};
static const struct resource t_deals = {
    .name = "t-deals", .table = "t_deals", .label_ko = "투자", .label_en = "Deals",
    .fields = deal_fields, .title_field = "title", .readers = deal_readers, .default_sort = "id",
};
static const struct resource t_admin_deals = {
    .name = "t-admin-deals", .table = "t_deals", .label_ko = "투자", .label_en = "Deals",
    .fields = deal_fields, .title_field = "title", .readers = admin_deal_readers,
    .default_sort = "id",
};
static const struct resource t_cohorts = {
    .name = "t-cohorts", .table = "t_cohorts", .label_ko = "기수", .label_en = "Cohorts",
    .fields = cohort_fields, .title_field = "name", .default_sort = "id",
};
static const struct resource t_records = {
    .name = "t-records", .table = "t_records", .label_ko = "교육 기록", .label_en = "Records",
    .fields = record_fields, .title_field = "title", .readers = record_readers,
    .default_sort = "id",
};
static const struct resource t_grades = {
    .name = "t-grades", .table = "t_grades", .label_ko = "평가", .label_en = "Grades",
    .fields = grade_fields, .title_field = "title", .readers = grade_readers,
    .default_sort = "id",
};
static const struct resource t_notes = {
    .name = "t-notes", .table = "t_notes", .label_ko = "메모", .label_en = "Notes",
    .fields = note_fields, .title_field = "title", .owner_field = "org_id",
    .visibility_field = "visibility", .within = "deal_id", .flags = R_PUBLIC_READ,
    .default_sort = "id",
};
static const struct resource *const test_entries[] = {
    &t_resources, &t_bookings, &t_deals,  &t_admin_deals,
    &t_cohorts,   &t_records,  &t_grades, &t_notes,       NULL,
};

/* Organisations 10, 20, 30; users: 11 of 10, 21 of 20, 31 of 30; trainees 41 and 42 (of 10);
 * instructors 51 (of cohort 1) and 52 (of cohort 2), both of organisation 30. */
static const char schema[] =
    "CREATE TABLE t_resources(id INTEGER PRIMARY KEY, name TEXT, manager_org_id INTEGER,"
    " created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_bookings(id INTEGER PRIMARY KEY, title TEXT, org_id INTEGER,"
    " resource_id INTEGER, contact TEXT, created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_deals(id INTEGER PRIMARY KEY, title TEXT, investor_org_id INTEGER,"
    " company_org_id INTEGER, terms TEXT, created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_cohorts(id INTEGER PRIMARY KEY, name TEXT, created_at TEXT, updated_at TEXT,"
    " version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_cohort_instructors(cohort_id INTEGER, user_id INTEGER);"
    "CREATE TABLE t_records(id INTEGER PRIMARY KEY, title TEXT, trainee_id INTEGER,"
    " cohort_id INTEGER, health TEXT, created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_grades(id INTEGER PRIMARY KEY, title TEXT, record_id INTEGER,"
    " created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "CREATE TABLE t_notes(id INTEGER PRIMARY KEY, title TEXT, org_id INTEGER, deal_id INTEGER,"
    " visibility TEXT, created_at TEXT, updated_at TEXT, version INTEGER DEFAULT 1) STRICT;"
    "INSERT INTO t_resources(id, name, manager_org_id) VALUES (1, 'MRI', 30), (2, 'PCR', 20);"
    "INSERT INTO t_bookings(id, title, org_id, resource_id, contact) VALUES"
    " (1, 'b1', 10, 1, 'c1'), (2, 'b2', 10, 2, 'c2'), (3, 'b3', 20, 1, 'c3'), (4, 'b4', 30, 2, 'c4');"
    "INSERT INTO t_deals(id, title, investor_org_id, company_org_id, terms) VALUES"
    " (1, 'd1', 10, 20, 't1'), (2, 'd2', 30, 20, 't2'), (3, 'd3', 30, 10, 't3');"
    "INSERT INTO t_cohorts(id, name) VALUES (1, 'c1'), (2, 'c2');"
    "INSERT INTO t_cohort_instructors(cohort_id, user_id) VALUES (1, 51), (2, 52), (2, 51);"
    "INSERT INTO t_records(id, title, trainee_id, cohort_id, health) VALUES"
    " (1, 'r1', 41, 1, 'h1'), (2, 'r2', 42, 2, 'h2'), (3, 'r3', 41, 2, 'h3');"
    "INSERT INTO t_grades(id, title, record_id) VALUES (1, 'g1', 1), (2, 'g2', 2), (3, 'g3', 3);"
    "INSERT INTO t_notes(id, title, org_id, deal_id, visibility) VALUES"
    " (1, 'n1', 10, NULL, 'public'), (2, 'n2', 10, 1, 'public'), (3, 'n3', 20, 2, 'cluster'),"
    " (4, 'n4', 30, 2, 'private'), (5, 'n5', 20, NULL, 'private'), (6, 'n6', 20, 1, 'private');";

/* --- fixture --- */

struct fixture {
    char path[64];
    struct db *db;
};

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    int applied = 0;
    if (!fx)
        return -1;
    snprintf(fx->path, sizeof(fx->path), "/tmp/bpmc-test-access-XXXXXX");
    if (!tempdb_make(fx->path)) {
        free(fx);
        return -1;
    }
    if (modules_register() != BP_OK || resource_register("test", test_entries) != BP_OK) {
        tempdb_remove(fx->path);
        free(fx);
        return -1;
    }
    if (db_open(fx->path, DB_WRITE, true, &fx->db) != BP_OK ||
        db_migrate(fx->db, &applied) != BP_OK || db_exec(fx->db, schema) != BP_OK ||
        resource_init(fx->db) != BP_OK) {
        if (fx->db)
            db_close(fx->db);
        tempdb_remove(fx->path);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    db_close(fx->db);
    tempdb_remove(fx->path);
    free(fx);
    return 0;
}

static const struct principal anon = {0, ROLE_PUBLIC, 0};
static const struct principal oper = {1, ROLE_OPERATOR_STAFF, 0};
static const struct principal m10 = {11, ROLE_ORG_MEMBER, 10};
static const struct principal m20 = {21, ROLE_ORG_ADMIN, 20};
static const struct principal m30 = {31, ROLE_INVESTOR, 30};
static const struct principal trainee41 = {41, ROLE_TRAINEE, 10};
static const struct principal trainee42 = {42, ROLE_TRAINEE, 10};
static const struct principal teacher51 = {51, ROLE_ORG_MEMBER, 30};
static const struct principal teacher52 = {52, ROLE_PARTNER, 30};
static const struct principal admin12 = {12, ROLE_ORG_ADMIN, 10};

/* The ids of r's rows that the scope SQL admits for who, as "1,3" ("" for none). */
static void scoped_ids(struct db *db, const struct resource *r, const struct principal *who,
                       char *out, size_t size)
{
    struct buf sql;
    struct db_stmt *st;
    buf_init(&sql, NULL, 1 << 16);
    assert_int_equal(buf_addf(&sql, "SELECT t.id FROM %s t WHERE 1", r->table), BP_OK);
    assert_int_equal(access_scope(r, who, "t", &sql), BP_OK);
    assert_int_equal(buf_adds(&sql, " ORDER BY t.id"), BP_OK);
    if (db_prepare(db, sql.data, &st) != BP_OK)
        fail_msg("%s: %s", sql.data, db_errmsg(db));
    access_bind(st, who);
    size_t n = 0;
    out[0] = '\0';
    while (db_step(st) == DB_ROW && n + 24 < size)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", n ? "," : "", db_column_int(st, 0));
    db_reset(st);
    buf_release(&sql);
}

/* The ids the list (GET /api/v1/<r>) shows who, and the value of field in each, as
 * "1:c1,2:-" ("-" for null). The list's total must agree with its items. */
static void listed(struct db *db, const struct resource *r, const struct principal *who,
                   const char *field, char *out, size_t size)
{
    struct arena a;
    struct list_query q;
    struct problem p;
    struct buf body;
    long long total = -1;
    arena_init(&a, 1 << 20);
    buf_init(&body, &a, 1 << 20);
    problem_init(&p);
    assert_int_equal(resource_parse_query(r, str_from("limit=100"), &a, &q, &p), BP_OK);
    q.total_wanted = true;
    assert_int_equal(resource_list(db, r, &q, who, &a, &body, &total, &p), BP_OK);
    json_t *doc = json_loads(body.data, 0, NULL), *item;
    assert_non_null(doc);
    json_t *items = json_object_get(doc, "items");
    assert_int_equal(json_integer_value(json_object_get(doc, "total")), (long long)json_array_size(items));
    size_t i, n = 0;
    out[0] = '\0';
    json_array_foreach(items, i, item) {
        json_t *v = json_object_get(item, field);
        n += (size_t)snprintf(out + n, size - n, "%s%lld:%s", n ? "," : "",
                              (long long)json_integer_value(json_object_get(item, "id")),
                              json_is_string(v) ? json_string_value(v) : "-");
    }
    json_decref(doc);
    arena_release(&a);
}

struct want {
    const struct principal *who;
    const char *ids;
};

static void check(struct db *db, const struct resource *r, const struct want *w, size_t n)
{
    char got[256];
    for (size_t i = 0; i < n; i++) {
        scoped_ids(db, r, w[i].who, got, sizeof(got));
        if (strcmp(got, w[i].ids) != 0)
            fail_msg("%s as user %lld (%s, org %lld): rows [%s], expected [%s]", r->name,
                     w[i].who->user_id, role_name(w[i].who->role), w[i].who->org_id, got,
                     w[i].ids);
    }
}

#define CHECK(db, r, ...)                                                                          \
    do {                                                                                           \
        const struct want w_[] = {__VA_ARGS__};                                                    \
        check(db, r, w_, sizeof(w_) / sizeof(w_[0]));                                              \
    } while (0)

/* --- the real entries --- */

/* The read tables the existing entries get from their fields and flags. */
static void test_derived_tables(void **state)
{
    (void)state;
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    /* visibility rows of an owner: public / cluster, the owner, its shares */
    access_readers(resource_find("needs", 5), t, &bound);
    assert_int_equal(t[0].kind, READER_PUBLIC_ROWS);
    assert_string_equal(t[0].field, "visibility");
    assert_int_equal(t[1].kind, READER_ORG);
    assert_string_equal(t[1].field, "org_id");
    assert_true(t[1].personal);
    assert_int_equal(t[2].kind, READER_SHARED);
    assert_int_equal(t[3].kind, READER_END);
    assert_null(bound);
    /* private rows of two organisations */
    access_readers(resource_find("collaborations", 14), t, &bound);
    assert_int_equal(t[0].kind, READER_ORG);
    assert_string_equal(t[0].field, "org_id");
    assert_int_equal(t[1].kind, READER_ORG);
    assert_string_equal(t[1].field, "partner_org_id");
    assert_int_equal(t[2].kind, READER_END);
    /* a user's rows */
    access_readers(resource_find("api-tokens", 10), t, &bound);
    assert_int_equal(t[0].kind, READER_ALL);
    assert_string_equal(bound, "user_id");
    /* shares and search follow from the tables */
    assert_true(access_shareable(resource_find("needs", 5)));
    assert_true(access_shareable(resource_find("org-links", 9)));
    assert_false(access_shareable(resource_find("matches", 7)));
    assert_false(access_shareable(resource_find("tags", 4)));
    /* action items are read by a collaboration's other organisation too (partner_org_id): the
     * index's map keeps it as the row's party (party_org_id), so they are searched */
    static const char *const indexed[] = {"orgs", "people", "tags", "capabilities", "needs",
                                          "meetings", "action-items", "files", "resources",
                                          "spaces", "programs", "events", "courses", "surveys",
                                          "pledge-projects", "unit-projects", NULL};
    size_t n = 0;
    for (const struct resource *const *r = resource_all(); *r; r++) {
        if (strncmp((*r)->name, "t-", 2) == 0)
            continue;
        bool want = false;
        for (const char *const *x = indexed; *x; x++)
            want = want || strcmp(*x, (*r)->name) == 0;
        if (search_indexed(*r) != want)
            fail_msg("%s: search_indexed %d", (*r)->name, !want);
        n += want;
    }
    assert_int_equal(n, 16);
    /* a declared pattern the map cannot say is not indexed */
    assert_false(access_searchable(&t_bookings));
    assert_false(access_searchable(&t_notes)); /* within */
}

/* The collection's read rule comes first: operator-only entries admit no one else. */
static void test_gate(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    char got[256];
    scoped_ids(db, resource_find("users", 5), &m10, got, sizeof(got));
    assert_string_equal(got, "");
    assert_false(access_may_read(resource_find("users", 5), &m10));
    assert_true(access_may_read(resource_find("users", 5), &oper));
    assert_false(access_may_read(&t_deals, &anon));
    assert_true(access_may_read(&t_notes, &anon));
}

/* --- the declared patterns --- */

/* "The manager of a resource sees all of its bookings." */
static void test_via(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    CHECK(db, &t_bookings, {&anon, ""}, {&oper, "1,2,3,4"}, {&m10, "1,2"}, {&m20, "2,3,4"},
          {&m30, "1,3,4"}, {&trainee41, "1,2"});
    /* the contact is the booking organisation's: the manager sees the row without it */
    char got[256];
    listed(db, &t_bookings, &m20, "contact", got, sizeof(got));
    assert_string_equal(got, "2:-,3:c3,4:-");
    listed(db, &t_bookings, &oper, "contact", got, sizeof(got));
    assert_string_equal(got, "1:c1,2:c2,3:c3,4:c4");
}

/* "A deal is visible to its investor and its company only." */
static void test_two_orgs(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    CHECK(db, &t_deals, {&anon, ""}, {&oper, "1,2,3"}, {&m10, "1,3"}, {&m20, "1,2"},
          {&m30, "2,3"}, {&teacher51, "2,3"});
    char got[256];
    listed(db, &t_deals, &m10, "terms", got, sizeof(got));
    assert_string_equal(got, "1:t1,3:t3");
    struct buf out;
    long long version;
    buf_init(&out, NULL, 1 << 16);
    assert_int_equal(resource_get(db, &t_deals, 2, &m10, 0, &out, &version), BP_ERR_NOT_FOUND);
    assert_int_equal(resource_get(db, &t_deals, 2, &m20, 0, &out, &version), BP_OK);
    buf_release(&out);
}

/* "An investor's admins see its deals, not every colleague; the company's members do." A
 * reader with a role admits the organisation's members in that role only. */
static void test_role(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    CHECK(db, &t_admin_deals, {&anon, ""}, {&oper, "1,2,3"}, {&m10, "3"}, {&admin12, "1,3"},
          {&m20, "1,2"}, {&m30, ""}, {&teacher51, ""}, {&trainee41, "3"});
    /* the investor's admin sees no personal field: only the company reader has them */
    char got[256];
    listed(db, &t_admin_deals, &admin12, "terms", got, sizeof(got));
    assert_string_equal(got, "1:-,3:t3");
    struct buf out;
    long long version;
    buf_init(&out, NULL, 1 << 16);
    assert_int_equal(resource_get(db, &t_admin_deals, 1, &m10, 0, &out, &version),
                     BP_ERR_NOT_FOUND);
    assert_int_equal(resource_get(db, &t_admin_deals, 1, &admin12, 0, &out, &version), BP_OK);
    buf_release(&out);
    /* a role is an organisation's role name, on an organisation's reader */
    static const struct reader bad_role[] = {READ_ORG("investor_org_id", .role = "boss"), READ_END};
    static const struct reader user_role[] = {READ_USER("trainee_id", .role = "org-admin"),
                                              READ_END};
    struct resource r = t_admin_deals;
    r.readers = bad_role;
    assert_false(access_valid(&r));
    r = t_records;
    r.readers = user_role;
    assert_false(access_valid(&r));
    assert_true(access_valid(&t_admin_deals));
    assert_false(access_searchable(&t_admin_deals));
}

/* "A trainee's record: to the trainee, the instructors of the cohort and operators." */
static void test_user_and_link(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    CHECK(db, &t_records, {&anon, ""}, {&oper, "1,2,3"}, {&trainee41, "1,3"},
          {&trainee42, "2"}, {&teacher51, "1,2,3"}, {&teacher52, "2,3"}, {&m10, ""},
          {&m30, ""});
    /* the health notes are the trainee's own (and operators') */
    char got[256];
    listed(db, &t_records, &teacher52, "health", got, sizeof(got));
    assert_string_equal(got, "2:-,3:-");
    listed(db, &t_records, &trainee41, "health", got, sizeof(got));
    assert_string_equal(got, "1:h1,3:h3");
    /* through a referenced row: a grade to the record's trainee and its cohort's instructors */
    CHECK(db, &t_grades, {&anon, ""}, {&oper, "1,2,3"}, {&trainee41, "1,3"},
          {&trainee42, "2"}, {&teacher51, "1,2,3"}, {&teacher52, "2,3"}, {&m10, ""});
}

/* A row inside a private record is never seen by more people than the record: a public note
 * in a deal is for the deal's organisations only; one in no deal for anyone. */
static void test_within(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    CHECK(db, &t_notes, {&anon, "1"}, {&oper, "1,2,3,4,5,6"}, {&m10, "1,2"},
          {&m20, "1,2,3,5,6"}, {&m30, "1,3,4"}, {&trainee41, "1,2"});
    char got[256];
    listed(db, &t_notes, &anon, "title", got, sizeof(got));
    assert_string_equal(got, "1:n1");
    /* and its expansion of the deal shows the deal only to whom the deal shows */
    struct buf out;
    long long version;
    buf_init(&out, NULL, 1 << 16);
    assert_int_equal(resource_get(db, &t_notes, 3, &m30, 0, &out, &version), BP_OK);
    assert_int_equal(resource_get(db, &t_notes, 3, &m10, 0, &out, &version), BP_ERR_NOT_FOUND);
    buf_reset(&out);
    assert_int_equal(resource_get(db, &t_notes, 3, &m30, ~0u, &out, &version), BP_OK);
    assert_non_null(strstr(out.data, "\"deal\":{\"id\":2,\"title\":\"d2\"}"));
    buf_release(&out);
}

/* "A company's round is its official record: its admins write it, not every colleague." A
 * write role narrows an organisation's writers to its members in that role (operators write
 * as ever); it is an organisation's role, on an entry its organisations write. */
static void test_write_role(void **state)
{
    (void)state;
    struct resource r = t_deals;
    r.owner_field = "investor_org_id";
    r.flags = R_ORG_WRITES;
    assert_true(access_valid(&r));
    assert_true(resource_may_write(&r, &m10));
    assert_true(resource_may_write(&r, &admin12));
    r.write_role = "org-admin";
    assert_true(access_valid(&r));
    assert_true(resource_may_write(&r, &admin12));
    assert_true(resource_may_write(&r, &m20));
    assert_true(resource_may_write(&r, &oper));
    assert_false(resource_may_write(&r, &m10));
    assert_false(resource_may_write(&r, &m30));
    assert_false(resource_may_write(&r, &trainee41));
    assert_false(resource_may_write(&r, &anon));
    static const char *const bad[] = {"boss", "operator-staff", "operator-admin", "trainee"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r.write_role = bad[i];
        assert_false(access_valid(&r));
    }
    r.write_role = "org-admin";
    r.flags = 0; /* written by operators alone: no organisation's role to narrow */
    assert_false(access_valid(&r));
}

/* A declaration that names what is not there refuses to start. */
static void test_invalid(void **state)
{
    (void)state;
    static const struct reader bad_via[] = {READ_ORG("resource_id", .via = "nope"), READ_END};
    static const struct reader bad_field[] = {READ_USER("nope"), READ_END};
    static const struct reader bad_link[] = {READ_USER("cohort_id", .link = "x"), READ_END};
    struct resource r = t_bookings;
    r.readers = bad_via;
    assert_false(access_valid(&r));
    r.readers = bad_field;
    assert_false(access_valid(&r));
    r = t_records;
    r.readers = bad_link;
    assert_false(access_valid(&r));
    r = t_notes;
    r.within = "title";
    assert_false(access_valid(&r));
    assert_true(access_valid(&t_grades));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derived_tables), cmocka_unit_test(test_gate),
        cmocka_unit_test(test_via),            cmocka_unit_test(test_two_orgs),
        cmocka_unit_test(test_user_and_link),  cmocka_unit_test(test_within),
        cmocka_unit_test(test_invalid),        cmocka_unit_test(test_role),
        cmocka_unit_test(test_write_role),
    };
    return cmocka_run_group_tests_name("access: read tables and the scope builder", tests, setup,
                                       teardown);
}
