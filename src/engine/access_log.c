/*
 * access_log: who viewed or exported personal data, when, what and how many rows. A list, a
 * read or an export of a collection with personal fields appends one row to access_log when
 * its answer carried personal data to a signed-in caller: operators see every row's, members
 * their organisation's and public rows' (resource_row_json decides; here we only count what
 * the answer shows). Reads stay inline on the loop: the row is written by the writer as a
 * detached job nobody waits for, and a list page's count rides in the answer cache with the
 * page, so a page served again from the cache is logged again without being scanned again. An
 * export is counted on its worker and logged on the writer before its file is handed over.
 * bpmc never deletes from access_log: it is kept at least two years (docs/privacy.md).
 */
#include "engine/access_log.h"
#include "engine/collections.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "engine/resource.h"
#include "base/banned.h"

/* In resource_read.c (used by export.c): every row of a list, unpaged, handed to fn. */
enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len), void *ctx,
                              struct problem *p);

/* Personal fields without F_PRIVATE: their collection is open to operators only, so the
 * engine has no need to hide them, but showing them is still a viewing of personal data. */
static const struct {
    const char *collection, *field;
} closed_personal[] = {
    {"users", "email"},
};

struct access_entry {
    const struct resource *res;
    struct principal who;
    const char *action; /* a constant */
    long long row_id, rows;
    char address[48];
    size_t detail_len;
    char detail[]; /* NUL-terminated */
};

static bool is_personal(const struct resource *res, const struct field *f)
{
    if (f->flags & F_HIDDEN)
        return false;
    if (f->flags & F_PRIVATE)
        return true;
    for (size_t i = 0; i < sizeof(closed_personal) / sizeof(closed_personal[0]); i++)
        if (strcmp(res->name, closed_personal[i].collection) == 0 &&
            strcmp(f->name, closed_personal[i].field) == 0)
            return true;
    return false;
}

/* The names of res's personal fields into names; their number. */
static size_t personal_fields(const struct resource *res, struct str *names)
{
    size_t n = 0;
    for (const struct field *f = res->fields; f->name && n < LIMIT_ENTRY_FIELDS; f++)
        if (is_personal(res, f))
            names[n++] = str_from(f->name);
    return n;
}

bool access_log_applies(const struct resource *res, const struct principal *who)
{
    struct str names[LIMIT_ENTRY_FIELDS];
    return who->user_id != 0 && personal_fields(res, names) > 0;
}

/* One pass over JSON as the database built it: objects at depth `depth` are rows; a row counts
 * when one of its personal keys has a value other than null or "". Inside a string a quote is
 * always escaped, so keys are found without a parser. */
static long long count_rows(struct str json, int depth, const struct str *names, size_t nnames)
{
    long long rows = 0;
    int d = 0;
    bool in_str = false, escaped = false, want_key = false, key_personal = false, personal = false;
    const char *key = NULL;
    for (size_t i = 0; i < json.len; i++) {
        char c = json.ptr[i];
        if (in_str) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_str = false;
                if (key) {
                    struct str k = {key, (size_t)(json.ptr + i - key)};
                    for (size_t j = 0; j < nnames && !key_personal; j++)
                        key_personal = str_eq(k, names[j]);
                    key = NULL;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            in_str = true;
            if (d == depth && want_key)
                key = json.ptr + i + 1;
            want_key = false;
            break;
        case '{':
        case '[':
            if (++d == depth && c == '{')
                want_key = true, personal = false;
            break;
        case '}':
        case ']':
            if (d == depth && personal)
                rows++;
            d--;
            break;
        case ',':
            want_key = d == depth;
            break;
        case ':':
            if (d == depth && key_personal) {
                size_t j = i + 1;
                while (j < json.len && json.ptr[j] == ' ')
                    j++;
                bool empty = j >= json.len || json.ptr[j] == 'n' ||
                             (json.ptr[j] == '"' && j + 1 < json.len && json.ptr[j + 1] == '"');
                personal = personal || !empty;
            }
            key_personal = false;
            break;
        default:
            break;
        }
    }
    return rows;
}

long long access_log_rows(const struct resource *res, struct str json, bool list)
{
    struct str names[LIMIT_ENTRY_FIELDS];
    size_t n = personal_fields(res, names);
    /* {"items":[ {row}, ... ]...}: rows are objects at depth 3; a single row is depth 1 */
    return n ? count_rows(json, list ? 3 : 1, names, n) : 0;
}

struct access_entry *access_log_entry(const struct http_req *r, const struct resource *res,
                                      const char *action, struct str detail)
{
    size_t len = detail.ptr ? detail.len : 0;
    struct access_entry *a = malloc(sizeof(*a) + len + 1);
    if (!a)
        return NULL;
    a->res = res;
    a->who = r->who;
    a->action = action;
    a->row_id = 0;
    a->rows = 0;
    memcpy(a->address, r->peer, sizeof(a->address));
    a->address[sizeof(a->address) - 1] = '\0';
    a->detail_len = len;
    if (len)
        memcpy(a->detail, detail.ptr, len);
    a->detail[len] = '\0';
    return a;
}

static enum bp_err count_one(void *ctx, const char *json, size_t len)
{
    struct access_entry *a = ctx;
    a->rows += access_log_rows(a->res, (struct str){json, len}, false);
    return BP_OK;
}

enum bp_err access_log_count(struct db *db, struct access_entry *a, const struct list_query *q,
                             bool *any)
{
    struct arena arena;
    struct problem p;
    problem_init(&p);
    arena_init(&arena, LIMIT_ARENA_BYTES);
    a->rows = 0;
    enum bp_err e = resource_each_row(db, a->res, q, &a->who, &arena, count_one, a, &p);
    arena_release(&arena);
    *any = !e && a->rows > 0;
    return e;
}

enum bp_err access_log_write(struct db *db, const struct access_entry *a)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "INSERT INTO access_log(actor_id,org_id,action,collection,row_id,"
                               "rows,detail,address) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, a->who.user_id);
    if (a->who.org_id)
        db_bind_int(st, 2, a->who.org_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, a->action, strlen(a->action));
    db_bind_text(st, 4, a->res->name, strlen(a->res->name));
    if (a->row_id)
        db_bind_int(st, 5, a->row_id);
    else
        db_bind_null(st, 5);
    db_bind_int(st, 6, a->rows);
    if (a->detail_len)
        db_bind_text(st, 7, a->detail, a->detail_len);
    else
        db_bind_null(st, 7);
    if (a->address[0])
        db_bind_text(st, 8, a->address, strlen(a->address));
    else
        db_bind_null(st, 8);
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

static enum bp_err run_log(struct job *job, struct db *db)
{
    job->ans.status = 204;
    return access_log_write(db, job->payload);
}

static void release_log(struct job *job)
{
    free(job->payload);
    job->payload = NULL;
}

void api_access_log(struct http_req *r, const struct resource *res, const char *action,
                    long long row_id, long long rows, struct str detail)
{
    if (rows <= 0 || r->method == HTTP_HEAD)
        return;
    struct access_entry *a = access_log_entry(r, res, action, detail);
    struct job *job = a ? job_new(JOB_WRITER, run_log, a, release_log) : NULL;
    if (!job) {
        /* out of memory: the viewing goes unlogged, and says so */
        free(a);
        fprintf(stderr, "bpmc: access_log: out of memory, a %s of %s was not logged\n", action,
                res->name);
        return;
    }
    a->row_id = row_id;
    a->rows = rows;
    http_submit_detached(r, job);
}
