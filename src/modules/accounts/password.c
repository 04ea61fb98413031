/*
 * password: changing one's password (the current one first; every session ends and a new one
 * opens) and resetting a forgotten one through a single-use link that expires in an hour,
 * delivered by the outbox. A reset request answers the same whether or not the e-mail is known.
 * Password checks and hashing run on a worker (argon2id), changes on the writer.
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

static long long now_s(void) { return (long long)time(NULL); }

static void wipe(struct job *job, size_t size)
{
    sodium_memzero(job->payload, size);
    account_release(job);
}

/* --- change --- */

struct change {
    long long user_id;
    char email[256];
    char current[1100];
    char next[1100];
    char hash[ACCOUNTS_HASH_SIZE];
    char peer[48];
    char retry_after[24];
    struct session_new session;
};

static void release_change(struct job *job) { wipe(job, sizeof(struct change)); }

/* Also on reset: the new hash stored, every session, API token and pending reset link ended. */
static enum bp_err set_password(struct db *db, long long user_id, const char *hash,
                                const char *action)
{
    enum bp_err e = db_run(db, NULL,
                           DIALECT_SQL("UPDATE users SET password_hash=?2, password_changed_at={now}, version=version+1, updated_at={now} WHERE id=?1"),
                           "it", user_id, hash);
    if (!e)
        e = db_run(db, NULL, "DELETE FROM sessions WHERE user_id=?1", "i", user_id);
    if (!e)
        e = db_run(db, NULL, "DELETE FROM account_tokens WHERE user_id=?1 AND used_at IS NULL",
                   "i", user_id);
    if (!e)
        e = accounts_revoke_tokens(db, user_id, user_id);
    if (!e)
        e = audit_append(db, user_id, action, "users", user_id, NULL, 0, NULL, 0);
    return e;
}

static enum bp_err run_change_commit(struct job *job, struct db *db)
{
    struct change *c = job->payload;
    enum bp_err e = set_password(db, c->user_id, c->hash, "password-change");
    if (!e)
        e = account_notify(db, c->user_id, c->email, "security",
                           "비밀번호가 바뀌었습니다 / Your password was changed",
                           "계정의 비밀번호가 바뀌었고 다른 모든 기기에서 로그아웃되었습니다. "
                           "직접 바꾸지 않았다면 운영자에게 알리세요. / Your password was changed "
                           "and every other device was signed out. If it was not you, tell an "
                           "operator.",
                           NULL, false);
    return e ? e : session_open(job, db, &c->session);
}

static enum bp_err run_change_failed(struct job *job, struct db *db)
{
    struct change *c = job->payload;
    return account_fail(job, db, c->email, c->peer, "current_password", c->retry_after);
}

static enum bp_err run_change_check(struct job *job, struct db *db)
{
    struct change *c = job->payload;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT email, password_hash FROM users WHERE id=?1 AND active=1", &st);
    if (e)
        return e;
    db_bind_int(st, 1, c->user_id);
    char hash[256] = "";
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        snprintf(c->email, sizeof(c->email), "%s", db_column_text(st, 0, NULL));
        snprintf(hash, sizeof(hash), "%s", db_column_text(st, 1, NULL));
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (!hash[0])
        return BP_ERR_UNAUTHENTICATED;
    bool ok = accounts_password_verify(c->current, hash);
    job->where = JOB_WRITER;
    job->rerun = true;
    if (!ok) {
        job->run = run_change_failed;
        return BP_OK;
    }
    struct problem p;
    problem_init(&p);
    if (accounts_password_policy(c->next, c->email, &p)) {
        for (size_t i = 0; i < p.n; i++) /* the policy names "password" */
            snprintf(p.errors[i].field, sizeof(p.errors[i].field), "new_password");
        job->rerun = false;
        job_problem(job, &p);
        return BP_OK;
    }
    if (strcmp(c->current, c->next) == 0) {
        problem_field(&p, BP_ERR_INVALID, "new_password", "지금 비밀번호와 달라야 합니다",
                      "must differ from the current password");
        job->rerun = false;
        job_problem(job, &p);
        return BP_OK;
    }
    if ((e = accounts_password_hash(c->next, c->hash)))
        return e;
    job->run = run_change_commit;
    return BP_OK;
}

static struct job *new_job(enum job_where where, enum bp_err (*run)(struct job *, struct db *),
                           void *payload, void (*release)(struct job *))
{
    struct job *job = payload ? job_new(where, run, payload, release) : NULL;
    if (!job)
        free(payload);
    return job;
}

void api_password_change(struct http_req *r)
{
    static const char *const allowed[] = {"current_password", "new_password", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *current = account_string(j, "current_password", LIMIT_PASSWORD_BYTES, true, &p);
    const char *next = account_string(j, "new_password", LIMIT_PASSWORD_BYTES, true, &p);
    if (!r->via_cookie && !p.err)
        problem_set(&p, BP_ERR_FORBIDDEN, "비밀번호는 로그인 세션에서만 바꿀 수 있습니다",
                    "passwords are changed from a signed-in session only");
    struct change *c = p.err ? NULL : calloc(1, sizeof(*c));
    struct job *job = new_job(JOB_WORKER, run_change_check, c, release_change);
    if (!job) {
        account_reject(r, j, &p);
        return;
    }
    c->user_id = r->who.user_id;
    snprintf(c->current, sizeof(c->current), "%s", current);
    snprintf(c->next, sizeof(c->next), "%s", next);
    snprintf(c->peer, sizeof(c->peer), "%s", r->peer);
    json_decref(j);
    session_prepare(&c->session, r, r->who.user_id);
    http_submit(r, job);
}

/* --- reset --- */

struct reset_request {
    char email[256];
    char token[ACCOUNTS_TOKEN_SIZE];
    char token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
};

static void release_request(struct job *job) { wipe(job, sizeof(struct reset_request)); }

static enum bp_err run_reset_request(struct job *job, struct db *db)
{
    struct reset_request *q = job->payload;
    long long now = now_s(), user = 0;
    enum bp_err e = db_run(db, &user,
                           "SELECT u.id FROM users u WHERE u.email=?1 AND u.active=1 AND "
                           "u.anonymised_at IS NULL AND NOT EXISTS (SELECT 1 FROM account_tokens t "
                           "WHERE t.user_id=u.id AND t.kind='reset' AND t.used_at IS NULL AND "
                           "t.created_at>?2)",
                           "ti", q->email, now - RESET_AGAIN_AFTER_S);
    if (!e && user) {
        char link[ACCOUNTS_TOKEN_SIZE + 32];
        snprintf(link, sizeof(link), "/reset?token=%s", q->token);
        e = db_run(db, NULL,
                   "INSERT INTO account_tokens(token_hash,user_id,kind,expires_at,created_at) "
                   "VALUES (?1,?2,'reset',?3,?4)",
                   "tiii", q->token_hash, user, now + LIMIT_RESET_TTL_S, now);
        if (!e)
            e = account_notify(db, user, q->email, "password-reset", "비밀번호 재설정 / Password reset",
                               "아래 링크에서 1시간 안에 새 비밀번호를 정하세요. 요청하지 않았다면 "
                               "이 메일을 무시하세요. / Set a new password at the link below within "
                               "an hour. If you did not ask for it, ignore this message.",
                               link, true);
        if (!e)
            e = audit_append(db, user, "password-reset-requested", "users", user, NULL, 0, NULL, 0);
    }
    if (e)
        return e;
    job->ans.status = 202;
    job->ans.content_type = "application/json; charset=utf-8";
    (void)buf_adds(&job->ans.body, "{\"accepted\":true}");
    return job->ans.body.failed ? BP_ERR_NOMEM : BP_OK;
}

void api_reset_request(struct http_req *r)
{
    static const char *const allowed[] = {"email", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *email = account_string(j, "email", 254, true, &p);
    struct reset_request *q = p.err ? NULL : calloc(1, sizeof(*q));
    struct job *job = new_job(JOB_WRITER, run_reset_request, q, release_request);
    if (!job) {
        account_reject(r, j, &p);
        return;
    }
    snprintf(q->email, sizeof(q->email), "%s", email);
    accounts_normalize_email(q->email);
    accounts_random_token(q->token);
    accounts_token_hash(q->token, strlen(q->token), q->token_hash);
    json_decref(j);
    http_submit(r, job);
}

struct reset_confirm {
    char token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
    char password[1100];
    char hash[ACCOUNTS_HASH_SIZE];
    char email[256];
    long long user_id;
    bool invite; /* an invitation's link: choosing the password accepts its memberships */
};

static void release_confirm(struct job *job) { wipe(job, sizeof(struct reset_confirm)); }

static enum bp_err bad_token(struct job *job)
{
    struct problem p;
    problem_init(&p);
    problem_field(&p, BP_ERR_INVALID, "token",
                  "링크가 올바르지 않거나 만료되었거나 이미 쓰였습니다. 재설정을 다시 요청하세요",
                  "the link is wrong, expired or already used; ask for a new one");
    job_problem(job, &p);
    return BP_ERR_INVALID;
}

static enum bp_err run_reset_commit(struct job *job, struct db *db)
{
    struct reset_confirm *c = job->payload;
    long long user = 0;
    enum bp_err e = db_run(db, &user,
                           "UPDATE account_tokens SET used_at=?2 WHERE token_hash=?1 AND used_at IS "
                           "NULL AND expires_at>?2 AND kind IN ('invite','reset') RETURNING user_id",
                           "ti", c->token_hash, now_s());
    if (e)
        return e;
    if (user != c->user_id)
        return bad_token(job);
    if ((e = set_password(db, user, c->hash, "password-reset")) ||
        (e = account_throttle_clear(db, c->email)))
        return e;
    if (c->invite && (e = accounts_accept_invitations(db, user, 0)))
        return e;
    job->ans.status = 204;
    return BP_OK;
}

static enum bp_err run_reset_check(struct job *job, struct db *db)
{
    struct reset_confirm *c = job->payload;
    struct db_stmt *st;
    char kind[8] = "";
    enum bp_err e = db_prepare(db,
                               "SELECT t.user_id, u.email, t.kind FROM account_tokens t JOIN users u ON "
                               "u.id=t.user_id WHERE t.token_hash=?1 AND t.used_at IS NULL AND "
                               "t.expires_at>?2 AND u.active=1 AND u.anonymised_at IS NULL",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, c->token_hash, strlen(c->token_hash));
    db_bind_int(st, 2, now_s());
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        c->user_id = db_column_int(st, 0);
        snprintf(c->email, sizeof(c->email), "%s", db_column_text(st, 1, NULL));
        snprintf(kind, sizeof(kind), "%s", db_column_text(st, 2, NULL));
    }
    db_reset(st);
    if (s == DB_FAIL) /* the database failed: not "a wrong link" */
        return BP_ERR_DB;
    if (!c->user_id) {
        (void)bad_token(job);
        return BP_OK;
    }
    /* an invitation of someone who has an account: accepted signed in, never a new password */
    if (strcmp(kind, "join") == 0) {
        (void)job_refuse(job, BP_ERR_CONFLICT, "token",
                         "이미 bpmc 계정이 있습니다. 로그인한 뒤 초대 화면에서 수락하세요",
                         "you already have a bpmc account: sign in and accept the invitation");
        return BP_OK;
    }
    c->invite = strcmp(kind, "invite") == 0;
    struct problem p;
    problem_init(&p);
    if (accounts_password_policy(c->password, c->email, &p)) {
        job_problem(job, &p);
        return BP_OK;
    }
    if ((e = accounts_password_hash(c->password, c->hash)))
        return e;
    job->run = run_reset_commit;
    job->where = JOB_WRITER;
    job->rerun = true;
    return BP_OK;
}

void api_reset_confirm(struct http_req *r)
{
    static const char *const allowed[] = {"token", "password", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *token = account_string(j, "token", 200, true, &p);
    const char *password = account_string(j, "password", LIMIT_PASSWORD_BYTES, true, &p);
    struct reset_confirm *c = p.err ? NULL : calloc(1, sizeof(*c));
    struct job *job = new_job(JOB_WORKER, run_reset_check, c, release_confirm);
    if (!job) {
        account_reject(r, j, &p);
        return;
    }
    accounts_token_hash(token, strlen(token), c->token_hash);
    snprintf(c->password, sizeof(c->password), "%s", password);
    json_decref(j);
    http_submit(r, job);
}
