/*
 * test_investment: the pure rules of the investment module (modules/investment/rules.c): the
 * stages, what an investment needs, who moves a registration where, whether it fits its event
 * and its window, and the investor-round matching score with its reasons.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/investment/rules.h"

static void test_stages(void **state)
{
    (void)state;
    assert_int_equal(invest_stage_index("seed"), 0);
    assert_int_equal(invest_stage_index("series-a"), 2);
    assert_int_equal(invest_stage_index("pre-ipo"), 5);
    assert_int_equal(invest_stage_index("Series-A"), -1);
    assert_int_equal(invest_stage_index(""), -1);
    assert_int_equal(invest_stage_index(NULL), -1);
}

static void test_invested_needs(void **state)
{
    (void)state;
    assert_null(deal_missing_for("term_sheet", false, false));
    assert_null(deal_missing_for("declined", false, false));
    assert_string_equal(deal_missing_for("invested", false, false), "amount");
    assert_string_equal(deal_missing_for("invested", false, true), "amount");
    assert_string_equal(deal_missing_for("invested", true, false), "invested_on");
    assert_null(deal_missing_for("invested", true, true));
    assert_null(deal_missing_for(NULL, false, false));
}

static void test_registration_moves(void **state)
{
    (void)state;
    static const char *const st[] = {"requested", "approved", "attended", "cancelled", "rejected"};
    /* the registering organisation: only cancels, a registration still on */
    static const bool org[5][5] = {
        {true, false, false, true, false},
        {false, true, false, true, false},
        {false, false, true, false, false},
        {false, false, false, true, false},
        {false, false, false, false, true},
    };
    for (size_t f = 0; f < 5; f++)
        for (size_t t = 0; t < 5; t++) {
            if (registration_may_set(false, st[f], st[t]) != org[f][t])
                fail_msg("organisation %s -> %s: want %d", st[f], st[t], org[f][t]);
            if (!registration_may_set(true, st[f], st[t]))
                fail_msg("operator %s -> %s refused", st[f], st[t]);
        }
    assert_false(registration_may_set(true, NULL, "approved"));
    assert_true(registration_holds_seats("requested"));
    assert_true(registration_holds_seats("approved"));
    assert_true(registration_holds_seats("attended"));
    assert_false(registration_holds_seats("cancelled"));
    assert_false(registration_holds_seats("rejected"));
    assert_false(registration_holds_seats(NULL));
}

static void test_capacity(void **state)
{
    (void)state;
    assert_true(registration_fits(10, 0, 10));
    assert_true(registration_fits(10, 9, 1));
    assert_false(registration_fits(10, 9, 2));
    assert_false(registration_fits(10, 10, 1));
    assert_false(registration_fits(10, 0, 0));  /* no seats is no registration */
    assert_false(registration_fits(0, 0, 1));
    assert_false(registration_fits(5, 12, 1)); /* already over (capacity lowered): nothing more */
}

static void test_window(void **state)
{
    (void)state;
    const char *starts = "2026-12-20T05:00:00Z";
    assert_int_equal(registration_window("2026-12-07T00:00:00Z", NULL, NULL, starts), WINDOW_OPEN);
    assert_int_equal(registration_window("2026-12-07T00:00:00Z", "", "", starts), WINDOW_OPEN);
    assert_int_equal(registration_window("2026-12-07T00:00:00Z", "2026-12-08T00:00:00Z", NULL, starts),
                     WINDOW_NOT_YET);
    assert_int_equal(registration_window("2026-12-08T00:00:00Z", "2026-12-08T00:00:00Z", NULL, starts),
                     WINDOW_OPEN);
    assert_int_equal(registration_window("2026-12-15T00:00:00Z", NULL, "2026-12-15T00:00:00Z", starts),
                     WINDOW_OPEN);
    assert_int_equal(registration_window("2026-12-15T00:00:01Z", NULL, "2026-12-15T00:00:00Z", starts),
                     WINDOW_CLOSED);
    /* no registration once the event has started, whatever the window says */
    assert_int_equal(registration_window("2026-12-20T05:00:00Z", NULL, "2026-12-31T00:00:00Z", starts),
                     WINDOW_CLOSED);
}

static void test_match(void **state)
{
    (void)state;
    static const char *const stages[] = {"seed", "series-a"};
    static const char *const inv_fields[] = {"ai", "bio", "medical-device", "digital-health"};
    struct invest_investor inv = {stages, 2, inv_fields, 4, 500000000, 3000000000};
    static const char *const round_fields[] = {"bio", "ai", "genomics", "ai"};
    struct invest_round round = {"series-a", round_fields, 4, 2000000000};
    struct invest_match m;
    invest_match_score(&inv, &round, &m);
    assert_true(m.stage);
    assert_true(m.amount);
    assert_int_equal(m.nshared, 2); /* bio and ai; ai said twice counts once */
    assert_int_equal(m.shared[0], 0);
    assert_int_equal(m.shared[1], 1);
    assert_int_equal(m.score, 40 + 30 + 15);

    /* out of the ticket range, another stage */
    round.amount = 5000000000;
    round.stage = "series-b";
    invest_match_score(&inv, &round, &m);
    assert_false(m.stage);
    assert_false(m.amount);
    assert_int_equal(m.score, 30);

    /* the range's ends are inside; an open end bounds nothing */
    round.amount = 500000000;
    invest_match_score(&inv, &round, &m);
    assert_true(m.amount);
    inv.ticket_max = -1;
    round.amount = 90000000000;
    invest_match_score(&inv, &round, &m);
    assert_true(m.amount);
    /* no range at all: no points for the amount; no amount said: none either */
    inv.ticket_min = -1;
    invest_match_score(&inv, &round, &m);
    assert_false(m.amount);
    inv.ticket_min = 1;
    round.amount = -1;
    invest_match_score(&inv, &round, &m);
    assert_false(m.amount);

    /* shared fields count up to three */
    static const char *const many[] = {"a", "b", "c", "d", "e"};
    struct invest_investor wide = {stages, 2, many, 5, -1, -1};
    struct invest_round broad = {"seed", many, 5, 100};
    invest_match_score(&wide, &broad, &m);
    assert_int_equal(m.nshared, 5);
    assert_int_equal(m.score, 40 + 45);
    /* nothing shared */
    struct invest_round other = {"pre-ipo", NULL, 0, -1};
    invest_match_score(&wide, &other, &m);
    assert_int_equal(m.score, 0);
    assert_int_equal(m.nshared, 0);
}

static void test_growth(void **state)
{
    (void)state;
    struct kpi_growth g;
    /* three quarters apart: +24 % of revenue is 32 % a year; +6 of 46 people is 17 % a year */
    struct kpi_figures a = {2025 * 4 + 3, 180000000, 46}, b = {2026 * 4 + 2, 223200000, 52};
    kpi_growth_of(&a, &b, &g);
    assert_int_equal(g.quarters, 3);
    assert_true(g.has_revenue && g.has_employees);
    assert_int_equal(g.revenue_pct, 32);
    assert_int_equal(g.employees_pct, 17);
    assert_true(g.high);
    assert_int_equal(g.score, 32);
    /* a year apart, 19 % is not high growth; 20 % is */
    struct kpi_figures c = {2025 * 4, 1000, 10}, d = {2026 * 4, 1190, 10};
    kpi_growth_of(&c, &d, &g);
    assert_int_equal(g.revenue_pct, 19);
    assert_false(g.high);
    d.revenue = 1200;
    kpi_growth_of(&c, &d, &g);
    assert_true(g.high);
    /* people alone can make it; no revenue before (a pre-revenue company) is no revenue growth */
    struct kpi_figures e = {100, 0, 10}, f = {101, 50000000, 11};
    kpi_growth_of(&e, &f, &g);
    assert_false(g.has_revenue);
    assert_int_equal(g.employees_pct, 40);
    assert_true(g.high);
    assert_int_equal(g.score, 40);
    /* head count counts from ten people on (the OECD's size at the start): 5 → 7 is not compared */
    struct kpi_figures s5 = {100, 0, 5}, s7 = {101, 0, 7};
    kpi_growth_of(&s5, &s7, &g);
    assert_false(g.has_employees || g.high);
    /* shrinking is negative growth; figures not reported are not compared */
    struct kpi_figures h = {100, 1000, -1}, i = {102, 800, 5};
    kpi_growth_of(&h, &i, &g);
    assert_int_equal(g.revenue_pct, -40);
    assert_false(g.has_employees);
    assert_false(g.high);
    assert_int_equal(g.score, -40);
    /* the same quarter, or reports in the wrong order, compare nothing */
    kpi_growth_of(&i, &h, &g);
    assert_false(g.has_revenue || g.has_employees || g.high);
    assert_int_equal(g.score, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages),        cmocka_unit_test(test_invested_needs),
        cmocka_unit_test(test_registration_moves), cmocka_unit_test(test_capacity),
        cmocka_unit_test(test_window),        cmocka_unit_test(test_match),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
