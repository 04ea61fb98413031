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
