/*
 * statements: the facilities' monthly statements inside the module: their generation
 * (statements.c), the document of one statement read into a model (statement_doc.c) and its
 * renderings as CSV and XLSX (statement_doc.c) and PDF (statement_pdf.c).
 */
#ifndef BP_MODULE_FACILITIES_STATEMENTS_H
#define BP_MODULE_FACILITIES_STATEMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/problem.h"
#include "db/db.h"

/* The first instant of month ("YYYY-MM", Seoul) and of the next, as stored ("…Z"); false when
 * month is not one. */
bool statement_month_bounds(const char *month, char from[21], char to[21]);

/* Generate month's statements (of org alone unless 0) on db, in the caller's transaction, as
 * the platform acting for actor: a draft is replaced, an issued one kept. Appends the answer
 * {"month","statements":[{id,org_id,action,lines,total_fee}],"created","replaced","kept"} to
 * out. BP_ERR_INVALID naming month or org_id in p; the errors of resource_write. */
BP_MUST_USE enum bp_err facilities_statements_generate(struct db *db, long long actor,
                                                       const char *month, long long org,
                                                       struct buf *out, struct problem *p);

struct statement_line {
    long long id, booking_id, minutes, hourly_rate, fee, voucher_part, company_part, original_fee;
    char *resource, *starts, *ends, *fee_class, *reason; /* malloc'd; Seoul times */
    const char *basis; /* what the minutes are: "예약 시간", "이용 시간" (check-in to out), "" */
};

struct statement_doc {
    long long id, org_id, total_fee, voucher_part, company_part;
    char org_name[601], month[8], title[601], status[32];
    struct statement_line *lines;
    size_t n;
};

/* Read statement id into d (release with statement_doc_release). BP_ERR_NOT_FOUND. */
BP_MUST_USE enum bp_err statement_doc_load(struct db *db, long long id, struct statement_doc *d);
void statement_doc_release(struct statement_doc *d);

/* The renderers: each appends the whole document to out. */
BP_MUST_USE enum bp_err statement_csv(const struct statement_doc *d, struct buf *out);
BP_MUST_USE enum bp_err statement_xlsx(const struct statement_doc *d, struct buf *out);
BP_MUST_USE enum bp_err statement_pdf(const struct statement_doc *d, struct buf *out);

/* The formats of GET /api/v1/statements/{id}/document: the index of name, or -1. */
int statement_format(const char *name, size_t len);
const char *statement_format_type(int format);
const char *statement_format_extension(int format);
/* Render statement id in format into out (the CLI and the bench call it as the route does). */
BP_MUST_USE enum bp_err statement_render(struct db *db, long long id, int format, struct buf *out);

#endif
