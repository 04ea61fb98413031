/*
 * rules: the pure rules of the investment module, apart from the database so that they are
 * unit-tested (tests/unit/test_investment.c): the investment stages, what a deal needs to be
 * invested, who moves a registration where and whether it fits the event, and how well an
 * investor and a company's round match (the score and its reasons).
 */
#ifndef BP_MODULE_INVESTMENT_RULES_H
#define BP_MODULE_INVESTMENT_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* The stages of a round, in order (seed, pre-a, series-a, ...): fundraisings' stage and the
 * investor profiles' stages take these values. */
#define INVEST_STAGES 6
extern const char *const invest_stage_values[INVEST_STAGES];
/* Their labels, as people say them (시리즈 A / Series A). */
extern const char *const invest_stage_ko[INVEST_STAGES];
extern const char *const invest_stage_en[INVEST_STAGES];
/* The index of stage s in invest_stage_values, or -1 when it is none. */
int invest_stage_index(const char *s);

/* The field a deal moving to stage `to` still lacks: "amount" or "invested_on" for an
 * investment without its amount or its date, else NULL. */
const char *deal_missing_for(const char *to, bool has_amount, bool has_date);

/* Whether a registration in this status holds its seats (requested, approved, attended). */
bool registration_holds_seats(const char *status);
/* Whether the one changing a registration may move it from from to to: its organisation only
 * cancels; operators approve, reject, mark attended and cancel. Leaving it is always allowed.
 * (Whether from -> to is a transition at all is the entry's to say.) */
bool registration_may_set(bool operator, const char *from, const char *to);
/* Whether seats more fit an event of capacity whose registrations hold taken seats. */
bool registration_fits(long long capacity, long long taken, long long seats);

enum registration_window { WINDOW_OPEN, WINDOW_NOT_YET, WINDOW_CLOSED };
/* Where now stands towards an event's registration window: opens and closes may be NULL or ""
 * (no bound); registrations close at the event's start in any case. All instants are the
 * stored UTC form (YYYY-MM-DDTHH:MM:SSZ), which orders as text. */
enum registration_window registration_window(const char *now, const char *opens,
                                             const char *closes, const char *starts);

/* --- matching an investor's profile with a company's round --- */

#define MATCH_SHARED_MAX 16

struct invest_investor {
    const char *const *stages; /* stage values it invests in */
    size_t nstages;
    const char *const *fields; /* tag slugs */
    size_t nfields;
    long long ticket_min, ticket_max; /* won; < 0: no bound */
};

struct invest_round {
    const char *stage;
    const char *const *fields;
    size_t nfields;
    long long amount; /* won; < 0: not said */
};

struct invest_match {
    int score;       /* 0..100 */
    bool stage;      /* the round's stage is one the investor invests in */
    bool amount;     /* the amount sought is within the investor's ticket range */
    size_t shared[MATCH_SHARED_MAX]; /* indexes of the round's fields the investor shares */
    size_t nshared;
};

/* The score of an investor and a round with its reasons: 40 for the stage, 15 for each shared
 * field (at most 45), 15 for an amount within the ticket range (both bounds absent: no
 * points, one absent: no bound on that side). A pair that shares nothing scores 0. */
void invest_match_score(const struct invest_investor *inv, const struct invest_round *round,
                        struct invest_match *out);

/* --- high-growth discovery from quarterly KPI reports --- */

/* A company's figures in one quarterly report: q is year * 4 + quarter - 1; a figure < 0 was not
 * reported. Revenue is the quarter's, in won; employees a head count. */
struct kpi_figures {
    int q;
    long long revenue, employees;
};

struct kpi_growth {
    int quarters;                   /* between the two reports (> 0 when compared) */
    bool has_revenue, has_employees; /* both reports have the figure, the earlier one above 0
                                        (employees: at least HIGH_GROWTH_MIN_EMPLOYEES) */
    long long revenue_pct, employees_pct; /* annualised growth in percent (linear: the change
                                             over the quarters between, times 4 / quarters) */
    bool high;                      /* either grows by at least HIGH_GROWTH_PCT a year */
    long long score;                /* the larger of the two growths (0 when neither is known) */
};

#define HIGH_GROWTH_PCT 20 /* the OECD's threshold of a high-growth enterprise: 20 % a year */
#define HIGH_GROWTH_MIN_EMPLOYEES 10 /* and its size at the start, for head-count growth */

/* How a company grew from report prev to the later report cur. */
void kpi_growth_of(const struct kpi_figures *prev, const struct kpi_figures *cur,
                   struct kpi_growth *out);

#endif
