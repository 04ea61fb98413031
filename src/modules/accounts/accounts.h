/*
 * accounts: the handlers of people's accounts and what they share (session.c: signing in and out;
 * password.c: changing and resetting passwords; totp.c: the second factor; members.c:
 * memberships, invitations and removing people; tokens.c: API tokens; shares.c: private records
 * shared with named organisations; notifications.c). A user works in one organisation at a time:
 * the session's, one of its memberships; operators work across all.
 */
#ifndef BP_MODULE_ACCOUNTS_H
#define BP_MODULE_ACCOUNTS_H

#include <jansson.h>

#include "db/dialect.h"
#include "engine/http.h"
#include "modules/accounts/credentials.h"

/* The time now less back_s seconds, as created_at stores it, to the millisecond
 * ("2026-12-07T05:00:00.123Z"): bounds such as "now minus the grace" are computed here and
 * bound, not in SQL (docs/postgresql.md), as precise as the stored times they are compared with. */
void accounts_time_ago(long long back_s, char out[32]);

/* SQL for the role and organisation a user works as, given u (users) and m (the membership of
 * the organisation chosen, LEFT JOINed with m.active=1): operators keep theirs; others take the
 * membership's, or, without one, their own role in no organisation. */
#define ACCOUNT_ROLE_SQL                                                                        \
    "CASE WHEN u.role IN ('operator-admin','operator-staff') OR m.role IS NULL THEN u.role "   \
    "ELSE m.role END"
#define ACCOUNT_ORG_SQL                                                                         \
    "CASE WHEN u.role IN ('operator-admin','operator-staff') THEN coalesce(u.org_id,0) "        \
    "ELSE coalesce(m.org_id,0) END"

/* A session about to be opened (on the writer), and the cookie that carries it. Lives as long
 * as the job: the answer's set-cookie header points into it. */
struct session_new {
    long long user_id;
    bool secure;
    int absolute_s;
    char token[ACCOUNTS_TOKEN_SIZE];
    char token_hash[ACCOUNTS_TOKEN_HASH_SIZE];
    char csrf[ACCOUNTS_TOKEN_SIZE];
    char cookie[ACCOUNTS_TOKEN_SIZE + 128];
};

/* Fill s for user_id with fresh random tokens and the server's settings. */
void session_prepare(struct session_new *s, const struct http_req *r, long long user_id);
/* On the writer: insert the session (working in the user's own organisation) and answer
 * 200 {"csrf_token","user"} with the cookie. */
BP_MUST_USE enum bp_err session_open(struct job *job, struct db *db, struct session_new *s);
/* The user as GET /api/v1/session shows it, working in org_id (0: none): id, email, name, role,
 * org_id, lang, totp_enabled, totp_required, unread, memberships. */
BP_MUST_USE enum bp_err account_user_json(struct db *db, long long id, long long org_id,
                                          struct buf *out);
/* The job's payload freed (the release callback of the account jobs). */
void account_release(struct job *job);
/* Each row's first column (a JSON object) as {"items":[...],"total":n} into out, *n the count;
 * resets st and returns its last step (DB_FAIL: the database failed, the list is cut short). */
enum db_step account_items(struct db_stmt *st, struct buf *out, long long *n);
/* The first row's first column (a JSON object) as the job's answer with status; else
 * BP_ERR_NOT_FOUND when there is none, BP_ERR_DB when the read failed, and the answer is left
 * to that error; resets st. */
BP_MUST_USE enum bp_err account_answer_row(struct job *job, struct db_stmt *st, int status);
/* Parse the body as a JSON object whose keys are all in allowed (NULL-terminated); answers the
 * problem and returns NULL when it is not. */
json_t *account_body(struct http_req *r, const char *const *allowed, struct problem *p);
/* Answer p for a body that will not be handed on (500 when p holds no problem: memory ran
 * out) and free the body. */
void account_reject(struct http_req *r, json_t *j, struct problem *p);
/* A string member of at most max bytes, or NULL (naming field in p when required). */
const char *account_string(json_t *j, const char *field, size_t max, bool required,
                           struct problem *p);
/* Submit a job whose payload is p (malloc'd); answers 500 when out of memory. */
void account_submit(struct http_req *r, enum job_where where,
                    enum bp_err (*run)(struct job *, struct db *), void *payload);
/* A failed password check on the writer: counted per account and address together and per
 * address (session.c), then answered 429 when that locked the pair or the address, else
 * refused naming field (see account_refuse). */
/* On the writer: forget the failed logins of an account from every address (a reset proved
 * the mailbox; an anonymised account is gone). */
BP_MUST_USE enum bp_err account_throttle_clear(struct db *db, const char *email);
BP_MUST_USE enum bp_err account_fail(struct job *job, struct db *db, const char *email,
                                     const char *peer, const char *field, char retry_after[24]);
/* Add a message to the outbox: shown in the app to user_id when not secret, e-mailed when SMTP
 * is configured. A secret message carries a link with a token: it is never shown in the app. */
BP_MUST_USE enum bp_err account_notify(struct db *db, long long user_id, const char *to_email,
                                       const char *kind, const char *subject, const char *body,
                                       const char *link, bool secret);

/* Tell an organisation: a message (never secret) to each of its active admins or, when it
 * has none, to each of its active members, shown in the app and e-mailed like account_notify.
 * Workflows tell organisations through this, never by writing the outbox. BP_ERR_DB. */
BP_MUST_USE enum bp_err account_notify_org(struct db *db, long long org_id, const char *kind,
                                           const char *subject, const char *body,
                                           const char *link);

/* tokens.c: API tokens for integrations */
void api_token_create(struct http_req *r);
/* Resolve "Authorization: Bearer <token>" into r->who (r->token_read_only for read scopes).
 * Unknown, expired or revoked tokens leave r->who anonymous (the dispatcher answers 401). */
void token_authenticate(struct http_req *r);
/* On the writer: revoke every API token of the user (a security event) for actor_id: each
 * through the engine as a PATCH {"revoked":true} would (its own audited update), then one
 * "tokens-revoked" row counting them. BP_ERR_NOMEM, BP_ERR_DB. */
BP_MUST_USE enum bp_err accounts_revoke_tokens(struct db *db, long long user_id,
                                               long long actor_id);

/* session.c */
void api_session_get(struct http_req *r);
void api_session_create(struct http_req *r);
void api_session_delete(struct http_req *r);
/* PATCH {"lang":"ko"|"en", "org_id":N}: the signed-in user's language, kept across browsers,
 * and the organisation (one of its memberships) the session works in. */
void api_session_update(struct http_req *r);
/* password.c: POST /session/password {current_password,new_password} ends every session and
 * opens a new one; password-resets {email} (always 202) and /confirm {token,password}. */
void api_password_change(struct http_req *r);
void api_reset_request(struct http_req *r);
void api_reset_confirm(struct http_req *r);
/* totp.c: the second factor: begin (secret and otpauth URI), confirm {code} (recovery codes,
 * shown once), disable {password}. */
void api_totp_begin(struct http_req *r);
void api_totp_confirm(struct http_req *r);
void api_totp_disable(struct http_req *r);
/* members.c: an organisation's members (list, invite, change role, remove), users invited and
 * anonymised by operators, notifications marked read. */
void api_members_list(struct http_req *r);
void api_member_invite(struct http_req *r);
void api_member_update(struct http_req *r);
void api_member_remove(struct http_req *r);
void api_user_invite(struct http_req *r);
void api_user_anonymise(struct http_req *r);
/* Invitations: GET /invitations (the caller's, waiting), POST /invitations/{org}/accept,
 * DELETE /invitations/{org} (decline); GET and DELETE /orgs/{id}/invitations/{inv} (the
 * organisation's admins look at or withdraw one). */
void api_invitations_list(struct http_req *r);
void api_invitation_accept(struct http_req *r);
void api_invitation_decline(struct http_req *r);
void api_org_invitation_get(struct http_req *r);
void api_org_invitation_cancel(struct http_req *r);
/* On the writer: the user's own organisation and role follow its active memberships. */
BP_MUST_USE enum bp_err accounts_sync_primary(struct db *db, long long user_id);
/* On the writer: accept the user's pending invitations (of org_id, or all with 0). */
BP_MUST_USE enum bp_err accounts_accept_invitations(struct db *db, long long user_id,
                                                    long long org_id);
void api_notifications_read(struct http_req *r);
/* shares.c: private records shared with named organisations */
void api_shares_list(struct http_req *r);
void api_share_create(struct http_req *r);
void api_share_delete(struct http_req *r);
/* Resolve the bpmc_session cookie into r->who; checks X-CSRF-Token against the session's
 * token (r->session_csrf_ok). Expired or unknown tokens leave r->who anonymous. */
void session_authenticate(struct http_req *r);

#endif
