/*
 * platform: health, readiness, metrics, the OpenAPI document and problem documents.
 */
#include "http/platform.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/principal.h"
#include "engine/resource.h"
#include "http/jobs.h"
#include "http/openapi_routes.h"
#include "base/banned.h"

static struct buf openapi_doc;

enum bp_err server_metrics(struct buf *out); /* http/server.c */

enum bp_err api_openapi_build(void)
{
    struct buf engine;
    buf_init(&engine, NULL, 1 << 24);
    enum bp_err e = resource_openapi(&engine);
    json_t *doc = e ? NULL : json_loadb(engine.data, engine.len, 0, NULL);
    buf_release(&engine);
    json_t *paths = json_object_get(doc, "paths");
    if (!paths) {
        json_decref(doc);
        return e ? e : BP_ERR_NOMEM;
    }
    char why[200];
    if ((e = openapi_routes_add(doc, why, sizeof(why)))) {
        if (why[0])
            fprintf(stderr, "bpmc: the OpenAPI document: %s\n", why);
        json_decref(doc);
        return e;
    }
    char *s = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(doc);
    if (!s)
        return BP_ERR_NOMEM;
    buf_init(&openapi_doc, NULL, 1 << 24);
    e = buf_adds(&openapi_doc, s);
    free(s);
    return e;
}

struct str api_openapi_text(void)
{
    return buf_str(&openapi_doc);
}

void api_healthz(struct http_req *r)
{
    http_reply(r, 200, "application/json; charset=utf-8", STR_LIT("{\"status\":\"ok\"}"));
}

void api_readyz(struct http_req *r)
{
    int v; /* a schema is there: SQLite's user_version, PostgreSQL's schema_version */
    if (db_schema_version(http_db(r), &v) != BP_OK || v == 0) {
        http_reply_error(r, BP_ERR_UNAVAILABLE);
        return;
    }
    if (jobs_read_only()) {
        struct problem p;
        problem_init(&p);
        problem_set(&p, BP_ERR_UNAVAILABLE, "데이터베이스가 읽기 전용입니다 (쓰기 불가)",
                    "the database is read-only: writes are refused");
        http_reply_problem(r, &p);
        return;
    }
    http_reply(r, 200, "application/json; charset=utf-8", STR_LIT("{\"status\":\"ready\"}"));
}

/* /metrics tells how busy bpmc is and what fails: operators (signed in or with a token), and
 * the scraper's address (--metrics-from; by default only loopback, "none" for nobody). */
static bool metrics_allowed(const struct http_req *r)
{
    const char *from = server_config()->metrics_from;
    if (principal_is_operator(&r->who))
        return true;
    if (!from)
        return strcmp(r->peer, "127.0.0.1") == 0 || strcmp(r->peer, "::1") == 0;
    return strcmp(from, "none") != 0 && strcmp(r->peer, from) == 0;
}

void api_metrics(struct http_req *r)
{
    if (!metrics_allowed(r)) {
        struct problem p;
        problem_init(&p);
        problem_set(&p, r->who.user_id ? BP_ERR_FORBIDDEN : BP_ERR_UNAUTHENTICATED,
                    "운영자 또는 허용된 주소만 지표를 봅니다", "metrics are for operators and the "
                    "configured address (--metrics-from) only");
        http_reply_problem(r, &p);
        return;
    }
    if (server_metrics(&r->ans.body) != BP_OK) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_reply(r, 200, "text/plain; version=0.0.4", buf_str(&r->ans.body));
}

void api_openapi(struct http_req *r)
{
    r->ans.cache_control = "public, max-age=300";
    http_reply(r, 200, "application/json; charset=utf-8", buf_str(&openapi_doc));
}


void api_problem_doc(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    for (int e = 1; e < BP_ERR__COUNT; e++) {
        if (str_eq_c(r->params[0], err_type((enum bp_err)e))) {
            if (e == BP_ERR_TOO_LARGE)
                problem_set(&p, BP_ERR_TOO_LARGE, "요청 본문이 허용된 크기를 넘습니다",
                            "the request body is larger than allowed");
            else
                p.err = (enum bp_err)e;
            http_reply_problem(r, &p);
            return;
        }
    }
    http_reply_error(r, BP_ERR_NOT_FOUND);
}
