/*
 * buf: growable, capped, NUL-terminated byte strings.
 */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static char buf_empty[1];

void buf_init(struct buf *b, struct arena *arena, size_t cap)
{
    b->data = buf_empty;
    b->len = 0;
    b->alloc = 0;
    b->cap = cap;
    b->arena = arena;
    b->failed = false;
}

void buf_release(struct buf *b)
{
    if (!b->arena && b->alloc)
        free(b->data);
    buf_init(b, b->arena, b->cap);
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p;
    if (len)
        *len = b->len;
    if (b->alloc == 0) {
        p = b->arena ? arena_strndup(b->arena, "", 0) : calloc(1, 1);
    } else {
        p = b->data;
    }
    buf_init(b, b->arena, b->cap);
    return p;
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->alloc) /* never write to the shared buf_empty */
        b->data[0] = '\0';
    b->failed = false;
}

enum bp_err buf_grow(struct buf *b, size_t len)
{
    if (len > b->cap || b->len > b->cap - len) {
        b->failed = true;
        return BP_ERR_TOO_LARGE;
    }
    size_t need = b->len + len + 1;
    if (need <= b->alloc)
        return BP_OK;
    size_t want = b->alloc ? b->alloc : 64;
    while (want < need)
        want = want < (SIZE_MAX / 2) ? want * 2 : need;
    if (want > b->cap + 1)
        want = b->cap + 1;
    char *p;
    if (b->arena) {
        p = arena_alloc(b->arena, want);
        if (p && b->len)
            memcpy(p, b->data, b->len);
    } else {
        p = realloc(b->alloc ? b->data : NULL, want);
    }
    if (!p) {
        b->failed = true;
        return b->arena && b->arena->used + want > b->arena->cap ? BP_ERR_TOO_LARGE : BP_ERR_NOMEM;
    }
    p[b->len] = '\0'; /* an arena copy has only the bytes: keep data a C string */
    b->data = p;
    b->alloc = want;
    return BP_OK;
}

enum bp_err buf_add(struct buf *b, const void *data, size_t len)
{
    enum bp_err e = buf_grow(b, len);
    if (e)
        return e;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return BP_OK;
}

enum bp_err buf_adds(struct buf *b, const char *s) { return buf_add(b, s, strlen(s)); }
enum bp_err buf_addstr(struct buf *b, struct str s) { return buf_add(b, s.ptr, s.len); }
enum bp_err buf_addch(struct buf *b, char c) { return buf_add(b, &c, 1); }

enum bp_err buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->failed = true;
        return BP_ERR_IO;
    }
    enum bp_err e = buf_grow(b, (size_t)n);
    if (e)
        return e;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return BP_OK;
}

enum bp_err buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum bp_err e = buf_vaddf(b, fmt, ap);
    va_end(ap);
    return e;
}

/* Take back what an escaping append added since b held len bytes (it failed half-way). */
static void roll_back(struct buf *b, size_t len)
{
    b->len = len;
    if (b->alloc)
        b->data[b->len] = '\0';
}

enum bp_err buf_add_json_str(struct buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t start_len = b->len;
    bool start_failed = b->failed;
    enum bp_err e = buf_addch(b, '"');
    size_t run = 0;
    for (size_t i = 0; !e && i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = NULL;
        char u[6];
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c < 0x20) {
            u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0', u[4] = hex[c >> 4], u[5] = hex[c & 15];
        } else {
            run++;
            continue;
        }
        e = buf_add(b, s + i - run, run);
        run = 0;
        if (!e)
            e = esc ? buf_adds(b, esc) : buf_add(b, u, 6);
    }
    if (!e)
        e = buf_add(b, s + len - run, run);
    if (!e)
        e = buf_addch(b, '"');
    if (e) {
        roll_back(b, start_len);
        b->failed = true;
        (void)start_failed;
    }
    return e;
}

/* s (starting with '-') is a plain negative number such as -12.5, which Excel reads as data. */
static bool csv_negative_number(const char *s, size_t len)
{
    size_t digits = 0, dots = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && dots == 0)
            dots++;
        else
            return false;
    }
    return digits > 0;
}

enum bp_err buf_add_csv_cell(struct buf *b, const char *s, size_t len)
{
    bool quote = false;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    /* A cell starting with = + - @ tab or CR would be a formula in Excel: prefix a quote (CSV
     * injection). Only a whole negative number is spared: "-1+cmd|..." is still a formula. */
    bool formula = len > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                               s[0] == '\t' || s[0] == '\r');
    if (formula && s[0] == '-' && csv_negative_number(s, len))
        formula = false;
    if (!quote && !formula)
        return buf_add(b, s, len);
    size_t start_len = b->len;
    enum bp_err e = buf_addch(b, '"');
    if (!e && formula)
        e = buf_addch(b, '\'');
    for (size_t i = 0; !e && i < len; i++)
        e = s[i] == '"' ? buf_add(b, "\"\"", 2) : buf_addch(b, s[i]);
    if (!e)
        e = buf_addch(b, '"');
    if (e)
        roll_back(b, start_len);
    return e;
}

enum bp_err buf_add_file(struct buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return BP_ERR_IO;
    enum bp_err e = BP_OK;
    char chunk[65536];
    size_t n;
    while (!e && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        e = buf_add(b, chunk, n);
    fclose(f);
    return e;
}
