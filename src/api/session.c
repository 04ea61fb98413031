/*
 * session: log in, log out, who am I. Sessions live in the database (several servers can share
 * them): the cookie carries a random token, the table only its SHA-256. A new token at every
 * login (no fixation); idle and absolute timeouts; a CSRF token bound to the session must come
 * back in X-CSRF-Token on every cookie-authenticated change. Password checks run on a worker
 * (argon2id takes tens of milliseconds), the session row is written by the writer.
 */
#include "api/api.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/audit.h"
#include "core/json.h"
#include "core/limits.h"
#include "domain/accounts.h"
#include "http/server.h"
#include "core/banned.h"

#define TOKEN_BYTES 32
#define TOKEN_B64 (sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING))
#define TOUCH_EVERY_S 60

struct login {
    char email[256];
    char password[1100];
    char token[TOKEN_B64];
    char token_hash[crypto_hash_sha256_BYTES * 2 + 1];
    char csrf[TOKEN_B64];
    long long user_id;
    char cookie[TOKEN_B64 + 128];
    char peer[48];
    char retry_after[24];
    int idle_s, absolute_s;
};

static void token_hash_hex(const char *token, size_t len, char out[crypto_hash_sha256_BYTES * 2 + 1])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, len);
    sodium_bin2hex(out, crypto_hash_sha256_BYTES * 2 + 1, h, sizeof(h));
}

static void random_token(char *out)
{
    unsigned char raw[TOKEN_BYTES];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(out, TOKEN_B64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static long long now_s(void) { return (long long)time(NULL); }

/* {"id","email","name","role","org_id"} of a user, appended to out. */
static enum bp_err user_json(struct db *db, long long id, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT json_object('id',id,'email',email,'name',name,'role',role,"
                               "'org_id',org_id,'lang',lang) FROM users WHERE id=?1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    if (db_step(st) == DB_ROW) {
        size_t len;
        const char *s = db_column_text(st, 0, &len);
        e = buf_add(out, s, len);
    } else {
        e = BP_ERR_NOT_FOUND;
    }
    db_reset(st);
    return e;
}

struct touch {
    char token_hash[crypto_hash_sha256_BYTES * 2 + 1];
};

/* A statement nobody waits for: ?1 is the time now, ?2 the key. */
struct note_use {
    const char *sql;
    char key[crypto_hash_sha256_BYTES * 2 + 1];
};

static enum bp_err run_note_use(struct job *job, struct db *db)
{
    struct note_use *n = job->payload;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, n->sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, now_s());
    db_bind_text(st, 2, n->key, strlen(n->key));
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    job->ans.status = 204;
    return e;
}

static void release_payload(struct job *job);

void api_note_use(struct http_req *r, const char *sql, const char *key)
{
    struct note_use *n = malloc(sizeof(*n));
    struct job *job = n ? job_new(JOB_WRITER, run_note_use, n, release_payload) : NULL;
    if (!job) {
        free(n); /* a missed note of last use is harmless */
        return;
    }
    n->sql = sql;
    snprintf(n->key, sizeof(n->key), "%s", key);
    http_submit_detached(r, job);
}

static void release_payload(struct job *job)
{
    free(job->payload);
    job->payload = NULL;
}

void session_authenticate(struct http_req *r)
{
    char hash[crypto_hash_sha256_BYTES * 2 + 1];
    if (r->session_token.len > 200)
        return;
    token_hash_hex(r->session_token.ptr, r->session_token.len, hash);
    struct db_stmt *st;
    if (db_prepare(http_db(r),
                   "SELECT s.user_id, s.csrf_token, s.last_seen, s.expires_at, u.role, "
                   "coalesce(u.org_id,0), u.active FROM sessions s JOIN users u ON u.id=s.user_id "
                   "WHERE s.token_hash=?1",
                   &st))
        return;
    db_bind_text(st, 1, hash, strlen(hash));
    long long now = now_s();
    const struct server_config *cfg = server_config();
    if (db_step(st) == DB_ROW && db_column_int(st, 3) > now &&
        now - db_column_int(st, 2) < cfg->session_idle_s && db_column_int(st, 6) == 1 &&
        role_parse(db_column_text(st, 4, NULL), &r->who.role)) {
        r->who.user_id = db_column_int(st, 0);
        r->who.org_id = db_column_int(st, 5);
        r->via_cookie = true;
        size_t csrf_len;
        const char *csrf = db_column_text(st, 1, &csrf_len);
        r->session_csrf_ok = r->csrf_token.len == csrf_len && csrf_len > 0 &&
                             sodium_memcmp(r->csrf_token.ptr, csrf, csrf_len) == 0;
        if (now - db_column_int(st, 2) >= TOUCH_EVERY_S)
            api_note_use(r, "UPDATE sessions SET last_seen=?1 WHERE token_hash=?2", hash);
    } else {
        r->who = (struct principal){0, ROLE_PUBLIC, 0};
    }
    db_reset(st);
}

static void throttle_key(char *out, size_t size, const char *kind, const char *value)
{
    snprintf(out, size, "%s:%s", kind, value);
}

static enum bp_err run_login_commit(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    long long now = now_s();
    struct db_stmt *st;
    char key[320];
    throttle_key(key, sizeof(key), "email", l->email);
    enum bp_err e = db_prepare(db, "DELETE FROM login_throttle WHERE key=?1", &st);
    if (e)
        return e;
    db_bind_text(st, 1, key, strlen(key));
    (void)db_step(st);
    db_reset(st);
    e = db_prepare(db, "DELETE FROM sessions WHERE user_id=?1 AND expires_at<=?2", &st);
    if (e)
        return e;
    db_bind_int(st, 1, l->user_id);
    db_bind_int(st, 2, now);
    (void)db_step(st);
    db_reset(st);
    if ((e = db_prepare(db,
                        "INSERT INTO sessions(token_hash,user_id,csrf_token,created_at,last_seen,"
                        "expires_at) VALUES (?1,?2,?3,?4,?4,?5)",
                        &st)))
        return e;
    db_bind_text(st, 1, l->token_hash, strlen(l->token_hash));
    db_bind_int(st, 2, l->user_id);
    db_bind_text(st, 3, l->csrf, strlen(l->csrf));
    db_bind_int(st, 4, now);
    db_bind_int(st, 5, now + l->absolute_s);
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    if (e)
        return e;
    struct buf *out = &job->ans.body;
    (void)buf_adds(out, "{\"csrf_token\":\"");
    (void)buf_adds(out, l->csrf);
    (void)buf_adds(out, "\",\"user\":");
    if ((e = user_json(db, l->user_id, out)))
        return e;
    (void)buf_addch(out, '}');
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    snprintf(l->cookie, sizeof(l->cookie), "bpmc_session=%s; Path=/; HttpOnly; SameSite=Lax%s",
             l->token, server_config()->secure_cookies ? "; Secure" : "");
    http_add_header(&job->ans, "set-cookie", str_from(l->cookie));
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

/* Seconds until key may try again (0: not locked). */
static long long locked_for(struct db *db, const char *key, long long now)
{
    struct db_stmt *st;
    long long left = 0;
    if (db_prepare(db, "SELECT locked_until FROM login_throttle WHERE key=?1", &st))
        return 0;
    db_bind_text(st, 1, key, strlen(key));
    if (db_step(st) == DB_ROW && db_column_int(st, 0) > now)
        left = db_column_int(st, 0) - now;
    db_reset(st);
    return left;
}

/* Count a failure for key; lock it when it reaches max within the window. *locked is set when
 * this failure locked it. */
static enum bp_err count_failure(struct db *db, const char *key, long long max, long long now,
                                 bool *locked)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "INSERT INTO login_throttle(key,failures,window_start) VALUES "
                               "(?1,1,?2) ON CONFLICT(key) DO UPDATE SET "
                               "failures = CASE WHEN window_start <= ?2 - ?3 THEN 1 ELSE failures + 1 END, "
                               "window_start = CASE WHEN window_start <= ?2 - ?3 THEN ?2 ELSE window_start END "
                               "RETURNING failures",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, key, strlen(key));
    db_bind_int(st, 2, now);
    db_bind_int(st, 3, LIMIT_LOGIN_WINDOW_S);
    long long failures = db_step(st) == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    *locked = failures >= max;
    if (!*locked)
        return BP_OK;
    if ((e = db_prepare(db, "UPDATE login_throttle SET locked_until=?2, failures=0 WHERE key=?1", &st)))
        return e;
    db_bind_text(st, 1, key, strlen(key));
    db_bind_int(st, 2, now + LIMIT_LOGIN_LOCK_S);
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

static void login_refused(struct job *job)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_UNAUTHENTICATED, "이메일 또는 비밀번호가 올바르지 않습니다",
                "wrong e-mail or password");
    job_problem(job, &p);
}

static void login_throttled(struct job *job, long long seconds)
{
    struct login *l = job->payload;
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_THROTTLED, "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요",
                "too many login attempts; try again later");
    job_problem(job, &p);
    snprintf(l->retry_after, sizeof(l->retry_after), "%lld", seconds > 0 ? seconds : 1);
    http_add_header(&job->ans, "retry-after", str_from(l->retry_after));
}

/* On the writer: count the failure per account and per address; lockouts are audited. */
static enum bp_err run_login_failed(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    char key[320];
    long long now = now_s();
    bool account_locked = false, address_locked = false;
    throttle_key(key, sizeof(key), "email", l->email);
    enum bp_err e = count_failure(db, key, LIMIT_LOGIN_ACCOUNT_FAILURES, now, &account_locked);
    throttle_key(key, sizeof(key), "ip", l->peer);
    if (!e && l->peer[0])
        e = count_failure(db, key, LIMIT_LOGIN_ADDRESS_FAILURES, now, &address_locked);
    char detail[400];
    snprintf(detail, sizeof(detail), "{\"email\":\"%.254s\",\"address\":\"%.46s\"}", l->email, l->peer);
    if (!e)
        e = audit_append(db, 0, account_locked || address_locked ? "login-locked" : "login-failed",
                         "sessions", 0, NULL, 0, detail, strlen(detail));
    if (e)
        return e;
    if (account_locked || address_locked)
        login_throttled(job, LIMIT_LOGIN_LOCK_S);
    else
        login_refused(job);
    return BP_OK;
}

static enum bp_err run_login_check(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    struct db_stmt *st;
    char key[320];
    long long now = now_s(), wait;
    throttle_key(key, sizeof(key), "email", l->email);
    wait = locked_for(db, key, now);
    throttle_key(key, sizeof(key), "ip", l->peer);
    if (l->peer[0] && locked_for(db, key, now) > wait)
        wait = locked_for(db, key, now);
    if (wait > 0) {
        sodium_memzero(l->password, sizeof(l->password));
        login_throttled(job, wait);
        return BP_OK;
    }
    enum bp_err e = db_prepare(db, "SELECT id, password_hash, active FROM users WHERE email=?1", &st);
    if (e)
        return e;
    db_bind_text(st, 1, l->email, strlen(l->email));
    bool ok;
    if (db_step(st) == DB_ROW) {
        l->user_id = db_column_int(st, 0);
        char hash[256];
        snprintf(hash, sizeof(hash), "%s", db_column_text(st, 1, NULL));
        bool active = db_column_int(st, 2) == 1;
        db_reset(st);
        ok = accounts_password_verify(l->password, hash) && active;
    } else {
        db_reset(st);
        ok = accounts_password_verify(l->password, NULL);
    }
    sodium_memzero(l->password, sizeof(l->password));
    if (!ok) {
        job->run = run_login_failed;
        job->where = JOB_WRITER;
        job->rerun = true;
        return BP_OK;
    }
    random_token(l->token);
    random_token(l->csrf);
    token_hash_hex(l->token, strlen(l->token), l->token_hash);
    job->run = run_login_commit;
    job->where = JOB_WRITER;
    job->rerun = true;
    return BP_OK;
}

void api_session_create(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    json_t *j;
    if (json_parse_object(r->body.ptr, r->body.len, &j, &p)) {
        http_reply_problem(r, &p);
        return;
    }
    json_t *email = json_object_get(j, "email"), *password = json_object_get(j, "password");
    if (!json_is_string(email) || json_string_length(email) == 0 || json_string_length(email) > 254)
        problem_field(&p, BP_ERR_INVALID, "email", "이메일을 입력하세요", "e-mail is required");
    if (!json_is_string(password) || json_string_length(password) == 0 ||
        json_string_length(password) > 1024)
        problem_field(&p, BP_ERR_INVALID, "password", "비밀번호를 입력하세요", "password is required");
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "email") != 0 && strcmp(key, "password") != 0)
            problem_field(&p, BP_ERR_INVALID, "body", "알 수 없는 항목입니다", "unknown field");
    }
    struct login *l = p.err ? NULL : calloc(1, sizeof(*l));
    struct job *job = l ? job_new(JOB_WORKER, run_login_check, l, release_payload) : NULL;
    if (!job) {
        free(l);
        json_decref(j);
        if (!p.err)
            p.err = BP_ERR_NOMEM;
        http_reply_problem(r, &p);
        return;
    }
    snprintf(l->email, sizeof(l->email), "%s", json_string_value(email));
    accounts_normalize_email(l->email);
    snprintf(l->password, sizeof(l->password), "%s", json_string_value(password));
    json_decref(j);
    l->absolute_s = server_config()->session_absolute_s;
    snprintf(l->peer, sizeof(l->peer), "%s", r->peer);
    http_submit(r, job);
}

void api_session_get(struct http_req *r)
{
    if (r->who.user_id == 0) {
        http_reply_error(r, BP_ERR_UNAUTHENTICATED);
        return;
    }
    struct db_stmt *st;
    char hash[crypto_hash_sha256_BYTES * 2 + 1];
    token_hash_hex(r->session_token.ptr, r->session_token.len, hash);
    struct buf *out = &r->ans.body;
    (void)buf_adds(out, "{\"csrf_token\":");
    if (db_prepare(http_db(r), "SELECT csrf_token FROM sessions WHERE token_hash=?1", &st) == BP_OK) {
        db_bind_text(st, 1, hash, strlen(hash));
        if (db_step(st) == DB_ROW) {
            size_t len;
            const char *c = db_column_text(st, 0, &len);
            (void)buf_add_json_str(out, c, len);
        } else {
            (void)buf_adds(out, "null");
        }
        db_reset(st);
    }
    (void)buf_adds(out, ",\"user\":");
    if (user_json(http_db(r), r->who.user_id, out) != BP_OK) {
        http_reply_error(r, BP_ERR_UNAUTHENTICATED);
        return;
    }
    (void)buf_addch(out, '}');
    http_reply_json(r, 200);
}

static enum bp_err run_logout(struct job *job, struct db *db)
{
    struct touch *t = job->payload;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "DELETE FROM sessions WHERE token_hash=?1", &st);
    if (e)
        return e;
    db_bind_text(st, 1, t->token_hash, strlen(t->token_hash));
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    job->ans.status = 204;
    http_add_header(&job->ans, "set-cookie",
                    STR_LIT("bpmc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
    return e;
}

void api_session_delete(struct http_req *r)
{
    struct touch *t = malloc(sizeof(*t));
    struct job *job = t ? job_new(JOB_WRITER, run_logout, t, release_payload) : NULL;
    if (!job) {
        free(t);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    token_hash_hex(r->session_token.ptr, r->session_token.len, t->token_hash);
    http_submit(r, job);
}

struct lang_change {
    long long user_id;
    char lang[4];
};

static enum bp_err run_lang(struct job *job, struct db *db)
{
    struct lang_change *c = job->payload;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "UPDATE users SET lang=?2, version=version+1, updated_at="
                               "strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id=?1 AND lang<>?2",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, c->user_id);
    db_bind_text(st, 2, c->lang, strlen(c->lang));
    enum db_step s = db_step(st);
    long long changed = db_changes(db);
    db_reset(st);
    if (s != DB_DONE)
        return BP_ERR_DB;
    char after[32];
    snprintf(after, sizeof(after), "{\"lang\":\"%s\"}", c->lang);
    if (changed && (e = audit_append(db, c->user_id, "update", "users", c->user_id, NULL, 0, after,
                                     strlen(after))))
        return e;
    job->ans.content_type = "application/json; charset=utf-8";
    (void)buf_adds(&job->ans.body, "{\"user\":");
    if ((e = user_json(db, c->user_id, &job->ans.body)))
        return e;
    (void)buf_addch(&job->ans.body, '}');
    job->ans.status = 200;
    return job->ans.body.failed ? BP_ERR_NOMEM : BP_OK;
}

void api_session_update(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    json_t *j;
    if (json_parse_object(r->body.ptr, r->body.len, &j, &p)) {
        http_reply_problem(r, &p);
        return;
    }
    const char *key;
    json_t *v;
    const char *lang = NULL;
    json_object_foreach(j, key, v)
    {
        if (strcmp(key, "lang") != 0)
            problem_field(&p, BP_ERR_INVALID, "body", "알 수 없는 항목입니다 (lang만 바꿀 수 있습니다)",
                          "unknown field (only lang can be changed)");
        else if (!json_is_string(v) ||
                 (strcmp(json_string_value(v), "ko") != 0 && strcmp(json_string_value(v), "en") != 0))
            problem_field(&p, BP_ERR_INVALID, "lang", "ko 또는 en이어야 합니다", "must be ko or en");
        else
            lang = json_string_value(v);
    }
    if (!p.err && !lang)
        problem_field(&p, BP_ERR_INVALID, "lang", "필수 항목입니다", "is required");
    struct lang_change *c = p.err ? NULL : calloc(1, sizeof(*c));
    struct job *job = c ? job_new(JOB_WRITER, run_lang, c, release_payload) : NULL;
    if (!job) {
        free(c);
        json_decref(j);
        if (!p.err)
            p.err = BP_ERR_NOMEM;
        http_reply_problem(r, &p);
        return;
    }
    c->user_id = r->who.user_id;
    snprintf(c->lang, sizeof(c->lang), "%s", lang);
    json_decref(j);
    http_submit(r, job);
}
