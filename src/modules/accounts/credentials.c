/*
 * accounts: password policy and hashing.
 */
#include "modules/accounts/credentials.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <strings.h>
#include <string.h>

#include "base/banned.h"

/* OWASP's minimum for argon2id is m=19 MiB, t=2, p=1; we take t=3. */
#define ARGON_OPS 3
#define ARGON_MEM (19u * 1024u * 1024u)

static const char *const common_passwords[] = {
    "password", "password1", "password123", "12345678", "123456789", "1234567890",
    "qwerty123", "qwertyuiop", "iloveyou1", "admin1234", "admin12345", "welcome1",
    "letmein123", "abc12345", "abcd1234", "passw0rd", "p@ssw0rd", "1q2w3e4r",
    "1q2w3e4r5t", "qwer1234", "asdf1234", "zxcv1234", "gkswlsdn", "dkssudgktpdy",
    "sarang123", "korea1234", "bpmc1234", "goyang1234", "changeme1", NULL,
};

void accounts_normalize_email(char *email)
{
    for (; *email; email++)
        if (*email >= 'A' && *email <= 'Z')
            *email = (char)(*email + 32);
}

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = (*a >= 'A' && *a <= 'Z') ? (char)(*a + 32) : *a;
        char y = (*b >= 'A' && *b <= 'Z') ? (char)(*b + 32) : *b;
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* Low entropy: fewer than 5 different characters, one character making up half, or more than
 * half of it one run of a repeated, ascending or descending character ("aaaaaaaaaa1",
 * "abcdefgh12", "1234567890a"). */
static bool low_entropy(const char *password, size_t len)
{
    bool seen[256] = {false};
    size_t counts[256] = {0}, distinct = 0, run = 1, longest = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        distinct += !seen[c];
        seen[c] = true;
        if (++counts[c] * 2 >= len)
            return true;
        if (i > 0) {
            int d = (int)c - (int)(unsigned char)password[i - 1];
            run = d >= -1 && d <= 1 ? run + 1 : 1;
            longest = run > longest ? run : longest;
        }
    }
    return distinct < 5 || longest * 2 > len;
}

enum bp_err accounts_password_policy(const char *password, const char *email, struct problem *p)
{
    size_t len = strlen(password);
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (const char *c = password; *c; c++) {
        if (*c >= 'a' && *c <= 'z')
            lower = 1;
        else if (*c >= 'A' && *c <= 'Z')
            upper = 1;
        else if (*c >= '0' && *c <= '9')
            digit = 1;
        else
            other = 1;
    }
    int classes = lower + upper + digit + other;
    bool common = false;
    for (const char *const *w = common_passwords; *w && !common; w++)
        common = ascii_ieq(password, *w);
    const char *at = email ? strchr(email, '@') : NULL;
    bool like_email = email && (ascii_ieq(password, email) ||
                                (at && strlen(password) == (size_t)(at - email) &&
                                 strncasecmp(password, email, (size_t)(at - email)) == 0));
    if (len > LIMIT_PASSWORD_BYTES) {
        problem_field(p, BP_ERR_INVALID, "password", "비밀번호가 너무 깁니다 (최대 1024자)",
                      "password too long (at most 1024 characters)");
    } else if (!((len >= 10 && classes >= 2) || (len >= 8 && classes >= 3))) {
        problem_field(p, BP_ERR_INVALID, "password",
                      "10자 이상이면서 2종류 이상, 또는 8자 이상이면서 3종류 이상의 문자(영문 대·소문자, 숫자, 기호)를 쓰세요",
                      "use at least 10 characters of 2 kinds, or 8 of 3 kinds (lower, upper, digit, symbol)");
    } else if (common || low_entropy(password, len)) {
        problem_field(p, BP_ERR_INVALID, "password", "너무 흔한 비밀번호입니다",
                      "this password is too common");
    } else if (like_email) {
        problem_field(p, BP_ERR_INVALID, "password", "이메일 주소를 비밀번호로 쓸 수 없습니다",
                      "the password may not be the e-mail address");
    }
    return p->err;
}

enum bp_err accounts_password_hash(const char *password, char *out)
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), ARGON_OPS, ARGON_MEM,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return BP_ERR_NOMEM;
    return BP_OK;
}

static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static atomic_ullong checks[2]; /* argon2id verifications: [0] at ARGON_OPS/ARGON_MEM, [1] other */

static void make_dummy_hash(void)
{
    if (crypto_pwhash_str_alg(dummy_hash, "bpmc-dummy-password", 19, ARGON_OPS, ARGON_MEM,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        dummy_hash[0] = '\0';
}

/* One argon2id verification, counted by whether it was at today's parameters. */
static bool verify(const char *hash, const char *password)
{
    bool current = crypto_pwhash_str_needs_rehash(hash, ARGON_OPS, ARGON_MEM) == 0;
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    atomic_fetch_add_explicit(&checks[current ? 0 : 1], 1, memory_order_relaxed);
    return ok;
}

bool accounts_password_verify(const char *password, const char *hash)
{
    /* no account, or one without a password yet (invited, anonymised: "!"): the same work as
     * a real check, so the time of the answer does not tell which; the answer is "no" */
    if (!hash || strncmp(hash, crypto_pwhash_STRPREFIX, strlen(crypto_pwhash_STRPREFIX)) != 0) {
        pthread_once(&dummy_once, make_dummy_hash);
        if (dummy_hash[0])
            (void)verify(dummy_hash, password);
        return false;
    }
    return verify(hash, password);
}

void accounts_password_checks(unsigned long long *current, unsigned long long *other)
{
    *current = atomic_load_explicit(&checks[0], memory_order_relaxed);
    *other = atomic_load_explicit(&checks[1], memory_order_relaxed);
}

void accounts_random_token(char out[ACCOUNTS_TOKEN_SIZE])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, ACCOUNTS_TOKEN_SIZE, raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof(raw));
}

void accounts_token_hash(const char *token, size_t len, char out[ACCOUNTS_TOKEN_HASH_SIZE])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, len);
    sodium_bin2hex(out, ACCOUNTS_TOKEN_HASH_SIZE, h, sizeof(h));
}
