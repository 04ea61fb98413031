/*
 * notifications: the outbox seen from the app. Every message to a person is a row of the
 * outbox; the ones that carry no secret are that person's notifications (only theirs, operators
 * included), listed newest first and marked read all at once. Messages with a secret link
 * (invitations, password resets) reach people by e-mail only.
 */
#include "modules/accounts/accounts.h"

#include <stdlib.h>

#include "base/banned.h"

enum bp_err account_notify(struct db *db, long long user_id, const char *to_email,
                           const char *kind, const char *subject, const char *body,
                           const char *link, bool secret)
{
    return db_run(db, NULL,
                  "INSERT INTO outbox(user_id,to_email,kind,subject,body,link,secret) VALUES "
                  "(CASE WHEN ?7=1 THEN NULL ELSE nullif(?1,0) END,?2,?3,?4,?5,?6,?7)",
                  "ittttti", user_id, to_email, kind, subject, body, link, (long long)secret);
}

enum bp_err account_notify_org(struct db *db, long long org_id, const char *kind,
                               const char *subject, const char *body, const char *link)
{
    return db_run(db, NULL,
                  "INSERT INTO outbox(user_id,to_email,kind,subject,body,link) SELECT u.id, "
                  "u.email, ?2, ?3, ?4, ?5 FROM memberships m JOIN users u ON u.id=m.user_id "
                  "WHERE m.org_id=?1 AND m.active=1 AND u.active=1 AND (m.role='org-admin' OR NOT "
                  "EXISTS (SELECT 1 FROM memberships a WHERE a.org_id=?1 AND a.active=1 AND "
                  "a.role='org-admin'))",
                  "itttt", org_id, kind, subject, body, link);
}

static enum bp_err run_read(struct job *job, struct db *db)
{
    long long *user = job->payload;
    job->ans.status = 204;
    return db_run(db, NULL,
                  DIALECT_SQL("UPDATE outbox SET read_at={now} WHERE user_id=?1 "
                  "AND read_at IS NULL"),
                  "i", *user);
}

void api_notifications_read(struct http_req *r)
{
    long long *user = malloc(sizeof(*user));
    if (user)
        *user = r->who.user_id;
    account_submit(r, JOB_WRITER, run_read, user);
}
