/*
 * totp: second-factor codes (RFC 6238) through liboath, and recovery codes. A code is
 * accepted one step early or late (clock drift); the step it matched is returned so the
 * caller can refuse a code that was already used.
 */
#include "modules/accounts/credentials.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "base/banned.h"

#define SECRET_BYTES 20
#define STEP_S OATH_TOTP_DEFAULT_TIME_STEP_SIZE

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static bool oath_ready;

static void oath_start(void) { oath_ready = oath_init() == OATH_OK; }

static bool secret_bytes(const char *hex, unsigned char raw[SECRET_BYTES])
{
    size_t len = 0;
    return hex && strlen(hex) == SECRET_BYTES * 2 &&
           sodium_hex2bin(raw, SECRET_BYTES, hex, SECRET_BYTES * 2, NULL, &len, NULL) == 0 &&
           len == SECRET_BYTES;
}

/* RFC 4648 base32 without padding: 20 bytes are exactly 32 characters. */
static void base32(const unsigned char *in, size_t len, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    unsigned buffer = 0;
    int bits = 0;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        buffer = (buffer << 8) | in[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = alphabet[(buffer >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = alphabet[(buffer << (5 - bits)) & 31];
    out[o] = '\0';
}

void totp_new_secret(char hex[TOTP_SECRET_HEX], char b32[TOTP_SECRET_B32])
{
    unsigned char raw[SECRET_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(hex, TOTP_SECRET_HEX, raw, sizeof(raw));
    base32(raw, sizeof(raw), b32);
    sodium_memzero(raw, sizeof(raw));
}

bool totp_secret_b32(const char *hex, char b32[TOTP_SECRET_B32])
{
    unsigned char raw[SECRET_BYTES];
    if (!secret_bytes(hex, raw))
        return false;
    base32(raw, sizeof(raw), b32);
    sodium_memzero(raw, sizeof(raw));
    return true;
}

bool totp_verify(const char *hex, const char *code, long long now, long long *step)
{
    unsigned char raw[SECRET_BYTES];
    if (strlen(code) != 6 || strspn(code, "0123456789") != 6 || !secret_bytes(hex, raw))
        return false;
    pthread_once(&oath_once, oath_start);
    int pos = 0;
    int rc = oath_ready ? oath_totp_validate2((const char *)raw, sizeof(raw), (time_t)now, STEP_S,
                                              OATH_TOTP_DEFAULT_START_TIME, 1, &pos, code)
                        : OATH_INVALID_OTP;
    sodium_memzero(raw, sizeof(raw));
    if (rc < 0)
        return false;
    *step = now / STEP_S + pos;
    return true;
}

bool totp_code(const char *hex, long long now, char out[7])
{
    unsigned char raw[SECRET_BYTES];
    if (!secret_bytes(hex, raw))
        return false;
    pthread_once(&oath_once, oath_start);
    bool ok = oath_ready && oath_totp_generate((const char *)raw, sizeof(raw), (time_t)now, STEP_S,
                                               OATH_TOTP_DEFAULT_START_TIME, 6, out) == OATH_OK;
    sodium_memzero(raw, sizeof(raw));
    return ok;
}

void accounts_recovery_code(char out[RECOVERY_CODE_SIZE])
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789"; /* no 0/o, 1/l/i */
    for (int i = 0; i < 11; i++)
        out[i] = i == 5 ? '-' : alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    out[11] = '\0';
}

bool accounts_recovery_hash(const char *typed, char out[ACCOUNTS_TOKEN_HASH_SIZE])
{
    char norm[16];
    size_t n = 0;
    for (const char *c = typed; *c; c++) {
        if (*c == '-' || *c == ' ')
            continue;
        if (n >= 10)
            return false;
        norm[n++] = (*c >= 'A' && *c <= 'Z') ? (char)(*c + 32) : *c;
    }
    if (n != 10)
        return false;
    accounts_token_hash(norm, n, out);
    return true;
}
