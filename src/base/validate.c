/*
 * validate: the checks every form field of bpmc goes through before the domain sees it. Each
 * check is a pure function of (bytes, len): it never reads past len, needs no NUL terminator,
 * keeps no state and allocates nothing, so the API layer can call it on raw request bytes and
 * libFuzzer can call it on anything. The rules follow what a Korean user types: business
 * registration numbers with their check digit, domestic and +82 phone numbers written with
 * hyphens, spaces or dots, and ISO dates. Normalising checks write the canonical form only
 * when they accept. E-mail local parts are ASCII; domains and URL hosts may hold UTF-8 labels
 * (한국.kr). URLs carry no userinfo (https://bank.example@evil.example is refused as a phishing
 * shape) and no backslash, quote or angle bracket, which browsers and HTML treat specially.
 */
#include "validate.h"

#include <stdio.h>
#include <string.h>

#include "limits.h"
#include "banned.h"

/* RFC 5321 §4.5.3.1: a path is at most 256 bytes with its angle brackets, so 254 for the
 * address; the local part at most 64, a domain label at most 63, a whole domain 253. */
#define VALIDATE_EMAIL_MAX 254
#define VALIDATE_EMAIL_LOCAL_MAX 64
#define VALIDATE_LABEL_MAX 63
#define VALIDATE_HOST_MAX 253
/* Korean numbers have at most 11 digits in domestic form (010-1234-5678). */
#define VALIDATE_PHONE_DIGITS_MAX 11

static bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Length of the well-formed UTF-8 sequence at p (left bytes available) with its code point in
 * *cp, or 0 when there is none. The second-byte ranges are those of Unicode's table 3-7, which
 * exclude overlongs, surrogates and code points above U+10FFFF. */
size_t utf8_decode(const char *s, size_t left, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    uint32_t c;
    if (left == 0)
        return 0;
    c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c < 0xC2)
        return 0;
    if (c < 0xE0) {
        n = 2;
        c &= 0x1F;
    } else if (c < 0xF0) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        c &= 0x0F;
    } else if (c < 0xF5) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        c &= 0x07;
    } else {
        return 0;
    }
    if (left < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *cp = c;
    return n;
}

/* Length of the well-formed UTF-8 sequence starting at p, 0 if none; NUL counts as none. */
static size_t utf8_seq_len(const unsigned char *p, size_t left)
{
    uint32_t cp;
    return left && p[0] ? utf8_decode((const char *)p, left, &cp) : 0;
}

bool valid_utf8(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq_len(p + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Valid UTF-8 without C0 controls, DEL or C1 controls (U+0080..U+009F, encoded C2 80..C2 9F). */
static bool utf8_printable(const char *s, size_t len)
{
    if (!valid_utf8(s, len))
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return false;
        if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] < 0xA0)
            return false;
    }
    return true;
}

bool valid_brn(const char *s, size_t len, char *out, size_t out_size)
{
    static const unsigned char weights[9] = {1, 3, 7, 1, 3, 7, 1, 3, 5};
    char d[10];
    size_t nd = 0;
    if (len != 10 && len != 12)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (len == 12 && (i == 3 || i == 6)) {
            if (c != '-')
                return false;
        } else if (is_digit(c)) {
            d[nd++] = (char)c;
        } else {
            return false;
        }
    }
    unsigned sum = 0;
    for (size_t i = 0; i < 9; i++)
        sum += (unsigned)(d[i] - '0') * weights[i];
    sum += (unsigned)(d[8] - '0') * 5 / 10;
    unsigned check = (10 - sum % 10) % 10;
    if (check != (unsigned)(d[9] - '0'))
        return false;
    if (out) {
        if (out_size < sizeof(d) + 1)
            return false;
        memcpy(out, d, sizeof(d));
        out[sizeof(d)] = '\0';
    }
    return true;
}

static bool is_phone_sep(unsigned char c) { return c == '-' || c == ' ' || c == '.'; }

/* Length of the leading group of domestic digits d (area code, mobile or 15XX prefix) when d is
 * a Korean number of an accepted kind and length, 0 otherwise. */
static size_t phone_prefix_len(const char *d, size_t nd)
{
    static const char areas[][2] = {{'3', '1'}, {'3', '2'}, {'3', '3'}, {'4', '1'},
                                    {'4', '2'}, {'4', '3'}, {'4', '4'}, {'5', '1'},
                                    {'5', '2'}, {'5', '3'}, {'5', '4'}, {'5', '5'},
                                    {'6', '1'}, {'6', '2'}, {'6', '3'}, {'6', '4'}};
    if (d[0] == '1') /* nationwide representative numbers 15XX, 16XX, 18XX-XXXX */
        return nd == 8 && (d[1] == '5' || d[1] == '6' || d[1] == '8') ? 4 : 0;
    if (d[0] != '0' || nd < 9)
        return 0;
    if (d[1] == '2') /* Seoul: 02-XXX-XXXX or 02-XXXX-XXXX */
        return nd == 9 || nd == 10 ? 2 : 0;
    if (d[1] == '1' && d[2] == '0') /* 010 is always 010-XXXX-XXXX */
        return nd == 11 ? 3 : 0;
    if (d[1] == '1') /* older mobile prefixes 011, 016..019 */
        return (d[2] == '1' || (d[2] >= '6' && d[2] <= '9')) && nd >= 10 ? 3 : 0;
    if (d[1] == '7' && d[2] == '0') /* internet telephony 070-XXXX-XXXX */
        return nd == 11 ? 3 : 0;
    for (size_t i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
        if (d[1] == areas[i][0] && d[2] == areas[i][1])
            return nd >= 10 ? 3 : 0;
    return 0;
}

bool valid_phone_kr(const char *s, size_t len, char *out, size_t out_size)
{
    char d[VALIDATE_PHONE_DIGITS_MAX];
    size_t nd = 0, seps = 0, i = 0;
    if (len > VALIDATE_PHONE_INPUT_MAX)
        return false;
    if (len >= 3 && s[0] == '+' && s[1] == '8' && s[2] == '2') {
        i = 3;
        if (i < len && is_phone_sep((unsigned char)s[i]))
            i++;
        /* +82 drops the trunk 0; "+82 010-..." is wrong but its meaning is plain, so keep it. */
        if (i < len && s[i] != '0')
            d[nd++] = '0';
    }
    if (i >= len || !is_digit((unsigned char)s[i]))
        return false;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_digit(c)) {
            if (nd == sizeof(d))
                return false;
            d[nd++] = (char)c;
        } else if (is_phone_sep(c)) {
            /* One separator between two digits, at most two of them: "010-1234-5678". */
            if (i + 1 >= len || !is_digit((unsigned char)s[i + 1]) || ++seps > 2)
                return false;
        } else {
            return false;
        }
    }
    size_t head = phone_prefix_len(d, nd);
    if (head == 0)
        return false;
    size_t mid = nd - head - 4;
    size_t need = head + 1 + (mid ? mid + 1 : 0) + 4 + 1;
    if (out) {
        if (out_size < need)
            return false;
        size_t o = 0;
        memcpy(out + o, d, head);
        o += head;
        out[o++] = '-';
        if (mid) {
            memcpy(out + o, d + head, mid);
            o += mid;
            out[o++] = '-';
        }
        memcpy(out + o, d + head + mid, 4);
        o += 4;
        out[o] = '\0';
    }
    return true;
}

/* Checks p[0..n) as dot-separated DNS labels: letters, digits, inner hyphens and UTF-8 bytes
 * (internationalised names), 1..63 bytes each, 1..253 in all. Returns the number of labels, 0
 * when malformed; *last_numeric tells whether the last label is all digits, *last_len its
 * length. */
static size_t host_labels(const char *p, size_t n, bool *last_numeric, size_t *last_len)
{
    size_t labels = 0, start = 0;
    if (n == 0 || n > VALIDATE_HOST_MAX)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != '.') {
            unsigned char c = (unsigned char)p[i];
            if (!is_alpha(c) && !is_digit(c) && c != '-' && c < 0x80)
                return 0;
            continue;
        }
        size_t l = i - start;
        if (l == 0 || l > VALIDATE_LABEL_MAX || p[start] == '-' || p[i - 1] == '-')
            return 0;
        *last_numeric = true;
        for (size_t k = start; k < i; k++)
            if (!is_digit((unsigned char)p[k]))
                *last_numeric = false;
        *last_len = l;
        labels++;
        start = i + 1;
    }
    return labels;
}

/* Dotted-quad IPv4, each part 0..255 without leading zeros (which some parsers read as octal). */
static bool valid_ipv4(const char *p, size_t n)
{
    size_t parts = 0, i = 0;
    while (parts < 4) {
        size_t start = i;
        unsigned v = 0;
        while (i < n && is_digit((unsigned char)p[i]) && i - start < 3)
            v = v * 10 + (unsigned)(p[i++] - '0');
        if (i == start || v > 255 || (p[start] == '0' && i - start > 1))
            return false;
        parts++;
        if (parts < 4) {
            if (i >= n || p[i] != '.')
                return false;
            i++;
        }
    }
    return i == n;
}

/* The inside of an IPv6 literal: eight groups of 1..4 hex digits, one "::" standing for one or
 * more zero groups, optionally ending in an IPv4 address that counts as two groups. */
static bool valid_ipv6(const char *p, size_t n)
{
    size_t groups = 0, i = 0;
    bool gap = false;
    if (n < 2)
        return false;
    if (p[0] == ':') {
        if (p[1] != ':')
            return false;
        gap = true;
        i = 2;
    }
    while (i < n) {
        size_t start = i;
        while (i < n && is_hex((unsigned char)p[i]) && i - start < 5)
            i++;
        if (i < n && p[i] == '.') {
            if (groups > 6 || !valid_ipv4(p + start, n - start))
                return false;
            groups += 2;
            break;
        }
        if (i == start || i - start > 4)
            return false;
        groups++;
        if (i == n)
            break;
        if (p[i] != ':' || ++i == n)
            return false;
        if (p[i] == ':') {
            if (gap)
                return false;
            gap = true;
            i++;
        }
    }
    return gap ? groups <= 7 : groups == 8;
}

bool valid_email(const char *s, size_t len)
{
    if (len < 3 || len > VALIDATE_EMAIL_MAX || !utf8_printable(s, len))
        return false;
    const char *at = memchr(s, '@', len);
    if (!at)
        return false;
    size_t local_len = (size_t)(at - s);
    if (local_len == 0 || local_len > VALIDATE_EMAIL_LOCAL_MAX || s[0] == '.' ||
        s[local_len - 1] == '.')
        return false;
    /* RFC 5322 atext, plus single dots between atoms; quoted local parts are not taken. */
    static const char atext_marks[] = "!#$%&'*+-/=?^_`{|}~";
    for (size_t i = 0; i < local_len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (s[i + 1] == '.')
                return false;
        } else if (!is_alpha(c) && !is_digit(c) &&
                   !memchr(atext_marks, c, sizeof(atext_marks) - 1)) {
            return false;
        }
    }
    bool last_numeric = false;
    size_t last_len = 0;
    size_t labels = host_labels(at + 1, len - local_len - 1, &last_numeric, &last_len);
    return labels >= 2 && !last_numeric && last_len >= 2;
}

/* host[:port] of a URL, without userinfo. */
static bool valid_authority(const char *p, size_t n)
{
    size_t host_end;
    bool ok;
    if (n == 0)
        return false;
    if (p[0] == '[') {
        const char *close = memchr(p, ']', n);
        if (!close)
            return false;
        host_end = (size_t)(close - p) + 1;
        ok = valid_ipv6(p + 1, host_end - 2);
    } else {
        const char *colon = memchr(p, ':', n);
        bool last_numeric = false;
        size_t last_len = 0;
        host_end = colon ? (size_t)(colon - p) : n;
        ok = host_labels(p, host_end, &last_numeric, &last_len) > 0 &&
             (!last_numeric || valid_ipv4(p, host_end));
    }
    if (!ok)
        return false;
    if (host_end == n)
        return true;
    if (p[host_end] != ':' || n - host_end < 2 || n - host_end > 6)
        return false;
    unsigned long port = 0;
    for (size_t i = host_end + 1; i < n; i++) {
        if (!is_digit((unsigned char)p[i]))
            return false;
        port = port * 10 + (unsigned long)(p[i] - '0');
    }
    return port >= 1 && port <= 65535;
}

static bool has_prefix_ci(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    if (len < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + ('a' - 'A'));
        if (c != (unsigned char)prefix[i])
            return false;
    }
    return true;
}

bool valid_url(const char *s, size_t len)
{
    size_t i;
    if (len > VALIDATE_URL_MAX || !utf8_printable(s, len))
        return false;
    if (has_prefix_ci(s, len, "https://"))
        i = 8;
    else if (has_prefix_ci(s, len, "http://"))
        i = 7;
    else
        return false;
    size_t start = i;
    while (i < len && s[i] != '/' && s[i] != '?' && s[i] != '#') {
        if (s[i] == '@' || s[i] == '\\' || s[i] == '%')
            return false;
        i++;
    }
    if (!valid_authority(s + start, i - start))
        return false;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\')
            return false;
        if (c == '%') {
            if (len - i < 3 || !is_hex((unsigned char)s[i + 1]) || !is_hex((unsigned char)s[i + 2]))
                return false;
            i += 2;
        }
    }
    return true;
}

/* The number in n ASCII digits at p, or -1 if one is not a digit. */
static int digits_value(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit((unsigned char)p[i]))
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

bool valid_date(const char *s, size_t len)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long long days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The date of a day number (civil_from_days). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Seconds since 1970 of a date and time in UTC written into out as "YYYY-MM-DDTHH:MM:SSZ"
 * (sep 'T', zone "Z") or "YYYY-MM-DD HH:MM:SS" (sep ' ', zone ""); false outside 1900..2199. */
static bool format_instant(long long t, char sep, const char *zone, char *out, size_t out_size)
{
    long long days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    long long secs = t - days * 86400, y;
    int m, d;
    civil_from_days(days, &y, &m, &d);
    if (y < 1900 || y > 2199)
        return false;
    size_t need = 19 + strlen(zone) + 1;
    if (!out)
        return true;
    if (out_size < need)
        return false;
    int n = snprintf(out, out_size, "%04lld-%02d-%02d%c%02lld:%02lld:%02lld%s", y, m, d, sep,
                     secs / 3600, secs / 60 % 60, secs % 60, zone);
    return n > 0 && (size_t)n < out_size;
}

/* The seconds east of UTC of an offset "Z", "+HH:MM", "+HHMM" or "+HH" filling p[0..n). */
static bool parse_offset(const char *p, size_t n, long long *east)
{
    if (n == 1 && (p[0] == 'Z' || p[0] == 'z')) {
        *east = 0;
        return true;
    }
    if (n < 3 || (p[0] != '+' && p[0] != '-'))
        return false;
    int h = digits_value(p + 1, 2), m = 0;
    if (n == 6 && p[3] == ':')
        m = digits_value(p + 4, 2);
    else if (n == 5)
        m = digits_value(p + 3, 2);
    else if (n != 3)
        return false;
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return false;
    *east = (p[0] == '-' ? -1 : 1) * (h * 3600LL + m * 60LL);
    return true;
}

bool valid_datetime(const char *s, size_t len, char *out, size_t out_size)
{
    if (len < 16 || len > 40 || !valid_date(s, 10) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':')
        return false;
    int h = digits_value(s + 11, 2), mi = digits_value(s + 14, 2), sec = 0;
    size_t i = 16;
    if (i < len && s[i] == ':') {
        if (len < 19 || (sec = digits_value(s + 17, 2)) < 0)
            return false;
        i = 19;
        if (i < len && s[i] == '.') {
            size_t start = ++i;
            while (i < len && is_digit((unsigned char)s[i]))
                i++;
            if (i == start)
                return false;
        }
    }
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec > 59)
        return false;
    long long east = 9 * 3600; /* Asia/Seoul when no offset is written */
    if (i < len && !parse_offset(s + i, len - i, &east))
        return false;
    long long days = days_from_civil(digits_value(s, 4), digits_value(s + 5, 2),
                                     digits_value(s + 8, 2));
    long long t = days * 86400 + h * 3600LL + mi * 60LL + sec - east;
    return format_instant(t, 'T', "Z", out, out_size);
}

bool datetime_seoul(const char *s, size_t len, char *out, size_t out_size)
{
    if (len != 20 || s[19] != 'Z' || !valid_datetime(s, len, NULL, 0))
        return false;
    long long days = days_from_civil(digits_value(s, 4), digits_value(s + 5, 2),
                                     digits_value(s + 8, 2));
    long long t = days * 86400 + digits_value(s + 11, 2) * 3600LL +
                  digits_value(s + 14, 2) * 60LL + digits_value(s + 17, 2) + 9 * 3600;
    return format_instant(t, ' ', "", out, out_size);
}

/* v * 10 + d without passing VALIDATE_DECIMAL_UNITS_MAX * 10 (so no overflow ever). */
static bool push_digit(long long *v, int d)
{
    if (*v > VALIDATE_DECIMAL_UNITS_MAX)
        return false;
    *v = *v * 10 + d;
    return true;
}

bool parse_decimal(const char *s, size_t len, unsigned scale, long long *units)
{
    size_t i = 0;
    bool neg = false;
    long long v = 0, exp = 0;
    int frac = 0, pending = 0; /* fraction digits taken; zeros not yet taken */
    if (scale > VALIDATE_DECIMAL_SCALE_MAX || len == 0 || len > 64)
        return false;
    if (s[0] == '-') {
        neg = true;
        i++;
    }
    size_t start = i;
    while (i < len && is_digit((unsigned char)s[i]))
        if (!push_digit(&v, s[i++] - '0'))
            return false;
    if (i == start)
        return false;
    if (i < len && s[i] == '.') {
        size_t fstart = ++i;
        for (; i < len && is_digit((unsigned char)s[i]); i++) {
            if (s[i] == '0') {
                pending++;
                continue;
            }
            for (; pending > 0; pending--, frac++)
                if (!push_digit(&v, 0))
                    return false;
            if (!push_digit(&v, s[i] - '0'))
                return false;
            frac++;
        }
        if (i == fstart)
            return false;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        bool eneg = false;
        if (++i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        size_t estart = i;
        for (; i < len && is_digit((unsigned char)s[i]); i++)
            if ((exp = exp * 10 + (s[i] - '0')) > 40)
                return false;
        if (i == estart)
            return false;
        if (eneg)
            exp = -exp;
    }
    if (i != len)
        return false;
    long long shift = (long long)scale - frac + exp; /* units = v x 10^shift */
    for (; shift < 0; shift++) {
        if (v % 10)
            return false; /* more decimals than the field keeps */
        v /= 10;
    }
    for (; shift > 0 && v; shift--)
        if (!push_digit(&v, 0))
            return false;
    if (v > VALIDATE_DECIMAL_UNITS_MAX)
        return false;
    *units = neg ? -v : v;
    return true;
}

size_t format_decimal(long long units, unsigned scale, char *out, size_t out_size)
{
    long long p = 1;
    if (scale > VALIDATE_DECIMAL_SCALE_MAX || units > VALIDATE_DECIMAL_UNITS_MAX ||
        units < -VALIDATE_DECIMAL_UNITS_MAX)
        return 0;
    for (unsigned i = 0; i < scale; i++)
        p *= 10;
    long long a = units < 0 ? -units : units;
    int n = scale ? snprintf(out, out_size, "%s%lld.%0*lld", units < 0 ? "-" : "", a / p,
                             (int)scale, a % p)
                  : snprintf(out, out_size, "%lld", units);
    return n > 0 && (size_t)n < out_size ? (size_t)n : 0;
}

bool parse_duration(const char *s, size_t len, long long *minutes)
{
    long long secs = 0, v = 0;
    size_t i = 0;
    if (len == 0 || len > 32)
        return false;
    if (s[0] != 'P' && s[0] != 'p') {
        for (; i < len; i++) {
            if (!is_digit((unsigned char)s[i]))
                return false;
            if ((v = v * 10 + (s[i] - '0')) > VALIDATE_DURATION_MAX_MINUTES)
                return false;
        }
        *minutes = v;
        return true;
    }
    /* P[nD][T[nH][nM][nS]]: each unit at most once, in that order */
    static const char units[] = "DHMS";
    static const long long unit_secs[] = {86400, 3600, 60, 1};
    size_t next = 0; /* the first unit still allowed */
    bool in_time = false, any = false, time_any = false;
    for (i = 1; i < len;) {
        if ((s[i] == 'T' || s[i] == 't') && !in_time) {
            in_time = true;
            next = next < 1 ? 1 : next;
            i++;
            continue;
        }
        size_t start = i;
        for (v = 0; i < len && is_digit((unsigned char)s[i]); i++)
            if ((v = v * 10 + (s[i] - '0')) > VALIDATE_DURATION_MAX_MINUTES * 60)
                return false;
        if (i == start || i == len)
            return false;
        char u = (char)(s[i] >= 'a' ? s[i] - ('a' - 'A') : s[i]);
        const char *at = memchr(units, u, 4);
        if (!at)
            return false;
        size_t k = (size_t)(at - units);
        /* D only before T; H, M, S only after it */
        if (k < next || (k == 0) == in_time)
            return false;
        next = k + 1;
        secs += v * unit_secs[k];
        if (secs > VALIDATE_DURATION_MAX_MINUTES * 60)
            return false;
        any = true;
        time_any = time_any || in_time;
        i++;
    }
    if (!any || (in_time && !time_any) || secs % 60)
        return false;
    *minutes = secs / 60;
    return true;
}

bool parse_money(const char *s, size_t len, long long *won)
{
    size_t i = 0, end = len;
    bool neg = false;
    long long v = 0;
    while (i < end && s[i] == ' ')
        i++;
    while (end > i && s[end - 1] == ' ')
        end--;
    if (end - i >= 3 && memcmp(s + end - 3, "\xEC\x9B\x90", 3) == 0) /* 원 */
        end -= 3;
    if (end - i >= 3 && memcmp(s + i, "\xE2\x82\xA9", 3) == 0) /* ₩ */
        i += 3;
    else if (end - i >= 3 && has_prefix_ci(s + i, end - i, "krw"))
        i += 3;
    while (i < end && s[i] == ' ')
        i++;
    while (end > i && s[end - 1] == ' ')
        end--;
    if (i < end && s[i] == '-') {
        neg = true;
        i++;
    }
    size_t start = i, group = 0;
    bool commas = false;
    for (; i < end; i++) {
        if (s[i] == ',') {
            /* a comma after the first group of 1..3 digits, then after every three */
            if (i == start || (commas ? group != 3 : group > 3))
                return false;
            commas = true;
            group = 0;
            continue;
        }
        if (!is_digit((unsigned char)s[i]) || v > VALIDATE_DECIMAL_UNITS_MAX)
            return false;
        v = v * 10 + (s[i] - '0');
        group++;
    }
    if (i == start || group == 0 || (commas && group != 3))
        return false;
    *won = neg ? -v : v;
    return true;
}
