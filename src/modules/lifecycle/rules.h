/*
 * rules: the lifecycle module's pure rules, apart from the database so that they are
 * unit-tested (tests/unit/test_lifecycle.c): which stage may follow which, when a support
 * request's first answer and resolution are due (working days in Korea: weekends and public
 * holidays do not count), who may move a request where, and which KPI figures look wrong
 * against the previous quarter.
 */
#ifndef BP_MODULE_LIFECYCLE_RULES_H
#define BP_MODULE_LIFECYCLE_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* --- stages --- */

/* The position of a stage in the journey basic-research → rnd → education → clinical →
 * marketing → commercialization (0..5), or -1 for anything else. */
int stage_index(const char *stage);
/* Whether a company may move from stage from (NULL: no stage yet) to stage to: any first stage;
 * then the same stage again (new evidence), one step forward, two when the step skipped is
 * education (not every company trains), or back to any earlier stage (a failed trial sends a
 * company back to R&D). Leaping further ahead is refused. */
bool stage_step_allowed(const char *from, const char *to);

/* --- support requests: SLA --- */

/* The public holidays an SLA clock skips: days since 1970-01-01 (calendar days in Korea),
 * ascending, as read from the holidays table (lifecycle_holidays_load, calendar.c) for the
 * days a deadline may reach. */
#define SLA_HOLIDAYS_MAX 64
struct sla_holidays {
    long long day[SLA_HOLIDAYS_MAX];
    size_t n;
};
/* Whether day (days since 1970-01-01, a calendar day in Korea) is a working day: not a
 * Saturday, Sunday or one of holidays (NULL: none). */
bool sla_working_day(const struct sla_holidays *holidays, long long day);
/* The working days allowed for a first answer and for the resolution of a request of category
 * (consulting, ip, regulatory, clinical-design, marketing, export, funding, facilities, other)
 * and urgency (low, normal, urgent); false for an unknown category or urgency. An urgent
 * request's first answer is due the same working day. */
bool sla_days(const char *category, const char *urgency, int *first_days, int *resolve_days);
/* The deadline days working days after filed: 18:00 Korean time on that working day, where a
 * request filed on a day off or after 18:00 starts its clock the next working day (day 0). */
time_t sla_deadline(const struct sla_holidays *holidays, time_t filed, int days);
/* Both deadlines of a request filed at filed; false for an unknown category or urgency. */
bool sla_deadlines(const struct sla_holidays *holidays, const char *category, const char *urgency,
                   time_t filed, time_t *first_due, time_t *resolve_due);
/* The Korean calendar day (days since 1970-01-01) of the instant t. */
long long sla_korean_day(time_t t);
/* The longest a deadline reaches past its filing day, in calendar days (the holidays loaded). */
#define SLA_HORIZON_DAYS 120
/* t as YYYY-MM-DDTHH:MM:SSZ (UTC) into out; and back (fractions of a second allowed and
 * dropped; false when text is not that form). */
void sla_format(time_t t, char out[21]);
bool sla_parse(const char *text, time_t *out);

/* --- support requests: who moves them --- */

enum request_side {
    REQUEST_OUTSIDER, /* not theirs: the request does not exist for them */
    REQUEST_COMPANY,  /* the organisation that asked */
    REQUEST_PARTNER,  /* the partner organisation it is assigned to */
    REQUEST_OPERATOR, /* the support center */
};

enum request_side request_side_of(bool operator, long long org, long long company,
                                  long long partner);
/* Whether side may move a request from from to to (the entry's transitions decide whether the
 * step exists at all): the company closes (withdraws a new request, accepts a resolution) and
 * reopens; the assigned partner starts and resolves; operators any step. */
bool request_may_set_status(enum request_side side, const char *from, const char *to);
/* Whether side may write field: the company its title, description, urgency, attachment and
 * rating; the partner the response; operators all but the rating (the company's to give). */
bool request_may_write(enum request_side side, const char *field);

/* --- KPI reports --- */

enum kpi_metric {
    KPI_REVENUE,
    KPI_EMPLOYEES,
    KPI_RND_SPEND,
    KPI_PATENTS,
    KPI_FUNDING,
    KPI_EXPORT,
    KPI__COUNT,
};
/* The field names of the metrics, in enum order. */
extern const char *const kpi_metric_fields[KPI__COUNT];

/* A quarter's figures: has[m] says whether the report gives metric m. */
struct kpi_figures {
    long long v[KPI__COUNT];
    bool has[KPI__COUNT];
};

#define KPI_JUMP_FACTOR 10 /* a figure ten times the last quarter's (or a tenth) is a warning */
#define KPI_WARNINGS_MAX KPI__COUNT

/* The warnings of cur against prev (the previous quarter's report), as texts "<field>: ..."
 * into out (each at most 120 bytes), returning how many: a figure that is at least ten times
 * the previous one or at most a tenth of it (both non-zero), and a patent count that fell.
 * Warnings ask for a second look; they refuse nothing. */
size_t kpi_warnings(const struct kpi_figures *prev, const struct kpi_figures *cur,
                    char out[KPI_WARNINGS_MAX][128]);
/* The quarter before (year, quarter). */
void kpi_previous(int year, int quarter, int *py, int *pq);
#define KPI_DUE_DAY 20 /* a quarter's report is due on the 20th of the month after it ends */
/* The latest quarter whose report is due on or before the calendar date year-month-day (in
 * Korea): the previous quarter from the 20th of a quarter's first month, else the one before. */
void kpi_due_quarter(int year, int month, int day, int *qy, int *qq);

#endif
