/*
 * totp (API): the second factor of one's own account. Begin stores a new secret and shows it
 * (base32 and an otpauth:// URI for authenticator apps); confirm turns it on once a code from
 * the app matches, and shows ten recovery codes once; disable needs the password and is refused
 * to operator-admins, for whom the second factor is required.
 */
#include "modules/accounts/accounts.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/audit.h"
#include "base/limits.h"
#include "base/banned.h"

static void conflict(struct job *job, const char *ko, const char *en)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_CONFLICT, ko, en);
    job_problem(job, &p);
}

/* --- begin --- */

struct begin {
    long long user_id;
    char hex[TOTP_SECRET_HEX];
    char b32[TOTP_SECRET_B32];
};

/* Percent-encode s for a URI (RFC 3986 unreserved characters pass). */
static void uri_encode(struct buf *out, const char *s)
{
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~", *c))
            (void)buf_addch(out, (char)*c);
        else
            (void)buf_addf(out, "%%%02X", *c);
    }
}

static enum bp_err run_begin(struct job *job, struct db *db)
{
    struct begin *b = job->payload;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "UPDATE users SET totp_secret=?2 WHERE id=?1 AND totp_enabled=0 "
                               "RETURNING email",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, b->user_id);
    db_bind_text(st, 2, b->hex, strlen(b->hex));
    struct buf uri;
    buf_init(&uri, NULL, 1024);
    bool updated = db_step(st) == DB_ROW;
    if (updated) {
        (void)buf_adds(&uri, "otpauth://totp/bpmc:");
        uri_encode(&uri, db_column_text(st, 0, NULL));
        (void)buf_addf(&uri, "?secret=%s&issuer=bpmc&algorithm=SHA1&digits=6&period=30", b->b32);
    }
    db_reset(st);
    if (!updated) {
        buf_release(&uri);
        conflict(job, "2단계 인증이 이미 켜져 있습니다", "the second factor is already on");
        return BP_OK;
    }
    struct buf *out = &job->ans.body;
    (void)buf_addf(out, "{\"secret\":\"%s\",\"otpauth_uri\":", b->b32);
    (void)buf_add_json_str(out, uri.data, uri.len);
    (void)buf_addch(out, '}');
    buf_release(&uri);
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

static void release_secret(struct job *job)
{
    sodium_memzero(job->payload, sizeof(struct begin));
    account_release(job);
}

void api_totp_begin(struct http_req *r)
{
    struct begin *b = calloc(1, sizeof(*b));
    struct job *job = b ? job_new(JOB_WRITER, run_begin, b, release_secret) : NULL;
    if (!job) {
        free(b);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    b->user_id = r->who.user_id;
    totp_new_secret(b->hex, b->b32);
    http_submit(r, job);
}

/* --- confirm --- */

struct confirm {
    long long user_id, step;
    char hex[TOTP_SECRET_HEX];
    char codes[RECOVERY_CODES][RECOVERY_CODE_SIZE];
};

static void release_confirm(struct job *job)
{
    sodium_memzero(job->payload, sizeof(struct confirm));
    account_release(job);
}

static enum bp_err run_confirm(struct job *job, struct db *db)
{
    struct confirm *c = job->payload;
    long long on = 0;
    enum bp_err e = db_run(db, &on,
                           "UPDATE users SET totp_enabled=1, totp_last_step=?3 WHERE id=?1 AND "
                           "totp_enabled=0 AND totp_secret=?2 RETURNING 1",
                           "iti", c->user_id, c->hex, c->step);
    if (e)
        return e;
    if (!on) {
        conflict(job, "2단계 인증 등록을 처음부터 다시 하세요", "start the enrolment again");
        return BP_OK;
    }
    if ((e = db_run(db, NULL, "DELETE FROM recovery_codes WHERE user_id=?1", "i", c->user_id)) ||
        (e = accounts_revoke_tokens(db, c->user_id, c->user_id))) /* made before the second factor */
        return e;
    struct buf *out = &job->ans.body;
    (void)buf_adds(out, "{\"recovery_codes\":[");
    for (int i = 0; i < RECOVERY_CODES; i++) {
        char hash[ACCOUNTS_TOKEN_HASH_SIZE];
        if (!accounts_recovery_hash(c->codes[i], hash))
            return BP_ERR_INVALID;
        if ((e = db_run(db, NULL, "INSERT INTO recovery_codes(user_id,code_hash) VALUES (?1,?2)",
                        "it", c->user_id, hash)))
            return e;
        (void)buf_addf(out, "%s\"%s\"", i ? "," : "", c->codes[i]);
    }
    (void)buf_adds(out, "]}");
    if ((e = audit_append(db, c->user_id, "totp-enabled", "users", c->user_id, NULL, 0, NULL, 0)))
        return e;
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

void api_totp_confirm(struct http_req *r)
{
    static const char *const allowed[] = {"code", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *code = account_string(j, "code", 16, true, &p);
    struct confirm *c = p.err ? NULL : calloc(1, sizeof(*c));
    if (c) {
        struct db_stmt *st;
        if (db_prepare(http_db(r),
                       "SELECT coalesce(totp_secret,''), totp_enabled FROM users WHERE id=?1",
                       &st) == BP_OK) {
            db_bind_int(st, 1, r->who.user_id);
            if (db_step(st) == DB_ROW && db_column_int(st, 1) == 0)
                snprintf(c->hex, sizeof(c->hex), "%s", db_column_text(st, 0, NULL));
            db_reset(st);
        }
        if (!c->hex[0])
            problem_set(&p, BP_ERR_CONFLICT, "먼저 2단계 인증 등록을 시작하세요",
                        "begin the enrolment first");
        else if (!totp_verify(c->hex, code, (long long)time(NULL), &c->step))
            problem_field(&p, BP_ERR_INVALID, "code", "인증 앱의 코드와 맞지 않습니다",
                          "does not match the code of your authenticator app");
    }
    json_decref(j);
    if (p.err || !c) {
        if (c)
            sodium_memzero(c, sizeof(*c));
        free(c);
        if (!p.err)
            p.err = BP_ERR_NOMEM;
        http_reply_problem(r, &p);
        return;
    }
    c->user_id = r->who.user_id;
    for (int i = 0; i < RECOVERY_CODES; i++)
        accounts_recovery_code(c->codes[i]);
    struct job *job = job_new(JOB_WRITER, run_confirm, c, release_confirm);
    if (!job) {
        free(c);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_submit(r, job);
}

/* --- disable --- */

struct disable {
    long long user_id;
    char email[256];
    char password[1100];
    char peer[48];
    char retry_after[24];
};

static void release_disable(struct job *job)
{
    sodium_memzero(job->payload, sizeof(struct disable));
    account_release(job);
}

static enum bp_err run_disable_commit(struct job *job, struct db *db)
{
    struct disable *d = job->payload;
    enum bp_err e = db_run(db, NULL,
                           "UPDATE users SET totp_enabled=0, totp_secret=NULL, totp_last_step=0 "
                           "WHERE id=?1",
                           "i", d->user_id);
    if (!e)
        e = db_run(db, NULL, "DELETE FROM recovery_codes WHERE user_id=?1", "i", d->user_id);
    if (!e)
        e = audit_append(db, d->user_id, "totp-disabled", "users", d->user_id, NULL, 0, NULL, 0);
    job->ans.status = 204;
    return e;
}

static enum bp_err run_disable_failed(struct job *job, struct db *db)
{
    struct disable *d = job->payload;
    return account_fail(job, db, d->email, d->peer, "password", d->retry_after);
}

static enum bp_err run_disable_check(struct job *job, struct db *db)
{
    struct disable *d = job->payload;
    struct db_stmt *st;
    char hash[256] = "";
    enum bp_err e = db_prepare(db, "SELECT email, password_hash FROM users WHERE id=?1", &st);
    if (e)
        return e;
    db_bind_int(st, 1, d->user_id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        snprintf(d->email, sizeof(d->email), "%s", db_column_text(st, 0, NULL));
        snprintf(hash, sizeof(hash), "%s", db_column_text(st, 1, NULL));
    }
    db_reset(st);
    if (s == DB_FAIL) /* not a wrong password: no failure is counted */
        return BP_ERR_DB;
    bool ok = hash[0] && accounts_password_verify(d->password, hash);
    sodium_memzero(d->password, sizeof(d->password));
    job->run = ok ? run_disable_commit : run_disable_failed;
    job->where = JOB_WRITER;
    job->rerun = true;
    return BP_OK;
}

void api_totp_disable(struct http_req *r)
{
    static const char *const allowed[] = {"password", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *password = account_string(j, "password", LIMIT_PASSWORD_BYTES, true, &p);
    if (!p.err && r->who.role == ROLE_OPERATOR_ADMIN)
        problem_set(&p, BP_ERR_FORBIDDEN, "운영 관리자는 2단계 인증을 끌 수 없습니다",
                    "operator-admins cannot turn the second factor off");
    struct disable *d = p.err ? NULL : calloc(1, sizeof(*d));
    struct job *job = d ? job_new(JOB_WORKER, run_disable_check, d, release_disable) : NULL;
    if (!job) {
        free(d);
        account_reject(r, j, &p);
        return;
    }
    d->user_id = r->who.user_id;
    snprintf(d->password, sizeof(d->password), "%s", password);
    snprintf(d->peer, sizeof(d->peer), "%s", r->peer);
    json_decref(j);
    http_submit(r, job);
}
