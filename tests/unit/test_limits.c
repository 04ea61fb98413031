/*
 * test_limits: bounds hold instead of truncating. The engine's registry refuses an entry past
 * LIMIT_ENTRIES, or one with more fields or references than its tables hold, rather than drop
 * it; the answer cache stays within LIMIT_CACHE_BYTES and LIMIT_CACHE_ENTRIES whatever it is
 * given, evicting the unread answers first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/limits.h"
#include "engine/resource.h"
#include "http/cache.h"

/* ------------------------------------------------------------------------------------------ */
/* the registry                                                                               */

static const struct field plain_fields[] = {
    {.name = "name", .type = FT_TEXT},
    {.name = NULL},
};

static struct field wide_fields[LIMIT_ENTRY_FIELDS + 2];
static char wide_names[LIMIT_ENTRY_FIELDS + 1][16];

static void test_entry_with_too_many_fields_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < LIMIT_ENTRY_FIELDS + 1; i++) {
        snprintf(wide_names[i], sizeof(wide_names[i]), "f%zu", i);
        wide_fields[i] = (struct field){.name = wide_names[i], .type = FT_TEXT};
    }
    static const struct resource wide = {.name = "wide", .table = "wide", .fields = wide_fields};
    static const struct resource *const entries[] = {&wide, NULL};
    assert_int_equal(resource_register("test", entries), BP_ERR_TOO_LARGE);
    assert_null(resource_find("wide", 4));
}

static void test_entry_with_too_many_refs_refused(void **state)
{
    (void)state;
    static struct field refs[LIMIT_ENTRY_REFS + 2];
    for (size_t i = 0; i < LIMIT_ENTRY_REFS + 1; i++)
        refs[i] = (struct field){.name = wide_names[i], .type = FT_REF, .ref = "orgs"};
    static const struct resource many = {.name = "many", .table = "many", .fields = refs};
    static const struct resource *const entries[] = {&many, NULL};
    assert_int_equal(resource_register("test", entries), BP_ERR_TOO_LARGE);
    assert_null(resource_find("many", 4));
}

/* LIMIT_ENTRIES entries register; the next one refuses, and the ones before stay. */
static void test_registry_full_refuses(void **state)
{
    (void)state;
    static struct resource res[LIMIT_ENTRIES + 1];
    static char names[LIMIT_ENTRIES + 1][16];
    static const struct resource *one[LIMIT_ENTRIES + 1][2];
    for (size_t i = 0; i <= LIMIT_ENTRIES; i++) {
        snprintf(names[i], sizeof(names[i]), "e%zu", i);
        res[i] = (struct resource){.name = names[i], .table = names[i], .fields = plain_fields};
        one[i][0] = &res[i];
        one[i][1] = NULL;
    }
    for (size_t i = 0; i < LIMIT_ENTRIES; i++)
        assert_int_equal(resource_register("test", one[i]), BP_OK);
    assert_int_equal(resource_register("test", one[LIMIT_ENTRIES]), BP_ERR_TOO_LARGE);
    char last[16];
    snprintf(last, sizeof(last), "e%d", LIMIT_ENTRIES - 1);
    assert_ptr_equal(resource_find(last, strlen(last)), &res[LIMIT_ENTRIES - 1]);
    assert_null(resource_find(names[LIMIT_ENTRIES], strlen(names[LIMIT_ENTRIES])));
    size_t n = 0;
    for (const struct resource *const *r = resource_all(); *r; r++)
        n++;
    assert_int_equal(n, LIMIT_ENTRIES);
}

/* ------------------------------------------------------------------------------------------ */
/* the answer cache                                                                           */

static struct answer_cache *cache_new(void)
{
    struct answer_cache *c = calloc(1, sizeof(*c));
    assert_non_null(c);
    return c;
}

static void cache_free(struct answer_cache *c)
{
    answer_cache_clear(c);
    assert_int_equal(atomic_load(&c->bytes), 0);
    assert_int_equal(atomic_load(&c->entries), 0);
    free(c);
}

static void put_n(struct answer_cache *c, const char *prefix, size_t i, size_t body_len,
                  unsigned long long version)
{
    static char body[LIMIT_CACHE_ANSWER_BYTES];
    char key[64];
    int n = snprintf(key, sizeof(key), "%s%zu", prefix, i);
    memset(body, 'x', body_len);
    answer_cache_put(c, (struct str){key, (size_t)n}, (struct str){body, body_len}, (long long)i, version);
}

static bool has(struct answer_cache *c, const char *prefix, size_t i, unsigned long long version)
{
    char key[64];
    int n = snprintf(key, sizeof(key), "%s%zu", prefix, i);
    struct str body;
    long long extra = -1;
    bool hit = answer_cache_get(c, (struct str){key, (size_t)n}, version, &body, &extra);
    if (hit)
        assert_int_equal(extra, (long long)i);
    return hit;
}

/* A stream of distinct answers, each a few KiB: the bytes never pass the cap, and answers are
 * evicted once it is reached. */
static void test_cache_bytes_bounded(void **state)
{
    (void)state;
    struct answer_cache *c = cache_new();
    size_t body = LIMIT_CACHE_ANSWER_BYTES / 2;
    for (size_t i = 0; i < 20000; i++) {
        put_n(c, "page?cursor=", i, body, 1);
        assert_true(atomic_load(&c->bytes) <= LIMIT_CACHE_BYTES);
        assert_true(atomic_load(&c->entries) <= LIMIT_CACHE_ENTRIES);
    }
    assert_true(atomic_load(&c->evictions) > 0);
    assert_true(atomic_load(&c->bytes) > LIMIT_CACHE_BYTES / 2); /* it is used, too */
    assert_true(has(c, "page?cursor=", 19999, 1));
    cache_free(c);
}

/* The counted bytes are keys + bodies + overhead, so tiny answers with long keys count too. */
static void test_cache_counts_keys_and_overhead(void **state)
{
    (void)state;
    struct answer_cache *c = cache_new();
    char key[3000];
    memset(key, 'k', sizeof(key));
    answer_cache_put(c, (struct str){key, sizeof(key)}, (struct str){"x", 1}, 0, 1);
    assert_int_equal(atomic_load(&c->bytes), answer_cache_cost(sizeof(key), 1));
    assert_int_equal(answer_cache_cost(sizeof(key), 1), sizeof(key) + 1 + LIMIT_CACHE_ENTRY_OVERHEAD);
    /* the same key again replaces, not adds */
    answer_cache_put(c, (struct str){key, sizeof(key)}, (struct str){"yy", 2}, 0, 1);
    assert_int_equal(atomic_load(&c->entries), 1);
    assert_int_equal(atomic_load(&c->bytes), answer_cache_cost(sizeof(key), 2));
    assert_int_equal(atomic_load(&c->evictions), 0);
    cache_free(c);
}

/* An answer too large to cache is not stored and does not flush the others. */
static void test_cache_refuses_huge_answer(void **state)
{
    (void)state;
    struct answer_cache *c = cache_new();
    put_n(c, "small", 1, 100, 1);
    char *big = calloc(1, LIMIT_CACHE_ANSWER_BYTES + 1);
    assert_non_null(big);
    answer_cache_put(c, STR_LIT("big"), (struct str){big, LIMIT_CACHE_ANSWER_BYTES + 1}, 0, 1);
    free(big);
    struct str body;
    assert_false(answer_cache_get(c, STR_LIT("big"), 1, &body, NULL));
    assert_true(has(c, "small", 1, 1));
    assert_int_equal(atomic_load(&c->entries), 1);
    cache_free(c);
}

/* The clock gives read answers a second chance: ten pages read (and put again when missing,
 * as the server does) between the puts of a one-off stream are seldom missing. Without the
 * second chance, each would be evicted every ~200 puts: about 100 misses; with it, misses come
 * only from one-off keys that take a hot key's slot. */
static void test_cache_keeps_read_answers(void **state)
{
    (void)state;
    struct answer_cache *c = cache_new();
    size_t body = LIMIT_CACHE_BYTES / 200; /* about 200 answers fit */
    size_t misses = 0;
    for (size_t i = 0; i < 2000; i++) {
        for (size_t h = 0; h < 10; h++)
            if (!has(c, "hot", h, 1)) {
                misses++;
                put_n(c, "hot", h, body, 1);
            }
        put_n(c, "cold", i, body, 1);
    }
    print_message("hot misses: %zu, evictions: %llu\n", misses - 10, atomic_load(&c->evictions));
    assert_true(misses - 10 < 50);
    assert_true(atomic_load(&c->evictions) > 1000);
    cache_free(c);
}

/* Answers of an older data version go first, read or not. */
static void test_cache_evicts_stale_first(void **state)
{
    (void)state;
    struct answer_cache *c = cache_new();
    size_t body = LIMIT_CACHE_BYTES / 100;
    for (size_t i = 0; i < 90; i++)
        put_n(c, "old", i, body, 1);
    for (size_t i = 0; i < 90; i++)
        (void)has(c, "old", i, 1);
    assert_false(has(c, "old", 0, 2)); /* another version: a miss */
    for (size_t i = 0; i < 50; i++)
        put_n(c, "new", i, body, 2);
    size_t present = 0; /* all but the few that share a slot with another new key */
    for (size_t i = 0; i < 50; i++)
        present += has(c, "new", i, 2);
    print_message("new present: %zu of 50, bytes %zu\n", present, atomic_load(&c->bytes));
    assert_true(present >= 45);
    assert_true(atomic_load(&c->bytes) <= LIMIT_CACHE_BYTES);
    cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_entry_with_too_many_fields_refused),
        cmocka_unit_test(test_entry_with_too_many_refs_refused),
        cmocka_unit_test(test_registry_full_refuses),
        cmocka_unit_test(test_cache_bytes_bounded),
        cmocka_unit_test(test_cache_counts_keys_and_overhead),
        cmocka_unit_test(test_cache_refuses_huge_answer),
        cmocka_unit_test(test_cache_keeps_read_answers),
        cmocka_unit_test(test_cache_evicts_stale_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
