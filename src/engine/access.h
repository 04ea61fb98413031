/*
 * access: who reads which rows of an entry, and the one scope builder every read uses.
 *
 * An entry says who may read its collection at all with its flags (R_PUBLIC_READ: anyone,
 * R_OPERATOR_READ: operators, else signed-in callers) and which rows each of them sees with a
 * read table, one row per kind of reader; a caller sees a row when any row of the table admits
 * it. Operators see every row (R_OWN_ROWS binds them to their own, user_field). For example:
 *
 *   // a deal: to its investor and its company only
 *   static const struct reader deal_readers[] = {
 *       READ_ORG("investor_org_id", .personal = true),
 *       READ_ORG("company_org_id", .personal = true),
 *       READ_END,
 *   };
 *   // a booking: to the booking organisation and the organisation managing the resource
 *   static const struct reader booking_readers[] = {
 *       READ_ORG("org_id", .personal = true),
 *       READ_ORG("resource_id", .via = "manager_org_id"),
 *       READ_END,
 *   };
 *   // a trainee's record: to the trainee and the instructors of the cohort (a link table)
 *   static const struct reader record_readers[] = {
 *       READ_USER("trainee_id", .personal = true),
 *       READ_USER("cohort_id", .link = "cohort_instructors", .link_key = "cohort_id",
 *                 .link_member = "user_id"),
 *       READ_END,
 *   };
 *
 * An entry without a table (readers NULL) has the one its fields and flags describe, the rule
 * the engine has always had: R_PRIVATE_ROWS: its owner's and party's members; visibility_field:
 * public rows to anyone, cluster rows to signed-in callers, private rows to the owner's and
 * party's members and to organisations they are shared with; neither: every row; user_field
 * (with either): only the rows of the caller. access_readers() writes that table out.
 *
 * within names a reference to a parent row: a row that has a parent is seen only by who sees
 * the parent too (an action item inside a private collaboration stays as private as it).
 *
 * Personal fields (F_PRIVATE) are never shown to anonymous callers; to other callers but
 * operators only in rows a reader with .personal admits them to.
 */
#ifndef BP_ACCESS_H
#define BP_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/err.h"
#include "engine/principal.h"

enum reader_kind {
    READER_END = 0,
    READER_ALL,         /* every row, to everyone the collection admits */
    READER_PUBLIC_ROWS, /* field is the visibility (private / cluster / public): public rows to
                           anyone the collection admits, cluster rows to signed-in callers */
    READER_ORG,         /* members of the organisation the row names (field, via, link) */
    READER_USER,        /* the user the row names (field, via, link) */
    READER_SHARED,      /* members of organisations a private row is shared with (shares) */
};

/* One row of a read table. The organisation or user a READER_ORG / READER_USER row names is
 * field's value; with via, the via field of the row field references (FT_REF); with link,
 * every link_member of the rows of table link whose link_key is that value (many to many).
 * A READER_ORG row with role admits only the members of that organisation who act in that
 * role (e.g. "org-admin": a trainee's enrollment is seen by its organisation's admins, not by
 * every colleague). */
struct reader {
    enum reader_kind kind;
    const char *field;
    const char *via;
    const char *link, *link_key, *link_member;
    bool personal;    /* they see the personal fields (F_PRIVATE) of the rows it admits */
    const char *role; /* READER_ORG: only members in this role (a role name), or NULL: all */
};

#define READ_ALL(...) {.kind = READER_ALL, __VA_ARGS__}
#define READ_PUBLIC_ROWS(...) {.kind = READER_PUBLIC_ROWS, .field = __VA_ARGS__}
#define READ_ORG(...) {.kind = READER_ORG, .field = __VA_ARGS__}
#define READ_USER(...) {.kind = READER_USER, .field = __VA_ARGS__}
#define READ_SHARED(...) {.kind = READER_SHARED, __VA_ARGS__}
#define READ_END {.kind = READER_END}

struct resource;
struct db_stmt;
struct db;

/* The longest read table (declared or derived), terminator included (base/limits.h). */
#define ACCESS_READERS_MAX LIMIT_ACCESS_READERS

/* r's read table into out (READER_END-terminated): the declared one, or the one its fields and
 * flags describe. *user_bound gets the field that binds every non-operator (and operators under
 * R_OWN_ROWS) to their own rows on top of it, or NULL. */
void access_readers(const struct resource *r, struct reader out[ACCESS_READERS_MAX],
                    const char **user_bound);

/* Whether r's read table names fields, references and tables that exist (false, naming the
 * fault on stderr, when not): resource_init refuses to start otherwise. */
bool access_valid(const struct resource *r);

/* Whether who may read r's collection at all (its rows are then subject to access_scope). */
bool access_may_read(const struct resource *r, const struct principal *who);

/* " AND <the rows of r, aliased alias, that who may read>" into sql: nothing when who may read
 * every row, " AND false" when who may not read the collection. ?100 is who's organisation and
 * ?101 who: access_bind binds them. Lists, get, totals, exports, search, matching, expansions
 * and references all use it. */
BP_MUST_USE enum bp_err access_scope(const struct resource *r, const struct principal *who,
                                     const char *alias, struct buf *sql);

/* The condition under which who sees the personal fields of a row of r aliased alias, into
 * sql; false (sql untouched) when who sees them in every row they may read. */
bool access_personal_sql(const struct resource *r, const struct principal *who,
                         const char *alias, struct buf *sql);

/* " AND <who may see the row>" for the search index's map (search_rows, aliased alias): the
 * rows of every searchable collection with their owner, visibility and shares copied. */
BP_MUST_USE enum bp_err access_search_scope(const struct principal *who, const char *alias,
                                            struct buf *sql);
/* Whether the map can say who sees r's rows (what search_indexed requires): a public
 * collection whose table is the visibility one of its owner (and of its party, the map's
 * party_org_id), with shares, or every row. */
bool access_searchable(const struct resource *r);

/* Whether r's private rows may be shared with named organisations (POST /api/v1/shares). */
bool access_shareable(const struct resource *r);

/* Whether the members of organisation org may read every row that row id of r is inside (its
 * F_WITHIN references that are set): *ok true when they may, or when the row names none.
 * Shares ask it, so a row inside a collaboration is never shared beyond the collaboration's
 * organisations. BP_ERR_DB when the database fails. */
BP_MUST_USE enum bp_err access_parents_admit(struct db *db, const struct resource *r, long long id,
                                             long long org, bool *ok);

/* Bind who's organisation to ?100 and who to ?101 where st uses them. */
void access_bind(struct db_stmt *st, const struct principal *who);

#endif
