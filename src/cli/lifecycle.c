/*
 * lifecycle: `bpmc kpi-remind` reminds each tenant company that has not submitted the KPI report
 * of the last quarter due (or --quarter YYYY-QN) once, through the outbox; run it daily (cron).
 * Running it again, or in two processes at once, reminds no one twice.
 */
#include "cli/cli.h"
#include "engine/audit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "engine/resource.h"
#include "modules/modules.h"
#include "modules/lifecycle/lifecycle.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

static bool two_digits_at(const char *s, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

/* "2026-Q3" into year and quarter. */
static bool parse_quarter(const char *s, int *year, int *quarter)
{
    int hi, lo;
    if (strlen(s) != 7 || s[4] != '-' || s[5] != 'Q' || s[6] < '1' || s[6] > '4' ||
        !two_digits_at(s, &hi) || !two_digits_at(s + 2, &lo))
        return false;
    *year = hi * 100 + lo;
    *quarter = s[6] - '0';
    return true;
}

/* "2026-12-06" into its parts (checked only as far as the due quarter needs). */
static bool parse_day(const char *s, int *year, int *month, int *day)
{
    int hi, lo;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !two_digits_at(s, &hi) ||
        !two_digits_at(s + 2, &lo) || !two_digits_at(s + 5, month) || !two_digits_at(s + 8, day) ||
        *month < 1 || *month > 12 || *day < 1 || *day > 31)
        return false;
    *year = hi * 100 + lo;
    return true;
}

int cmd_kpi_remind(int argc, char **argv)
{
    const char *quarter_arg = NULL, *today_arg = NULL;
    int kept = 0;
    for (int i = 1; i < argc; i++) { /* --quarter and --today are ours; the rest [--db PATH] */
        if ((strcmp(argv[i], "--quarter") == 0 || strcmp(argv[i], "--today") == 0) && i + 1 < argc) {
            if (argv[i][2] == 'q')
                quarter_arg = argv[++i];
            else
                today_arg = argv[++i];
        } else {
            argv[++kept] = argv[i];
        }
    }
    const char *path;
    int rc = cli_db_only_args(kept + 1, argv, "kpi-remind",
                              "Remind each tenant company that has not submitted the KPI report of "
                              "the last quarter due\n(the 20th of the month after it ends; or "
                              "--quarter YYYY-QN; --today YYYY-MM-DD for another day)\nonce, "
                              "through the outbox. Safe to run daily and in several processes.",
                              &path);
    if (rc >= 0)
        return rc;
    int year = 0, quarter = 0, y, m, d;
    if (quarter_arg) {
        if (!parse_quarter(quarter_arg, &year, &quarter)) {
            fprintf(stderr, "bpmc kpi-remind: --quarter wants YYYY-QN (2026-Q3), not %s\n", quarter_arg);
            return 2;
        }
    } else {
        if (today_arg) {
            if (!parse_day(today_arg, &y, &m, &d)) {
                fprintf(stderr, "bpmc kpi-remind: --today wants YYYY-MM-DD, not %s\n", today_arg);
                return 2;
            }
        } else {
            time_t korea = time(NULL) + 9 * 3600;
            struct tm tm;
            if (!gmtime_r(&korea, &tm))
                return 1;
            y = tm.tm_year + 1900;
            m = tm.tm_mon + 1;
            d = tm.tm_mday;
        }
        kpi_due_quarter(y, m, d, &year, &quarter);
    }
    struct db *db;
    if (db_open(path, DB_WRITE, false, &db))
        return 1;
    int sent = 0;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e)
        e = lifecycle_remind_late(db, year, quarter, 0, &sent);
    if (!e)
        e = db_exec(db, "COMMIT");
    if (e) {
        fprintf(stderr, "bpmc kpi-remind: %s\n", db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
    } else {
        if (audit_checkpoint(db))
            fprintf(stderr, "bpmc kpi-remind: cannot write the audit checkpoint\n");
        printf("kpi-remind: %04d-Q%d: %d companies reminded\n", year, quarter, sent);
    }
    db_close(db);
    return e ? 1 : 0;
}

/* `bpmc sla-escalate [--db PATH] [--hours N] [--now YYYY-MM-DDTHH:MM:SSZ]`: escalate once each
 * open support request's deadline due within N hours (4 by default) or past; run it every few
 * minutes (cron). Two at once escalate each deadline once. */
int cmd_sla_escalate(int argc, char **argv)
{
    const char *now_arg = NULL;
    int hours = 4, kept = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) {
            now_arg = argv[++i];
        } else if (strcmp(argv[i], "--hours") == 0 && i + 1 < argc) {
            const char *h = argv[++i];
            hours = 0;
            for (; *h >= '0' && *h <= '9' && hours < 1000; h++)
                hours = hours * 10 + (*h - '0');
            if (*h || hours < 1 || hours > 240) {
                fprintf(stderr, "bpmc sla-escalate: --hours wants 1 to 240\n");
                return 2;
            }
        } else {
            argv[++kept] = argv[i];
        }
    }
    const char *path;
    int rc = cli_db_only_args(kept + 1, argv, "sla-escalate",
                              "Escalate each open support request whose first answer or resolution "
                              "is due within\n--hours N (4) or is late, once: its assignee and the "
                              "operators are told.\n--now YYYY-MM-DDTHH:MM:SSZ for another instant. "
                              "Safe to run often and in several processes.",
                              &path);
    if (rc >= 0)
        return rc;
    time_t now = time(NULL);
    if (now_arg && !sla_parse(now_arg, &now)) {
        fprintf(stderr, "bpmc sla-escalate: --now wants YYYY-MM-DDTHH:MM:SSZ, not %s\n", now_arg);
        return 2;
    }
    struct db *db;
    if (db_open(path, DB_WRITE, false, &db))
        return 1;
    int sent = 0;
    /* the escalation stamps requests through the engine: its entries first */
    enum bp_err e = modules_register();
    if (!e)
        e = resource_init(db);
    if (!e)
        e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e)
        e = lifecycle_escalate(db, now, hours * 3600, 0, &sent);
    if (!e)
        e = db_exec(db, "COMMIT");
    if (e) {
        fprintf(stderr, "bpmc sla-escalate: %s\n", db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
    } else {
        printf("sla-escalate: %d deadlines escalated\n", sent);
    }
    db_close(db);
    return e ? 1 : 0;
}
