/*
 * str: small slice helpers.
 */
#include "str.h"

#include <limits.h>

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
