/*
 * rules: the investment module's pure rules (rules.h). No SQL, no HTTP.
 */
#include "modules/investment/rules.h"

#include <string.h>

#include "base/banned.h"

const char *const invest_stage_values[INVEST_STAGES] = {
    "seed", "pre-a", "series-a", "series-b", "series-c", "pre-ipo",
};

const char *const invest_stage_ko[INVEST_STAGES] = {
    "시드", "프리 A", "시리즈 A", "시리즈 B", "시리즈 C 이상", "프리 IPO",
};
const char *const invest_stage_en[INVEST_STAGES] = {
    "Seed", "Pre-A", "Series A", "Series B", "Series C+", "Pre-IPO",
};

int invest_stage_index(const char *s)
{
    for (int i = 0; s && i < INVEST_STAGES; i++)
        if (strcmp(s, invest_stage_values[i]) == 0)
            return i;
    return -1;
}

const char *deal_missing_for(const char *to, bool has_amount, bool has_date)
{
    if (!to || strcmp(to, "invested") != 0)
        return NULL;
    if (!has_amount)
        return "amount";
    return has_date ? NULL : "invested_on";
}

bool registration_holds_seats(const char *status)
{
    return status && (strcmp(status, "requested") == 0 || strcmp(status, "approved") == 0 ||
                      strcmp(status, "attended") == 0);
}

bool registration_may_set(bool operator, const char *from, const char *to)
{
    if (!from || !to)
        return false;
    if (strcmp(from, to) == 0 || operator)
        return true;
    return strcmp(to, "cancelled") == 0 &&
           (strcmp(from, "requested") == 0 || strcmp(from, "approved") == 0);
}

bool registration_fits(long long capacity, long long taken, long long seats)
{
    return seats > 0 && taken >= 0 && capacity >= 0 && seats <= capacity - taken;
}

enum registration_window registration_window(const char *now, const char *opens,
                                             const char *closes, const char *starts)
{
    if (opens && *opens && strcmp(now, opens) < 0)
        return WINDOW_NOT_YET;
    if ((closes && *closes && strcmp(now, closes) > 0) || (starts && *starts && strcmp(now, starts) >= 0))
        return WINDOW_CLOSED;
    return WINDOW_OPEN;
}

static bool has(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (list[i] && strcmp(list[i], s) == 0)
            return true;
    return false;
}

void invest_match_score(const struct invest_investor *inv, const struct invest_round *round,
                        struct invest_match *out)
{
    memset(out, 0, sizeof(*out));
    out->stage = has(inv->stages, inv->nstages, round->stage);
    for (size_t i = 0; i < round->nfields && out->nshared < MATCH_SHARED_MAX; i++)
        if (has(inv->fields, inv->nfields, round->fields[i]) &&
            !has(round->fields, i, round->fields[i])) /* a field said twice counts once */
            out->shared[out->nshared++] = i;
    bool bounded = inv->ticket_min >= 0 || inv->ticket_max >= 0;
    out->amount = bounded && round->amount >= 0 &&
                  (inv->ticket_min < 0 || round->amount >= inv->ticket_min) &&
                  (inv->ticket_max < 0 || round->amount <= inv->ticket_max);
    size_t fields = out->nshared < 3 ? out->nshared : 3;
    out->score = (out->stage ? 40 : 0) + (int)fields * 15 + (out->amount ? 15 : 0);
}

/* The annualised growth from a to b over n quarters, in percent, rounded toward zero. */
static long long annual_pct(long long a, long long b, int n)
{
    return (b - a) * 100 * 4 / (a * n);
}

void kpi_growth_of(const struct kpi_figures *prev, const struct kpi_figures *cur,
                   struct kpi_growth *out)
{
    memset(out, 0, sizeof(*out));
    out->quarters = cur->q - prev->q;
    if (out->quarters <= 0)
        return;
    out->has_revenue = prev->revenue > 0 && cur->revenue >= 0;
    out->has_employees = prev->employees >= HIGH_GROWTH_MIN_EMPLOYEES && cur->employees >= 0;
    if (out->has_revenue)
        out->revenue_pct = annual_pct(prev->revenue, cur->revenue, out->quarters);
    if (out->has_employees)
        out->employees_pct = annual_pct(prev->employees, cur->employees, out->quarters);
    out->high = (out->has_revenue && out->revenue_pct >= HIGH_GROWTH_PCT) ||
                (out->has_employees && out->employees_pct >= HIGH_GROWTH_PCT);
    if (out->has_revenue && out->has_employees)
        out->score = out->revenue_pct > out->employees_pct ? out->revenue_pct : out->employees_pct;
    else if (out->has_revenue || out->has_employees)
        out->score = out->has_revenue ? out->revenue_pct : out->employees_pct;
}
