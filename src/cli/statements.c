/*
 * statements: `bpmc statements generate --month YYYY-MM [--org ID] [--db PATH]`, the month's
 * facility statements made from the bookings as POST /api/v1/statements/generate makes them
 * (a draft replaced, an issued one kept), in one transaction; prints the answer's JSON. Safe to
 * run while `bpmc serve` runs on the same file, and again (idempotent).
 */
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"
#include "db/db.h"
#include "engine/resource.h"
#include "modules/facilities/statements.h"
#include "modules/modules.h"
#include "base/banned.h"

static int statements_usage(FILE *to, int status)
{
    fprintf(to, "usage: bpmc statements generate --month YYYY-MM [--org ID] [--db PATH]\n"
                "Make the month's facility statements from the bookings (one per organisation,\n"
                "a line per billed booking): a draft is replaced, an issued one is kept.\n");
    return status;
}

int cmd_statements(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"month", required_argument, NULL, 'm'},
        {"org", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_flag = NULL, *month = NULL, *org_arg = NULL;
    int c;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return statements_usage(stdout, 0);
    if (argc < 2 || strcmp(argv[1], "generate") != 0) {
        fprintf(stderr, "bpmc statements: name the action: generate\n");
        return statements_usage(stderr, 2);
    }
    argc--, argv++;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd')
            db_flag = optarg;
        else if (c == 'm')
            month = optarg;
        else if (c == 'o')
            org_arg = optarg;
        else if (c == 'h')
            return statements_usage(stdout, 0);
        else
            return statements_usage(stderr, 2);
    }
    char from[21], to[21];
    long long org = 0;
    if (optind != argc || !month || !statement_month_bounds(month, from, to)) {
        fprintf(stderr, "bpmc statements: --month YYYY-MM is required\n");
        return statements_usage(stderr, 2);
    }
    if (org_arg && !str_to_i64(str_from(org_arg), 1, 1LL << 62, &org)) {
        fprintf(stderr, "bpmc statements: --org is a positive integer id\n");
        return 2;
    }
    const char *path = cli_db_path(db_flag);
    if (!cli_db_exists(path)) {
        fprintf(stderr, "bpmc statements: %s does not exist\n", path);
        return 1;
    }
    struct db *db;
    int applied;
    if (db_open(path, DB_WRITE, false, &db))
        return 1;
    int rc = 1;
    struct buf out;
    struct problem p;
    problem_init(&p);
    buf_init(&out, NULL, 1 << 24);
    if (modules_register() || db_migrate(db, &applied) || resource_init(db))
        goto out_close;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e)
        e = facilities_statements_generate(db, 0, month, org, &out, &p);
    if (!e)
        e = db_exec(db, "COMMIT");
    if (e) {
        err_ignore(db_exec(db, "ROLLBACK"));
        fprintf(stderr, "bpmc statements: %s%s%s\n", p.n ? p.errors[0].field : "", p.n ? ": " : "",
                p.n ? p.errors[0].en : p.err ? p.detail_en : db_errmsg(db));
        rc = e == BP_ERR_INVALID ? 2 : 1;
    } else {
        printf("%s\n", out.data);
        rc = 0;
    }
out_close:
    buf_release(&out);
    db_close(db);
    return rc;
}
