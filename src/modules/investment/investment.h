/*
 * investment: investor profiles, companies' fundraising rounds, the deal pipeline, IR events
 * and their registrations (docs/investment.md), and the investor-round matching answers.
 */
#ifndef BP_MODULE_INVESTMENT_H
#define BP_MODULE_INVESTMENT_H

#include "engine/resource.h"

struct http_req;

extern const struct resource *const investment_entries[];

/* GET /api/v1/investor-profiles/{id}/matches: the open rounds the caller may read, ranked for
 * the investor profile (score and reasons, rules.c). */
void api_investor_matches(struct http_req *r);
/* GET /api/v1/fundraisings/{id}/matches: the investor profiles ranked for the round. */
void api_fundraising_matches(struct http_req *r);

/* GET /api/v1/investment/high-growth: companies growing by 20 % a year or more by their KPI
 * reports (operators). */
void api_high_growth(struct http_req *r);

#endif
