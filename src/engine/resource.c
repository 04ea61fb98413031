/*
 * resource: the registry of entries and the SQL the engine generates from them. Generated text
 * contains only declared names; every value is a bound parameter.
 */
#include "engine/resource_int.h"
#include "engine/access.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

static const struct resource *registry[LIMIT_ENTRIES + 1];
static const char *registry_module[LIMIT_ENTRIES + 1];
static size_t registry_n;

/* Whether an entry fits the engine's fixed tables; if not, says which bound on stderr. */
static bool entry_fits(const char *module, const struct resource *r)
{
    size_t fields = 0, refs = 0;
    for (const struct field *f = r->fields; f->name; f++) {
        fields++;
        refs += f->type == FT_REF;
    }
    if (fields > LIMIT_ENTRY_FIELDS)
        fprintf(stderr, "bpmc: entry %s of module %s has %zu fields, more than LIMIT_ENTRY_FIELDS (%d)\n",
                r->name, module, fields, LIMIT_ENTRY_FIELDS);
    else if (refs > LIMIT_ENTRY_REFS)
        fprintf(stderr, "bpmc: entry %s of module %s has %zu references, more than LIMIT_ENTRY_REFS (%d)\n",
                r->name, module, refs, LIMIT_ENTRY_REFS);
    return fields <= LIMIT_ENTRY_FIELDS && refs <= LIMIT_ENTRY_REFS;
}

enum bp_err resource_register(const char *module, const struct resource *const *entries)
{
    for (; *entries; entries++) {
        if (registry_n >= LIMIT_ENTRIES) {
            fprintf(stderr, "bpmc: cannot register entry %s of module %s: more than LIMIT_ENTRIES (%d) entries\n",
                    (*entries)->name, module, LIMIT_ENTRIES);
            return BP_ERR_TOO_LARGE;
        }
        if (!entry_fits(module, *entries))
            return BP_ERR_TOO_LARGE;
        registry_module[registry_n] = module;
        registry[registry_n++] = *entries;
    }
    return BP_OK;
}

const struct resource *const *resource_all(void) { return registry; }

const char *resource_module(const struct resource *r)
{
    for (size_t i = 0; i < registry_n; i++)
        if (registry[i] == r)
            return registry_module[i];
    return NULL;
}

bool resource_module_known(const char *module, size_t len)
{
    for (size_t i = 0; i < registry_n; i++)
        if (strlen(registry_module[i]) == len && memcmp(registry_module[i], module, len) == 0)
            return true;
    return false;
}

const struct resource *resource_find(const char *name, size_t len)
{
    for (size_t i = 0; i < registry_n; i++)
        if (strlen(registry[i]->name) == len && memcmp(registry[i]->name, name, len) == 0)
            return registry[i];
    return NULL;
}

const struct field *resource_field(const struct resource *r, const char *name, size_t len)
{
    for (const struct field *f = r->fields; f->name; f++)
        if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
            return f;
    return NULL;
}

/* clang-format off */
const struct field resource_implicit_times[] = {
    DATETIME("created_at", F_READONLY | F_FILTER, "등록 시각", "Created at"),
    DATETIME("updated_at", F_READONLY | F_FILTER, "수정 시각", "Updated at"),
    END_FIELDS,
};
/* clang-format on */

const struct field *resource_implicit_time(const char *name, size_t len)
{
    return resource_field(&(const struct resource){.fields = resource_implicit_times}, name, len);
}

int binds_int(struct sql_binds *b, long long i)
{
    if (b->n >= SQL_MAX_BINDS)
        return 0;
    b->v[b->n].kind = VAL_INT;
    b->v[b->n].i = i;
    return (int)++b->n;
}

int binds_text(struct sql_binds *b, struct str s)
{
    if (b->n >= SQL_MAX_BINDS)
        return 0;
    b->v[b->n].kind = VAL_TEXT;
    b->v[b->n].s = s;
    return (int)++b->n;
}

void binds_apply(const struct sql_binds *b, struct db_stmt *st)
{
    for (size_t i = 0; i < b->n; i++) {
        if (b->v[i].kind == VAL_INT)
            db_bind_int(st, (int)i + 1, b->v[i].i);
        else if (b->v[i].kind == VAL_TEXT)
            db_bind_text(st, (int)i + 1, b->v[i].s.ptr, b->v[i].s.len);
        else
            db_bind_null(st, (int)i + 1);
    }
}

_Static_assert(SQL_MAX_BINDS < 100, "?100 and ?101 are the scope parameters (access.h)");

/* clang-format off */
const struct enum_value resource_visibilities[] = {
    {"private", "비공개",        "Private"},
    {"cluster", "클러스터 공개", "Cluster members"},
    {"public",  "전체 공개",     "Public"},
    END_VALUES,
};
/* clang-format on */

bool field_is_integer(const struct field *f)
{
    switch (f->type) {
    case FT_INT:
    case FT_REF:
    case FT_BOOL:
    case FT_MONEY:
    case FT_DECIMAL:
    case FT_DURATION:
        return true;
    default:
        return false;
    }
}

bool field_is_ranged(const struct field *f)
{
    switch (f->type) {
    case FT_INT:
    case FT_MONEY:
    case FT_DECIMAL:
    case FT_DURATION:
    case FT_DATE:
    case FT_DATETIME:
        return true;
    default:
        return false;
    }
}

bool field_visible(const struct field *f, const struct principal *who)
{
    if (f->flags & F_HIDDEN)
        return false;
    return !(f->flags & F_PRIVATE) || who->user_id != 0;
}

static void add_value_expr(struct buf *sql, const struct field *f, const char *alias)
{
    switch (f->type) {
    case FT_BOOL:
        dialect_json_bool(sql, alias, f->name);
        break;
    case FT_TAGS:
    case FT_LIST:
        dialect_json_column(sql, alias, f->name);
        break;
    case FT_DECIMAL:
        dialect_json_decimal(sql, alias, f->name, f->scale);
        break;
    default:
        (void)buf_addf(sql, "%s.%s", alias, f->name);
    }
}

enum bp_err resource_row_json(const struct resource *r, const struct principal *who,
                              unsigned expand, struct buf *sql)
{
    struct buf cond; /* when who sees the row's personal fields */
    buf_init(&cond, NULL, 4096);
    (void)buf_adds(&cond, "");
    bool personal = access_personal_sql(r, who, "t", &cond);
    dialect_json_object_begin(sql);
    dialect_json_key(sql, "id", 2, NULL, true);
    (void)buf_adds(sql, "t.id");
    unsigned ref_i = 0;
    for (const struct field *f = r->fields; f->name; f++) {
        if (!field_visible(f, who))
            continue;
        dialect_json_key(sql, f->name, strlen(f->name), NULL, false);
        if (personal && (f->flags & F_PRIVATE)) {
            /* personal data: to the readers who see it (access.h) */
            (void)buf_addf(sql, "CASE WHEN %s THEN ", cond.data);
            add_value_expr(sql, f, "t");
            (void)buf_adds(sql, " END");
        } else {
            add_value_expr(sql, f, "t");
        }
        if (f->type != FT_REF)
            continue;
        if (expand & (1u << ref_i)) {
            const struct resource *target = resource_find(f->ref, strlen(f->ref));
            if (target) {
                /* org_id expands as "org"; a name without _id as "<name>_ref" */
                size_t stem = strlen(f->name);
                bool id_suffix = stem > 3 && strcmp(f->name + stem - 3, "_id") == 0;
                dialect_json_key(sql, f->name, id_suffix ? stem - 3 : stem,
                                 id_suffix ? NULL : "_ref", false);
                (void)buf_adds(sql, "(SELECT ");
                dialect_json_object_begin(sql);
                dialect_json_key(sql, "id", 2, NULL, true);
                (void)buf_adds(sql, "x.id");
                dialect_json_key(sql, target->title_field, strlen(target->title_field), NULL, false);
                (void)buf_addf(sql, "x.%s", target->title_field);
                dialect_json_object_end(sql);
                (void)buf_addf(sql, " FROM %s x WHERE x.id=t.%s", target->table, f->name);
                /* only what the caller may read of the target, unless the target's title is
                 * part of this row */
                if (!(f->flags & F_REF_NAMED))
                    err_ignore(access_scope(target, who, "x", sql));
                (void)buf_addch(sql, ')');
            }
        }
        ref_i++;
    }
    static const char *const implicit[] = {"created_at", "updated_at", "version"};
    for (size_t i = 0; i < sizeof(implicit) / sizeof(implicit[0]); i++) {
        dialect_json_key(sql, implicit[i], strlen(implicit[i]), NULL, false);
        (void)buf_addf(sql, "t.%s", implicit[i]);
    }
    dialect_json_object_end(sql);
    bool failed = cond.failed;
    buf_release(&cond);
    return sql->failed || failed ? BP_ERR_NOMEM : BP_OK;
}

static enum bp_err prepare_entry(struct db *db, const struct resource *r)
{
    static const struct principal anyone = {0, ROLE_PUBLIC, 0}, member = {1, ROLE_ORG_MEMBER, 1};
    struct buf sql;
    buf_init(&sql, NULL, 1 << 16);
    (void)buf_adds(&sql, "SELECT ");
    err_ignore(resource_row_json(r, &anyone, ~0u, &sql));
    (void)buf_addf(&sql, ", t.version FROM %s t WHERE t.id=?1", r->table);
    /* and who reads which rows: a member sees what every reader of the table may admit */
    err_ignore(access_scope(r, &member, "t", &sql));
    struct db_stmt *st;
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    if (e)
        fprintf(stderr, "bpmc: resource %s: cannot prepare its SQL: %s\n", r->name, db_errmsg(db));
    buf_release(&sql);
    return e;
}

enum bp_err resource_prepare(struct db *db)
{
    for (size_t i = 0; i < registry_n; i++) {
        enum bp_err e = prepare_entry(db, registry[i]);
        if (e)
            return e;
    }
    return BP_OK;
}

/* --- does every entry agree with its table? --- */

/* The next CHECK ( ... ) of a table's CREATE text from *at, quotes and comments skipped: its
 * expression in *expr (without the outer parentheses). false when there is none left. */
static bool next_check(const char **at, struct str *expr)
{
    const char *p = *at;
    while (*p) {
        if (*p == '\'' || *p == '"' || *p == '`' || *p == '[') {
            char close = *p == '[' ? ']' : *p;
            for (p++; *p && *p != close; p++)
                ;
            if (*p)
                p++;
            continue;
        }
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
            continue;
        }
        bool word_start = p == *at || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
        if (!word_start || strncasecmp(p, "check", 5) != 0 ||
            isalnum((unsigned char)p[5]) || p[5] == '_') {
            p++;
            continue;
        }
        p += 5;
        while (isspace((unsigned char)*p))
            p++;
        if (*p != '(')
            continue;
        const char *start = ++p;
        int depth = 1;
        while (*p && depth) {
            if (*p == '\'' || *p == '"') {
                char close = *p;
                for (p++; *p && *p != close; p++)
                    ;
            } else if (*p == '(') {
                depth++;
            } else if (*p == ')') {
                depth--;
            }
            if (*p && depth)
                p++;
        }
        if (!*p)
            return false;
        *expr = (struct str){start, (size_t)(p - start)};
        *at = p + 1;
        return true;
    }
    *at = p;
    return false;
}

/* Whether the table's CHECK constraints that read only column col accept value: each one is
 * evaluated by SQLite over the value, so what the check says is what the table does. A check
 * that names other columns too does not prepare over one column and is skipped (it is not
 * about the value alone). *refused gets the refusing expression. */
static enum bp_err check_accepts(struct db *db, const char *create, const char *col,
                                 const char *value, struct str *refused, bool *ok)
{
    struct str expr;
    const char *at = create;
    enum bp_err e = BP_OK;
    struct buf sql;
    buf_init(&sql, NULL, 1 << 16);
    *ok = true;
    while (*ok && !e && next_check(&at, &expr)) {
        buf_reset(&sql);
        /* the text is the table's own definition from sqlite_schema, not input */
        (void)buf_addf(&sql, "SELECT CAST((%.*s) AS INTEGER) FROM (SELECT ?1 AS \"%s\") AS v",
                       (int)expr.len, expr.ptr, col);
        struct db_stmt *st;
        if (sql.failed) {
            e = BP_ERR_NOMEM;
        } else if (db_prepare(db, sql.data, &st) == BP_OK) {
            db_bind_text(st, 1, value, strlen(value));
            enum db_step s = db_step(st);
            if (s == DB_FAIL)
                e = BP_ERR_DB;
            else if (s == DB_ROW && !db_column_is_null(st, 0) && db_column_int(st, 0) == 0) {
                *ok = false;
                *refused = expr;
            }
            db_reset(st);
        }
    }
    buf_release(&sql);
    return e;
}

/* The column's declared type for what f stores. */
static const char *field_column_type(const struct field *f)
{
    return field_is_integer(f) ? "INTEGER" : "TEXT";
}

enum bp_err resource_check_table(struct db *db, const struct resource *r, char *why, size_t size)
{
    struct db_stmt *st;
    char create[32768] = ""; /* a table's CREATE text: ours are under 4 KiB */
    bool strict = false, whole = true;
    enum bp_err e;
    why[0] = '\0';
    if (r->table[0] == '(') /* a view written as a subquery: its SQL was prepared already */
        return BP_OK;
    struct buf text;
    char table_sql[512], column_sql[512];
    buf_init(&text, NULL, sizeof(table_sql));
    dialect_table_definition(&text);
    snprintf(table_sql, sizeof(table_sql), "%s", text.failed ? "" : text.data);
    buf_reset(&text);
    dialect_column_type(&text);
    snprintf(column_sql, sizeof(column_sql), "%s", text.failed ? "" : text.data);
    buf_release(&text);
    if ((e = db_prepare(db, table_sql, &st)))
        return e;
    db_bind_text(st, 1, r->table, strlen(r->table));
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        whole = snprintf(create, sizeof(create), "%s", db_column_text(st, 0, NULL)) <
                (int)sizeof(create);
        strict = db_column_int(st, 1) == 1;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (s == DB_DONE) {
        snprintf(why, size, "entry %s: no table %s", r->name, r->table);
        return BP_ERR_INVALID;
    }
    if (!strict || !whole) {
        snprintf(why, size, "entry %s: table %s is %s", r->name, r->table,
                 strict ? "defined by more text than the check reads" : "not STRICT");
        return BP_ERR_INVALID;
    }
    for (const struct field *f = r->fields; f->name; f++) {
        if ((e = db_prepare(db, column_sql, &st)))
            return e;
        db_bind_text(st, 1, r->table, strlen(r->table));
        db_bind_text(st, 2, f->name, strlen(f->name));
        char type[32] = "";
        if ((s = db_step(st)) == DB_ROW)
            snprintf(type, sizeof(type), "%s", db_column_text(st, 0, NULL));
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
        if (s == DB_DONE) {
            snprintf(why, size, "entry %s, field %s: table %s has no such column", r->name,
                     f->name, r->table);
            return BP_ERR_INVALID;
        }
        const char *want = field_column_type(f);
        bool blob_ok = (f->flags & F_HIDDEN) && strcasecmp(type, "BLOB") == 0;
        if (strcasecmp(type, want) != 0 && !blob_ok) {
            snprintf(why, size, "entry %s, field %s: column %s.%s is %s, the field needs %s",
                     r->name, f->name, r->table, f->name, type, want);
            return BP_ERR_INVALID;
        }
        if (f->type != FT_ENUM && f->type != FT_STATUS)
            continue;
        for (const struct enum_value *v = f->values; v->value; v++) {
            struct str refused = {0};
            bool ok;
            if ((e = check_accepts(db, create, f->name, v->value, &refused, &ok)))
                return e;
            if (!ok) {
                snprintf(why, size,
                         "entry %s, field %s: table %s refuses the value '%s' (CHECK (%.*s))",
                         r->name, f->name, r->table, v->value, (int)refused.len, refused.ptr);
                return BP_ERR_INVALID;
            }
        }
    }
    return BP_OK;
}

enum bp_err resource_init(struct db *db)
{
    for (size_t i = 0; i < registry_n; i++) {
        const struct resource *r = registry[i];
        unsigned refs = 0;
        for (const struct field *f = r->fields; f->name; f++) {
            if (f->type == FT_REF && (refs++ >= 32 || !f->ref)) {
                fprintf(stderr, "bpmc: resource %s: bad reference field %s\n", r->name, f->name);
                return BP_ERR_DB;
            }
            if ((f->type == FT_ENUM || f->type == FT_STATUS) && (!f->values || !f->values->value)) {
                fprintf(stderr, "bpmc: resource %s: field %s has no values\n", r->name, f->name);
                return BP_ERR_DB;
            }
            if (f->type == FT_DECIMAL && f->scale > VALIDATE_DECIMAL_SCALE_MAX) {
                fprintf(stderr, "bpmc: resource %s: field %s keeps too many decimals\n", r->name,
                        f->name);
                return BP_ERR_DB;
            }
        }
        if (!access_valid(r))
            return BP_ERR_DB;
        if (!r->title_field || !resource_field(r, r->title_field, strlen(r->title_field))) {
            fprintf(stderr, "bpmc: resource %s: title field missing\n", r->name);
            return BP_ERR_DB;
        }
        char why[512];
        enum bp_err e = resource_check_table(db, r, why, sizeof(why));
        if (e) {
            fprintf(stderr, "bpmc: the entries do not agree with the database: %s\n",
                    why[0] ? why : db_errmsg(db));
            return BP_ERR_DB;
        }
    }
    return resource_prepare(db);
}
