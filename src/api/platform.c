/*
 * platform: health, readiness, metrics, the OpenAPI document and the start page.
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

static const char index_html[] =
    "<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>bpmc · 고양 바이오 정밀의료클러스터</title>"
    "<style>body{font-family:system-ui,'Noto Sans CJK KR',sans-serif;max-width:46rem;margin:3rem auto;"
    "padding:0 1rem;line-height:1.6;color:#1b1f24}code{background:#f2f4f7;padding:.1rem .3rem}"
    "a{color:#0b5cad}</style></head><body>"
    "<h1>bpmc <small>고양 바이오 정밀의료클러스터 운영 플랫폼</small></h1>"
    "<p lang=\"en\">Operating platform of the Goyang Bio Precision Medicine Cluster.</p>"
    "<p>API: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> · "
    "<a href=\"/api/v1/orgs?limit=20\">기관 목록 / organisations</a> · "
    "<a href=\"/api/v1/capabilities\">역량 / capabilities</a> · "
    "<a href=\"/api/v1/needs\">수요 / needs</a> · "
    "<a href=\"/api/v1/tags?limit=200\">분야 / fields</a> · "
    "<a href=\"/healthz\">healthz</a> · <a href=\"/metrics\">metrics</a></p>"
    "<p>로그인: <code>POST /api/v1/session</code> with <code>{\"email\",\"password\"}</code>; "
    "변경 요청에는 <code>X-CSRF-Token</code> 헤더가 필요합니다.</p>"
    "</body></html>\n";

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

void api_index(struct http_req *r)
{
    http_reply(r, 200, "text/html; charset=utf-8", (struct str){index_html, sizeof(index_html) - 1});
}
