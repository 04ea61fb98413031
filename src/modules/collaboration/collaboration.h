/*
 * collaboration: requests on matches, collaborations, agreements, meetings, action items and
 * the value chain (org-links, a directory collection), and explained matching of needs to
 * capabilities.
 */
#ifndef BP_MODULE_COLLABORATION_H
#define BP_MODULE_COLLABORATION_H

#include "engine/http.h"

struct resource;
/* entries.c */
extern const struct resource *const api_collaboration_entries[];
extern const struct resource *const api_value_chain_entries[];

/* matches.c: explained matching between needs and capabilities */
void api_need_matches(struct http_req *r);
void api_capability_matches(struct http_req *r);

/* members.c: the people of a collaboration's two organisations (names only), for its pickers */
void api_collaboration_members(struct http_req *r);

#endif
