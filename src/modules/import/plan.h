/*
 * import (plan): what an import of a parsed spreadsheet (domain/import.h) would do to one
 * collection, row by row, and doing it. Building the plan reads the database: which rows
 * already exist (orgs by 사업자등록번호, people by e-mail, capabilities by organisation and
 * title, any row by an "id" column), the organisations, people and tags that cells name; each
 * row then goes through the engine's own validation, rights and reference checks, so a preview
 * shows every error the commit would meet. Applying runs every row through resource_apply on
 * the caller's connection, inside the caller's transaction (the writer's savepoint, or the
 * CLI's BEGIN IMMEDIATE): audit rows and the search index are written with the rows, and the
 * first failure leaves the caller to roll the whole import back.
 *
 * Used by the HTTP handler (api/import.c: parse and preview on a worker, build again and apply
 * on the writer) and by `bpmc import` (cli/import.c).
 */
#ifndef BP_API_IMPORT_H
#define BP_API_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/http.h"

#include "base/buf.h"
#include "engine/principal.h"
#include "base/problem.h"
#include "engine/resource.h"
#include "db/db.h"
#include "modules/import/import.h"

enum import_action { IMPORT_CREATE, IMPORT_UPDATE };

struct import_plan_row {
    long long line;
    enum import_action action;
    long long id;                /* the row an update changes */
    const char *body;            /* the JSON body, as an operator would send it (plan arena) */
    size_t body_len;
    unsigned long long changed;  /* update: bit i set when field i of the entry would change */
    size_t nerrors;              /* errors of this row, described or not */
};

struct import_error {
    size_t row;         /* index in rows */
    const char *field;  /* NULL when about the row as a whole */
    const char *ko, *en;
};

struct import_plan {
    const struct resource *res;
    struct principal who;       /* the actor (operators; the system, user 0, for the CLI) */
    struct import_table table;  /* parsed by the caller (import_parse) */
    struct import_column *cols; /* one per header cell */
    struct arena arena;         /* bodies, messages, lookups */
    struct import_plan_row *rows; /* table.nrows of them */
    struct import_error *errors;  /* described errors, in row order, up to LIMIT_IMPORT_ERRORS */
    size_t nerrors, errors_total, error_rows;
    size_t creates, updates, unchanged;
    long long created, updated; /* by import_plan_apply */
    bool valid_only;  /* apply the rows without errors and leave the others (counted refused) */
    size_t examples;  /* a template's example row left as it was: dropped, not imported */
};

/* entries.c: import-runs, the record of the imports that wrote */
extern const struct resource *const import_entries[];

/* The entry of a collection that can be imported (orgs, people, capabilities), or NULL. */
const struct resource *import_collection(const char *name, size_t len);
/* The field that finds an existing row of res ("brn", "email", "title"), or NULL. */
const char *import_key_field(const struct resource *res);

/* Start a plan for res acted on by who; parse into plan->table next. */
void import_plan_init(struct import_plan *plan, const struct resource *res,
                      const struct principal *who);
void import_plan_release(struct import_plan *plan);

/* Decide, for every row of the parsed table, create or update (and which row), and find every
 * error, reading db. Can be called again (on another connection) and starts afresh. Errors of
 * rows are in the plan (error_rows > 0), not returned: BP_ERR_DB, BP_ERR_NOMEM and
 * BP_ERR_TOO_LARGE are (p says which). */
BP_MUST_USE enum bp_err import_plan_build(struct db *db, struct import_plan *plan,
                                         struct problem *p);

/* Apply a plan without errors (or, with valid_only, the rows of a plan that have none) on db,
 * inside the caller's transaction: creates and updates that change something (unchanged rows
 * are left alone). BP_ERR_INVALID when a row fails (its
 * errors are added to the plan: roll back), BP_ERR_DB and others as resource_apply. */
BP_MUST_USE enum bp_err import_plan_apply(struct db *db, struct import_plan *plan,
                                         struct problem *p);

/* The preview as JSON: {collection, format, encoding, key, columns[{header, field, reason?}],
 * missing[], rows[{line, action, id?, changed?, cells[], errors[{field, column, message,
 * message_ko, message_en}]}], creates, updates, unchanged, errors, error_count}. */
BP_MUST_USE enum bp_err import_plan_preview(const struct import_plan *plan, bool english,
                                           struct buf *out);
/* The 422 problem+json of a plan with errors: errors[{line, field, column, message, ...}],
 * rows[] (those with errors, as in the preview), the counts (rows with errors as
 * "error_rows"). Nothing was written. */
BP_MUST_USE enum bp_err import_plan_problem(const struct import_plan *plan, bool english,
                                           struct buf *out);
/* {"created":n,"updated":n,"unchanged":n} after import_plan_apply. */
BP_MUST_USE enum bp_err import_plan_result(const struct import_plan *plan, struct buf *out);

/* The header of the first column that gives field ("id" too), or NULL when none does. */
const char *import_plan_column(const struct import_plan *plan, const char *field);

/* workbook.c: the XLSX files an import writes for people (docs/import.md).
 * The example a template shows for field f in the language asked, into out; false when it
 * shows none. A row whose every cell is its field's example (in either language) is the
 * template's example row: an import drops it (plan->examples). */
bool import_example(const struct field *f, bool english, char *out, size_t size);
/* The template of res: labelled header row (" *" marks required fields), drop-down lists of
 * enums and yes/no, an example row, widths, a frozen header. */
BP_MUST_USE enum bp_err import_template_xlsx(const struct resource *res,
                                            const struct principal *who, bool english,
                                            struct buf *out);
/* The rows of plan with errors, as the file had them, the cells at fault marked and commented,
 * and a last column (import_error_header) of every reason, which an import ignores. */
BP_MUST_USE enum bp_err import_report_xlsx(const struct import_plan *plan, bool english,
                                          struct buf *out);
const char *import_error_header(bool english);

/* imports.c: POST /api/v1/imports?collection=&mode=preview|commit with a CSV or XLSX file's
 * bytes (operators): the preview of every row, or the whole file written in one transaction
 * (docs/import.md; the plan itself is plan.h). */
void api_import(struct http_req *r);
/* GET /api/v1/imports/template?collection=&lang= (operators): import_template_xlsx. */
void api_import_template(struct http_req *r);

#endif
