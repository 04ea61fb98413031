/*
 * dashboard: the cluster's figures in one answer, drawn from every module's tables (docs/
 * dashboard.md). GET /api/v1/dashboard for operators: tenants by field and stage, new
 * organisations by month, needs, matches and collaborations, bookings and utilisation, budget
 * execution, achievements this year. GET /api/v1/dashboard/public for anyone: only the figures
 * of public rows (public tenants and organisations, public needs of public organisations, the
 * program's achievements, which the public card shows).
 */
#ifndef BP_MODULE_DASHBOARD_H
#define BP_MODULE_DASHBOARD_H

#include "engine/http.h"

void api_dashboard(struct http_req *r);
void api_dashboard_public(struct http_req *r);

#endif
