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
    return 0;
}
