/*
 * reminders: tenant companies that have not submitted a quarter's KPI report are reminded of
 * it once. The reminder's row (kpi_reminders, one per company and quarter) is written in the
 * same transaction as its notification, so two senders at once (two processes, a command run
 * twice) remind each company once.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdio.h>

#include "modules/accounts/accounts.h"
#include "base/banned.h"

/* Tenant companies without a submitted (or accepted) report of the quarter, not yet reminded. */
static const char sql_remember[] =
    "INSERT INTO kpi_reminders(org_id,year,quarter) SELECT o.id, ?1, ?2 FROM orgs o WHERE "
    "o.is_tenant=1 AND o.kind='company' AND NOT EXISTS (SELECT 1 FROM kpi_reports k WHERE "
    "k.org_id=o.id AND k.year=?1 AND k.quarter=?2 AND k.status IN ('submitted','accepted')) "
    "ON CONFLICT DO NOTHING";
static const char sql_next[] =
    "SELECT min(org_id) FROM kpi_reminders WHERE year=?1 AND quarter=?2 AND notified=0";
static const char sql_done[] =
    "UPDATE kpi_reminders SET notified=1 WHERE org_id=?1 AND year=?2 AND quarter=?3";

/* Whether sql_remember would find a company, or a reminder is not sent yet: read only. */
static const char sql_due[] =
    "SELECT EXISTS (SELECT 1 FROM orgs o WHERE o.is_tenant=1 AND o.kind='company' AND NOT EXISTS "
    "(SELECT 1 FROM kpi_reports k WHERE k.org_id=o.id AND k.year=?1 AND k.quarter=?2 AND k.status "
    "IN ('submitted','accepted')) AND NOT EXISTS (SELECT 1 FROM kpi_reminders m WHERE "
    "m.org_id=o.id AND m.year=?1 AND m.quarter=?2)) OR EXISTS (SELECT 1 FROM kpi_reminders WHERE "
    "year=?1 AND quarter=?2 AND notified=0)";

enum bp_err lifecycle_remind_due(struct db *db, int year, int quarter, bool *due)
{
    long long any = 0;
    enum bp_err e = db_run(db, &any, sql_due, "ii", (long long)year, (long long)quarter);
    *due = !e && any;
    return e;
}

enum bp_err lifecycle_remind_late(struct db *db, int year, int quarter, int limit, int *sent)
{
    char subject[160], body[400];
    long long org = 0;
    *sent = 0;
    enum bp_err e = db_run(db, NULL, sql_remember, "ii", (long long)year, (long long)quarter);
    snprintf(subject, sizeof(subject), "%d년 %d분기 KPI 보고서를 제출해 주세요 / Your %d Q%d KPI report is due",
             year, quarter, year, quarter);
    snprintf(body, sizeof(body),
             "%d년 %d분기 KPI 보고서가 아직 제출되지 않았습니다. 전주기 지원 페이지에서 작성하고 "
             "제출해 주세요. / Your KPI report for %d Q%d has not been submitted yet: write and "
             "submit it on your lifecycle page.",
             year, quarter, year, quarter);
    while (!e && (limit <= 0 || *sent < limit) &&
           !(e = db_run(db, &org, sql_next, "ii", (long long)year, (long long)quarter)) && org) {
        if ((e = account_notify_org(db, org, "kpi-reminder", subject, body, "/lifecycle")) ||
            (e = db_run(db, NULL, sql_done, "iii", org, (long long)year, (long long)quarter)))
            break;
        (*sent)++;
    }
    return e;
}
