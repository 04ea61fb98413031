/*
 * platform: the answers of the platform itself: health, metrics, the OpenAPI document, the
 * embedded web application and the problem types' documents.
 */
#ifndef BP_PLATFORM_H
#define BP_PLATFORM_H

#include "engine/http.h"

/* platform.c */
void api_healthz(struct http_req *r);
void api_readyz(struct http_req *r);
void api_metrics(struct http_req *r);
void api_openapi(struct http_req *r);
/* Build the cached OpenAPI document (at start-up). */
BP_MUST_USE enum bp_err api_openapi_build(void);
/* The document api_openapi_build made (empty before it ran). */
struct str api_openapi_text(void);
/* web.c: the embedded web application */
void api_index(struct http_req *r);
void api_asset(struct http_req *r);
/* The problem document of a problem type (h2o's own 413 is answered with it). */
void api_problem_doc(struct http_req *r);

#endif
