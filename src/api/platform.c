/*
 * platform: health, readiness, metrics, the OpenAPI document and problem documents.
 */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>

#include "core/resource.h"
#include "core/banned.h"

static struct buf openapi_doc;

enum bp_err server_metrics(struct buf *out); /* http/server.c */

enum bp_err api_openapi_build(void)
{
    buf_init(&openapi_doc, NULL, 1 << 24);
    return resource_openapi(&openapi_doc);
}

void api_healthz(struct http_req *r)
{
    http_reply(r, 200, "application/json; charset=utf-8", STR_LIT("{\"status\":\"ok\"}"));
}

void api_readyz(struct http_req *r)
{
    long long v;
    if (db_query_int(http_db(r), "SELECT count(*) FROM sqlite_schema", 0, &v) != BP_OK || v == 0) {
        http_reply_error(r, BP_ERR_UNAVAILABLE);
        return;
    }
    http_reply(r, 200, "application/json; charset=utf-8", STR_LIT("{\"status\":\"ready\"}"));
}

void api_metrics(struct http_req *r)
{
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
