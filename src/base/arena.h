/*
 * arena: memory that lives exactly as long as one request (or one job), with a hard byte cap.
 * In the server the arena draws from h2o's req->pool through a callback, so it dies with the
 * request at no cost; elsewhere (CLI, writer, tests) it draws from its own malloc'd chunks and
 * arena_release frees them. Nothing allocated from an arena is ever freed on its own.
 */
#ifndef BP_ARENA_H
#define BP_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
    void *(*pool_alloc)(void *pool, size_t size); /* NULL: use own chunks */
    void *pool;
    size_t used, cap;
    struct arena_chunk *chunks;
    char *cur;
    size_t cur_left;
};

/* Set up an arena backed by malloc'd chunks, capped at cap bytes. */
void arena_init(struct arena *a, size_t cap);
/* Set up an arena drawing from an external pool (h2o's req->pool) through pool_alloc. */
void arena_init_pool(struct arena *a, size_t cap, void *(*pool_alloc)(void *, size_t), void *pool);
/* Free the arena's own chunks; a pool-backed arena is released by its pool. */
void arena_release(struct arena *a);

/* size bytes aligned for any type, or NULL when the cap would be passed or memory is out. */
void *arena_alloc(struct arena *a, size_t size);
/* A NUL-terminated copy of len bytes of s, or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
