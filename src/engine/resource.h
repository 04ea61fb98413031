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
    FT_TEXT,     /* string; min/max bound its length in characters */
    FT_INT,      /* 64-bit integer in [min, max] */
    FT_BOOL,     /* true/false, stored 0/1 */
    FT_ENUM,     /* one of values[] */
    FT_DATE,     /* YYYY-MM-DD */
    FT_REF,      /* id of a row of the collection named by ref; checked, expandable */
    FT_TAGS,     /* array of tag slugs (tags.slug), stored as JSON text; filter means "contains" */
    FT_LIST,     /* array of free strings (synonyms, keywords), stored as JSON text; "contains".
                    With ref (the REFS macro): a list of references, each item the id of a
                    visible row of that collection, given as a JSON integer or digits, stored
                    and answered as digits ("12"), no duplicates, at most max items */
    FT_STATUS,   /* like FT_ENUM, but changes follow the entry's transitions, each audited */
    FT_DATETIME, /* an instant: ISO 8601 in (an offset, or none for Asia/Seoul), stored and
                    answered in UTC as TEXT YYYY-MM-DDTHH:MM:SSZ */
    FT_MONEY,    /* KRW in whole won: a JSON integer in [min, max], stored INTEGER */
    FT_DECIMAL,  /* a number with at most scale decimals: a JSON number in and out, stored
                    exactly as INTEGER of the smallest unit (value x 10^scale); min/max in
                    those units */
    FT_DURATION, /* minutes: a JSON integer (or ISO 8601 "PT1H30M" in), answered as minutes,
                    stored INTEGER in [min, max] */
};

enum field_check { CHECK_NONE, CHECK_EMAIL, CHECK_URL, CHECK_PHONE, CHECK_BRN };

enum field_flag {
    F_REQUIRED = 1 << 0, /* must be given on create, may not be cleared */
    F_READONLY = 1 << 1, /* set by the server only: refused in input */
    F_FILTER = 1 << 2,   /* ?name=value on lists; on dates, date-times, numbers and money also
                            the inclusive range ?name_from=&name_to= */
    F_SORT = 1 << 3,     /* ?sort=name / -name */
    F_SEARCH = 1 << 4,   /* ?q= matches it */
    F_PRIVATE = 1 << 5,  /* personal data: shown only to signed-in callers */
    F_IMMUTABLE = 1 << 6, /* set at create, refused in PATCH */
    F_HIDDEN = 1 << 7,    /* stored, never shown (a file's bytes): set by server code only */
    F_OPERATOR = 1 << 8,  /* only operators may set it (tenant and anchor flags): 422 for others */
    F_REF_BY_HOOK = 1 << 9, /* FT_REF: the entry's prepare hook says which rows a writer may name
                               (users of a collaboration's organisations, whom the writer may not
                               read); the engine checks only that the row exists */
    F_REF_NAMED = 1 << 10,  /* FT_REF: the named row's title is part of this row (an owner's
                               name): ?expand= shows {id, title} to whoever reads this row, not
                               only to the target's readers */
    F_WITHIN = 1 << 11,     /* FT_REF: the row is inside the named row (a meeting inside its
                               collaboration): it is shared with no organisation that cannot read
                               that row (access_parents_admit); the entry's hooks keep its
                               visibility no wider than the parent's */
};

/* One value of an FT_ENUM or FT_STATUS field with its labels; arrays end with END_VALUES. The
 * first value of a status field is where new rows start. */
struct enum_value {
    const char *value, *label_ko, *label_en;
};

struct field {
    const char *name;
    enum field_type type;
    unsigned flags;
    long long min, max; /* FT_INT, FT_MONEY, FT_DURATION bounds; FT_DECIMAL bounds in units of
                           10^-scale; FT_TEXT length bounds in characters (max 0: default) */
    const struct enum_value *values; /* FT_ENUM / FT_STATUS: ends with END_VALUES */
    const char *ref;                 /* FT_REF, FT_LIST of references: the referenced collection */
    enum field_check check;
    const char *label_ko, *label_en;
    unsigned scale; /* FT_DECIMAL: decimals kept (at most VALIDATE_DECIMAL_SCALE_MAX) */
    /* FT_ENUM: the value only the server's workflow writes (a record it keeps: an activity
     * that is a stage change), or NULL. The entry's prepare hook refuses it to clients; OpenAPI
     * lists it (x-bpmc-server-values) so that no form offers it. */
    const char *server_value;
};

/* The rows of an entry's field table, one macro per type so a row reads at a glance:
 *     TEXT("name", F_REQUIRED | F_SORT, 1, 200, "기관명", "Name"),
 *     REF("org_id", "orgs", F_FILTER, "소속 기관", "Organisation"),
 *     ENUM("kind", org_kinds, F_REQUIRED, "유형", "Kind"),
 *     END_FIELDS
 * lo/hi bound a text's length in characters (hi 0: LIMIT_TEXT_MAX), a number's value, money in
 * won, a duration in minutes, a decimal in units of 10^-scale. */
#define FIELD_ROW(n, t, fl, lo, hi, ko, en)                                                        \
    {.name = (n), .type = (t), .flags = (fl), .min = (lo), .max = (hi), .label_ko = (ko),        \
     .label_en = (en)}
#define CHECKED_TEXT(n, chk, fl, hi, ko, en)                                                       \
    {.name = (n), .type = FT_TEXT, .flags = (fl), .max = (hi), .check = (chk), .label_ko = (ko), \
     .label_en = (en)}
#define TEXT(n, fl, lo, hi, ko, en) FIELD_ROW(n, FT_TEXT, fl, lo, hi, ko, en)
#define EMAIL(n, fl, ko, en) CHECKED_TEXT(n, CHECK_EMAIL, fl, 254, ko, en)
#define URL(n, fl, ko, en) CHECKED_TEXT(n, CHECK_URL, fl, 2000, ko, en)
#define PHONE(n, fl, ko, en) CHECKED_TEXT(n, CHECK_PHONE, fl, 30, ko, en)
#define BRN(n, fl, ko, en) CHECKED_TEXT(n, CHECK_BRN, fl, 12, ko, en)
#define INT(n, fl, lo, hi, ko, en) FIELD_ROW(n, FT_INT, fl, lo, hi, ko, en)
#define MONEY(n, fl, hi, ko, en) FIELD_ROW(n, FT_MONEY, fl, 0, hi, ko, en)
#define DURATION(n, fl, hi, ko, en) FIELD_ROW(n, FT_DURATION, fl, 0, hi, ko, en)
#define DECIMAL(n, sc, fl, lo, hi, ko, en)                                                         \
    {.name = (n), .type = FT_DECIMAL, .flags = (fl), .min = (lo), .max = (hi), .scale = (sc),    \
     .label_ko = (ko), .label_en = (en)}
#define BOOL(n, fl, ko, en) FIELD_ROW(n, FT_BOOL, fl, 0, 0, ko, en)
#define DATE(n, fl, ko, en) FIELD_ROW(n, FT_DATE, fl, 0, 0, ko, en)
#define DATETIME(n, fl, ko, en) FIELD_ROW(n, FT_DATETIME, fl, 0, 0, ko, en)
#define TAGS(n, fl, ko, en) FIELD_ROW(n, FT_TAGS, fl, 0, 0, ko, en)
#define LIST(n, fl, ko, en) FIELD_ROW(n, FT_LIST, fl, 0, 0, ko, en)
#define ENUM(n, vals, fl, ko, en)                                                                  \
    {.name = (n), .type = FT_ENUM, .flags = (fl), .values = (vals), .label_ko = (ko),            \
     .label_en = (en)}
/* An enum one of whose values (server) only the server writes (struct field server_value). */
#define ENUM_KEPT(n, vals, server, fl, ko, en)                                                     \
    {.name = (n), .type = FT_ENUM, .flags = (fl), .values = (vals), .server_value = (server),    \
     .label_ko = (ko), .label_en = (en)}
#define STATUS(n, vals, fl, ko, en)                                                                \
    {.name = (n), .type = FT_STATUS, .flags = (fl), .values = (vals), .label_ko = (ko),          \
     .label_en = (en)}
#define REF(n, target, fl, ko, en)                                                                 \
    {.name = (n), .type = FT_REF, .flags = (fl), .ref = (target), .label_ko = (ko),              \
     .label_en = (en)}
/* A list of references: up to hi ids of rows of target (an FT_LIST with ref), e.g.
 *     REFS("upstream_org_ids", "orgs", 20, F_FILTER, "후방 기업", "Upstream organisations") */
#define REFS(n, target, hi, fl, ko, en)                                                            \
    {.name = (n), .type = FT_LIST, .flags = (fl), .max = (hi), .ref = (target), .label_ko = (ko), \
     .label_en = (en)}
#define END_FIELDS {.name = NULL}
#define END_VALUES {.value = NULL}

/* private / cluster / public with their labels: every entry with a visibility field. */
extern const struct enum_value resource_visibilities[];

/* Whether a field's values are ordered, so lists take ?name_from=&name_to= ranges on it. */
bool field_is_ranged(const struct field *f);

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
    R_NOT_INDEXED = 1 << 8,   /* not in the search index (/search): ?q= on its own list matches
                                 its F_SEARCH fields with LIKE (a small table whose rows repeat
                                 rows found elsewhere, e.g. contacts of people); not an access
                                 rule: x-bpmc-access says "search": false */
    R_SEARCH_AFTER = 1 << 9,  /* in /search's answer of every kind, ranked under the rows of the
                                 directory that match as well (SEARCH_AFTER_WEIGHT): the
                                 cluster's calendar and plan (IR events, courses, surveys, the
                                 program's projects), first in their own group (kind=) */
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
    /* R_ORG_WRITES: the one role (a role name, "org-admin") in which an organisation's members
     * create, change and delete its rows: its official record (an investor's profile, a
     * company's round); NULL: every member who acts for it (trainees do not). The write rule
     * beside READ_ORG(.role) on the read side. */
    const char *write_role;
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
    /* After a delete, in its savepoint (NULL for most entries): before is the row's JSON as it
     * was; what the row's absence leads to (a derived value written again), or a problem that
     * refuses the delete. */
    enum bp_err (*deleted)(struct db *db, const struct write_op *op, const char *before,
                           struct problem *p);
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
/* Check every registered entry against its table (resource_check_table) and build and
 * prepare its SQL on db, so a mismatch or a broken query fails at start-up. BP_ERR_DB naming
 * the entry, the field and the mismatch on stderr. */
BP_MUST_USE enum bp_err resource_init(struct db *db);
/* Whether entry r agrees with its table in db: a STRICT table, a column for each field, of
 * the type the field stores (INTEGER or TEXT; BLOB for a hidden field's bytes), and every
 * enum or status value accepted by the table's CHECK constraints on that column. On a
 * mismatch BP_ERR_INVALID with why naming the entry, the field and what differs; BP_ERR_DB
 * when the database fails. Entries over a subquery are taken as they are. */
BP_MUST_USE enum bp_err resource_check_table(struct db *db, const struct resource *r, char *why,
                                             size_t size);
/* Prepare every generated statement on another connection (each loop's reader). */
BP_MUST_USE enum bp_err resource_prepare(struct db *db);
/* The entry for a collection name, or NULL. */
const struct resource *resource_find(const char *name, size_t len);
/* All registered entries, NULL-terminated. */
const struct resource *const *resource_all(void);
const struct field *resource_field(const struct resource *r, const char *name, size_t len);
/* The columns every entry has without declaring them, created_at and updated_at, as date-time
 * fields: lists take ?created_at_from=&created_at_to= (and updated_at's) ranges on them. NULL
 * for any other name. */
const struct field *resource_implicit_time(const char *name, size_t len);
/* The implicit time fields, ended by a field without a name. */
extern const struct field resource_implicit_times[];

/* --- reads --- */

enum export_format { EXPORT_JSON, EXPORT_CSV, EXPORT_XLSX };
enum export_lang { EXPORT_LANG_DEFAULT, EXPORT_LANG_KO, EXPORT_LANG_EN };
enum { EXPORT_COL_ID = 1, EXPORT_COL_CREATED = 2, EXPORT_COL_UPDATED = 4 };

/* The label of an implicit column (id, created_at, updated_at, version) in Korean or English,
 * or NULL for any other name: what exports write as its header and imports read back. */
const char *resource_implicit_label(const char *name, bool english);

/* How a filter compares: ?name= is equality (or "contains" for arrays), ?name_from= and
 * ?name_to= the two inclusive ends of a range. */
enum filter_op { FILTER_EQ, FILTER_FROM, FILTER_TO };

struct list_query {
    const struct field *filter_fields[LIST_MAX_FILTERS];
    struct str filter_values[LIST_MAX_FILTERS]; /* in the stored form (UTC, units, minutes) */
    enum filter_op filter_ops[LIST_MAX_FILTERS];
    size_t nfilters;
    struct str q;
    const struct field *sort[3]; /* NULL entry means the implicit id/created_at/updated_at */
    const char *sort_implicit[3];
    bool sort_desc[3];
    size_t nsort;
    long long limit;
    long long offset; /* ?page=N: (N-1) pages of limit rows skipped (numbered pages) */
    struct str cursor;
    unsigned expand; /* bit i: expand the i-th FT_REF field */
    enum export_format format;
    bool total_wanted;
    /* CSV and XLSX exports (docs/import.md): the columns asked for with ?columns= (bit i:
     * field i of the entry; the implicit id, created_at and updated_at by EXPORT_COL_*), all
     * visible ones when not given; codes (?labels=false) keeps the API's names and values, else
     * headers and enum values are labels in lang (?lang=, else Accept-Language). */
    unsigned long long columns;
    unsigned columns_implicit;
    bool columns_given;
    bool codes;
    enum export_lang lang;
    /* ?missing=a,b: rows where any of these fields is empty (NULL, "" or an empty list); bit
     * i: field i of the entry (personal and hidden fields are not asked about) */
    unsigned long long missing;
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
/* Every row of the list (no paging, up to LIMIT_EXPORT_ROWS) as CSV (UTF-8 BOM) or XLSX: the
 * columns of q, labels or codes (q->codes), a frozen header, autofilter and widths in XLSX. */
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
 * in R_ORG_WRITES entries, only those in its write_role when it names one. */
bool resource_may_write(const struct resource *r, const struct principal *who);

/* What who may do, as the Allow header of a GET says it (RFC 9110): ALLOW_* bits. */
enum { ALLOW_GET = 1, ALLOW_POST = 2, ALLOW_PATCH = 4, ALLOW_DELETE = 8 };

/* What who, who may read r, may do with r's collection (owner NULL: GET, POST) or with one of
 * its rows whose owning and party organisations are owner[0] and owner[1] (GET, PATCH,
 * DELETE). The very rules the writes enforce: resource_may_write, the creation of
 * organisations by operators only (resource_check_rights), and the row's organisations
 * (resource_apply: the owner and the party change a row, only the owner deletes it, and no
 * member deletes its own organisation). What a row's state or references refuse later (a 409,
 * a transition) is not foreseen. */
unsigned resource_allows(const struct resource *r, const struct principal *who,
                         const long long *owner);
/* The same for a row given as its JSON (the owner and party fields read from it). */
unsigned resource_row_allows(const struct resource *r, const struct principal *who,
                             const char *json, size_t len);
/* "GET, PATCH, DELETE" for allows into out. */
void resource_allow_text(unsigned allows, char *out, size_t size);

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
/* op's value for field when it is an integer, else 0 (workflow hooks). */
long long write_op_get_int(const struct write_op *op, const char *field);
/* op's value for field when it is text, else NULL (workflow hooks). */
const char *write_op_get_text(const struct write_op *op, const char *field);
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
