/*
 * str: a slice of bytes that someone else owns, for parsing without copies.
 */
#ifndef BP_STR_H
#define BP_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "base/arena.h"

struct str {
    const char *ptr;
    size_t len;
};

#define STR_LIT(s) ((struct str){(s), sizeof(s) - 1})
#define STR_NULL ((struct str){NULL, 0})

static inline struct str str_from(const char *s) { return (struct str){s, s ? strlen(s) : 0}; }

static inline bool str_eq(struct str a, struct str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool str_eq_c(struct str a, const char *b) { return str_eq(a, str_from(b)); }

static inline bool str_starts_with(struct str a, const char *prefix)
{
    size_t n = strlen(prefix);
    return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}

/* Case-insensitive ASCII comparison. */
bool str_eq_ci(struct str a, const char *b);
/* Split s at the first sep: *head gets the part before, the return value the part after
 * (STR_NULL with ptr NULL when sep is absent, *head then being all of s). */
struct str str_cut(struct str s, char sep, struct str *head);
/* Percent-decode s ('+' is a space) into the arena; false on bad escapes, bad UTF-8 or NUL. */
bool str_url_decode(struct arena *arena, struct str s, struct str *out);
/* Parse a whole slice as a decimal int64 in [min, max]; false on anything else. */
bool str_to_i64(struct str s, long long min, long long max, long long *out);

#endif
