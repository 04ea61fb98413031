/*
 * tokens: the search tokenizer of bpmc, for Korean and English text as people write and type it.
 * Korean has no spaces inside compounds and glues particles to nouns ("영상데이터를"), so words
 * are not found by splitting on spaces: Hangul is indexed as overlapping syllable bigrams, which
 * find any two-syllable piece of a compound, plus the run's 초성 string for "ㄷㄱㄷ"-style queries.
 * Latin letters and digits are folded to lower-case ASCII without accents by one table. Queries
 * are tokenized like documents, except that a trailing particle is dropped, no 초성 is derived,
 * and tokens a person may still be typing are marked as prefixes.
 *
 * The text is read one "unit" at a time: a well-formed UTF-8 character, or one byte of an
 * invalid sequence (a separator), or a Hangul syllable written as conjoining jamo (NFD, as macOS
 * file names carry it), composed back so that it indexes like its NFC form. Nothing is read past
 * len and nothing is allocated: tokens are built in small buffers on the stack. In query mode a
 * word token is held back until the next token or the end of the text shows whether it is the
 * last one, so the text is read once.
 */
#include "tokens.h"

#include <stdint.h>
#include <string.h>

#include "validate.h"
#include "banned.h"

/* Compatibility jamo are 3 bytes each; a jamo token holds as many as fit. */
#define TOKENS_JAMO_MAX (TOKENS_MAX_BYTES / 3)

/* Hangul syllables and conjoining jamo (Unicode §3.12): syllable = base + (L * 21 + V) * 28 + T. */
#define HANGUL_BASE 0xAC00u
#define HANGUL_LAST 0xD7A3u
#define HANGUL_V_COUNT 21u
#define HANGUL_T_COUNT 28u
#define HANGUL_L_BASE 0x1100u
#define HANGUL_L_COUNT 19u
#define HANGUL_V_BASE 0x1161u
#define HANGUL_T_BASE 0x11A7u /* T = 0 is "no final consonant"; U+11A8 is T = 1 */

/* Compatibility jamo consonants, what a keyboard types for "ㄷㄱㄷ". */
#define JAMO_FIRST 0x3131u
#define JAMO_LAST 0x314Eu

/* The Latin letters folded by fold_latin[]. */
#define LATIN_FIRST 0x00C0u
#define LATIN_LAST 0x024Fu

/* Combining diacritical marks: an accent written after its letter (e + U+0301 = é). */
#define MARK_FIRST 0x0300u
#define MARK_LAST 0x036Fu

enum unit_class {
    UNIT_SEP,    /* separates runs: spaces, punctuation, other scripts, invalid bytes */
    UNIT_WORD,   /* ASCII letter or digit, Latin letter, fullwidth letter or digit */
    UNIT_MARK,   /* combining accent: part of a word run after a word character */
    UNIT_HANGUL, /* Hangul syllable, precomposed or composed from conjoining jamo */
    UNIT_JAMO,   /* compatibility jamo consonant */
};

/* One character of the text: its class, code point and source bytes [start, end). */
struct unit {
    enum unit_class cls;
    uint32_t cp;
    size_t start, end;
};

/* The state of one tokens_split call. */
struct split {
    const unsigned char *s;
    size_t len;
    enum tokens_mode mode;
    tokens_emit emit;
    void *ctx;
    /* Query mode: the latest word token, not yet emitted (see split_word). */
    bool held;
    char held_tok[TOKENS_MAX_BYTES];
    size_t held_len, held_start, held_end;
};

/* The 초성 of a syllable, index (syllable - HANGUL_BASE) / (21 * 28), as compatibility jamo:
 * ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ. */
static const uint16_t choseong_jamo[HANGUL_L_COUNT] = {
    0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142, 0x3143, 0x3145,
    0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B, 0x314C, 0x314D, 0x314E,
};

/* Particles (조사) and verb or adnominal endings (어미) dropped from the end of a query's Hangul
 * run, longest first: 측정하는 → 측정, 의뢰할 → 의뢰, 시퀀싱해 → 시퀀싱, 데이터를 → 데이터. A run
 * that is a name ending in one of them (최예은) is kept whole by search, which reads the run as
 * typed when a title or name holds it (TOKENS_QUERY_WHOLE). */
static const char endings_3[][10] = {"하나요", "합니다", "할까요", "하려면", "해주는", "해야할",
                                     "했는데", "되나요", "이라는"};
static const char endings_2[][7] = {"에서", "으로", "에게", "까지", "부터", "처럼", "보다", "라도",
                                    "하는", "하기", "하고", "해서", "하여", "하며", "하면", "하려",
                                    "되는", "되어", "해요", "하던", "해줄", "할때"};
static const char endings_1[][4] = {"을", "를", "이", "가", "은", "는", "의", "에", "로", "과",
                                    "와", "도", "만", "할", "한", "해", "된", "될"};

/* U+00C0..U+024F folded to lower-case ASCII: the base letter (or two, for ß æ œ þ ĳ ǆ ...),
 * "" for a character that separates runs (× ÷, and letters with no Latin base letter: ezh,
 * yogh, wynn, esh, gamma, iota, upsilon, clicks, tone letters, glottal stops). */
/* clang-format off */
static const char fold_latin[LATIN_LAST - LATIN_FIRST + 1][3] = {
    /* U+00C0 */ "a",  "a",  "a",  "a",  "a",  "a",  "ae", "c",
    /* U+00C8 */ "e",  "e",  "e",  "e",  "i",  "i",  "i",  "i",
    /* U+00D0 */ "d",  "n",  "o",  "o",  "o",  "o",  "o",  "",
    /* U+00D8 */ "o",  "u",  "u",  "u",  "u",  "y",  "th", "ss",
    /* U+00E0 */ "a",  "a",  "a",  "a",  "a",  "a",  "ae", "c",
    /* U+00E8 */ "e",  "e",  "e",  "e",  "i",  "i",  "i",  "i",
    /* U+00F0 */ "d",  "n",  "o",  "o",  "o",  "o",  "o",  "",
    /* U+00F8 */ "o",  "u",  "u",  "u",  "u",  "y",  "th", "y",
    /* U+0100 */ "a",  "a",  "a",  "a",  "a",  "a",  "c",  "c",
    /* U+0108 */ "c",  "c",  "c",  "c",  "c",  "c",  "d",  "d",
    /* U+0110 */ "d",  "d",  "e",  "e",  "e",  "e",  "e",  "e",
    /* U+0118 */ "e",  "e",  "e",  "e",  "g",  "g",  "g",  "g",
    /* U+0120 */ "g",  "g",  "g",  "g",  "h",  "h",  "h",  "h",
    /* U+0128 */ "i",  "i",  "i",  "i",  "i",  "i",  "i",  "i",
    /* U+0130 */ "i",  "i",  "ij", "ij", "j",  "j",  "k",  "k",
    /* U+0138 */ "k",  "l",  "l",  "l",  "l",  "l",  "l",  "l",
    /* U+0140 */ "l",  "l",  "l",  "n",  "n",  "n",  "n",  "n",
    /* U+0148 */ "n",  "n",  "n",  "n",  "o",  "o",  "o",  "o",
    /* U+0150 */ "o",  "o",  "oe", "oe", "r",  "r",  "r",  "r",
    /* U+0158 */ "r",  "r",  "s",  "s",  "s",  "s",  "s",  "s",
    /* U+0160 */ "s",  "s",  "t",  "t",  "t",  "t",  "t",  "t",
    /* U+0168 */ "u",  "u",  "u",  "u",  "u",  "u",  "u",  "u",
    /* U+0170 */ "u",  "u",  "u",  "u",  "w",  "w",  "y",  "y",
    /* U+0178 */ "y",  "z",  "z",  "z",  "z",  "z",  "z",  "s",
    /* U+0180 */ "b",  "b",  "b",  "b",  "",   "",   "o",  "c",
    /* U+0188 */ "c",  "d",  "d",  "d",  "d",  "",   "e",  "e",
    /* U+0190 */ "e",  "f",  "f",  "g",  "",   "hv", "",   "i",
    /* U+0198 */ "k",  "k",  "l",  "",   "m",  "n",  "n",  "o",
    /* U+01A0 */ "o",  "o",  "oi", "oi", "p",  "p",  "r",  "",
    /* U+01A8 */ "",   "",   "",   "t",  "t",  "t",  "t",  "u",
    /* U+01B0 */ "u",  "",   "v",  "y",  "y",  "z",  "z",  "",
    /* U+01B8 */ "",   "",   "",   "",   "",   "",   "",   "",
    /* U+01C0 */ "",   "",   "",   "",   "dz", "dz", "dz", "lj",
    /* U+01C8 */ "lj", "lj", "nj", "nj", "nj", "a",  "a",  "i",
    /* U+01D0 */ "i",  "o",  "o",  "u",  "u",  "u",  "u",  "u",
    /* U+01D8 */ "u",  "u",  "u",  "u",  "u",  "e",  "a",  "a",
    /* U+01E0 */ "a",  "a",  "ae", "ae", "g",  "g",  "g",  "g",
    /* U+01E8 */ "k",  "k",  "o",  "o",  "o",  "o",  "",   "",
    /* U+01F0 */ "j",  "dz", "dz", "dz", "g",  "g",  "hv", "",
    /* U+01F8 */ "n",  "n",  "a",  "a",  "ae", "ae", "o",  "o",
    /* U+0200 */ "a",  "a",  "a",  "a",  "e",  "e",  "e",  "e",
    /* U+0208 */ "i",  "i",  "i",  "i",  "o",  "o",  "o",  "o",
    /* U+0210 */ "r",  "r",  "r",  "r",  "u",  "u",  "u",  "u",
    /* U+0218 */ "s",  "s",  "t",  "t",  "",   "",   "h",  "h",
    /* U+0220 */ "n",  "d",  "ou", "ou", "z",  "z",  "a",  "a",
    /* U+0228 */ "e",  "e",  "o",  "o",  "o",  "o",  "o",  "o",
    /* U+0230 */ "o",  "o",  "y",  "y",  "l",  "n",  "t",  "j",
    /* U+0238 */ "db", "qp", "a",  "c",  "c",  "l",  "t",  "s",
    /* U+0240 */ "z",  "",   "",   "b",  "u",  "v",  "e",  "e",
    /* U+0248 */ "j",  "j",  "q",  "q",  "r",  "r",  "y",  "y",
};
/* clang-format on */

/* The 3-byte UTF-8 form of cp (U+0800..U+FFFF) into out. */
static void utf8_put3(uint32_t cp, char *out)
{
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
}

/* The folded form of a word character into out (1 or 2 bytes); 0 when cp is not one. */
static size_t word_fold(uint32_t cp, char out[2])
{
    if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z')) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp >= 'A' && cp <= 'Z') {
        out[0] = (char)(cp - 'A' + 'a');
        return 1;
    }
    if (cp >= LATIN_FIRST && cp <= LATIN_LAST) {
        const char *f = fold_latin[cp - LATIN_FIRST];
        size_t n = f[0] == '\0' ? 0 : f[1] == '\0' ? 1 : 2;
        memcpy(out, f, n);
        return n;
    }
    /* Fullwidth forms (ＡＢＣ１２３), which some Korean input methods type. */
    if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
        (cp >= 0xFF41 && cp <= 0xFF5A))
        return word_fold(cp - 0xFF00 + 0x20, out);
    return 0;
}

static enum unit_class classify(uint32_t cp)
{
    char f[2];
    if (cp >= HANGUL_BASE && cp <= HANGUL_LAST)
        return UNIT_HANGUL;
    if (cp >= JAMO_FIRST && cp <= JAMO_LAST)
        return UNIT_JAMO;
    if (cp >= MARK_FIRST && cp <= MARK_LAST)
        return UNIT_MARK;
    return word_fold(cp, f) ? UNIT_WORD : UNIT_SEP;
}

/* Length of the conjoining jamo at byte i if its code point lies in [first, first + count),
 * with its place in that range in *index; 0 otherwise. */
static size_t jamo_at(const struct split *sp, size_t i, uint32_t first, uint32_t count,
                      uint32_t *index)
{
    uint32_t cp = 0;
    size_t n = utf8_decode((const char *)sp->s + i, sp->len - i, &cp);
    if (n == 0 || cp < first || cp >= first + count)
        return 0;
    *index = cp - first;
    return n;
}

/* The unit starting at byte i < len. */
static void unit_at(const struct split *sp, size_t i, struct unit *u)
{
    uint32_t cp = 0, v, t;
    size_t n = utf8_decode((const char *)sp->s + i, sp->len - i, &cp), m;
    u->start = i;
    u->end = i + (n ? n : 1);
    u->cp = cp;
    u->cls = n ? classify(cp) : UNIT_SEP;
    if (n == 0)
        return;
    /* Decomposed Hangul: L V (T), or an LV syllable followed by T. A lone L or V separates. */
    if (cp >= HANGUL_L_BASE && cp < HANGUL_L_BASE + HANGUL_L_COUNT) {
        m = jamo_at(sp, u->end, HANGUL_V_BASE, HANGUL_V_COUNT, &v);
        if (m == 0)
            return;
        u->cp = HANGUL_BASE + ((cp - HANGUL_L_BASE) * HANGUL_V_COUNT + v) * HANGUL_T_COUNT;
        u->end += m;
        u->cls = UNIT_HANGUL;
    }
    if (u->cls == UNIT_HANGUL && (u->cp - HANGUL_BASE) % HANGUL_T_COUNT == 0) {
        m = jamo_at(sp, u->end, HANGUL_T_BASE + 1, HANGUL_T_COUNT - 1, &t);
        if (m) {
            u->cp += t + 1;
            u->end += m;
        }
    }
}

/* Emit a token held back in query mode, with the given prefix flag. */
static int split_release(struct split *sp, bool prefix)
{
    if (!sp->held)
        return 0;
    sp->held = false;
    return sp->emit(sp->ctx, sp->held_tok, sp->held_len, sp->held_start, sp->held_end, prefix);
}

static int split_put(struct split *sp, const char *tok, size_t len, size_t start, size_t end,
                     bool prefix)
{
    int rc = split_release(sp, false);
    if (rc)
        return rc;
    return sp->emit(sp->ctx, tok, len, start, end, prefix);
}

/* A word token. In query mode it is a prefix only when it is the query's last token, which is
 * known only once the next token comes (it was not) or the text ends (it was). */
static int split_word(struct split *sp, const char *tok, size_t len, size_t start, size_t end)
{
    int rc;
    if (sp->mode == TOKENS_DOCUMENT)
        return split_put(sp, tok, len, start, end, false);
    rc = split_release(sp, false);
    if (rc)
        return rc;
    memcpy(sp->held_tok, tok, len);
    sp->held_len = len;
    sp->held_start = start;
    sp->held_end = end;
    sp->held = true;
    return 0;
}

/* The word run starting at *at; *at moves past it. */
static int run_word(struct split *sp, size_t *at)
{
    char tok[TOKENS_MAX_BYTES], f[2];
    size_t n = 0, i = *at, start = i, end = i, fn;
    struct unit u;
    int rc;
    while (i < sp->len) {
        unit_at(sp, i, &u);
        if (u.cls == UNIT_MARK) {
            end = i = u.end;
            continue;
        }
        if (u.cls != UNIT_WORD)
            break;
        fn = word_fold(u.cp, f);
        if (n + fn > sizeof(tok)) {
            rc = split_word(sp, tok, n, start, end);
            if (rc)
                return rc;
            n = 0;
            start = u.start;
        }
        memcpy(tok + n, f, fn);
        n += fn;
        end = i = u.end;
    }
    *at = i;
    return split_word(sp, tok, n, start, end);
}

/* The jamo run starting at *at; *at moves past it. Jamo are always 3 source bytes, so a token
 * is a slice of the text. */
static int run_jamo(struct split *sp, size_t *at)
{
    bool prefix = sp->mode != TOKENS_DOCUMENT;
    size_t start = *at, i = *at, count = 0;
    struct unit u;
    int rc;
    while (i < sp->len) {
        unit_at(sp, i, &u);
        if (u.cls != UNIT_JAMO)
            break;
        if (count == TOKENS_JAMO_MAX) {
            rc = split_put(sp, (const char *)sp->s + start, i - start, start, i, prefix);
            if (rc)
                return rc;
            start = i;
            count = 0;
        }
        count++;
        i = u.end;
    }
    *at = i;
    return split_put(sp, (const char *)sp->s + start, i - start, start, i, prefix);
}

/* How many syllables to drop from the end of a query's Hangul run of n syllables whose last
 * three are last[0..2]: an ending or particle, if one ends the run and at least 2 syllables
 * remain. */
static size_t particle_len(const uint32_t last[3], size_t n)
{
    char tail[9];
    if (n < 3)
        return 0;
    utf8_put3(last[0], tail);
    utf8_put3(last[1], tail + 3);
    utf8_put3(last[2], tail + 6);
    if (n >= 5)
        for (size_t k = 0; k < sizeof(endings_3) / sizeof(endings_3[0]); k++)
            if (memcmp(tail, endings_3[k], 9) == 0)
                return 3;
    if (n >= 4)
        for (size_t k = 0; k < sizeof(endings_2) / sizeof(endings_2[0]); k++)
            if (strlen(endings_2[k]) == 6 && memcmp(tail + 3, endings_2[k], 6) == 0)
                return 2;
    for (size_t k = 0; k < sizeof(endings_1) / sizeof(endings_1[0]); k++)
        if (memcmp(tail + 6, endings_1[k], 3) == 0)
            return 1;
    return 0;
}

/* The Hangul run starting at *at; *at moves past it. The run is read twice: once to count its
 * syllables and see how it ends, once to emit. */
static int run_hangul(struct split *sp, size_t *at)
{
    char tok[6], cho[TOKENS_CHOSEONG_RUN_MAX * 3];
    uint32_t last[3] = {0, 0, 0};
    size_t start = *at, i = *at, n = 0, keep, cn = 0;
    struct unit u, prev = {.cls = UNIT_HANGUL};
    bool want_cho;
    int rc;
    while (i < sp->len) {
        unit_at(sp, i, &u);
        if (u.cls != UNIT_HANGUL)
            break;
        last[0] = last[1];
        last[1] = last[2];
        last[2] = u.cp;
        n++;
        i = u.end;
    }
    *at = i;
    if (n == 1) {
        utf8_put3(last[2], tok);
        return split_put(sp, tok, 3, start, i, sp->mode != TOKENS_DOCUMENT);
    }
    keep = n - (sp->mode == TOKENS_QUERY ? particle_len(last, n) : 0);
    want_cho = sp->mode == TOKENS_DOCUMENT && n <= TOKENS_CHOSEONG_RUN_MAX;
    i = start;
    for (size_t k = 0; k < n && (k < keep || want_cho); k++) {
        unit_at(sp, i, &u);
        if (want_cho) {
            utf8_put3(choseong_jamo[(u.cp - HANGUL_BASE) / (HANGUL_V_COUNT * HANGUL_T_COUNT)],
                      cho + cn);
            cn += 3;
        }
        if (k >= 1 && k < keep) {
            utf8_put3(prev.cp, tok);
            utf8_put3(u.cp, tok + 3);
            /* offsets do not overlap, so highlights do not repeat text: a bigram covers its
             * first syllable, the run's last bigram both */
            rc = split_put(sp, tok, sizeof(tok), prev.start, k + 1 == keep ? u.end : prev.end,
                           false);
            if (rc)
                return rc;
        }
        prev = u;
        i = u.end;
    }
    return want_cho ? split_put(sp, cho, cn, start, *at, false) : 0;
}

int tokens_split(const char *text, size_t len, enum tokens_mode mode, tokens_emit emit, void *ctx)
{
    struct split sp = {
        .s = (const unsigned char *)text, .len = len, .mode = mode, .emit = emit, .ctx = ctx};
    size_t i = 0;
    struct unit u;
    int rc = 0;
    while (i < len && rc == 0) {
        unit_at(&sp, i, &u);
        switch (u.cls) {
        case UNIT_WORD:
            rc = run_word(&sp, &i);
            break;
        case UNIT_HANGUL:
            rc = run_hangul(&sp, &i);
            break;
        case UNIT_JAMO:
            rc = run_jamo(&sp, &i);
            break;
        case UNIT_SEP:
        case UNIT_MARK:
            i = u.end;
            break;
        }
    }
    return rc ? rc : split_release(&sp, true);
}
