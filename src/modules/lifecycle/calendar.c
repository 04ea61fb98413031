/*
 * calendar: the public holidays an SLA clock skips are the platform's one list of them, the
 * holidays table (kept by operators; seeded by migrations 0041 and 0090), read for the days a
 * request's deadlines may reach.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdio.h>

#include "base/validate.h"
#include "db/db.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

static void day_text(long long day, char out[11])
{
    long long y;
    int m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(y < 0 ? 0 : y % 10000), (unsigned)m % 100u,
             (unsigned)d % 100u);
}

enum bp_err lifecycle_holidays_load(struct db *db, time_t from, struct sla_holidays *out)
{
    struct db_stmt *st;
    enum db_step s = DB_DONE;
    long long first = sla_korean_day(from);
    char a[11], b[11];
    out->n = 0;
    day_text(first, a);
    day_text(first + SLA_HORIZON_DAYS, b);
    enum bp_err e = db_prepare(db, "SELECT DISTINCT date FROM holidays WHERE date>=?1 AND "
                                   "date<=?2 ORDER BY date", &st);
    if (e)
        return e;
    db_bind_text(st, 1, a, 10);
    db_bind_text(st, 2, b, 10);
    while (out->n < SLA_HOLIDAYS_MAX && (s = db_step(st)) == DB_ROW) {
        size_t len;
        const char *t = db_column_text(st, 0, &len);
        int y, m, d;
        if (len != 10 || sscanf(t, "%4d-%2d-%2d", &y, &m, &d) != 3) /* checked when written */
            continue;
        out->day[out->n++] = days_from_civil(y, m, d);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}
