/*
 * routes: THE route table and its dispatcher. Each row says method, pattern, handler, who may
 * call it and what body it takes; the dispatcher enforces those columns (404, 405, 401, 403,
 * 413, 415) once, before any handler runs.
 */
#ifndef BP_ROUTES_H
#define BP_ROUTES_H

#include "engine/http.h"

enum route_auth {
    AUTH_ANY,      /* anyone; the handler may still narrow what it shows */
    AUTH_USER,     /* a signed-in user; CSRF token on cookie-authenticated changes */
    AUTH_OPERATOR, /* operator-admin or operator-staff */
};

enum route_body { BODY_NONE, BODY_JSON, BODY_RAW /* any type: uploads */ };

struct route {
    unsigned methods;
    const char *pattern; /* literal segments, ":name" captures, a final "*" for the rest */
    void (*handler)(struct http_req *r);
    enum route_auth auth;
    enum route_body body;
    const char *operation_id; /* its row in http/openapi_routes.c; NULL: not the API (pages) */
};

/* Match, enforce and run. Answers 404/405/401/403/415 itself. */
void routes_dispatch(struct http_req *r);
/* The number of rows, and a row's pattern, for metrics. */
size_t routes_count(void);
/* Row i of the table (NULL past the end), for the OpenAPI document. */
const struct route *routes_row(size_t i);
const char *routes_pattern(size_t i);
/* Index of a matched pattern (r->route), or routes_count() for none. */
size_t routes_index(const char *pattern);

#endif
