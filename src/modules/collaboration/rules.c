/*
 * rules: the collaboration workflow's pure rules (see rules.h).
 */
#include "modules/collaboration/rules.h"

#include <stdio.h>
#include <string.h>

#include "base/validate.h"
#include "base/banned.h"

enum match_side match_side_of(bool operator, long long org, long long asking, long long partner)
{
    if (operator)
        return MATCH_OPERATOR;
    if (org > 0 && org == partner)
        return MATCH_PARTNER;
    if (org > 0 && org == asking)
        return MATCH_ASKING;
    return MATCH_OUTSIDER;
}

bool match_may_set_status(enum match_side side, const char *from, const char *to)
{
    if (strcmp(from, to) == 0 || side == MATCH_OPERATOR)
        return true;
    if (side == MATCH_PARTNER)
        return strcmp(to, "accepted") == 0 || strcmp(to, "declined") == 0;
    return side == MATCH_ASKING && strcmp(to, "withdrawn") == 0;
}

bool match_may_write(enum match_side side, const char *field)
{
    if (side == MATCH_OPERATOR)
        return true;
    if (side == MATCH_OUTSIDER)
        return false;
    if (strcmp(field, "response") == 0)
        return side == MATCH_PARTNER;
    if (strcmp(field, "message") == 0)
        return side == MATCH_ASKING;
    return true;
}

bool match_starts_collaboration(enum match_side side, const char *from, const char *to)
{
    return (side == MATCH_PARTNER || side == MATCH_OPERATOR) && strcmp(from, "requested") == 0 &&
           strcmp(to, "accepted") == 0;
}

/* Append whole characters of s to out (at *at) while chars stay under max_chars. */
static void add_chars(const char *s, size_t *chars, size_t max_chars, char *out, size_t size,
                      size_t *at)
{
    size_t len = strlen(s);
    for (size_t i = 0; i < len && *chars < max_chars;) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0 || *at + n >= size)
            return;
        memcpy(out + *at, s + i, n);
        *at += n;
        i += n;
        (*chars)++;
    }
}

void collaboration_title(const char *need, const char *partner, size_t max_chars, char *out,
                         size_t size)
{
    size_t chars = 0, at = 0;
    if (size == 0)
        return;
    add_chars(need, &chars, max_chars, out, size, &at);
    add_chars(" — ", &chars, max_chars, out, size, &at);
    add_chars(partner, &chars, max_chars, out, size, &at);
    while (at > 0 && out[at - 1] == ' ') /* cut after the need: no trailing space */
        at--;
    out[at] = '\0';
}

void date_in_korea(time_t t, char out[11])
{
    time_t korea = t + 9 * 3600;
    struct tm tm;
    if (!gmtime_r(&korea, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "1970-01-01"); /* a year past 9999 */
}
