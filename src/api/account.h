/*
 * account: what the handlers of people's accounts share (session.c: signing in and out;
 * password.c: changing and resetting passwords; totp.c: the second factor; members.c:
 * memberships, invitations and removing people). A user works in one organisation at a time:
 * the session's, one of its memberships; operators work across all.
 */
#ifndef BP_API_ACCOUNT_H
#define BP_API_ACCOUNT_H

#include <jansson.h>

#include "api/api.h"
#include "domain/accounts.h"

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
/* A failed password check on the writer: counted (account_count_failure), then answered 429
 * when that locked the account or address, else refused naming field (see account_refuse). */
BP_MUST_USE enum bp_err account_fail(struct job *job, struct db *db, const char *email,
                                     const char *peer, const char *field, char retry_after[24]);
/* Add a message to the outbox: shown in the app to user_id when not secret, e-mailed when SMTP
 * is configured. A secret message carries a link with a token: it is never shown in the app. */
BP_MUST_USE enum bp_err account_notify(struct db *db, long long user_id, const char *to_email,
                                       const char *kind, const char *subject, const char *body,
                                       const char *link, bool secret);

#endif
