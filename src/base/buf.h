/*
 * buf: a growable byte string. Rules (after git's strbuf and curl's dynbuf):
 *  - data is never NULL and always NUL-terminated, so it can be passed where a C string is due;
 *  - it grows from an arena (dies with the request) or, with arena NULL, from malloc
 *    (buf_release frees it);
 *  - it never grows past cap; an append that would fails, leaves the buf unchanged and sets
 *    the sticky flag failed, so a writer of many pieces checks once at the end.
 */
#ifndef BP_BUF_H
#define BP_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "str.h"

struct buf {
    char *data;
    size_t len, alloc, cap;
    struct arena *arena;
    bool failed;
};

/* Start an empty buf. arena NULL means malloc. */
void buf_init(struct buf *b, struct arena *arena, size_t cap);
/* Free a malloc'd buf's memory and make it empty again. */
void buf_release(struct buf *b);
/* Hand the malloc'd bytes to the caller (who frees them); the buf is empty afterwards. */
char *buf_detach(struct buf *b, size_t *len);
/* Forget the content, keep the memory. */
void buf_reset(struct buf *b);

/* Appenders: BP_OK, or BP_ERR_TOO_LARGE / BP_ERR_NOMEM with the buf unchanged. */
enum bp_err buf_add(struct buf *b, const void *data, size_t len);
enum bp_err buf_adds(struct buf *b, const char *s);
enum bp_err buf_addstr(struct buf *b, struct str s);
enum bp_err buf_addch(struct buf *b, char c);
enum bp_err buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
enum bp_err buf_vaddf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Append s as a JSON string literal, quotes included, escaping what JSON requires. */
enum bp_err buf_add_json_str(struct buf *b, const char *s, size_t len);
/* Append s as a CSV cell (quoted when it holds a comma, quote, CR or LF). */
enum bp_err buf_add_csv_cell(struct buf *b, const char *s, size_t len);
/* Append the bytes of the file at path; BP_ERR_IO when it cannot be opened. */
enum bp_err buf_add_file(struct buf *b, const char *path);
/* Make room for len more bytes (not counting the NUL). */
enum bp_err buf_grow(struct buf *b, size_t len);

static inline struct str buf_str(const struct buf *b) { return (struct str){b->data, b->len}; }

#endif
