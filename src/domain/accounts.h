/*
 * accounts: the rules of passwords. Hashes are argon2id (libsodium) at or above OWASP's
 * parameters; the policy refuses short, single-class, e-mail-like and common passwords.
 */
#ifndef BP_ACCOUNTS_H
#define BP_ACCOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/problem.h"

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
/* Lower-case an ASCII e-mail address in place. */
void accounts_normalize_email(char *email);

#endif
