/*
 * rules: booking rules without the database (rules.h).
 */
#include "modules/facilities/rules.h"

#include <string.h>

#include "base/validate.h"
#include "base/banned.h"

static bool digits(const char *s, size_t n, long long *out)
{
    long long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool instant_parse(const char *s, long long *t)
{
    long long y, mo, d, h, mi, se;
    if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' ||
        s[16] != ':' || s[19] != 'Z')
        return false;
    if (!digits(s, 4, &y) || !digits(s + 5, 2, &mo) || !digits(s + 8, 2, &d) ||
        !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) || !digits(s + 17, 2, &se))
        return false;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59)
        return false;
    *t = days_from_civil(y, (int)mo, (int)d) * DAY_S + h * 3600 + mi * 60 + se;
    return true;
}

static long long floor_div(long long a, long long b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

/* n's last width decimal digits into out (the calendar fields here are never negative). */
static void put_digits(char *out, long long n, int width)
{
    if (n < 0)
        n = 0;
    for (int i = width - 1; i >= 0; i--, n /= 10)
        out[i] = (char)('0' + n % 10);
}

/* day (days since the epoch) as YYYY-MM-DD into out (10 bytes, no terminator). */
static void put_date(char *out, long long day)
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    put_digits(out, y, 4);
    out[4] = '-';
    put_digits(out + 5, m, 2);
    out[7] = '-';
    put_digits(out + 8, d, 2);
}

void instant_format(long long t, char out[21])
{
    long long day = floor_div(t, DAY_S), sec = t - day * DAY_S;
    put_date(out, day);
    out[10] = 'T';
    put_digits(out + 11, sec / 3600, 2);
    out[13] = ':';
    put_digits(out + 14, sec / 60 % 60, 2);
    out[16] = ':';
    put_digits(out + 17, sec % 60, 2);
    out[19] = 'Z';
    out[20] = '\0';
}

void seoul_date(long long t, char out[11])
{
    put_date(out, floor_div(t + SEOUL_OFFSET_S, DAY_S));
    out[10] = '\0';
}

bool intervals_overlap(long long a0, long long a1, long long b0, long long b1)
{
    return a0 < b1 && b0 < a1;
}

bool hours_parse(const char *s, int *open, int *close)
{
    long long h0, m0, h1, m1;
    *open = *close = 0;
    if (!s || !*s)
        return true;
    if (strlen(s) != 11 || s[2] != ':' || s[5] != '-' || s[8] != ':' || !digits(s, 2, &h0) ||
        !digits(s + 3, 2, &m0) || !digits(s + 6, 2, &h1) || !digits(s + 9, 2, &m1))
        return false;
    if (m0 > 59 || m1 > 59 || h0 > 23 || h1 > 24 || (h1 == 24 && m1 != 0))
        return false;
    if (h1 * 60 + m1 <= h0 * 60 + m0)
        return false;
    *open = (int)(h0 * 60 + m0);
    *close = (int)(h1 * 60 + m1);
    return true;
}

/* The start of the Seoul day holding t, and its weekday (0 Monday … 6 Sunday). */
static long long seoul_day_start(long long t, int *weekday)
{
    long long day = floor_div(t + SEOUL_OFFSET_S, DAY_S);
    /* 1970-01-01 was a Thursday (3) */
    long long w = (day + 3) % 7;
    *weekday = (int)(w < 0 ? w + 7 : w);
    return day * DAY_S - SEOUL_OFFSET_S;
}

enum booking_fault booking_check(const struct booking_rules *r, long long start, long long end,
                                 long long now)
{
    if (end <= start)
        return BOOKING_ORDER;
    if (start < now)
        return BOOKING_PAST;
    if (start > now + r->lead_days * DAY_S)
        return BOOKING_AHEAD;
    long long minutes = (end - start) / 60;
    if (minutes < r->min_minutes)
        return BOOKING_SHORT;
    if (r->max_minutes > 0 && minutes > r->max_minutes)
        return BOOKING_LONG;
    if (r->slot_minutes > 0) {
        long long slot = r->slot_minutes * 60;
        int wd;
        if ((start - seoul_day_start(start, &wd)) % slot || (end - seoul_day_start(end, &wd)) % slot)
            return BOOKING_SLOT;
    }
    /* every Seoul day the booking touches is open over the part that falls on it */
    for (long long t = start; t < end;) {
        int wd, open, close;
        long long day = seoul_day_start(t, &wd);
        long long part_end = end < day + DAY_S ? end : day + DAY_S;
        if (!hours_parse(r->hours[wd], &open, &close) || open == close)
            return BOOKING_CLOSED;
        if (t < day + open * 60LL || part_end > day + close * 60LL)
            return BOOKING_CLOSED;
        t = part_end;
    }
    return BOOKING_OK;
}

const char *booking_fault_field(enum booking_fault f)
{
    return f == BOOKING_ORDER || f == BOOKING_SHORT || f == BOOKING_LONG ? "ends_at" : "starts_at";
}

const char *booking_fault_ko(enum booking_fault f)
{
    switch (f) {
    case BOOKING_ORDER: return "종료 일시는 시작 일시보다 뒤여야 합니다";
    case BOOKING_PAST: return "지난 시간은 예약할 수 없습니다";
    case BOOKING_AHEAD: return "예약 가능 기간보다 먼 날짜입니다";
    case BOOKING_SHORT: return "최소 예약 시간보다 짧습니다";
    case BOOKING_LONG: return "최대 예약 시간보다 깁니다";
    case BOOKING_SLOT: return "예약 단위(슬롯)에 맞지 않는 시각입니다";
    case BOOKING_CLOSED: return "운영 시간 밖입니다";
    case BOOKING_OK: break;
    }
    return "";
}

const char *booking_fault_en(enum booking_fault f)
{
    switch (f) {
    case BOOKING_ORDER: return "must end after it starts";
    case BOOKING_PAST: return "is in the past";
    case BOOKING_AHEAD: return "is further ahead than this resource may be booked";
    case BOOKING_SHORT: return "is shorter than the minimum booking length";
    case BOOKING_LONG: return "is longer than the maximum booking length";
    case BOOKING_SLOT: return "is off the resource's slot grid";
    case BOOKING_CLOSED: return "is outside the opening hours";
    case BOOKING_OK: break;
    }
    return "";
}

size_t opening_intervals(const struct booking_rules *r, long long from, long long to,
                         long long (*out)[2], size_t max)
{
    size_t n = 0;
    int wd;
    for (long long day = seoul_day_start(from, &wd); day < to && n < max; day += DAY_S) {
        int open, close, w;
        (void)seoul_day_start(day, &w);
        if (!hours_parse(r->hours[w], &open, &close) || open == close)
            continue;
        long long a = day + open * 60LL, b = day + close * 60LL;
        a = a < from ? from : a;
        b = b > to ? to : b;
        if (a >= b)
            continue;
        if (n && out[n - 1][1] == a) /* open till midnight and from midnight: one interval */
            out[n - 1][1] = b;
        else {
            out[n][0] = a;
            out[n][1] = b;
            n++;
        }
    }
    return n;
}

size_t free_intervals(const long long (*open)[2], size_t nopen, const long long (*busy)[2],
                      size_t nbusy, long long (*out)[2], size_t max)
{
    size_t n = 0, j = 0;
    for (size_t i = 0; i < nopen && n < max; i++) {
        long long at = open[i][0], end = open[i][1];
        while (j < nbusy && busy[j][1] <= at)
            j++;
        for (size_t k = j; k < nbusy && busy[k][0] < end && at < end; k++) {
            if (busy[k][1] <= at)
                continue;
            if (busy[k][0] > at && n < max) {
                out[n][0] = at;
                out[n][1] = busy[k][0];
                n++;
            }
            if (busy[k][1] > at)
                at = busy[k][1];
        }
        if (at < end && n < max) {
            out[n][0] = at;
            out[n][1] = end;
            n++;
        }
    }
    return n;
}

bool cancel_allowed(long long start, long long cancel_hours, long long now)
{
    return now < start - (cancel_hours > 0 ? cancel_hours : 0) * 3600;
}

long long booking_fee(long long minutes, long long hourly_fee)
{
    if (minutes <= 0 || hourly_fee <= 0)
        return 0;
    return (minutes * hourly_fee + 59) / 60;
}

long long voucher_part(long long fee, long long share_percent, long long remaining)
{
    if (fee <= 0 || share_percent <= 0 || remaining <= 0)
        return 0;
    long long part = fee * share_percent / 100;
    return part < remaining ? part : remaining;
}

long long used_minutes(long long start, long long end, long long in, long long out)
{
    long long a = in > start ? in : start, b = out < end ? out : end;
    return b > a ? (b - a + 59) / 60 : 0;
}
