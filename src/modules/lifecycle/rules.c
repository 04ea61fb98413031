/*
 * rules: the lifecycle module's pure rules (see rules.h).
 */
#include "modules/lifecycle/rules.h"

#include <stdio.h>
#include <string.h>

#include "base/validate.h"
#include "base/banned.h"

/* --- stages --- */

static const char *const stage_order[] = {
    "basic-research", "rnd", "education", "clinical", "marketing", "commercialization",
};
#define STAGES (sizeof(stage_order) / sizeof(stage_order[0]))
#define STAGE_EDUCATION 2 /* the one stage a step forward may skip */

int stage_index(const char *stage)
{
    for (size_t i = 0; stage && i < STAGES; i++)
        if (strcmp(stage, stage_order[i]) == 0)
            return (int)i;
    return -1;
}

bool stage_step_allowed(const char *from, const char *to)
{
    int b = stage_index(to);
    if (b < 0)
        return false;
    if (!from || !*from)
        return true;
    int a = stage_index(from);
    if (a < 0)
        return true; /* an unknown past: start afresh */
    if (b <= a + 1) /* back, the same stage (new evidence), or one step on */
        return true;
    return b == a + 2 && a + 1 == STAGE_EDUCATION;
}

/* --- calendar --- */

#define DAY_SECONDS 86400LL
#define KOREA_OFFSET (9 * 3600LL) /* UTC+9, no daylight saving */
#define WORKDAY_END_HOUR 18       /* a day's deadlines fall at 18:00 Korean time */

static long long floor_div(long long a, long long b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

bool sla_working_day(const struct sla_holidays *holidays, long long day)
{
    long long weekday = ((day % 7) + 7 + 4) % 7; /* 1970-01-01 was a Thursday; 0 = Sunday */
    if (weekday == 0 || weekday == 6)
        return false;
    for (size_t i = 0; holidays && i < holidays->n; i++)
        if (holidays->day[i] == day)
            return false;
    return true;
}

long long sla_korean_day(time_t t)
{
    return floor_div((long long)t + KOREA_OFFSET, DAY_SECONDS);
}

/* --- SLA --- */

struct sla_row {
    const char *category;
    int first_days, resolve_days; /* working days, at normal urgency */
};

/* clang-format off */
static const struct sla_row sla_table[] = {
    {"consulting",      2, 10},
    {"ip",              2, 15},
    {"regulatory",      2, 15},
    {"clinical-design", 3, 20},
    {"marketing",       2, 10},
    {"export",          2, 15},
    {"funding",         2, 10},
    {"facilities",      1,  3},
    {"other",           3, 10},
};
/* clang-format on */

bool sla_days(const char *category, const char *urgency, int *first_days, int *resolve_days)
{
    const struct sla_row *row = NULL;
    for (size_t i = 0; category && i < sizeof(sla_table) / sizeof(sla_table[0]); i++)
        if (strcmp(sla_table[i].category, category) == 0)
            row = &sla_table[i];
    if (!row || !urgency)
        return false;
    if (strcmp(urgency, "normal") == 0) {
        *first_days = row->first_days;
        *resolve_days = row->resolve_days;
    } else if (strcmp(urgency, "urgent") == 0) { /* answered the same day, solved in half */
        *first_days = 0;
        *resolve_days = (row->resolve_days + 1) / 2;
    } else if (strcmp(urgency, "low") == 0) {
        *first_days = row->first_days + 1;
        *resolve_days = row->resolve_days + 5;
    } else {
        return false;
    }
    return true;
}

time_t sla_deadline(const struct sla_holidays *holidays, time_t filed, int days)
{
    long long local = (long long)filed + KOREA_OFFSET;
    long long day = floor_div(local, DAY_SECONDS);
    long long second = local - day * DAY_SECONDS;
    /* filed on a day off or after 18:00: the clock starts the next working day */
    if (!sla_working_day(holidays, day) || second >= WORKDAY_END_HOUR * 3600LL)
        do
            day++;
        while (!sla_working_day(holidays, day));
    for (int i = 0; i < days; i++)
        do
            day++;
        while (!sla_working_day(holidays, day));
    return (time_t)(day * DAY_SECONDS + WORKDAY_END_HOUR * 3600LL - KOREA_OFFSET);
}

bool sla_deadlines(const struct sla_holidays *holidays, const char *category, const char *urgency,
                   time_t filed, time_t *first_due, time_t *resolve_due)
{
    int first, resolve;
    if (!sla_days(category, urgency, &first, &resolve))
        return false;
    *first_due = sla_deadline(holidays, filed, first);
    *resolve_due = sla_deadline(holidays, filed, resolve);
    return true;
}

void sla_format(time_t t, char out[21])
{
    long long s = (long long)t, day = floor_div(s, DAY_SECONDS);
    unsigned rest = (unsigned)(s - day * DAY_SECONDS), year;
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    year = (unsigned)(y < 0 ? 0 : y % 10000);
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", year % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u, rest / 3600 % 100u, rest / 60 % 60, rest % 60);
}

static bool digits(const char *s, size_t n, unsigned *out)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    *out = v;
    return true;
}

bool sla_parse(const char *text, time_t *out)
{
    unsigned y, mo, d, h, mi, s;
    size_t len = text ? strlen(text) : 0, frac = 0;
    if (len > 21 && text[19] == '.') { /* fractions of a second (created_at) are dropped */
        for (frac = 1; 19 + frac < len - 1 && text[19 + frac] >= '0' && text[19 + frac] <= '9';)
            frac++;
        if (frac == 1)
            return false; /* a point without digits */
    }
    if (len < 20 || len != 20 + frac || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[len - 1] != 'Z' || !digits(text, 4, &y) ||
        !digits(text + 5, 2, &mo) || !digits(text + 8, 2, &d) || !digits(text + 11, 2, &h) ||
        !digits(text + 14, 2, &mi) || !digits(text + 17, 2, &s) || mo < 1 || mo > 12 || d < 1 ||
        d > 31 || h > 23 || mi > 59 || s > 59)
        return false;
    *out = (time_t)(days_from_civil(y, (int)mo, (int)d) * DAY_SECONDS + h * 3600LL + mi * 60LL + s);
    return true;
}

/* --- support requests: sides --- */

enum request_side request_side_of(bool operator, long long org, long long company,
                                  long long partner)
{
    if (operator)
        return REQUEST_OPERATOR;
    if (org > 0 && org == company)
        return REQUEST_COMPANY;
    if (org > 0 && org == partner)
        return REQUEST_PARTNER;
    return REQUEST_OUTSIDER;
}

static bool is(const char *a, const char *b)
{
    return a && strcmp(a, b) == 0;
}

bool request_may_set_status(enum request_side side, const char *from, const char *to)
{
    if (is(from, to))
        return true;
    switch (side) {
    case REQUEST_OPERATOR:
        return true;
    case REQUEST_COMPANY: /* withdraw, accept the resolution, reopen */
        return (is(to, "closed") && (is(from, "new") || is(from, "triaged") || is(from, "resolved"))) ||
               (is(to, "in-progress") && (is(from, "resolved") || is(from, "closed")));
    case REQUEST_PARTNER:
        return (is(from, "triaged") && is(to, "in-progress")) ||
               (is(from, "in-progress") && is(to, "resolved"));
    case REQUEST_OUTSIDER:
        break;
    }
    return false;
}

bool request_may_write(enum request_side side, const char *field)
{
    static const char *const company[] = {"title", "description", "urgency", "attachment_id",
                                          "rating", "status", NULL};
    static const char *const partner[] = {"response", "status", NULL};
    const char *const *list = NULL;
    switch (side) {
    case REQUEST_OPERATOR:
        return !is(field, "rating");
    case REQUEST_COMPANY:
        list = company;
        break;
    case REQUEST_PARTNER:
        list = partner;
        break;
    case REQUEST_OUTSIDER:
        return false;
    }
    for (; *list; list++)
        if (is(field, *list))
            return true;
    return false;
}

/* --- KPI reports --- */

const char *const kpi_metric_fields[KPI__COUNT] = {
    "revenue", "employees", "rnd_spend", "patents", "funding_raised", "export_revenue",
};

size_t kpi_warnings(const struct kpi_figures *prev, const struct kpi_figures *cur,
                    char out[KPI_WARNINGS_MAX][128])
{
    size_t n = 0;
    for (int m = 0; m < KPI__COUNT && n < KPI_WARNINGS_MAX; m++) {
        if (!prev->has[m] || !cur->has[m] || prev->v[m] <= 0 || cur->v[m] < 0)
            continue;
        long long a = prev->v[m], b = cur->v[m];
        const char *field = kpi_metric_fields[m];
        if (m == KPI_PATENTS && b < a)
            snprintf(out[n++], 128, "%s: 감소 / fell (%lld → %lld)", field, a, b);
        else if (b / KPI_JUMP_FACTOR >= a)
            snprintf(out[n++], 128, "%s: 10배 이상 증가 / x10 or more (was %lld)", field, a);
        else if (b > 0 && b * KPI_JUMP_FACTOR <= a)
            snprintf(out[n++], 128, "%s: 1/10 이하로 감소 / a tenth or less (was %lld)", field, a);
    }
    return n;
}

void kpi_previous(int year, int quarter, int *py, int *pq)
{
    *py = quarter <= 1 ? year - 1 : year;
    *pq = quarter <= 1 ? 4 : quarter - 1;
}

void kpi_due_quarter(int year, int month, int day, int *qy, int *qq)
{
    int current = (month - 1) / 3 + 1, first_month = (current - 1) * 3 + 1;
    kpi_previous(year, current, qy, qq);
    if (month == first_month && day < KPI_DUE_DAY)
        kpi_previous(*qy, *qq, qy, qq); /* the last quarter's report is not due yet */
}
