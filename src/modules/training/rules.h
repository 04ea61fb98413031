/*
 * rules: the training module's pure rules, apart from the database so that they are unit-tested
 * (tests/unit/test_training.c): when a survey takes answers, who may move an enrollment from
 * one status to another, whether a cohort has a seat left, when attendance completes a course
 * (수료), and the number printed on a completion certificate.
 */
#ifndef BP_MODULE_TRAINING_RULES_H
#define BP_MODULE_TRAINING_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* Whether a survey of status (draft / open / closed) that runs from opens_on to closes_on
 * (YYYY-MM-DD, both included) takes answers on day today (YYYY-MM-DD, Seoul): open, and today
 * within its period. */
bool training_survey_open(const char *status, const char *opens_on, const char *closes_on,
                          const char *today);

/* Whether a cohort of status (planned / recruiting / running / done) takes applications: from
 * its trainees, while recruiting; from operators, also before it runs (planned) and while it
 * runs (a late joiner), never once done. */
bool training_cohort_takes(const char *status, bool operator);

/* Whether an enrollment of status holds a seat of its cohort: applied, approved, completed
 * (not rejected or cancelled). */
bool training_holds_seat(const char *status);

/* Whether capacity seats, taken of them already, leave one more: capacity at least 1. */
bool training_seat_left(long long capacity, long long taken);

/* Whether an enrollment may move from status from to status to (applied, approved, rejected,
 * cancelled, completed), by an operator or by the trainee's side (the trainee, their
 * organisation): operators approve, reject, complete and undo; the trainee's side cancels what
 * is applied or approved, and applies again after cancelling. The same status is no move
 * (true). */
bool training_status_allowed(const char *from, const char *to, bool operator);

/* Whether attended sessions of a cohort of sessions complete it at pass_percent (1..100): at
 * least pass_percent of the sessions, rounded up (80 % of 9 sessions: 8). A cohort of no
 * sessions completes no one. */
bool training_completes(long long attended, long long sessions, long long pass_percent);

/* The fewest sessions that complete a cohort of sessions at pass_percent. */
long long training_sessions_needed(long long sessions, long long pass_percent);

/* The certificate number of enrollment id completed in year: "BPMC-TR-2027-00042" (at least
 * five digits). out holds at least TRAINING_CERT_NO_MAX bytes. */
#define TRAINING_CERT_NO_MAX 40
void training_certificate_no(int year, long long id, char out[TRAINING_CERT_NO_MAX]);

#endif
