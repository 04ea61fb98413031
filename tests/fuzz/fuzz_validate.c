/*
 * fuzz_validate: libFuzzer target for core/validate.c. Every validator gets the same bytes; the
 * target also checks the properties the API layer relies on: what a normalising check writes is
 * NUL-terminated and accepted again unchanged, and e-mail and URL accept only valid UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    char out[16], again[16];
    bool utf8 = valid_utf8(s, size);
    if (utf8 && utf8_chars(s, size) > size)
        abort();
    if (valid_brn(s, size, out, sizeof(out))) {
        if (strlen(out) != 10 || !valid_brn(out, 10, again, sizeof(again)) ||
            memcmp(out, again, 11) != 0)
            abort();
    }
    if (valid_phone_kr(s, size, out, sizeof(out))) {
        size_t n = strnlen(out, sizeof(out));
        if (n == sizeof(out) || !valid_phone_kr(out, n, again, sizeof(again)) ||
            strcmp(out, again) != 0)
            abort();
    }
    if ((valid_email(s, size) || valid_url(s, size)) && !utf8)
        abort();
    (void)valid_date(s, size);
    /* a date-time's UTC form is accepted again unchanged, and shown in Seoul it reads back as
     * the same instant */
    char utc[VALIDATE_DATETIME_SIZE], utc2[VALIDATE_DATETIME_SIZE], seoul[32];
    if (valid_datetime(s, size, utc, sizeof(utc))) {
        if (strnlen(utc, sizeof(utc)) != 20 || !valid_datetime(utc, 20, utc2, sizeof(utc2)) ||
            strcmp(utc, utc2) != 0)
            abort();
        if (datetime_seoul(utc, 20, seoul, sizeof(seoul)) &&
            (!valid_datetime(seoul, strlen(seoul), utc2, sizeof(utc2)) || strcmp(utc, utc2) != 0))
            abort();
    }
    /* a decimal formats and parses back to the same units, at every scale */
    for (unsigned scale = 0; scale <= VALIDATE_DECIMAL_SCALE_MAX; scale++) {
        long long units, back;
        char text[32];
        if (!parse_decimal(s, size, scale, &units))
            continue;
        if (units > VALIDATE_DECIMAL_UNITS_MAX || units < -VALIDATE_DECIMAL_UNITS_MAX ||
            !format_decimal(units, scale, text, sizeof(text)) ||
            !parse_decimal(text, strlen(text), scale, &back) || back != units)
            abort();
    }
    long long minutes, won;
    if (parse_duration(s, size, &minutes) &&
        (minutes < 0 || minutes > VALIDATE_DURATION_MAX_MINUTES))
        abort();
    (void)parse_money(s, size, &won);
    return 0;
}
