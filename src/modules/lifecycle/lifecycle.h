/*
 * lifecycle: every tenant company's journey (입주기업 전주기 지원). Its stage history, from which
 * orgs.stage follows; the support programs the center offers; support requests with SLA
 * deadlines, triage, assignment to staff or a partner and a rating at close; milestones
 * planned and achieved; quarterly KPI reports checked against the previous quarter.
 */
#ifndef BP_MODULE_LIFECYCLE_H
#define BP_MODULE_LIFECYCLE_H

#include <stdbool.h>
#include <time.h>

#include "base/err.h"
#include "engine/http.h"

struct resource;
struct db;
/* entries.c: stage-events, programs, support-requests, milestones, kpi-reports */
extern const struct resource *const lifecycle_entries[];

/* applications.c: program-applications (listed in lifecycle_entries) */
extern const struct resource lifecycle_applications;
/* Tell every active operator but user skip (told already, or 0), shown in the app and
 * e-mailed with SMTP. BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_notify_operators(struct db *db, long long skip, const char *kind,
                                                   const char *subject, const char *body,
                                                   const char *link);

/* reminders.c: remind each tenant company without a submitted report of (year, quarter) once
 * (in the caller's transaction), at most limit of them now (0: all; the others stay claimed
 * and go out at the next call, from any process); *sent gets how many were reminded now.
 * BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_remind_late(struct db *db, int year, int quarter, int limit,
                                              int *sent);
/* Whether lifecycle_remind_late(year, quarter) has anyone to remind, read on any connection
 * (the server's sweeper asks the writer only then). BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_remind_due(struct db *db, int year, int quarter, bool *due);

/* calendar.c: the public holidays (the holidays table) from the Korean day of from to
 * SLA_HORIZON_DAYS after it, for sla_deadlines (rules.h). BP_ERR_DB. */
struct sla_holidays;
BP_MUST_USE enum bp_err lifecycle_holidays_load(struct db *db, time_t from,
                                                struct sla_holidays *out);

/* api.c: GET /api/v1/programs/{id}/outcomes (each selected company's KPIs before and after)
 * and GET /api/v1/lifecycle/late-reports?quarter= (the quarter's missing and late reports),
 * both for operators */
void api_program_outcomes(struct http_req *r);
void api_late_reports(struct http_req *r);

/* escalate.c: escalate once each open request's first answer or resolution due before
 * now + window_s (in the caller's transaction): its assignee and operators are told and
 * escalated_at is stamped; at most limit deadlines now (0: all; the others stay claimed and go
 * out at the next call, from any process); *sent gets how many were escalated now. BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_escalate(struct db *db, time_t now, int window_s, int limit,
                                           int *sent);
/* Whether lifecycle_escalate(now, window_s) has a deadline to escalate, read on any
 * connection. BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_escalate_due(struct db *db, time_t now, int window_s, bool *due);

#endif
