/*
 * web: the web application, embedded in the binary at build time (web/dist, each file with a
 * gzip copy). Hashed assets are cached for a year; index.html is answered for every other
 * non-API path (the app routes in the browser) and never cached. Without a built app, a plain
 * page says what the API offers.
 */
#include "http/platform.h"

#include <string.h>

#include "db/embedded.h"
#include "base/banned.h"

static const struct embedded_file *web_file(const char *name, size_t len)
{
    for (const struct embedded_file *f = web_files; f->name; f++)
        if (strlen(f->name) == len && memcmp(f->name, name, len) == 0)
            return f;
    return NULL;
}

static const char *content_type_of(struct str name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".html", "text/html; charset=utf-8"},     {".svg", "image/svg+xml"},
        {".png", "image/png"},                     {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},                  {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"},     {".webmanifest", "application/manifest+json"},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        size_t n = strlen(types[i].ext);
        if (name.len > n && memcmp(name.ptr + name.len - n, types[i].ext, n) == 0)
            return types[i].type;
    }
    return "application/octet-stream";
}

static bool accepts_gzip(struct http_req *r) { return r->accept_gzip; }

/* Answer with an embedded file (its gzip copy when the client takes it). */
static bool send_file(struct http_req *r, struct str name, const char *cache_control)
{
    char gz[512];
    const struct embedded_file *f = web_file(name.ptr, name.len);
    if (!f || name.len + 4 > sizeof(gz))
        return false;
    const struct embedded_file *z = NULL;
    if (accepts_gzip(r)) {
        memcpy(gz, name.ptr, name.len);
        memcpy(gz + name.len, ".gz", 4);
        z = web_file(gz, name.len + 3);
    }
    r->ans.cache_control = cache_control;
    http_add_header(&r->ans, "vary", STR_LIT("accept-encoding"));
    if (z && z->len < f->len) {
        http_add_header(&r->ans, "content-encoding", STR_LIT("gzip"));
        f = z;
    }
    r->ans.status = 200;
    r->ans.content_type = content_type_of(name);
    r->ans.body_static = (struct str){f->data, f->len}; /* in the binary: no copy */
    return true;
}

void api_asset(struct http_req *r)
{
    struct str name = {r->path.ptr + 1, r->path.len - 1}; /* "assets/index-abc123.js" */
    if (!send_file(r, name, "public, max-age=31536000, immutable"))
        http_reply_error(r, BP_ERR_NOT_FOUND);
}

static const char plain_index[] =
    "<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>bpmc · 고양 바이오 정밀의료클러스터</title></head><body>"
    "<h1>bpmc <small>고양 바이오 정밀의료클러스터 운영 플랫폼</small></h1>"
    "<p lang=\"en\">Operating platform of the Goyang Bio Precision Medicine Cluster. The web "
    "application is not part of this build (run <code>make</code> after "
    "<code>scripts/bootstrap</code>).</p>"
    "<p>API: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a> · "
    "<a href=\"/api/v1/orgs\">/api/v1/orgs</a> · <a href=\"/healthz\">/healthz</a></p>"
    "</body></html>\n";

void api_index(struct http_req *r)
{
    /* Unknown API paths stay API answers. */
    if (str_starts_with(r->path, "/api/") || str_eq_c(r->path, "/api")) {
        struct problem p;
        problem_init(&p);
        problem_set(&p, BP_ERR_NOT_FOUND, "경로를 찾을 수 없습니다", "no such path");
        http_reply_problem(r, &p);
        return;
    }
    if (send_file(r, STR_LIT("index.html"), "no-cache"))
        return;
    r->ans.cache_control = "no-cache";
    http_reply(r, 200, "text/html; charset=utf-8", (struct str){plain_index, sizeof(plain_index) - 1});
}
