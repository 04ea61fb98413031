/*
 * dialect_sql: statements written from a template with dialect.h markers, once at first use and
 * kept for the process, so that each call site's text stays constant (the prepared-statement
 * cache is keyed by it; docs/postgresql.md, rule 5).
 */
#include "db/dialect.h"

#include <pthread.h>
#include <string.h>

#include "base/banned.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* The end of the part of s (len bytes) that starts at i: the next '|' or the end, outside
 * braces. */
static size_t part_end(const char *s, size_t len, size_t i)
{
    int depth = 0;
    for (; i < len; i++) {
        if (s[i] == '{')
            depth++;
        else if (s[i] == '}')
            depth--;
        else if (s[i] == '|' && depth == 0)
            break;
    }
    return i;
}

static void expand(struct buf *out, const char *s, size_t len);

/* The expansion of s (len bytes) as a C string of its own (for a dialect function's argument). */
static char *expanded(const char *s, size_t len, struct buf *b)
{
    buf_init(b, NULL, 1 << 16);
    expand(b, s, len);
    return b->data;
}

static void marker(struct buf *out, const char *s, size_t len)
{
    if (len == 3 && memcmp(s, "now", 3) == 0) {
        dialect_now(out);
    } else if (len == 9 && memcmp(s, "forupdate", 9) == 0) {
        dialect_for_update(out);
    } else if ((len > 5 && memcmp(s, "lock:", 5) == 0) ||
               (len > 8 && memcmp(s, "trylock:", 8) == 0)) {
        bool try_only = s[0] == 't';
        size_t skip = try_only ? 8 : 5;
        struct buf c;
        dialect_xact_lock(out, expanded(s + skip, len - skip, &c), try_only);
        if (c.failed)
            out->failed = true;
        buf_release(&c);
    } else if (len > 5 && memcmp(s, "true:", 5) == 0) {
        struct buf c;
        dialect_json_truth(out, expanded(s + 5, len - 5, &c));
        if (c.failed)
            out->failed = true;
        buf_release(&c);
    } else if (len > 5 && memcmp(s, "json:", 5) == 0) {
        struct buf c;
        dialect_json_value(out, expanded(s + 5, len - 5, &c));
        if (c.failed)
            out->failed = true;
        buf_release(&c);
    } else if (len > 6 && memcmp(s, "epoch:", 6) == 0) {
        struct buf c;
        dialect_epoch(out, expanded(s + 6, len - 6, &c));
        if (c.failed)
            out->failed = true;
        buf_release(&c);
    } else if (len > 5 && memcmp(s, "each:", 5) == 0) {
        size_t a = part_end(s, len, 5), b = a < len ? part_end(s, len, a + 1) : len;
        if (b >= len) {
            out->failed = true;
            return;
        }
        struct buf x, y, z;
        dialect_array_column_elements(out, expanded(s + 5, a - 5, &x),
                                      expanded(s + a + 1, b - a - 1, &y),
                                      expanded(s + b + 1, len - b - 1, &z));
        if (x.failed || y.failed || z.failed)
            out->failed = true;
        buf_release(&x);
        buf_release(&y);
        buf_release(&z);
    } else if (len > 4 && memcmp(s, "obj:", 4) == 0) {
        dialect_json_object_begin(out);
        for (size_t i = 4; i < len;) {
            size_t end = part_end(s, len, i);
            const char *eq = memchr(s + i, '=', end - i);
            if (!eq) {
                out->failed = true;
                return;
            }
            dialect_json_key(out, s + i, (size_t)(eq - (s + i)), NULL, i == 4);
            expand(out, eq + 1, (size_t)(s + end - (eq + 1)));
            i = end + 1;
        }
        dialect_json_object_end(out);
    } else if (len > 4 && memcmp(s, "arr:", 4) == 0) {
        size_t a = part_end(s, len, 4), b = a < len ? part_end(s, len, a + 1) : len;
        if (b >= len) {
            out->failed = true;
            return;
        }
        struct buf e, f, o;
        dialect_json_array_agg(out, expanded(s + 4, a - 4, &e), expanded(s + a + 1, b - a - 1, &f),
                               expanded(s + b + 1, len - b - 1, &o));
        if (e.failed || f.failed || o.failed)
            out->failed = true;
        buf_release(&e);
        buf_release(&f);
        buf_release(&o);
    } else {
        out->failed = true;
    }
}

static void expand(struct buf *out, const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *open = memchr(s + i, '{', len - i);
        size_t at = open ? (size_t)(open - s) : len;
        (void)buf_add(out, s + i, at - i);
        if (at == len)
            return;
        int depth = 0;
        size_t k = at;
        for (; k < len; k++) {
            if (s[k] == '{')
                depth++;
            else if (s[k] == '}' && --depth == 0)
                break;
        }
        if (k == len) {
            out->failed = true;
            return;
        }
        marker(out, s + at + 1, k - at - 1);
        i = k + 1;
    }
}

const char *dialect_sql(const char **slot, const char *tmpl)
{
    const char *sql = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (sql)
        return sql;
    pthread_mutex_lock(&lock);
    sql = *slot;
    if (!sql) {
        struct buf b;
        buf_init(&b, NULL, 1 << 16);
        expand(&b, tmpl, strlen(tmpl));
        if (b.failed) {
            buf_release(&b);
            sql = "SELECT 'dialect_sql: a template that does not expand' FROM nowhere";
        } else {
            sql = buf_detach(&b, NULL); /* kept for the process */
            __atomic_store_n(slot, sql, __ATOMIC_RELEASE);
        }
    }
    pthread_mutex_unlock(&lock);
    return sql;
}

