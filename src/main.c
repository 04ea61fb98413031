/*
 * bpmc: the operating platform of a bio precision-medicine cluster. This file is the table of
 * subcommands (after git.c's commands[]); each lives in src/cli/.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "engine/audit.h"
#include "base/banned.h"

static const struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"init", cmd_init, "create or upgrade the database; --demo loads the seed cluster"},
    {"migrate", cmd_migrate, "apply pending schema migrations"},
    {"reindex", cmd_reindex, "make the search index again from the rows"},
    {"serve", cmd_serve, "serve the HTTP API"},
    {"user", cmd_user, "manage users: user add --email E --name N --role ROLE [--org ID]"},
    {"audit", cmd_audit, "audit verify: check the audit log's hash chain"},
    {"outbox", cmd_outbox, "messages waiting for delivery (invitations, password resets), as JSON lines"},
    {"kpi-remind", cmd_kpi_remind, "remind tenant companies of the KPI report of the last quarter due, once each"},
    {"noshow-sweep", cmd_noshow_sweep, "mark bookings not checked in within their resource's grace as no-show, once each"},
    {"sla-escalate", cmd_sla_escalate, "escalate support requests about to miss their SLA, once each"},
    {"import", cmd_import, "import orgs, people or capabilities from a CSV or XLSX file (preview; --commit writes)"},
    {"openapi", cmd_openapi, "print the OpenAPI document the server publishes (no database needed)"},
    {"statements", cmd_statements, "statements generate --month YYYY-MM: the month's facility statements from the bookings"},
    {"report", cmd_report, "print a report: report project-card --format html|xlsx|hwpx|pdf --out FILE"},
    {"backup", cmd_backup, "consistent copy of the database while it is in use"},
    {"migrate-to-postgres", cmd_migrate_to_postgres, "copy a SQLite database into an empty PostgreSQL one and verify it row by row"},
    {"version", cmd_version, "print the version"},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: bpmc <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(to, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(to, "\n`bpmc <command> --help` for a command's options.\n"
                "Database: --db PATH, else $BPMC_DB, else data/bpmc.db.\n");
}

int main(int argc, char **argv)
{
    opterr = 0; /* each command reports bad options itself, in one line */
    /* The audit chain's key and checkpoints, when not beside the database (docs/privacy.md);
     * `serve --audit-key/--audit-checkpoints` set them too. */
    audit_configure(getenv("BPMC_AUDIT_KEY"), getenv("BPMC_AUDIT_CHECKPOINTS"));
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(0, NULL);
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "bpmc: unknown command '%s' (see bpmc --help)\n", argv[1]);
    return 2;
}
