/*
 * fuzz_tokens: libFuzzer target for core/tokens.c. The same bytes are split as a document and
 * as a query; every token must be 1..TOKENS_MAX_BYTES bytes of valid, NUL-free UTF-8 made of one
 * kind of character (lower-case ASCII letters and digits, Hangul syllables, or compatibility
 * jamo), with start <= end <= size, and no prefix flag in a document. A second split that stops
 * half-way must return the callback's value and emit the same first tokens.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/tokens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_KEEP 4096

struct seen {
    size_t size;
    enum tokens_mode mode;
    size_t n;
    size_t stop_after; /* 0: never stop */
    bool replay;       /* compare with the tokens kept by the first split */
    size_t start[FUZZ_KEEP], end[FUZZ_KEEP], len[FUZZ_KEEP];
};

enum kind { KIND_NONE, KIND_WORD, KIND_HANGUL, KIND_JAMO };

/* Decode the well-formed UTF-8 character at p, or return 0. */
static size_t decode(const unsigned char *p, size_t left, uint32_t *cp)
{
    size_t n;
    uint32_t c = p[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xE0) == 0xC0) {
        n = 2, c &= 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3, c &= 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4, c &= 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (left < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

static enum kind kind_of(uint32_t cp)
{
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
        return KIND_WORD;
    if (cp >= 0xAC00 && cp <= 0xD7A3)
        return KIND_HANGUL;
    if (cp >= 0x3131 && cp <= 0x314E)
        return KIND_JAMO;
    return KIND_NONE;
}

static int check(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct seen *s = ctx;
    const unsigned char *p = (const unsigned char *)tok;
    enum kind k = KIND_NONE;
    if (len == 0 || len > TOKENS_MAX_BYTES || start > end || end > s->size)
        abort();
    if (prefix && s->mode == TOKENS_DOCUMENT)
        abort();
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = decode(p + i, len - i, &cp);
        if (n == 0 || kind_of(cp) == KIND_NONE || (i > 0 && kind_of(cp) != k))
            abort();
        k = kind_of(cp);
        i += n;
    }
    if (s->n < FUZZ_KEEP) {
        if (s->replay) {
            if (s->start[s->n] != start || s->end[s->n] != end || s->len[s->n] != len)
                abort();
        } else {
            s->start[s->n] = start;
            s->end[s->n] = end;
            s->len[s->n] = len;
        }
    }
    s->n++;
    if (s->stop_after && s->n > s->stop_after)
        abort();
    return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct seen s;
    const char *text = (const char *)data;
    for (int m = TOKENS_DOCUMENT; m <= TOKENS_QUERY; m++) {
        memset(&s, 0, sizeof(s));
        s.size = size;
        s.mode = (enum tokens_mode)m;
        if (tokens_split(text, size, s.mode, check, &s) != 0)
            abort();
        size_t total = s.n;
        if (total == 0)
            continue;
        s.stop_after = total / 2 + 1;
        s.n = 0;
        s.replay = true;
        if (tokens_split(text, size, s.mode, check, &s) != 42 || s.n != s.stop_after)
            abort();
    }
    return 0;
}
