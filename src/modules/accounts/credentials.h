/*
 * accounts: the rules of passwords. Hashes are argon2id (libsodium) at or above OWASP's
 * parameters; the policy refuses short, single-class, e-mail-like and common passwords.
 */
#ifndef BP_ACCOUNTS_H
#define BP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/problem.h"

/* Size of an encoded hash including the NUL. */
#define ACCOUNTS_HASH_SIZE 128

/* BP_OK when password meets the policy for a user with this e-mail; else BP_ERR_INVALID with p
 * naming "password" in Korean and English. */
BP_MUST_USE enum bp_err accounts_password_policy(const char *password, const char *email,
                                                 struct problem *p);
/* Hash password into out (ACCOUNTS_HASH_SIZE bytes). BP_ERR_NOMEM when argon2id cannot get
 * its memory. */
BP_MUST_USE enum bp_err accounts_password_hash(const char *password, char *out);
/* Constant-time verification; with hash NULL a dummy hash is verified so the time is the same
 * for unknown users. */
bool accounts_password_verify(const char *password, const char *hash);
/* How many argon2id verifications accounts_password_verify has done since the start, dummy
 * ones included: at today's parameters (current) and at others (an older hash). A sign-in to
 * an account without a password does the same work as a wrong password: one current check
 * (/metrics: bpmc_password_checks_total). */
void accounts_password_checks(unsigned long long *current, unsigned long long *other);
/* Lower-case an ASCII e-mail address in place. */
void accounts_normalize_email(char *email);

/* Random secrets handed to people (session cookies, invitation and reset links): 32 random
 * bytes, URL-safe base64. Only their SHA-256 (hex) is ever stored. */
#define ACCOUNTS_TOKEN_SIZE 44
#define ACCOUNTS_TOKEN_HASH_SIZE 65
void accounts_random_token(char out[ACCOUNTS_TOKEN_SIZE]);
void accounts_token_hash(const char *token, size_t len, char out[ACCOUNTS_TOKEN_HASH_SIZE]);

/* TOTP (RFC 6238: HMAC-SHA1, 6 digits, 30 s steps) through liboath. A secret is 20 random
 * bytes, kept as hex; people type it as base32. */
#define TOTP_SECRET_HEX 41
#define TOTP_SECRET_B32 33
void totp_new_secret(char hex[TOTP_SECRET_HEX], char b32[TOTP_SECRET_B32]);
/* The base32 form of a hex secret; false when hex is not one. */
bool totp_secret_b32(const char *hex, char b32[TOTP_SECRET_B32]);
/* Whether code is the secret's code within one step of now; *step is the step it matched,
 * which must be greater than the last step used (no code twice). */
bool totp_verify(const char *hex, const char *code, long long now, long long *step);
/* The code of a step (tests and `bpmc` tooling). */
bool totp_code(const char *hex, long long now, char out[7]);

/* Recovery codes: ten single-use codes "xxxxx-xxxxx" shown once; stored as the hash of their
 * normalised form (lower case, no dash), which accounts_recovery_hash computes from what a
 * person typed. */
#define RECOVERY_CODES 10
#define RECOVERY_CODE_SIZE 12
void accounts_recovery_code(char out[RECOVERY_CODE_SIZE]);
bool accounts_recovery_hash(const char *typed, char out[ACCOUNTS_TOKEN_HASH_SIZE]);

#endif
