/*
 * api: the lifecycle's two answers that are not a collection, both for operators (they join
 * private rows of many companies):
 *   GET /api/v1/programs/{id}/outcomes: each selected company's KPIs of the last reported
 *     quarter before its selection and of the last one after (did the support help?);
 *   GET /api/v1/lifecycle/late-reports?quarter=YYYY-QN: tenant companies whose report of the
 *     quarter is missing, unsubmitted or was submitted after its due day, with whether they
 *     were reminded.
 * Each is one SQL statement that writes the JSON answer, on the caller's read connection.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "db/dialect.h"
#include "engine/http.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

/* A company's figures in a report, as a JSON object (k: the report's alias; dialect_sql). */
#define FIGURES(k)                                                                                 \
    "{obj:period=" k ".period|status=" k ".status|revenue=" k ".revenue|employees=" k             \
    ".employees|rnd_spend=" k ".rnd_spend|patents=" k ".patents|funding_raised=" k                 \
    ".funding_raised|export_revenue=" k ".export_revenue}"

/* sel: the program's selected companies, with the quarter (year * 4 + quarter - 1) of the
 * decision; before and after: their last submitted or accepted report before that quarter and
 * the last one after it. sel's columns have names of their own (sel_org, sel_q): the reports'
 * subqueries read them unqualified. */
static const char sql_outcomes[] =
    "WITH sel AS (SELECT a.id AS application_id, a.org_id AS sel_org, o.name, "
    "substr(coalesce(a.decided_at, a.created_at),1,10) AS since, "
    "CAST(substr(coalesce(a.decided_at, a.created_at),1,4) AS INTEGER)*4 + "
    "(CAST(substr(coalesce(a.decided_at, a.created_at),6,2) AS INTEGER)-1)/3 AS sel_q "
    "FROM program_applications a JOIN orgs o ON o.id=a.org_id WHERE a.program_id=?1 AND "
    "a.status='selected') "
    "SELECT {obj:program_id=p.id|title=p.title|items={arr:{obj:org_id=sel_org|org_name=name|"
    "application_id=application_id|selected_on=since|"
    "before={json:(SELECT " FIGURES("k") " FROM kpi_reports k WHERE k.org_id=sel_org AND "
    "k.status IN ('submitted','accepted') AND k.year*4+k.quarter-1 < sel_q ORDER BY k.year DESC, "
    "k.quarter DESC LIMIT 1)}|"
    "after={json:(SELECT " FIGURES("k") " FROM kpi_reports k WHERE k.org_id=sel_org AND "
    "k.status IN ('submitted','accepted') AND k.year*4+k.quarter-1 > sel_q ORDER BY k.year DESC, "
    "k.quarter DESC LIMIT 1)}}|sel|name, application_id}} FROM programs p WHERE p.id=?1";

void api_program_outcomes(struct http_req *r)
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    struct db_stmt *st;
    enum bp_err e = db_prepare(http_db(r), DIALECT_SQL(sql_outcomes), &st);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    size_t len = 0;
    const char *json = s == DB_ROW ? db_column_text(st, 0, &len) : NULL;
    if (s == DB_ROW && json)
        e = buf_addstr(&r->ans.body, (struct str){json, len});
    db_reset(st);
    if (s == DB_DONE) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    if (s != DB_ROW || e) {
        http_reply_error(r, s != DB_ROW ? BP_ERR_DB : e);
        return;
    }
    http_reply_json(r, 200);
}

/* Tenant companies of the quarter (?1 year, ?2 quarter, ?3 due day, ?4 today in Korea, ?5 the
 * quarter's name) whose report is missing, not submitted, or was submitted late. */
static const char sql_late[] =
    "SELECT {obj:quarter=CAST(?5 AS TEXT)|due_on=CAST(?3 AS TEXT)|"
    "overdue={true:CAST(?4 AS TEXT) > CAST(?3 AS TEXT)}|items={arr:{obj:org_id=id|org_name=name|"
    "report_id=report_id|status=status|submitted_at=submitted_at|is_late={true:is_late=1}|"
    "reminded={true:reminded=1}}|(SELECT o.id, o.name, k.id AS report_id, k.status, "
    "k.submitted_at, "
    "CASE WHEN k.is_late=1 OR (?4 > ?3 AND coalesce(k.status,'') NOT IN ('submitted','accepted')) "
    "THEN 1 ELSE 0 END AS is_late, "
    "CASE WHEN r.notified=1 THEN 1 ELSE 0 END AS reminded "
    "FROM orgs o LEFT JOIN kpi_reports k ON k.org_id=o.id AND k.year=?1 AND k.quarter=?2 "
    "LEFT JOIN kpi_reminders r ON r.org_id=o.id AND r.year=?1 AND r.quarter=?2 "
    "WHERE o.is_tenant=1 AND o.kind='company' AND (k.id IS NULL OR k.is_late=1 OR k.status NOT "
    "IN ('submitted','accepted'))) late|name, id}}";

void api_late_reports(struct http_req *r)
{
    int year = 0, quarter = 0;
    struct str query = r->query;
    while (query.ptr && query.len) {
        struct str pair, key, v;
        query = str_cut(query, '&', &pair);
        v = str_cut(pair, '=', &key);
        long long y;
        if (str_eq_c(key, "quarter") && v.len == 7 && v.ptr[4] == '-' && v.ptr[5] == 'Q' &&
            v.ptr[6] >= '1' && v.ptr[6] <= '4' && str_to_i64((struct str){v.ptr, 4}, 2000, 2100, &y)) {
            year = (int)y;
            quarter = v.ptr[6] - '0';
        } else {
            http_refuse(r, BP_ERR_BAD_QUERY, str_eq_c(key, "quarter") ? "quarter" : "query",
                        "quarter=YYYY-QN(예: 2026-Q3)만 받습니다", "only quarter=YYYY-QN (2026-Q3) is accepted");
            return;
        }
    }
    char t[21], today[11], due[32];
    sla_format(time(NULL) + 9 * 3600, t);
    memcpy(today, t, 10);
    today[10] = '\0';
    if (!year) { /* the last quarter due */
        int y = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
        kpi_due_quarter(y, (t[5] - '0') * 10 + (t[6] - '0'), (t[8] - '0') * 10 + (t[9] - '0'),
                        &year, &quarter);
    }
    snprintf(due, sizeof(due), "%04d-%02d-%02d", quarter == 4 ? year + 1 : year,
             quarter == 4 ? 1 : quarter * 3 + 1, KPI_DUE_DAY);
    struct db_stmt *st;
    enum bp_err e = db_prepare(http_db(r), DIALECT_SQL(sql_late), &st);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    db_bind_int(st, 1, year);
    db_bind_int(st, 2, quarter);
    db_bind_text(st, 3, due, strlen(due));
    db_bind_text(st, 4, today, strlen(today));
    char name[16];
    snprintf(name, sizeof(name), "%d-Q%d", year % 10000, quarter % 10);
    db_bind_text(st, 5, name, strlen(name));
    enum db_step s = db_step(st);
    size_t len = 0;
    const char *json = s == DB_ROW ? db_column_text(st, 0, &len) : NULL;
    if (json)
        e = buf_addstr(&r->ans.body, (struct str){json, len});
    db_reset(st);
    if (!json || e) {
        http_reply_error(r, e ? e : BP_ERR_DB);
        return;
    }
    http_reply_json(r, 200);
}
