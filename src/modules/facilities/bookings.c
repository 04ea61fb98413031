/*
 * bookings: the two routes of booking beside the collection's own. The availability of a
 * resource (its opening hours minus the bookings that hold its time, as free intervals) and a
 * manager's decision on a booking of a resource they manage (approve, decline, complete,
 * no-show), which the booking organisation may not take itself.
 */
#include "modules/facilities/facilities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/facilities/bookable.h"
#include "modules/facilities/closed.h"
#include "modules/facilities/rules.h"
#include "base/validate.h"
#include "base/banned.h"

/* --- GET /api/v1/resources/{id}/availability?from=&to= --- */

/* A query value as an instant: an ISO 8601 date-time (Seoul without an offset) or a date (its
 * first second in Seoul). */
static bool parse_instant_param(struct http_req *r, struct str v, long long *t)
{
    struct str d;
    char utc[VALIDATE_DATETIME_SIZE], tmp[40];
    if (!str_url_decode(r->arena, v, &d) || d.len == 0 || d.len >= sizeof(tmp) - 9)
        return false;
    memcpy(tmp, d.ptr, d.len);
    tmp[d.len] = '\0';
    if (valid_date(tmp, d.len)) {
        memcpy(tmp + d.len, "T00:00:00", 10);
        d.len += 9;
    }
    return valid_datetime(tmp, d.len, utc, sizeof(utc)) && instant_parse(utc, t);
}

static void add_interval(struct buf *out, bool first, long long a, long long b)
{
    char s[21], e[21];
    instant_format(a, s);
    instant_format(b, e);
    (void)buf_addf(out, "%s{\"starts_at\":\"%s\",\"ends_at\":\"%s\"}", first ? "" : ",", s, e);
}

static enum bp_err availability(struct db *db, long long id, long long from, long long to,
                                struct buf *out)
{
    struct bookable b;
    enum bp_err e = facilities_bookable(db, id, &b);
    if (e || !b.found)
        return e ? e : BP_ERR_NOT_FOUND;
    size_t max_open = LIMIT_AVAILABILITY_DAYS + 2;
    long long(*open)[2] = calloc(max_open, sizeof(*open));
    long long(*busy)[2] = calloc(LIMIT_AVAILABILITY_BUSY, sizeof(*busy));
    long long(*free_)[2] = calloc(max_open + LIMIT_AVAILABILITY_CLOSED + LIMIT_AVAILABILITY_BUSY,
                                  sizeof(*free_));
    long long(*shut)[2] = calloc(LIMIT_AVAILABILITY_CLOSED, sizeof(*shut));
    long long(*open2)[2] = calloc(max_open + LIMIT_AVAILABILITY_CLOSED, sizeof(*open2));
    struct closure *closed = calloc(LIMIT_AVAILABILITY_CLOSED, sizeof(*closed));
    size_t nbusy = 0;
    struct db_stmt *st = NULL;
    if (!open || !busy || !free_ || !shut || !open2 || !closed) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    size_t nopen = opening_intervals(&b.rules, from, to, open, max_open), nclosed = 0;
    /* holidays and blackouts are taken out of the opening hours */
    if ((e = facilities_closures(db, id, b.closed_on_holidays, from, to, closed,
                                 LIMIT_AVAILABILITY_CLOSED, &nclosed)))
        goto out;
    for (size_t i = 0; i < nclosed; i++) {
        shut[i][0] = closed[i].at[0];
        shut[i][1] = closed[i].at[1];
    }
    nopen = free_intervals((const long long(*)[2])open, nopen, (const long long(*)[2])shut, nclosed,
                           open2, max_open + LIMIT_AVAILABILITY_CLOSED);
    char a[21], z[21];
    instant_format(from, a);
    instant_format(to, z);
    if ((e = db_prepare(db,
                        "SELECT starts_at,ends_at FROM bookings WHERE resource_id=?1 AND " BOOKING_HOLDS
                        " AND starts_at<?3 AND ends_at>?2 ORDER BY starts_at LIMIT " 
                        LIMIT_STR(LIMIT_AVAILABILITY_BUSY),
                        &st)))
        goto out;
    db_bind_int(st, 1, id);
    db_bind_text(st, 2, a, 20);
    db_bind_text(st, 3, z, 20);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && nbusy < LIMIT_AVAILABILITY_BUSY) {
        if (instant_parse(db_column_text(st, 0, NULL), &busy[nbusy][0]) &&
            instant_parse(db_column_text(st, 1, NULL), &busy[nbusy][1]))
            nbusy++;
    }
    db_reset(st);
    if (s == DB_FAIL) {
        e = BP_ERR_DB;
        goto out;
    }
    size_t nfree = free_intervals((const long long(*)[2])open2, nopen, (const long long(*)[2])busy,
                                  nbusy, free_, max_open + LIMIT_AVAILABILITY_CLOSED + LIMIT_AVAILABILITY_BUSY);
    (void)buf_addf(out, "{\"resource_id\":%lld,\"from\":\"%s\",\"to\":\"%s\",\"status\":\"%s\","
                        "\"slot_minutes\":%lld,\"min_minutes\":%lld,\"max_minutes\":%lld,\"free\":[",
                   id, a, z, b.status, b.rules.slot_minutes, b.rules.min_minutes, b.rules.max_minutes);
    bool active = strcmp(b.status, "active") == 0;
    for (size_t i = 0; active && i < nfree; i++)
        add_interval(out, i == 0, free_[i][0], free_[i][1]);
    (void)buf_adds(out, "],\"open\":[");
    for (size_t i = 0; i < nopen; i++)
        add_interval(out, i == 0, open2[i][0], open2[i][1]);
    (void)buf_adds(out, "],\"busy\":[");
    for (size_t i = 0; i < nbusy; i++)
        add_interval(out, i == 0, busy[i][0], busy[i][1]);
    (void)buf_adds(out, "],\"closed\":[");
    for (size_t i = 0; i < nclosed; i++) {
        char cs[21], ce[21];
        instant_format(closed[i].at[0], cs);
        instant_format(closed[i].at[1], ce);
        (void)buf_addf(out, "%s{\"starts_at\":\"%s\",\"ends_at\":\"%s\",\"kind\":\"%s\",\"reason\":",
                       i ? "," : "", cs, ce, closed[i].kind);
        (void)buf_add_json_str(out, closed[i].reason, strlen(closed[i].reason));
        if (closed[i].blackout_id)
            (void)buf_addf(out, ",\"blackout_id\":%lld", closed[i].blackout_id);
        (void)buf_adds(out, "}");
    }
    (void)buf_adds(out, "]}");
    e = out->failed ? BP_ERR_NOMEM : BP_OK;
out:
    free(open);
    free(busy);
    free(free_);
    free(shut);
    free(open2);
    free(closed);
    return e;
}

void api_resource_availability(struct http_req *r)
{
    long long id, from = 0, to = 0;
    bool has_from = false, has_to = false;
    struct problem p;
    problem_init(&p);
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    struct str query = r->query;
    while (query.ptr && query.len) {
        struct str pair, key, v;
        query = str_cut(query, '&', &pair);
        v = str_cut(pair, '=', &key);
        if (str_eq_c(key, "from") && parse_instant_param(r, v, &from))
            has_from = true;
        else if (str_eq_c(key, "to") && parse_instant_param(r, v, &to))
            has_to = true;
        else if (str_eq_c(key, "from") || str_eq_c(key, "to"))
            problem_field(&p, BP_ERR_BAD_QUERY, str_eq_c(key, "from") ? "from" : "to",
                          "ISO 8601 일시(예: 2026-12-07T09:00:00+09:00) 또는 날짜여야 합니다",
                          "must be an ISO 8601 date-time (2026-12-07T09:00:00+09:00) or a date");
        else
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "from과 to만 쓸 수 있습니다",
                          "only from and to are accepted");
    }
    if (!p.err) {
        if (!has_from) /* today, from midnight in Seoul */
            from = ((long long)time(NULL) + SEOUL_OFFSET_S) / DAY_S * DAY_S - SEOUL_OFFSET_S;
        if (!has_to)
            to = from + 7LL * DAY_S;
        if (to <= from)
            problem_field(&p, BP_ERR_BAD_QUERY, "to", "from보다 뒤여야 합니다", "must be after from");
        else if (to - from > LIMIT_AVAILABILITY_DAYS * (long long)DAY_S)
            problem_field(&p, BP_ERR_BAD_QUERY, "to", "한 번에 " LIMIT_STR(LIMIT_AVAILABILITY_DAYS) "일까지 조회합니다",
                          "at most " LIMIT_STR(LIMIT_AVAILABILITY_DAYS) " days at once");
    }
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    /* the resource as the caller may see it: the same 404 as an absent one otherwise */
    const struct resource *res = resource_find("resources", 9);
    struct buf row;
    long long version;
    buf_init(&row, r->arena, 1 << 20);
    enum bp_err e = res ? resource_get(http_db(r), res, id, &r->who, 0, &row, &version) : BP_ERR_NOT_FOUND;
    if (!e)
        e = availability(http_db(r), id, from, to, &r->ans.body);
    if (e == BP_ERR_NOT_FOUND) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    if (e) {
        http_reply_error(r, e);
        return;
    }
    http_reply_json(r, 200);
}

/* --- POST /api/v1/bookings/{id}/decision --- */

struct decision {
    long long id;
    struct principal who;
    char status[16];
    char note[1001 * 3];
    bool english;
};

static enum bp_err run_decision(struct job *job, struct db *db)
{
    struct decision *d = job->payload;
    struct resource_row row;
    struct bookable b = {0};
    struct problem p;
    problem_init(&p);
    enum bp_err e = resource_read_fields(db, "bookings", d->id, "resource_id,org_id,status", &row);
    if (!e && row.found)
        e = facilities_bookable(db, row.i[0], &b);
    long long booker = row.found ? row.i[1] : 0;
    bool found = row.found;
    resource_row_release(&row);
    if (e)
        return e;
    bool manager = principal_is_operator(&d->who) ||
                   (b.manager_org && b.manager_org == d->who.org_id) ||
                   (b.manager_user && b.manager_user == d->who.user_id);
    if (!found || (!manager && booker != d->who.org_id))
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
    if (!manager)
        return job_refuse(job, BP_ERR_FORBIDDEN, NULL, "장비·공간 관리자만 승인·거절합니다",
                          "only the resource's manager decides on its bookings");
    struct write_op w;
    struct principal sys = resource_system(d->who.user_id);
    if (!resource_write_begin(&w, "bookings", WRITE_UPDATE, d->id, &sys) ||
        !write_op_text(&w, "status", d->status) ||
        (d->note[0] && !write_op_text(&w, "decision_note", d->note))) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    if ((e = resource_write(db, &w, NULL, &p))) {
        for (size_t i = 0; i < p.n; i++) /* the caller wrote status and note, not "bookings.x" */
            if (strncmp(p.errors[i].field, "bookings.", 9) == 0)
                memmove(p.errors[i].field, p.errors[i].field + 9, strlen(p.errors[i].field + 9) + 1);
        if (p.err)
            job_problem(job, &p);
        return e;
    }
    char link[48];
    snprintf(link, sizeof(link), "/facilities/bookings/%lld", d->id);
    bool approved = strcmp(d->status, "approved") == 0;
    if (strcmp(d->status, "cancelled") == 0 &&
        (e = account_notify_org(db, booker, "booking-cancelled",
                                "예약이 취소되었습니다 / Booking cancelled",
                                "장비·공간 관리자가 예약을 취소했습니다. 메모를 확인하세요. / The resource's "
                                "manager cancelled your booking; see the note.",
                                link)))
        return e;
    if ((approved || strcmp(d->status, "declined") == 0) &&
        (e = account_notify_org(db, booker, approved ? "booking-approved" : "booking-declined",
                                approved ? "예약이 승인되었습니다 / Booking approved"
                                         : "예약이 거절되었습니다 / Booking declined",
                                approved ? "관리자가 예약을 승인했습니다. / The manager approved your booking."
                                         : "관리자가 예약을 거절했습니다. 메모를 확인하세요. / The manager "
                                           "declined your booking; see the note.",
                                link)))
        return e;
    const struct resource *res = resource_find("bookings", 8);
    long long version = 0;
    if ((e = resource_get(db, res, d->id, &d->who, 0, &job->ans.body, &version)))
        return e;
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

void api_booking_decision(struct http_req *r)
{
    static const char *const allowed[] = {"status", "note", NULL};
    static const char *const decisions[] = {"approved", "declined", "completed", "no-show",
                                            "cancelled", NULL};
    struct problem p;
    problem_init(&p);
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
        return;
    }
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *status = account_string(j, "status", 15, true, &p);
    const char *note = account_string(j, "note", 3000, false, &p);
    size_t k = 0;
    while (status && decisions[k] && strcmp(decisions[k], status) != 0)
        k++;
    if (status && !decisions[k])
        problem_field(&p, BP_ERR_INVALID, "status",
                      "approved, declined, completed, no-show, cancelled 중 하나여야 합니다",
                      "must be approved, declined, completed, no-show or cancelled");
    if (note && utf8_chars(note, strlen(note)) > 1000)
        problem_field(&p, BP_ERR_INVALID, "note", "1000자 이하여야 합니다", "at most 1000 characters");
    struct decision *d = p.err ? NULL : calloc(1, sizeof(*d));
    if (!d) {
        account_reject(r, j, &p);
        return;
    }
    d->id = id;
    d->who = r->who;
    snprintf(d->status, sizeof(d->status), "%s", status);
    snprintf(d->note, sizeof(d->note), "%s", note ? note : "");
    json_decref(j);
    account_submit(r, JOB_WRITER, run_decision, d);
}
