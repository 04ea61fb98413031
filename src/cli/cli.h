/*
 * cli: the subcommands of `bpmc`. Each takes argc/argv after its name and returns an exit
 * code: 0 success, 1 failure, 2 bad usage; errors go to stderr in one line.
 */
#ifndef BP_CLI_H
#define BP_CLI_H

#include <stdbool.h>

int cmd_init(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_reindex(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_migrate_to_postgres(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_outbox(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_openapi(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_statements(int argc, char **argv);
int cmd_kpi_remind(int argc, char **argv);
int cmd_noshow_sweep(int argc, char **argv);
int cmd_sla_escalate(int argc, char **argv);

/* The database path: --db, else BPMC_DB, else data/bpmc.db. */
const char *cli_db_path(const char *flag);
/* Whether the database path names exists (a postgres:// URL: always; connecting tells). */
bool cli_db_exists(const char *path);
/* Parse [--db PATH] [--help] for cmd; -1 to go on with *path (an existing database), else the
 * exit code. */
int cli_db_only_args(int argc, char **argv, const char *cmd, const char *help, const char **path);

#endif
