/*
 * test_tokens: the search tokenizer of core/tokens.c, rule by rule, on Korean and English text.
 * Tokens are collected through the callback and compared as one string, "tok tok* tok", where
 * '*' marks a prefix token (tokens never hold a space or '*'); spans() adds their offsets. Every
 * call goes through a heap copy of exactly len bytes, so a run under ASan proves that nothing is
 * read past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/search.h"
#include "base/tokens.h"

#define GOT_MAX 256

struct tok {
    char text[TOKENS_MAX_BYTES + 1];
    size_t len, start, end;
    bool prefix;
};

struct got {
    struct tok t[GOT_MAX];
    size_t n;
    size_t text_len;
    size_t stop_after; /* return stop_rc from the stop_after-th call; 0: never stop */
    int stop_rc;
    char out[GOT_MAX * (TOKENS_MAX_BYTES + 24)];
};

static int collect(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct got *g = ctx;
    assert_true(len >= 1 && len <= TOKENS_MAX_BYTES);
    assert_null(memchr(tok, '\0', len));
    assert_true(start <= end && end <= g->text_len);
    assert_true(g->n < GOT_MAX);
    memcpy(g->t[g->n].text, tok, len);
    g->t[g->n].text[len] = '\0';
    g->t[g->n].len = len;
    g->t[g->n].start = start;
    g->t[g->n].end = end;
    g->t[g->n].prefix = prefix;
    g->n++;
    return g->stop_after && g->n == g->stop_after ? g->stop_rc : 0;
}

/* Split exactly n bytes of s (a heap copy, no NUL after it); returns tokens_split's value. */
static int split_n(struct got *g, const char *s, size_t n, enum tokens_mode mode)
{
    char *p = malloc(n ? n : 1);
    int rc;
    assert_non_null(p);
    if (n)
        memcpy(p, s, n);
    g->n = 0;
    g->text_len = n;
    rc = tokens_split(n ? p : NULL, n, mode, collect, g);
    free(p);
    return rc;
}

/* The tokens as "tok tok* tok". */
static const char *joined(struct got *g)
{
    size_t at = 0;
    g->out[0] = '\0';
    for (size_t i = 0; i < g->n; i++)
        at += (size_t)snprintf(g->out + at, sizeof(g->out) - at, "%s%s%s", i ? " " : "",
                               g->t[i].text, g->t[i].prefix ? "*" : "");
    return g->out;
}

/* The tokens with their offsets, as "tok@start-end tok@start-end". */
static const char *spans(struct got *g)
{
    size_t at = 0;
    g->out[0] = '\0';
    for (size_t i = 0; i < g->n; i++)
        at += (size_t)snprintf(g->out + at, sizeof(g->out) - at, "%s%s@%zu-%zu", i ? " " : "",
                               g->t[i].text, g->t[i].start, g->t[i].end);
    return g->out;
}

static struct got g_got; /* too big for a test's stack frame; tests run one at a time */

static const char *doc(const char *s)
{
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_DOCUMENT), 0);
    return joined(&g_got);
}

static const char *query(const char *s)
{
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_QUERY), 0);
    return joined(&g_got);
}

static const char *doc_n(const char *s, size_t n)
{
    assert_int_equal(split_n(&g_got, s, n, TOKENS_DOCUMENT), 0);
    return joined(&g_got);
}

static const char *doc_spans(const char *s)
{
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_DOCUMENT), 0);
    return spans(&g_got);
}

static const char *query_spans(const char *s)
{
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_QUERY), 0);
    return spans(&g_got);
}

static void test_empty(void **state)
{
    (void)state;
    assert_string_equal(doc_n(NULL, 0), "");
    assert_string_equal(doc(""), "");
    assert_string_equal(query("  ,.!? -- "), "");
    assert_string_equal(doc("😀🎉 ・ 「」"), "");
}

static void test_hangul_single(void **state)
{
    (void)state;
    assert_string_equal(doc("뇌"), "뇌");
    assert_string_equal(query("뇌"), "뇌*");
    assert_string_equal(doc("뇌 및 폐"), "뇌 및 폐");
}

static void test_hangul_bigrams(void **state)
{
    (void)state;
    assert_string_equal(doc("영상"), "영상 ㅇㅅ");
    assert_string_equal(query("영상"), "영상");
    assert_string_equal(doc("영상데이터"), "영상 상데 데이 이터 ㅇㅅㄷㅇㅌ");
    assert_string_equal(query("영상데이터"), "영상 상데 데이 이터");
}

static void test_choseong(void **state)
{
    (void)state;
    assert_string_equal(doc("동국대"), "동국 국대 ㄷㄱㄷ");
    assert_string_equal(doc("동국대학교 일산병원"),
                        "동국 국대 대학 학교 ㄷㄱㄷㅎㄱ 일산 산병 병원 ㅇㅅㅂㅇ");
    /* every initial, including the doubled ones */
    assert_string_equal(doc("까따빠싸짜"), "까따 따빠 빠싸 싸짜 ㄲㄸㅃㅆㅉ");
    assert_string_equal(doc("가나다라마바사아자차카타파하"),
                        "가나 나다 다라 라마 마바 바사 사아 아자 자차 차카 카타 타파 파하 "
                        "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ");
    /* the first and last syllables of the block */
    assert_string_equal(doc("가힣"), "가힣 ㄱㅎ");
    /* no 초성 in a query: what is typed is matched */
    assert_string_equal(query("동국대"), "동국 국대");
}

static void test_jamo(void **state)
{
    (void)state;
    assert_string_equal(doc("ㄷㄱㄷ"), "ㄷㄱㄷ");
    assert_string_equal(query("ㄷㄱㄷ"), "ㄷㄱㄷ*");
    assert_string_equal(query("ㄷㄱ"), "ㄷㄱ*");
    /* a jamo query is exactly the 초성 token of the document */
    doc("동국대");
    char cho[TOKENS_MAX_BYTES + 1];
    memcpy(cho, g_got.t[2].text, sizeof(cho));
    query("ㄷㄱㄷ");
    assert_string_equal(g_got.t[0].text, cho);
    /* a change between jamo and syllables is a run boundary */
    assert_string_equal(doc("ㅋㅋ영상ㅋㅋ"), "ㅋㅋ 영상 ㅇㅅ ㅋㅋ");
    /* vowels and other compatibility jamo are not consonants: they separate */
    assert_string_equal(doc("ㄷㅏㄱ"), "ㄷ ㄱ");
    /* compound final consonants are in the range and kept as typed */
    assert_string_equal(doc("ㄳㅄ"), "ㄳㅄ");
}

static void test_latin_case_and_accents(void **state)
{
    (void)state;
    assert_string_equal(doc("Celltrion CELLTRION Céltrion"), "celltrion celltrion celtrion");
    assert_string_equal(doc("Ünïcödé"), "unicode");
    assert_string_equal(doc("Straße Æsir Øresund España Français"),
                        "strasse aesir oresund espana francais");
    assert_string_equal(doc("Œuvre Þór Łódź İstanbul Ðakovo ǅemal"),
                        "oeuvre thor lodz istanbul dakovo dzemal");
    /* ễ (U+1EC5) and ứ (U+1EE9) are past U+024F: they separate, like other scripts */
    assert_string_equal(doc("Nguyễn Ơn Đức"), "nguy n on d c");
    /* a combining accent after its letter stays in the word and is dropped */
    assert_string_equal(doc("Ce\xcc\x81ltrion"), "celtrion");
    /* fullwidth letters and digits, as some input methods type them */
    assert_string_equal(doc("ＡＩ２０２６"), "ai2026");
}

static void test_latin_separators(void **state)
{
    (void)state;
    assert_string_equal(doc("3×4=12 a÷b"), "3 4 12 a b");
    assert_string_equal(doc("aƷb aȜb a\xcc\x81"), "a b a b a"); /* ezh, yogh: no base letter */
    assert_string_equal(doc("\314\201abc"), "abc"); /* an accent with no letter separates */
    assert_string_equal(doc("e-mail o'brien c++ a_b"), "e mail o brien c a b");
    assert_string_equal(doc("ªº µ"), ""); /* below U+00C0 */
}

/* Every code point of U+00C0..U+017F except × and ÷ folds to one or two lower-case letters. */
static void test_latin_table(void **state)
{
    (void)state;
    for (unsigned cp = 0xC0; cp <= 0x17F; cp++) {
        char s[2] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F))};
        doc_n(s, 2);
        if (cp == 0xD7 || cp == 0xF7) {
            assert_int_equal(g_got.n, 0);
            continue;
        }
        assert_int_equal(g_got.n, 1);
        assert_in_range(g_got.t[0].len, 1, 2);
        for (size_t i = 0; i < g_got.t[0].len; i++)
            assert_in_range(g_got.t[0].text[i], 'a', 'z');
    }
    for (unsigned cp = 0x180; cp <= 0x24F; cp++) {
        char s[2] = {(char)(0xC0 | (cp >> 6)), (char)(0x80 | (cp & 0x3F))};
        doc_n(s, 2);
        assert_in_range(g_got.n, 0, 1);
    }
}

static void test_digits(void **state)
{
    (void)state;
    assert_string_equal(doc("AI 2026"), "ai 2026");
    assert_string_equal(query("AI 2026"), "ai 2026*");
    assert_string_equal(doc("COVID-19 mRNA1273"), "covid 19 mrna1273");
    assert_string_equal(doc("2026년 3월"), "2026 년 3 월");
}

static void test_script_boundary(void **state)
{
    (void)state;
    assert_string_equal(doc("뇌MR영상"), "뇌 mr 영상 ㅇㅅ");
    assert_string_equal(query("뇌MR영상"), "뇌* mr 영상");
    assert_string_equal(doc("AI기반 진단"), "ai 기반 ㄱㅂ 진단 ㅈㄷ");
    assert_string_equal(query("AI기반 진단"), "ai 기반 진단");
    assert_string_equal(doc("CT촬영MRI"), "ct 촬영 ㅊㅇ mri");
}

static void test_separators(void **state)
{
    (void)state;
    assert_string_equal(doc("영상😀데이터, AI!(뇌)"), "영상 ㅇㅅ 데이 이터 ㄷㅇㅌ ai 뇌");
    assert_string_equal(doc("韓國語 한국어"), "한국 국어 ㅎㄱㅇ");
    assert_string_equal(doc("αβγ Москва seoul"), "seoul");
    assert_string_equal(doc("서울·부산/대구"), "서울 ㅅㅇ 부산 ㅂㅅ 대구 ㄷㄱ");
    assert_string_equal(doc("a\tb\nc\r\nd"), "a b c d");
    assert_string_equal(doc("👍🏽영상👨‍👩‍👧"), "영상 ㅇㅅ");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    assert_string_equal(doc("ab\377cd"), "ab cd");
    assert_string_equal(doc("x\xc3(y"), "x y");                /* bad continuation */
    assert_string_equal(doc("\300\257a"), "a");                /* overlong '/' */
    assert_string_equal(doc("\340\200\257a"), "a");            /* overlong, 3 bytes */
    assert_string_equal(doc("영\xed\xa0\x80상"), "영 상");     /* surrogate */
    assert_string_equal(doc("\364\220\200\200a"), "a");        /* above U+10FFFF */
    assert_string_equal(doc("\x80\x80영상\xbf"), "영상 ㅇㅅ"); /* lone continuations */
    assert_string_equal(doc("\352\260a"), "a");                /* lead byte of 가, cut short */
    assert_string_equal(doc_n("ab\0cd", 5), "ab cd");          /* NUL separates */
    assert_string_equal(doc("\xf8\x88\x80\x80\x80z"), "z");    /* 5-byte form */
}

static void test_truncated_end(void **state)
{
    (void)state;
    const char *s = "영상데";
    assert_string_equal(doc_n(s, strlen(s) - 1), "영상 ㅇㅅ");
    assert_string_equal(doc_n(s, strlen(s) - 2), "영상 ㅇㅅ");
    assert_string_equal(doc_n(s, 4), "영");
    assert_string_equal(doc("caf\xc3"), "caf");
    assert_string_equal(doc("\xf0\x9f\x98"), "");
    assert_string_equal(query("cel\xe2\x82"), "cel*");
    /* decomposed Hangul cut between its jamo */
    assert_string_equal(doc_n("\xe1\x84\x92\xe1\x85\xa1\xe1\x86", 8), "하");
}

static void test_long_latin(void **state)
{
    (void)state;
    char s[512];
    memset(s, 'a', 300);
    s[300] = '\0';
    assert_int_equal(split_n(&g_got, s, 300, TOKENS_DOCUMENT), 0);
    assert_int_equal(g_got.n, 5);
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(g_got.t[i].len, TOKENS_MAX_BYTES);
        assert_int_equal(g_got.t[i].start, i * 64);
        assert_int_equal(g_got.t[i].end, i * 64 + 64);
    }
    assert_int_equal(g_got.t[4].len, 44);
    assert_int_equal(g_got.t[4].end, 300);

    /* 150 × é (300 bytes) folds to 150 × e: 64 + 64 + 22, each from whole characters */
    for (size_t i = 0; i < 150; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2);
    s[300] = '\0';
    assert_int_equal(split_n(&g_got, s, 300, TOKENS_DOCUMENT), 0);
    char e64[65], want[256];
    memset(e64, 'e', 64);
    e64[64] = '\0';
    snprintf(want, sizeof(want), "%s@0-128 %s@128-256 %.22s@256-300", e64, e64, e64);
    assert_string_equal(spans(&g_got), want);

    /* "a" then 100 × ß: a two-letter fold is never split, so the first token stops at 63 */
    s[0] = 'a';
    for (size_t i = 0; i < 100; i++)
        memcpy(s + 1 + 2 * i, "\xc3\x9f", 2);
    assert_int_equal(split_n(&g_got, s, 201, TOKENS_DOCUMENT), 0);
    assert_int_equal(g_got.n, 4);
    assert_int_equal(g_got.t[0].len, 63);
    assert_int_equal(g_got.t[0].end, 1 + 31 * 2);
    assert_int_equal(g_got.t[1].len, 64);
    assert_int_equal(g_got.t[1].start, 63);
    assert_int_equal(g_got.t[3].len, 2 * (100 - 31 - 32 - 32));
    assert_int_equal(g_got.t[3].end, 201);

    /* in a query only the last piece of the last word is a prefix */
    memset(s, 'b', 130);
    assert_int_equal(split_n(&g_got, s, 130, TOKENS_QUERY), 0);
    assert_int_equal(g_got.n, 3);
    assert_false(g_got.t[0].prefix);
    assert_false(g_got.t[1].prefix);
    assert_true(g_got.t[2].prefix);
}

static void test_long_hangul(void **state)
{
    (void)state;
    char s[128];
    /* 30 syllables: 29 bigrams and no 초성 */
    for (size_t i = 0; i < 30; i++)
        memcpy(s + 3 * i, i % 2 ? "상" : "영", 4); /* with its NUL, overwritten next */
    assert_int_equal(split_n(&g_got, s, 90, TOKENS_DOCUMENT), 0);
    assert_int_equal(g_got.n, 29);
    for (size_t i = 0; i < 29; i++) {
        assert_string_equal(g_got.t[i].text, i % 2 ? "상영" : "영상");
        assert_int_equal(g_got.t[i].start, 3 * i);
        /* spans do not overlap: its first syllable, the last bigram both */
        assert_int_equal(g_got.t[i].end, i == 28 ? 3 * i + 6 : 3 * i + 3);
    }
    /* 20 syllables: 19 bigrams and a 60-byte 초성; 21: no 초성 */
    assert_int_equal(split_n(&g_got, s, 60, TOKENS_DOCUMENT), 0);
    assert_int_equal(g_got.n, 20);
    assert_int_equal(g_got.t[19].len, 60);
    assert_int_equal(g_got.t[19].start, 0);
    assert_int_equal(g_got.t[19].end, 60);
    assert_int_equal(split_n(&g_got, s, 63, TOKENS_DOCUMENT), 0);
    assert_int_equal(g_got.n, 20);
    assert_int_equal(g_got.t[19].len, 6);

    /* 30 jamo: 21 (63 bytes) + 9 */
    for (size_t i = 0; i < 30; i++)
        memcpy(s + 3 * i, "ㅋ", 4);
    assert_int_equal(split_n(&g_got, s, 90, TOKENS_QUERY), 0);
    assert_string_equal(spans(&g_got),
                        "ㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋㅋ@0-63 ㅋㅋㅋㅋㅋㅋㅋㅋㅋ@63-90");
}

static void test_particles(void **state)
{
    (void)state;
    assert_string_equal(query("영상데이터를"), "영상 상데 데이 이터");
    assert_string_equal(query("데이터를"), "데이 이터");
    assert_string_equal(query("병원에서"), "병원");
    assert_string_equal(query("서울로"), "서울");
    assert_string_equal(query("영상을"), "영상"); /* 3 syllables: 2 remain, allowed */
    assert_string_equal(query("상을"), "상을");   /* 2 syllables are never stripped */
    assert_string_equal(query("영상"), "영상");
    assert_string_equal(query("나이"), "나이");
    /* a two-syllable particle that would leave one syllable is not stripped */
    assert_string_equal(query("집에서"), "집에 에서");
    /* only one particle, the two-syllable one first */
    assert_string_equal(query("학교에서는"), "학교 교에 에서");
    assert_string_equal(query("서울대학교까지"), "서울 울대 대학 학교");
    assert_string_equal(query("환자에게 약을"), "환자 약을");
    /* verb and adnominal endings (issue #12) */
    assert_string_equal(query("측정하는"), "측정");
    assert_string_equal(query("의뢰할 수"), "의뢰 수*");
    assert_string_equal(query("시퀀싱해"), "시퀀 퀀싱");
    assert_string_equal(query("문의하나요"), "문의");
    assert_string_equal(query("투자하는"), "투자");
    /* ... read whole on request (a name such as 최예은) */
    assert_int_equal(split_n(&g_got, "최예은", strlen("최예은"), TOKENS_QUERY_WHOLE), 0);
    assert_string_equal(joined(&g_got), "최예 예은");
    /* each particle of the lists */
    const char *two[] = {"에서", "으로", "에게", "까지", "부터", "처럼", "보다", "라도"};
    const char *one[] = {"을", "를", "이", "가", "은", "는", "의",
                         "에", "로", "과", "와", "도", "만"};
    char s[32];
    for (size_t i = 0; i < sizeof(two) / sizeof(two[0]); i++) {
        snprintf(s, sizeof(s), "병원%s", two[i]);
        assert_string_equal(query(s), "병원");
    }
    for (size_t i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
        snprintf(s, sizeof(s), "병원%s", one[i]);
        assert_string_equal(query(s), "병원");
    }
    /* only at the end of a run, and only in queries */
    assert_string_equal(query("병원에서 진료"), "병원 진료");
    assert_string_equal(doc("데이터를"), "데이 이터 터를 ㄷㅇㅌㄹ");
}

static void test_prefix(void **state)
{
    (void)state;
    assert_string_equal(query("cel"), "cel*");
    assert_string_equal(query("Cel!"), "cel*");
    assert_string_equal(query("celltrion 뇌"), "celltrion 뇌*");
    assert_string_equal(query("뇌 cel"), "뇌* cel*");
    assert_string_equal(query("ai 2026 영상"), "ai 2026 영상");
    assert_string_equal(query("ㄷㄱ 병원"), "ㄷㄱ* 병원");
    assert_string_equal(query("병원 ㄷㄱ"), "병원 ㄷㄱ*");
    assert_string_equal(query("cel ㄷ"), "cel ㄷ*");
    /* documents have no prefixes */
    assert_string_equal(doc("뇌 ㄷㄱ cel"), "뇌 ㄷㄱ cel");
}

static void test_offsets(void **state)
{
    (void)state;
    assert_string_equal(doc_spans("뇌MR영상"), "뇌@0-3 mr@3-5 영상@5-11 ㅇㅅ@5-11");
    assert_string_equal(doc_spans("영상데이터"),
                        "영상@0-3 상데@3-6 데이@6-9 이터@9-15 ㅇㅅㄷㅇㅌ@0-15");
    assert_string_equal(doc_spans("  Céltrion!"), "celtrion@2-11");
    assert_string_equal(doc_spans("Straße"), "strasse@0-7");
    assert_string_equal(query_spans("데이터를 찾기"), "데이@0-3 이터@3-9 찾기@13-19");
    assert_string_equal(query_spans("x ㄷㄱ"), "x@0-1 ㄷㄱ@2-8");
}

static void test_decomposed_hangul(void **state)
{
    (void)state;
    /* 한국 as conjoining jamo: ᄒ ᅡ ᆫ ᄀ ᅮ ᆨ, 3 bytes each */
    const char *nfd = "\xe1\x84\x92\xe1\x85\xa1\xe1\x86\xab\xe1\x84\x80\xe1\x85\xae\xe1\x86\xa8";
    assert_string_equal(doc_spans(nfd), "한국@0-18 ㅎㄱ@0-18");
    assert_string_equal(doc("하\xe1\x86\xab국"), "한국 ㅎㄱ"); /* LV syllable + T */
    assert_string_equal(doc("\xe1\x84\x92"), "");              /* a lone L separates */
    assert_string_equal(doc("한\xe1\x86\xab"), "한");          /* LVT + T: T separates */
}

static void test_early_stop(void **state)
{
    (void)state;
    const char *s = "영상데이터 ai 뇌";
    g_got.stop_after = 2;
    g_got.stop_rc = 7;
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_DOCUMENT), 7);
    assert_int_equal(g_got.n, 2);
    /* stopping at the 초성 token, the last of its run */
    g_got.stop_after = 5;
    g_got.stop_rc = -1;
    assert_int_equal(split_n(&g_got, s, strlen(s), TOKENS_DOCUMENT), -1);
    assert_string_equal(joined(&g_got), "영상 상데 데이 이터 ㅇㅅㄷㅇㅌ");
    /* a held-back query word stops the split when it is released, mid-text or at the end */
    g_got.stop_after = 1;
    g_got.stop_rc = 3;
    assert_int_equal(split_n(&g_got, "abc def", 7, TOKENS_QUERY), 3);
    assert_string_equal(joined(&g_got), "abc");
    assert_int_equal(split_n(&g_got, "abc", 3, TOKENS_QUERY), 3);
    assert_string_equal(joined(&g_got), "abc*");
    g_got.stop_after = 0;
    g_got.stop_rc = 0;
}

/* A list's q= as an FTS5 expression (core/search.c): every token quoted, the words of the query
 * all required, each a phrase of its tokens, the last one a prefix; FTS5 syntax stays text. */
static void test_list_match(void **state)
{
    (void)state;
    char out[4096];
    static const struct {
        const char *q, *want;
    } cases[] = {
        {"영상데이터를", "{title names body} : (\"영상 상데 데이 이터\")"},
        {"Celltrion 셀", "{title names body} : (\"celltrion\" AND \"셀\"*)"},
        {"뇌MR영상", "{title names body} : (\"뇌\"* AND \"mr\" AND \"영상\")"},
        {"a\" OR \"b NEAR(", "{title names body} : (\"a\" AND \"or\" AND \"b\" AND \"near\"*)"},
        {"title:x* -y ^z", "{title names body} : (\"title\" AND \"x\" AND \"y\" AND \"z\"*)"},
        {"ㄷㄱㄷ", "{title names body} : (\"ㄷㄱㄷ\"*)"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = search_list_match((struct str){cases[i].q, strlen(cases[i].q)}, NULL, out, sizeof(out));
        assert_string_equal(out, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
    /* no word: nothing to match through the index (the list falls back to LIKE) */
    assert_int_equal(search_list_match((struct str){"%_ -- \"'", 9}, NULL, out, sizeof(out)), 0);
    assert_string_equal(out, "");
    /* what does not fit is left out, word by word, and the rest stays well formed */
    assert_int_equal(search_list_match((struct str){"영상", 6}, NULL, out, 16), 0);
    char q[200];
    memset(q, 'x', sizeof(q));
    size_t n = search_list_match((struct str){q, sizeof(q)}, NULL, out, sizeof(out));
    assert_true(n > 0 && n == strlen(out) && out[n - 1] == ')');
    size_t small = search_list_match((struct str){"alpha beta gamma", 16}, NULL, out, 40);
    assert_string_equal(out, "{title names body} : (\"alpha\")");
    assert_int_equal(small, strlen(out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_hangul_single),
        cmocka_unit_test(test_hangul_bigrams),
        cmocka_unit_test(test_choseong),
        cmocka_unit_test(test_jamo),
        cmocka_unit_test(test_latin_case_and_accents),
        cmocka_unit_test(test_latin_separators),
        cmocka_unit_test(test_latin_table),
        cmocka_unit_test(test_digits),
        cmocka_unit_test(test_script_boundary),
        cmocka_unit_test(test_separators),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_truncated_end),
        cmocka_unit_test(test_long_latin),
        cmocka_unit_test(test_long_hangul),
        cmocka_unit_test(test_particles),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_offsets),
        cmocka_unit_test(test_decomposed_hangul),
        cmocka_unit_test(test_early_stop),
        cmocka_unit_test(test_list_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
