/*
 * resource: the resource engine. Each entity is one declarative entry (struct resource) in a
 * module's table (api/<module>.c); the engine turns every entry into list (filters, q, sort,
 * cursor pages, total), get, create, patch, delete, validation, JSON, CSV/XLSX, audit rows and
 * its part of the OpenAPI document. Hand-written code exists only where a module has a workflow.
 *
 * Every entity table has the implicit columns id, created_at, updated_at and version (the ETag).
 * SQL is generated once at start-up from the declared names only; values are always bound.
 * Reads run on the caller's connection; writes are described by a struct write_op that the
 * writer thread applies (resource_apply) inside its own savepoint.
 */
#ifndef BP_RESOURCE_H
#define BP_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/limits.h"
#include "engine/access.h"
#include "engine/principal.h"
#include "base/problem.h"
#include "db/db.h"

enum field_type {
    FT_TEXT,   /* string; min/max bound its length in characters */
    FT_INT,    /* 64-bit integer in [min, max] */
    FT_BOOL,   /* true/false, stored 0/1 */
    FT_ENUM,   /* one of values[] */
    FT_DATE,   /* YYYY-MM-DD */
    FT_REF,    /* id of a row of the collection named by ref; checked, expandable */
    FT_TAGS,   /* array of tag slugs (tags.slug), stored as JSON text; filter means "contains" */
    FT_LIST,   /* array of free strings (synonyms, keywords), stored as JSON text; "contains" */
    FT_STATUS, /* like FT_ENUM, but changes follow the entry's transitions, each audited */
};

enum field_check { CHECK_NONE, CHECK_EMAIL, CHECK_URL, CHECK_PHONE, CHECK_BRN };

enum field_flag {
    F_REQUIRED = 1 << 0, /* must be given on create, may not be cleared */
    F_READONLY = 1 << 1, /* set by the server only: refused in input */
    F_FILTER = 1 << 2,   /* ?name=value on lists */
    F_SORT = 1 << 3,     /* ?sort=name / -name */
    F_SEARCH = 1 << 4,   /* ?q= matches it */
    F_PRIVATE = 1 << 5,  /* personal data: shown only to signed-in callers */
    F_IMMUTABLE = 1 << 6, /* set at create, refused in PATCH */
    F_HIDDEN = 1 << 7,    /* stored, never shown (a file's bytes): set by server code only */
    F_OPERATOR = 1 << 8,  /* only operators may set it (tenant and anchor flags): 422 for others */
};

struct field {
    const char *name;
    enum field_type type;
    unsigned flags;
    long long min, max; /* FT_INT bounds; FT_TEXT length bounds in characters (max 0: default) */
    const char *const *values; /* FT_ENUM / FT_STATUS: NULL-terminated */
    const char *ref;           /* FT_REF: the referenced collection */
    enum field_check check;
    const char *label_ko, *label_en;
};

struct transition {
    const char *from, *to;
};

enum resource_flag {
    R_READONLY = 1 << 0,     /* no create, patch or delete through the API (e.g. audit) */
    R_PUBLIC_READ = 1 << 1,  /* anonymous callers may list and read (public rows only) */
    R_OPERATOR_READ = 1 << 2, /* only operators may read */
    R_USER_WRITES = 1 << 3,   /* signed-in users change their own rows (user_field) */
    R_ORG_WRITES = 1 << 4,    /* members of the owning organisation (owner_field) create, change
                                 and delete its rows; without R_*_WRITES, operators only */
    R_ADMIN_WRITES = 1 << 5,  /* only operator-admins create, change and delete (e.g. users) */
    R_OWN_ROWS = 1 << 6,      /* user_field binds everyone, operators too (e.g. notifications) */
    R_PRIVATE_ROWS = 1 << 7,  /* rows only for their organisations (owner_field, party_field)
                                 and operators, as if every row were private */
};

struct write_op;
struct db;

struct resource {
    const char *name;  /* collection in URLs: "orgs" */
    const char *table; /* SQL table */
    const char *label_ko, *label_en;
    const struct field *fields;           /* terminated by {NULL} */
    const char *title_field;              /* what names a row in expansions and exports */
    const char *owner_field;              /* the org that owns a row ("org_id"; "id" for orgs) */
    const char *party_field; /* a second organisation taking part (a collaboration's partner):
                                its members see the row and change it as the owner's do, but
                                do not delete it */
    const char *visibility_field;         /* private / cluster / public, or NULL */
    const char *user_field;               /* rows of one user: only they and operators see them */
    /* Who reads which rows (engine/access.h): a read table, or NULL for the one the four fields
     * above describe; within: a reference to a parent row that bounds who sees a row, or NULL. */
    const struct reader *readers;
    const char *within;
    const char *status_field;             /* an FT_STATUS field, or NULL */
    const struct transition *transitions; /* allowed status changes, terminated by {NULL} */
    unsigned flags;
    const char *default_sort; /* e.g. "id" or "-created_at" */
    /* Workflow, on the writer inside the change's savepoint (NULL for plain entries): prepare
     * completes or refuses a validated change before it is applied (fields derived from other
     * rows, rules across rows; a problem refuses it); settle follows an applied create or
     * update (rows it leads to, notifications). */
    enum bp_err (*prepare)(struct db *db, struct write_op *op, struct problem *p);
    enum bp_err (*settle)(struct db *db, const struct write_op *op, long long id, struct problem *p);
};

/* Register a module's entries (called at start-up, before resource_init). module names the
 * module ("directory", "platform", ...): API tokens may be limited to some modules.
 * BP_ERR_TOO_LARGE, said on stderr naming the entry and the limit, when the registry is full
 * (LIMIT_ENTRIES) or an entry has more fields or references than the engine's tables hold:
 * start-up must stop, nothing is dropped. */
BP_MUST_USE enum bp_err resource_register(const char *module, const struct resource *const *entries);
/* The module an entry was registered with (NULL when not registered). */
const char *resource_module(const struct resource *r);
bool resource_module_known(const char *module, size_t len);
/* Build the SQL of every registered entry and prepare it on db, so a broken query fails at
 * start-up. BP_ERR_DB naming the entry on stderr. */
BP_MUST_USE enum bp_err resource_init(struct db *db);
/* Prepare every generated statement on another connection (each loop's reader). */
BP_MUST_USE enum bp_err resource_prepare(struct db *db);
/* The entry for a collection name, or NULL. */
const struct resource *resource_find(const char *name, size_t len);
/* All registered entries, NULL-terminated. */
const struct resource *const *resource_all(void);
const struct field *resource_field(const struct resource *r, const char *name, size_t len);

/* --- reads --- */

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };

struct list_query {
    const struct field *filter_fields[LIST_MAX_FILTERS];
    struct str filter_values[LIST_MAX_FILTERS];
    size_t nfilters;
    struct str q;
    const struct field *sort[3]; /* NULL entry means the implicit id/created_at/updated_at */
    const char *sort_implicit[3];
    bool sort_desc[3];
    size_t nsort;
    long long limit;
    struct str cursor;
    unsigned expand; /* bit i: expand the i-th FT_REF field */
    enum export_format format;
    bool total_wanted;
};

/* Parse a query string (without '?') for collection r. Unknown parameters, unknown sort
 * fields, bad values and a garbage cursor give BP_ERR_BAD_QUERY naming the parameter. Slices in
 * q point into query or into the arena. */
BP_MUST_USE enum bp_err resource_parse_query(const struct resource *r, struct str query,
                                            struct arena *arena, struct list_query *q,
                                            struct problem *p);

/* A page of the list as {"items":[...],"next_cursor":...,"total":N} into out. total comes from
 * *total_cache when it is >= 0, else it is counted and stored there. */
BP_MUST_USE enum bp_err resource_list(struct db *db, const struct resource *r,
                                     const struct list_query *q, const struct principal *who,
                                     struct arena *arena, struct buf *out, long long *total,
                                     struct problem *p);
/* The SQL text and bindings key of the count for q, so callers can cache totals. */
BP_MUST_USE enum bp_err resource_count_key(const struct resource *r, const struct list_query *q,
                                          const struct principal *who, struct buf *key);
/* Every row of the list (no paging, up to LIMIT_EXPORT_ROWS) as CSV (UTF-8 BOM) or XLSX. */
BP_MUST_USE enum bp_err resource_export(struct db *db, const struct resource *r,
                                       const struct list_query *q, const struct principal *who,
                                       struct buf *out, struct problem *p);
/* One row as JSON into out; *version gets its version. BP_ERR_NOT_FOUND when absent or not
 * visible to who. */
BP_MUST_USE enum bp_err resource_get(struct db *db, const struct resource *r, long long id,
                                    const struct principal *who, unsigned expand, struct buf *out,
                                    long long *version);

/* The bytes of hidden field (F_HIDDEN) of row id into out, when who may see the row;
 * BP_ERR_NOT_FOUND otherwise. */
BP_MUST_USE enum bp_err resource_get_blob(struct db *db, const struct resource *r, long long id,
                                         const struct principal *who, const char *field,
                                         struct buf *out);

/* --- writes --- */

/* Whether who may write in r at all (rows and fields are checked further on): operators
 * everywhere, signed-in users in R_USER_WRITES entries, organisation members (not trainees)
 * in R_ORG_WRITES entries. */
bool resource_may_write(const struct resource *r, const struct principal *who);

enum write_kind { WRITE_CREATE, WRITE_UPDATE, WRITE_DELETE };

enum value_kind { VAL_NULL, VAL_INT, VAL_TEXT, VAL_BLOB };

struct write_value {
    const struct field *field;
    enum value_kind kind;
    long long i;
    char *text; /* malloc'd, owned by the write_op (bytes for VAL_BLOB) */
    size_t len;
};

/* A validated change, handed from a loop to the writer. Owned by whoever holds it:
 * write_op_free. */
struct write_op {
    const struct resource *res;
    enum write_kind kind;
    long long id;             /* update, delete */
    long long expect_version; /* update, delete: from If-Match; 0 = any (delete only) */
    struct principal who; /* the actor: audit and visibility */
    size_t n;
    struct write_value vals[LIMIT_ENTRY_FIELDS];
};

/* Validate a JSON body for create or update of r into op (values normalised: brn digits,
 * phone hyphens). Every field at fault is named in p (BP_ERR_INVALID), malformed JSON is
 * BP_ERR_MALFORMED. The values that were valid stay in op either way: write_op_free it. Pure
 * of the database, so it is fuzzed. */
BP_MUST_USE enum bp_err resource_validate(const struct resource *r, enum write_kind kind,
                                         const char *body, size_t len, struct write_op *op,
                                         struct problem *p);
void write_op_free(struct write_op *op);
/* Add a value set by server code (read-only or hidden fields) to op: bytes are copied for
 * VAL_TEXT and VAL_BLOB. false when the field is unknown, op is full or memory is out. */
bool write_op_add(struct write_op *op, const char *field, enum value_kind kind, long long i,
                  const void *bytes, size_t len);
/* The same, replacing the field's value when op has one (workflow hooks). */
bool write_op_set(struct write_op *op, const char *field, enum value_kind kind, long long i,
                  const void *bytes, size_t len);
/* The value op carries for field, or NULL. */
const struct write_value *write_op_get(const struct write_op *op, const char *field);
/* Check op against who's rights before the hand-off: fields only operators set (F_OPERATOR),
 * the owning organisation of a new or changed row (filled in when absent on create). Names
 * each field at fault in p (BP_ERR_INVALID); BP_ERR_FORBIDDEN when who may not create here. */
BP_MUST_USE enum bp_err resource_check_rights(const struct resource *r, struct write_op *op,
                                             const struct principal *who, struct problem *p);

/* Check that referenced rows and tag slugs in op exist, naming each field at fault in p
 * (BP_ERR_INVALID). Runs on a loop before the hand-off, so the user sees every error at once,
 * and again on the writer, where it decides. */
BP_MUST_USE enum bp_err resource_check_refs(struct db *db, const struct write_op *op,
                                           struct problem *p);

/* Apply op on the writer's connection inside the caller's savepoint: reference and transition
 * checks, the change, the audit row. On success out gets the row's JSON (empty for delete),
 * *id and *version the row's. Errors name fields in p: BP_ERR_INVALID (bad reference or
 * transition), BP_ERR_CONFLICT (unique value taken, row still referenced), BP_ERR_STALE,
 * BP_ERR_NOT_FOUND. */
BP_MUST_USE enum bp_err resource_apply(struct db *db, struct write_op *op, struct buf *out,
                                      long long *id, long long *version, struct problem *p);

/* --- writes from workflows ---
 *
 * A hook (an entry's prepare or settle, on the writer inside the change's savepoint) or other
 * server code changes rows of any entry the way an API write does, never with SQL of its own:
 *
 *     struct write_op op;  (the hook's own change is hook_op)
 *     struct principal sys = resource_system(hook_op->who.user_id);
 *     if (!resource_write_begin(&op, "needs", WRITE_UPDATE, need_id, &sys) ||
 *         !write_op_text(&op, "status", "matched"))
 *         ...BP_ERR_NOMEM...
 *     e = resource_write(db, &op, NULL, p);
 */

/* Who a workflow acts as when it writes for the platform rather than as the caller (the
 * collaboration an acceptance starts belongs to both organisations, not only the one that
 * accepted): an operator-admin's rights, with actor_id (the user whose change led to the
 * write, 0 for none) recorded as the actor in the audit log. */
struct principal resource_system(long long actor_id);

/* Start op as a create (id 0), update or delete of row id of the entry named collection, by
 * who; no values yet, no expected version. false when no entry has that name. Set values
 * with write_op_int, write_op_text and write_op_null (false when the field is unknown or memory
 * is out), then run it with resource_write, which frees them. */
bool resource_write_begin(struct write_op *op, const char *collection, enum write_kind kind,
                          long long id, const struct principal *who);
bool write_op_int(struct write_op *op, const char *field, long long v);
bool write_op_text(struct write_op *op, const char *field, const char *s);
bool write_op_null(struct write_op *op, const char *field);

/* Run op on db, in the caller's transaction, as an API write runs: each value checked as a
 * client's would be (type, length, bounds, enum values, formats; normalised) except that
 * read-only fields may be set; required fields on create, immutable ones on update; who's
 * rights (resource_may_write, resource_check_rights; entries with R_READONLY are refused);
 * then resource_apply: references, status transitions, the entry's prepare and settle hooks,
 * the change, its audit row and its search index. op's values are freed either way. *id (when
 * not NULL) gets the row's id. The fields at fault are named in p as "collection.field", since
 * the caller did not write that row: BP_ERR_INVALID, BP_ERR_FORBIDDEN, BP_ERR_CONFLICT,
 * BP_ERR_STALE, BP_ERR_NOT_FOUND, BP_ERR_NOMEM, BP_ERR_DB. */
BP_MUST_USE enum bp_err resource_write(struct db *db, struct write_op *op, long long *id,
                                      struct problem *p);

/* The same for a client's JSON body for r (a create, or an update or delete of row id), run
 * by who on db in the caller's transaction, as the API runs it: resource_validate, who's
 * rights, resource_apply (an import applies its rows so, each as its preview checked it).
 * *row_id (when not NULL) gets the row's id; the fields at fault are named in p as the body
 * named them. The errors of resource_write, and BP_ERR_MALFORMED for a body that is no JSON
 * object. */
BP_MUST_USE enum bp_err resource_write_body(struct db *db, const struct resource *r,
                                           enum write_kind kind, long long id,
                                           const struct principal *who, const char *body,
                                           size_t len, long long *row_id, struct problem *p);

#define RESOURCE_READ_MAX 8 /* fields one resource_read_fields reads: a hook's few */

/* Fields of one row read by resource_read_fields. Owned by the caller: resource_row_release. */
struct resource_row {
    bool found;
    size_t n;
    long long i[RESOURCE_READ_MAX];      /* the value as an integer (0 for NULL or text) */
    const char *text[RESOURCE_READ_MAX]; /* the value as text ("" for NULL), in store */
    struct buf store;
};

/* Read the fields named in fields (comma-separated, declared fields of the entry named
 * collection, or id, version, created_at, updated_at) of row id on db, whoever may see it
 * (hooks decide with what they read). row->found is false when there is no such row.
 * BP_ERR_INVALID when a name is not declared or there are more than RESOURCE_READ_MAX (a
 * mistake in the caller), BP_ERR_NOMEM, BP_ERR_DB. */
BP_MUST_USE enum bp_err resource_read_fields(struct db *db, const char *collection, long long id,
                                            const char *fields, struct resource_row *row);
void resource_row_release(struct resource_row *row);

/* --- documents --- */

/* The OpenAPI 3.1 document of every registered entry plus the fixed routes. */
BP_MUST_USE enum bp_err resource_openapi(struct buf *out);

#endif
