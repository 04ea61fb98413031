/*
 * test_facilities: the pure booking rules (modules/facilities/rules.c): instants, overlap,
 * opening hours per weekday in Seoul, slot grid, length bounds, lead time, the past, free
 * intervals, the fee and a voucher's share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/facilities/rules.h"

static long long at(const char *s)
{
    long long t = 0;
    assert_true(instant_parse(s, &t));
    return t;
}

static void test_instants(void **state)
{
    (void)state;
    char out[21], day[11];
    assert_int_equal(at("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(at("2026-12-07T01:00:00Z"), 1796605200LL);
    instant_format(at("2028-02-29T23:59:59Z"), out);
    assert_string_equal(out, "2028-02-29T23:59:59Z");
    long long t;
    assert_false(instant_parse("2026-12-07 01:00:00Z", &t));
    assert_false(instant_parse("2026-13-07T01:00:00Z", &t));
    assert_false(instant_parse("2026-12-07T01:00:00+09:00", &t));
    assert_false(instant_parse(NULL, &t));
    /* 15:00 UTC is already tomorrow in Seoul */
    seoul_date(at("2026-12-07T15:00:00Z"), day);
    assert_string_equal(day, "2026-12-08");
    seoul_date(at("2026-12-07T14:59:59Z"), day);
    assert_string_equal(day, "2026-12-07");
}

static void test_overlap(void **state)
{
    (void)state;
    assert_true(intervals_overlap(10, 20, 15, 25));
    assert_true(intervals_overlap(10, 20, 5, 15));
    assert_true(intervals_overlap(10, 20, 12, 18)); /* inside */
    assert_true(intervals_overlap(12, 18, 10, 20)); /* around */
    assert_true(intervals_overlap(10, 20, 10, 20));
    assert_false(intervals_overlap(10, 20, 20, 30)); /* adjacent: end == next start */
    assert_false(intervals_overlap(20, 30, 10, 20));
    assert_false(intervals_overlap(10, 20, 25, 30));
}

static void test_hours(void **state)
{
    (void)state;
    int o, c;
    assert_true(hours_parse("09:00-18:00", &o, &c));
    assert_int_equal(o, 540);
    assert_int_equal(c, 1080);
    assert_true(hours_parse("00:00-24:00", &o, &c));
    assert_int_equal(c, 1440);
    assert_true(hours_parse("", &o, &c));
    assert_int_equal(o, c);
    assert_true(hours_parse(NULL, &o, &c));
    assert_false(hours_parse("9-18", &o, &c));
    assert_false(hours_parse("18:00-09:00", &o, &c));
    assert_false(hours_parse("09:00-09:00", &o, &c));
    assert_false(hours_parse("09:60-18:00", &o, &c));
    assert_false(hours_parse("09:00-24:30", &o, &c));
    assert_false(hours_parse("09:00-25:00", &o, &c));
}

/* Weekdays 09:00-18:00, Saturday 10:00-14:00, Sunday closed; 30-minute slots, 30 minutes to 4
 * hours, 60 days ahead. 2026-12-07 is a Monday. */
static const struct booking_rules lab = {
    {"09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "09:00-18:00", "10:00-14:00", ""},
    30, 30, 240, 60,
};
/* Round the clock every day, for an instrument booked overnight. */
static const struct booking_rules always = {
    {"00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00", "00:00-24:00",
     "00:00-24:00"},
    60, 60, 24 * 60, 30,
};

#define NOW at("2026-12-01T00:00:00Z")
/* Seoul wall clock = UTC + 9 h: 2026-12-07 10:00 Seoul is 01:00 UTC. */
static enum booking_fault check(const struct booking_rules *r, const char *a, const char *b)
{
    return booking_check(r, at(a), at(b), NOW);
}

static void test_booking_rules(void **state)
{
    (void)state;
    assert_int_equal(check(&lab, "2026-12-07T01:00:00Z", "2026-12-07T02:30:00Z"), BOOKING_OK);
    assert_int_equal(check(&lab, "2026-12-07T00:00:00Z", "2026-12-07T09:00:00Z"), BOOKING_LONG);
    assert_int_equal(check(&lab, "2026-12-07T02:00:00Z", "2026-12-07T01:00:00Z"), BOOKING_ORDER);
    assert_int_equal(check(&lab, "2026-12-07T01:00:00Z", "2026-12-07T01:00:00Z"), BOOKING_ORDER);
    assert_int_equal(check(&lab, "2026-11-30T01:00:00Z", "2026-11-30T02:00:00Z"), BOOKING_PAST);
    assert_int_equal(check(&lab, "2027-02-01T01:00:00Z", "2027-02-01T02:00:00Z"), BOOKING_AHEAD);
    assert_int_equal(check(&lab, "2026-12-07T01:00:00Z", "2026-12-07T01:15:00Z"), BOOKING_SHORT);
    assert_int_equal(check(&lab, "2026-12-07T01:10:00Z", "2026-12-07T02:10:00Z"), BOOKING_SLOT);
    /* 08:30-09:30 Seoul: before opening; 17:30-18:30: after closing; exactly 09:00-18:00 is in */
    assert_int_equal(check(&lab, "2026-12-06T23:30:00Z", "2026-12-07T00:30:00Z"), BOOKING_CLOSED);
    assert_int_equal(check(&lab, "2026-12-07T08:30:00Z", "2026-12-07T09:30:00Z"), BOOKING_CLOSED);
    assert_int_equal(check(&lab, "2026-12-07T05:00:00Z", "2026-12-07T09:00:00Z"), BOOKING_OK);
    /* Saturday 10:00-14:00 open, Sunday closed */
    assert_int_equal(check(&lab, "2026-12-12T01:00:00Z", "2026-12-12T03:00:00Z"), BOOKING_OK);
    assert_int_equal(check(&lab, "2026-12-12T04:00:00Z", "2026-12-12T06:00:00Z"), BOOKING_CLOSED);
    assert_int_equal(check(&lab, "2026-12-13T01:00:00Z", "2026-12-13T02:00:00Z"), BOOKING_CLOSED);
    /* across midnight in Seoul: open on both days round the clock, closed for the lab */
    assert_int_equal(check(&always, "2026-12-07T13:00:00Z", "2026-12-07T17:00:00Z"), BOOKING_OK);
    assert_int_equal(check(&lab, "2026-12-07T08:00:00Z", "2026-12-07T16:00:00Z"), BOOKING_LONG);
    /* messages name a field and say it in both languages */
    for (int f = BOOKING_ORDER; f <= BOOKING_CLOSED; f++) {
        assert_true(strlen(booking_fault_ko((enum booking_fault)f)) > 0);
        assert_true(strlen(booking_fault_en((enum booking_fault)f)) > 0);
        const char *field = booking_fault_field((enum booking_fault)f);
        assert_true(strcmp(field, "starts_at") == 0 || strcmp(field, "ends_at") == 0);
    }
}

static void test_free_intervals(void **state)
{
    (void)state;
    long long open[8][2], out[16][2];
    /* Monday and Tuesday in Seoul */
    size_t n = opening_intervals(&lab, at("2026-12-06T15:00:00Z"), at("2026-12-08T15:00:00Z"), open, 8);
    assert_int_equal(n, 2);
    assert_int_equal(open[0][0], at("2026-12-07T00:00:00Z"));
    assert_int_equal(open[0][1], at("2026-12-07T09:00:00Z"));
    /* clipped to the range asked */
    n = opening_intervals(&lab, at("2026-12-07T02:00:00Z"), at("2026-12-07T03:00:00Z"), open, 8);
    assert_int_equal(n, 1);
    assert_int_equal(open[0][0], at("2026-12-07T02:00:00Z"));
    /* round the clock: one interval over midnight */
    n = opening_intervals(&always, at("2026-12-07T00:00:00Z"), at("2026-12-09T00:00:00Z"), open, 8);
    assert_int_equal(n, 1);
    /* Monday 09:00-18:00 minus 10:00-11:00, 10:30-12:00 (overlapping each other) and 17:00-18:00 */
    long long day[1][2] = {{at("2026-12-07T00:00:00Z"), at("2026-12-07T09:00:00Z")}};
    long long busy[3][2] = {{at("2026-12-07T01:00:00Z"), at("2026-12-07T02:00:00Z")},
                            {at("2026-12-07T01:30:00Z"), at("2026-12-07T03:00:00Z")},
                            {at("2026-12-07T08:00:00Z"), at("2026-12-07T09:00:00Z")}};
    n = free_intervals((const long long(*)[2])day, 1, (const long long(*)[2])busy, 3, out, 16);
    assert_int_equal(n, 2);
    assert_int_equal(out[0][0], at("2026-12-07T00:00:00Z"));
    assert_int_equal(out[0][1], at("2026-12-07T01:00:00Z"));
    assert_int_equal(out[1][0], at("2026-12-07T03:00:00Z"));
    assert_int_equal(out[1][1], at("2026-12-07T08:00:00Z"));
    /* nothing booked: the whole day; all booked: nothing */
    assert_int_equal(free_intervals((const long long(*)[2])day, 1, NULL, 0, out, 16), 1);
    long long all[1][2] = {{at("2026-12-06T00:00:00Z"), at("2026-12-08T00:00:00Z")}};
    assert_int_equal(free_intervals((const long long(*)[2])day, 1, (const long long(*)[2])all, 1, out, 16), 0);
}

/* The booking organisation cancels strictly before start - cancel_hours (0: the start). */
static void test_cancel_deadline(void **state)
{
    (void)state;
    long long start = 1765000000;
    assert_true(cancel_allowed(start, 0, start - 1));
    assert_false(cancel_allowed(start, 0, start));
    assert_true(cancel_allowed(start, 24, start - 24 * 3600 - 1));
    assert_false(cancel_allowed(start, 24, start - 24 * 3600));
    assert_false(cancel_allowed(start, 24, start - 3600));
    assert_true(cancel_allowed(start, -5, start - 1)); /* a negative deadline counts as none */
}

static void test_fees(void **state)
{
    (void)state;
    assert_int_equal(booking_fee(90, 30000), 45000);
    assert_int_equal(booking_fee(1, 100), 2); /* rounded up to the won */
    assert_int_equal(booking_fee(0, 30000), 0);
    assert_int_equal(voucher_part(100000, 70, 1000000), 70000);
    assert_int_equal(voucher_part(100000, 70, 30000), 30000); /* the cap's rest */
    assert_int_equal(voucher_part(100000, 70, 0), 0);         /* spent: never below zero */
    assert_int_equal(voucher_part(100000, 70, -5), 0);
    assert_int_equal(voucher_part(100000, 0, 1000000), 0);
}

static void test_used_minutes(void **state)
{
    (void)state;
    const long long s = 1000000, e = s + 3600; /* an hour booked */
    assert_int_equal(used_minutes(s, e, s + 600, s + 3300), 45);  /* checked in 10, out 55 */
    assert_int_equal(used_minutes(s, e, s - 600, e), 60);         /* early: from the start */
    assert_int_equal(used_minutes(s, e, s, e + 900), 60);         /* late out: to the end */
    assert_int_equal(used_minutes(s, e, s + 1800, s + 1801), 1);  /* a second is a minute */
    assert_int_equal(used_minutes(s, e, s + 1800, s + 1800), 0);
    assert_int_equal(used_minutes(s, e, s - 900, s - 60), 0);     /* out before the start */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instants),   cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_hours),      cmocka_unit_test(test_booking_rules),
        cmocka_unit_test(test_free_intervals), cmocka_unit_test(test_fees),
        cmocka_unit_test(test_cancel_deadline), cmocka_unit_test(test_used_minutes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
