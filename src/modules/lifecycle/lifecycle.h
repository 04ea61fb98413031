/*
 * lifecycle: every tenant company's journey (입주기업 전주기 지원). Its stage history, from which
 * orgs.stage follows; the support programs the center offers; support requests with SLA
 * deadlines, triage, assignment to staff or a partner and a rating at close; milestones
 * planned and achieved; quarterly KPI reports checked against the previous quarter.
 */
#ifndef BP_MODULE_LIFECYCLE_H
#define BP_MODULE_LIFECYCLE_H

struct resource;
/* entries.c: stage-events, programs, support-requests, milestones, kpi-reports */
extern const struct resource *const lifecycle_entries[];

#endif
