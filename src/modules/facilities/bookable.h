/*
 * bookable: what booking one resource needs to know of it (its rules, fee, managers), read on
 * the connection at hand; shared by the booking hooks (entries.c) and the routes (bookings.c).
 */
#ifndef BP_MODULE_FACILITIES_BOOKABLE_H
#define BP_MODULE_FACILITIES_BOOKABLE_H

#include <stdbool.h>

#include "base/err.h"
#include "db/db.h"
#include "modules/facilities/rules.h"

struct bookable {
    bool found;
    char status[16];
    char hours[7][12];
    struct booking_rules rules; /* hours point into hours */
    bool approval, qualification, closed_on_holidays;
    long long cancel_hours; /* the booker cancels up to this many hours before the start */
    long long noshow_minutes; /* not checked in this long after the start: no-show (0: never) */
    long long waitlist_hold;  /* minutes a freed time is held for the next on the waitlist */
    long long fee, manager_org, manager_user;
    char name[201];
};

/* Resource id's booking rules into *b (b->found false when there is no such row). */
BP_MUST_USE enum bp_err facilities_bookable(struct db *db, long long id, struct bookable *b);

/* The booking statuses that hold a resource's time (all but declined and cancelled), as SQL. */
#define BOOKING_HOLDS "status NOT IN ('declined','cancelled')"

#endif
