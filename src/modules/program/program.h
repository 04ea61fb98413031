/*
 * program: the city's program of the cluster (사업관리): unit projects, the yearly schedule,
 * budgets by source, achievements, issues and countermeasures, and the lead department's
 * contacts, from which the project card is printed.
 */
#ifndef BP_MODULE_PROGRAM_H
#define BP_MODULE_PROGRAM_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

struct resource;
struct db;
struct http_req;

/* entries.c */
extern const struct resource *const program_entries[];

/* report.c: the project card. A format is an index: program_card_format("pdf", 3) (-1 when
 * unknown: html, xlsx, hwpx, pdf). project_id 0 is the first program. */
int program_card_format(const char *name, size_t len);
const char *program_card_content_type(int format);
const char *program_card_extension(int format);
BP_MUST_USE enum bp_err program_card_render(struct db *db, long long project_id, int format,
                                            struct buf *out);
/* GET /api/v1/reports/project-card */
void api_project_card(struct http_req *r);

/* views.c: GET /api/v1/program/budget (plan and execution by period and source, execution
 * rate) and GET /api/v1/program/schedule (the unit project × period matrix and the rows). */
void api_program_budget(struct http_req *r);
void api_program_schedule(struct http_req *r);

#endif
