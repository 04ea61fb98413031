/*
 * test_program: the pure rules of the project card (modules/program/rules.c): the period columns
 * a term gives, the column a date falls in, amounts in 백만원.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/program/rules.h"

static void test_seed_term(void **state)
{
    (void)state;
    struct program_period p[LIMIT_CARD_PERIODS];
    size_t n = program_periods("2022-07-01", "2026-06-30", p, LIMIT_CARD_PERIODS);
    static const char *const labels[] = {"기투자", "'22.7.", "'23", "'24", "'25", "'26.6.", "임기후"};
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(p[i].label, labels[i]);
    assert_string_equal(p[0].to, "2022-06-30");
    assert_string_equal(p[1].from, "2022-07-01");
    assert_string_equal(p[1].to, "2022-12-31");
    assert_string_equal(p[5].from, "2026-01-01");
    assert_string_equal(p[5].to, "2026-06-30");
    assert_string_equal(p[6].from, "2026-07-01");
    assert_int_equal(program_period_of(p, n, "2021-12-31"), 0);
    assert_int_equal(program_period_of(p, n, "2022-07-01"), 1);
    assert_int_equal(program_period_of(p, n, "2024-02-29"), 3);
    assert_int_equal(program_period_of(p, n, "2026-06-30"), 5);
    assert_int_equal(program_period_of(p, n, "2030-01-01"), 6);
}

static void test_other_terms(void **state)
{
    (void)state;
    struct program_period p[LIMIT_CARD_PERIODS];
    /* whole years only */
    size_t n = program_periods("2024-01-01", "2025-12-31", p, LIMIT_CARD_PERIODS);
    assert_int_equal(n, 4);
    assert_string_equal(p[1].label, "'24");
    assert_string_equal(p[2].label, "'25");
    assert_string_equal(p[0].to, "2023-12-31");
    assert_string_equal(p[3].from, "2026-01-01");
    /* within one year, starting in March: the month it starts in */
    n = program_periods("2024-03-01", "2024-12-31", p, LIMIT_CARD_PERIODS);
    assert_int_equal(n, 3);
    assert_string_equal(p[1].label, "'24.3.");
    assert_string_equal(p[0].to, "2024-02-29"); /* a leap year */
    /* refused: reversed, unparsable, longer than the card holds */
    assert_int_equal(program_periods("2025-01-01", "2024-01-01", p, LIMIT_CARD_PERIODS), 0);
    assert_int_equal(program_periods("2025-1-1", "2026-01-01", p, LIMIT_CARD_PERIODS), 0);
    assert_int_equal(program_periods("2000-01-01", "2030-12-31", p, LIMIT_CARD_PERIODS), 0);
}

static void test_millions(void **state)
{
    (void)state;
    char m[48];
    program_millions(150000000, m, sizeof(m));
    assert_string_equal(m, "150");
    program_millions(1234500000, m, sizeof(m));
    assert_string_equal(m, "1,234.5");
    program_millions(120000000000LL, m, sizeof(m)); /* 1,200억원 */
    assert_string_equal(m, "120,000");
    program_millions(0, m, sizeof(m));
    assert_string_equal(m, "");
    program_millions(49999, m, sizeof(m)); /* rounds to 0.0: shown as 0 */
    assert_string_equal(m, "0");
    program_millions(-2500000, m, sizeof(m));
    assert_string_equal(m, "-2.5");
    assert_true(program_millions_value(150000000) == 150.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_term),
        cmocka_unit_test(test_other_terms),
        cmocka_unit_test(test_millions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
