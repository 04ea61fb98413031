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

/* An instant as ISO 8601 / RFC 3339 writes it: YYYY-MM-DD, 'T' (or a space), HH:MM, optional
 * :SS and a fraction (dropped), then Z, +HH:MM, +HHMM or +HH; without an offset the time is
 * Asia/Seoul's (+09:00, which keeps no daylight saving). The date and the instant in UTC lie
 * between 1900-01-01 and 2199-12-31. out (>= VALIDATE_DATETIME_SIZE bytes) gets the instant in
 * UTC, "YYYY-MM-DDTHH:MM:SSZ" (the form stored, which sorts as it compares). */
#define VALIDATE_DATETIME_SIZE 21
bool valid_datetime(const char *s, size_t len, char *out, size_t out_size);

/* A stored instant "YYYY-MM-DDTHH:MM:SSZ" as Asia/Seoul's wall clock, "YYYY-MM-DD HH:MM:SS"
 * (as exports show it; valid_datetime reads it back as the same instant). out >= 20 bytes. */
bool datetime_seoul(const char *s, size_t len, char *out, size_t out_size);

/* The decimals a decimal field may keep, and the largest magnitude of its value in units of
 * 10^-scale: 15 digits, which a JSON reader's double holds exactly. */
#define VALIDATE_DECIMAL_SCALE_MAX 6
#define VALIDATE_DECIMAL_UNITS_MAX 999999999999999LL
/* A decimal number ("-12.50", "1.5e3") with at most scale decimals once trailing zeros are
 * dropped: *units gets value x 10^scale exactly. */
bool parse_decimal(const char *s, size_t len, unsigned scale, long long *units);
/* units x 10^-scale as a decimal number ("-12.50" for -1250, scale 2) into out; its length, or
 * 0 when out (>= 24 bytes suffice) is too small. */
size_t format_decimal(long long units, unsigned scale, char *out, size_t out_size);

/* The longest duration in minutes: a hundred years, far past any schedule. */
#define VALIDATE_DURATION_MAX_MINUTES (100LL * 366 * 24 * 60)
/* A duration in whole minutes: "90" or ISO 8601 "PT1H30M", "P1DT2H", "PT90M", "PT3600S"
 * (days are 24 hours; seconds must add up to whole minutes). */
bool parse_duration(const char *s, size_t len, long long *minutes);

/* An amount of won as people write it: "1200000", "1,200,000", "1,200,000원", "₩1,200,000",
 * "KRW 1,200,000" (commas only between groups of three; a leading minus kept). */
bool parse_money(const char *s, size_t len, long long *won);

#endif
