/*
 * import: `bpmc import --collection orgs FILE [--commit]`. Reads a CSV or XLSX file, shows what
 * the import would do row by row (create, update of which row and which fields, every error by
 * line and column), and with --commit writes it all in one transaction as the system (audit
 * actor 0), or nothing when any row has an error. The same plan as the HTTP API
 * (api/import.h), on a connection of its own, safe while `bpmc serve` runs.
 */
#include "cli/cli.h"
#include "engine/audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/modules.h"
#include "modules/import/plan.h"
#include "base/limits.h"
#include "db/db.h"
#include "base/banned.h"

static const char usage_text[] =
    "usage: bpmc import [--db PATH] --collection orgs|people|capabilities FILE\n"
    "                   [--commit [--valid-only]] [--report OUT.xlsx] [--json]\n"
    "                   [--encoding auto|utf-8|cp949]\n"
    "Import a CSV (UTF-8 or CP949, as Korean Excel saves it) or XLSX file. Without --commit,\n"
    "print what would happen to each row (create, update, errors by line and column); exit 1\n"
    "when a row has errors. --commit writes every row in one transaction, or nothing;\n"
    "with --valid-only, the rows without errors. --report writes the rows with errors, their\n"
    "cells at fault marked, as an XLSX file to fix and import again.\n"
    "--json prints the preview as the API answers it. Headers are field names or their Korean\n"
    "or English labels; rows are matched by 사업자등록번호 (orgs), e-mail (people), organisation\n"
    "and title (capabilities), or an id column. See docs/import.md.\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "bpmc import: %s (see bpmc import --help)\n", msg);
    return 2;
}

/* The whole file, bounded by LIMIT_IMPORT_BYTES; NULL after saying why. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "bpmc import: cannot open %s\n", path);
        return NULL;
    }
    char *data = malloc(LIMIT_IMPORT_BYTES + 1);
    size_t n = data ? fread(data, 1, LIMIT_IMPORT_BYTES + 1, f) : 0;
    bool failed = !data || ferror(f);
    fclose(f);
    if (failed || n > LIMIT_IMPORT_BYTES) {
        fprintf(stderr, "bpmc import: %s: %s\n", path,
                failed ? "cannot read it" : "the file is too large (at most 10 MiB)");
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

static void print_problem(const struct problem *p)
{
    fprintf(stderr, "bpmc import: %s (%s)\n", p->detail_en[0] ? p->detail_en : err_title_en(p->err),
            p->detail_ko[0] ? p->detail_ko : err_title_ko(p->err));
    for (size_t i = 0; i < p->n; i++)
        fprintf(stderr, "  %s: %s (%s)\n", p->errors[i].field, p->errors[i].en, p->errors[i].ko);
}

/* The plan as a person reads it: the columns, then one line per row and one per error. */
static void print_plan(const struct import_plan *plan, FILE *to)
{
    const struct import_table *t = &plan->table;
    fprintf(to, "%s: %s%s, %zu columns, %zu rows\n", plan->res->name,
            t->format == IMPORT_XLSX ? "XLSX" : "CSV",
            t->format == IMPORT_XLSX ? "" : (t->encoding == IMPORT_ENC_CP949 ? " (CP949)" : " (UTF-8)"),
            t->header.ncells, t->nrows);
    for (size_t i = 0; i < t->header.ncells; i++) {
        const struct import_column *c = &plan->cols[i];
        const char *why = import_column_reason(c->kind);
        if (why)
            fprintf(to, "  column %zu \"%s\": ignored (%s)\n", i + 1, c->header, why);
        else
            fprintf(to, "  column %zu \"%s\" -> %s\n", i + 1, c->header,
                    c->kind == IMPORT_COL_ID ? "id" : c->field->name);
    }
    size_t next = 0;
    for (size_t k = 0; k < t->nrows; k++) {
        const struct import_plan_row *pr = &plan->rows[k];
        if (pr->nerrors)
            fprintf(to, "line %lld: %zu error%s\n", pr->line, pr->nerrors, pr->nerrors == 1 ? "" : "s");
        else if (pr->action == IMPORT_CREATE)
            fprintf(to, "line %lld: create\n", pr->line);
        else if (!pr->changed)
            fprintf(to, "line %lld: unchanged (id %lld)\n", pr->line, pr->id);
        else {
            fprintf(to, "line %lld: update id %lld:", pr->line, pr->id);
            for (size_t i = 0; i < 64 && plan->res->fields[i].name; i++)
                if (pr->changed & (1ULL << i))
                    fprintf(to, " %s", plan->res->fields[i].name);
            fputc('\n', to);
        }
        for (; next < plan->nerrors && plan->errors[next].row <= k; next++) {
            const struct import_error *err = &plan->errors[next];
            if (err->row == k)
                fprintf(to, "  %s: %s (%s)\n", err->field ? err->field : "row", err->en, err->ko);
        }
    }
    fprintf(to, "%zu to create, %zu to update, %zu unchanged, %zu with errors\n", plan->creates,
            plan->updates, plan->unchanged, plan->error_rows);
}

struct import_args {
    const char *db, *collection, *file, *encoding, *report;
    bool commit, json, valid_only;
};

static int parse_args(int argc, char **argv, struct import_args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"collection", required_argument, NULL, 'c'},
        {"commit", no_argument, NULL, 'C'},         {"json", no_argument, NULL, 'j'},
        {"encoding", required_argument, NULL, 'e'}, {"help", no_argument, NULL, 'h'},
        {"valid-only", no_argument, NULL, 'V'},     {"report", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1; /* options may follow the file (GNU getopt permutes) */
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            a->db = optarg;
        else if (c == 'c')
            a->collection = optarg;
        else if (c == 'C')
            a->commit = true;
        else if (c == 'j')
            a->json = true;
        else if (c == 'e')
            a->encoding = optarg;
        else if (c == 'V')
            a->valid_only = true;
        else if (c == 'r')
            a->report = optarg;
        else if (c == 'h')
            return printf("%s", usage_text) < 0 ? 1 : 0;
        else
            return usage_error("unknown option");
    }
    if (optind + 1 != argc)
        return usage_error("name one file");
    a->file = argv[optind];
    if (!a->collection)
        return usage_error("--collection is required");
    if (a->valid_only && !a->commit)
        return usage_error("--valid-only goes with --commit");
    return -1;
}

/* The report of the rows with errors (workbook.c) into the file at path; non-zero on failure. */
static int write_report(const struct import_plan *plan, const char *path)
{
    struct buf out;
    buf_init(&out, NULL, (size_t)LIMIT_IMPORT_BYTES * 4);
    FILE *f = NULL;
    int rc = import_report_xlsx(plan, false, &out) || !(f = fopen(path, "wb")) ||
             fwrite(out.data, 1, out.len, f) != out.len;
    if (f && fclose(f))
        rc = 1;
    if (rc)
        fprintf(stderr, "bpmc import: cannot write the report %s\n", path);
    buf_release(&out);
    return rc;
}

static int run(struct db *db, struct import_plan *plan, const struct import_args *a)
{
    struct problem p;
    problem_init(&p);
    if (a->commit && db_exec(db, "BEGIN IMMEDIATE")) {
        fprintf(stderr, "bpmc import: the database is busy: %s\n", db_errmsg(db));
        return 1;
    }
    enum bp_err e = import_plan_build(db, plan, &p);
    if (!e && a->report && write_report(plan, a->report))
        e = BP_ERR_IO;
    bool writable = !plan->error_rows || plan->valid_only;
    if (!e && a->commit && writable)
        e = import_plan_apply(db, plan, &p);
    if (a->json) {
        struct buf out;
        buf_init(&out, NULL, (size_t)LIMIT_ARENA_BYTES * 8);
        if (!e || e == BP_ERR_INVALID)
            err_ignore(import_plan_preview(plan, true, &out));
        if (out.len)
            printf("%s\n", out.data);
        buf_release(&out);
    } else if (!e || e == BP_ERR_INVALID) {
        print_plan(plan, stdout);
    }
    if (e && e != BP_ERR_INVALID)
        print_problem(&p);
    bool ok = !e && writable;
    if (a->commit && ok && db_exec(db, "COMMIT")) {
        fprintf(stderr, "bpmc import: commit failed: %s\n", db_errmsg(db));
        ok = false;
    }
    if (a->commit && !ok) {
        err_ignore(db_exec(db, "ROLLBACK"));
        fprintf(stderr, "bpmc import: nothing was written\n");
    } else if (a->commit) {
        if (audit_checkpoint(db))
            fprintf(stderr, "bpmc import: cannot write the audit checkpoint\n");
        printf("created %lld, updated %lld, unchanged %zu\n", plan->created, plan->updated,
               plan->unchanged);
        if (plan->error_rows)
            printf("refused %zu (rows with errors)\n", plan->error_rows);
    }
    return ok && !plan->error_rows ? 0 : 1;
}

int cmd_import(int argc, char **argv)
{
    struct import_args a = {NULL, NULL, NULL, "auto", NULL, false, false, false};
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    enum import_encoding enc = IMPORT_ENC_AUTO;
    if (strcmp(a.encoding, "utf-8") == 0 || strcmp(a.encoding, "utf8") == 0)
        enc = IMPORT_ENC_UTF8;
    else if (strcmp(a.encoding, "cp949") == 0 || strcmp(a.encoding, "euc-kr") == 0)
        enc = IMPORT_ENC_CP949;
    else if (strcmp(a.encoding, "auto") != 0)
        return usage_error("--encoding is auto, utf-8 or cp949");
    const char *path = cli_db_path(a.db);
    struct db *db;
    int applied;
    if (db_open(path, DB_WRITE, false, &db)) {
        fprintf(stderr, "bpmc import: cannot open %s (run bpmc init)\n", path);
        return 1;
    }
    if (modules_register()) {
        db_close(db);
        return 1;
    }
    const struct resource *res = import_collection(a.collection, strlen(a.collection));
    if (!res) {
        db_close(db);
        return usage_error("--collection is orgs, people or capabilities");
    }
    if (db_migrate(db, &applied)) {
        fprintf(stderr, "bpmc import: cannot bring %s up to date\n", path);
        db_close(db);
        return 1;
    }
    size_t len;
    char *bytes = read_file(a.file, &len);
    if (!bytes) {
        db_close(db);
        return 1;
    }
    static const struct principal system = {0, ROLE_OPERATOR_ADMIN, 0};
    struct import_plan plan;
    struct problem p;
    problem_init(&p);
    import_plan_init(&plan, res, &system);
    plan.valid_only = a.valid_only;
    rc = 1;
    if (import_parse(bytes, len, IMPORT_AUTO, enc, &plan.table, &p))
        print_problem(&p);
    else
        rc = run(db, &plan, &a);
    free(bytes);
    import_plan_release(&plan);
    db_close(db);
    return rc;
}
