/*
 * test_validate: the validators of core/validate.c on valid, invalid and boundary inputs. Every
 * call goes through a copy of exactly len bytes on the heap (no NUL after it), so a run under
 * ASan proves that no validator reads past len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/validate.h"

/* A heap copy of exactly n bytes; for n == 0 a pointer one past a 1-byte block, so that any
 * read at all is out of bounds. */
static char *exact_dup(const char *s, size_t n)
{
    char *p = malloc(n ? n : 1);
    assert_non_null(p);
    if (n)
        memcpy(p, s, n);
    return n ? p : p + 1;
}

static void exact_free(char *p, size_t n) { free(n ? p : p - 1); }

static bool utf8_n(const char *s, size_t n)
{
    char *p = exact_dup(s, n);
    bool r = valid_utf8(p, n);
    exact_free(p, n);
    return r;
}

static size_t chars_n(const char *s, size_t n)
{
    char *p = exact_dup(s, n);
    size_t r = utf8_chars(p, n);
    exact_free(p, n);
    return r;
}

static bool brn_n(const char *s, size_t n, char *out, size_t out_size)
{
    char *p = exact_dup(s, n);
    bool r = valid_brn(p, n, out, out_size);
    exact_free(p, n);
    return r;
}

static bool phone_n(const char *s, size_t n, char *out, size_t out_size)
{
    char *p = exact_dup(s, n);
    bool r = valid_phone_kr(p, n, out, out_size);
    exact_free(p, n);
    return r;
}

static bool email_n(const char *s, size_t n)
{
    char *p = exact_dup(s, n);
    bool r = valid_email(p, n);
    exact_free(p, n);
    return r;
}

static bool url_n(const char *s, size_t n)
{
    char *p = exact_dup(s, n);
    bool r = valid_url(p, n);
    exact_free(p, n);
    return r;
}

static bool date_n(const char *s, size_t n)
{
    char *p = exact_dup(s, n);
    bool r = valid_date(p, n);
    exact_free(p, n);
    return r;
}

static bool utf8_s(const char *s) { return utf8_n(s, strlen(s)); }
static bool email_s(const char *s) { return email_n(s, strlen(s)); }
static bool url_s(const char *s) { return url_n(s, strlen(s)); }
static bool date_s(const char *s) { return date_n(s, strlen(s)); }

/* Literals that may hold NUL bytes: the length is the literal's, not strlen's. */
#define UTF8_LIT(s) utf8_n(s, sizeof(s) - 1)

/* ---- UTF-8 ---- */

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(utf8_n("", 0));
    assert_true(utf8_s("hello"));
    assert_true(utf8_s("\x7f"));
    assert_true(utf8_s("\x01\x1f"));                 /* controls other than NUL are the caller's */
    assert_true(utf8_s("\xed\x95\x9c\xea\xb8\x80")); /* 한글 */
    assert_true(utf8_s("caf\xc3\xa9"));
    assert_true(utf8_s("\xc2\x80"));         /* U+0080, smallest two-byte */
    assert_true(utf8_s("\xdf\xbf"));         /* U+07FF */
    assert_true(utf8_s("\xe0\xa0\x80"));     /* U+0800, smallest three-byte */
    assert_true(utf8_s("\xe2\x82\xac"));     /* € */
    assert_true(utf8_s("\xed\x9f\xbf"));     /* U+D7FF, just below the surrogates */
    assert_true(utf8_s("\xee\x80\x80"));     /* U+E000, just above them */
    assert_true(utf8_s("\xef\xbf\xbf"));     /* U+FFFF */
    assert_true(utf8_s("\xf0\x90\x80\x80")); /* U+10000, smallest four-byte */
    assert_true(utf8_s("\xf0\x9f\x98\x80")); /* 😀 */
    assert_true(utf8_s("\xf4\x8f\xbf\xbf")); /* U+10FFFF, the last code point */
    assert_true(utf8_s("a\xed\x95\x9c"
                       "b\xf0\x9f\x98\x80"
                       "c"));
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    assert_false(UTF8_LIT("\0"));
    assert_false(UTF8_LIT("a\0b"));
    assert_false(UTF8_LIT("abc\0"));
    assert_false(utf8_s("\xc0\x80"));                 /* overlong NUL */
    assert_false(utf8_s("\xc0\xaf"));                 /* overlong '/' */
    assert_false(utf8_s("\xc1\xbf"));                 /* overlong U+007F */
    assert_false(utf8_s("\xe0\x80\x80"));             /* overlong */
    assert_false(utf8_s("\xe0\x9f\xbf"));             /* overlong U+07FF */
    assert_false(utf8_s("\xf0\x80\x80\x80"));         /* overlong */
    assert_false(utf8_s("\xf0\x8f\xbf\xbf"));         /* overlong U+FFFF */
    assert_false(utf8_s("\xed\xa0\x80"));             /* U+D800 */
    assert_false(utf8_s("\xed\xbf\xbf"));             /* U+DFFF */
    assert_false(utf8_s("\xed\xa0\xbd\xed\xb8\x80")); /* CESU-8 surrogate pair */
    assert_false(utf8_s("\xf4\x90\x80\x80"));         /* U+110000 */
    assert_false(utf8_s("\xf5\x80\x80\x80"));
    assert_false(utf8_s("\xf7\xbf\xbf\xbf"));
    assert_false(utf8_s("\xf8\x88\x80\x80\x80")); /* five-byte form */
    assert_false(utf8_s("\xfc\x84\x80\x80\x80\x80"));
    assert_false(utf8_s("\xfe"));
    assert_false(utf8_s("\xff"));
    assert_false(utf8_s("\x80")); /* lone continuation */
    assert_false(utf8_s("\xbf"));
    assert_false(utf8_s("a\x80"
                        "b"));
    assert_false(utf8_s("\xc2")); /* truncated */
    assert_false(utf8_s("\xe2\x82"));
    assert_false(utf8_s("\xf0\x9f\x98"));
    assert_false(utf8_s("\xc2\x41")); /* bad continuation */
    assert_false(utf8_s("\xe2\x28\xa1"));
    assert_false(utf8_s("\xe2\x82\x28"));
    assert_false(utf8_s("\xf0\x9f\x28\x80"));
    assert_false(utf8_s("\xf0\x9f\x98\x28"));
    assert_false(utf8_s("\xed\x95"
                        "a")); /* 한 cut short before ASCII */
    /* 한글 cut inside its second character by len: the NUL after it must not be read. */
    assert_false(utf8_n("\xed\x95\x9c\xea\xb8\x80", 5));
    assert_true(utf8_n("\xed\x95\x9c\xea\xb8\x80", 3));
}

/* An independent decoder: decode by bit patterns, then judge the code point. */
static bool ref_utf8(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i], need;
        unsigned long cp;
        if (c == 0)
            return false;
        if (c < 0x80) {
            i++;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
            need = 1, cp = c & 0x1F;
        else if ((c & 0xF0) == 0xE0)
            need = 2, cp = c & 0x0F;
        else if ((c & 0xF8) == 0xF0)
            need = 3, cp = c & 0x07;
        else
            return false;
        if (n - i - 1 < need)
            return false;
        for (unsigned k = 1; k <= need; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i + k] & 0x3Fu);
        }
        static const unsigned long min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += need + 1;
    }
    return true;
}

static void test_utf8_exhaustive(void **state)
{
    (void)state;
    unsigned char b[4];
    for (unsigned x = 0; x < 256; x++) {
        b[0] = (unsigned char)x;
        assert_int_equal(valid_utf8((const char *)b, 1), ref_utf8(b, 1));
        for (unsigned y = 0; y < 256; y++) {
            b[1] = (unsigned char)y;
            assert_int_equal(valid_utf8((const char *)b, 2), ref_utf8(b, 2));
        }
    }
    /* Every three-byte string whose first byte is a lead byte or ASCII. */
    for (unsigned x = 0xC0; x < 0x100; x++)
        for (unsigned y = 0; y < 256; y++)
            for (unsigned z = 0; z < 256; z++) {
                b[0] = (unsigned char)x, b[1] = (unsigned char)y, b[2] = (unsigned char)z;
                if (valid_utf8((const char *)b, 3) != ref_utf8(b, 3))
                    fail_msg("%02x %02x %02x", x, y, z);
            }
    /* Four-byte strings over the interesting values of each trailing byte. */
    static const unsigned char edge[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                         0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF};
    for (unsigned x = 0xE0; x < 0x100; x++)
        for (unsigned y = 0; y < 256; y++)
            for (size_t k = 0; k < sizeof(edge); k++)
                for (size_t l = 0; l < sizeof(edge); l++) {
                    b[0] = (unsigned char)x, b[1] = (unsigned char)y, b[2] = edge[k],
                    b[3] = edge[l];
                    if (valid_utf8((const char *)b, 4) != ref_utf8(b, 4))
                        fail_msg("%02x %02x %02x %02x", x, y, edge[k], edge[l]);
                }
}

static void test_utf8_chars(void **state)
{
    (void)state;
    assert_int_equal(chars_n("", 0), 0);
    assert_int_equal(chars_n("abc", 3), 3);
    assert_int_equal(chars_n("\xed\x95\x9c\xea\xb8\x80", 6), 2);
    assert_int_equal(chars_n("caf\xc3\xa9", 5), 4);
    assert_int_equal(chars_n("a\xf0\x9f\x98\x80"
                             "b",
                             6),
                     3);
    assert_int_equal(chars_n("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9), 3);
    assert_int_equal(chars_n("\xf4\x8f\xbf\xbf\xc2\x80\x7f", 7), 3);
    assert_int_equal(chars_n("abcdef", 2), 2); /* counts only len bytes */
}

/* ---- 사업자등록번호 ---- */

static void test_brn_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"220-81-62517", "2208162517"},                                 /* 네이버 */
        {"2208162517", "2208162517"},   {"124-81-00998", "1248100998"}, /* 삼성전자 */
        {"123-45-67891", "1234567891"}, {"101-81-00001", "1018100001"},
        {"211-87-06129", "2118706129"}, {"999-99-99997", "9999999997"},
        {"000-00-00000", "0000000000"}, /* passes the check digit; not the module's to refuse */
        {"0000000015", "0000000015"},   {"120-81-12342", "1208112342"},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char out[11];
        memset(out, 'X', sizeof(out));
        if (!brn_n(ok[i].in, strlen(ok[i].in), out, sizeof(out)))
            fail_msg("refused %s", ok[i].in);
        assert_string_equal(out, ok[i].out);
    }
    /* out may be NULL to only check. */
    assert_true(brn_n("220-81-62517", 12, NULL, 0));
}

static void test_brn_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "220-81-62510",
        "220-81-62518",
        "2208162510",
        "220-8162517", /* hyphens in the wrong places */
        "22081-62517",
        "22-081-62517",
        "220-816-2517",
        "220 81 62517", /* spaces are not the form */
        "220.81.62517",
        "220-81-625170",
        "220-81-6251",
        "22081625170",
        "220816251",
        "220-81-6251a",
        "a208162517",
        "-220816251",
        "220--162517",
        "220-81-62517 ",
        " 220-81-62517",
        "\xef\xbc\x92\xef\xbc\x92\xef\xbc\x90\xef\xbc\x98\xef\xbc\x91\xef\xbc\x96\xef\xbc\x92"
        "\xef\xbc\x95\xef\xbc\x91\xef\xbc\x97", /* full-width digits */
        "220\xe2\x80\x93"
        "81\xe2\x80\x93"
        "62517",                                    /* en dashes */
        "\xb2\xb2\xb0\xb8\xb1\xb6\xb2\xb5\xb1\xb7", /* digits with the high bit set */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[11];
        memset(out, 'X', sizeof(out));
        if (brn_n(bad[i], strlen(bad[i]), out, sizeof(out)))
            fail_msg("accepted %s", bad[i]);
        for (size_t k = 0; k < sizeof(out); k++)
            assert_int_equal(out[k], 'X'); /* untouched when refused */
    }
    assert_false(brn_n("220-81-6\0"
                       "517",
                       12, NULL, 0));
    /* A NUL-terminated prefix must not count: 12 bytes asked for, the 13th is never read. */
    assert_false(brn_n("220-81-62517", 11, NULL, 0));
    /* out too small for the 10 digits and NUL. */
    char small[10];
    assert_false(brn_n("220-81-62517", 12, small, sizeof(small)));
}

/* Every single wrong digit (a typo) is caught: the weights 1, 3, 7 are invertible mod 10 and the
 * ninth digit's 5*d + d*5/10 takes ten different values mod 10. */
static void test_brn_single_digit_errors(void **state)
{
    (void)state;
    const char good[] = "2208162517";
    for (size_t pos = 0; pos < 10; pos++) {
        for (char d = '0'; d <= '9'; d++) {
            char s[10];
            memcpy(s, good, 10);
            if (s[pos] == d)
                continue;
            s[pos] = d;
            if (brn_n(s, 10, NULL, 0))
                fail_msg("typo at %zu accepted", pos);
        }
    }
    /* Exactly one check digit fits any nine digits. */
    const char *firsts[] = {"000000000", "123456789", "999999999", "220816251", "505050505"};
    for (size_t i = 0; i < sizeof(firsts) / sizeof(firsts[0]); i++) {
        int fits = 0;
        for (char d = '0'; d <= '9'; d++) {
            char s[10];
            memcpy(s, firsts[i], 9);
            s[9] = d;
            fits += brn_n(s, 10, NULL, 0);
        }
        assert_int_equal(fits, 1);
    }
}

/* ---- phone numbers ---- */

static void test_phone_valid(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } ok[] = {
        {"031-8075-3570", "031-8075-3570"},
        {"0318075 3570", "031-8075-3570"},
        {"031 8075 3570", "031-8075-3570"},
        {"031.8075.3570", "031-8075-3570"},
        {"03180753570", "031-8075-3570"},
        {"010-1234-5678", "010-1234-5678"},
        {"01012345678", "010-1234-5678"},
        {"010 1234 5678", "010-1234-5678"},
        {"010.1234.5678", "010-1234-5678"},
        {"010-12345678", "010-1234-5678"},
        {"02-123-4567", "02-123-4567"},
        {"021234567", "02-123-4567"},
        {"0212345678", "02-1234-5678"},
        {"02-1234-5678", "02-1234-5678"},
        {"+82 31-8075-3570", "031-8075-3570"},
        {"+82-10-1234-5678", "010-1234-5678"},
        {"+821012345678", "010-1234-5678"},
        {"+82 10 1234 5678", "010-1234-5678"},
        {"+82.2.123.4567", "02-123-4567"},
        {"+82 2-1234-5678", "02-1234-5678"},
        {"+82 010-1234-5678", "010-1234-5678"}, /* trunk 0 kept by mistake: meaning is plain */
        {"+82 70-1234-5678", "070-1234-5678"},
        {"1588-1234", "1588-1234"},
        {"15881234", "1588-1234"},
        {"1577 1577", "1577-1577"},
        {"1644-0000", "1644-0000"},
        {"1899-9999", "1899-9999"},
        {"070-1234-5678", "070-1234-5678"},
        {"07012345678", "070-1234-5678"},
        {"011-123-4567", "011-123-4567"},
        {"0111234567", "011-123-4567"},
        {"016-1234-5678", "016-1234-5678"},
        {"017-123-4567", "017-123-4567"},
        {"018-123-4567", "018-123-4567"},
        {"019-9876-5432", "019-9876-5432"},
        {"032-123-4567", "032-123-4567"},
        {"033-1234-5678", "033-1234-5678"},
        {"041-123-4567", "041-123-4567"},
        {"042-123-4567", "042-123-4567"},
        {"043-123-4567", "043-123-4567"},
        {"044-123-4567", "044-123-4567"},
        {"051-123-4567", "051-123-4567"},
        {"052-123-4567", "052-123-4567"},
        {"053-123-4567", "053-123-4567"},
        {"054-123-4567", "054-123-4567"},
        {"055-123-4567", "055-123-4567"},
        {"061-123-4567", "061-123-4567"},
        {"062-123-4567", "062-123-4567"},
        {"063-123-4567", "063-123-4567"},
        {"064-1234-5678", "064-1234-5678"},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char out[16];
        memset(out, 'X', sizeof(out));
        if (!phone_n(ok[i].in, strlen(ok[i].in), out, sizeof(out)))
            fail_msg("refused %s", ok[i].in);
        assert_string_equal(out, ok[i].out);
        /* The canonical form is itself accepted and maps to itself. */
        char again[16];
        assert_true(phone_n(out, strlen(out), again, sizeof(again)));
        assert_string_equal(again, out);
    }
    assert_true(phone_n("010-1234-5678", 13, NULL, 0));
    /* out exactly big enough, then one byte short. */
    char out14[14];
    assert_true(phone_n("01012345678", 11, out14, sizeof(out14)));
    assert_string_equal(out14, "010-1234-5678");
    assert_false(phone_n("01012345678", 11, out14, 13));
    char out10[10];
    assert_true(phone_n("15881234", 8, out10, sizeof(out10)));
    assert_string_equal(out10, "1588-1234");
}

static void test_phone_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        " ",
        "-",
        "8075-3570", /* no area code */
        "80753570",
        "099-1234-5678", /* unknown prefixes */
        "034-123-4567",
        "039-123-4567",
        "045-123-4567",
        "056-123-4567",
        "065-123-4567",
        "071-1234-5678",
        "080-123-4567",
        "0505-123-4567",
        "012-123-4567",
        "013-1234-5678",
        "015-123-4567",
        "003-123-4567",
        "010-123-4567", /* 010 has eight subscriber digits */
        "0101234567",
        "070-123-4567",
        "010-1234-56789", /* too long */
        "010123456789",
        "0101234567890123",
        "02-12-3456", /* too short */
        "02-12345-6789",
        "031-12-3456",
        "031-12345-67890",
        "1588-123",
        "1588-12345",
        "1234-5678", /* not a 15XX/16XX/18XX number */
        "1700-1234",
        "1988-1234",
        "010-1234-567a",
        "abc",
        "010-CALL-NOW",
        "010--1234-5678", /* separators: one between digits, at most two */
        "010-1234--5678",
        "010 - 1234 - 5678",
        "-010-1234-5678",
        "010-1234-5678-",
        " 010-1234-5678",
        "010-1234-5678 ",
        "0-1-0-1234-5678",
        "010-1234-56-78", /* three separators */
        "02 123 45 67",
        "0 2 1 2 3 4 5 6 7",
        "010/1234/5678",
        "010_1234_5678",
        "(02) 123-4567",
        "010-1234-5678\n",
        "010\t1234\t5678",
        "+82",
        "+82 ",
        "+82-",
        "+82 -10-1234-5678",
        "+8210",
        "+82 1588-1234", /* representative numbers are domestic only */
        "+82 99-1234-5678",
        "+1 555 123 4567",
        "+8 2 10 1234 5678",
        "82-10-1234-5678",
        "++82 10-1234-5678",
        "+82+10-1234-5678",
        "010\xe2\x80\x91"
        "1234\xe2\x80\x91"
        "5678",                                         /* non-breaking hyphens */
        "\xef\xbc\x90\xef\xbc\x91\xef\xbc\x90",         /* full-width digits */
        "\xb0\xb1\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8", /* digits with the high bit set */
        "010-1234-5678\xff",
        "+82 31-8075-3570 (ext 12)",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[16];
        memset(out, 'X', sizeof(out));
        if (phone_n(bad[i], strlen(bad[i]), out, sizeof(out)))
            fail_msg("accepted \"%s\" as %.16s", bad[i], out);
        for (size_t k = 0; k < sizeof(out); k++)
            assert_int_equal(out[k], 'X');
    }
    assert_false(phone_n("010-1234-5678\0", 14, NULL, 0));
    assert_false(phone_n("010\0"
                         "1234-5678",
                         13, NULL, 0));
    /* A long run of digits is refused without writing past the digit buffer. */
    char digits[64];
    memset(digits, '1', sizeof(digits));
    digits[0] = '0';
    for (size_t n = 12; n <= sizeof(digits); n++)
        assert_false(phone_n(digits, n, NULL, 0));
}

/* ---- e-mail ---- */

static void test_email_valid(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "a@b.co",
        "user@example.com",
        "USER@EXAMPLE.COM",
        "first.last@example.co.kr",
        "user+tag@gmail.com",
        "x_y-z@sub-domain.example.org",
        "1234@naver.com",
        "o'brien@example.ie",
        "a!#$%&'*+-/=?^_`{|}~z@example.com",
        "a@b-c.com",
        "a@a1.b2.c3.kr",
        "user@xn--3e0b707e.kr",
        "user@\xed\x95\x9c\xea\xb5\xad.kr",                       /* user@한국.kr */
        "user@\xec\x98\x88\xec\x8b\x9c.\xed\x95\x9c\xea\xb5\xad", /* user@예시.한국 */
        "a@0.com",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (!email_s(ok[i]))
            fail_msg("refused %s", ok[i]);
}

static void test_email_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "@",
        "a@",
        "@b.com",
        "a",
        "a.com",
        "a@b",
        "a@b.c",     /* one-letter top-level domain */
        "a@1.2.3.4", /* numeric top-level label */
        "a@example.123",
        "a@[1.2.3.4]",
        "a b@c.com",
        "a@b .com",
        " a@b.com",
        "a@b.com ",
        "a@@b.com",
        "a@b@c.com",
        ".a@b.com",
        "a.@b.com",
        "a..b@c.com",
        "a@.b.com",
        "a@b..com",
        "a@b.com.",
        "a@-b.com",
        "a@b-.com",
        "a@b.-com",
        "a@b_c.com",
        "a@b,c.com",
        "a,b@c.com",
        "a(b)@c.com",
        "a\"b@c.com",
        "\"a b\"@c.com",
        "<a@b.com>",
        "a@b.com>",
        "a\\b@c.com",
        "a:b@c.com",
        "a;b@c.com",
        "a[b]@c.com",
        "\xed\x95\x9c\xea\xb8\x80@example.com", /* 한글@: non-ASCII local part */
        "a@b.com\n",
        "a\r@b.com",
        "a@b.com\t",
        "a@b.co\x7fm",
        "a@b.c\xc2\x85om", /* U+0085, a C1 control */
        "a@\xff.com",      /* not UTF-8 */
        "a@\xed\xa0\x80.com",
        "a@\xc0\xae.com", /* overlong '.' */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (email_s(bad[i]))
            fail_msg("accepted %s", bad[i]);
    assert_false(email_n("a\0@b.com", 8));
    assert_false(email_n("a@b.com\0", 8));
    assert_false(email_n("a@b.com", 5)); /* "a@b.c": the rest is past len */
    assert_true(email_n("a@b.com", 6));  /* "a@b.co" */
    assert_true(email_n("a@b.comX", 7));
}

static void test_email_lengths(void **state)
{
    (void)state;
    char s[400];
    /* local part of 64 bytes is fine, 65 is not */
    memset(s, 'a', 64);
    memcpy(s + 64, "@example.com", 12);
    assert_true(email_n(s, 76));
    memset(s, 'a', 65);
    memcpy(s + 65, "@example.com", 12);
    assert_false(email_n(s, 77));
    /* a 63-byte label is fine, 64 is not */
    memcpy(s, "a@", 2);
    memset(s + 2, 'b', 63);
    memcpy(s + 65, ".com", 4);
    assert_true(email_n(s, 69));
    memset(s + 2, 'b', 64);
    memcpy(s + 66, ".com", 4);
    assert_false(email_n(s, 70));
    /* 254 bytes in all is fine, 255 is not: "x@" + labels of "bbb...b." + "com" */
    size_t n = 2;
    memcpy(s, "x@", 2);
    while (n < 254 - 3) {
        size_t l = 254 - 3 - n - 1;
        if (l > 60)
            l = 60;
        memset(s + n, 'b', l);
        n += l;
        s[n++] = '.';
    }
    memcpy(s + n, "com", 3);
    n += 3;
    assert_int_equal(n, 254);
    assert_true(email_n(s, n));
    memmove(s + 3, s + 2, n - 2);
    s[2] = 'c';
    assert_false(email_n(s, n + 1));
}

/* ---- URLs ---- */

static void test_url_valid(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "http://example.com",
        "https://example.com/",
        "HTTPS://EXAMPLE.COM/Path",
        "HtTp://example.com",
        "https://example.com:8443/a/b?c=d&e=f#frag",
        "https://www.example.co.kr/index.html",
        "http://localhost:8080/",
        "http://a",
        "http://127.0.0.1/",
        "http://0.0.0.0",
        "http://255.255.255.255:1/",
        "http://1.2.3.4:65535",
        "http://[::1]:8080/",
        "http://[::]/",
        "http://[2001:db8::1]/",
        "http://[2001:DB8:0:0:8:800:200C:417A]/",
        "http://[1:2:3:4:5:6:7:8]",
        "http://[1::]",
        "http://[::ffff:192.0.2.1]/",
        "http://[1:2:3:4:5:6:1.2.3.4]/",
        "https://\xed\x95\x9c\xea\xb5\xad.kr/\xea\xb2\xbd\xeb\xa1\x9c", /* 한국.kr/경로 */
        "https://example.com/%EA%B0%80",
        "https://a.b/?q=%20&r=%7e",
        "https://example.com?x",
        "https://example.com#top",
        "https://example.com/a/../b/./c",
        "https://example.com/path;p=1?q=a+b&r[]=1",
        "https://example.com/~user/{x}|y^z`",
        "http://1-2.example.com",
        "http://example.123x/",
        "https://example.com/#/route?x=1#y",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (!url_s(ok[i]))
            fail_msg("refused %s", ok[i]);
}

static void test_url_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "http",
        "http:",
        "http://",
        "https://",
        "http:///path",
        "http://?q",
        "http://#f",
        "ftp://example.com",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "data:text/html,hi",
        "//example.com",
        "example.com",
        "www.example.com",
        "http:/example.com",
        "http:\\\\example.com",
        "https//example.com",
        " http://example.com",
        "http://example.com ",
        "http://exa mple.com",
        "http://example.com/a b",
        "http://example.com/\t",
        "http://example.com/\n",
        "http://example.com\r\n/",
        "https://user:pass@example.com/",
        "https://bank.example@evil.example/",
        "https://@example.com",
        "http://example.com:0/",
        "http://example.com:65536/",
        "http://example.com:99999",
        "http://example.com:123456/",
        "http://example.com:/",
        "http://example.com:",
        "http://example.com:80a/",
        "http://example.com:-1/",
        "http://example.com:80:80/",
        "http://:80/",
        "http://-a.com/",
        "http://a-.com",
        "http://a..com",
        "http://.a.com",
        "http://a.com./",
        "http://a_b.com",
        "http://a!b.com",
        "http://a,b.com/",
        "http://%41.com/",
        "http://ex\\ample.com",
        "http://example.com\\@evil.com/",
        "http://256.1.1.1/",
        "http://1.2.3/",
        "http://1.2.3.4.5/",
        "http://01.2.3.4/",
        "http://1.2.3.04/",
        "http://1.2.3.4./",
        "http://1234/",
        "http://0x7f.1/",
        "http://::1/",
        "http://[::1/",
        "http://[::1]x/",
        "http://[::1]:/",
        "http://[]/",
        "http://[:]/",
        "http://[1:2:3:4:5:6:7]/",
        "http://[1:2:3:4:5:6:7:8:9]/",
        "http://[1:2:3:4:5:6:7::8]/",
        "http://[:::1]/",
        "http://[1::2::3]/",
        "http://[1:]/",
        "http://[:1]/",
        "http://[12345::1]/",
        "http://[g::1]/",
        "http://[::1%25eth0]/",
        "http://[1:2:3:4:5:6:7:1.2.3.4]/",
        "http://[::1.2.3]/",
        "http://[::256.1.1.1]/",
        "http://[::1.2.3.4:5]/",
        "http://[1.2.3.4]/",
        "http://example.com/\\",
        "http://example.com/\"",
        "http://example.com/<script>",
        "http://example.com/>",
        "http://example.com/%zz",
        "http://example.com/%4",
        "http://example.com/%",
        "http://example.com/%%41",
        "http://example.com/\x7f",
        "http://example.com/\x1b[31m",
        "http://example.com/\xc2\x80", /* U+0080 */
        "http://example.com/\xc2\x9f", /* U+009F */
        "http://example.com/\xff",
        "http://example.com/\xed\xa0\x80",
        "http://ex\xc0\xaf.com/",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (url_s(bad[i]))
            fail_msg("accepted %s", bad[i]);
    assert_true(url_s("http://example.com/\xc2\xa0")); /* U+00A0 is no control */
    assert_false(url_n("http://example.com/\0", 20));
    assert_false(url_n("http://a\0.com", 13));
    assert_false(url_n("http://example.com/%41", 21)); /* "%4" at the end of len */
    assert_false(url_n("https://x", 7));               /* "https:/" */
    assert_true(url_n("http://a.bc/", 10));
}

static void test_url_lengths(void **state)
{
    (void)state;
    char s[2100];
    memcpy(s, "https://example.com/", 20);
    memset(s + 20, 'a', sizeof(s) - 20);
    assert_true(url_n(s, 2000));
    assert_false(url_n(s, 2001));
    /* a 63-byte label is fine, 64 is not; a host of 253 bytes is fine, 254 is not */
    memcpy(s, "http://", 7);
    memset(s + 7, 'h', 63);
    assert_true(url_n(s, 70));
    memset(s + 7, 'h', 64);
    assert_false(url_n(s, 71));
    size_t n = 7;
    for (int i = 0; i < 4; i++) {
        memset(s + n, 'h', 62);
        n += 62;
        s[n++] = '.';
    }
    s[n++] = 'k'; /* 4 * 63 + 1 = 253 */
    assert_int_equal(n - 7, 253);
    assert_true(url_n(s, n));
    s[n++] = 'r';
    assert_false(url_n(s, n));
}

/* ---- dates ---- */

static void test_date_valid(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "2024-02-29", "2023-02-28", "2000-02-29", "1900-01-01", "2199-12-31", "2024-12-31",
        "2024-04-30", "1999-01-31", "2196-02-29", "1904-02-29", "2025-06-30", "2025-07-31",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (!date_s(ok[i]))
            fail_msg("refused %s", ok[i]);
}

static void test_date_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "2023-02-29",
        "2100-02-29",
        "1900-02-29",
        "2024-02-30",
        "1899-12-31",
        "2200-01-01",
        "0000-01-01",
        "9999-12-31",
        "2024-04-31",
        "2024-06-31",
        "2024-09-31",
        "2024-11-31",
        "2024-13-01",
        "2024-00-10",
        "2024-01-00",
        "2024-01-32",
        "2024-99-99",
        "2024-1-01",
        "2024-01-1",
        "24-01-01",
        "2024/01/01",
        "2024.01.01",
        "20240101",
        "2024-01-01T00:00",
        "2024-01-01 ",
        " 2024-01-01",
        "2024-01-0a",
        "+024-01-01",
        "-024-01-01",
        "2024-+1-01",
        "2024--1-01",
        "2024-01--1",
        "2024\xb0"
        "01-01",
        "\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-01-01",
        "2024\xe2\x80\x93"
        "01-01",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (date_s(bad[i]))
            fail_msg("accepted %s", bad[i]);
    assert_false(date_n("2024-01-1\0", 10));
    assert_false(date_n("2024-01-011", 10 + 1));
    assert_true(date_n("2024-01-011", 10));
}

/* Every YYYY-MM-DD over a wider range of numbers: exactly the days from 1900-01-01 to
 * 2199-12-31 pass, 300 * 365 days plus 73 leap days (1900 and 2100 are not leap, 2000 is). */
static void test_date_count(void **state)
{
    (void)state;
    long count = 0;
    for (int y = 1890; y <= 2210; y++)
        for (int m = 0; m <= 13; m++)
            for (int d = 0; d <= 32; d++) {
                char s[48]; /* room for any int, so -O1 -Wformat-truncation stays quiet */
                snprintf(s, sizeof(s), "%04d-%02d-%02d", y, m, d);
                count += date_n(s, 10);
            }
    assert_int_equal(count, 300L * 365 + 73);
}


/* ---- date-times, decimals, durations, money ---- */

/* valid_datetime on an exact copy; the UTC form in out. */
static bool datetime_s(const char *s, char *out)
{
    size_t n = strlen(s);
    char *p = exact_dup(s, n);
    bool ok = valid_datetime(p, n, out, VALIDATE_DATETIME_SIZE);
    exact_free(p, n);
    return ok;
}

static void test_datetime_valid(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"2026-12-07T14:00:00+09:00", "2026-12-07T05:00:00Z"},
        {"2026-12-07T14:00:00", "2026-12-07T05:00:00Z"}, /* no offset: Asia/Seoul */
        {"2026-12-07 14:00", "2026-12-07T05:00:00Z"},
        {"2026-12-07T05:00:00Z", "2026-12-07T05:00:00Z"},
        {"2026-12-07t05:00:00z", "2026-12-07T05:00:00Z"},
        {"2026-12-07T05:00:00.999Z", "2026-12-07T05:00:00Z"}, /* fractions dropped */
        {"2026-12-07T00:30:00+0900", "2026-12-06T15:30:00Z"}, /* across midnight */
        {"2026-01-01T08:59:59+09", "2025-12-31T23:59:59Z"},   /* across a year */
        {"2024-02-29T23:00:00-05:00", "2024-03-01T04:00:00Z"}, /* leap day forward */
        {"2024-03-01T01:00:00+09:00", "2024-02-29T16:00:00Z"}, /* and back */
        {"2199-12-31T23:59:59Z", "2199-12-31T23:59:59Z"},
        {"1900-01-01T09:00:00", "1900-01-01T00:00:00Z"},
        {"2026-06-15T12:00:00+14:00", "2026-06-14T22:00:00Z"},
    };
    char out[VALIDATE_DATETIME_SIZE];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (!datetime_s(cases[i][0], out))
            fail_msg("refused %s", cases[i][0]);
        assert_string_equal(out, cases[i][1]);
        char again[VALIDATE_DATETIME_SIZE];
        assert_true(datetime_s(out, again)); /* the stored form is accepted as it is */
        assert_string_equal(again, out);
    }
}

static void test_datetime_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "2026-12-07", "2026-12-07T", "2026-12-07T14", "2026-12-07T14:0", "2026-12-07T24:00",
        "2026-12-07T14:60", "2026-12-07T14:00:60", "2026-12-07T14:00:00.", "2026-12-32T14:00",
        "2026-02-29T14:00", "2026-12-07X14:00", "2026-12-07T14:00+9", "2026-12-07T14:00+24:00",
        "2026-12-07T14:00+09:60", "2026-12-07T14:00 +09:00", "2026-12-07T14:00Z ",
        "2026-12-07T14:00:00+09:00:00", "1900-01-01T08:59:59", /* 1899 in UTC */
        "2199-12-31T23:00:00-05:00", /* 2200 in UTC */ "1899-12-31T23:00:00Z",
        "2026-12-07T14:00:00ZZ", "２０２６-12-07T14:00",
    };
    char out[VALIDATE_DATETIME_SIZE];
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (datetime_s(bad[i], out))
            fail_msg("accepted %s", bad[i]);
    assert_false(valid_datetime("2026-12-07T05:00:00Z", 20, out, VALIDATE_DATETIME_SIZE - 1));
}

static void test_datetime_seoul(void **state)
{
    (void)state;
    char out[32];
    assert_true(datetime_seoul("2026-12-07T05:00:00Z", 20, out, sizeof(out)));
    assert_string_equal(out, "2026-12-07 14:00:00");
    assert_true(datetime_seoul("2025-12-31T23:59:59Z", 20, out, sizeof(out)));
    assert_string_equal(out, "2026-01-01 08:59:59");
    char back[VALIDATE_DATETIME_SIZE]; /* an export read back by an import: the same instant */
    assert_true(valid_datetime(out, strlen(out), back, sizeof(back)));
    assert_string_equal(back, "2025-12-31T23:59:59Z");
    assert_false(datetime_seoul("2026-12-07T05:00:00+09:00", 25, out, sizeof(out)));
    assert_false(datetime_seoul("2199-12-31T20:00:00Z", 20, out, sizeof(out))); /* 2200 there */
}

static bool decimal_s(const char *s, unsigned scale, long long *units)
{
    size_t n = strlen(s);
    char *p = exact_dup(s, n);
    bool ok = parse_decimal(p, n, scale, units);
    exact_free(p, n);
    return ok;
}

static void test_decimal(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        unsigned scale;
        long long units;
    } ok[] = {
        {"12.34", 2, 1234}, {"12.3", 2, 1230}, {"12", 2, 1200}, {"-0.05", 2, -5},
        {"12.340000", 2, 1234}, {"0", 0, 0}, {"-0", 2, 0}, {"1.5e3", 2, 150000},
        {"1234e-2", 2, 1234}, {"1200e-3", 2, 120}, {"1E+2", 0, 100}, {"007.50", 1, 75},
        {"9999999999999.99", 2, 999999999999999LL}, {"0.000001", 6, 1},
        {"1.000000000000000000000000000", 0, 1},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        long long u = -1;
        if (!decimal_s(ok[i].s, ok[i].scale, &u))
            fail_msg("refused %s", ok[i].s);
        assert_int_equal(u, ok[i].units);
    }
    static const struct {
        const char *s;
        unsigned scale;
    } bad[] = {
        {"12.345", 2}, {"0.5", 0}, {"", 2}, {"-", 2}, {".5", 2}, {"5.", 2}, {"+5", 2},
        {"1e", 2}, {"1e+", 2}, {"1e99", 2}, {"1,000", 2}, {"12.3.4", 2}, {" 1", 2}, {"1 ", 2},
        {"10000000000000", 2}, /* 10^15 units */ {"0x10", 0}, {"NaN", 2}, {"1", 7},
        {"0.0000001", 6}, {"99999999999999999999", 0},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long long u;
        if (decimal_s(bad[i].s, bad[i].scale, &u))
            fail_msg("accepted %s", bad[i].s);
    }
    char out[32];
    assert_int_equal(format_decimal(-1250, 2, out, sizeof(out)), 6);
    assert_string_equal(out, "-12.50");
    assert_int_equal(format_decimal(5, 3, out, sizeof(out)), 5);
    assert_string_equal(out, "0.005");
    assert_int_equal(format_decimal(42, 0, out, sizeof(out)), 2);
    assert_string_equal(out, "42");
    assert_int_equal(format_decimal(1234, 2, out, 5), 0); /* "12.34" needs 6 bytes */
    long long back;
    assert_true(format_decimal(-999999999999999LL, 6, out, sizeof(out)) > 0);
    assert_true(parse_decimal(out, strlen(out), 6, &back));
    assert_int_equal(back, -999999999999999LL);
}

static void test_duration(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        long long minutes;
    } ok[] = {
        {"90", 90}, {"0", 0}, {"PT1H30M", 90}, {"PT90M", 90}, {"P1D", 1440}, {"P1DT2H", 1560},
        {"PT3600S", 60}, {"PT1H0M0S", 60}, {"pt45m", 45}, {"PT0M", 0}, {"P2DT0H1M", 2881},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        size_t n = strlen(ok[i].s);
        char *p = exact_dup(ok[i].s, n);
        long long m = -1;
        if (!parse_duration(p, n, &m))
            fail_msg("refused %s", ok[i].s);
        assert_int_equal(m, ok[i].minutes);
        exact_free(p, n);
    }
    static const char *const bad[] = {
        "", "P", "PT", "P1H", "PT1D", "PT30S", "PT1M30S", "PT1M1H", "P1DT", "PT1H1H", "-5",
        "1.5", "PT1.5H", "1h", "P1W", "PT99999999999999M", "99999999999", " 5", "PT1H ",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t n = strlen(bad[i]);
        char *p = exact_dup(bad[i], n);
        long long m;
        if (parse_duration(p, n, &m))
            fail_msg("accepted %s", bad[i]);
        exact_free(p, n);
    }
}

static void test_money(void **state)
{
    (void)state;
    static const char *const ok[] = {
        "1200000", "1,200,000", "1,200,000원", "\xE2\x82\xA9" "1,200,000", "KRW 1,200,000",
        "krw1200000", " 1,200,000 원 ",
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        size_t n = strlen(ok[i]);
        char *p = exact_dup(ok[i], n);
        long long won = 0;
        if (!parse_money(p, n, &won))
            fail_msg("refused %s", ok[i]);
        assert_int_equal(won, 1200000);
        exact_free(p, n);
    }
    long long won;
    assert_true(parse_money("-5,000", 6, &won));
    assert_int_equal(won, -5000);
    static const char *const bad[] = {
        "", "원", "1,20,000", "1200,000", ",100", "100,", "1,2000", "1.5", "12만원", "abc",
        "1 200", "--5", "99999999999999999999",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t n = strlen(bad[i]);
        char *p = exact_dup(bad[i], n);
        if (parse_money(p, n, &won))
            fail_msg("accepted %s", bad[i]);
        exact_free(p, n);
    }
}

/* ---- all validators on random bytes (a short fuzz run that CI's unit tier also does) ---- */

static uint32_t rng_next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static void test_random_bytes(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789-+. @:/[]%#?abcxAZ\x80\xbf\xc2\xed\xf0\xf4\xff";
    uint32_t seed = 0x2468ace1u;
    for (int iter = 0; iter < 200000; iter++) {
        size_t n = rng_next(&seed) % 40;
        char s[40];
        bool any_byte = (iter & 1) != 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = rng_next(&seed);
            s[i] = any_byte ? (char)(r & 0xFF) : alphabet[r % (sizeof(alphabet) - 1)];
        }
        char *p = exact_dup(s, n);
        char out[16];
        bool u = valid_utf8(p, n);
        if (u)
            assert_true(utf8_chars(p, n) <= n);
        if (valid_brn(p, n, out, sizeof(out)))
            assert_int_equal(strlen(out), 10);
        if (valid_phone_kr(p, n, out, sizeof(out))) {
            assert_true(strlen(out) >= 9 && strlen(out) <= 13);
            char again[16];
            assert_true(valid_phone_kr(out, strlen(out), again, sizeof(again)));
            assert_string_equal(again, out);
        }
        if (valid_email(p, n) || valid_url(p, n))
            assert_true(u); /* both only accept valid UTF-8 */
        (void)valid_date(p, n);
        char utc[VALIDATE_DATETIME_SIZE], again[VALIDATE_DATETIME_SIZE];
        if (valid_datetime(p, n, utc, sizeof(utc))) {
            assert_true(valid_datetime(utc, strlen(utc), again, sizeof(again)));
            assert_string_equal(again, utc);
        }
        long long v, w;
        char text[32];
        if (parse_decimal(p, n, 2, &v)) {
            assert_true(format_decimal(v, 2, text, sizeof(text)) > 0);
            assert_true(parse_decimal(text, strlen(text), 2, &w));
            assert_int_equal(v, w);
        }
        if (parse_duration(p, n, &v))
            assert_true(v >= 0 && v <= VALIDATE_DURATION_MAX_MINUTES);
        (void)parse_money(p, n, &v);
        exact_free(p, n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_utf8_exhaustive),
        cmocka_unit_test(test_utf8_chars),
        cmocka_unit_test(test_brn_valid),
        cmocka_unit_test(test_brn_invalid),
        cmocka_unit_test(test_brn_single_digit_errors),
        cmocka_unit_test(test_phone_valid),
        cmocka_unit_test(test_phone_invalid),
        cmocka_unit_test(test_email_valid),
        cmocka_unit_test(test_email_invalid),
        cmocka_unit_test(test_email_lengths),
        cmocka_unit_test(test_url_valid),
        cmocka_unit_test(test_url_invalid),
        cmocka_unit_test(test_url_lengths),
        cmocka_unit_test(test_date_valid),
        cmocka_unit_test(test_date_invalid),
        cmocka_unit_test(test_datetime_valid),
        cmocka_unit_test(test_datetime_invalid),
        cmocka_unit_test(test_datetime_seoul),
        cmocka_unit_test(test_decimal),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_money),
        cmocka_unit_test(test_date_count),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
