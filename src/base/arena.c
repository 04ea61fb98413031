/*
 * arena: bump allocation with a cap. Chunks double from 4 KiB so a small request does one malloc.
 */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct arena_chunk {
    struct arena_chunk *next;
    size_t size;
    _Alignas(max_align_t) char data[];
};

#define ARENA_ALIGN (_Alignof(max_align_t)) /* a power of two, which sizeof need not be */
#define ARENA_FIRST_CHUNK 4096

void arena_init(struct arena *a, size_t cap)
{
    memset(a, 0, sizeof(*a));
    a->cap = cap;
}

void arena_init_pool(struct arena *a, size_t cap, void *(*pool_alloc)(void *, size_t), void *pool)
{
    arena_init(a, cap);
    a->pool_alloc = pool_alloc;
    a->pool = pool;
}

void arena_release(struct arena *a)
{
    struct arena_chunk *c = a->chunks;
    while (c) {
        struct arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->chunks = NULL;
    a->cur = NULL;
    a->cur_left = 0;
    a->used = 0;
}

void *arena_alloc(struct arena *a, size_t size)
{
    if (size == 0) /* a real block, not NULL (which means failure) */
        size = 1;
    size_t rounded = (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
    if (rounded < size || rounded > a->cap - a->used || a->used > a->cap)
        return NULL;
    if (a->pool_alloc) {
        void *p = a->pool_alloc(a->pool, rounded);
        if (p)
            a->used += rounded;
        return p;
    }
    if (rounded > a->cur_left) {
        size_t want = a->chunks ? a->chunks->size * 2 : ARENA_FIRST_CHUNK;
        while (want < rounded)
            want *= 2;
        struct arena_chunk *c = malloc(sizeof(*c) + want);
        if (!c)
            return NULL;
        c->next = a->chunks;
        c->size = want;
        a->chunks = c;
        a->cur = c->data;
        a->cur_left = want;
    }
    void *p = a->cur;
    a->cur += rounded;
    a->cur_left -= rounded;
    a->used += rounded;
    return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = arena_alloc(a, len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}
