/*
 * search: GET /api/v1/search?q=&kind=&limit= across every searchable collection, ranked, with
 * snippets, as the caller may see it (core/search.c). A cached answer is sent from the loop; an
 * uncached one is computed on a worker, so that no query holds up the loop's other requests
 * (issue #10 item 6: a long Korean query costs milliseconds even on the demo's index). The
 * answer then goes into the loop's cache.
 */
#include "modules/directory/directory.h"

#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "engine/collections.h"
#include "engine/resource.h"
#include "engine/search.h"
#include "base/banned.h"

/* Up to this many indexed rows an uncached search runs on the loop; beyond, on a worker. 0: a
 * search costs 1 to 4 ms of CPU even on the demo's 300 rows (q of 3 to 170 bytes, 2026-12-07),
 * which is a loop's whole latency budget, and anonymous callers can send them by the dozen a
 * second. BPMC_SEARCH_INLINE_ROWS overrides it (tests compare both ways). */
#define SEARCH_INLINE_ROWS 0

static long long inline_rows(void)
{
    const char *v = getenv("BPMC_SEARCH_INLINE_ROWS");
    char *end = NULL;
    long long n = v && *v ? strtoll(v, &end, 10) : SEARCH_INLINE_ROWS;
    return end && *end ? SEARCH_INLINE_ROWS : n;
}

/* --- on a worker --- */

struct search_job {
    struct principal who;
    const struct resource *only;
    long long limit;
    unsigned long long version; /* of the data when asked: keys the cached answer */
    struct arena arena;         /* the query's working memory */
    struct str q, key;          /* in arena */
};

static enum bp_err run_search(struct job *job, struct db *db)
{
    struct search_job *s = job->payload;
    enum bp_err e = search_query(db, s->q, s->only, s->limit, &s->who, &s->arena, &job->ans.body);
    if (e)
        return job_fail(job, e);
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

/* Runs on the loop that asked, once the answer has gone out (or the request went away): the
 * answer joins that loop's cache, as an answer computed on the loop would. The cache needs no
 * more of a request than its loop. */
static void release_search(struct job *job)
{
    struct search_job *s = job->payload;
    if (job->ans.status == 200 && s->key.len) {
        struct http_req home = {.loop = job->loop};
        http_cache_put(&home, s->key, buf_str(&job->ans.body), 0, s->version);
    }
    arena_release(&s->arena);
    free(s);
}

static void start_search(struct http_req *r, struct str q, const struct resource *only,
                         long long limit, const struct buf *key, unsigned long long version)
{
    struct search_job *s = calloc(1, sizeof(*s));
    struct job *job = s ? job_new(JOB_WORKER, run_search, s, release_search) : NULL;
    if (!job) {
        free(s);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    arena_init(&s->arena, LIMIT_ARENA_BYTES);
    s->who = r->who;
    s->only = only;
    s->limit = limit;
    s->version = version;
    s->q = (struct str){arena_strndup(&s->arena, q.ptr ? q.ptr : "", q.len), q.len};
    if (!key->failed)
        s->key = (struct str){arena_strndup(&s->arena, key->data, key->len), key->len};
    if (!s->q.ptr || (!key->failed && !s->key.ptr)) {
        s->key = STR_NULL;
        job_free(job); /* releases s; nothing cached: the answer is not there */
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_submit(r, job);
}

void api_search(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    struct str q = STR_NULL, query = r->query;
    const struct resource *only = NULL;
    long long limit = SEARCH_LIMIT_DEFAULT;
    bool seen_q = false, seen_kind = false, seen_limit = false;
    while (query.ptr && query.len && !p.err) {
        struct str pair, key, raw, v;
        query = str_cut(query, '&', &pair);
        if (!pair.len)
            continue;
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v)) {
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다", "bad percent-encoding or UTF-8");
        } else if (str_eq_c(key, "q") && !seen_q) {
            seen_q = true;
            q = v;
            if (q.len > LIMIT_QUERY_TEXT)
                problem_field(&p, BP_ERR_BAD_QUERY, "q", "검색어가 너무 깁니다 (최대 200바이트)",
                              "the query is too long (at most 200 bytes)");
        } else if (str_eq_c(key, "kind") && !seen_kind) {
            seen_kind = true;
            only = resource_find(v.ptr, v.len);
            if (!only || !search_indexed(only))
                problem_field(&p, BP_ERR_BAD_QUERY, "kind", "검색할 수 없는 컬렉션입니다",
                              "not a searchable collection");
        } else if (str_eq_c(key, "limit") && !seen_limit) {
            seen_limit = true;
            if (!str_to_i64(v, 1, SEARCH_LIMIT_MAX, &limit))
                problem_field(&p, BP_ERR_BAD_QUERY, "limit", "limit은 1에서 50 사이여야 합니다",
                              "limit must be between 1 and 50");
        } else {
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "알 수 없거나 중복된 매개변수입니다 (q, kind, limit)",
                          "unknown or repeated parameter (q, kind, limit)");
        }
    }
    if (!p.err && !seen_q)
        problem_field(&p, BP_ERR_BAD_QUERY, "q", "검색어(q)가 필요합니다", "q is required");
    /* a token limited to modules searches only their collections: name one with kind= */
    for (const struct resource *const *c = resource_all(); !p.err && !only && *c; c++)
        if (search_indexed(*c) && !api_token_allows(r, resource_module(*c)))
            problem_set(&p, BP_ERR_FORBIDDEN,
                        "이 API 토큰의 모듈 밖 컬렉션도 검색됩니다: kind=로 컬렉션을 고르세요",
                        "this API token is limited to some modules: choose a collection with kind=");
    if (!p.err && only && !api_token_allows(r, resource_module(only)))
        problem_set(&p, BP_ERR_FORBIDDEN, "이 API 토큰의 모듈 밖 컬렉션입니다",
                    "this collection is outside the API token's modules");
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    /* answers are cached like list pages: by data version and the caller's scope */
    unsigned long long version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'S', &key);
    struct str cached;
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, NULL)) {
        http_reply(r, 200, "application/json; charset=utf-8", cached);
        return;
    }
    if (search_may_be_slow(http_db(r), inline_rows())) {
        start_search(r, q, only, limit, &key, version);
        return;
    }
    enum bp_err e = search_query(http_db(r), q, only, limit, &r->who, r->arena, &r->ans.body);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), 0, version);
    http_reply_json(r, 200);
}
