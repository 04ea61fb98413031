/*
 * closed: when a resource takes no booking besides its opening hours: the Korean public
 * holidays operators keep (holidays; a resource with closed_on_holidays is closed on them) and
 * the maintenance and blackout periods of one resource (blackouts), written by operators or the
 * resource's managing organisation. docs/facilities.md.
 */
#ifndef BP_MODULE_FACILITIES_CLOSED_H
#define BP_MODULE_FACILITIES_CLOSED_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "base/problem.h"
#include "db/db.h"
#include "engine/resource.h"

extern const struct resource facilities_holidays, facilities_blackouts;

/* The first closure [start, end) of a resource meets: a holiday on a Seoul day it touches (when
 * holidays, the resource's closed_on_holidays), then a blackout sharing an instant with it;
 * refused in p as 422 naming starts_at with the holiday's or the period's name. */
BP_MUST_USE enum bp_err facilities_closed_check(struct db *db, long long resource, bool holidays,
                                                long long start, long long end, struct problem *p);

/* One closed interval of a resource: a holiday's Seoul day or a blackout. */
struct closure {
    long long at[2];
    long long blackout_id; /* 0: a holiday */
    char kind[16];         /* "holiday", "maintenance", "blackout" */
    char reason[208];      /* the holiday's Korean name, or the blackout's reason (cut) */
};

/* The closures of a resource meeting [from, to), sorted by start, into out (at most max); *n
 * gets the count. */
BP_MUST_USE enum bp_err facilities_closures(struct db *db, long long resource, bool holidays,
                                            long long from, long long to, struct closure *out,
                                            size_t max, size_t *n);

#endif
