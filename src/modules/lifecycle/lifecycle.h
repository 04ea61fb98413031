/*
 * lifecycle: every tenant company's journey (입주기업 전주기 지원). Its stage history, from which
 * orgs.stage follows; the support programs the center offers; support requests with SLA
 * deadlines, triage, assignment to staff or a partner and a rating at close; milestones
 * planned and achieved; quarterly KPI reports checked against the previous quarter.
 */
#ifndef BP_MODULE_LIFECYCLE_H
#define BP_MODULE_LIFECYCLE_H

#include "base/err.h"

struct resource;
struct db;
/* entries.c: stage-events, programs, support-requests, milestones, kpi-reports */
extern const struct resource *const lifecycle_entries[];

/* reminders.c: remind each tenant company without a submitted report of (year, quarter) once
 * (in the caller's transaction); *sent gets how many were reminded now. BP_ERR_DB. */
BP_MUST_USE enum bp_err lifecycle_remind_late(struct db *db, int year, int quarter, int *sent);

#endif
