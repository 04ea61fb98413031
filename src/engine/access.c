/*
 * access: the read tables of the entries and the one scope builder. Every read of rows (lists,
 * get, totals, exports, search, matching candidates, expansions, references, shares) asks
 * access_scope which rows the caller sees; nothing else writes the rule out. The generated text
 * holds only declared names; the caller's organisation and id are the bound ?100 and ?101.
 */
#include "engine/access.h"

#include <stdio.h>
#include <string.h>

#include "engine/resource.h"
#include "db/db.h"
#include "base/banned.h"

/* Aliases of the tables a scope reads besides the row's: alias + "_v" (the row a via reads),
 * "_l" (link rows), "_p" (the parent); nested parents add to it. */
#define ALIAS_MAX 32

void access_readers(const struct resource *r, struct reader out[ACCESS_READERS_MAX],
                    const char **user_bound)
{
    size_t n = 0;
    *user_bound = r->user_field;
    if (r->readers) {
        for (const struct reader *x = r->readers; x->kind != READER_END && n + 1 < ACCESS_READERS_MAX; x++)
            out[n++] = *x;
    } else if (r->flags & R_PRIVATE_ROWS) { /* its organisations' rows only */
        if (r->owner_field)
            out[n++] = (struct reader)READ_ORG(r->owner_field, .personal = true);
        if (r->owner_field && r->party_field)
            out[n++] = (struct reader)READ_ORG(r->party_field);
    } else if (r->visibility_field) {
        /* the owner's members see personal fields, and everyone those of public rows */
        bool owned = r->owner_field != NULL;
        out[n++] = (struct reader)READ_PUBLIC_ROWS(r->visibility_field, .personal = owned);
        if (r->party_field)
            out[n++] = (struct reader)READ_ORG(r->party_field);
        if (owned) {
            out[n++] = (struct reader)READ_ORG(r->owner_field, .personal = true);
            out[n++] = (struct reader)READ_SHARED();
        }
    } else {
        out[n++] = (struct reader)READ_ALL(.personal = !r->owner_field);
        if (r->owner_field)
            out[n++] = (struct reader)READ_ORG(r->owner_field, .personal = true);
    }
    out[n] = (struct reader)READ_END;
}

static bool ident(const char *s)
{
    if (!s || !*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

/* The entry a reference field of r points to, or NULL. */
static const struct resource *ref_target(const struct resource *r, const char *field)
{
    const struct field *f = field ? resource_field(r, field, strlen(field)) : NULL;
    if (!f || f->type != FT_REF || !f->ref)
        return NULL;
    return resource_find(f->ref, strlen(f->ref));
}

/* Whether r's table has the column: a declared field, or the implicit id. */
static bool has_column(const struct resource *r, const char *name)
{
    return name && (strcmp(name, "id") == 0 || resource_field(r, name, strlen(name)));
}

static bool refuse(const struct resource *r, const char *what, const char *name)
{
    fprintf(stderr, "bpmc: resource %s: access: %s %s\n", r->name, what, name ? name : "(none)");
    return false;
}

bool access_valid(const struct resource *r)
{
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    access_readers(r, t, &bound);
    size_t n = 0;
    if (r->readers)
        while (r->readers[n].kind != READER_END)
            n++;
    if (n + 1 > ACCESS_READERS_MAX)
        return refuse(r, "more readers than LIMIT_ACCESS_READERS:", "readers");
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        if (x->kind == READER_ALL || x->kind == READER_SHARED)
            continue;
        if (!has_column(r, x->field))
            return refuse(r, "no such field", x->field);
        if (x->kind == READER_PUBLIC_ROWS)
            continue;
        if (x->via) {
            const struct resource *t2 = ref_target(r, x->field);
            if (!t2)
                return refuse(r, "via needs a reference field:", x->field);
            if (!has_column(t2, x->via))
                return refuse(r, "no such field in the referenced entry:", x->via);
        }
        if ((x->link || x->link_key || x->link_member) &&
            (!ident(x->link) || !ident(x->link_key) || !ident(x->link_member)))
            return refuse(r, "a link needs its table, key and member:", x->link);
        enum role role;
        if (x->role && (x->kind != READER_ORG || !role_parse(x->role, &role)))
            return refuse(r, "a reader's role is an organisation's role name:", x->role);
    }
    if (r->within && !ref_target(r, r->within))
        return refuse(r, "within needs a reference field:", r->within);
    enum role writer;
    if (r->write_role && (!(r->flags & R_ORG_WRITES) || !role_parse(r->write_role, &writer) ||
                          writer == ROLE_OPERATOR_ADMIN || writer == ROLE_OPERATOR_STAFF ||
                          writer == ROLE_TRAINEE))
        return refuse(r, "a write role is an organisation's role (R_ORG_WRITES):", r->write_role);
    return true;
}

bool access_may_read(const struct resource *r, const struct principal *who)
{
    if (r->flags & R_OPERATOR_READ)
        return principal_is_operator(who);
    /* operators read everything readable; resource_system(0) (a command, no user) is one */
    return (r->flags & R_PUBLIC_READ) || who->user_id != 0 || principal_is_operator(who);
}

/* Whether x admits anyone but signed-in callers: only the visibility and "every row" do. */
static bool admits_anonymous(const struct reader *x)
{
    return x->kind == READER_ALL || x->kind == READER_PUBLIC_ROWS;
}

/* The condition that reader x admits who (signed in unless admits_anonymous) to row alias. */
static void reader_sql(const struct resource *r, const struct reader *x,
                       const struct principal *who, const char *alias, bool personal,
                       struct buf *sql)
{
    const char *param = x->kind == READER_USER ? "?101" : "?100";
    switch (x->kind) {
    case READER_END:
        break;
    case READER_ALL:
        (void)buf_adds(sql, "true");
        break;
    case READER_PUBLIC_ROWS:
        if (personal) /* the personal fields of public rows */
            (void)buf_addf(sql, "%s.%s='public'", alias, x->field);
        else
            (void)buf_addf(sql, "%s.%s%s", alias, x->field,
                           who->user_id == 0 ? "='public'" : "<>'private'");
        break;
    case READER_SHARED:
        if (r->name)
            (void)buf_addf(sql, "EXISTS (SELECT 1 FROM shares g WHERE g.collection='%s' AND "
                                "g.row_id=%s.id AND g.org_id=?100)",
                           r->name, alias);
        else /* the search map: rows of every collection */
            (void)buf_addf(sql, "EXISTS (SELECT 1 FROM shares g WHERE g.collection=%s.collection "
                                "AND g.row_id=%s.row_id AND g.org_id=?100)",
                           alias, alias);
        break;
    case READER_ORG:
    case READER_USER:
        if (x->role && strcmp(role_name(who->role), x->role) != 0) {
            (void)buf_adds(sql, "false"); /* members in another role */
            break;
        }
        if (!x->via && !x->link) {
            (void)buf_addf(sql, "%s.%s=%s", alias, x->field, param);
            break;
        }
        (void)buf_adds(sql, "EXISTS (SELECT 1 FROM ");
        if (x->via) {
            const struct resource *t = ref_target(r, x->field);
            (void)buf_addf(sql, "%s %s_v", t ? t->table : "(SELECT NULL AS id)", alias);
            if (x->link)
                (void)buf_addf(sql, " JOIN %s %s_l ON %s_l.%s=%s_v.%s", x->link, alias, alias,
                               x->link_key, alias, x->via);
            (void)buf_addf(sql, " WHERE %s_v.id=%s.%s AND ", alias, alias, x->field);
            if (x->link)
                (void)buf_addf(sql, "%s_l.%s=%s)", alias, x->link_member, param);
            else
                (void)buf_addf(sql, "%s_v.%s=%s)", alias, x->via, param);
        } else {
            (void)buf_addf(sql, "%s %s_l WHERE %s_l.%s=%s.%s AND %s_l.%s=%s)", x->link, alias,
                           alias, x->link_key, alias, x->field, alias, x->link_member, param);
        }
        break;
    }
}

static void scope_sql(const struct resource *r, const struct principal *who, const char *alias,
                      int depth, struct buf *sql)
{
    if (!access_may_read(r, who) || depth > LIMIT_ACCESS_DEPTH) {
        (void)buf_adds(sql, " AND false");
        return;
    }
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    access_readers(r, t, &bound);
    bool operator = principal_is_operator(who);
    if (bound && (!operator || (r->flags & R_OWN_ROWS)))
        (void)buf_addf(sql, " AND %s.%s=?101", alias, bound);
    if (operator)
        return;
    size_t n = 0;
    bool all = false;
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        if (who->user_id == 0 && !admits_anonymous(x))
            continue;
        all = all || x->kind == READER_ALL;
        n++;
    }
    if (!all) {
        (void)buf_adds(sql, n ? " AND (" : " AND false");
        size_t i = 0;
        for (const struct reader *x = t; n && x->kind != READER_END; x++) {
            if (who->user_id == 0 && !admits_anonymous(x))
                continue;
            if (i++)
                (void)buf_adds(sql, " OR ");
            reader_sql(r, x, who, alias, false, sql);
        }
        if (n)
            (void)buf_addch(sql, ')');
    }
    const struct resource *parent = r->within ? ref_target(r, r->within) : NULL;
    if (parent) { /* no more people than see the parent */
        char sub[ALIAS_MAX];
        snprintf(sub, sizeof(sub), "%s_p", alias);
        (void)buf_addf(sql, " AND (%s.%s IS NULL OR EXISTS (SELECT 1 FROM %s %s WHERE %s.id=%s.%s",
                       alias, r->within, parent->table, sub, sub, alias, r->within);
        scope_sql(parent, who, sub, depth + 1, sql);
        (void)buf_adds(sql, "))");
    }
}

enum bp_err access_scope(const struct resource *r, const struct principal *who,
                         const char *alias, struct buf *sql)
{
    if (strlen(alias) + 3 * LIMIT_ACCESS_DEPTH + 3 > ALIAS_MAX)
        return BP_ERR_NOMEM;
    scope_sql(r, who, alias, 0, sql);
    return sql->failed ? BP_ERR_NOMEM : BP_OK;
}

bool access_personal_sql(const struct resource *r, const struct principal *who,
                         const char *alias, struct buf *sql)
{
    if (principal_is_operator(who))
        return false;
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    access_readers(r, t, &bound);
    size_t n = 0;
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        if (!x->personal || (who->user_id == 0 && !admits_anonymous(x)))
            continue;
        if (x->kind == READER_ALL)
            return false;
        n++;
    }
    if (n == 0) {
        (void)buf_adds(sql, "false");
        return true;
    }
    size_t i = 0;
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        if (!x->personal || (who->user_id == 0 && !admits_anonymous(x)))
            continue;
        if (i++)
            (void)buf_adds(sql, " OR ");
        reader_sql(r, x, who, alias, true, sql);
    }
    return true;
}

/* The search index's map as an entry: its rows carry their collection, owner, party (a second
 * organisation reading the row: an action item's collaboration partner) and visibility. */
static const struct reader map_readers[] = {
    READ_PUBLIC_ROWS("visibility"),
    READ_ORG("org_id"),
    READ_ORG("party_org_id"),
    READ_SHARED(),
    READ_END,
};
static const struct resource search_map = {
    .table = "search_rows", .readers = map_readers, .flags = R_PUBLIC_READ,
};

enum bp_err access_search_scope(const struct principal *who, const char *alias, struct buf *sql)
{
    return access_scope(&search_map, who, alias, sql);
}

bool access_searchable(const struct resource *r)
{
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    access_readers(r, t, &bound);
    if (!(r->flags & R_PUBLIC_READ) || (r->flags & R_OPERATOR_READ) || bound || r->within)
        return false;
    bool rows = false; /* a reader the map's visibility stands for */
    for (const struct reader *x = t; x->kind != READER_END; x++) {
        switch (x->kind) {
        case READER_ALL:
            if (r->visibility_field)
                return false;
            rows = true;
            break;
        case READER_PUBLIC_ROWS:
            if (!r->visibility_field || strcmp(x->field, r->visibility_field) != 0)
                return false;
            rows = true;
            break;
        case READER_ORG: /* the map's org_id, or its party_org_id */
            if (x->via || x->link || x->role || !r->owner_field ||
                (strcmp(x->field, r->owner_field) != 0 &&
                 (!r->party_field || strcmp(x->field, r->party_field) != 0)))
                return false;
            break;
        case READER_SHARED:
            break;
        case READER_USER:
        case READER_END:
            return false;
        }
    }
    return rows;
}

bool access_shareable(const struct resource *r)
{
    struct reader t[ACCESS_READERS_MAX];
    const char *bound;
    if (!r->visibility_field || !r->owner_field)
        return false;
    access_readers(r, t, &bound);
    for (const struct reader *x = t; x->kind != READER_END; x++)
        if (x->kind == READER_SHARED)
            return true;
    return false;
}

enum bp_err access_parents_admit(struct db *db, const struct resource *r, long long id,
                                 long long org, bool *ok)
{
    /* a member of org, with no user of its own: readers that name a user admit no one */
    const struct principal member = {.user_id = -1, .role = ROLE_ORG_MEMBER, .org_id = org};
    *ok = true;
    for (const struct field *f = r->fields; f->name && *ok; f++) {
        const struct resource *parent = (f->flags & F_WITHIN) ? ref_target(r, f->name) : NULL;
        if (!parent)
            continue;
        struct buf sql;
        struct db_stmt *st;
        buf_init(&sql, NULL, 8192);
        (void)buf_addf(&sql, "SELECT t.%s IS NULL OR EXISTS (SELECT 1 FROM %s w WHERE w.id=t.%s",
                       f->name, parent->table, f->name);
        bool failed = access_scope(parent, &member, "w", &sql) != BP_OK;
        (void)buf_addf(&sql, ") FROM %s t WHERE t.id=?1", r->table);
        failed = failed || sql.failed || db_prepare(db, sql.data, &st) != BP_OK;
        buf_release(&sql);
        if (failed)
            return BP_ERR_DB;
        db_bind_int(st, 1, id);
        access_bind(st, &member);
        enum db_step s = db_step(st);
        if (s == DB_ROW)
            *ok = db_column_int(st, 0) != 0;
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
    }
    return BP_OK;
}

void access_bind(struct db_stmt *st, const struct principal *who)
{
    /* by number: a statement without them ignores the binding (SQLite's range error, the
     * PostgreSQL backend's unknown index), and no backend has to know "?100" as a name */
    db_bind_int(st, 100, who->org_id);
    db_bind_int(st, 101, who->user_id);
}
