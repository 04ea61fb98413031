/*
 * tokens: API tokens for integrations. A signed-in user creates one (name, scope read or
 * read-write, expiry); the answer shows the token once, the database keeps its SHA-256. The
 * collection is the engine's, scoped to the token's owner (operators see all); revoking is a
 * PATCH {"revoked": true}. A request with "Authorization: Bearer <token>" acts as its owner,
 * read-only tokens for reads only, without cookies and so without CSRF.
 *
 * A token never yields more than it has: a token cannot create tokens (only a signed-in
 * session can, so a token limited to modules or reads cannot mint a wider one), a token's life
 * has a ceiling (--token-max-days, default 365), the user's tokens are revoked by a password
 * change or reset and by enrolling a second factor, and an operator-admin's tokens obey the
 * second-factor rule of its sessions. A token that is unknown, revoked or expired is answered
 * 401 with WWW-Authenticate: Bearer error="invalid_token", never as anonymous.
 */
#include "modules/accounts/accounts.h"

#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "engine/audit.h"
#include "engine/collections.h"
#include "engine/resource.h"
#include "modules/platform/platform.h"
#include "base/limits.h"
#include "base/banned.h"

#define TOKEN_PREFIX "bpmc_"
#define TOKEN_RANDOM 24

enum bp_err accounts_revoke_tokens(struct db *db, long long user_id, long long actor_id)
{
    struct principal sys = resource_system(actor_id);
    long long last = 0, revoked = 0;
    enum bp_err e;
    for (;;) { /* each write revokes one: the next is after it */
        long long id = 0;
        if ((e = db_run(db, &id,
                        "SELECT id FROM api_tokens WHERE user_id=?1 AND revoked=0 AND id>?2 "
                        "ORDER BY id LIMIT 1",
                        "ii", user_id, last)) ||
            !id)
            break;
        struct write_op op;
        struct problem p;
        problem_init(&p);
        if (!resource_write_begin(&op, api_tokens_entry.name, WRITE_UPDATE, id, &sys) ||
            !write_op_int(&op, "revoked", 1)) {
            write_op_free(&op);
            return BP_ERR_NOMEM;
        }
        if ((e = resource_write(db, &op, NULL, &p)))
            return e;
        last = id;
        revoked++;
    }
    if (e || !revoked)
        return e;
    return audit_record(db, actor_id, "tokens-revoked", "api-tokens", 0, NULL,
                        (const struct audit_field[]){AUDIT_INT("revoked", revoked), AUDIT_END});
}

static void hash_hex(const char *token, size_t len, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, len);
    sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof(h));
}

static void today_plus(int days, char out[16])
{
    time_t t = time(NULL) + (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 16, "%04d-%02d-%02d", (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
             tm.tm_mday % 100);
}

static bool has_value(const struct write_op *op, const char *field)
{
    for (size_t i = 0; i < op->n; i++)
        if (strcmp(op->vals[i].field->name, field) == 0)
            return true;
    return false;
}

/* Whether every name in the JSON array is a module's. */
static bool modules_known(const char *list)
{
    json_t *a = json_loads(list, 0, NULL);
    bool ok = json_is_array(a);
    size_t i;
    json_t *m;
    json_array_foreach(a, i, m)
    {
        if (!json_is_string(m) || !resource_module_known(json_string_value(m), json_string_length(m)))
            ok = false;
    }
    json_decref(a);
    return ok;
}

void api_token_create(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    struct write_op op;
    memset(&op, 0, sizeof(op));
    if (resource_validate(&api_tokens_entry, WRITE_CREATE, r->body.ptr, r->body.len, &op, &p)) {
        write_op_free(&op);
        http_reply_problem(r, &p);
        return;
    }
    char today[16], expires[16], ceiling[16];
    int max_days = server_config()->token_max_days > 0 ? server_config()->token_max_days
                                                       : LIMIT_TOKEN_MAX_DAYS;
    today_plus(0, today);
    today_plus(max_days, ceiling);
    if (r->bearer.len) {
        write_op_free(&op);
        problem_set(&p, BP_ERR_FORBIDDEN, "API 토큰으로는 토큰을 만들 수 없습니다 (로그인해서 만드세요)",
                    "an API token cannot create tokens (sign in to create one)");
        http_reply_problem(r, &p);
        return;
    }
    for (size_t i = 0; i < op.n; i++) {
        const struct write_value *v = &op.vals[i];
        if (strcmp(v->field->name, "expires_on") == 0 && v->kind == VAL_TEXT &&
            strcmp(v->text, today) <= 0)
            problem_field(&p, BP_ERR_INVALID, "expires_on", "만료일은 내일 이후여야 합니다",
                          "must be after today");
        else if (strcmp(v->field->name, "expires_on") == 0 && v->kind == VAL_TEXT &&
                 strcmp(v->text, ceiling) > 0)
            problem_field(&p, BP_ERR_INVALID, "expires_on",
                          "만료일이 너무 멉니다 (최대 --token-max-days, 기본 365일)",
                          "too far away (at most --token-max-days, 365 days by default)");
        if (strcmp(v->field->name, "modules") == 0 && v->kind == VAL_TEXT && !modules_known(v->text))
            problem_field(&p, BP_ERR_INVALID, "modules", "알 수 없는 모듈입니다",
                          "unknown module");
        if (strcmp(v->field->name, "revoked") == 0 && v->kind == VAL_INT && v->i)
            problem_field(&p, BP_ERR_INVALID, "revoked", "새 토큰은 폐기된 상태일 수 없습니다",
                          "a new token cannot be revoked");
    }
    if (p.err) {
        write_op_free(&op);
        http_reply_problem(r, &p);
        return;
    }
    unsigned char raw[TOKEN_RANDOM];
    char token[sizeof(TOKEN_PREFIX) + TOKEN_RANDOM * 2], hash[crypto_hash_sha256_BYTES * 2 + 1];
    char prefix[16], reveal[sizeof(token) + 16];
    randombytes_buf(raw, sizeof(raw));
    memcpy(token, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
    sodium_bin2base64(token + sizeof(TOKEN_PREFIX) - 1, sizeof(token) - sizeof(TOKEN_PREFIX) + 1,
                      raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    hash_hex(token, strlen(token), hash);
    snprintf(prefix, sizeof(prefix), "%.12s", token);
    snprintf(reveal, sizeof(reveal), "\"token\":\"%s\"", token);
    today_plus(TOKEN_DEFAULT_DAYS < max_days ? TOKEN_DEFAULT_DAYS : max_days, expires);
    op.res = &api_tokens_entry;
    bool ok = write_op_add(&op, "user_id", VAL_INT, r->who.user_id, NULL, 0) &&
              write_op_add(&op, "prefix", VAL_TEXT, 0, prefix, strlen(prefix)) &&
              write_op_add(&op, "token_hash", VAL_TEXT, 0, hash, strlen(hash)) &&
              (has_value(&op, "expires_on") ||
               write_op_add(&op, "expires_on", VAL_TEXT, 0, expires, strlen(expires)));
    sodium_memzero(token, sizeof(token));
    if (!ok) {
        sodium_memzero(reveal, sizeof(reveal));
        write_op_free(&op);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    op.kind = WRITE_CREATE;
    op.who = r->who;
    api_write(r, &op, reveal);
    sodium_memzero(reveal, sizeof(reveal));
}

void token_authenticate(struct http_req *r)
{
    char hash[crypto_hash_sha256_BYTES * 2 + 1], today[16];
    struct db_stmt *st;
    if (r->bearer.len > 200)
        return; /* stays anonymous: the dispatcher answers 401 invalid_token */
    hash_hex(r->bearer.ptr, r->bearer.len, hash);
    today_plus(0, today);
    if (db_prepare(http_db(r),
                   "SELECT t.id, t.scope, u.id, " ACCOUNT_ROLE_SQL ", " ACCOUNT_ORG_SQL ", t.modules, "
                   "CASE WHEN t.last_used_at IS NULL OR t.last_used_at < ?4 THEN 1 ELSE 0 END, "
                   "u.role='operator-admin' AND u.totp_enabled=0 AND u.created_at < ?3 "
                   "FROM api_tokens t JOIN users u ON u.id=t.user_id LEFT JOIN memberships m ON "
                   "m.user_id=u.id AND m.org_id=u.org_id AND m.active=1 WHERE t.token_hash=?1 "
                   "AND t.revoked=0 AND t.expires_on>?2 AND u.active=1",
                   &st))
        return;
    db_bind_text(st, 1, hash, strlen(hash));
    db_bind_text(st, 2, today, strlen(today));
    char grace[32], minute_ago[32];
    accounts_time_ago((long long)server_config()->admin_totp_grace_days * 86400, grace);
    accounts_time_ago(60, minute_ago);
    db_bind_text(st, 3, grace, strlen(grace));
    db_bind_text(st, 4, minute_ago, strlen(minute_ago));
    if (db_step(st) == DB_ROW && role_parse(db_column_text(st, 3, NULL), &r->who.role)) {
        r->who.user_id = db_column_int(st, 2);
        r->who.org_id = db_column_int(st, 4);
        r->token_read_only = strcmp(db_column_text(st, 1, NULL), "read-write") != 0;
        r->must_enrol_totp = db_column_int(st, 7) == 1;
        size_t len;
        const char *modules = db_column_text(st, 5, &len);
        char *copy = len > 2 ? arena_alloc(r->arena, len + 1) : NULL;
        if (copy) {
            memcpy(copy, modules, len + 1);
            r->token_modules = (struct str){copy, len};
        } else if (len > 2) { /* out of memory: a limited token may do nothing */
            r->token_modules = STR_LIT("[\"\"]");
        }
        if (db_column_int(st, 6))
            api_note_use(r,
                         DIALECT_SQL("UPDATE api_tokens SET last_used_at={now} WHERE "
                                      "token_hash=?2 AND ?1>0"), /* ?1: the time, unused */
                         hash);
    } else {
        r->who = (struct principal){0, ROLE_PUBLIC, 0};
    }
    db_reset(st);
}
