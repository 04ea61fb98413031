/*
 * directory: organisations of every kind, people, the field taxonomy, capabilities, needs and
 * users; and search across every collection.
 */
#ifndef BP_MODULE_DIRECTORY_H
#define BP_MODULE_DIRECTORY_H

#include "engine/http.h"
#include "engine/resource.h"

struct resource;
/* entries.c */
extern const struct resource *const directory_entries[];
/* The lifecycle stages of orgs.stage (basic-research ... commercialization), with labels. */
extern const struct enum_value directory_stages[];

/* search.c: GET /api/v1/search */
void api_search(struct http_req *r);

#endif
