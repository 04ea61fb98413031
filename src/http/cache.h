/*
 * cache: an event loop's answer cache (list pages, counts, searches, matchings, sessions), keyed
 * by the caller's scope and the request, valid for one data version. It holds at most
 * LIMIT_CACHE_ENTRIES answers and LIMIT_CACHE_BYTES counted as key + body +
 * LIMIT_CACHE_ENTRY_OVERHEAD each; past either bound it evicts, so a stream of distinct URLs
 * leaves its memory flat. One loop owns a cache: no locks; its figures may be read from any
 * thread (/metrics).
 */
#ifndef BP_HTTP_CACHE_H
#define BP_HTTP_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/limits.h"
#include "base/str.h"

struct cache_slot {
    char *key; /* malloc'd, NULL when the slot is empty */
    size_t key_len;
    char *body; /* malloc'd */
    size_t body_len;
    long long extra;
    unsigned long long version;
    bool used; /* read since the clock hand last passed */
};

struct answer_cache {
    struct cache_slot slot[LIMIT_CACHE_ENTRIES];
    size_t hand; /* the clock hand: the next slot considered for eviction */
    unsigned long long swept; /* the data version whose older answers were last all freed */
    _Atomic size_t bytes, entries;
    _Atomic unsigned long long hits, misses, evictions;
};

/* The answer stored under key for version: body and extra point into the cache and stay valid
 * until the next answer_cache_put or answer_cache_clear. false when absent or of another
 * version. */
bool answer_cache_get(struct answer_cache *c, struct str key, unsigned long long version,
                      struct str *body, long long *extra);
/* Store a copy of body (and extra) under key for version, evicting as needed to stay within
 * the bounds. An answer counted for more than LIMIT_CACHE_ANSWER_BYTES, or one that cannot be allocated, is not
 * stored (the old one under key is dropped). */
void answer_cache_put(struct answer_cache *c, struct str key, struct str body, long long extra,
                      unsigned long long version);
/* Free every answer; the figures stay. */
void answer_cache_clear(struct answer_cache *c);
/* The bytes one answer is counted for. */
size_t answer_cache_cost(size_t key_len, size_t body_len);

#endif
