/*
 * cache: the answer cache of one event loop.
 *
 * A key has one slot (its hash modulo LIMIT_CACHE_ENTRIES), so a lookup is one comparison and
 * the number of entries is bounded by construction; a new key replaces the one in its slot.
 * The byte bound is kept by a clock (second chance): a read marks its slot, and before a put
 * that would pass LIMIT_CACHE_BYTES the hand sweeps the slots, freeing unmarked answers and
 * clearing marks as it passes; answers of an older data version, which no one can read any
 * more, are all freed first (one pass per version). We chose the
 * clock over an LRU list because it needs no links or reordering on the hot read path (one
 * store of a bool), and over dropping everything on overflow because a burst of one-off URLs
 * would then also throw away the pages everyone reads. Each put frees at most what it needs
 * and the hand passes each slot at most twice before it finds an unmarked one, so a put is
 * bounded work and the memory stays flat whatever the stream of URLs.
 */
#include "http/cache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

/* The figures are written by the owning loop only: a relaxed load and store. */
static void add_size(_Atomic size_t *v, size_t n, bool minus)
{
    size_t old = atomic_load_explicit(v, memory_order_relaxed);
    atomic_store_explicit(v, minus ? old - n : old + n, memory_order_relaxed);
}

static void count(_Atomic unsigned long long *v)
{
    atomic_store_explicit(v, atomic_load_explicit(v, memory_order_relaxed) + 1, memory_order_relaxed);
}

size_t answer_cache_cost(size_t key_len, size_t body_len)
{
    return key_len + body_len + LIMIT_CACHE_ENTRY_OVERHEAD;
}

static void slot_free(struct answer_cache *c, struct cache_slot *s)
{
    if (!s->key)
        return;
    add_size(&c->bytes, answer_cache_cost(s->key_len, s->body_len), true);
    add_size(&c->entries, 1, true);
    free(s->key);
    free(s->body);
    memset(s, 0, sizeof(*s));
}

static struct cache_slot *slot_of(struct answer_cache *c, struct str key)
{
    return &c->slot[hash_bytes(key.ptr, key.len) % LIMIT_CACHE_ENTRIES];
}

bool answer_cache_get(struct answer_cache *c, struct str key, unsigned long long version,
                      struct str *body, long long *extra)
{
    struct cache_slot *s = slot_of(c, key);
    if (!s->key || s->key_len != key.len || memcmp(s->key, key.ptr, key.len) != 0 ||
        s->version != version) {
        count(&c->misses);
        return false;
    }
    s->used = true;
    count(&c->hits);
    *body = (struct str){s->body, s->body_len};
    if (extra)
        *extra = s->extra;
    return true;
}

static bool over(struct answer_cache *c, size_t need)
{
    return atomic_load_explicit(&c->bytes, memory_order_relaxed) + need > LIMIT_CACHE_BYTES;
}

/* Free answers until need more bytes fit under the bound: first, once per data version, every
 * answer of another version (no one can read them any more), then at the clock hand. */
static void make_room(struct answer_cache *c, size_t need, unsigned long long version)
{
    if (over(c, need) && c->swept != version) {
        c->swept = version;
        for (size_t i = 0; i < LIMIT_CACHE_ENTRIES; i++)
            if (c->slot[i].key && c->slot[i].version != version) {
                slot_free(c, &c->slot[i]);
                count(&c->evictions);
            }
    }
    while (over(c, need)) {
        struct cache_slot *s = &c->slot[c->hand];
        c->hand = (c->hand + 1) % LIMIT_CACHE_ENTRIES;
        if (!s->key)
            continue;
        if (s->used && s->version == version) {
            s->used = false;
            continue;
        }
        slot_free(c, s);
        count(&c->evictions);
    }
}

void answer_cache_put(struct answer_cache *c, struct str key, struct str body, long long extra,
                      unsigned long long version)
{
    struct cache_slot *s = slot_of(c, key);
    if (s->key) {
        bool same = s->key_len == key.len && memcmp(s->key, key.ptr, key.len) == 0;
        slot_free(c, s);
        if (!same)
            count(&c->evictions);
    }
    size_t cost = answer_cache_cost(key.len, body.len);
    if (cost > LIMIT_CACHE_ANSWER_BYTES)
        return;
    make_room(c, cost, version);
    s->key = malloc(key.len ? key.len : 1);
    s->body = malloc(body.len ? body.len : 1);
    if (!s->key || !s->body) {
        free(s->key);
        free(s->body);
        memset(s, 0, sizeof(*s));
        return;
    }
    if (key.len)
        memcpy(s->key, key.ptr, key.len);
    if (body.len)
        memcpy(s->body, body.ptr, body.len);
    s->key_len = key.len;
    s->body_len = body.len;
    s->extra = extra;
    s->version = version;
    s->used = false;
    add_size(&c->bytes, cost, false);
    add_size(&c->entries, 1, false);
}

void answer_cache_clear(struct answer_cache *c)
{
    for (size_t i = 0; i < LIMIT_CACHE_ENTRIES; i++)
        slot_free(c, &c->slot[i]);
}
