/*
 * openapi: the OpenAPI 3.1 document, generated from the resource table so it can never drift
 * from what the engine does. Built once at start-up and served as is.
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/validate.h"
#include "engine/search.h"
#include "base/banned.h"

static json_t *field_schema(const struct field *f)
{
    json_t *s = json_object();
    switch (f->type) {
    case FT_TEXT:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "maxLength", json_integer(f->max ? f->max : LIMIT_TEXT_MAX));
        if (f->check == CHECK_EMAIL)
            json_object_set_new(s, "format", json_string("email"));
        else if (f->check == CHECK_URL)
            json_object_set_new(s, "format", json_string("uri"));
        else if (f->check == CHECK_PHONE)
            json_object_set_new(s, "format", json_string("phone-kr"));
        else if (f->check == CHECK_BRN)
            json_object_set_new(s, "format", json_string("brn-kr"));
        break;
    case FT_INT:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "minimum", json_integer(f->min));
        json_object_set_new(s, "maximum", json_integer(f->max));
        break;
    case FT_REF:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "x-references", json_string(f->ref));
        if (f->flags & F_REF_BY_HOOK) /* which rows a writer may name is the entry's rule */
            json_object_set_new(s, "x-bpmc-ref-rule", json_string("entry"));
        if (f->flags & F_REF_NAMED) /* ?expand= shows its title to this row's readers */
            json_object_set_new(s, "x-bpmc-expand", json_string("with-row"));
        if (f->flags & F_WITHIN) /* the row is inside the named one: never seen more widely */
            json_object_set_new(s, "x-bpmc-within", json_true());
        break;
    case FT_BOOL:
        json_object_set_new(s, "type", json_string("boolean"));
        break;
    case FT_MONEY:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "minimum", json_integer(f->min));
        json_object_set_new(s, "maximum", json_integer(f->max));
        json_object_set_new(s, "x-bpmc-type", json_string("money"));
        json_object_set_new(s, "x-bpmc-unit", json_string("KRW"));
        break;
    case FT_DURATION:
        json_object_set_new(s, "type", json_string("integer"));
        json_object_set_new(s, "minimum", json_integer(f->min));
        json_object_set_new(s, "maximum", json_integer(f->max));
        json_object_set_new(s, "x-bpmc-type", json_string("duration"));
        json_object_set_new(s, "x-bpmc-unit", json_string("minutes"));
        json_object_set_new(s, "description",
                            json_string("Minutes; an ISO 8601 duration (PT1H30M) is accepted on "
                                        "input and answered as minutes."));
        break;
    case FT_DECIMAL: {
        char lo[32], hi[32];
        json_object_set_new(s, "type", json_string("number"));
        if (format_decimal(f->min, f->scale, lo, sizeof(lo)) &&
            format_decimal(f->max, f->scale, hi, sizeof(hi))) {
            json_object_set_new(s, "minimum", json_real(strtod(lo, NULL)));
            json_object_set_new(s, "maximum", json_real(strtod(hi, NULL)));
        }
        json_object_set_new(s, "x-bpmc-type", json_string("decimal"));
        json_object_set_new(s, "x-bpmc-scale", json_integer(f->scale));
        break;
    }
    case FT_DATETIME:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date-time"));
        break;
    case FT_ENUM:
    case FT_STATUS: {
        json_t *e = json_array(), *labels = json_object(), *server = json_array();
        for (const struct enum_value *v = f->values; v->value; v++) {
            json_array_append_new(e, json_string(v->value));
            if (f->server_value && strcmp(f->server_value, v->value) == 0)
                json_array_append_new(server, json_string(v->value));
            json_object_set_new(labels, v->value,
                                json_pack("{s:s,s:s}", "ko", v->label_ko ? v->label_ko : v->value,
                                          "en", v->label_en ? v->label_en : v->value));
        }
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "enum", e);
        json_object_set_new(s, "x-bpmc-enum-labels", labels);
        if (json_array_size(server)) /* values only the server writes: no form offers them */
            json_object_set_new(s, "x-bpmc-server-values", server);
        else
            json_decref(server);
        if (f->type == FT_STATUS)
            json_object_set_new(s, "x-status", json_true());
        break;
    }
    case FT_DATE:
        json_object_set_new(s, "type", json_string("string"));
        json_object_set_new(s, "format", json_string("date"));
        break;
    case FT_TAGS:
    case FT_LIST:
        json_object_set_new(s, "type", json_string("array"));
        if (f->type == FT_LIST && f->ref) { /* REFS: ids of rows of f->ref, as digits */
            json_object_set_new(s, "items", json_pack("{s:s,s:s,s:s}", "type", "string", "pattern",
                                                      "^[1-9][0-9]*$", "x-references", f->ref));
            json_object_set_new(s, "uniqueItems", json_true());
            json_object_set_new(s, "maxItems", json_integer(f->max > 0 && f->max < LIMIT_ARRAY_ITEMS ? f->max : LIMIT_ARRAY_ITEMS));
            json_object_set_new(s, "description",
                                json_string("번호(id) 목록: 볼 수 있는 행만, 중복 없이 (입력은 정수도 받음) / "
                                            "ids of rows the caller may see, none twice (integers accepted in input)"));
            break;
        }
        json_object_set_new(s, "items", f->type == FT_TAGS ? json_pack("{s:s,s:s}", "type", "string", "x-references", "tags")
                                                           : json_pack("{s:s}", "type", "string"));
        json_object_set_new(s, "maxItems", json_integer(LIMIT_ARRAY_ITEMS));
        break;
    }
    if (f->type != FT_BOOL && f->type != FT_TAGS && f->type != FT_LIST && !(f->flags & F_REQUIRED)) {
        json_t *t = json_object_get(s, "type");
        json_object_set_new(s, "type", json_pack("[O,s]", t, "null"));
    }
    if (f->label_ko)
        json_object_set_new(s, "title", json_string(f->label_ko));
    if (f->label_en)
        json_object_set_new(s, "x-label-en", json_string(f->label_en));
    json_t *x = json_array();
    if (f->flags & F_FILTER)
        json_array_append_new(x, json_string("filter"));
    if (f->flags & F_SORT)
        json_array_append_new(x, json_string("sort"));
    if (f->flags & F_SEARCH)
        json_array_append_new(x, json_string("search"));
    if (f->flags & F_PRIVATE)
        json_array_append_new(x, json_string("private"));
    if (f->flags & F_IMMUTABLE)
        json_array_append_new(x, json_string("immutable"));
    if (f->flags & F_OPERATOR)
        json_array_append_new(x, json_string("operator"));
    json_object_set_new(s, "x-capabilities", x);
    if (f->flags & F_READONLY)
        json_object_set_new(s, "readOnly", json_true());
    return s;
}

static json_t *entity_schema(const struct resource *r)
{
    json_t *props = json_object(), *req = json_array(), *order = json_array();
    json_object_set_new(props, "id", json_pack("{s:s,s:b}", "type", "integer", "readOnly", 1));
    json_array_append_new(order, json_string("id"));
    for (const struct field *f = r->fields; f->name; f++) {
        if (f->flags & F_HIDDEN)
            continue;
        json_object_set_new(props, f->name, field_schema(f));
        json_array_append_new(order, json_string(f->name));
        if (f->flags & F_REQUIRED)
            json_array_append_new(req, json_string(f->name));
    }
    json_object_set_new(props, "created_at", json_pack("{s:s,s:s,s:b}", "type", "string", "format", "date-time", "readOnly", 1));
    json_object_set_new(props, "updated_at", json_pack("{s:s,s:s,s:b}", "type", "string", "format", "date-time", "readOnly", 1));
    json_object_set_new(props, "version", json_pack("{s:s,s:b}", "type", "integer", "readOnly", 1));
    json_t *s = json_pack("{s:s,s:o,s:o,s:b,s:s,s:s}", "type", "object", "properties", props,
                          "required", req, "additionalProperties", 0, "title", r->label_ko,
                          "x-label-en", r->label_en);
    if (r->transitions) {
        json_t *t = json_array();
        for (const struct transition *x = r->transitions; x->from; x++)
            json_array_append_new(t, json_pack("{s:s,s:s}", "from", x->from, "to", x->to));
        json_object_set_new(s, "x-transitions", t);
        json_object_set_new(s, "x-status-field", json_string(r->status_field));
    }
    /* properties come out sorted; this is the declaration order, for forms and columns */
    json_array_append_new(order, json_string("created_at"));
    json_array_append_new(order, json_string("updated_at"));
    json_object_set_new(s, "x-order", order);
    if (r->flags & R_USER_WRITES)
        json_object_set_new(s, "x-user-writes", json_true());
    if (r->flags & R_ORG_WRITES)
        json_object_set_new(s, "x-org-writes", json_true());
    if (r->owner_field)
        json_object_set_new(s, "x-owner-field", json_string(r->owner_field));
    if (r->visibility_field)
        json_object_set_new(s, "x-visibility-field", json_string(r->visibility_field));
    json_object_set_new(s, "x-title-field", json_string(r->title_field));
    return s;
}

/* --- x-bpmc-access: who may do what to a collection, as its declaration says ---
 *
 * Derived from the entry's flags and fields only, never written per collection, so clients and
 * the authorisation matrix test (tests/api/authz-matrix.test.mjs) can compute every expected
 * answer from it. It is the specification the engine is tested against and so is written apart
 * from the engine's own checks (collections.c, resource_may_write, resource_check_rights,
 * access_scope) on purpose: deriving it from them would make the test agree with any bug.
 *
 * A new resource flag that changes who may read or write, or which rows operators see, is one
 * more row in read_rules, write_rules or operator_rows_rules (the first matching row wins, so
 * put it where it takes precedence); a flag that no row describes is listed in
 * "undescribed_flags", which the matrix test refuses. */

#define ROLE_BIT(r) (1u << (r))
#define ANYONE ((1u << ROLE__COUNT) - 1)
#define SIGNED_IN (ANYONE & ~ROLE_BIT(ROLE_PUBLIC))
#define OPERATORS (ROLE_BIT(ROLE_OPERATOR_ADMIN) | ROLE_BIT(ROLE_OPERATOR_STAFF))
/* members of an organisation who act for it: trainees do not */
#define ORG_ACTORS (ROLE_BIT(ROLE_ORG_ADMIN) | ROLE_BIT(ROLE_ORG_MEMBER) | \
                    ROLE_BIT(ROLE_PARTNER) | ROLE_BIT(ROLE_INVESTOR))

enum { NEEDS_OWNER = 1, NEEDS_USER = 2 };

struct access_rule {
    unsigned flag;     /* the resource flag that selects the row; 0: the default (last row) */
    unsigned needs;    /* NEEDS_*: the row applies only to entries with that field declared */
    const char *level; /* "read" / "write" / "operator_rows" in x-bpmc-access */
    unsigned roles;    /* who, as ROLE_BIT()s */
    const char *rows;  /* writes: "org" (non-operators only rows their organisation owns) or
                          "visible" (any row the writer can read) */
};

static const struct access_rule read_rules[] = {
    {R_OPERATOR_READ, 0, "operator", OPERATORS, NULL},
    {R_PUBLIC_READ, 0, "public", ANYONE, NULL},
    {0, 0, "signed-in", SIGNED_IN, NULL},
};

static const struct access_rule write_rules[] = {
    {R_READONLY, 0, "none", 0, "none"},
    {R_ADMIN_WRITES, 0, "operator-admin", ROLE_BIT(ROLE_OPERATOR_ADMIN), "visible"},
    {R_USER_WRITES, 0, "user", SIGNED_IN, "visible"},
    {R_ORG_WRITES, NEEDS_OWNER, "org", OPERATORS | ORG_ACTORS, "org"},
    {0, 0, "operator", OPERATORS, "visible"},
};

/* Operators see every row, unless a flag binds them too (their own rows: "user"), e.g.
 * {R_OWN_ROWS, NEEDS_USER, "user", 0, NULL}, */
static const struct access_rule operator_rows_rules[] = {
    {R_OWN_ROWS, NEEDS_USER, "user", 0, NULL},
    {0, 0, "all", 0, NULL},
};

/* The first row of rules that applies to r; every flag the rules know goes into *described. */
static const struct access_rule *access_rule(const struct access_rule *rules, size_t n,
                                             const struct resource *r, unsigned *described)
{
    const struct access_rule *found = &rules[n - 1];
    for (size_t i = n; i-- > 0;) {
        *described |= rules[i].flag;
        bool declared = (!(rules[i].needs & NEEDS_OWNER) || r->owner_field) &&
                        (!(rules[i].needs & NEEDS_USER) || r->user_field);
        if (rules[i].flag == 0 || ((r->flags & rules[i].flag) && declared))
            found = &rules[i];
    }
    return found;
}

static json_t *access_roles(unsigned roles)
{
    json_t *a = json_array();
    for (int i = 0; i < ROLE__COUNT; i++)
        if (roles & ROLE_BIT(i))
            json_array_append_new(a, json_string(i == ROLE_PUBLIC ? "anonymous" : role_name((enum role)i)));
    return a;
}

static json_t *access_fields(const struct resource *r, unsigned flag)
{
    json_t *a = json_array();
    for (const struct field *f = r->fields; f->name; f++)
        if ((f->flags & flag) && !(f->flags & F_HIDDEN))
            json_array_append_new(a, json_string(f->name));
    return a;
}

/* The read table: [{"kind":"org","field":"org_id","personal":true}, ...]. */
static json_t *access_readers_json(const struct resource *r)
{
    static const char *const kinds[] = {"", "all", "public-rows", "org", "user", "shared"};
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    json_t *a = json_array();
    access_readers(r, t, &bound);
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        json_t *o = json_pack("{s:s}", "kind", kinds[x->kind]);
        if (x->field)
            json_object_set_new(o, "field", json_string(x->field));
        if (x->via)
            json_object_set_new(o, "via", json_string(x->via));
        if (x->link)
            json_object_set_new(o, "link", json_pack("{s:s,s:s,s:s}", "table", x->link, "key",
                                                     x->link_key, "member", x->link_member));
        json_object_set_new(o, "personal", json_boolean(x->personal));
        if (x->role)
            json_object_set_new(o, "role", json_string(x->role));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *access_object(const struct resource *r)
{
    /* where search looks and how it ranks, not who reads: "search" */
    unsigned described = R_NOT_INDEXED | R_SEARCH_AFTER;
    const struct access_rule *rd = access_rule(read_rules, sizeof(read_rules) / sizeof(read_rules[0]), r, &described);
    const struct access_rule *wr = access_rule(write_rules, sizeof(write_rules) / sizeof(write_rules[0]), r, &described);
    const struct access_rule *op = access_rule(operator_rows_rules, sizeof(operator_rows_rules) / sizeof(operator_rows_rules[0]), r, &described);
    /* nobody changes what they cannot read (the read check answers first) */
    unsigned write_roles = wr->roles & rd->roles;
    /* an organisation's official record: only its members in that role write it (write_role) */
    enum role writer;
    bool narrowed = r->write_role && strcmp(wr->rows, "org") == 0 && role_parse(r->write_role, &writer);
    if (narrowed)
        write_roles &= OPERATORS | ROLE_BIT(writer);
    /* rows that are organisations themselves (owner_field "id"): operators register them */
    unsigned create_roles = write_roles;
    if (strcmp(wr->rows, "org") == 0 && strcmp(r->owner_field, "id") == 0)
        create_roles &= OPERATORS;
    /* which rows a reader sees: scopes that all apply; operators see every row */
    char rows[32] = "all";
    described |= R_PRIVATE_ROWS;
    if ((r->flags & R_PRIVATE_ROWS) && r->owner_field) /* its organisations' rows only */
        snprintf(rows, sizeof(rows), "org");
    else if (r->user_field && r->visibility_field)
        snprintf(rows, sizeof(rows), "user+visibility");
    else if (r->user_field || r->visibility_field)
        snprintf(rows, sizeof(rows), "%s", r->user_field ? "user" : "visibility");
    json_t *a = json_object();
    json_object_set_new(a, "read", json_string(rd->level));
    json_object_set_new(a, "read_roles", access_roles(rd->roles));
    json_object_set_new(a, "write", json_string(wr->level));
    json_object_set_new(a, "write_roles", access_roles(write_roles));
    json_object_set_new(a, "create_roles", access_roles(create_roles));
    json_object_set_new(a, "write_rows", json_string(wr->rows));
    json_object_set_new(a, "write_role", narrowed ? json_string(r->write_role) : json_null());
    json_object_set_new(a, "rows", json_string(rows));
    json_object_set_new(a, "operator_rows", json_string(op->level));
    json_object_set_new(a, "owner_field", r->owner_field ? json_string(r->owner_field) : json_null());
    json_object_set_new(a, "visibility_field", r->visibility_field ? json_string(r->visibility_field) : json_null());
    json_object_set_new(a, "user_field", r->user_field ? json_string(r->user_field) : json_null());
    /* a second organisation taking part: sees the row and changes it as the owner does (not
     * deletes it) */
    json_object_set_new(a, "party_field", r->party_field ? json_string(r->party_field) : json_null());
    json_object_set_new(a, "title_field", json_string(r->title_field));
    json_object_set_new(a, "operator_fields", access_fields(r, F_OPERATOR));
    json_object_set_new(a, "private_fields", access_fields(r, F_PRIVATE));
    json_object_set_new(a, "search", json_boolean(search_indexed(r)));
    /* private rows may be shared with named organisations (POST /api/v1/shares): their members
     * read them as cluster rows (personal fields excepted), and change nothing */
    json_object_set_new(a, "shareable", json_boolean(access_shareable(r)));
    /* the read table as declared (or as the fields above describe it), and the parent row that
     * bounds who sees a row (engine/access.h) */
    json_object_set_new(a, "readers", access_readers_json(r));
    json_object_set_new(a, "within", r->within ? json_string(r->within) : json_null());
    /* the references a row is inside (F_WITHIN): the entry keeps it no more visible than them,
     * and shares never reach an organisation that cannot read them */
    json_object_set_new(a, "inside", access_fields(r, F_WITHIN));
    if (r->flags & ~described) {
        json_t *bits = json_array();
        for (unsigned b = 0; b < sizeof(r->flags) * 8; b++)
            if (r->flags & ~described & (1u << b))
                json_array_append_new(bits, json_integer(b));
        json_object_set_new(a, "undescribed_flags", bits);
    }
    return a;
}

static json_t *problem_ref(void)
{
    return json_pack("{s:s,s:{s:{s:{s:s}}}}", "description", "problem+json", "content",
                     "application/problem+json", "schema", "$ref", "#/components/schemas/Problem");
}

/* The inclusive ends of a range on field f, ?<f>_from= and ?<f>_to=, in the field's own form. */
static void add_range_params(json_t *a, const struct field *f)
{
    static const char *const ends[][3] = {
        {"_from", "이상 (포함)", "at least (inclusive)"},
        {"_to", "이하 (포함)", "at most (inclusive)"},
    };
    for (size_t i = 0; i < 2; i++) {
        char name[96], desc[256];
        snprintf(name, sizeof(name), "%s%s", f->name, ends[i][0]);
        snprintf(desc, sizeof(desc), "%s %s / %s %s%s", f->label_ko ? f->label_ko : f->name,
                 ends[i][1], f->label_en ? f->label_en : f->name, ends[i][2],
                 f->type == FT_DATETIME ? "; a date (YYYY-MM-DD) means its first or last "
                                          "second in Asia/Seoul"
                                        : "");
        json_t *schema = field_schema(f);
        json_object_del(schema, "readOnly");
        json_object_del(schema, "x-capabilities");
        if (f->type == FT_DATETIME) /* a date is taken too */
            json_object_del(schema, "format");
        json_object_set_new(schema, "type", json_string(f->type == FT_DECIMAL ? "number"
                                                        : field_is_integer(f) ? "integer"
                                                                              : "string"));
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:o}", "name", name, "in", "query",
                                           "description", desc, "schema", schema));
    }
}

static json_t *list_params(const struct resource *r)
{
    json_t *a = json_array();
    const char *fixed[][2] = {{"q", "string"}, {"sort", "string"}, {"limit", "integer"},
                              {"cursor", "string"}, {"page", "integer"}, {"expand", "string"},
                              {"format", "string"}};
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        json_array_append_new(a, json_pack("{s:s,s:s,s:{s:s}}", "name", fixed[i][0], "in", "query",
                                           "schema", "type", fixed[i][1]));
    /* what an export (format=csv|xlsx) writes: which columns, labels or codes, in which
     * language (engine/export.c) */
    json_t *names = json_array();
    json_array_append_new(names, json_string("id"));
    for (const struct field *f = r->fields; f->name; f++)
        if (!(f->flags & F_HIDDEN))
            json_array_append_new(names, json_string(f->name));
    json_array_append_new(names, json_string("created_at"));
    json_array_append_new(names, json_string("updated_at"));
    json_array_append_new(
        a, json_pack("{s:s,s:s,s:s,s:s,s:b,s:{s:s,s:{s:s,s:o}}}", "name", "columns", "in", "query",
                     "description",
                     "format=csv|xlsx: the columns to export, comma-separated, in the entry's "
                     "order (default: every column the caller may see)",
                     "style", "form", "explode", 0, "schema", "type", "array", "items", "type",
                     "string", "enum", names));
    json_array_append_new(
        a, json_pack("{s:s,s:s,s:s,s:{s:s,s:b}}", "name", "labels", "in", "query", "description",
                     "format=csv|xlsx: headers and choices as the app labels them, yes/no as "
                     "예/아니오, times in Asia/Seoul (true, the default), or the API's names and "
                     "codes (false)",
                     "schema", "type", "boolean", "default", 1));
    /* rows missing any of some fields (not personal, not hidden) */
    json_t *askable = json_array();
    for (const struct field *f = r->fields; f->name; f++)
        if (!(f->flags & (F_HIDDEN | F_PRIVATE)))
            json_array_append_new(askable, json_string(f->name));
    json_array_append_new(
        a, json_pack("{s:s,s:s,s:s,s:s,s:b,s:{s:s,s:{s:s,s:o}}}", "name", "missing", "in", "query",
                     "description",
                     "나열한 필드 중 하나라도 비어 있는 행 (값 없음, 빈 글, 빈 목록) / rows where "
                     "any of these comma-separated fields is empty (no value, empty text, an "
                     "empty list); personal fields are not asked about",
                     "style", "form", "explode", 0, "schema", "type", "array", "items", "type",
                     "string", "enum", askable));
    json_array_append_new(
        a, json_pack("{s:s,s:s,s:s,s:{s:s,s:[s,s]}}", "name", "lang", "in", "query", "description",
                     "format=csv|xlsx: the language of the labels (default: Accept-Language)",
                     "schema", "type", "string", "enum", "ko", "en"));
    for (const struct field *f = r->fields; f->name; f++) {
        if (!(f->flags & F_FILTER))
            continue;
        bool text = f->type == FT_TEXT && f->check != CHECK_BRN && f->check != CHECK_PHONE;
        json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:{s:s}}", "name", f->name, "in", "query",
            "description", text || f->type == FT_LIST
                ? "이 값과 같은 행 / rows with this value"
                : "쉼표로 나눈 값 중 하나와 같은 행 (한 필터 안은 OR, 필터끼리는 AND) / rows with "
                  "any of the comma-separated values (OR inside a filter, AND across filters)",
            "schema", "type", "string"));
        if (field_is_ranged(f))
            add_range_params(a, f);
    }
    for (const struct field *f = resource_implicit_times; f->name; f++)
        if (!resource_field(r, f->name, strlen(f->name)))
            add_range_params(a, f);
    return a;
}

static void add_collection(json_t *paths, json_t *schemas, const struct resource *r)
{
    char ref[128], path[128], item[160];
    snprintf(ref, sizeof(ref), "#/components/schemas/%s", r->name);
    snprintf(path, sizeof(path), "/api/v1/%s", r->name);
    snprintf(item, sizeof(item), "/api/v1/%s/{id}", r->name);
    json_object_set_new(schemas, r->name, entity_schema(r));
    json_t *one = json_pack("{s:{s:{s:s}}}", "application/json", "schema", "$ref", ref);
    json_t *list_schema = json_pack(
        "{s:s,s:{s:{s:s,s:{s:s}},s:{s:[s,s]},s:{s:s}}}", "type", "object", "properties", "items",
        "type", "array", "items", "$ref", ref, "next_cursor", "type", "string", "null", "total",
        "type", "integer");
    json_t *coll = json_object(), *single = json_object();
    /* what the caller may do (RFC 9110 Allow), by the rules the writes enforce
     * (resource_allows): the web offers exactly these */
    json_t *allow = json_pack("{s:{s:s,s:{s:s}}}", "Allow", "description",
        "what the caller may do: GET, and POST (a list) or PATCH and DELETE (a row) when the "
        "caller's role and organisation let it / 호출자가 할 수 있는 일",
        "schema", "type", "string");
    json_object_set_new(coll, "get", json_pack("{s:s,s:[s],s:o,s:{s:{s:s,s:O,s:{s:{s:o},s:{},s:{}}},s:o}}",
        "summary", r->label_ko, "tags", r->name, "parameters", list_params(r), "responses", "200",
        "description", "list", "headers", allow, "content", "application/json", "schema", list_schema, "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "400", problem_ref()));
    json_t *id_param = json_pack("[{s:s,s:s,s:b,s:{s:s}}]", "name", "id", "in", "path", "required", 1, "schema", "type", "integer");
    json_object_set_new(single, "parameters", id_param);
    json_object_set_new(single, "get", json_pack("{s:[s],s:{s:{s:s,s:o,s:O},s:o}}", "tags", r->name,
        "responses", "200", "description", "the row, with ETag and Allow", "headers", allow,
        "content", one, "404", problem_ref()));
    if (!(r->flags & R_READONLY)) {
        json_t *body = json_pack("{s:b,s:O}", "required", 1, "content", one);
        json_object_set_new(coll, "post", json_pack("{s:[s],s:O,s:[{s:s,s:s,s:{s:s}}],s:{s:{s:s,s:O},s:o,s:o,s:o}}",
            "tags", r->name, "requestBody", body, "parameters", "name", "Idempotency-Key", "in",
            "header", "schema", "type", "string", "responses", "201", "description", "created",
            "content", one, "400", problem_ref(), "409", problem_ref(), "422", problem_ref()));
        json_object_set_new(single, "patch", json_pack("{s:[s],s:o,s:[{s:s,s:s,s:b,s:{s:s}}],s:{s:{s:s,s:O},s:o,s:o,s:o,s:o}}",
            "tags", r->name, "requestBody", body, "parameters", "name", "If-Match", "in", "header",
            "required", 1, "schema", "type", "string", "responses", "200", "description", "changed",
            "content", one, "412", problem_ref(), "422", problem_ref(), "428", problem_ref(), "404", problem_ref()));
        json_object_set_new(single, "delete", json_pack("{s:[s],s:{s:{s:s},s:o,s:o}}", "tags",
            r->name, "responses", "204", "description", "deleted", "404", problem_ref(), "409", problem_ref()));
    }
    json_decref(one);
    json_object_set_new(coll, "x-bpmc-access", access_object(r));
    json_object_set_new(paths, path, coll);
    json_object_set_new(paths, item, single);
}

enum bp_err resource_openapi(struct buf *out)
{
    json_t *paths = json_object(), *schemas = json_object();
    for (const struct resource *const *r = resource_all(); *r; r++)
        add_collection(paths, schemas, *r);
    /* as base/problem.c renders it: detail and message in the request's language, and both */
    json_object_set_new(schemas, "Problem", json_pack(
        "{s:s,s:[s,s,s,s],s:{s:{s:s,s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s},s:{s:s},"
        "s:{s:s,s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s}}}}}}",
        "type", "object", "required", "type", "title", "status", "errors", "properties", "type",
        "type", "string", "format", "uri", "title", "type", "string", "status", "type", "integer",
        "detail", "type", "string", "detail_ko", "type", "string", "detail_en", "type", "string",
        "errors", "type", "array", "items", "type", "object", "required", "field", "message",
        "properties", "field", "type", "string", "message", "type", "string", "message_ko", "type",
        "string", "message_en", "type", "string"));
    /* the routes add theirs, and the security schemes (http/openapi_routes.c) */
    json_t *doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:{s:o}}",
        "openapi", "3.1.0", "info", "title", "bpmc API", "version", "1", "description",
        "바이오 정밀의료클러스터 운영 플랫폼 / Bio Precision Medicine Cluster platform",
        "servers", "url", "/", "paths", paths, "components", "schemas", schemas);
    if (!doc)
        return BP_ERR_NOMEM;
    char *s = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(doc);
    if (!s)
        return BP_ERR_NOMEM;
    enum bp_err e = buf_adds(out, s);
    free(s);
    return e;
}
