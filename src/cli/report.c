/*
 * report: `bpmc report project-card --format html|xlsx|hwpx|pdf --out FILE [--project ID]
 * [--db PATH]`, the same card the API answers at /api/v1/reports/project-card, written to a
 * file (for the quarterly submission, or a cron job).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"
#include "cli/cli.h"
#include "db/db.h"
#include "modules/program/program.h"
#include "base/banned.h"

static int report_usage(FILE *to, int status)
{
    fprintf(to, "usage: bpmc report project-card --format html|xlsx|hwpx|pdf --out FILE\n"
                "                                [--project ID] [--db PATH]\n"
                "Print the program's project card (사업 카드) from the database to FILE\n"
                "(the first pledge project unless --project names one).\n");
    return status;
}

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},     {"format", required_argument, NULL, 'f'},
        {"out", required_argument, NULL, 'o'},    {"project", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},         {NULL, 0, NULL, 0}};
    const char *db_flag = NULL, *format_name = "html", *out = NULL, *program = NULL;
    int c;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return report_usage(stdout, 0);
    if (argc < 2 || strcmp(argv[1], "project-card") != 0) {
        fprintf(stderr, "bpmc report: name the report: project-card\n");
        return report_usage(stderr, 2);
    }
    argc--, argv++; /* the options follow the report's name */
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd')
            db_flag = optarg;
        else if (c == 'f')
            format_name = optarg;
        else if (c == 'o')
            out = optarg;
        else if (c == 'p')
            program = optarg;
        else if (c == 'h')
            return report_usage(stdout, 0);
        else
            return report_usage(stderr, 2);
    }
    if (optind != argc || !out) {
        fprintf(stderr, "bpmc report: --out FILE is required\n");
        return report_usage(stderr, 2);
    }
    int format = program_card_format(format_name, strlen(format_name));
    long long project_id = 0;
    if (format < 0) {
        fprintf(stderr, "bpmc report: --format is one of html, xlsx, hwpx, pdf\n");
        return 2;
    }
    if (program && !str_to_i64(str_from(program), 1, 1LL << 62, &project_id)) {
        fprintf(stderr, "bpmc report: --project is a positive integer id\n");
        return 2;
    }
    const char *path = cli_db_path(db_flag);
    if (!cli_db_exists(path)) {
        fprintf(stderr, "bpmc report: %s does not exist\n", path);
        return 1;
    }
    struct db *db;
    if (db_open(path, DB_READ, false, &db))
        return 1;
    struct buf b;
    buf_init(&b, NULL, 64u * 1024 * 1024);
    enum bp_err e = program_card_render(db, project_id, format, &b);
    db_close(db);
    if (e) {
        fprintf(stderr, "bpmc report: %s\n",
                e == BP_ERR_NOT_FOUND ? "no such pledge project" : "the card could not be made");
        buf_release(&b);
        return 1;
    }
    FILE *f = fopen(out, "wb");
    bool ok = f && fwrite(b.data, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0)
        ok = false;
    if (!ok)
        fprintf(stderr, "bpmc report: cannot write %s\n", out);
    else
        printf("bpmc: project card (%s, %zu bytes) written to %s\n", format_name, b.len, out);
    buf_release(&b);
    return ok ? 0 : 1;
}
