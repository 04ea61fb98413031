/*
 * session: log in, log out, who am I. Sessions live in the database (several servers can share
 * them): the cookie carries a random token, the table only its SHA-256. A new token at every
 * login (no fixation); idle and absolute timeouts; a CSRF token bound to the session must come
 * back in X-CSRF-Token on every cookie-authenticated change. Password checks run on a worker
 * (argon2id takes tens of milliseconds), the session row is written by the writer.
 */
#include "modules/accounts/accounts.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/collections.h"
#include "engine/audit.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/validate.h"
#include "modules/accounts/credentials.h"
#include "base/banned.h"

#define TOUCH_EVERY_S 60

struct login {
    char email[256];
    char password[1100];
    char otp[64];
    long long totp_step;                          /* > 0: a TOTP code matched this step */
    char recovery_hash[ACCOUNTS_TOKEN_HASH_SIZE]; /* set: a recovery code was typed */
    char peer[48];
    char retry_after[24];
    struct session_new session;
};

static long long now_s(void) { return (long long)time(NULL); }

void account_release(struct job *job)
{
    free(job->payload);
    job->payload = NULL;
}

void account_submit(struct http_req *r, enum job_where where,
                    enum bp_err (*run)(struct job *, struct db *), void *payload)
{
    struct job *job = payload ? job_new(where, run, payload, account_release) : NULL;
    if (!job) {
        free(payload);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_submit(r, job);
}

enum db_step account_items(struct db_stmt *st, struct buf *out, long long *n)
{
    *n = 0;
    (void)buf_adds(out, "{\"items\":[");
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        size_t len;
        const char *j = db_column_text(st, 0, &len);
        if ((*n)++)
            (void)buf_addch(out, ',');
        (void)buf_add(out, j, len);
    }
    db_reset(st);
    (void)buf_addf(out, "],\"total\":%lld}", *n);
    return s;
}

enum bp_err account_answer_row(struct job *job, struct db_stmt *st, int status)
{
    enum db_step s = db_step(st);
    enum bp_err e = s == DB_FAIL ? BP_ERR_DB : BP_ERR_NOT_FOUND;
    if (s == DB_ROW) {
        size_t len;
        const char *j = db_column_text(st, 0, &len);
        e = buf_add(&job->ans.body, j, len);
    }
    db_reset(st);
    if (e) /* the job fails with e and its work is rolled back: no success is answered */
        return e;
    job->ans.status = status;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

json_t *account_body(struct http_req *r, const char *const *allowed, struct problem *p)
{
    json_t *j;
    if (json_parse_object(r->body.ptr, r->body.len, &j, p)) {
        http_reply_problem(r, p);
        return NULL;
    }
    const char *key;
    json_t *v;
    json_object_foreach(j, key, v)
    {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key) != 0)
            a++;
        if (!*a)
            problem_field(p, BP_ERR_INVALID, key, "알 수 없는 항목입니다", "unknown field");
    }
    return j;
}

void account_reject(struct http_req *r, json_t *j, struct problem *p)
{
    json_decref(j);
    if (!p->err)
        p->err = BP_ERR_NOMEM;
    http_reply_problem(r, p);
}

const char *account_string(json_t *j, const char *field, size_t max, bool required,
                           struct problem *p)
{
    json_t *v = json_object_get(j, field);
    if (!v && !required)
        return NULL;
    if (!json_is_string(v) || json_string_length(v) == 0) {
        problem_field(p, BP_ERR_INVALID, field, "필수 항목입니다", "is required");
        return NULL;
    }
    if (json_string_length(v) > max) {
        problem_field(p, BP_ERR_INVALID, field, "너무 깁니다", "too long");
        return NULL;
    }
    return json_string_value(v);
}

enum bp_err account_user_json(struct db *db, long long id, long long org_id, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(
        db,
        DIALECT_SQL(
            "SELECT {obj:id=u.id|email=u.email|name=u.name|role=" ACCOUNT_ROLE_SQL
            "|org_id=nullif(" ACCOUNT_ORG_SQL ",0)|lang=u.lang|totp_enabled={true:u.totp_enabled=1}|"
            "totp_required={true:u.role='operator-admin'}|"
            "unread=(SELECT count(*) FROM outbox b WHERE b.user_id=u.id AND b.read_at IS NULL)|"
            "memberships={arr:{obj:org_id=org_id|org_name=org_name|role=role}|"
            "(SELECT x.org_id AS org_id, o.name AS org_name, x.role AS role FROM memberships x "
            "JOIN orgs o ON o.id=x.org_id WHERE x.user_id=u.id AND x.active=1) ms|org_name}} "
            "FROM users u LEFT JOIN memberships m ON m.user_id=u.id AND m.org_id=?2 AND m.active=1 "
            "WHERE u.id=?1"),
        &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, org_id);
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

void session_prepare(struct session_new *s, const struct http_req *r, long long user_id)
{
    s->user_id = user_id;
    s->secure = server_config()->secure_cookies || r->secure;
    s->absolute_s = server_config()->session_absolute_s;
    accounts_random_token(s->token);
    accounts_random_token(s->csrf);
    accounts_token_hash(s->token, strlen(s->token), s->token_hash);
}

enum bp_err session_open(struct job *job, struct db *db, struct session_new *s)
{
    long long now = now_s(), org = 0;
    /* the organisation it works in: its own when still a member, else its first membership */
    enum bp_err e = db_run(db, &org,
                           "SELECT CASE WHEN u.role IN ('operator-admin','operator-staff') THEN "
                           "u.org_id ELSE coalesce((SELECT m.org_id FROM memberships m WHERE "
                           "m.user_id=u.id AND m.org_id=u.org_id AND m.active=1), (SELECT m.org_id "
                           "FROM memberships m WHERE m.user_id=u.id AND m.active=1 ORDER BY m.id "
                           "LIMIT 1)) END "
                           "FROM users u WHERE u.id=?1",
                           "i", s->user_id);
    if (!e)
        e = db_run(db, NULL, "DELETE FROM sessions WHERE user_id=?1 AND expires_at<=?2", "ii",
                   s->user_id, now);
    if (!e)
        e = db_run(db, NULL,
                   "INSERT INTO sessions(token_hash,user_id,csrf_token,created_at,last_seen,"
                   "expires_at,org_id) VALUES (?1,?2,?3,?4,?4,?5,nullif(?6,0))",
                   "titiii", s->token_hash, s->user_id, s->csrf, now, now + s->absolute_s, org);
    if (e)
        return e;
    struct buf *out = &job->ans.body;
    (void)buf_adds(out, "{\"csrf_token\":\"");
    (void)buf_adds(out, s->csrf);
    (void)buf_adds(out, "\",\"user\":");
    if ((e = account_user_json(db, s->user_id, org, out)))
        return e;
    (void)buf_addch(out, '}');
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    snprintf(s->cookie, sizeof(s->cookie), "bpmc_session=%s; Path=/; HttpOnly; SameSite=Lax%s",
             s->token, s->secure ? "; Secure" : "");
    http_add_header(&job->ans, "set-cookie", str_from(s->cookie));
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

struct touch {
    char token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
};

/* A statement nobody waits for: ?1 is the time now, ?2 the key. */
struct note_use {
    const char *sql;
    char key[ACCOUNTS_TOKEN_HASH_SIZE];
};

static enum bp_err run_note_use(struct job *job, struct db *db)
{
    struct note_use *n = job->payload;
    job->ans.status = 204;
    return db_run(db, NULL, n->sql, "it", now_s(), n->key);
}

void api_note_use(struct http_req *r, const char *sql, const char *key)
{
    struct note_use *n = malloc(sizeof(*n));
    struct job *job = n ? job_new(JOB_WRITER, run_note_use, n, account_release) : NULL;
    if (!job) {
        free(n); /* a missed note of last use is harmless */
        return;
    }
    n->sql = sql;
    snprintf(n->key, sizeof(n->key), "%s", key);
    http_submit_detached(r, job);
}

/* What a session resolves to, kept in the loop's answer cache (so until the next commit, and
 * at most until the next touch of last_seen or the end of the session). */
struct resolved {
    long long user_id, org_id, until;
    int role, must_enrol_totp;
    char csrf[ACCOUNTS_TOKEN_SIZE];
};

static void apply_resolved(struct http_req *r, const struct resolved *s)
{
    r->who = (struct principal){s->user_id, (enum role)s->role, s->org_id};
    r->via_cookie = true;
    r->must_enrol_totp = s->must_enrol_totp == 1;
    size_t csrf_len = strlen(s->csrf);
    r->session_csrf_ok = r->csrf_token.len == csrf_len && csrf_len > 0 &&
                         sodium_memcmp(r->csrf_token.ptr, s->csrf, csrf_len) == 0;
}

/* From the database; false when the session is unknown, expired, idle or its user inactive. */
static bool resolve(struct http_req *r, const char *hash, long long now, struct resolved *out)
{
    struct db_stmt *st;
    char grace[32];
    if (db_prepare(http_db(r),
                   "SELECT s.user_id, s.csrf_token, s.last_seen, s.expires_at, " ACCOUNT_ROLE_SQL
                   ", " ACCOUNT_ORG_SQL ", u.active, u.role='operator-admin' AND u.totp_enabled=0 "
                   "AND u.created_at < ?2 "
                   "FROM sessions s JOIN users u ON u.id=s.user_id LEFT JOIN memberships m ON "
                   "m.user_id=s.user_id AND m.org_id=s.org_id AND m.active=1 WHERE s.token_hash=?1",
                   &st))
        return false;
    const struct server_config *cfg = server_config();
    accounts_time_ago((long long)cfg->admin_totp_grace_days * 86400, grace);
    db_bind_text(st, 1, hash, strlen(hash));
    db_bind_text(st, 2, grace, strlen(grace));
    enum role role;
    bool ok = db_step(st) == DB_ROW && db_column_int(st, 3) > now &&
              now - db_column_int(st, 2) < cfg->session_idle_s && db_column_int(st, 6) == 1 &&
              role_parse(db_column_text(st, 4, NULL), &role);
    if (ok) {
        long long last_seen = db_column_int(st, 2), expires = db_column_int(st, 3);
        out->user_id = db_column_int(st, 0);
        out->org_id = db_column_int(st, 5);
        out->role = (int)role;
        out->must_enrol_totp = db_column_int(st, 7) == 1;
        snprintf(out->csrf, sizeof(out->csrf), "%s", db_column_text(st, 1, NULL));
        out->until = last_seen + TOUCH_EVERY_S < expires ? last_seen + TOUCH_EVERY_S : expires;
        if (now - last_seen >= TOUCH_EVERY_S) {
            api_note_use(r, "UPDATE sessions SET last_seen=?1 WHERE token_hash=?2", hash);
            out->until = now; /* not kept: the touch commits soon */
        }
    }
    db_reset(st);
    return ok;
}

void session_authenticate(struct http_req *r)
{
    char hash[ACCOUNTS_TOKEN_HASH_SIZE], key[ACCOUNTS_TOKEN_HASH_SIZE + 2] = "S:";
    if (r->session_token.len > 200)
        return;
    accounts_token_hash(r->session_token.ptr, r->session_token.len, hash);
    memcpy(key + 2, hash, ACCOUNTS_TOKEN_HASH_SIZE);
    struct str k = {key, sizeof(key) - 1}, cached;
    long long now = now_s();
    if (http_cache_get(r, k, &cached, NULL) && cached.len == sizeof(struct resolved)) {
        struct resolved s;
        memcpy(&s, cached.ptr, sizeof(s));
        if (now < s.until) {
            apply_resolved(r, &s);
            return;
        }
    }
    unsigned long long version = http_data_version(r);
    struct resolved s;
    memset(&s, 0, sizeof(s));
    if (!resolve(r, hash, now, &s)) {
        r->who = (struct principal){0, ROLE_PUBLIC, 0};
        return;
    }
    apply_resolved(r, &s);
    if (s.until > now)
        http_cache_put(r, k, (struct str){(const char *)&s, sizeof(s)}, 0, version);
}

/* Failed logins are counted per account AND address together (key "pair:<email>|<address>")
 * and per address alone ("ip:<address>", a client spraying many accounts): so an attacker
 * locks out himself, never the account's owner signing in from elsewhere. Each lock of a key
 * lasts twice the one before (from LOGIN_LOCK_BASE_S, at most LOGIN_LOCK_MAX_S), until the key
 * has had no lock for LOGIN_LOCK_MAX_S. */
static void pair_key(char *out, size_t size, const char *email, const char *peer)
{
    snprintf(out, size, "pair:%s|%s", email, peer);
}

enum bp_err account_throttle_clear(struct db *db, const char *email)
{
    char prefix[320];
    snprintf(prefix, sizeof(prefix), "pair:%s|", email);
    return db_run(db, NULL, "DELETE FROM login_throttle WHERE substr(key,1,length(?1))=?1", "t",
                  prefix);
}

/* Seconds until key may try again into *wait when longer (0: not locked). A failed read is an
 * error, never "not locked": the throttle holds when the database does not answer. */
static enum bp_err locked_for(struct db *db, const char *key, long long now, long long *wait)
{
    long long until = 0;
    enum bp_err e = db_run(db, &until, "SELECT locked_until FROM login_throttle WHERE key=?1", "t", key);
    if (!e && until - now > *wait)
        *wait = until - now;
    return e;
}

/* Count a failure for key; lock it when it reaches max within the window, for base seconds
 * doubled by each earlier lock. *lock_s is set to the lock's length when this failure locked it. */
static enum bp_err count_failure(struct db *db, const char *key, long long max, long long base,
                                 long long now, long long *lock_s)
{
    long long failures = 0, locks = 0;
    *lock_s = 0;
    enum bp_err e = db_run(db, &failures,
                           "INSERT INTO login_throttle AS t (key,failures,window_start) VALUES "
                           "(?1,1,?2) ON CONFLICT(key) DO UPDATE SET "
                           "failures = CASE WHEN t.window_start <= ?2 - ?3 THEN 1 ELSE t.failures + 1 END, "
                           "window_start = CASE WHEN t.window_start <= ?2 - ?3 THEN ?2 ELSE t.window_start END, "
                           "locks = CASE WHEN t.locked_until <= ?2 - ?4 THEN 0 ELSE t.locks END "
                           "RETURNING failures",
                           "tiii", key, now, (long long)LIMIT_LOGIN_WINDOW_S,
                           (long long)LIMIT_LOGIN_LOCK_MAX_S);
    if (e || failures < max)
        return e;
    if ((e = db_run(db, &locks, "SELECT locks FROM login_throttle WHERE key=?1", "t", key)))
        return e;
    *lock_s = base;
    for (long long i = 0; i < locks && *lock_s < LIMIT_LOGIN_LOCK_MAX_S; i++)
        *lock_s *= 2;
    if (*lock_s > LIMIT_LOGIN_LOCK_MAX_S)
        *lock_s = LIMIT_LOGIN_LOCK_MAX_S;
    return db_run(db, NULL,
                  "UPDATE login_throttle SET locked_until=?2, failures=0, locks=locks+1 WHERE key=?1",
                  "ti", key, now + *lock_s);
}

static enum bp_err account_count_failure(struct db *db, const char *email, const char *peer,
                                         long long *lock_s)
{
    char key[320];
    long long now = now_s(), pair_s = 0, address_s = 0;
    pair_key(key, sizeof(key), email, peer);
    enum bp_err e = count_failure(db, key, LIMIT_LOGIN_ACCOUNT_FAILURES, LIMIT_LOGIN_LOCK_BASE_S,
                                  now, &pair_s);
    snprintf(key, sizeof(key), "ip:%s", peer);
    if (!e && peer[0])
        e = count_failure(db, key, LIMIT_LOGIN_ADDRESS_FAILURES, LIMIT_LOGIN_LOCK_S, now, &address_s);
    *lock_s = pair_s > address_s ? pair_s : address_s;
    if (!e) /* what was typed, as typed (quotes, control characters): the note escapes it */
        e = audit_record(db, 0, *lock_s ? "login-locked" : "login-failed", "sessions", 0, NULL,
                         (const struct audit_field[]){
                             AUDIT_TEXTN("email", email, utf8_prefix(email, strlen(email), 254)),
                             AUDIT_TEXTN("address", peer, utf8_prefix(peer, strlen(peer), 46)),
                             AUDIT_END});
    return e;
}

static void account_refuse(struct job *job, const char *field)
{
    struct problem p;
    problem_init(&p);
    if (!field)
        problem_set(&p, BP_ERR_UNAUTHENTICATED, "이메일 또는 비밀번호가 올바르지 않습니다",
                    "wrong e-mail or password");
    else if (strcmp(field, "otp") == 0)
        problem_field(&p, BP_ERR_UNAUTHENTICATED, "otp", "인증 코드가 올바르지 않습니다",
                      "wrong authentication code");
    else
        problem_field(&p, BP_ERR_INVALID, field, "비밀번호가 올바르지 않습니다", "wrong password");
    job_problem(job, &p);
}

static void account_throttled(struct job *job, long long seconds, char retry_after[24])
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_THROTTLED, "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요",
                "too many login attempts; try again later");
    job_problem(job, &p);
    snprintf(retry_after, 24, "%lld", seconds > 0 ? seconds : 1);
    http_add_header(&job->ans, "retry-after", str_from(retry_after));
}

enum bp_err account_fail(struct job *job, struct db *db, const char *email, const char *peer,
                         const char *field, char retry_after[24])
{
    long long lock_s;
    enum bp_err e = account_count_failure(db, email, peer, &lock_s);
    if (e)
        return e;
    if (lock_s)
        account_throttled(job, lock_s, retry_after);
    else
        account_refuse(job, field);
    return BP_OK;
}

/* On the writer: count the failure per account and per address; lockouts are audited. */
static enum bp_err run_login_failed(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    return account_fail(job, db, l->email, l->peer, l->otp[0] ? "otp" : NULL, l->retry_after);
}

static enum bp_err run_login_commit(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    long long used = 1;
    enum bp_err e = BP_OK;
    /* the second factor is spent here, so that a code or recovery code works once */
    if (l->totp_step > 0)
        e = db_run(db, &used,
                   "UPDATE users SET totp_last_step=?2 WHERE id=?1 AND totp_last_step<?2 RETURNING 1",
                   "ii", l->session.user_id, l->totp_step);
    else if (l->recovery_hash[0])
        e = db_run(db, &used,
                   DIALECT_SQL("UPDATE recovery_codes SET used_at={now} WHERE "
                   "user_id=?1 AND code_hash=?2 AND used_at IS NULL RETURNING 1"),
                   "it", l->session.user_id, l->recovery_hash);
    if (e)
        return e;
    if (!used)
        return run_login_failed(job, db);
    char key[320];
    pair_key(key, sizeof(key), l->email, l->peer);
    if ((e = db_run(db, NULL, "DELETE FROM login_throttle WHERE key=?1", "t", key)))
        return e;
    if (l->recovery_hash[0] &&
        (e = audit_append(db, l->session.user_id, "login-recovery-code", "users", l->session.user_id,
                          NULL, 0, NULL, 0)))
        return e;
    return session_open(job, db, &l->session);
}

/* On a worker, after the password matched: the second factor, when the user has one. */
static bool second_factor(struct job *job, struct login *l, const char *secret, long long last_step)
{
    if (!l->otp[0]) {
        struct problem p;
        problem_init(&p);
        problem_field(&p, BP_ERR_UNAUTHENTICATED, "otp", "인증 앱의 6자리 코드를 입력하세요",
                      "enter the 6-digit code from your authenticator app");
        job_problem(job, &p);
        return false;
    }
    long long step;
    if (totp_verify(secret, l->otp, now_s(), &step)) {
        l->totp_step = step > last_step ? step : 0;
        return l->totp_step > 0;
    }
    return accounts_recovery_hash(l->otp, l->recovery_hash);
}

static enum bp_err run_login_check(struct job *job, struct db *db)
{
    struct login *l = job->payload;
    struct db_stmt *st;
    char key[320];
    long long now = now_s(), wait = 0;
    pair_key(key, sizeof(key), l->email, l->peer);
    enum bp_err e = locked_for(db, key, now, &wait);
    snprintf(key, sizeof(key), "ip:%s", l->peer);
    if (!e && l->peer[0])
        e = locked_for(db, key, now, &wait);
    if (e) {
        sodium_memzero(l->password, sizeof(l->password));
        return e;
    }
    if (wait > 0) {
        sodium_memzero(l->password, sizeof(l->password));
        account_throttled(job, wait, l->retry_after);
        return BP_OK;
    }
    e = db_prepare(db,
                   "SELECT id, password_hash, active, totp_enabled, "
                   "coalesce(totp_secret,''), totp_last_step FROM users WHERE email=?1",
                   &st);
    if (e) {
        sodium_memzero(l->password, sizeof(l->password));
        return e;
    }
    db_bind_text(st, 1, l->email, strlen(l->email));
    bool ok, totp = false;
    char secret[TOTP_SECRET_HEX] = "";
    long long last_step = 0;
    enum db_step s = db_step(st);
    if (s == DB_FAIL) { /* not an unknown e-mail: no failure is counted */
        db_reset(st);
        sodium_memzero(l->password, sizeof(l->password));
        return BP_ERR_DB;
    }
    if (s == DB_ROW) {
        l->session.user_id = db_column_int(st, 0);
        char hash[256];
        snprintf(hash, sizeof(hash), "%s", db_column_text(st, 1, NULL));
        bool active = db_column_int(st, 2) == 1;
        totp = db_column_int(st, 3) == 1;
        snprintf(secret, sizeof(secret), "%s", db_column_text(st, 4, NULL));
        last_step = db_column_int(st, 5);
        db_reset(st);
        ok = accounts_password_verify(l->password, hash) && active;
    } else {
        db_reset(st);
        ok = accounts_password_verify(l->password, NULL);
    }
    sodium_memzero(l->password, sizeof(l->password));
    if (ok && totp && !second_factor(job, l, secret, last_step)) {
        sodium_memzero(secret, sizeof(secret));
        if (!l->otp[0])
            return BP_OK; /* asked for the code: not a failure */
        ok = false;
    }
    sodium_memzero(secret, sizeof(secret));
    job->run = ok ? run_login_commit : run_login_failed;
    job->where = JOB_WRITER;
    job->rerun = true;
    return BP_OK;
}

void api_session_create(struct http_req *r)
{
    static const char *const allowed[] = {"email", "password", "otp", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *email = account_string(j, "email", 254, true, &p);
    const char *password = account_string(j, "password", LIMIT_PASSWORD_BYTES, true, &p);
    const char *otp = account_string(j, "otp", 32, false, &p);
    struct login *l = p.err ? NULL : calloc(1, sizeof(*l));
    if (!l) {
        account_reject(r, j, &p);
        return;
    }
    snprintf(l->email, sizeof(l->email), "%s", email);
    accounts_normalize_email(l->email);
    snprintf(l->password, sizeof(l->password), "%s", password);
    snprintf(l->otp, sizeof(l->otp), "%s", otp ? otp : "");
    json_decref(j);
    session_prepare(&l->session, r, 0);
    snprintf(l->peer, sizeof(l->peer), "%s", r->peer);
    account_submit(r, JOB_WORKER, run_login_check, l);
}

void api_session_get(struct http_req *r)
{
    if (r->who.user_id == 0) {
        http_reply_error(r, BP_ERR_UNAUTHENTICATED);
        return;
    }
    struct db_stmt *st;
    char hash[ACCOUNTS_TOKEN_HASH_SIZE];
    accounts_token_hash(r->session_token.ptr, r->session_token.len, hash);
    struct buf *out = &r->ans.body;
    (void)buf_adds(out, "{\"csrf_token\":");
    if (db_prepare(http_db(r), "SELECT csrf_token FROM sessions WHERE token_hash=?1", &st) == BP_OK) {
        db_bind_text(st, 1, hash, strlen(hash));
        if (db_step(st) == DB_ROW && r->via_cookie) {
            size_t len;
            const char *c = db_column_text(st, 0, &len);
            (void)buf_add_json_str(out, c, len);
        } else {
            (void)buf_adds(out, "null");
        }
        db_reset(st);
    }
    (void)buf_adds(out, ",\"user\":");
    if (account_user_json(http_db(r), r->who.user_id, r->who.org_id, out) != BP_OK) {
        http_reply_error(r, BP_ERR_UNAUTHENTICATED);
        return;
    }
    if (r->must_enrol_totp)
        (void)buf_adds(out, ",\"must_enrol_totp\":true");
    else if (r->who.role == ROLE_OPERATOR_ADMIN &&
             db_prepare(http_db(r),
                        "SELECT created_at FROM users WHERE "
                        "id=?1 AND role='operator-admin' AND totp_enabled=0",
                        &st) == BP_OK) {
        /* the day the grace ends: the page says it days before, not once it locks them out */
        db_bind_int(st, 1, r->who.user_id);
        struct tm tm = {0};
        if (db_step(st) == DB_ROW && !db_column_is_null(st, 0) &&
            sscanf(db_column_text(st, 0, NULL), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
                   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
            tm.tm_year -= 1900;
            tm.tm_mon -= 1;
            time_t due_s = timegm(&tm) + (time_t)server_config()->admin_totp_grace_days * 86400;
            char due[32];
            gmtime_r(&due_s, &tm);
            snprintf(due, sizeof(due), "%04d-%02d-%02dT%02d:%02d:%02dZ", (tm.tm_year + 1900) % 10000,
                     (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
                     tm.tm_sec % 100);
            (void)buf_adds(out, ",\"totp_due\":");
            (void)buf_add_json_str(out, due, strlen(due));
        }
        db_reset(st);
    }
    (void)buf_addch(out, '}');
    http_reply_json(r, 200);
}

static enum bp_err run_logout(struct job *job, struct db *db)
{
    struct touch *t = job->payload;
    job->ans.status = 204;
    http_add_header(&job->ans, "set-cookie",
                    STR_LIT("bpmc_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"));
    return db_run(db, NULL, "DELETE FROM sessions WHERE token_hash=?1", "t", t->token_hash);
}

void api_session_delete(struct http_req *r)
{
    struct touch *t = malloc(sizeof(*t));
    if (t)
        accounts_token_hash(r->session_token.ptr, r->session_token.len, t->token_hash);
    account_submit(r, JOB_WRITER, run_logout, t);
}

struct session_change {
    long long user_id, org_id; /* org_id 0: unchanged */
    char lang[4];              /* "": unchanged */
    char token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
};

static enum bp_err run_session_change(struct job *job, struct db *db)
{
    struct session_change *c = job->payload;
    enum bp_err e;
    if (c->org_id) {
        long long ok = 0;
        if ((e = db_run(db, &ok,
                        "UPDATE sessions SET org_id=?2 WHERE token_hash=?1 AND EXISTS (SELECT 1 "
                        "FROM memberships WHERE user_id=?3 AND org_id=?2 AND active=1) RETURNING 1",
                        "tii", c->token_hash, c->org_id, c->user_id)))
            return e;
        if (!ok) {
            struct problem p;
            problem_init(&p);
            problem_field(&p, BP_ERR_INVALID, "org_id", "구성원으로 속한 기관이 아닙니다",
                          "you are not a member of this organisation");
            job_problem(job, &p);
            return BP_ERR_INVALID;
        }
    }
    if (c->lang[0]) {
        if ((e = db_run(db, NULL,
                        DIALECT_SQL("UPDATE users SET lang=?2, version=version+1, updated_at="
                        "{now} WHERE id=?1 AND lang<>?2"),
                        "it", c->user_id, c->lang)))
            return e;
        if (db_changes(db) &&
            (e = audit_record(db, c->user_id, "update", "users", c->user_id, NULL,
                              (const struct audit_field[]){AUDIT_TEXT("lang", c->lang), AUDIT_END})))
            return e;
    }
    long long org = c->org_id;
    if (!org && (e = db_run(db, &org,
                            "SELECT " ACCOUNT_ORG_SQL " FROM sessions s JOIN users u ON u.id=s.user_id "
                            "LEFT JOIN memberships m ON m.user_id=s.user_id AND m.org_id=s.org_id "
                            "AND m.active=1 WHERE s.token_hash=?1",
                            "t", c->token_hash)))
        return e;
    job->ans.content_type = "application/json; charset=utf-8";
    (void)buf_adds(&job->ans.body, "{\"user\":");
    if ((e = account_user_json(db, c->user_id, org, &job->ans.body)))
        return e;
    (void)buf_addch(&job->ans.body, '}');
    job->ans.status = 200;
    return job->ans.body.failed ? BP_ERR_NOMEM : BP_OK;
}

void api_session_update(struct http_req *r)
{
    static const char *const allowed[] = {"lang", "org_id", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    json_t *lang = json_object_get(j, "lang"), *org = json_object_get(j, "org_id");
    if (lang && (!json_is_string(lang) || (strcmp(json_string_value(lang), "ko") != 0 &&
                                           strcmp(json_string_value(lang), "en") != 0)))
        problem_field(&p, BP_ERR_INVALID, "lang", "ko 또는 en이어야 합니다", "must be ko or en");
    if (org && (!json_is_integer(org) || json_integer_value(org) < 1))
        problem_field(&p, BP_ERR_INVALID, "org_id", "기관 id여야 합니다", "must be an organisation id");
    else if (org && (principal_is_operator(&r->who) || !r->via_cookie))
        problem_field(&p, BP_ERR_INVALID, "org_id", "로그인 세션에서 구성원만 기관을 바꿀 수 있습니다",
                      "only members signed in with a session switch organisations");
    if (!p.err && !lang && !org)
        problem_field(&p, BP_ERR_INVALID, "body", "lang 또는 org_id가 필요합니다",
                      "lang or org_id is required");
    struct session_change *c = p.err ? NULL : calloc(1, sizeof(*c));
    if (!c) {
        account_reject(r, j, &p);
        return;
    }
    c->user_id = r->who.user_id;
    c->org_id = org ? (long long)json_integer_value(org) : 0;
    snprintf(c->lang, sizeof(c->lang), "%s", lang ? json_string_value(lang) : "");
    accounts_token_hash(r->session_token.ptr, r->session_token.len, c->token_hash);
    json_decref(j);
    account_submit(r, JOB_WRITER, run_session_change, c);
}

void accounts_time_ago(long long back_s, char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    time_t t = ts.tv_sec - (time_t)back_s;
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
             tm.tm_sec % 100, (int)(ts.tv_nsec / 1000000) % 1000);
}
