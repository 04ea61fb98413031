/*
 * openapi_routes: the OpenAPI text of the route table. Each row of http/routes.c names an
 * operation; this adds every operation to the engine's document (resource_openapi): the
 * hand-written routes whole (summary, parameters, request body, answers), the engine's
 * collection operations their operationId, summary and security, and the security schemes.
 */
#ifndef BP_OPENAPI_ROUTES_H
#define BP_OPENAPI_ROUTES_H

#include <jansson.h>
#include <stddef.h>

#include "base/err.h"

/* Add the route table's operations, components and security schemes to doc (the engine's
 * document, changed in place). BP_ERR_INVALID, with the reason in why, when a route names an
 * operation that has no row, a row is used by no route, an operationId repeats, a schema does
 * not parse or a path parameter has no schema: start-up stops on it. BP_ERR_NOMEM. */
BP_MUST_USE enum bp_err openapi_routes_add(json_t *doc, char *why, size_t why_size);

#endif
