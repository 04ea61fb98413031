/*
 * bookable: what booking one resource needs to know of it (its rules, fee, managers), read on
 * the connection at hand; shared by the booking hooks (entries.c) and the routes (bookings.c).
 */
#ifndef BP_MODULE_FACILITIES_BOOKABLE_H
#define BP_MODULE_FACILITIES_BOOKABLE_H

#include <stdbool.h>

#include "base/err.h"
#include "db/db.h"
#include "engine/resource.h"
#include "modules/facilities/rules.h"

/* The class of a booking organisation, which picks the resource's hourly fee (fees.c). */
enum fee_class { FEE_TENANT, FEE_MEMBER, FEE_EXTERNAL, FEE_CLASSES };
/* tenant, member, external with their labels, in enum fee_class's order (entries.c). */
extern const struct enum_value fee_classes[];
/* booked, used: what a resource's bookings are billed for (entries.c). */
extern const struct enum_value fee_bases[];

struct bookable {
    bool found;
    char status[16];
    char hours[7][12];
    struct booking_rules rules; /* hours point into hours */
    bool approval, qualification, closed_on_holidays;
    bool fee_used; /* billed for the used time (check-in to check-out), not the booked time */
    long long cancel_hours; /* the booker cancels up to this many hours before the start */
    long long noshow_minutes; /* not checked in this long after the start: no-show (0: never) */
    long long waitlist_hold;  /* minutes a freed time is held for the next on the waitlist */
    long long fee, manager_org, manager_user;
    long long fees[FEE_CLASSES]; /* won an hour by class; fee is the tenants' */
    char name[201];
};

/* Resource id's booking rules into *b (b->found false when there is no such row). */
BP_MUST_USE enum bp_err facilities_bookable(struct db *db, long long id, struct bookable *b);

/* The class of organisation org from its directory record (fees.c): tenant when is_tenant, a
 * cluster member when it is one of the council's kinds (hospital, university, institute, public
 * body, association), external otherwise (and for an organisation that does not exist). */
BP_MUST_USE enum bp_err facilities_org_class(struct db *db, long long org, enum fee_class *out);

/* The statement lines entry (statements.c). */
extern const struct resource facilities_statement_lines;

/* The booking statuses that hold a resource's time (all but declined and cancelled), as SQL. */
#define BOOKING_HOLDS "status NOT IN ('declined','cancelled')"

#endif
