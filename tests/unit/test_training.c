/*
 * test_training: the pure rules of the training module (modules/training/rules.c): when a
 * survey takes answers, which cohorts take applications, seats, who moves an enrollment where,
 * when attendance completes a course, and the certificate's number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/training/rules.h"

static void test_survey_open(void **state)
{
    (void)state;
    assert_true(training_survey_open("open", "2027-01-01", "2027-01-31", "2027-01-01"));
    assert_true(training_survey_open("open", "2027-01-01", "2027-01-31", "2027-01-31"));
    assert_false(training_survey_open("open", "2027-01-01", "2027-01-31", "2026-12-31"));
    assert_false(training_survey_open("open", "2027-01-01", "2027-01-31", "2027-02-01"));
    assert_false(training_survey_open("draft", "2027-01-01", "2027-01-31", "2027-01-15"));
    assert_false(training_survey_open("closed", "2027-01-01", "2027-01-31", "2027-01-15"));
    assert_true(training_survey_open("open", "", "", "2027-01-15")); /* no bounds */
    assert_false(training_survey_open(NULL, "2027-01-01", "2027-01-31", "2027-01-15"));
}

static void test_cohort_takes(void **state)
{
    (void)state;
    assert_true(training_cohort_takes("recruiting", false));
    assert_true(training_cohort_takes("recruiting", true));
    assert_false(training_cohort_takes("planned", false));
    assert_true(training_cohort_takes("planned", true));
    assert_false(training_cohort_takes("running", false));
    assert_true(training_cohort_takes("running", true));
    assert_false(training_cohort_takes("done", true));
    assert_false(training_cohort_takes("done", false));
}

static void test_seats(void **state)
{
    (void)state;
    assert_true(training_seat_left(1, 0));
    assert_false(training_seat_left(1, 1));
    assert_true(training_seat_left(20, 19));
    assert_false(training_seat_left(20, 20));
    assert_false(training_seat_left(20, 25));
    assert_false(training_seat_left(0, 0));
    assert_true(training_holds_seat("applied"));
    assert_true(training_holds_seat("approved"));
    assert_true(training_holds_seat("completed"));
    assert_false(training_holds_seat("rejected"));
    assert_false(training_holds_seat("cancelled"));
    assert_false(training_holds_seat(NULL));
}

static void test_status_allowed(void **state)
{
    (void)state;
    static const char *const s[] = {"applied", "approved", "rejected", "cancelled", "completed"};
    /* from s[row] to s[col]: operators, then the trainee's side */
    static const bool op[5][5] = {
        {1, 1, 1, 1, 0}, {0, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 1, 0}, {0, 1, 0, 0, 1},
    };
    static const bool own[5][5] = {
        {1, 0, 0, 1, 0}, {0, 1, 0, 1, 0}, {0, 0, 1, 0, 0}, {1, 0, 0, 1, 0}, {0, 0, 0, 0, 1},
    };
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            assert_int_equal(training_status_allowed(s[i], s[j], true), op[i][j]);
            assert_int_equal(training_status_allowed(s[i], s[j], false), own[i][j]);
        }
    assert_false(training_status_allowed(NULL, "applied", true));
}

static void test_completes(void **state)
{
    (void)state;
    assert_int_equal(training_sessions_needed(10, 80), 8);
    assert_int_equal(training_sessions_needed(9, 80), 8); /* 7.2 rounds up */
    assert_int_equal(training_sessions_needed(12, 75), 9);
    assert_int_equal(training_sessions_needed(5, 100), 5);
    assert_int_equal(training_sessions_needed(5, 0), 1);   /* at least 1 % */
    assert_int_equal(training_sessions_needed(5, 150), 5); /* at most all of them */
    assert_true(training_completes(8, 10, 80));
    assert_false(training_completes(7, 10, 80));
    assert_true(training_completes(10, 10, 80));
    assert_false(training_completes(7, 9, 80));
    assert_true(training_completes(8, 9, 80));
    assert_false(training_completes(0, 0, 80)); /* no sessions: no one completes */
    assert_false(training_completes(0, 1, 1));
}

static void test_certificate_no(void **state)
{
    (void)state;
    char no[TRAINING_CERT_NO_MAX];
    training_certificate_no(2027, 42, no);
    assert_string_equal(no, "BPMC-TR-2027-00042");
    training_certificate_no(2027, 1234567, no);
    assert_string_equal(no, "BPMC-TR-2027-1234567");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_survey_open), cmocka_unit_test(test_cohort_takes),
        cmocka_unit_test(test_seats),       cmocka_unit_test(test_status_allowed),
        cmocka_unit_test(test_completes),   cmocka_unit_test(test_certificate_no),
    };
    return cmocka_run_group_tests_name("training rules", tests, NULL, NULL);
}
