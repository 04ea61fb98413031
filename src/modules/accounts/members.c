/*
 * members: who belongs to an organisation, and in which role. Members of an organisation see
 * its member list; its org-admins (and operators) invite people by e-mail, change their roles
 * and remove them. An organisation keeps at least one org-admin. An invitation makes a
 * membership that waits for the invitee (pending: no access until accepted), answered alike
 * whether or not the e-mail had an account, so that an inviter cannot learn who has one: a
 * person new to bpmc accepts by choosing a password at the invitation link (valid seven days),
 * someone known by signing in and accepting (notifications, GET /api/v1/invitations). Removing
 * keeps the membership row (history) and ends the person's sessions in that organisation.
 * Operators also invite people with no organisation (operators) and anonymise a person who
 * leaves: personal fields are blanked, the audit log stays.
 */
#include "modules/accounts/accounts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/access_log.h"
#include "engine/audit.h"
#include "engine/resource.h"
#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

static const char *const member_roles[] = {"org-admin", "org-member", "partner", "investor",
                                           "trainee", NULL};

/* A member as the organisation sees it. A pending one (invited, not accepted yet) shows only what
 * the inviter typed: no user id, no account's own name, so that it reads the same whether or
 * not the e-mail had an account. */
#define MEMBER_JSON_SQL                                                                          \
    "SELECT {obj:id=m.id|user_id=CASE WHEN m.pending=1 THEN NULL ELSE u.id END|"                 \
    "org_id=m.org_id|name=CASE WHEN m.pending=1 THEN coalesce(m.invited_name,'') ELSE u.name "   \
    "END|email=u.email|role=m.role|active={true:m.active=1}|pending={true:m.pending=1}|"         \
    "invited={true:m.pending=1 OR u.password_hash='!'}|since=m.created_at} "                     \
    "FROM memberships m JOIN users u ON u.id=m.user_id "

/* The user's own organisation and role follow its memberships: the one it had while it lasts,
 * else its oldest, else none. Operators keep theirs. */
enum bp_err accounts_sync_primary(struct db *db, long long user_id)
{
    return db_run(db, NULL,
                  "WITH keep AS (SELECT coalesce((SELECT m.id FROM memberships m JOIN users u ON "
                  "u.id=m.user_id AND m.org_id=u.org_id WHERE m.user_id=?1 AND m.active=1), "
                  "(SELECT m.id FROM memberships m WHERE m.user_id=?1 AND m.active=1 ORDER BY m.id "
                  "LIMIT 1)) id) "
                  "UPDATE users SET org_id=(SELECT m.org_id FROM memberships m, keep WHERE "
                  "m.id=keep.id), role=coalesce((SELECT m.role FROM memberships m, keep WHERE "
                  "m.id=keep.id), role) WHERE id=?1 AND role NOT IN ('operator-admin','operator-staff')",
                  "i", user_id);
}

static bool is_member_role(const char *role)
{
    for (const char *const *m = member_roles; *m; m++)
        if (strcmp(*m, role) == 0)
            return true;
    return false;
}

/* The caller's active role in org ("" when none); a failed read is an error, never "none". */
static enum bp_err role_in(struct http_req *r, long long org, char out[16])
{
    struct db_stmt *st;
    out[0] = '\0';
    enum bp_err e = db_prepare(http_db(r), "SELECT role FROM memberships WHERE user_id=?1 AND "
                                           "org_id=?2 AND active=1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, r->who.user_id);
    db_bind_int(st, 2, org);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        snprintf(out, 16, "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* The organisation in the path, when the caller may see its members (manage: change them);
 * 0 after answering. Non-members are told the organisation's members are not theirs to see
 * (404: whether someone belongs somewhere is not public). */
static long long org_param(struct http_req *r, bool manage)
{
    long long org;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &org)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 기관입니다", "no such organisation");
        return 0;
    }
    if (principal_is_operator(&r->who))
        return org;
    char role[16];
    enum bp_err e = role_in(r, org, role);
    if (e) {
        http_reply_error(r, e);
        return 0;
    }
    if (!role[0]) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 기관이거나 구성원이 아닙니다",
               "no such organisation, or you are not a member");
        return 0;
    }
    if (manage && strcmp(role, "org-admin") != 0) {
        http_refuse(r, BP_ERR_FORBIDDEN, NULL, "기관 관리자만 구성원을 관리합니다",
               "only the organisation's admins manage its members");
        return 0;
    }
    return org;
}

void api_members_list(struct http_req *r)
{
    long long org = org_param(r, false);
    if (!org)
        return;
    bool all = str_eq_c(r->query, "all=1") || str_eq_c(r->query, "all=true");
    struct db_stmt *st;
    if (db_prepare(http_db(r),
                   DIALECT_SQL(MEMBER_JSON_SQL "WHERE m.org_id=?1 AND (m.active=1 OR m.pending=1 OR "
                                                "(?2=1 AND m.joined=1)) ORDER BY "
                                                "m.active DESC, m.pending DESC, u.name, m.id"),
                   &st)) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, all);
    long long n;
    if (account_items(st, &r->ans.body, &n) == DB_FAIL) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    /* members' e-mails are personal data: the viewing is logged */
    char detail[48];
    snprintf(detail, sizeof(detail), "org_id=%lld%s", org, all ? "&all=1" : "");
    api_access_log(r, resource_find("users", 5), "list", 0, n, str_from(detail));
    http_reply_json(r, 200);
}

/* --- invite --- */

struct invite {
    long long org_id, actor;
    bool direct; /* an operator-admin through /users: a member at once, as before invitations
                  * waited (operators see every user: nothing to hide from them) */
    char email[256], name[404], role[16], lang[4];
    char token[ACCOUNTS_TOKEN_SIZE], token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
    char location[96];
};

/* Say how the invitation travels, in the answer: "delivery":"email" when the server e-mails
 * the outbox; without a mail server it waits there, and the inviter gets the link to hand over
 * ("delivery":"waiting","invite_link":...), so that nobody is told an e-mail went out. Every
 * invitation carries a link (a new account's sets its password, a known one's leads to
 * signing in), so the answer is the same whether or not the e-mail had an account. */
static enum bp_err say_delivery(struct job *job, const struct invite *v)
{
    struct buf *body = &job->ans.body;
    if (body->len < 2 || body->data[0] != '{')
        return BP_OK;
    const char *smtp = server_config()->smtp_url;
    struct buf b;
    buf_init(&b, NULL, body->len + 256);
    (void)buf_addch(&b, '{');
    if (smtp && *smtp)
        (void)buf_adds(&b, "\"delivery\":\"email\",");
    else
        (void)buf_addf(&b, "\"delivery\":\"waiting\",\"invite_link\":\"/reset?token=%s&invite=1\",",
                       v->token);
    (void)buf_add(&b, body->data + 1, body->len - 1);
    if (b.failed) {
        buf_release(&b);
        return BP_ERR_NOMEM;
    }
    buf_release(body);
    *body = b;
    return BP_OK;
}

static enum bp_err answer_membership(struct job *job, struct db *db, long long org, long long id,
                                     int status)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, DIALECT_SQL(MEMBER_JSON_SQL "WHERE m.org_id=?1 AND m.id=?2"), &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, id);
    return account_answer_row(job, st, status);
}

static enum bp_err answer_member(struct job *job, struct db *db, long long org, long long user,
                                 int status)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, DIALECT_SQL(MEMBER_JSON_SQL "WHERE m.org_id=?1 AND m.user_id=?2"), &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, user);
    return account_answer_row(job, st, status);
}

static enum bp_err answer_user(struct job *job, struct db *db, long long user)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               DIALECT_SQL("SELECT {obj:id=id|email=email|name=name|role=role|"
                                            "org_id=org_id|invited={true:password_hash='!'}} "
                                            "FROM users WHERE id=?1"),
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, user);
    return account_answer_row(job, st, 201);
}

/* The invitation's link (kind 'invite': it sets the password of an account that has none;
 * 'join': it leads someone who has an account to sign in and accept) and, when mail, the
 * secret message that carries it. */
static enum bp_err invitation_link(struct db *db, struct invite *v, long long user,
                                   const char *kind, bool mail)
{
    long long now = (long long)time(NULL);
    enum bp_err e = db_run(db, NULL,
                           "INSERT INTO account_tokens(token_hash,user_id,kind,expires_at,created_at) "
                           "VALUES (?1,?2,?3,?4,?5)",
                           "titii", v->token_hash, user, kind, now + LIMIT_INVITE_TTL_S, now);
    if (e || !mail)
        return e;
    char link[ACCOUNTS_TOKEN_SIZE + 40];
    snprintf(link, sizeof(link), "/reset?token=%s&invite=1", v->token);
    if (strcmp(kind, "invite") == 0)
        return account_notify(db, user, v->email, "invitation", "bpmc 초대 / Invitation to bpmc",
                              "bpmc(고양 바이오 정밀의료 클러스터)에 초대되었습니다. 7일 안에 아래 "
                              "링크에서 비밀번호를 정하세요. / You are invited to bpmc, the Goyang "
                              "bio precision-medicine cluster platform. Choose a password at the "
                              "link below within seven days.",
                              link, true);
    return account_notify(db, user, v->email, "invitation", "bpmc 초대 / Invitation to bpmc",
                          "bpmc의 한 기관에 구성원으로 초대되었습니다. 로그인한 뒤 알림이나 초대 "
                          "화면에서 수락하세요. / You are invited to join an organisation on bpmc. "
                          "Sign in and accept it from your notifications or the invitations page.",
                          link, true);
}

/* A new person: the account, without a usable password, and the invitation link.
 * BP_ERR_CONFLICT, with nothing changed and the transaction usable, when the e-mail has an
 * account after all: another writer (a writer of the pool, another server) made it since the
 * caller looked, and its COMMIT came first. On PostgreSQL the failed INSERT would end the whole
 * transaction; it runs in a savepoint of its own, rolled back on that failure. */
static enum bp_err create_invited(struct db *db, struct invite *v, long long *user)
{
    enum bp_err e = db_exec(db, "SAVEPOINT invited");
    if (e)
        return e;
    e = db_run(db, user,
               "INSERT INTO users(email,name,password_hash,role,org_id,lang) VALUES "
               "(?1,?2,'!',?3,nullif(?4,0),?5) RETURNING id",
               "tttit", v->email, v->name, v->role, v->org_id, v->lang);
    if (e && db_failure(db) == DB_FAIL_UNIQUE && !db_conflicted(db)) {
        if (db_exec(db, "ROLLBACK TO invited") || db_exec(db, "RELEASE invited"))
            return BP_ERR_DB;
        return BP_ERR_CONFLICT;
    }
    if (e || (e = db_exec(db, "RELEASE invited")))
        return e;
    return invitation_link(db, v, *user, "invite", true);
}

/* The account of the invitation's e-mail: its id (0: none), role, whether it may act (active,
 * not anonymised) and whether it has no password yet. A failed read is an error, never "none". */
static enum bp_err find_invitee(struct db *db, const char *email, long long *user, char role[32],
                                long long *active, long long *unset)
{
    struct db_stmt *st;
    *user = *active = *unset = 0;
    role[0] = '\0';
    enum bp_err e = db_prepare(db,
                               "SELECT id, role, active=1 AND anonymised_at IS NULL, password_hash='!' "
                               "FROM users WHERE email=?1",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, email, strlen(email));
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        *user = db_column_int(st, 0);
        snprintf(role, 32, "%s", db_column_text(st, 1, NULL));
        *active = db_column_int(st, 2);
        *unset = db_column_int(st, 3);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* Operator-admins invite someone new to bpmc with no organisation (an operator). */
static enum bp_err invite_user(struct job *job, struct db *db, struct invite *v)
{
    long long user = 0;
    enum bp_err e = db_run(db, &user, "SELECT id FROM users WHERE email=?1", "t", v->email);
    if (e)
        return e;
    if (user)
        return job_refuse(job, BP_ERR_CONFLICT, "email", "이미 있는 사용자입니다",
                          "a user with this e-mail exists");
    if ((e = create_invited(db, v, &user)) == BP_ERR_CONFLICT) /* made meanwhile */
        return job_refuse(job, BP_ERR_CONFLICT, "email", "이미 있는 사용자입니다",
                          "a user with this e-mail exists");
    if (e ||
        (e = audit_record(db, v->actor, "invite", "users", user, NULL,
                          (const struct audit_field[]){AUDIT_INT("user_id", user),
                                                       AUDIT_INT("org_id", 0),
                                                       AUDIT_TEXT("role", v->role), AUDIT_END})))
        return e;
    snprintf(v->location, sizeof(v->location), "/api/v1/users/%lld", user);
    http_add_header(&job->ans, "location", str_from(v->location));
    e = answer_user(job, db, user);
    return e ? e : say_delivery(job, v);
}

/* An operator-admin adding someone to an organisation through /users: a member at once (someone
 * new chooses a password at the link first); operators' and deactivated accounts refused. */
static enum bp_err add_member_directly(struct job *job, struct db *db, struct invite *v)
{
    long long user = 0, active = 0, unset = 0, added = 0;
    char role[32];
    bool created = false;
    enum bp_err e = find_invitee(db, v->email, &user, role, &active, &unset);
    if (!e && !user) {
        created = (e = create_invited(db, v, &user)) == BP_OK;
        if (e == BP_ERR_CONFLICT) /* made meanwhile by another writer: someone known now */
            e = find_invitee(db, v->email, &user, role, &active, &unset);
    }
    if (e)
        return e;
    if (!created && (strcmp(role, "operator-admin") == 0 || strcmp(role, "operator-staff") == 0))
        return job_refuse(job, BP_ERR_INVALID, "email", "운영자 계정은 기관 구성원이 되지 않습니다",
                          "operator accounts are not members of organisations");
    if (!created && !active)
        return job_refuse(job, BP_ERR_INVALID, "email", "비활성화된 계정입니다",
                          "this account is deactivated");
    if ((e = db_run(db, &added,
                    DIALECT_SQL("INSERT INTO memberships AS m (user_id,org_id,role,invited_by) VALUES "
                    "(?1,?2,?3,nullif(?4,0)) ON CONFLICT(user_id,org_id) DO UPDATE SET active=1, "
                    "pending=0, joined=1, invited_name=NULL, role=excluded.role, "
                    "invited_by=excluded.invited_by, version=m.version+1, "
                    "updated_at={now} WHERE m.active=0 RETURNING id"),
                    "iiti", user, v->org_id, v->role, v->actor)))
        return e;
    if (!added)
        return job_refuse(job, BP_ERR_CONFLICT, "email", "이미 이 기관의 구성원입니다",
                          "already a member of this organisation");
    if ((e = accounts_sync_primary(db, user)))
        return e;
    if (!created && (e = account_notify(db, user, v->email, "membership",
                                        "기관 구성원으로 추가되었습니다 / Added to an organisation",
                                        "새 기관의 구성원이 되었습니다. 상단의 기관 선택에서 바꿔 "
                                        "일할 수 있습니다. / You are now a member of another "
                                        "organisation; switch to it from the organisation menu.",
                                        NULL, false)))
        return e;
    if ((e = audit_record(db, v->actor, "invite", "memberships", user, NULL,
                          (const struct audit_field[]){AUDIT_INT("user_id", user),
                                                       AUDIT_INT("org_id", v->org_id),
                                                       AUDIT_TEXT("role", v->role), AUDIT_END})))
        return e;
    snprintf(v->location, sizeof(v->location), "/api/v1/orgs/%lld/members/%lld", v->org_id, user);
    http_add_header(&job->ans, "location", str_from(v->location));
    e = answer_member(job, db, v->org_id, user, 201);
    return e || !created ? e : say_delivery(job, v);
}

/* An invitation to an organisation: a pending membership, answered alike whether the e-mail
 * is new, an ordinary account, an operator's or a deactivated one (those two can never
 * accept; no message reaches them). The work is alike too: a row or two, a link, a message. */
static enum bp_err invite_member(struct job *job, struct db *db, struct invite *v)
{
    long long user = 0, active = 0, unset = 0, org = 0, membership = 0;
    char role[32];
    enum bp_err e = db_run(db, &org, "SELECT id FROM orgs WHERE id=?1", "i", v->org_id);
    if (e)
        return e;
    if (!org)
        return job_refuse(job, BP_ERR_INVALID, "org_id", "없는 기관입니다", "no such organisation");
    if ((e = find_invitee(db, v->email, &user, role, &active, &unset)))
        return e;
    bool created = false;
    if (!user) {
        created = (e = create_invited(db, v, &user)) == BP_OK;
        if (e == BP_ERR_CONFLICT) /* made meanwhile by another writer: someone known now */
            e = find_invitee(db, v->email, &user, role, &active, &unset);
        if (e)
            return e;
    }
    bool operator = strcmp(role, "operator-admin") == 0 || strcmp(role, "operator-staff") == 0;
    if (created)
        ; /* its link was made with the account */
    else if (active && unset && !operator) /* invited before, no password yet: a new link */
        e = invitation_link(db, v, user, "invite", true);
    else /* someone known: a link to sign in and accept, and a notification in the app */
        e = invitation_link(db, v, user, "join", active && !operator);
    if (!e && !created && active && !unset && !operator)
        e = account_notify(db, user, v->email, "invitation",
                           "기관 초대 / Invitation to an organisation",
                           "기관 구성원으로 초대되었습니다. 초대 화면에서 수락하거나 거절하세요. / "
                           "You are invited to join an organisation; accept or decline it on the "
                           "invitations page.",
                           "/invitations", false);
    if (e)
        return e;
    if ((e = db_run(db, &membership,
                    DIALECT_SQL("INSERT INTO memberships AS m (user_id,org_id,role,invited_by,active,pending,"
                    "invited_name,joined) VALUES (?1,?2,?3,nullif(?4,0),0,1,?5,0) ON CONFLICT(user_id,org_id) "
                    "DO UPDATE SET pending=1, role=excluded.role, invited_by=excluded.invited_by, "
                    "invited_name=excluded.invited_name, version=m.version+1, "
                    "updated_at={now} WHERE m.active=0 RETURNING id"),
                    "iitit", user, v->org_id, v->role, v->actor, v->name)))
        return e;
    if (!membership)
        return job_refuse(job, BP_ERR_CONFLICT, "email", "이미 이 기관의 구성원입니다",
                          "already a member of this organisation");
    if ((e = accounts_sync_primary(db, user)) ||
        (e = audit_record(db, v->actor, "invite", "memberships", user, NULL,
                          (const struct audit_field[]){AUDIT_INT("user_id", user),
                                                       AUDIT_INT("org_id", v->org_id),
                                                       AUDIT_TEXT("role", v->role), AUDIT_END})))
        return e;
    snprintf(v->location, sizeof(v->location), "/api/v1/orgs/%lld/invitations/%lld", v->org_id,
             membership);
    http_add_header(&job->ans, "location", str_from(v->location));
    e = answer_membership(job, db, v->org_id, membership, 201);
    return e ? e : say_delivery(job, v);
}

static enum bp_err run_invite(struct job *job, struct db *db)
{
    struct invite *v = job->payload;
    long long recent = 0;
    char since[32];
    accounts_time_ago(LIMIT_INVITE_WINDOW_S, since);
    /* invitations send e-mail: a few an hour per inviter, not a spam cannon */
    enum bp_err e = audit_count_since(db, v->actor, "invite", since, &recent);
    if (e)
        return e;
    if (recent >= LIMIT_INVITES_PER_WINDOW) {
        struct problem p;
        problem_init(&p);
        problem_set(&p, BP_ERR_THROTTLED, "초대를 너무 많이 보냈습니다. 잠시 후 다시 하세요",
                    "too many invitations; try again later");
        job_problem(job, &p);
        http_add_header(&job->ans, "retry-after", STR_LIT(LIMIT_STR(LIMIT_INVITE_WINDOW_S)));
        return BP_OK;
    }
    if (!v->org_id)
        return invite_user(job, db, v);
    return v->direct ? add_member_directly(job, db, v) : invite_member(job, db, v);
}

/* Parse {"email","name","role"[,"org_id"][,"lang"]} into a new invite; NULL after answering. */
static struct invite *invite_body(struct http_req *r, bool with_org)
{
    static const char *const allowed_org[] = {"email", "name", "role", "lang", NULL};
    static const char *const allowed_users[] = {"email", "name", "role", "lang", "org_id", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, with_org ? allowed_users : allowed_org, &p);
    if (!j)
        return NULL;
    const char *email = account_string(j, "email", 254, true, &p);
    const char *name = account_string(j, "name", 400, true, &p);
    const char *role = account_string(j, "role", 20, true, &p);
    const char *lang = account_string(j, "lang", 2, false, &p);
    json_t *org = json_object_get(j, "org_id");
    if (email && !valid_email(email, strlen(email)))
        problem_field(&p, BP_ERR_INVALID, "email", "이메일 주소 형식이 아닙니다", "not an e-mail address");
    if (name && utf8_chars(name, strlen(name)) > 100)
        problem_field(&p, BP_ERR_INVALID, "name", "100자 이하여야 합니다", "at most 100 characters");
    if (lang && strcmp(lang, "ko") != 0 && strcmp(lang, "en") != 0)
        problem_field(&p, BP_ERR_INVALID, "lang", "ko 또는 en이어야 합니다", "must be ko or en");
    enum role parsed = ROLE_PUBLIC;
    bool operator_role = false;
    if (role && !role_parse(role, &parsed))
        problem_field(&p, BP_ERR_INVALID, "role", "알 수 없는 역할입니다", "unknown role");
    else if (role)
        operator_role = parsed == ROLE_OPERATOR_ADMIN || parsed == ROLE_OPERATOR_STAFF;
    if (role && operator_role && !with_org)
        problem_field(&p, BP_ERR_INVALID, "role", "기관 구성원의 역할이 아닙니다",
                      "not a role of an organisation's member");
    if (with_org && org && (!json_is_integer(org) || json_integer_value(org) < 1))
        problem_field(&p, BP_ERR_INVALID, "org_id", "기관 id여야 합니다", "must be an organisation id");
    else if (with_org && org && operator_role)
        problem_field(&p, BP_ERR_INVALID, "org_id", "운영자 계정은 기관에 속하지 않습니다",
                      "operator accounts belong to no organisation");
    else if (with_org && !org && role && !operator_role)
        problem_field(&p, BP_ERR_INVALID, "org_id", "기관 구성원에게는 소속 기관이 필요합니다",
                      "members need an organisation");
    struct invite *v = p.err ? NULL : calloc(1, sizeof(*v));
    if (!v) {
        account_reject(r, j, &p);
        return NULL;
    }
    snprintf(v->email, sizeof(v->email), "%s", email);
    accounts_normalize_email(v->email);
    snprintf(v->name, sizeof(v->name), "%s", name);
    snprintf(v->role, sizeof(v->role), "%s", role);
    snprintf(v->lang, sizeof(v->lang), "%s", lang ? lang : (r->english ? "en" : "ko"));
    v->org_id = org ? (long long)json_integer_value(org) : 0;
    v->actor = r->who.user_id;
    accounts_random_token(v->token);
    accounts_token_hash(v->token, strlen(v->token), v->token_hash);
    json_decref(j);
    return v;
}

void api_member_invite(struct http_req *r)
{
    long long org = org_param(r, true);
    if (!org)
        return;
    struct invite *v = invite_body(r, false);
    if (!v)
        return;
    if (!is_member_role(v->role)) {
        free(v);
        struct problem p;
        problem_init(&p);
        problem_field(&p, BP_ERR_INVALID, "role", "기관 구성원의 역할이 아닙니다",
                      "not a role of an organisation's member");
        http_reply_problem(r, &p);
        return;
    }
    v->org_id = org;
    account_submit(r, JOB_WRITER, run_invite, v);
}

void api_user_invite(struct http_req *r)
{
    if (r->who.role != ROLE_OPERATOR_ADMIN) { /* operator-staff invite through organisations */
        http_refuse(r, BP_ERR_FORBIDDEN, NULL, "운영 관리자만 사용자를 만듭니다", "only operator-admins create users");
        return;
    }
    struct invite *v = invite_body(r, true);
    if (v)
        v->direct = true;
    if (v)
        account_submit(r, JOB_WRITER, run_invite, v);
}

/* --- invitations: the invitee accepts or declines; the organisation looks at or cancels --- */

/* GET /api/v1/invitations: the caller's invitations that wait for it. */
void api_invitations_list(struct http_req *r)
{
    struct db_stmt *st;
    if (db_prepare(http_db(r),
                   DIALECT_SQL("SELECT {obj:org_id=m.org_id|org_name=o.name|role=m.role|since="
                   "m.updated_at} FROM memberships m JOIN orgs o ON o.id=m.org_id WHERE "
                   "m.user_id=?1 AND m.pending=1 ORDER BY m.updated_at DESC, m.id DESC"),
                   &st)) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    db_bind_int(st, 1, r->who.user_id);
    long long n;
    if (account_items(st, &r->ans.body, &n) == DB_FAIL) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    http_reply_json(r, 200);
}

struct invitation_answer {
    long long org_id, user_id;
    bool accept, operator;
};

enum bp_err accounts_accept_invitations(struct db *db, long long user_id, long long org_id)
{
    enum bp_err e = db_run(db, NULL,
                           DIALECT_SQL("UPDATE memberships SET active=1, pending=0, joined=1, invited_name=NULL, "
                           "version=version+1, updated_at={now} WHERE "
                           "user_id=?1 AND pending=1 AND (?2=0 OR org_id=?2)"),
                           "ii", user_id, org_id);
    if (!e)
        e = accounts_sync_primary(db, user_id);
    return e;
}

static enum bp_err run_invitation_answer(struct job *job, struct db *db)
{
    struct invitation_answer *a = job->payload;
    long long pending = 0;
    enum bp_err e = db_run(db, &pending,
                           "SELECT id FROM memberships WHERE user_id=?1 AND org_id=?2 AND pending=1",
                           "ii", a->user_id, a->org_id);
    if (e)
        return e;
    if (!pending)
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "기다리는 초대가 없습니다",
                          "no invitation waits for you from this organisation");
    if (a->accept && a->operator)
        return job_refuse(job, BP_ERR_CONFLICT, NULL, "운영자 계정은 기관 구성원이 되지 않습니다",
                          "operator accounts are not members of organisations");
    if (a->accept)
        e = accounts_accept_invitations(db, a->user_id, a->org_id);
    else
        e = db_run(db, NULL,
                   DIALECT_SQL("UPDATE memberships SET pending=0, invited_name=NULL, version=version+1, "
                   "updated_at={now} WHERE id=?1"),
                   "i", pending);
    if (!e)
        e = audit_record(db, a->user_id, a->accept ? "invitation-accepted" : "invitation-declined",
                         "memberships", a->user_id, NULL,
                         (const struct audit_field[]){AUDIT_INT("org_id", a->org_id), AUDIT_END});
    if (e)
        return e;
    if (!a->accept) {
        job->ans.status = 204;
        return BP_OK;
    }
    return answer_member(job, db, a->org_id, a->user_id, 200);
}

static void invitation_answer(struct http_req *r, bool accept)
{
    long long org;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &org)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "기다리는 초대가 없습니다",
                    "no invitation waits for you from this organisation");
        return;
    }
    struct invitation_answer *a = calloc(1, sizeof(*a));
    if (a) {
        a->org_id = org;
        a->user_id = r->who.user_id;
        a->accept = accept;
        a->operator = principal_is_operator(&r->who);
    }
    account_submit(r, JOB_WRITER, run_invitation_answer, a);
}

void api_invitation_accept(struct http_req *r) { invitation_answer(r, true); }
void api_invitation_decline(struct http_req *r) { invitation_answer(r, false); }

/* GET /api/v1/orgs/{id}/invitations/{inv}: a pending membership, as the invitation answered. */
void api_org_invitation_get(struct http_req *r)
{
    long long org = org_param(r, true), id;
    if (!org)
        return;
    struct db_stmt *st;
    if (!str_to_i64(r->params[1], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 초대입니다", "no such invitation");
        return;
    }
    if (db_prepare(http_db(r), DIALECT_SQL(MEMBER_JSON_SQL "WHERE m.org_id=?1 AND m.id=?2 AND m.pending=1"),
                   &st)) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, id);
    bool found = db_step(st) == DB_ROW;
    if (found) {
        size_t len;
        const char *j = db_column_text(st, 0, &len);
        (void)buf_add(&r->ans.body, j, len);
    }
    db_reset(st);
    if (!found) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 초대입니다", "no such invitation");
        return;
    }
    http_reply_json(r, 200);
}

struct invitation_cancel {
    long long org_id, id, actor;
};

static enum bp_err run_invitation_cancel(struct job *job, struct db *db)
{
    struct invitation_cancel *c = job->payload;
    long long user = 0;
    enum bp_err e = db_run(db, &user,
                           DIALECT_SQL("UPDATE memberships SET pending=0, invited_name=NULL, version=version+1, "
                           "updated_at={now} WHERE id=?1 AND "
                           "org_id=?2 AND pending=1 RETURNING user_id"),
                           "ii", c->id, c->org_id);
    if (e)
        return e;
    if (!user)
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 초대입니다", "no such invitation");
    if ((e = audit_record(db, c->actor, "invitation-cancelled", "memberships", user, NULL,
                          (const struct audit_field[]){AUDIT_INT("org_id", c->org_id), AUDIT_END})))
        return e;
    job->ans.status = 204;
    return BP_OK;
}

/* DELETE /api/v1/orgs/{id}/invitations/{inv}: the organisation withdraws an invitation. */
void api_org_invitation_cancel(struct http_req *r)
{
    long long org = org_param(r, true), id;
    if (!org)
        return;
    if (!str_to_i64(r->params[1], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 초대입니다", "no such invitation");
        return;
    }
    struct invitation_cancel *c = calloc(1, sizeof(*c));
    if (c) {
        c->org_id = org;
        c->id = id;
        c->actor = r->who.user_id;
    }
    account_submit(r, JOB_WRITER, run_invitation_cancel, c);
}

/* --- change and remove --- */

struct member_change {
    long long org_id, user_id, actor;
    bool by_operator, remove;
    char role[16];
};

static enum bp_err run_member_change(struct job *job, struct db *db)
{
    struct member_change *c = job->payload;
    struct db_stmt *st;
    char old[16] = "";
    enum bp_err e = db_prepare(db,
                               "SELECT role FROM memberships WHERE org_id=?1 AND user_id=?2 AND active=1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, c->org_id);
    db_bind_int(st, 2, c->user_id);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        snprintf(old, sizeof(old), "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    if (s == DB_FAIL) /* a failed read is the job's failure, not "not a member" */
        return BP_ERR_DB;
    if (!old[0])
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "이 기관의 구성원이 아닙니다",
                          "not a member of this organisation");
    if (strcmp(old, "org-admin") == 0 && (c->remove || strcmp(c->role, "org-admin") != 0) &&
        !c->by_operator) {
        long long others = 0;
        if ((e = db_run(db, &others,
                        "SELECT count(*) FROM memberships WHERE org_id=?1 AND role='org-admin' AND "
                        "active=1 AND user_id<>?2",
                        "ii", c->org_id, c->user_id)))
            return e;
        if (!others)
            return job_refuse(job, BP_ERR_CONFLICT, NULL,
                              "기관 관리자가 한 명은 있어야 합니다. 다른 관리자를 먼저 지정하세요",
                              "an organisation keeps at least one admin; appoint another first");
    }
    if (c->remove) {
        e = db_run(db, NULL,
                   DIALECT_SQL("UPDATE memberships SET active=0, version=version+1, updated_at={now} WHERE org_id=?1 AND user_id=?2"),
                   "ii", c->org_id, c->user_id);
        if (!e)
            e = db_run(db, NULL,
                       "DELETE FROM sessions WHERE user_id=?1 AND (org_id=?2 OR (org_id IS NULL AND "
                       "?2=(SELECT org_id FROM users WHERE id=?1)))",
                       "ii", c->user_id, c->org_id);
    } else {
        e = db_run(db, NULL,
                   DIALECT_SQL("UPDATE memberships SET role=?3, version=version+1, updated_at={now} WHERE org_id=?1 AND user_id=?2"),
                   "iit", c->org_id, c->user_id, c->role);
    }
    if (!e)
        e = accounts_sync_primary(db, c->user_id);
    const struct audit_field removed[] = {AUDIT_INT("org_id", c->org_id),
                                          AUDIT_BOOL("active", false), AUDIT_END};
    const struct audit_field changed[] = {AUDIT_INT("org_id", c->org_id),
                                          AUDIT_TEXT("role", c->role), AUDIT_END};
    if (!e)
        e = audit_record(db, c->actor, c->remove ? "member-removed" : "member-role", "memberships",
                         c->user_id, NULL, c->remove ? removed : changed);
    if (e)
        return e;
    if (c->remove) {
        job->ans.status = 204;
        return BP_OK;
    }
    return answer_member(job, db, c->org_id, c->user_id, 200);
}

static void member_change(struct http_req *r, bool remove)
{
    long long org = org_param(r, true), user;
    if (!org)
        return;
    if (!str_to_i64(r->params[1], 1, INT64_MAX, &user)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "이 기관의 구성원이 아닙니다", "not a member of this organisation");
        return;
    }
    struct problem p;
    problem_init(&p);
    const char *role = NULL;
    json_t *j = NULL;
    if (!remove) {
        static const char *const allowed[] = {"role", NULL};
        if (!(j = account_body(r, allowed, &p)))
            return;
        role = account_string(j, "role", 20, true, &p);
        if (role && !is_member_role(role))
            problem_field(&p, BP_ERR_INVALID, "role", "기관 구성원의 역할이 아닙니다",
                          "not a role of an organisation's member");
    }
    struct member_change *c = p.err ? NULL : calloc(1, sizeof(*c));
    if (!c) {
        account_reject(r, j, &p);
        return;
    }
    c->org_id = org;
    c->user_id = user;
    c->actor = r->who.user_id;
    c->by_operator = principal_is_operator(&r->who);
    c->remove = remove;
    snprintf(c->role, sizeof(c->role), "%s", role ? role : "");
    json_decref(j);
    account_submit(r, JOB_WRITER, run_member_change, c);
}

void api_member_update(struct http_req *r) { member_change(r, false); }
void api_member_remove(struct http_req *r) { member_change(r, true); }

/* --- anonymise --- */

struct anonymise {
    long long user_id, actor;
};

static enum bp_err run_anonymise(struct job *job, struct db *db)
{
    struct anonymise *a = job->payload;
    struct db_stmt *st;
    char email[256] = "";
    enum bp_err e = db_prepare(db, "SELECT email FROM users WHERE id=?1 AND anonymised_at IS NULL", &st);
    if (e)
        return e;
    db_bind_int(st, 1, a->user_id);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        snprintf(email, sizeof(email), "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (!email[0])
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 사용자입니다", "no such user");
    static const char *const statements[] = {
        "UPDATE users SET email='deleted-'||id||'@invalid', name='(삭제된 사용자)', "
        "password_hash='!', active=0, totp_secret=NULL, totp_enabled=0, anonymised_at="
        "{now}, version=version+1, updated_at="
        "{now} WHERE id=?1",
        "UPDATE memberships SET active=0, pending=0, invited_name=NULL, version=version+1 WHERE "
        "user_id=?1 AND (active=1 OR pending=1)",
        "DELETE FROM sessions WHERE user_id=?1",
        "DELETE FROM account_tokens WHERE user_id=?1",
        "DELETE FROM recovery_codes WHERE user_id=?1",
        NULL,
    };
    static const char *written[sizeof(statements) / sizeof(statements[0])];
    for (size_t k = 0; statements[k] && !e; k++)
        e = db_run(db, NULL, dialect_sql(&written[k], statements[k]), "i", a->user_id);
    if (!e)
        e = db_run(db, NULL,
                   "UPDATE outbox SET to_email='', subject='', body='', link=NULL WHERE user_id=?1 "
                   "OR to_email=?2",
                   "it", a->user_id, email);
    if (!e) /* through the engine, as their owner would revoke them */
        e = accounts_revoke_tokens(db, a->user_id, a->actor);
    if (!e)
        e = account_throttle_clear(db, email);
    if (!e)
        e = audit_append(db, a->actor, "anonymise", "users", a->user_id, NULL, 0, NULL, 0);
    job->ans.status = 204;
    return e;
}

void api_user_anonymise(struct http_req *r)
{
    long long user;
    /* users are the operators' collection: to anyone else a user is absent or invisible,
     * never a row they are refused (404, as GET /api/v1/users/{id} answers them) */
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &user) || !principal_is_operator(&r->who)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 사용자입니다", "no such user");
        return;
    }
    struct buf row;
    long long version;
    buf_init(&row, r->arena, 1 << 16);
    const struct resource *users = resource_find("users", 5);
    if (r->who.role != ROLE_OPERATOR_ADMIN &&
        (!users || resource_get(http_db(r), users, user, &r->who, 0, &row, &version))) {
        /* a user that is not there is absent to staff too, before what they may not do */
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 사용자입니다", "no such user");
        return;
    }
    if (r->who.role != ROLE_OPERATOR_ADMIN) {
        http_refuse(r, BP_ERR_FORBIDDEN, NULL, "운영 관리자만 사용자를 삭제합니다", "only operator-admins delete users");
        return;
    }
    if (user == r->who.user_id) {
        http_refuse(r, BP_ERR_CONFLICT, NULL, "자기 계정은 삭제할 수 없습니다", "you cannot delete your own account");
        return;
    }
    struct anonymise *a = calloc(1, sizeof(*a));
    if (a) {
        a->user_id = user;
        a->actor = r->who.user_id;
    }
    account_submit(r, JOB_WRITER, run_anonymise, a);
}
