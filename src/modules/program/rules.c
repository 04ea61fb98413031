/*
 * program rules: periods of a term and amounts in 백만원 (rules.h).
 */
#include "modules/program/rules.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* The day before or after y-m-d. */
static void shift_day(int y, int m, int d, int by, char out[11])
{
    d += by;
    if (d < 1) {
        if (--m < 1)
            m = 12, y--;
        d = month_days(y, m);
    } else if (d > month_days(y, m)) {
        d = 1;
        if (++m > 12)
            m = 1, y++;
    }
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

size_t program_periods(const char *start, const char *end, struct program_period *out, size_t max)
{
    int sy, sm, sd, ey, em, ed;
    if (!parse_date(start, &sy, &sm, &sd) || !parse_date(end, &ey, &em, &ed) ||
        strcmp(start, end) > 0 || max < 3 || (size_t)(ey - sy) + 3 > max)
        return 0;
    size_t n = 0;
    snprintf(out[n].label, sizeof(out[n].label), "기투자");
    snprintf(out[n].from, sizeof(out[n].from), "0001-01-01");
    shift_day(sy, sm, sd, -1, out[n].to);
    n++;
    for (int y = sy; y <= ey; y++, n++) {
        struct program_period *p = &out[n];
        bool first = y == sy, last = y == ey;
        bool whole_start = !first || (sm == 1 && sd == 1);
        bool whole_end = !last || (em == 12 && ed == 31);
        if (first)
            memcpy(p->from, start, 11);
        else
            snprintf(p->from, sizeof(p->from), "%04d-01-01", y);
        if (last)
            memcpy(p->to, end, 11);
        else
            snprintf(p->to, sizeof(p->to), "%04d-12-31", y);
        int yy = ((y % 100) + 100) % 100;
        if (!whole_start) /* the term starts within the year: the month it starts in */
            snprintf(p->label, sizeof(p->label), "'%02d.%d.", yy, sm);
        else if (!whole_end) /* it ends within the year: the month it ends in */
            snprintf(p->label, sizeof(p->label), "'%02d.%d.", yy, em);
        else
            snprintf(p->label, sizeof(p->label), "'%02d", yy);
    }
    snprintf(out[n].label, sizeof(out[n].label), "임기후");
    shift_day(ey, em, ed, 1, out[n].from);
    snprintf(out[n].to, sizeof(out[n].to), "9999-12-31");
    return n + 1;
}

size_t program_period_of(const struct program_period *p, size_t n, const char *date)
{
    if (!n || !date)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(date, p[i].from) >= 0 && strcmp(date, p[i].to) <= 0)
            return i;
    return strcmp(date, p[0].from) < 0 ? 0 : n - 1;
}

void program_millions(long long won, char *out, size_t size)
{
    if (size == 0)
        return;
    out[0] = 0;
    if (won == 0)
        return;
    bool neg = won < 0;
    unsigned long long v = neg ? 0ULL - (unsigned long long)won : (unsigned long long)won;
    unsigned long long tenths = (v + 50000) / 100000; /* 백만원 to one decimal, rounded */
    unsigned long long whole = tenths / 10, frac = tenths % 10;
    char digits[32], grouped[48];
    snprintf(digits, sizeof(digits), "%llu", whole);
    size_t len = strlen(digits), g = 0;
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = 0;
    if (frac)
        snprintf(out, size, "%s%s.%llu", neg ? "-" : "", grouped, frac);
    else
        snprintf(out, size, "%s%s", neg ? "-" : "", grouped);
}

double program_millions_value(long long won) { return (double)won / 1e6; }
