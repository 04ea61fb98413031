/*
 * search: GET /api/v1/search?q=&kind=&limit= across every searchable collection, ranked, with
 * snippets, as the caller may see it (core/search.c).
 */
#include "api/api.h"

#include <string.h>

#include "core/limits.h"
#include "core/resource.h"
#include "core/search.h"
#include "core/banned.h"

#define SEARCH_LIMIT_DEFAULT 20
#define SEARCH_LIMIT_MAX 50

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
    enum bp_err e = search_query(http_db(r), q, only, limit, &r->who, r->arena, &r->ans.body);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), 0, version);
    http_reply_json(r, 200);
}
