/*
 * utilisation: how much the shared resources are used and how full the center's spaces are.
 *
 * Per resource and month (Seoul): the hours it is open (its opening hours over the month), the
 * hours booked (bookings that are approved, completed or a no-show, clipped to the month), the
 * share of the one in the other, the no-shows, and the organisations that booked it most.
 * Anyone sees the hours (the availability already shows busy times); who booked is shown to
 * operators and to the resource's managers only, as bookings are.
 *
 * Occupancy: the leasable spaces (offices, labs, other; not meeting rooms or community spaces)
 * that are available, by floor, with the area under a lease active on the day.
 */
#include "modules/facilities/facilities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/facilities/bookable.h"
#include "modules/facilities/rules.h"
#include "modules/facilities/statements.h"
#include "base/validate.h"
#include "base/banned.h"

#define TOP_USERS 5

/* A booking's seconds inside the period from (epoch seconds) to until: its end or until,
 * whichever is first, less its start or from, whichever is last (dialect_sql templates). */
#define INSIDE(from, until)                                                                        \
    "(CASE WHEN {epoch:b.ends_at}<" until " THEN {epoch:b.ends_at} ELSE " until " END - "           \
    "CASE WHEN {epoch:b.starts_at}>" from " THEN {epoch:b.starts_at} ELSE " from " END)"

/* sums of integers as integers on every database (PostgreSQL's sum of bigint is numeric) */
static const char sql_resources[] =
    "SELECT r.id,r.name,r.kind,r.status,"
    "CAST(coalesce(sum(CASE WHEN b.status IN ('approved','completed','no-show') THEN "
    INSIDE("?1", "?2") " END),0) AS BIGINT)/60,"
    "count(CASE WHEN b.status IN ('approved','completed','no-show') THEN 1 END),"
    "count(CASE WHEN b.status='no-show' THEN 1 END),"
    "CAST(coalesce(sum(CASE WHEN b.status='no-show' THEN "
    INSIDE("?1", "?2") " END),0) AS BIGINT)/60 "
    "FROM resources r LEFT JOIN bookings b ON b.resource_id=r.id AND b.starts_at<?4 AND b.ends_at>?3 "
    "WHERE (?5=0 OR r.id=?5) GROUP BY r.id ORDER BY r.name,r.id LIMIT 5000";

static const char sql_top[] =
    "SELECT b.org_id,o.name,CAST(sum(" INSIDE("?2", "?3") ") AS BIGINT)/60 AS m,"
    "count(*) FROM bookings b JOIN orgs o ON o.id=b.org_id WHERE b.resource_id=?1 AND "
    "b.status IN ('approved','completed','no-show') AND b.starts_at<?5 AND b.ends_at>?4 "
    "GROUP BY b.org_id,o.name ORDER BY m DESC,b.org_id LIMIT " LIMIT_STR(TOP_USERS);

struct usage {
    long long id, booked, bookings, no_shows, no_show_minutes;
    char name[601], kind[16], status[16];
};

static void json_text(struct buf *out, const char *s) { (void)buf_add_json_str(out, s, strlen(s)); }

static enum bp_err top_users(struct db *db, long long id, long long a, long long b, const char *from,
                             const char *to, struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, DIALECT_SQL(sql_top), &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    db_bind_int(st, 2, a);
    db_bind_int(st, 3, b);
    db_bind_text(st, 4, from, strlen(from));
    db_bind_text(st, 5, to, strlen(to));
    enum db_step s;
    bool first = true;
    (void)buf_adds(out, "[");
    while ((s = db_step(st)) == DB_ROW) {
        (void)buf_addf(out, "%s{\"org_id\":%lld,\"name\":", first ? "" : ",", db_column_int(st, 0));
        json_text(out, db_column_text(st, 1, NULL));
        (void)buf_addf(out, ",\"minutes\":%lld,\"bookings\":%lld}", db_column_int(st, 2),
                       db_column_int(st, 3));
        first = false;
    }
    (void)buf_adds(out, "]");
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

static enum bp_err utilisation(struct db *db, const struct principal *who, const char *month,
                               long long only, struct buf *out)
{
    char from[21], to[21];
    long long a, b;
    if (!statement_month_bounds(month, from, to) || !instant_parse(from, &a) || !instant_parse(to, &b))
        return BP_ERR_INVALID;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, DIALECT_SQL(sql_resources), &st);
    if (e)
        return e;
    db_bind_int(st, 1, a);
    db_bind_int(st, 2, b);
    db_bind_text(st, 3, from, strlen(from));
    db_bind_text(st, 4, to, strlen(to));
    db_bind_int(st, 5, only);
    struct usage *u = NULL;
    size_t n = 0, cap = 0;
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (n == cap) {
            size_t grow = cap ? cap * 2 : 32;
            struct usage *x = realloc(u, grow * sizeof(*x));
            if (!x) {
                e = BP_ERR_NOMEM;
                break;
            }
            u = x;
            cap = grow;
        }
        struct usage *x = &u[n++];
        x->id = db_column_int(st, 0);
        snprintf(x->name, sizeof(x->name), "%s", db_column_text(st, 1, NULL));
        snprintf(x->kind, sizeof(x->kind), "%s", db_column_text(st, 2, NULL));
        snprintf(x->status, sizeof(x->status), "%s", db_column_text(st, 3, NULL));
        x->booked = db_column_int(st, 4);
        x->bookings = db_column_int(st, 5);
        x->no_shows = db_column_int(st, 6);
        x->no_show_minutes = db_column_int(st, 7);
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    long long (*open)[2] = calloc(LIMIT_AVAILABILITY_DAYS + 2, sizeof(*open));
    if (!e && !open)
        e = BP_ERR_NOMEM;
    if (!e)
        e = buf_addf(out, "{\"month\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"resources\":[", month, from, to);
    long long total_open = 0, total_booked = 0;
    for (size_t i = 0; !e && i < n; i++) {
        struct bookable r;
        if ((e = facilities_bookable(db, u[i].id, &r)))
            break;
        size_t k = opening_intervals(&r.rules, a, b, open, LIMIT_AVAILABILITY_DAYS + 2);
        long long open_minutes = 0;
        for (size_t j = 0; j < k; j++)
            open_minutes += (open[j][1] - open[j][0]) / 60;
        total_open += open_minutes;
        total_booked += u[i].booked;
        double rate = open_minutes ? (double)u[i].booked / (double)open_minutes : 0;
        (void)buf_addf(out, "%s{\"resource_id\":%lld,\"name\":", i ? "," : "", u[i].id);
        json_text(out, u[i].name);
        (void)buf_addf(out, ",\"kind\":\"%s\",\"status\":\"%s\",\"open_minutes\":%lld,"
                            "\"booked_minutes\":%lld,\"rate\":%.4f,\"bookings\":%lld,"
                            "\"no_shows\":%lld,\"no_show_minutes\":%lld,\"top_users\":",
                       u[i].kind, u[i].status, open_minutes, u[i].booked, rate, u[i].bookings,
                       u[i].no_shows, u[i].no_show_minutes);
        bool sees = principal_is_operator(who) || (r.manager_org && r.manager_org == who->org_id) ||
                    (r.manager_user && r.manager_user == who->user_id);
        if (sees)
            e = top_users(db, u[i].id, a, b, from, to, out);
        else
            (void)buf_adds(out, "null");
        (void)buf_adds(out, "}");
    }
    if (!e)
        (void)buf_addf(out, "],\"open_minutes\":%lld,\"booked_minutes\":%lld,\"rate\":%.4f}", total_open,
                       total_booked, total_open ? (double)total_booked / (double)total_open : 0);
    free(open);
    free(u);
    return e ? e : out->failed ? BP_ERR_NOMEM : BP_OK;
}

/* The value of query parameter name (decoded), or an empty slice; false on bad encoding or an
 * unknown parameter (named in p). */
static bool query_params(struct http_req *r, const char *const *names, struct str *values,
                         struct problem *p)
{
    struct str q = r->query;
    while (q.ptr && q.len) {
        struct str pair, key, raw, v;
        size_t i = 0;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        while (names[i] && !str_eq_c(key, names[i]))
            i++;
        if (!key.len)
            continue;
        if (!names[i]) {
            problem_field(p, BP_ERR_BAD_QUERY, "query", "알 수 없는 매개변수입니다",
                          "unknown query parameter");
        } else if (!str_url_decode(r->arena, raw, &v)) {
            problem_field(p, BP_ERR_BAD_QUERY, names[i], "잘못된 인코딩입니다", "bad percent-encoding or UTF-8");
        } else {
            values[i] = v;
        }
    }
    return !p->err;
}

static void seoul_today(char out[11]) { seoul_date((long long)time(NULL), out); }

void api_facilities_utilisation(struct http_req *r)
{
    static const char *const names[] = {"month", "resource_id", NULL};
    struct str v[2] = {{0}};
    struct problem p;
    problem_init(&p);
    char month[8], from[21], to[21], today[11];
    long long only = 0;
    if (query_params(r, names, v, &p)) {
        seoul_today(today);
        snprintf(month, sizeof(month), "%.7s", today);
        if (v[0].len) {
            snprintf(month, sizeof(month), "%.*s", (int)(v[0].len < 7 ? v[0].len : 7), v[0].ptr);
            if (v[0].len != 7 || !statement_month_bounds(month, from, to))
                problem_field(&p, BP_ERR_BAD_QUERY, "month", "YYYY-MM 꼴의 달이어야 합니다 (예: 2026-11)",
                              "must be a month as YYYY-MM (2026-11)");
        }
        if (v[1].len && !str_to_i64(v[1], 1, INT64_MAX, &only))
            problem_field(&p, BP_ERR_BAD_QUERY, "resource_id", "장비·공간 번호(양의 정수)여야 합니다",
                          "must be a resource id (a positive integer)");
    }
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    buf_init(&r->ans.body, r->arena, 1 << 22);
    enum bp_err e = utilisation(http_db(r), &r->who, month, only, &r->ans.body);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    http_reply_json(r, 200);
}

static const char sql_occupancy[] =
    "SELECT coalesce(s.floor,0),count(*),coalesce(sum(s.area_m2),0),"
    "coalesce(sum(CASE WHEN l.id IS NOT NULL THEN 1 ELSE 0 END),0),"
    "coalesce(sum(CASE WHEN l.id IS NOT NULL THEN s.area_m2 ELSE 0 END),0) "
    "FROM spaces s LEFT JOIN (SELECT space_id, min(id) AS id FROM leases WHERE status='active' AND "
    "starts_on<=?1 AND (ends_on IS NULL OR ends_on>=?1) GROUP BY space_id) l ON l.space_id=s.id "
    "WHERE s.status='available' AND s.kind IN ('office','lab','other') "
    "GROUP BY coalesce(s.floor,0) ORDER BY 1";

static void area(struct buf *out, long long hundredths)
{
    (void)buf_addf(out, "%lld.%02lld", hundredths / 100, hundredths % 100);
}

void api_spaces_occupancy(struct http_req *r)
{
    static const char *const names[] = {"on", NULL};
    struct str v[1] = {{0}};
    struct problem p;
    problem_init(&p);
    char on[11], until[11];
    if (query_params(r, names, v, &p)) {
        seoul_today(on);
        if (v[0].len) {
            if (v[0].len != 10 || !valid_date(v[0].ptr, v[0].len))
                problem_field(&p, BP_ERR_BAD_QUERY, "on", "YYYY-MM-DD 꼴의 날짜여야 합니다",
                              "must be a date as YYYY-MM-DD");
            else
                snprintf(on, sizeof(on), "%.10s", v[0].ptr);
        }
    }
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    long long day;
    char t[21];
    snprintf(t, sizeof(t), "%sT00:00:00Z", on);
    if (!instant_parse(t, &day)) {
        http_reply_error(r, BP_ERR_INVALID);
        return;
    }
    seoul_date(day + 90LL * DAY_S - SEOUL_OFFSET_S + 12 * 3600, until);
    struct db *db = http_db(r);
    struct buf *out = &r->ans.body;
    buf_init(out, r->arena, 1 << 20);
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_occupancy, &st);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    db_bind_text(st, 1, on, 10);
    long long spaces = 0, leased = 0, a = 0, la = 0;
    enum db_step s;
    (void)buf_addf(out, "{\"on\":\"%s\",\"floors\":[", on);
    bool first = true;
    while ((s = db_step(st)) == DB_ROW) {
        long long n = db_column_int(st, 1), ar = db_column_int(st, 2), l = db_column_int(st, 3),
                  lar = db_column_int(st, 4);
        spaces += n, leased += l, a += ar, la += lar;
        (void)buf_addf(out, "%s{\"floor\":%lld,\"spaces\":%lld,\"leased\":%lld,\"area_m2\":",
                       first ? "" : ",", db_column_int(st, 0), n, l);
        area(out, ar);
        (void)buf_adds(out, ",\"leased_area_m2\":");
        area(out, lar);
        (void)buf_addf(out, ",\"rate\":%.4f}", ar ? (double)lar / (double)ar : 0);
        first = false;
    }
    db_reset(st);
    if (s == DB_FAIL) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    long long ending = 0;
    if ((e = db_run(db, &ending,
                    "SELECT count(*) FROM leases WHERE status='active' AND ends_on IS NOT NULL AND "
                    "ends_on>=?1 AND ends_on<=?2",
                    "tt", on, until))) {
        http_reply_error(r, e);
        return;
    }
    (void)buf_addf(out, "],\"spaces\":%lld,\"leased\":%lld,\"area_m2\":", spaces, leased);
    area(out, a);
    (void)buf_adds(out, ",\"leased_area_m2\":");
    area(out, la);
    (void)buf_addf(out, ",\"rate\":%.4f,\"ending_until\":\"%s\",\"ending_within_90_days\":%lld}",
                   a ? (double)la / (double)a : 0, until, ending);
    if (out->failed) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_reply_json(r, 200);
}
