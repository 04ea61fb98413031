/*
 * rules: the pure rules of booking a shared resource, apart from the database so that they are
 * unit-tested (tests/unit/test_facilities.c): instants, overlap, opening hours per weekday in
 * Seoul, slot granularity, length bounds, lead time, the past, the fee and a voucher's share.
 *
 * Instants are seconds since the epoch (UTC). Opening hours are said in Seoul's wall clock
 * (UTC+9, no daylight saving), one "HH:MM-HH:MM" per weekday; empty: closed that day.
 */
#ifndef BP_MODULE_FACILITIES_RULES_H
#define BP_MODULE_FACILITIES_RULES_H

#include <stdbool.h>
#include <stddef.h>

#define SEOUL_OFFSET_S (9 * 3600)
#define DAY_S (24 * 3600)

/* "YYYY-MM-DDTHH:MM:SSZ" (the stored form of a date-time) into *t; false when it is not one. */
bool instant_parse(const char *s, long long *t);
/* t as "YYYY-MM-DDTHH:MM:SSZ" into out. */
void instant_format(long long t, char out[21]);
/* The Seoul calendar date of t as "YYYY-MM-DD". */
void seoul_date(long long t, char out[11]);

/* Whether [a0, a1) and [b0, b1) share any instant (end == next start does not). */
bool intervals_overlap(long long a0, long long a1, long long b0, long long b1);

/* "HH:MM-HH:MM" (00:00..24:00, open before close) into minutes from midnight; empty or NULL
 * is closed (*open = *close = 0, true). false when malformed. */
bool hours_parse(const char *s, int *open, int *close);

/* One resource's booking rules. hours[0] is Monday … hours[6] Sunday. */
struct booking_rules {
    const char *hours[7];
    long long slot_minutes, min_minutes, max_minutes, lead_days;
};

/* What a booking breaks, first found first. */
enum booking_fault {
    BOOKING_OK,
    BOOKING_ORDER,    /* ends_at not after starts_at */
    BOOKING_PAST,     /* starts before now */
    BOOKING_AHEAD,    /* starts further ahead than lead_days */
    BOOKING_SHORT,    /* shorter than min_minutes */
    BOOKING_LONG,     /* longer than max_minutes */
    BOOKING_SLOT,     /* start or end off the slot grid (Seoul) */
    BOOKING_CLOSED,   /* some part outside the opening hours of its day */
};

/* The first rule [start, end) breaks for a resource with rules r at now. */
enum booking_fault booking_check(const struct booking_rules *r, long long start, long long end,
                                 long long now);
/* The field a fault is about ("starts_at" or "ends_at") and its messages. */
const char *booking_fault_field(enum booking_fault f);
const char *booking_fault_ko(enum booking_fault f);
const char *booking_fault_en(enum booking_fault f);

/* The open intervals of the days [from, to) touches, clipped to [from, to), into out (pairs of
 * instants, at most max pairs); the count. */
size_t opening_intervals(const struct booking_rules *r, long long from, long long to,
                         long long (*out)[2], size_t max);

/* open minus busy (both sorted by start; busy may overlap one another) into out, at most max
 * pairs: the free intervals; the count. */
size_t free_intervals(const long long (*open)[2], size_t nopen, const long long (*busy)[2],
                      size_t nbusy, long long (*out)[2], size_t max);

/* Whether the booking organisation may still cancel a booking starting at start, cancel_hours
 * before it at the latest (0: until the start), at now. */
bool cancel_allowed(long long start, long long cancel_hours, long long now);

/* The fee of minutes at hourly_fee won an hour, rounded up to the won. */
long long booking_fee(long long minutes, long long hourly_fee);
/* The minutes billed on the used time of a booking [start, end) checked in at in and out at out:
 * the part of the booked time between them, rounded up to the minute (never below zero). */
long long used_minutes(long long start, long long end, long long in, long long out);
/* A voucher's part of fee: share_percent of it, no more than remaining (never below zero). */
long long voucher_part(long long fee, long long share_percent, long long remaining);

#endif
