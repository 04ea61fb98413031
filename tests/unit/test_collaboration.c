/*
 * test_collaboration: the pure rules of the collaboration workflow (modules/collaboration/rules.c):
 * who may change a request how, when an answer starts a collaboration, its title and its day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/validate.h"
#include "modules/collaboration/rules.h"

static void test_sides(void **state)
{
    (void)state;
    assert_int_equal(match_side_of(true, 0, 101, 2), MATCH_OPERATOR);
    assert_int_equal(match_side_of(true, 2, 101, 2), MATCH_OPERATOR);
    assert_int_equal(match_side_of(false, 101, 101, 2), MATCH_ASKING);
    assert_int_equal(match_side_of(false, 2, 101, 2), MATCH_PARTNER);
    assert_int_equal(match_side_of(false, 5, 101, 2), MATCH_OUTSIDER);
    assert_int_equal(match_side_of(false, 0, 0, 2), MATCH_OUTSIDER); /* no organisation */
}

static void test_status_by_side(void **state)
{
    (void)state;
    static const char *const to[] = {"requested", "accepted", "declined", "withdrawn"};
    /* rows: asking, partner, operator, outsider; columns: to[] from "requested" */
    static const bool may[4][4] = {
        {true, false, false, true},
        {true, true, true, false},
        {true, true, true, true},
        {true, false, false, false},
    };
    static const enum match_side sides[] = {MATCH_ASKING, MATCH_PARTNER, MATCH_OPERATOR,
                                            MATCH_OUTSIDER};
    for (size_t s = 0; s < 4; s++)
        for (size_t t = 0; t < 4; t++)
            if (match_may_set_status(sides[s], "requested", to[t]) != may[s][t])
                fail_msg("side %zu to %s: want %d", s, to[t], may[s][t]);
    /* leaving the status as it is is no change of it, whoever sends it */
    assert_true(match_may_set_status(MATCH_ASKING, "accepted", "accepted"));
    assert_true(match_may_set_status(MATCH_PARTNER, "withdrawn", "withdrawn"));
}

static void test_fields_by_side(void **state)
{
    (void)state;
    assert_true(match_may_write(MATCH_ASKING, "message"));
    assert_false(match_may_write(MATCH_ASKING, "response"));
    assert_true(match_may_write(MATCH_PARTNER, "response"));
    assert_false(match_may_write(MATCH_PARTNER, "message"));
    assert_true(match_may_write(MATCH_OPERATOR, "message"));
    assert_true(match_may_write(MATCH_OPERATOR, "response"));
    assert_true(match_may_write(MATCH_PARTNER, "status"));
    assert_false(match_may_write(MATCH_OUTSIDER, "status"));
}

static void test_starts_collaboration(void **state)
{
    (void)state;
    assert_true(match_starts_collaboration(MATCH_PARTNER, "requested", "accepted"));
    assert_true(match_starts_collaboration(MATCH_OPERATOR, "requested", "accepted"));
    assert_false(match_starts_collaboration(MATCH_ASKING, "requested", "accepted"));
    assert_false(match_starts_collaboration(MATCH_OUTSIDER, "requested", "accepted"));
    /* an answered request starts nothing again */
    assert_false(match_starts_collaboration(MATCH_PARTNER, "accepted", "accepted"));
    assert_false(match_starts_collaboration(MATCH_PARTNER, "declined", "accepted"));
    assert_false(match_starts_collaboration(MATCH_PARTNER, "requested", "declined"));
}

static void test_title(void **state)
{
    (void)state;
    char out[801];
    collaboration_title("영상 데이터 수요", "고양바이오병원", 200, out, sizeof(out));
    assert_string_equal(out, "영상 데이터 수요 — 고양바이오병원");
    /* cut to whole characters: 200 of them, never a broken one */
    char need[601] = "", cap[601] = "";
    for (size_t i = 0; i < 200; i++) {
        memcpy(need + i * 3, "가", 3);
        memcpy(cap + i * 3, "나", 3);
    }
    need[600] = cap[600] = '\0';
    collaboration_title(need, cap, 200, out, sizeof(out));
    assert_int_equal(utf8_chars(out, strlen(out)), 200);
    assert_true(valid_utf8(out, strlen(out)));
    assert_string_equal(out, need);
    collaboration_title("가나다", "라마", 5, out, sizeof(out)); /* "가나다 —" without the space */
    assert_string_equal(out, "가나다 —");
    collaboration_title("가나다", "라마", 4, out, sizeof(out));
    assert_string_equal(out, "가나다");
    /* the byte size holds too */
    char small[8];
    collaboration_title("가나다", "라마", 200, small, sizeof(small));
    assert_string_equal(small, "가나");
}

static void test_date_in_korea(void **state)
{
    (void)state;
    char day[11];
    date_in_korea(0, day);
    assert_string_equal(day, "1970-01-01");
    date_in_korea(1796655599, day); /* 2026-12-07 14:59:59 UTC = 23:59:59 in Seoul */
    assert_string_equal(day, "2026-12-07");
    date_in_korea(1796655600, day); /* a second later it is the 8th there */
    assert_string_equal(day, "2026-12-08");
    date_in_korea(1709132400, day); /* 2024-02-28 15:00 UTC: a leap day in Seoul */
    assert_string_equal(day, "2024-02-29");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sides),
        cmocka_unit_test(test_status_by_side),
        cmocka_unit_test(test_fields_by_side),
        cmocka_unit_test(test_starts_collaboration),
        cmocka_unit_test(test_title),
        cmocka_unit_test(test_date_in_korea),
    };
    return cmocka_run_group_tests_name("collaboration rules", tests, NULL, NULL);
}
