/*
 * rules: the training module's pure rules (rules.h). No SQL, no HTTP.
 */
#include "modules/training/rules.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

bool training_survey_open(const char *status, const char *opens_on, const char *closes_on,
                          const char *today)
{
    if (!status || strcmp(status, "open") != 0 || !today)
        return false;
    if (opens_on && *opens_on && strcmp(today, opens_on) < 0)
        return false;
    return !(closes_on && *closes_on && strcmp(today, closes_on) > 0);
}

bool training_cohort_takes(const char *status, bool operator)
{
    if (!status)
        return false;
    if (strcmp(status, "recruiting") == 0)
        return true;
    return operator&&(strcmp(status, "planned") == 0 || strcmp(status, "running") == 0);
}

bool training_holds_seat(const char *status)
{
    return status && (strcmp(status, "applied") == 0 || strcmp(status, "approved") == 0 ||
                      strcmp(status, "completed") == 0);
}

bool training_seat_left(long long capacity, long long taken)
{
    return capacity > 0 && taken < capacity;
}

static bool is(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

bool training_status_allowed(const char *from, const char *to, bool operator)
{
    if (!from || !to)
        return false;
    if (is(from, to))
        return true;
    if (operator) {
        static const char *const moves[][2] = {
            {"applied", "approved"},   {"applied", "rejected"},   {"applied", "cancelled"},
            {"approved", "cancelled"}, {"approved", "completed"}, {"approved", "rejected"},
            {"rejected", "applied"},   {"rejected", "approved"},  {"cancelled", "applied"},
            {"completed", "approved"},
        };
        for (size_t i = 0; i < sizeof(moves) / sizeof(moves[0]); i++)
            if (is(from, moves[i][0]) && is(to, moves[i][1]))
                return true;
        return false;
    }
    if (is(to, "cancelled"))
        return is(from, "applied") || is(from, "approved");
    return is(from, "cancelled") && is(to, "applied");
}

long long training_sessions_needed(long long sessions, long long pass_percent)
{
    if (pass_percent < 1)
        pass_percent = 1;
    if (pass_percent > 100)
        pass_percent = 100;
    return (sessions * pass_percent + 99) / 100;
}

bool training_completes(long long attended, long long sessions, long long pass_percent)
{
    if (sessions <= 0 || attended <= 0)
        return false;
    return attended >= training_sessions_needed(sessions, pass_percent);
}

void training_certificate_no(int year, long long id, char out[TRAINING_CERT_NO_MAX])
{
    snprintf(out, TRAINING_CERT_NO_MAX, "BPMC-TR-%04d-%05lld", year, id);
}
