/*
 * dashboard: GET /api/v1/dashboard (operators) and GET /api/v1/dashboard/public (anyone), each
 * one statement whose one row is the whole answer, built by SQLite (json_object): the figures
 * are counts and sums over every module's tables, grouped in the database, so the answer costs
 * a few scans however many rows there are (bench/dashboard.mjs: the demo data × 100).
 *
 * Months and "this year" are Seoul's. Utilisation is this month's: the hours of bookings that
 * were approved or completed, within the month, over the hours each resource is open in the
 * month (its weekly opening hours, "HH:MM-HH:MM" per weekday, summed over the month's days);
 * retired resources are left out.
 *
 * The public variant counts only public rows: tenants and new organisations whose visibility is
 * public, needs that are public and whose organisation is public, and the program's
 * achievements (public on the card). Nothing it answers is derived from a private or
 * cluster-only row: no matches, collaborations, bookings or budget.
 */
#include "modules/dashboard/dashboard.h"

#include <string.h>
#include <time.h>

#include "db/db.h"
#include "base/banned.h"

/* The shared parts: p holds this month (Seoul), months the last twelve, sources the budget's in
 * the card's order. */
#define DASH_WITH                                                                                  \
    "WITH p AS (SELECT date('now', '+9 hours', 'start of month') AS mf), "                          \
    "q AS (SELECT mf, strftime('%Y-%m-%dT%H:%M:%SZ', mf, '-9 hours') AS ms, "                      \
    "  strftime('%Y-%m-%dT%H:%M:%SZ', mf, '+1 month', '-9 hours') AS me, "                         \
    "  strftime('%Y-%m-%dT%H:%M:%SZ', mf, '-11 months', '-9 hours') AS ws, "                       \
    "  CAST(julianday(mf, '+1 month') - julianday(mf) AS INTEGER) AS ndays, "                      \
    "  strftime('%Y', mf) AS year FROM p), "                                                       \
    "months(m, i) AS (SELECT strftime('%Y-%m', (SELECT mf FROM p), '-11 months'), 0 UNION ALL "     \
    "  SELECT strftime('%Y-%m', m || '-01', '+1 month'), i + 1 FROM months WHERE i < 11), "        \
    "days(d, i) AS (SELECT (SELECT mf FROM p), 1 UNION ALL SELECT date(d, '+1 day'), i + 1 "        \
    "  FROM days WHERE i < (SELECT ndays FROM q)), "                                               \
    "sources(s, o) AS (VALUES ('national', 1), ('provincial', 2), ('city', 3), ('other', 4)) "

/* Minutes a resource is open on a day: its "HH:MM-HH:MM" of that weekday, 0 when closed. */
#define DASH_OPEN_MINUTES(h)                                                                       \
    "(CASE WHEN length(" h ") = 11 THEN (substr(" h ", 7, 2) * 60 + substr(" h ", 10, 2)) - "      \
    "(substr(" h ", 1, 2) * 60 + substr(" h ", 4, 2)) ELSE 0 END)"

/* Each resource's open minutes this month: how many of each weekday the month has (wd), times
 * the minutes of that weekday's hours; the booked seconds of its approved and completed
 * bookings within the month. Materialised: the answer reads it four times. */
#define DASH_UTIL_CTE                                                                              \
    ", wd AS (SELECT sum(strftime('%w', d) = '0') AS w0, sum(strftime('%w', d) = '1') AS w1, "     \
    "  sum(strftime('%w', d) = '2') AS w2, sum(strftime('%w', d) = '3') AS w3, "                   \
    "  sum(strftime('%w', d) = '4') AS w4, sum(strftime('%w', d) = '5') AS w5, "                   \
    "  sum(strftime('%w', d) = '6') AS w6 FROM days), "                                            \
    "util AS MATERIALIZED (SELECT r.id, r.name, r.kind, "                                          \
    "  wd.w0 * " DASH_OPEN_MINUTES("r.hours_sun") " + wd.w1 * " DASH_OPEN_MINUTES("r.hours_mon")   \
    "  + wd.w2 * " DASH_OPEN_MINUTES("r.hours_tue") " + wd.w3 * " DASH_OPEN_MINUTES("r.hours_wed") \
    "  + wd.w4 * " DASH_OPEN_MINUTES("r.hours_thu") " + wd.w5 * " DASH_OPEN_MINUTES("r.hours_fri") \
    "  + wd.w6 * " DASH_OPEN_MINUTES("r.hours_sat") " AS open_m, "                                 \
    "  (SELECT coalesce(sum(min(unixepoch(b.ends_at), unixepoch(q.me)) - "                         \
    "     max(unixepoch(b.starts_at), unixepoch(q.ms))), 0) FROM bookings b "                      \
    "   WHERE b.resource_id = r.id AND b.status IN ('approved', 'completed') "                     \
    "     AND b.starts_at < q.me AND b.ends_at > q.ms) AS booked_s "                               \
    "  FROM resources r, q, wd WHERE r.status <> 'retired') "

/* A ratio with four decimals, null when the denominator is 0. */
#define DASH_RATE(num, den) "CASE WHEN (" den ") > 0 THEN round((" num ") * 1.0 / (" den "), 4) END"

/* tenants: PUB filters orgs o */
#define DASH_TENANTS(PUB)                                                                          \
    "json_object("                                                                      \
    "  'total', (SELECT count(*) FROM orgs o WHERE o.is_tenant = 1 AND " PUB "), "                 \
    "  'by_field', json((SELECT json_group_array(json_object('field', f, 'ko', ko, 'en', en, "      \
    "      'count', n)) FROM (SELECT x.f, coalesce(t.name_ko, x.f) AS ko, "                        \
    "      coalesce(t.name_en, x.f) AS en, x.n FROM (SELECT j.value AS f, count(*) AS n "          \
    "      FROM orgs o, json_each(o.fields) j WHERE o.is_tenant = 1 AND " PUB                      \
    "      GROUP BY j.value) x LEFT JOIN tags t ON t.slug = x.f ORDER BY x.n DESC, x.f))), "        \
    "  'by_stage', json((SELECT json_group_array(json_object('stage', s, 'count', n)) "            \
    "      FROM (SELECT o.stage AS s, count(*) AS n FROM orgs o WHERE o.is_tenant = 1 AND " PUB    \
    "      GROUP BY o.stage ORDER BY n DESC, s))))"

/* a count per month: a range of the created_at index each (the months' bounds in UTC) */
#define DASH_NEW_ORGS(PUB)                                                                         \
    "json((SELECT json_group_array(json_object('month', m, 'count', n)) FROM "                     \
    "  (SELECT months.m, (SELECT count(*) FROM orgs o WHERE "                                      \
    "     o.created_at >= strftime('%Y-%m-%dT%H:%M:%SZ', months.m || '-01', '-9 hours') AND "      \
    "     o.created_at < strftime('%Y-%m-%dT%H:%M:%SZ', months.m || '-01', '+1 month', "           \
    "     '-9 hours') AND " PUB ") AS n FROM months ORDER BY months.m)))"

/* needs: FROM needs nd JOIN orgs o (FROM is the operator's needs alone, the public's needs
 * joined to their organisations) */
#define DASH_NEEDS(FROM, PUB)                                                                      \
    "json_object('total', (SELECT count(*) FROM " FROM " WHERE " PUB "), "                         \
    "  'by_status', json((SELECT json_group_array(json_object('status', s, 'count', n)) FROM "     \
    "  (SELECT nd.status AS s, count(*) AS n FROM " FROM " WHERE " PUB                             \
    "   GROUP BY nd.status ORDER BY nd.status))))"

#define DASH_BY_STATUS(table)                                                                      \
    "json_object('total', (SELECT count(*) FROM " table "), 'by_status', "             \
    "  json((SELECT json_group_array(json_object('status', s, 'count', n)) FROM "                  \
    "  (SELECT status AS s, count(*) AS n FROM " table " GROUP BY status ORDER BY status))))"

#define DASH_BOOKINGS_BY_MONTH                                                                     \
    "json((SELECT json_group_array(json_object('month', m, 'count', n, "                           \
    "      'hours', h)) FROM (SELECT months.m, coalesce(c.n, 0) AS n, round(coalesce(c.h, 0), 1) " \
    "      AS h FROM months LEFT JOIN (SELECT strftime('%Y-%m', starts_at, '+9 hours') AS m, "     \
    "      count(*) AS n, sum(unixepoch(ends_at) - unixepoch(starts_at)) / 3600.0 AS h "           \
    "      FROM bookings WHERE starts_at >= (SELECT ws FROM q) "                                   \
    "      AND status NOT IN ('declined', 'cancelled') GROUP BY 1) c ON c.m = months.m "          \
    "      ORDER BY months.m)))"

#define DASH_BOOKINGS_STATUS                                                                       \
    "json((SELECT json_group_array(json_object('status', s, "                                     \
    "      'count', n)) FROM (SELECT b.status AS s, count(*) AS n FROM bookings b, q "             \
    "      WHERE b.starts_at >= q.ms AND b.starts_at < q.me GROUP BY b.status "                    \
    "      ORDER BY b.status)))"

#define DASH_UTILISATION                                                                           \
    "json_object('month', (SELECT substr(mf, 1, 7) FROM p), "                                      \
    "      'open_hours', (SELECT round(coalesce(sum(open_m), 0) / 60.0, 1) FROM util), "           \
    "      'booked_hours', (SELECT round(coalesce(sum(booked_s), 0) / 3600.0, 1) FROM util), "      \
    "      'rate', (SELECT " DASH_RATE("sum(booked_s) / 60.0", "sum(open_m)") " FROM util), "       \
    "      'by_resource', json((SELECT json_group_array(json_object('resource_id', id, "          \
    "        'name', name, 'kind', kind, 'open_hours', round(open_m / 60.0, 1), "                  \
    "        'booked_hours', round(booked_s / 3600.0, 1), 'rate', "                                \
    "        " DASH_RATE("booked_s / 60.0", "open_m") ")) FROM (SELECT * FROM util ORDER BY id))))"

#define DASH_BUDGET                                                                                \
    "json_object("                                                                       \
    "  'planned', (SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE kind = 'planned'), "    \
    "  'executed', (SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE kind = 'executed'), "  \
    "  'rate', (SELECT " DASH_RATE("sum(CASE WHEN kind = 'executed' THEN amount ELSE 0 END)",       \
                                   "sum(CASE WHEN kind = 'planned' THEN amount ELSE 0 END)")       \
    "      FROM budget_lines), "                                                                 \
    "  'by_source', json((SELECT json_group_array(json_object('source', s, 'planned', pl, "        \
    "      'executed', ex, 'rate', " DASH_RATE("ex", "pl") ")) FROM (SELECT sources.s, sources.o, " \
    "      coalesce(sum(CASE WHEN b.kind = 'planned' THEN b.amount END), 0) AS pl, "               \
    "      coalesce(sum(CASE WHEN b.kind = 'executed' THEN b.amount END), 0) AS ex "               \
    "      FROM sources LEFT JOIN budget_lines b ON b.source = sources.s "                         \
    "      GROUP BY sources.s ORDER BY sources.o))), "                                             \
    "  'by_year', json((SELECT json_group_array(json_object('year', y, 'planned', pl, "            \
    "      'executed', ex, 'rate', " DASH_RATE("ex", "pl") ")) FROM (SELECT "                      \
    "      CAST(substr(starts_on, 1, 4) AS INTEGER) AS y, "                                        \
    "      sum(CASE WHEN kind = 'planned' THEN amount ELSE 0 END) AS pl, "                         \
    "      sum(CASE WHEN kind = 'executed' THEN amount ELSE 0 END) AS ex "                         \
    "      FROM budget_lines GROUP BY 1 ORDER BY 1))))"

#define DASH_ACHIEVEMENTS                                                                          \
    "json_object('year', (SELECT CAST(year AS INTEGER) FROM q), "                  \
    "  'this_year', (SELECT count(*) FROM achievements, q WHERE substr(occurred_on, 1, 4) = q.year), " \
    "  'total', (SELECT count(*) FROM achievements), "                                             \
    "  'by_kind', json((SELECT json_group_array(json_object('kind', k, 'count', n)) FROM "         \
    "      (SELECT a.kind AS k, count(*) AS n FROM achievements a, q "                             \
    "       WHERE substr(a.occurred_on, 1, 4) = q.year GROUP BY a.kind ORDER BY n DESC, a.kind))))"

#define DASH_ALL "1"
#define DASH_PUBLIC "o.visibility = 'public'"
#define DASH_PUBLIC_NEED "o.visibility = 'public' AND nd.visibility = 'public'"
#define DASH_NEEDS_ALL "needs nd"
#define DASH_NEEDS_JOINED "needs nd JOIN orgs o ON o.id = nd.org_id"

/* One member of the answer: its group (NULL: at the top), its key and the statement whose one
 * value it is. Members of a group are consecutive. */
struct section {
    const char *group, *key, *sql;
};

#define S(x) DASH_WITH "SELECT " x
static const struct section operator_sections[] = {
    {NULL, "tenants", S(DASH_TENANTS(DASH_ALL))},
    {NULL, "new_orgs", S(DASH_NEW_ORGS(DASH_ALL))},
    {NULL, "needs", S(DASH_NEEDS(DASH_NEEDS_ALL, DASH_ALL))},
    {NULL, "matches", S(DASH_BY_STATUS("matches"))},
    {NULL, "collaborations", S(DASH_BY_STATUS("collaborations"))},
    {"bookings", "by_month", S(DASH_BOOKINGS_BY_MONTH)},
    {"bookings", "this_month_by_status", S(DASH_BOOKINGS_STATUS)},
    {"bookings", "utilisation", DASH_WITH DASH_UTIL_CTE "SELECT " DASH_UTILISATION},
    {NULL, "budget", S(DASH_BUDGET)},
    {NULL, "achievements", S(DASH_ACHIEVEMENTS)},
    {NULL, NULL, NULL},
};
static const struct section public_sections[] = {
    {NULL, "tenants", S(DASH_TENANTS(DASH_PUBLIC))},
    {NULL, "new_orgs", S(DASH_NEW_ORGS(DASH_PUBLIC))},
    {NULL, "needs", S(DASH_NEEDS(DASH_NEEDS_JOINED, DASH_PUBLIC_NEED))},
    {NULL, "achievements", S(DASH_ACHIEVEMENTS)},
    {NULL, NULL, NULL},
};
#undef S

static const char sql_head[] =
    "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m', 'now', '+9 hours')";

/* The first column of sql's one row appended to out. */
static enum bp_err add_value(struct db *db, const char *sql, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t n;
        const char *json = db_column_text(st, 0, &n);
        e = buf_add(out, json, n);
    }
    db_reset(st);
    return s != DB_ROW ? BP_ERR_DB : e;
}

static enum bp_err build(struct db *db, const char *scope, const struct section *sec, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_head, &st);
    if (e)
        return e;
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        return BP_ERR_DB;
    }
    (void)buf_addf(out, "{\"scope\":\"%s\",\"generated_at\":\"%s\",\"month\":\"%s\"", scope,
                   db_column_text(st, 0, NULL), db_column_text(st, 1, NULL));
    db_reset(st);
    const char *group = NULL;
    for (; !e && sec->key; sec++) {
        if (group && (!sec->group || strcmp(group, sec->group) != 0))
            (void)buf_adds(out, "}");
        if (sec->group && (!group || strcmp(group, sec->group) != 0))
            (void)buf_addf(out, ",\"%s\":{\"%s\":", sec->group, sec->key);
        else
            (void)buf_addf(out, "%s\"%s\":", sec->group ? "," : ",", sec->key);
        group = sec->group;
        e = add_value(db, sec->sql, out);
    }
    if (group)
        (void)buf_adds(out, "}");
    (void)buf_adds(out, "}");
    return e ? e : out->failed ? BP_ERR_NOMEM : BP_OK;
}

/* Answers are cached by the loop like search answers (the data version and the caller's scope)
 * and the minute: a month or a year turns without a write, and generated_at says when the
 * figures were computed. */
static void answer(struct http_req *r, const char *scope, const struct section *sec)
{
    unsigned long long version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'D', &key);
    (void)buf_addf(&key, "\x1f%lld", (long long)time(NULL) / 60);
    struct str cached;
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, NULL)) {
        http_reply(r, 200, "application/json; charset=utf-8", cached);
        return;
    }
    enum bp_err e = build(http_db(r), scope, sec, &r->ans.body);
    if (e) {
        buf_reset(&r->ans.body);
        http_reply_error(r, e);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), 0, version);
    http_reply_json(r, 200);
}

static bool no_query(struct http_req *r)
{
    if (!r->query.len)
        return true;
    http_refuse(r, BP_ERR_BAD_QUERY, "query", "매개변수를 받지 않습니다", "takes no query parameters");
    return false;
}

void api_dashboard(struct http_req *r)
{
    if (no_query(r))
        answer(r, "operator", operator_sections);
}

void api_dashboard_public(struct http_req *r)
{
    if (no_query(r))
        answer(r, "public", public_sections);
}
