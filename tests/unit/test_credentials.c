/*
 * test_credentials: the password check does the same argon2id work whether or not the account
 * has a password. A sign-in to an unknown address, or to an account without a password yet
 * (invited: NULL or "", anonymised: "!"), verifies a dummy hash at today's parameters, as a
 * wrong password does against a real hash: accounts_password_checks counts one verification at
 * the current parameters for each, and the answer is "no". (How long each takes is measured by
 * bench/signin-timing.mjs, not here.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "modules/accounts/credentials.h"

#define PASSWORD "Right-pass-2026"
#define WRONG "Not-the-pass-2026"

struct counts {
    unsigned long long current, older;
};

static struct counts counts(void)
{
    struct counts c;
    accounts_password_checks(&c.current, &c.older);
    return c;
}

/* verify, and check that it cost exactly one verification at today's parameters */
static bool verify_counted(const char *password, const char *hash)
{
    struct counts before = counts();
    bool ok = accounts_password_verify(password, hash);
    struct counts after = counts();
    assert_int_equal(after.current, before.current + 1);
    assert_int_equal(after.older, before.older);
    return ok;
}

static void test_no_password_is_one_current_check(void **state)
{
    (void)state;
    assert_false(verify_counted(WRONG, NULL)); /* no such account */
    assert_false(verify_counted(WRONG, ""));   /* invited: no password yet */
    assert_false(verify_counted(WRONG, "!"));  /* anonymised */
    /* not even the dummy's own password opens an account without one */
    assert_false(verify_counted("bpmc-dummy-password", NULL));
    assert_false(verify_counted("bpmc-dummy-password", "!"));
}

static void test_real_hash_is_one_current_check(void **state)
{
    (void)state;
    char hash[ACCOUNTS_HASH_SIZE];
    assert_int_equal(accounts_password_hash(PASSWORD, hash), BP_OK);
    assert_false(verify_counted(WRONG, hash));
    assert_true(verify_counted(PASSWORD, hash));
}

static void test_older_hash_counted_apart(void **state)
{
    (void)state;
    char hash[crypto_pwhash_STRBYTES];
    assert_int_equal(crypto_pwhash_str_alg(hash, PASSWORD, strlen(PASSWORD), 2, 8u * 1024u * 1024u,
                                           crypto_pwhash_ALG_ARGON2ID13),
                     0);
    struct counts before = counts();
    assert_true(accounts_password_verify(PASSWORD, hash));
    assert_false(accounts_password_verify(WRONG, hash));
    struct counts after = counts();
    assert_int_equal(after.current, before.current);
    assert_int_equal(after.older, before.older + 2);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_password_is_one_current_check),
        cmocka_unit_test(test_real_hash_is_one_current_check),
        cmocka_unit_test(test_older_hash_counted_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
