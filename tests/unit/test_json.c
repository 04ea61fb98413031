/*
 * test_json: core/json.c, the one door every JSON body comes through: json_parse_object accepts
 * exactly one well-formed object of valid UTF-8 without NUL, duplicate keys or nesting past
 * LIMIT_JSON_DEPTH, and json_depth_ok counts nesting while skipping strings. Every input is
 * handed over as a heap copy of exactly len bytes (no NUL after it), so a run under ASan proves
 * that neither function reads past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/json.h"
#include "base/limits.h"

/* A heap copy of exactly n bytes; for n == 0 a pointer one past a 1-byte block, so that any
 * read at all is out of bounds. */
static char *exact_dup(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    if (n)
        memcpy(p, s, n);
    return n ? p : p + 1;
}

static void exact_free(char *p, size_t n) { free(n ? p : p - 1); }

static bool depth_ok_n(const char *s, size_t n, int max_depth)
{
    char *p = exact_dup(s, n);
    bool r = json_depth_ok(p, n, max_depth);
    exact_free(p, n);
    return r;
}

/* json_parse_object on exactly n bytes of s; *out is decref'd unless the caller wants it. */
static enum bp_err parse_n(const char *s, size_t n, json_t **keep, struct problem *p)
{
    char *c = exact_dup(s, n);
    json_t *j = json_true(); /* not NULL, so that the test sees *out being set */
    problem_init(p);
    enum bp_err e = json_parse_object(c, n, &j, p);
    exact_free(c, n);
    if (e) {
        assert_null(j);
        assert_int_equal(p->err, e);
        assert_true(p->detail_en[0] != '\0');
        assert_true(p->detail_ko[0] != '\0');
    } else {
        assert_non_null(j);
        assert_true(json_is_object(j));
    }
    if (keep)
        *keep = j;
    else
        json_decref(j);
    return e;
}

#define PARSE(lit, p) parse_n((lit), sizeof(lit) - 1, NULL, (p))

/* open copies of open, then inner, then close copies of close. Caller frees. */
static char *nest(const char *prefix, char open, int n, const char *inner, char close,
                  const char *suffix, size_t *len)
{
    size_t lp = strlen(prefix), li = strlen(inner), ls = strlen(suffix);
    size_t total = lp + (size_t)n * 2 + li + ls;
    char *s = malloc(total + 1);
    assert_non_null(s);
    memcpy(s, prefix, lp);
    memset(s + lp, open, (size_t)n);
    memcpy(s + lp + (size_t)n, inner, li);
    memset(s + lp + (size_t)n + li, close, (size_t)n);
    memcpy(s + lp + (size_t)n * 2 + li, suffix, ls);
    s[total] = '\0';
    *len = total;
    return s;
}

/* ---- json_depth_ok ---- */

static void test_depth_counts(void **state)
{
    (void)state;
    assert_true(depth_ok_n("", 0, LIMIT_JSON_DEPTH));
    assert_true(depth_ok_n("1", 1, 0));
    assert_true(depth_ok_n("[]", 2, 1));
    assert_false(depth_ok_n("[]", 2, 0));
    assert_true(depth_ok_n("[][][]", 6, 1)); /* siblings do not add up */
    assert_true(depth_ok_n("{\"a\":[1],\"b\":{}}", 16, 2));
    assert_false(depth_ok_n("{\"a\":[{}]}", 10, 2));
    for (int n = 1; n <= LIMIT_JSON_DEPTH + 1; n++) {
        size_t len;
        char *arr = nest("", '[', n, "", ']', "", &len);
        assert_int_equal(depth_ok_n(arr, len, LIMIT_JSON_DEPTH), n <= LIMIT_JSON_DEPTH);
        free(arr);
    }
}

static void test_depth_skips_strings(void **state)
{
    (void)state;
    /* Brackets inside strings do not count, escaped quotes do not end a string. */
    assert_true(depth_ok_n("[\"[[[[\"]", 8, 1));
    assert_true(depth_ok_n("{\"a\\\"[[[\":\"{{{\"}", 17, 1));
    assert_true(depth_ok_n("[\"\\\\\"]", 6, 1)); /* "\\" ends before ] */
    assert_false(depth_ok_n("[\"\\\\\",[]]", 9, 1));
    size_t len;
    char *s = nest("{\"a\":\"", '[', 200, "", ']', "\"}", &len);
    assert_true(depth_ok_n(s, len, 1));
    free(s);
    /* A backslash as the very last byte does not make it read past len. */
    assert_true(depth_ok_n("[\"\\", 3, 1));
}

/* ---- json_parse_object ---- */

static void test_parse_valid(void **state)
{
    (void)state;
    struct problem p;
    json_t *j;
    static const char body[] = "{\"name\":\"한빛유전체\",\"n\":1,\"b\":true,\"z\":null,\"a\":[1,\"x\"],"
                               "\"o\":{\"k\":\"v\"}}";
    assert_int_equal(parse_n(body, sizeof(body) - 1, &j, &p), BP_OK);
    assert_string_equal(json_string_value(json_object_get(j, "name")), "한빛유전체");
    assert_int_equal(json_integer_value(json_object_get(j, "n")), 1);
    assert_true(json_is_true(json_object_get(j, "b")));
    assert_true(json_is_null(json_object_get(j, "z")));
    assert_int_equal(json_array_size(json_object_get(j, "a")), 2);
    json_decref(j);
    assert_int_equal(PARSE("{}", &p), BP_OK);
    assert_int_equal(PARSE(" \t\r\n{ } \n", &p), BP_OK);
    assert_int_equal(PARSE("{\"e\":\"\\u00e9\\ud55c\\\"\\\\\\n\"}", &p), BP_OK);
    assert_int_equal(PARSE("{\"emoji\":\"\xf0\x9f\x92\x8a\",\"pair\":\"\\ud83d\\udc8a\"}", &p),
                     BP_OK);
}

static void test_parse_not_object(void **state)
{
    (void)state;
    struct problem p;
    static const char *const bodies[] = {
        "\"s\"", "1", "-1.5", "true", "false", "null", "\"{}\"", " 7 ",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
        assert_int_equal(parse_n(bodies[i], strlen(bodies[i]), NULL, &p), BP_ERR_MALFORMED);
    /* Arrays parse as JSON but are not an object. */
    assert_int_equal(PARSE("[]", &p), BP_ERR_MALFORMED);
    assert_string_equal(p.detail_en, "body must be a JSON object");
    assert_int_equal(PARSE("[{\"a\":1}]", &p), BP_ERR_MALFORMED);
    assert_string_equal(p.detail_en, "body must be a JSON object");
}

static void test_parse_depth(void **state)
{
    (void)state;
    struct problem p;
    size_t len;
    /* The object itself is level 1: 63 arrays inside make 64 levels, 64 arrays make 65. */
    char *ok = nest("{\"a\":", '[', LIMIT_JSON_DEPTH - 1, "1", ']', "}", &len);
    assert_int_equal(parse_n(ok, len, NULL, &p), BP_OK);
    free(ok);
    char *deep = nest("{\"a\":", '[', LIMIT_JSON_DEPTH, "1", ']', "}", &len);
    assert_int_equal(parse_n(deep, len, NULL, &p), BP_ERR_MALFORMED);
    assert_non_null(strstr(p.detail_en, "deep"));
    free(deep);
    /* Objects count like arrays. */
    struct buf_like {
        char s[LIMIT_JSON_DEPTH * 8 + 16];
        size_t n;
    } b = {.n = 0};
    for (int i = 0; i < LIMIT_JSON_DEPTH; i++) {
        memcpy(b.s + b.n, "{\"k\":", 5);
        b.n += 5;
    }
    b.s[b.n++] = '1';
    memset(b.s + b.n, '}', LIMIT_JSON_DEPTH);
    b.n += LIMIT_JSON_DEPTH;
    assert_int_equal(parse_n(b.s, b.n, NULL, &p), BP_OK);
    memmove(b.s + 5, b.s, b.n);
    memcpy(b.s, "{\"k\":", 5);
    b.n += 5;
    b.s[b.n++] = '}';
    assert_int_equal(parse_n(b.s, b.n, NULL, &p), BP_ERR_MALFORMED);
    /* Far deeper than jansson's own limit: refused by ours, quickly and without recursion. */
    char *huge = nest("{\"a\":", '[', 100000, "", ']', "}", &len);
    assert_int_equal(parse_n(huge, len, NULL, &p), BP_ERR_MALFORMED);
    free(huge);
}

static void test_parse_bad_utf8(void **state)
{
    (void)state;
    struct problem p;
    static const char *const bodies[] = {
        "{\"a\":\"\xff\"}",             /* never valid */
        "{\"a\":\"\xc0\xaf\"}",         /* overlong '/' */
        "{\"a\":\"\xe0\x80\xaf\"}",     /* overlong, 3 bytes */
        "{\"a\":\"\xed\xa0\x80\"}",     /* UTF-16 surrogate */
        "{\"a\":\"\xf4\x90\x80\x80\"}", /* above U+10FFFF */
        "{\"a\":\"\xe2\x82\"}",         /* truncated sequence */
        "{\"\x80\":1}",                 /* bad byte in a key */
        "{\"a\":1}\xc3",                /* trailing partial sequence */
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
        assert_int_equal(parse_n(bodies[i], strlen(bodies[i]), NULL, &p), BP_ERR_MALFORMED);
        assert_non_null(strstr(p.detail_en, "UTF-8"));
    }
    /* A raw NUL byte, inside a string or outside. */
    assert_int_equal(PARSE("{\"a\":\"b\0c\"}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{}\0", &p), BP_ERR_MALFORMED);
}

static void test_parse_nul_escape(void **state)
{
    (void)state;
    struct problem p;
    assert_int_equal(PARSE("{\"a\":\"\\u0000\"}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":\"x\\u0000y\"}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"\\u0000\":1}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":[\"\\u0000\"]}", &p), BP_ERR_MALFORMED);
    /* Lone surrogate escapes are not text either. */
    assert_int_equal(PARSE("{\"a\":\"\\ud800\"}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":\"\\udc00\"}", &p), BP_ERR_MALFORMED);
    /* \u0001 is a valid JSON string (whether a field accepts it is the validator's business). */
    assert_int_equal(PARSE("{\"a\":\"\\u0001\"}", &p), BP_OK);
}

static void test_parse_duplicate_keys(void **state)
{
    (void)state;
    struct problem p;
    assert_int_equal(PARSE("{\"a\":1,\"a\":1}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":1,\"b\":2,\"a\":\"x\"}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":1,\"\\u0061\":2}", &p), BP_ERR_MALFORMED); /* same key escaped */
    assert_int_equal(PARSE("{\"o\":{\"k\":1,\"k\":2}}", &p), BP_ERR_MALFORMED);
    assert_int_equal(PARSE("{\"a\":1,\"A\":2}", &p), BP_OK); /* case matters */
}

static void test_parse_truncated(void **state)
{
    (void)state;
    struct problem p;
    static const char full[] = "{\"name\":\"진로드\",\"n\":[1,2],\"o\":{\"t\":true}}";
    /* Every proper prefix is refused (the empty one too), and ASan watches every length. */
    for (size_t n = 0; n < sizeof(full) - 1; n++)
        assert_int_equal(parse_n(full, n, NULL, &p), BP_ERR_MALFORMED);
    assert_int_equal(parse_n(full, sizeof(full) - 1, NULL, &p), BP_OK);
}

static void test_parse_garbage(void **state)
{
    (void)state;
    struct problem p;
    static const char *const bodies[] = {
        "{} {}", "{}x", "{,}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}",
        "{\"a\":01}", "{\"a\":1e999}", "{\"a\":NaN}",
        "{\"a\":\"\\x41\"}", "{\"a\":\"line\nbreak\"}", "\xef\xbb\xbf{}", "{\"a\":[1,]}",
        "}", "{]",
    };
    for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++)
        assert_int_equal(parse_n(bodies[i], strlen(bodies[i]), NULL, &p), BP_ERR_MALFORMED);
    /* An integer beyond 64 bits is valid JSON but out of range: 422 naming its key. */
    problem_init(&p);
    json_t *big = NULL;
    assert_int_equal(json_parse_object("{\"x\":1,\"a\": 99999999999999999999}", 33, &big, &p),
                     BP_ERR_INVALID);
    assert_null(big);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.errors[0].field, "a");
    /* The jansson message lands in the English detail. */
    assert_int_equal(PARSE("{\"a\":}", &p), BP_ERR_MALFORMED);
    assert_non_null(strstr(p.detail_en, "malformed JSON at line 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_depth_counts),
        cmocka_unit_test(test_depth_skips_strings),
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_not_object),
        cmocka_unit_test(test_parse_depth),
        cmocka_unit_test(test_parse_bad_utf8),
        cmocka_unit_test(test_parse_nul_escape),
        cmocka_unit_test(test_parse_duplicate_keys),
        cmocka_unit_test(test_parse_truncated),
        cmocka_unit_test(test_parse_garbage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
