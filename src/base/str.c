/*
 * str: small slice helpers.
 */
#include "str.h"

#include <limits.h>

#include "base/validate.h"

#include "banned.h"

bool str_eq_ci(struct str a, const char *b)
{
    size_t n = strlen(b);
    if (a.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

struct str str_cut(struct str s, char sep, struct str *head)
{
    const char *p = s.len ? memchr(s.ptr, sep, s.len) : NULL;
    if (!p) {
        *head = s;
        return STR_NULL;
    }
    *head = (struct str){s.ptr, (size_t)(p - s.ptr)};
    return (struct str){p + 1, s.len - (size_t)(p - s.ptr) - 1};
}

bool str_to_i64(struct str s, long long min, long long max, long long *out)
{
    size_t i = 0;
    bool neg = false;
    unsigned long long v = 0;
    if (s.len == 0 || s.len > 20)
        return false;
    if (s.ptr[0] == '-') {
        neg = true;
        i = 1;
        if (s.len == 1)
            return false;
    }
    for (; i < s.len; i++) {
        char c = s.ptr[i];
        if (c < '0' || c > '9')
            return false;
        unsigned long long d = (unsigned long long)(c - '0');
        if (v > (ULLONG_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    if (!neg && v > (unsigned long long)LLONG_MAX)
        return false;
    if (neg && v > (unsigned long long)LLONG_MAX + 1ULL)
        return false;
    long long r = neg ? (v == (unsigned long long)LLONG_MAX + 1ULL ? LLONG_MIN : -(long long)v)
                      : (long long)v;
    if (r < min || r > max)
        return false;
    *out = r;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool str_url_decode(struct arena *arena, struct str s, struct str *out)
{
    char *d = arena_alloc(arena, s.len + 1);
    size_t n = 0;
    if (!d)
        return false;
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= s.len)
                return false;
            int hi = hexval(s.ptr[i + 1]), lo = hexval(s.ptr[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        d[n++] = c;
    }
    d[n] = '\0';
    if (!valid_utf8(d, n))
        return false;
    *out = (struct str){d, n};
    return true;
}

