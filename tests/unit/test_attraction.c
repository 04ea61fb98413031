/*
 * test_attraction: the pure rules of the attraction pipeline (modules/attraction/rules.c): the
 * allowed moves, what a stage needs, the activity a move leaves, value-chain lists and the
 * funnel's counts and conversions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/attraction/rules.h"

static void test_stages(void **state)
{
    (void)state;
    static const char *const order[] = {"identified", "contacted", "meeting", "loi",
                                        "mou",        "moved_in",  "dropped"};
    for (int i = 0; i < STAGE__COUNT; i++) {
        assert_int_equal(prospect_stage_index(order[i]), i);
        assert_string_equal(prospect_stages[i].value, order[i]);
    }
    assert_int_equal(prospect_stage_index("signed"), -1);
    assert_int_equal(prospect_stage_index(NULL), -1);
    /* the stages one may be dropped from are the open ones, in order */
    for (int i = 0; i < STAGE_MOVED_IN; i++)
        assert_string_equal(prospect_open_stages[i].value, order[i]);
    assert_null(prospect_open_stages[STAGE_MOVED_IN].value);
}

static void test_moves(void **state)
{
    (void)state;
    /* forward, skipping stages up to the MOU */
    assert_true(prospect_step_allowed("identified", "contacted"));
    assert_true(prospect_step_allowed("identified", "mou"));
    assert_true(prospect_step_allowed("meeting", "loi"));
    /* moving in follows an LOI or an MOU only */
    assert_true(prospect_step_allowed("loi", "moved_in"));
    assert_true(prospect_step_allowed("mou", "moved_in"));
    assert_false(prospect_step_allowed("identified", "moved_in"));
    assert_false(prospect_step_allowed("contacted", "moved_in"));
    assert_false(prospect_step_allowed("meeting", "moved_in"));
    assert_false(prospect_step_allowed("dropped", "moved_in"));
    /* one step back corrects a mistake; two do not */
    assert_true(prospect_step_allowed("mou", "loi"));
    assert_true(prospect_step_allowed("contacted", "identified"));
    assert_false(prospect_step_allowed("mou", "meeting"));
    assert_false(prospect_step_allowed("loi", "identified"));
    /* every open stage may be dropped and taken up again; moved_in is final */
    for (int i = 0; i < STAGE_MOVED_IN; i++) {
        assert_true(prospect_step_allowed(prospect_stages[i].value, "dropped"));
        assert_true(prospect_step_allowed("dropped", prospect_stages[i].value));
    }
    for (int i = 0; i < STAGE__COUNT; i++)
        assert_false(prospect_step_allowed("moved_in", prospect_stages[i].value));
    /* no move to itself, none of unknown names */
    assert_false(prospect_step_allowed("loi", "loi"));
    assert_false(prospect_step_allowed("loi", "signed"));
    assert_false(prospect_step_allowed(NULL, "loi"));
    /* every transition names two known stages */
    for (const struct transition *t = prospect_transitions; t->from; t++) {
        assert_true(prospect_stage_index(t->from) >= 0);
        assert_true(prospect_stage_index(t->to) >= 0);
    }
}

static void test_needs_and_activity(void **state)
{
    (void)state;
    assert_string_equal(prospect_stage_needs("loi"), "loi_on");
    assert_string_equal(prospect_stage_needs("mou"), "mou_on");
    assert_string_equal(prospect_stage_needs("dropped"), "drop_reason");
    assert_null(prospect_stage_needs("meeting"));
    assert_null(prospect_stage_needs("moved_in"));
    assert_string_equal(prospect_change_kind("loi"), "loi");
    assert_string_equal(prospect_change_kind("mou"), "mou");
    assert_string_equal(prospect_change_kind("moved_in"), "stage_change");
    char s[200];
    prospect_change_summary("meeting", "loi", s, sizeof(s));
    assert_string_equal(s, "단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI");
    prospect_change_summary("x", "loi", s, sizeof(s));
    assert_string_equal(s, "단계 변경 / Stage changed");
    char small[8];
    prospect_change_summary("meeting", "loi", small, sizeof(small));
    assert_true(strlen(small) < sizeof(small));
}

static void test_org_ids(void **state)
{
    (void)state;
    long long ids[3];
    size_t n = 9;
    assert_true(prospect_org_ids("[\"101\", 117, \"9\"]", ids, 3, &n));
    assert_int_equal(n, 3);
    assert_int_equal(ids[0], 101);
    assert_int_equal(ids[1], 117);
    assert_int_equal(ids[2], 9);
    assert_true(prospect_org_ids("[]", ids, 3, &n));
    assert_int_equal(n, 0);
    assert_false(prospect_org_ids("[\"1\",\"2\",\"3\",\"4\"]", ids, 3, &n)); /* too many */
    assert_int_equal(n, 0);
    assert_false(prospect_org_ids("[\"abc\"]", ids, 3, &n));
    assert_false(prospect_org_ids("[\"0\"]", ids, 3, &n));
    assert_false(prospect_org_ids("[\"-4\"]", ids, 3, &n));
    assert_false(prospect_org_ids("[\"\"]", ids, 3, &n));
    assert_false(prospect_org_ids("[1.5]", ids, 3, &n));
    assert_false(prospect_org_ids("{\"a\":1}", ids, 3, &n));
    assert_false(prospect_org_ids("not json", ids, 3, &n));
    assert_false(prospect_org_ids(NULL, ids, 3, &n));
}

static void test_funnel(void **state)
{
    (void)state;
    struct funnel f = {0};
    assert_int_equal(funnel_conversion_permille(&f, STAGE_IDENTIFIED), -1);
    funnel_add(&f, "identified", "");
    funnel_add(&f, "contacted", "");
    funnel_add(&f, "loi", "");
    funnel_add(&f, "moved_in", "");
    funnel_add(&f, "dropped", "meeting");
    funnel_add(&f, "dropped", ""); /* dropped from nowhere known: counted, reached nothing */
    funnel_add(&f, "robot", "");
    assert_int_equal(f.total, 7);
    assert_int_equal(f.at[STAGE_DROPPED], 2);
    assert_int_equal(f.at[STAGE_LOI], 1);
    long long reached[] = {5, 4, 3, 2, 1, 1};
    for (int i = 0; i <= STAGE_MOVED_IN; i++)
        assert_int_equal(f.reached[i], reached[i]);
    assert_int_equal(funnel_conversion_permille(&f, STAGE_IDENTIFIED), 800);
    assert_int_equal(funnel_conversion_permille(&f, STAGE_CONTACTED), 750);
    assert_int_equal(funnel_conversion_permille(&f, STAGE_MEETING), 667); /* 2/3 rounded */
    assert_int_equal(funnel_conversion_permille(&f, STAGE_LOI), 500);
    assert_int_equal(funnel_conversion_permille(&f, STAGE_MOU), 1000);
    assert_int_equal(funnel_conversion_permille(&f, STAGE_MOVED_IN), -1);
    assert_int_equal(funnel_conversion_permille(&f, -1), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stages),
        cmocka_unit_test(test_moves),
        cmocka_unit_test(test_needs_and_activity),
        cmocka_unit_test(test_org_ids),
        cmocka_unit_test(test_funnel),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
