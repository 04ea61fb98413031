/*
 * facilities: `bpmc noshow-sweep` marks the confirmed bookings not checked in within their
 * resource's noshow_minutes as no-show, once (`bpmc serve` does the same every
 * --sweep-seconds). --now takes another instant as now. Safe beside running servers and
 * itself: each mark is a compare-and-set write in one write transaction.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "modules/facilities/checkin.h"
#include "modules/facilities/rules.h"
#include "modules/modules.h"
#include "base/validate.h"
#include "base/banned.h"

int cmd_noshow_sweep(int argc, char **argv)
{
    const char *now_arg = NULL;
    int kept = 0;
    for (int i = 1; i < argc; i++) { /* --now is ours; the rest [--db PATH] */
        if (strcmp(argv[i], "--now") == 0 && i + 1 < argc)
            now_arg = argv[++i];
        else
            argv[++kept] = argv[i];
    }
    const char *path;
    int rc = cli_db_only_args(kept + 1, argv, "noshow-sweep",
                              "Mark every confirmed booking not checked in within its resource's "
                              "no-show minutes\nas no-show, telling its organisation (--now "
                              "YYYY-MM-DDTHH:MM:SS+09:00 for another instant).\nSafe beside "
                              "bpmc serve and in several processes: each booking is marked once.",
                              &path);
    if (rc >= 0)
        return rc;
    long long now = (long long)time(NULL);
    if (now_arg) {
        char utc[VALIDATE_DATETIME_SIZE];
        if (!valid_datetime(now_arg, strlen(now_arg), utc, sizeof(utc)) || !instant_parse(utc, &now)) {
            fprintf(stderr, "bpmc noshow-sweep: --now wants an ISO 8601 date-time, not %s\n", now_arg);
            return 2;
        }
    }
    struct db *db;
    if (db_open(path, DB_WRITE, false, &db))
        return 1;
    if (modules_register()) {
        db_close(db);
        return 1;
    }
    long long marked = 0;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e)
        e = facilities_noshow_sweep(db, now, &marked);
    if (!e)
        e = db_exec(db, "COMMIT");
    if (e) {
        fprintf(stderr, "bpmc noshow-sweep: %s (%s)\n", err_title_en(e), db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
    } else {
        printf("noshow-sweep: %lld bookings marked no-show\n", marked);
    }
    db_close(db);
    return e ? 1 : 0;
}
