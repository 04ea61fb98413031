/*
 * escalate: a support request whose first answer or resolution is due within the warning
 * window (or already late) is escalated once per deadline: its assignee (the staff member, the
 * partner organisation) and every operator are told, and the request's escalated_at is
 * stamped through the engine. The escalation's row (sla_escalations, one per request and
 * deadline) is written in the same transaction as the notifications, so two senders at once
 * (two processes, a command run twice) escalate each deadline once.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdio.h>

#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

/* Deadlines within the window (?1: now plus the window, UTC text) not yet escalated: a first
 * answer not given, a resolution not reached, of a request still open. */
static const char sql_first[] =
    "INSERT INTO sla_escalations(request_id,deadline) SELECT id,'first-response' FROM "
    "support_requests WHERE status IN ('new','triaged') AND first_response_at IS NULL AND "
    "first_response_due IS NOT NULL AND first_response_due<=?1 ON CONFLICT DO NOTHING";
static const char sql_resolution[] =
    "INSERT INTO sla_escalations(request_id,deadline) SELECT id,'resolution' FROM "
    "support_requests WHERE status IN ('new','triaged','in-progress') AND resolution_due IS NOT "
    "NULL AND resolution_due<=?1 ON CONFLICT DO NOTHING";
/* The next escalation not yet sent, as request id * 2 + (1 for the resolution). */
static const char sql_next[] =
    "SELECT request_id*2 + CASE WHEN deadline='resolution' THEN 1 ELSE 0 END FROM sla_escalations WHERE notified=0 ORDER BY "
    "1 LIMIT 1";
static const char sql_done[] =
    "UPDATE sla_escalations SET notified=1 WHERE request_id=?1 AND deadline=?2";

static enum bp_err escalate_one(struct db *db, long long id, bool resolution, const char *now)
{
    struct resource_row row, user = {0};
    struct problem p;
    char link[64], subject[200], body[400];
    problem_init(&p);
    snprintf(link, sizeof(link), "/support-requests/%lld", id);
    enum bp_err e = resource_read_fields(db, "support-requests", id,
                                         "assignee_id,assignee_org_id,title", &row);
    if (e || !row.found)
        goto out;
    snprintf(subject, sizeof(subject), "%s 기한이 임박했습니다 / %s is about to be late",
             resolution ? "지원 요청 해결" : "지원 요청 첫 답변",
             resolution ? "A support request's resolution" : "A support request's first answer");
    snprintf(body, sizeof(body), "「%.120s」: %s 기한이 곧 지나거나 이미 지났습니다. / The %s deadline "
             "of this request is near or past.",
             row.text[2], resolution ? "해결" : "첫 답변", resolution ? "resolution" : "first-answer");
    if (row.i[0] && !(e = resource_read_fields(db, "users", row.i[0], "email", &user)) && user.found)
        e = account_notify(db, row.i[0], user.text[0], "sla-escalation", subject, body, link, false);
    if (!e && row.i[1])
        e = account_notify_org(db, row.i[1], "sla-escalation", subject, body, link);
    if (!e)
        e = lifecycle_notify_operators(db, row.i[0], "sla-escalation", subject, body, link);
    if (!e) { /* stamped on the request, as the platform */
        struct write_op w;
        /* no user led to it: the platform itself, which reads every row (user 0 would be
         * anonymous and find no private request); the audit records no actor */
        struct principal sys = resource_system(0);
        sys.user_id = -1;
        if (!resource_write_begin(&w, "support-requests", WRITE_UPDATE, id, &sys) ||
            !write_op_text(&w, "escalated_at", now)) {
            write_op_free(&w);
            e = BP_ERR_NOMEM;
        } else {
            e = resource_write(db, &w, NULL, &p);
        }
    }
out:
    resource_row_release(&row);
    resource_row_release(&user);
    return e;
}

/* Whether a deadline within the window (?1) is not escalated yet, or an escalation is not
 * sent: the same conditions as sql_first and sql_resolution, read only. */
static const char sql_due[] =
    "SELECT EXISTS (SELECT 1 FROM support_requests r WHERE r.status IN ('new','triaged') AND "
    "r.first_response_at IS NULL AND r.first_response_due IS NOT NULL AND r.first_response_due<=?1 "
    "AND NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.request_id=r.id AND "
    "e.deadline='first-response')) OR EXISTS (SELECT 1 FROM support_requests r WHERE r.status IN "
    "('new','triaged','in-progress') AND r.resolution_due IS NOT NULL AND r.resolution_due<=?1 AND "
    "NOT EXISTS (SELECT 1 FROM sla_escalations e WHERE e.request_id=r.id AND "
    "e.deadline='resolution')) OR EXISTS (SELECT 1 FROM sla_escalations WHERE notified=0)";

enum bp_err lifecycle_escalate_due(struct db *db, time_t now, int window_s, bool *due)
{
    char horizon[21];
    long long any = 0;
    sla_format(now + window_s, horizon);
    enum bp_err e = db_run(db, &any, sql_due, "t", horizon);
    *due = !e && any;
    return e;
}

enum bp_err lifecycle_escalate(struct db *db, time_t now, int window_s, int limit, int *sent)
{
    char horizon[21], stamp[21];
    long long next = 0;
    *sent = 0;
    sla_format(now + window_s, horizon);
    sla_format(now, stamp);
    enum bp_err e = db_run(db, NULL, sql_first, "t", horizon);
    if (!e)
        e = db_run(db, NULL, sql_resolution, "t", horizon);
    while (!e && (limit <= 0 || *sent < limit) && !(e = db_run(db, &next, sql_next, "")) && next) {
        bool resolution = next % 2;
        if ((e = escalate_one(db, next / 2, resolution, stamp)) ||
            (e = db_run(db, NULL, sql_done, "it", next / 2,
                        resolution ? "resolution" : "first-response")))
            break;
        (*sent)++;
    }
    return e;
}
