/*
 * collections: the generic handlers that turn every resource entry into a REST collection.
 * Reads run inline on the loop against its read-only connection and are cached by data version
 * and visibility scope; exports run on a worker; writes are validated here and committed by the
 * writer, with Idempotency-Key replay and an audit row. Answers that carry personal data to a
 * signed-in caller are logged in access_log (access_log.c), cached ones too.
 */
#include "engine/collections.h"
#include "engine/access_log.h"

#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "db/dialect.h"
#include "engine/resource.h"
#include "base/banned.h"

/* What a request does with a collection: the collection's routes, or one row's. */
enum use { USE_LIST, USE_CREATE, USE_ROW_READ, USE_ROW_WRITE };

static bool row_id(struct http_req *r, long long *id);

/* Whether who sees row id of res (false when absent, invisible or on a failed read). */
static bool row_seen(struct http_req *r, const struct resource *res, long long id)
{
    struct buf row;
    long long version;
    buf_init(&row, r->arena, 1 << 22);
    return resource_get(http_db(r), res, id, &r->who, 0, &row, &version) == BP_OK;
}

/* The collection named in the path, checked against who may read and write it; NULL after
 * answering. A row of a collection the caller may not read, or that they may not see in one
 * they may read, answers 404 as an absent row does ("absent or invisible to you"); 403 is for
 * what the caller sees but may not do (create in it, change a row of it). */
static const struct resource *collection(struct http_req *r, enum use use)
{
    const struct resource *res = resource_find(r->params[0].ptr, r->params[0].len);
    bool writing = use == USE_CREATE || use == USE_ROW_WRITE;
    bool row = use == USE_ROW_READ || use == USE_ROW_WRITE;
    long long id;
    struct problem p;
    problem_init(&p);
    if (!res) {
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 컬렉션입니다", "no such collection");
    } else if (!access_may_read(res, &r->who) && row && r->who.user_id) {
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
    } else if (!access_may_read(res, &r->who)) {
        p.err = r->who.user_id ? BP_ERR_FORBIDDEN : BP_ERR_UNAUTHENTICATED;
    } else if (writing && (res->flags & R_READONLY)) {
        problem_set(&p, BP_ERR_METHOD, "읽기 전용 컬렉션입니다", "this collection is read-only");
    } else if (use == USE_ROW_WRITE && (!row_id(r, &id) || !row_seen(r, res, id))) {
        /* before the body is read: nothing of an invisible row shows through a 403 or a 422 */
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
    } else if (writing && !resource_may_write(res, &r->who)) {
        problem_set(&p, BP_ERR_FORBIDDEN, "변경할 권한이 없습니다", "you may not change this");
    } else {
        return res;
    }
    http_reply_problem(r, &p);
    return NULL;
}

/* The row id in the path; false when it names no row (the caller answers 404). */
static bool row_id(struct http_req *r, long long *id)
{
    return str_to_i64(r->params[1], 1, INT64_MAX, id);
}

static void reply_no_row(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
    http_reply_problem(r, &p);
}

/* --- exports on a worker --- */

struct export_job {
    const struct resource *res;
    struct list_query q;
    struct principal who;
    struct arena arena;       /* holds the query's slices */
    struct access_entry *log; /* NULL: nothing personal to log */
    char disposition[160];
};

/* On the writer, after run_export: the export is handed over only once its log row is
 * committed (a failed commit turns the answer into a problem). */
static enum bp_err run_export_log(struct job *job, struct db *db)
{
    struct export_job *x = job->payload;
    enum bp_err e = access_log_write(db, x->log);
    if (e) {
        job->ans.nheaders = 0;
        (void)job_fail(job, e);
    }
    return e;
}

static enum bp_err run_export(struct job *job, struct db *db)
{
    struct export_job *x = job->payload;
    struct problem p;
    problem_init(&p);
    bool personal = false;
    enum bp_err e = x->log ? access_log_count(db, x->log, &x->q, &personal) : BP_OK;
    if (!e)
        e = resource_export(db, x->res, &x->q, &x->who, &job->ans.body, &p);
    if (e) {
        if (!p.err)
            p.err = e;
        job_problem(job, &p);
        return e;
    }
    job->ans.status = 200;
    bool xlsx = x->q.format == EXPORT_XLSX;
    job->ans.content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                 : "text/csv; charset=utf-8";
    snprintf(x->disposition, sizeof(x->disposition), "attachment; filename=\"%s.%s\"",
             x->res->name, xlsx ? "xlsx" : "csv");
    http_add_header(&job->ans, "content-disposition", str_from(x->disposition));
    if (personal) {
        job->run = run_export_log;
        job->where = JOB_WRITER;
        job->rerun = true;
    }
    return BP_OK;
}

static void release_export(struct job *job)
{
    struct export_job *x = job->payload;
    arena_release(&x->arena);
    free(x->log);
    free(x);
}

/* Copy the query's slices into the job's own arena: the request may be gone when it runs. */
static bool export_copy_query(struct export_job *x, const struct list_query *q)
{
    x->q = *q;
    for (size_t i = 0; i < q->nfilters; i++) {
        x->q.filter_values[i].ptr = arena_strndup(&x->arena, q->filter_values[i].ptr, q->filter_values[i].len);
        if (!x->q.filter_values[i].ptr)
            return false;
    }
    x->q.q.ptr = q->q.ptr ? arena_strndup(&x->arena, q->q.ptr, q->q.len) : NULL;
    x->q.cursor.ptr = q->cursor.ptr ? arena_strndup(&x->arena, q->cursor.ptr, q->cursor.len) : NULL;
    return (!q->q.ptr || x->q.q.ptr) && (!q->cursor.ptr || x->q.cursor.ptr);
}

static void start_export(struct http_req *r, const struct resource *res, const struct list_query *q)
{
    struct export_job *x = calloc(1, sizeof(*x));
    struct job *job = x ? job_new(JOB_WORKER, run_export, x, release_export) : NULL;
    if (!job) {
        free(x);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    arena_init(&x->arena, LIMIT_QUERY_STRING * 4);
    x->res = res;
    x->who = r->who;
    bool logged = access_log_applies(res, &r->who);
    if (logged)
        x->log = access_log_entry(r, res, "export", r->query);
    bool copied = export_copy_query(x, q);
    if (x->q.lang == EXPORT_LANG_DEFAULT) /* labels in the language the caller reads */
        x->q.lang = r->english ? EXPORT_LANG_EN : EXPORT_LANG_KO;
    if (!copied || (logged && !x->log)) {
        release_export(job);
        job->payload = NULL;
        job->release = NULL;
        http_reply_error(r, BP_ERR_NOMEM);
        free(job);
        return;
    }
    http_submit(r, job);
}

/* --- reads --- */

static void add_allow(struct http_req *r, const struct resource *res, const struct str *row);

void api_list(struct http_req *r)
{
    const struct resource *res = collection(r, USE_LIST);
    if (!res)
        return;
    struct problem p;
    problem_init(&p);
    struct list_query q;
    if (resource_parse_query(res, r->query, r->arena, &q, &p)) {
        http_reply_problem(r, &p);
        return;
    }
    if (q.format != EXPORT_JSON) {
        start_export(r, res, &q);
        return;
    }
    /* One cache entry per page as this caller's scope sees it, one per total. */
    char scope[48];
    principal_scope_key(&r->who, scope, sizeof(scope));
    unsigned long long version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'L', &key);
    struct str cached;
    long long personal = 0; /* rows of the page carrying personal data: cached with it */
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, &personal)) {
        add_allow(r, res, NULL);
        http_reply(r, 200, "application/json; charset=utf-8", cached);
        api_access_log(r, res, "list", 0, personal, r->query);
        return;
    }
    struct buf count_key;
    buf_init(&count_key, r->arena, 1 << 16);
    (void)buf_addf(&count_key, "C%s\x1f", scope);
    long long total = -1;
    enum bp_err e = resource_count_key(res, &q, &r->who, &count_key);
    struct str unused;
    if (!e && http_cache_get(r, buf_str(&count_key), &unused, &total) == false)
        total = -1;
    bool counted = total < 0;
    e = e ? e : resource_list(http_db(r), res, &q, &r->who, r->arena, &r->ans.body, &total, &p);
    if (e) {
        if (!p.err)
            p.err = e;
        http_reply_problem(r, &p);
        return;
    }
    if (counted)
        http_cache_put(r, buf_str(&count_key), STR_NULL, total, version);
    if (access_log_applies(res, &r->who))
        personal = access_log_rows(res, buf_str(&r->ans.body), true);
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), personal, version);
    add_allow(r, res, NULL);
    http_reply_json(r, 200);
    api_access_log(r, res, "list", 0, personal, r->query);
}

/* Allow: what the caller may do with the collection (row NULL) or with the row (its JSON),
 * from the rules the writes enforce (resource_allows); the web offers exactly these. */
static void add_allow(struct http_req *r, const struct resource *res, const struct str *row)
{
    unsigned a = row ? resource_row_allows(res, &r->who, row->ptr, row->len)
                     : resource_allows(res, &r->who, NULL);
    char *text = arena_alloc(r->arena, 32);
    if (!text)
        return;
    resource_allow_text(a, text, 32);
    http_add_header(&r->ans, "allow", str_from(text));
}

static void add_etag(struct http_answer *a, struct arena *arena, long long version)
{
    char *etag = arena ? arena_alloc(arena, 32) : NULL;
    if (!etag)
        return;
    snprintf(etag, 32, "\"%lld\"", version);
    http_add_header(a, "etag", str_from(etag));
}

/* 200 with the row and its ETag, or 304 when the caller already holds this version (a viewing
 * too: logged like the 200). */
static void answer_row(struct http_req *r, const struct resource *res, long long id, struct str row,
                       long long version)
{
    long long personal = access_log_applies(res, &r->who) ? access_log_rows(res, row, false) : 0;
    api_access_log(r, res, "read", id, personal, STR_NULL);
    add_etag(&r->ans, r->arena, version);
    add_allow(r, res, &row);
    long long held;
    struct str inm = r->if_none_match;
    if (inm.len > 2 && inm.ptr[0] == 'W' && inm.ptr[1] == '/')
        inm.ptr += 2, inm.len -= 2;
    if (inm.len > 2 && inm.ptr[0] == '"' && inm.ptr[inm.len - 1] == '"' &&
        str_to_i64((struct str){inm.ptr + 1, inm.len - 2}, 1, INT64_MAX, &held) && held == version) {
        http_reply(r, 304, "application/json; charset=utf-8", STR_LIT(""));
        return;
    }
    http_reply(r, 200, "application/json; charset=utf-8", row);
}

void api_get(struct http_req *r)
{
    const struct resource *res = collection(r, USE_ROW_READ);
    long long id, version;
    if (!res)
        return;
    if (!row_id(r, &id)) {
        reply_no_row(r);
        return;
    }
    struct problem p;
    problem_init(&p);
    struct list_query q;
    /* only ?expand= is meaningful here; the list parser checks it for us */
    if (resource_parse_query(res, r->query, r->arena, &q, &p)) {
        http_reply_problem(r, &p);
        return;
    }
    /* Cached like pages: by data version and the caller's scope; the version rides along. */
    unsigned long long data_version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'G', &key);
    struct str cached;
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, &version)) {
        answer_row(r, res, id, cached, version);
        return;
    }
    enum bp_err e = resource_get(http_db(r), res, id, &r->who, q.expand, &r->ans.body, &version);
    if (e) {
        if (e == BP_ERR_NOT_FOUND)
            problem_set(&p, e, "없는 항목입니다", "no such record");
        else
            p.err = e;
        http_reply_problem(r, &p);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), version, data_version);
    answer_row(r, res, id, buf_str(&r->ans.body), version);
}

/* --- writes --- */

struct write_job {
    struct write_op op;
    char *idem_key;
    char *reveal; /* a JSON member shown once in the answer (a new API token), never stored */
    char request_hash[crypto_hash_sha256_BYTES * 2 + 1];
    char location[128];
    char etag[32];
};

static void release_write(struct job *job)
{
    struct write_job *w = job->payload;
    write_op_free(&w->op);
    free(w->idem_key);
    if (w->reveal)
        sodium_memzero(w->reveal, strlen(w->reveal));
    free(w->reveal);
    free(w);
}

/* The advisory lock of a caller's Idempotency-Key (FNV-1a of the user and the key). */
static long long idempotency_lock(long long user, const char *key)
{
    unsigned long long h = 1469598103934665603ULL ^ (unsigned long long)user;
    for (const char *c = key; *c; c++)
        h = (h ^ (unsigned char)*c) * 1099511628211ULL;
    return (long long)(h >> 1);
}

/* A retry with the same key: answer what was answered the first time. Two requests with one key
 * at once (two writers: PostgreSQL) take turns on the key's lock, so the second reads the
 * first's answer here once it is committed, rather than meet its row in the unique index. */
static bool idempotent_replay(struct job *job, struct db *db, struct write_job *w, struct problem *p,
                              enum bp_err *e)
{
    struct db_stmt *st;
    *e = db_run(db, NULL, DIALECT_SQL("SELECT {lock:?1}"), "i",
                idempotency_lock(w->op.who.user_id, w->idem_key));
    if (*e)
        return true;
    *e = db_prepare(db,
                    "SELECT request_hash, status, location, body FROM idempotency "
                    "WHERE user_id=?1 AND key=?2",
                    &st);
    if (*e)
        return true;
    db_bind_int(st, 1, w->op.who.user_id);
    db_bind_text(st, 2, w->idem_key, strlen(w->idem_key));
    bool found = db_step(st) == DB_ROW;
    if (found) {
        if (strcmp(db_column_text(st, 0, NULL), w->request_hash) != 0) {
            problem_set(p, BP_ERR_CONFLICT,
                        "같은 Idempotency-Key가 다른 요청에 이미 쓰였습니다",
                        "this Idempotency-Key was used for a different request");
            job_problem(job, p);
            *e = BP_ERR_CONFLICT;
        } else {
            size_t len;
            const char *body = db_column_text(st, 3, &len);
            job->ans.status = (int)db_column_int(st, 1);
            job->ans.content_type = "application/json; charset=utf-8";
            (void)buf_add(&job->ans.body, body, len);
            snprintf(w->location, sizeof(w->location), "%s", db_column_text(st, 2, NULL));
            http_add_header(&job->ans, "location", str_from(w->location));
            http_add_header(&job->ans, "idempotent-replayed", STR_LIT("true"));
            *e = BP_OK;
        }
    }
    db_reset(st);
    return found;
}

static enum bp_err idempotency_store(struct db *db, struct write_job *w, struct job *job)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "INSERT INTO idempotency(user_id,key,request_hash,status,location,"
                               "body,created_at) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, w->op.who.user_id);
    db_bind_text(st, 2, w->idem_key, strlen(w->idem_key));
    db_bind_text(st, 3, w->request_hash, strlen(w->request_hash));
    db_bind_int(st, 4, job->ans.status);
    db_bind_text(st, 5, w->location, strlen(w->location));
    db_bind_text(st, 6, job->ans.body.data, job->ans.body.len);
    db_bind_int(st, 7, (long long)time(NULL));
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

static enum bp_err run_write(struct job *job, struct db *db)
{
    struct write_job *w = job->payload;
    struct problem p;
    problem_init(&p);
    enum bp_err e;
    if (w->idem_key && idempotent_replay(job, db, w, &p, &e))
        return e;
    long long id = 0, version = 0;
    e = resource_apply(db, &w->op, &job->ans.body, &id, &version, &p);
    if (e) {
        if (!p.err)
            p.err = e;
        job_problem(job, &p);
        return e;
    }
    job->ans.content_type = "application/json; charset=utf-8";
    if (w->op.kind == WRITE_DELETE) {
        job->ans.status = 204;
        buf_reset(&job->ans.body);
        return BP_OK;
    }
    snprintf(w->etag, sizeof(w->etag), "\"%lld\"", version);
    http_add_header(&job->ans, "etag", str_from(w->etag));
    job->ans.status = w->op.kind == WRITE_CREATE ? 201 : 200;
    if (w->op.kind == WRITE_CREATE) {
        snprintf(w->location, sizeof(w->location), "/api/v1/%s/%lld", w->op.res->name, id);
        http_add_header(&job->ans, "location", str_from(w->location));
    }
    /* a replay answers the row, never again the secret shown once */
    if (w->idem_key && (e = idempotency_store(db, w, job)))
        return e;
    if (w->reveal && job->ans.body.len > 1) { /* {"id":...} -> {"token":"...","id":...} */
        struct buf b;
        buf_init(&b, NULL, job->ans.body.len + strlen(w->reveal) + 2);
        (void)buf_addch(&b, '{');
        (void)buf_adds(&b, w->reveal);
        (void)buf_addch(&b, ',');
        (void)buf_add(&b, job->ans.body.data + 1, job->ans.body.len - 1);
        if (b.failed) {
            buf_release(&b);
            return BP_ERR_NOMEM;
        }
        buf_release(&job->ans.body);
        job->ans.body = b;
    }
    return BP_OK;
}

static void submit_write(struct http_req *r, struct write_job *w)
{
    struct job *job = job_new(JOB_WRITER, run_write, w, release_write);
    if (!job) {
        write_op_free(&w->op);
        free(w->idem_key);
        free(w);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_submit(r, job);
}

/* Whether r's Idempotency-Key (if any) is well-formed; else answered 400. */
static bool idem_key_ok(struct http_req *r)
{
    struct str key = r->idempotency_key;
    bool key_ok = key.len > 0 && key.len <= LIMIT_IDEMPOTENCY_KEY;
    for (size_t i = 0; key_ok && i < key.len; i++)
        key_ok = key.ptr[i] > 0x20 && key.ptr[i] < 0x7f;
    if (key.ptr && !key_ok) {
        struct problem p;
        problem_init(&p);
        problem_field(&p, BP_ERR_MALFORMED, "Idempotency-Key",
                      "Idempotency-Key는 1~200자의 인쇄 가능한 ASCII여야 합니다",
                      "Idempotency-Key must be 1 to 200 printable ASCII characters");
        http_reply_problem(r, &p);
        return false;
    }
    return true;
}

/* Attach r's Idempotency-Key and the request's hash to w; false when out of memory. */
static bool idem_attach(struct http_req *r, struct write_job *w)
{
    struct str key = r->idempotency_key;
    if (!key.ptr)
        return true;
    w->idem_key = malloc(key.len + 1);
    if (!w->idem_key)
        return false;
    memcpy(w->idem_key, key.ptr, key.len);
    w->idem_key[key.len] = '\0';
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_state s;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, (const unsigned char *)r->path.ptr, r->path.len);
    crypto_hash_sha256_update(&s, (const unsigned char *)"\n", 1);
    crypto_hash_sha256_update(&s, (const unsigned char *)r->body.ptr, r->body.len);
    crypto_hash_sha256_final(&s, h);
    sodium_bin2hex(w->request_hash, sizeof(w->request_hash), h, sizeof(h));
    return true;
}

void api_write(struct http_req *r, struct write_op *op, const char *reveal)
{
    if (op->kind == WRITE_CREATE && !idem_key_ok(r)) {
        write_op_free(op);
        return;
    }
    struct write_job *w = calloc(1, sizeof(*w));
    char *copy = reveal ? strdup(reveal) : NULL;
    if (!w || (reveal && !copy) || (op->kind == WRITE_CREATE && !idem_attach(r, w))) {
        write_op_free(op);
        if (w)
            free(w->idem_key);
        free(w);
        free(copy);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    w->op = *op; /* the values' memory moves with it */
    w->reveal = copy;
    op->n = 0;
    submit_write(r, w);
}

static struct write_job *validated(struct http_req *r, const struct resource *res,
                                   enum write_kind kind)
{
    struct problem p;
    problem_init(&p);
    struct write_job *w = calloc(1, sizeof(*w));
    if (!w) {
        http_reply_error(r, BP_ERR_NOMEM);
        return NULL;
    }
    if (kind != WRITE_DELETE) {
        enum bp_err e = resource_validate(res, kind, r->body.ptr, r->body.len, &w->op, &p);
        w->op.kind = kind;
        w->op.who = r->who; /* references are checked as the caller sees them */
        if (e != BP_ERR_MALFORMED && resource_check_rights(res, &w->op, &r->who, &p) == BP_ERR_FORBIDDEN) {
            write_op_free(&w->op);
            free(w);
            http_reply_problem(r, &p);
            return NULL;
        }
        if (e != BP_ERR_MALFORMED && resource_check_refs(http_db(r), &w->op, &p) == BP_ERR_DB)
            p.err = BP_ERR_DB;
        if (p.err) {
            write_op_free(&w->op);
            free(w);
            http_reply_problem(r, &p);
            return NULL;
        }
    }
    w->op.res = res;
    w->op.kind = kind;
    w->op.who = r->who;
    return w;
}

/* If-Match: "N" or W/"N"; false when it does not name a version. */
static bool parse_if_match(struct str v, long long *version)
{
    if (v.len > 2 && v.ptr[0] == 'W' && v.ptr[1] == '/')
        v.ptr += 2, v.len -= 2;
    if (v.len < 3 || v.ptr[0] != '"' || v.ptr[v.len - 1] != '"')
        return false;
    return str_to_i64((struct str){v.ptr + 1, v.len - 2}, 1, INT64_MAX, version);
}

void api_create(struct http_req *r)
{
    const struct resource *res = collection(r, USE_CREATE);
    if (!res || !idem_key_ok(r))
        return;
    struct write_job *w = validated(r, res, WRITE_CREATE);
    if (!w)
        return;
    if (!idem_attach(r, w)) {
        write_op_free(&w->op);
        free(w);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    submit_write(r, w);
}

/* The If-Match that names no version, or not the current one: 412, nothing changed. */
static void reply_stale(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_STALE, "If-Match가 현재 버전과 다릅니다",
                "If-Match does not match the current version");
    http_reply_problem(r, &p);
}

/* Validate the body and queue the update or delete of row id at version (0: any). */
static void submit_change(struct http_req *r, const struct resource *res, enum write_kind kind,
                          long long id, long long version)
{
    struct write_job *w = validated(r, res, kind);
    if (!w)
        return;
    w->op.id = id;
    w->op.expect_version = version;
    submit_write(r, w);
}

void api_patch(struct http_req *r)
{
    const struct resource *res = collection(r, USE_ROW_WRITE);
    long long id, version;
    if (!res)
        return;
    if (!row_id(r, &id)) {
        reply_no_row(r);
        return;
    }
    if (!r->if_match.ptr) {
        struct problem p;
        problem_init(&p);
        problem_set(&p, BP_ERR_PRECONDITION_REQUIRED,
                    "If-Match 헤더에 마지막으로 읽은 ETag를 보내세요",
                    "send the ETag you last read in If-Match");
        http_reply_problem(r, &p);
        return;
    }
    if (!parse_if_match(r->if_match, &version)) {
        reply_stale(r);
        return;
    }
    submit_change(r, res, WRITE_UPDATE, id, version);
}

void api_delete(struct http_req *r)
{
    const struct resource *res = collection(r, USE_ROW_WRITE);
    long long id, version = 0;
    if (!res)
        return;
    if (!row_id(r, &id)) {
        reply_no_row(r);
        return;
    }
    if (r->if_match.ptr && !parse_if_match(r->if_match, &version)) {
        reply_stale(r);
        return;
    }
    submit_change(r, res, WRITE_DELETE, id, version);
}

bool api_modules_allow(struct str modules, const char *module)
{
    if (modules.len <= 2 || !module) /* "" or "[]": all */
        return true;
    char quoted[64];
    int n = snprintf(quoted, sizeof(quoted), "\"%s\"", module);
    if (n <= 0 || (size_t)n >= sizeof(quoted))
        return false;
    for (size_t i = 0; i + (size_t)n <= modules.len; i++)
        if (memcmp(modules.ptr + i, quoted, (size_t)n) == 0)
            return true;
    return false;
}

bool api_token_allows(const struct http_req *r, const char *module)
{
    return !r->bearer.len || api_modules_allow(r->token_modules, module);
}
