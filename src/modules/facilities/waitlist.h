/*
 * waitlist: an organisation waits for a taken interval of a resource; when a booking holding
 * (part of) it is cancelled or declined and the interval is wholly free, the first in line is
 * offered it, told through the outbox, and holds it for the resource's waitlist_hold_minutes:
 * others' bookings of it are refused 409 naming the offer; the organisation takes it by booking
 * it. An offer not taken expires (the sweep) and the next in line is offered. docs/facilities.md.
 */
#ifndef BP_MODULE_FACILITIES_WAITLIST_H
#define BP_MODULE_FACILITIES_WAITLIST_H

#include "base/err.h"
#include "base/problem.h"
#include "db/db.h"
#include "engine/resource.h"

extern const struct resource facilities_waitlist;

/* A booking of [start, end) (UTC text) by org: refused (409 naming it) while another
 * organisation holds an offer overlapping it. */
BP_MUST_USE enum bp_err facilities_waitlist_hold(struct db *db, long long resource, long long org,
                                                 const char *start, const char *end,
                                                 struct problem *p);
/* After a booking of org is created: its organisation's offers overlapping it are taken. */
BP_MUST_USE enum bp_err facilities_waitlist_taken(struct db *db, long long resource, long long org,
                                                  const char *start, const char *end,
                                                  long long booking, long long actor);
/* After a booking holding [start, end) is freed: offer the waiting that now fit, first in line
 * first. */
BP_MUST_USE enum bp_err facilities_waitlist_offer(struct db *db, long long resource,
                                                  const char *start, const char *end,
                                                  long long actor);
/* Offers past their hold expire and pass to the next in line; *n gets how many expired. */
BP_MUST_USE enum bp_err facilities_waitlist_expire(struct db *db, long long now, long long *n);

#endif
