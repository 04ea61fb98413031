/*
 * collections: the engine's generic HTTP face. Every registered entry gets list, get, create,
 * patch and delete through these handlers (the route table names them once for all); module
 * handlers that validate a change themselves hand it on with collections_write.
 */
#ifndef BP_COLLECTIONS_H
#define BP_COLLECTIONS_H

#include "engine/http.h"

/* GET/POST /api/v1/{collection}, GET/PATCH/DELETE /api/v1/{collection}/{id} */
void api_list(struct http_req *r);
void api_get(struct http_req *r);
void api_create(struct http_req *r);
void api_patch(struct http_req *r);
void api_delete(struct http_req *r);

struct write_op;
/* Hand a validated change to the writer; the answer is the engine's (201 + Location, 200, 204
 * or a problem). Takes what op owns. reveal, when not NULL, is a JSON member ("key":"value")
 * added to this one answer only (a secret shown once), never stored. */
void api_write(struct http_req *r, struct write_op *op, const char *reveal);

/* Record a last use without waiting for it: sql's ?1 gets the time now (unix seconds), ?2
 * key. sql must be a constant. */
void api_note_use(struct http_req *r, const char *sql, const char *key);

/* Whether r's API token (if any) may reach the rows of module: tokens limited to some modules
 * reach only theirs; sessions and unlimited tokens reach all. */
bool api_token_allows(const struct http_req *r, const char *module);
/* The same over a token's modules (a JSON array of names; empty: all). */
bool api_modules_allow(struct str modules, const char *module);

#endif
