/*
 * checkin: check-in at the instrument and the no-show a booking not checked in becomes. Each
 * resource has a QR code (SVG, libqrencode) for its door that opens its check-in page; the
 * booking organisation checks in from 15 minutes before the start until the end; a confirmed
 * booking of a resource with noshow_minutes that is not checked in that long after its start
 * is marked no-show by the sweep, which `bpmc serve` runs every --sweep-seconds and
 * `bpmc noshow-sweep` runs once. Each mark is a compare-and-set write (the version read) in the
 * writer's transaction, so two processes sweeping one database mark a booking once.
 */
#ifndef BP_MODULE_FACILITIES_CHECKIN_H
#define BP_MODULE_FACILITIES_CHECKIN_H

#include <stdbool.h>

#include "base/err.h"
#include "db/db.h"

/* How early before the start the booking organisation may check in. */
#define CHECKIN_EARLY_S (15 * 60)
/* Bookings one sweep marks at most (the next sweep takes the rest). */
#define NOSHOW_SWEEP_MAX 500

/* Mark every confirmed booking not checked in noshow_minutes after its start, as of now, as
 * no-show, telling its organisation; *marked gets how many this call marked. Runs inside the
 * caller's write transaction. */
BP_MUST_USE enum bp_err facilities_noshow_sweep(struct db *db, long long now, long long *marked);
/* Whether a sweep at now has anything to do (a booking past its grace, an offer past its hold),
 * read on any connection: the server takes the write lock only then. */
/* Bills booking id on its used time once that is known (checked out, or ended at now) when it
 * was made on a resource whose fee_basis is 'used': billed_minutes (used_minutes, rules.h) and
 * the fee and voucher parts that follow (entries.c), written through the engine as the
 * platform in actor's name (a compare-and-set on the version read). Nothing for any other
 * booking or one billed already. */
BP_MUST_USE enum bp_err facilities_bill_used(struct db *db, long long id, long long actor, long long now);
BP_MUST_USE enum bp_err facilities_sweep_due(struct db *db, long long now, bool *due);

#endif
