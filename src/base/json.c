/*
 * json: the one entry point for JSON bodies.
 */
#include "base/json.h"

#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

bool json_depth_ok(const char *s, size_t len, int max_depth)
{
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (in_str) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth)
                return false;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return true;
}

/* A number too big for 64 bits is valid JSON but out of range: name the key it belongs to
 * (the nearest "key": before the error position) as a 422. */
static bool key_before(const char *s, size_t len, size_t pos, struct problem *p)
{
    size_t i = pos < len ? pos : len;
    while (i > 0 && s[i - 1] != ':')
        i--;
    if (i == 0)
        return false;
    i--;
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n' || s[i - 1] == '\r'))
        i--;
    if (i < 2 || s[i - 1] != '"')
        return false;
    size_t end = i - 1, start = end;
    while (start > 0 && s[start - 1] != '"')
        start--;
    if (start == 0)
        return false;
    char name[64];
    size_t n = utf8_prefix(s + start, end - start, sizeof(name) - 1);
    memcpy(name, s + start, n);
    name[n] = '\0';
    if (!valid_utf8(name, n))
        return false;
    problem_field(p, BP_ERR_INVALID, name, "숫자가 허용 범위를 벗어났습니다",
                  "number out of range");
    return true;
}

enum bp_err json_parse_object(const char *s, size_t len, json_t **out, struct problem *p)
{
    *out = NULL;
    if (!valid_utf8(s, len))
        return problem_set(p, BP_ERR_MALFORMED, "본문이 올바른 UTF-8이 아닙니다 (NUL 포함 불가)",
                           "body is not valid UTF-8 (NUL bytes are not allowed)");
    if (!json_depth_ok(s, len, LIMIT_JSON_DEPTH))
        return problem_set(p, BP_ERR_MALFORMED, "JSON 중첩이 너무 깊습니다 (최대 64단계)",
                           "JSON nested too deeply (at most 64 levels)");
    json_error_t jerr;
    json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!j && strstr(jerr.text, "too big") && key_before(s, len, (size_t)jerr.position, p))
        return p->err;
    if (!j) {
        char en[200];
        snprintf(en, sizeof(en), "malformed JSON at line %d column %d: %s", jerr.line,
                 jerr.column, jerr.text);
        return problem_set(p, BP_ERR_MALFORMED, "JSON 형식이 잘못되었습니다", en);
    }
    if (!json_is_object(j)) {
        json_decref(j);
        return problem_set(p, BP_ERR_MALFORMED, "본문은 JSON 객체여야 합니다",
                           "body must be a JSON object");
    }
    *out = j;
    return BP_OK;
}
