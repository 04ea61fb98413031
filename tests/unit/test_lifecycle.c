/*
 * test_lifecycle: the pure rules of the lifecycle module (modules/lifecycle/rules.c): the stage
 * graph, SLA deadlines in Korean working days (weekends, public and substitute holidays, the
 * 18:00 cut-off, year ends), who moves a support request where, and the KPI warnings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/lifecycle/rules.h"

static time_t at(const char *utc)
{
    time_t t = 0;
    assert_true(sla_parse(utc, &t));
    return t;
}

static long long day_of(const char *date)
{
    char text[21];
    memcpy(text, date, 10);
    memcpy(text + 10, "T00:00:00Z", 11);
    return (long long)at(text) / 86400;
}

/* The weekday public holidays of 2026-2027 as the holidays table holds them (migrations 0041
 * and 0090: the SLA clock reads that table through lifecycle_holidays_load; the API test
 * lifecycle-sweep.test.mjs checks a holiday added there moves a deadline). 추석 2026 falls on
 * Thursday to Saturday and touches no Sunday: no substitute day (관공서의 공휴일에 관한 규정
 * §3), so 28 September is a working day. 제헌절 is a public holiday again from 2026. */
static const char *const holiday_dates[] = {
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-03-02", "2026-05-05",
    "2026-05-25", "2026-06-03", "2026-07-17", "2026-08-17", "2026-09-24", "2026-09-25",
    "2026-10-05", "2026-10-09", "2026-12-25", "2027-01-01", "2027-02-08", "2027-02-09",
    "2027-03-01", "2027-05-05", "2027-05-13", "2027-08-16", "2027-09-14", "2027-09-15",
    "2027-09-16", "2027-10-04", "2027-10-11", "2027-12-27",
};
static struct sla_holidays holidays;

static int load_holidays(void **state)
{
    (void)state;
    holidays.n = 0;
    for (size_t i = 0; i < sizeof(holiday_dates) / sizeof(holiday_dates[0]); i++)
        holidays.day[holidays.n++] = day_of(holiday_dates[i]);
    return 0;
}

static void expect_deadline(const char *filed, int days, const char *due)
{
    char out[21];
    sla_format(sla_deadline(&holidays, at(filed), days), out);
    assert_string_equal(out, due);
}

static void test_stages(void **state)
{
    (void)state;
    assert_int_equal(stage_index("basic-research"), 0);
    assert_int_equal(stage_index("commercialization"), 5);
    assert_int_equal(stage_index("moon"), -1);
    assert_int_equal(stage_index(NULL), -1);
    assert_true(stage_step_allowed(NULL, "clinical"));       /* any first stage */
    assert_true(stage_step_allowed("basic-research", "rnd")); /* one step forward */
    assert_true(stage_step_allowed("rnd", "education"));
    assert_true(stage_step_allowed("rnd", "clinical")); /* education skipped */
    assert_false(stage_step_allowed("basic-research", "education"));
    assert_false(stage_step_allowed("rnd", "marketing"));
    assert_false(stage_step_allowed("basic-research", "commercialization"));
    assert_true(stage_step_allowed("clinical", "rnd")); /* a setback */
    assert_true(stage_step_allowed("commercialization", "basic-research"));
    assert_true(stage_step_allowed("rnd", "rnd")); /* the same stage, new evidence */
    assert_false(stage_step_allowed("rnd", "moon"));
    assert_true(stage_step_allowed("marketing", "commercialization"));
}

static void test_working_days(void **state)
{
    (void)state;
    assert_true(sla_working_day(&holidays, day_of("2026-12-07")));  /* a Monday */
    assert_false(sla_working_day(&holidays, day_of("2026-12-12"))); /* Saturday */
    assert_false(sla_working_day(&holidays, day_of("2026-12-13"))); /* Sunday */
    assert_false(sla_working_day(&holidays, day_of("2026-12-25"))); /* Christmas */
    assert_false(sla_working_day(&holidays, day_of("2026-10-09"))); /* 한글날 */
    assert_false(sla_working_day(&holidays, day_of("2026-07-17"))); /* 제헌절, again from 2026 */
    assert_true(sla_working_day(&holidays, day_of("2026-09-28")));  /* no 추석 substitute */
    assert_false(sla_working_day(&holidays, day_of("2027-02-09"))); /* 설날 substitute holiday */
    assert_true(sla_working_day(&holidays, day_of("2026-09-29")));
    assert_true(sla_working_day(&holidays, day_of("1970-01-01"))); /* a Thursday */
    /* only what the list holds: without it, Christmas is a Friday like any other */
    assert_true(sla_working_day(NULL, day_of("2026-12-25")));
    assert_false(sla_working_day(NULL, day_of("2026-12-26")));
    assert_int_equal(sla_korean_day(at("2026-12-06T15:00:00Z")), day_of("2026-12-07"));
    assert_int_equal(sla_korean_day(at("2026-12-06T14:59:59Z")), day_of("2026-12-06"));
}

static void test_sla_days(void **state)
{
    (void)state;
    int first = -1, resolve = -1;
    assert_true(sla_days("facilities", "normal", &first, &resolve));
    assert_int_equal(first, 1);
    assert_int_equal(resolve, 3);
    assert_true(sla_days("facilities", "urgent", &first, &resolve));
    assert_int_equal(first, 0);
    assert_int_equal(resolve, 2);
    assert_true(sla_days("facilities", "low", &first, &resolve));
    assert_int_equal(first, 2);
    assert_int_equal(resolve, 8);
    assert_true(sla_days("clinical-design", "normal", &first, &resolve));
    assert_int_equal(resolve, 20);
    assert_false(sla_days("astrology", "normal", &first, &resolve));
    assert_false(sla_days("ip", "whenever", &first, &resolve));
    assert_false(sla_days(NULL, "normal", &first, &resolve));
}

static void test_deadlines(void **state)
{
    (void)state;
    /* Monday 10:00 in Seoul: day 0 is that day, 18:00 there (09:00 UTC) */
    expect_deadline("2026-12-07T01:00:00Z", 0, "2026-12-07T09:00:00Z");
    expect_deadline("2026-12-07T01:00:00Z", 2, "2026-12-09T09:00:00Z");
    /* 17:59:59 is still that day; 18:00 and 23:59:59 start the clock the next day */
    expect_deadline("2026-12-07T08:59:59Z", 0, "2026-12-07T09:00:00Z");
    expect_deadline("2026-12-07T09:00:00Z", 0, "2026-12-08T09:00:00Z");
    expect_deadline("2026-12-07T14:59:59Z", 1, "2026-12-09T09:00:00Z");
    /* early Tuesday morning in Seoul is still Monday evening in UTC */
    expect_deadline("2026-12-07T15:00:00Z", 0, "2026-12-08T09:00:00Z");
    /* across a weekend; filed on a Saturday */
    expect_deadline("2026-12-11T01:00:00Z", 1, "2026-12-14T09:00:00Z");
    expect_deadline("2026-12-12T01:00:00Z", 0, "2026-12-14T09:00:00Z");
    expect_deadline("2026-12-12T01:00:00Z", 1, "2026-12-15T09:00:00Z");
    /* 추석 2026 (Thursday 24 to Saturday 26 Sep, no substitute day) with its weekend */
    expect_deadline("2026-09-23T01:00:00Z", 1, "2026-09-28T09:00:00Z");
    expect_deadline("2026-09-23T01:00:00Z", 2, "2026-09-29T09:00:00Z");
    /* across a holiday and a weekend: 제헌절 (Friday 17 July 2026), then Monday */
    expect_deadline("2026-07-16T01:00:00Z", 1, "2026-07-20T09:00:00Z");
    expect_deadline("2026-07-16T10:00:00Z", 0, "2026-07-20T09:00:00Z"); /* after 18:00 */
    /* Christmas, and the year's end into 1 January */
    expect_deadline("2026-12-24T01:00:00Z", 1, "2026-12-28T09:00:00Z");
    expect_deadline("2026-12-31T01:00:00Z", 1, "2027-01-04T09:00:00Z");
    /* 설날 2027 (6-8 Feb, substitute 9 Feb) */
    expect_deadline("2027-02-05T01:00:00Z", 1, "2027-02-10T09:00:00Z");
    /* ten working days from a Monday: two weeks */
    expect_deadline("2026-11-02T01:00:00Z", 10, "2026-11-16T09:00:00Z");

    time_t first = 0, resolve = 0;
    assert_true(sla_deadlines(&holidays, "facilities", "normal", at("2026-12-07T01:00:00Z"), &first, &resolve));
    assert_int_equal((long long)first, (long long)at("2026-12-08T09:00:00Z"));
    assert_int_equal((long long)resolve, (long long)at("2026-12-10T09:00:00Z"));
    assert_false(sla_deadlines(&holidays, "astrology", "normal", 0, &first, &resolve));
}

static void test_format_parse(void **state)
{
    (void)state;
    char out[21];
    sla_format(0, out);
    assert_string_equal(out, "1970-01-01T00:00:00Z");
    sla_format(at("2024-02-29T23:59:59Z"), out);
    assert_string_equal(out, "2024-02-29T23:59:59Z");
    time_t t;
    assert_true(sla_parse("2026-12-07T01:00:00.123Z", &t)); /* created_at's fractions */
    assert_int_equal((long long)t, (long long)at("2026-12-07T01:00:00Z"));
    assert_false(sla_parse("2026-12-07 01:00:00", &t));
    assert_false(sla_parse("2026-13-07T01:00:00Z", &t));
    assert_false(sla_parse("2026-12-07T01:00:00.Z", &t));
    assert_false(sla_parse("2026-12-07T01:00:00.1x", &t));
    assert_false(sla_parse("", &t));
    assert_false(sla_parse(NULL, &t));
}

static void test_request_sides(void **state)
{
    (void)state;
    assert_int_equal(request_side_of(true, 0, 101, 2), REQUEST_OPERATOR);
    assert_int_equal(request_side_of(false, 101, 101, 2), REQUEST_COMPANY);
    assert_int_equal(request_side_of(false, 2, 101, 2), REQUEST_PARTNER);
    assert_int_equal(request_side_of(false, 5, 101, 2), REQUEST_OUTSIDER);
    assert_int_equal(request_side_of(false, 0, 101, 0), REQUEST_OUTSIDER);

    assert_true(request_may_set_status(REQUEST_COMPANY, "new", "closed"));
    assert_true(request_may_set_status(REQUEST_COMPANY, "resolved", "closed"));
    assert_true(request_may_set_status(REQUEST_COMPANY, "resolved", "in-progress"));
    assert_true(request_may_set_status(REQUEST_COMPANY, "closed", "in-progress"));
    assert_false(request_may_set_status(REQUEST_COMPANY, "new", "triaged"));
    assert_false(request_may_set_status(REQUEST_COMPANY, "in-progress", "resolved"));
    assert_true(request_may_set_status(REQUEST_PARTNER, "triaged", "in-progress"));
    assert_true(request_may_set_status(REQUEST_PARTNER, "in-progress", "resolved"));
    assert_false(request_may_set_status(REQUEST_PARTNER, "resolved", "closed"));
    assert_false(request_may_set_status(REQUEST_PARTNER, "new", "triaged"));
    assert_true(request_may_set_status(REQUEST_OPERATOR, "new", "triaged"));
    assert_false(request_may_set_status(REQUEST_OUTSIDER, "new", "closed"));
    assert_true(request_may_set_status(REQUEST_PARTNER, "new", "new")); /* unchanged */

    assert_true(request_may_write(REQUEST_COMPANY, "rating"));
    assert_true(request_may_write(REQUEST_COMPANY, "description"));
    assert_false(request_may_write(REQUEST_COMPANY, "response"));
    assert_false(request_may_write(REQUEST_COMPANY, "assignee_org_id"));
    assert_true(request_may_write(REQUEST_PARTNER, "response"));
    assert_false(request_may_write(REQUEST_PARTNER, "title"));
    assert_false(request_may_write(REQUEST_PARTNER, "rating"));
    assert_true(request_may_write(REQUEST_OPERATOR, "assignee_org_id"));
    assert_false(request_may_write(REQUEST_OPERATOR, "rating"));
    assert_false(request_may_write(REQUEST_OUTSIDER, "title"));
}

static void figure(struct kpi_figures *f, enum kpi_metric m, long long v)
{
    f->v[m] = v;
    f->has[m] = true;
}

static void test_kpi_warnings(void **state)
{
    (void)state;
    struct kpi_figures prev = {0}, cur = {0};
    char w[KPI_WARNINGS_MAX][128];
    figure(&prev, KPI_EMPLOYEES, 8);
    figure(&cur, KPI_EMPLOYEES, 85); /* ×10: flagged */
    figure(&prev, KPI_PATENTS, 3);
    figure(&cur, KPI_PATENTS, 2); /* a patent count that fell */
    figure(&prev, KPI_REVENUE, 100);
    figure(&cur, KPI_REVENUE, 999); /* under ×10: fine */
    figure(&prev, KPI_FUNDING, 0);
    figure(&cur, KPI_FUNDING, 5000000000LL); /* from nothing: no ratio to judge */
    figure(&prev, KPI_EXPORT, 1000);          /* not reported this quarter */
    assert_int_equal(kpi_warnings(&prev, &cur, w), 2);
    assert_true(strncmp(w[0], "employees:", 10) == 0);
    assert_true(strncmp(w[1], "patents:", 8) == 0);

    figure(&cur, KPI_EMPLOYEES, 79);
    figure(&cur, KPI_PATENTS, 3);
    figure(&cur, KPI_REVENUE, 1000); /* exactly ×10 */
    assert_int_equal(kpi_warnings(&prev, &cur, w), 1);
    assert_true(strncmp(w[0], "revenue:", 8) == 0);
    figure(&cur, KPI_REVENUE, 10); /* a tenth */
    assert_int_equal(kpi_warnings(&prev, &cur, w), 1);
    figure(&cur, KPI_REVENUE, 11);
    assert_int_equal(kpi_warnings(&prev, &cur, w), 0);
    figure(&cur, KPI_REVENUE, 0); /* nothing sold: no ratio either */
    assert_int_equal(kpi_warnings(&prev, &cur, w), 0);
    figure(&prev, KPI_RND_SPEND, 1000000000000000LL); /* the largest figures do not overflow */
    figure(&cur, KPI_RND_SPEND, 1000000000000000LL);
    assert_int_equal(kpi_warnings(&prev, &cur, w), 0);

    int y, q;
    kpi_previous(2026, 1, &y, &q);
    assert_int_equal(y, 2025);
    assert_int_equal(q, 4);
    kpi_previous(2026, 3, &y, &q);
    assert_int_equal(y, 2026);
    assert_int_equal(q, 2);
}

static void expect_due(int year, int month, int day, int qy, int qq)
{
    int y = 0, q = 0;
    kpi_due_quarter(year, month, day, &y, &q);
    assert_int_equal(y, qy);
    assert_int_equal(q, qq);
}

static void test_kpi_due(void **state)
{
    (void)state;
    expect_due(2026, 10, 20, 2026, 3); /* Q3 is due on 20 October */
    expect_due(2026, 10, 19, 2026, 2); /* the day before, Q2 is the last one due */
    expect_due(2026, 12, 6, 2026, 3);
    expect_due(2026, 1, 5, 2025, 3); /* Q4 is not due before 20 January */
    expect_due(2026, 1, 20, 2025, 4);
    expect_due(2026, 2, 1, 2025, 4);
    expect_due(2026, 3, 31, 2025, 4);
    expect_due(2026, 4, 20, 2026, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages),        cmocka_unit_test(test_working_days),
        cmocka_unit_test(test_sla_days),      cmocka_unit_test(test_deadlines),
        cmocka_unit_test(test_format_parse),  cmocka_unit_test(test_request_sides),
        cmocka_unit_test(test_kpi_warnings),  cmocka_unit_test(test_kpi_due),
    };
    return cmocka_run_group_tests_name("lifecycle rules", tests, load_holidays, NULL);
}
