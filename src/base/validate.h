/*
 * validate: pure checks of values people type, as a Korean user expects them. Each is a function
 * of (bytes, len) with no state, so each is fuzzed. Normalising checks write the canonical form
 * into out (NUL-terminated) when they accept.
 */
#ifndef BP_VALIDATE_H
#define BP_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Well-formed UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. NUL bytes are refused. */
bool valid_utf8(const char *s, size_t len);
/* Length of the well-formed UTF-8 sequence at s (left bytes available) with its code point in
 * *cp, or 0 when there is none (overlongs, surrogates, above U+10FFFF, truncated). */
size_t utf8_decode(const char *s, size_t left, uint32_t *cp);
/* Number of code points in valid UTF-8 s. */
size_t utf8_chars(const char *s, size_t len);
/* The longest prefix of s (at most max bytes) that ends on a character boundary. */
size_t utf8_prefix(const char *s, size_t len, size_t max);

/* 사업자등록번호: 10 digits, as "123-45-67890" or "1234567890", with a correct check digit.
 * out (>= 11 bytes) gets "1234567890" (the form stored). */
bool valid_brn(const char *s, size_t len, char *out, size_t out_size);

/* Korean phone numbers: mobile 010-XXXX-XXXX (and 011/016/017/018/019), Seoul 02-XXX(X)-XXXX,
 * area codes 031..064, 070, 15XX/16XX/18XX-XXXX, with or without hyphens, spaces or dots;
 * "+82 31-8075-3570" accepted too. out (>= 16 bytes) gets the hyphenated domestic form,
 * e.g. "031-8075-3570". */
bool valid_phone_kr(const char *s, size_t len, char *out, size_t out_size);

/* An e-mail address: local@domain with a dot in the domain, no spaces, <= 254 bytes. */
bool valid_email(const char *s, size_t len);

/* An absolute http or https URL with a host, no spaces or control characters, <= 2000 bytes. */
bool valid_url(const char *s, size_t len);

/* A calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31 that exists (leap years). */
bool valid_date(const char *s, size_t len);

#endif
