/*
 * series: recurring bookings. A booking created with repeat_until (a Seoul date) is repeated at
 * the same hours every week up to that date, all or nothing: the first is checked by the
 * booking's own rules, the others are created through the engine in the same savepoint (settle),
 * each with every rule and the overlap check, so one refusal anywhere (a 409 naming the booking
 * it collides with, a 422 naming the holiday or period) leaves nothing booked. Every booking of
 * the series carries series_id. POST /api/v1/bookings/{id}/cancel-series cancels the rest of a
 * series. docs/facilities.md.
 */
#ifndef BP_MODULE_FACILITIES_SERIES_H
#define BP_MODULE_FACILITIES_SERIES_H

#include "base/err.h"
#include "base/problem.h"
#include "db/db.h"
#include "engine/http.h"
#include "engine/resource.h"
#include "modules/facilities/rules.h"

/* At most a year of weekly bookings in one series. */
#define SERIES_MAX 53

/* For a create with repeat_until: the date is on or after the first booking's Seoul day, its
 * last week within the resource's lead days, at most SERIES_MAX weeks (422 naming repeat_until
 * otherwise); the series gets its number (series_id). Nothing for other writes. */
BP_MUST_USE enum bp_err facilities_series_check(struct db *db, struct write_op *op, long long start,
                                                const struct booking_rules *r, long long now,
                                                struct problem *p);

/* After the first booking of a series (id) is inserted: the weeks after it, through the engine
 * as the same caller. Any refusal is the create's refusal. */
BP_MUST_USE enum bp_err facilities_series_settle(struct db *db, const struct write_op *op,
                                                 long long id, struct problem *p);

#endif
