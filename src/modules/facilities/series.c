/*
 * series: recurring bookings (series.h).
 */
#include "modules/facilities/series.h"
#include "modules/facilities/facilities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "modules/accounts/accounts.h"
#include "modules/facilities/bookable.h"
#include "base/validate.h"
#include "base/banned.h"

#define WEEK_S (7LL * DAY_S)

/* The Seoul day (days since the epoch) of a YYYY-MM-DD date, or -1. */
static long long date_day(const char *d)
{
    char t[21];
    long long at;
    if (!d || strlen(d) != 10)
        return -1;
    snprintf(t, sizeof(t), "%.10sT00:00:00Z", d);
    return instant_parse(t, &at) ? at / DAY_S : -1;
}

/* How many weekly bookings from start up to the Seoul date until (the first included). */
static long long weeks_until(long long start, long long until_day)
{
    long long first_day = (start + SEOUL_OFFSET_S) / DAY_S;
    return until_day < first_day ? 0 : (until_day - first_day) / 7 + 1;
}

enum bp_err facilities_series_check(struct db *db, struct write_op *op, long long start,
                                    const struct booking_rules *r, long long now,
                                    struct problem *p)
{
    const char *until = write_op_get_text(op, "repeat_until");
    if (op->kind != WRITE_CREATE || !until)
        return BP_OK;
    long long n = weeks_until(start, date_day(until));
    if (n < 1)
        return problem_refuse(p, "repeat_until", BP_ERR_INVALID, "첫 예약일보다 앞설 수 없습니다",
                              "must not be before the first booking's day");
    if (n > SERIES_MAX)
        return problem_refuse(p, "repeat_until", BP_ERR_INVALID, "반복 예약은 1년(53주)까지입니다",
                              "a series is at most a year (53 weeks)");
    if (start + (n - 1) * WEEK_S > now + r->lead_days * DAY_S)
        return problem_refuse(p, "repeat_until", BP_ERR_INVALID, "예약 가능 기간보다 먼 날짜까지 반복합니다",
                              "repeats further ahead than this resource may be booked");
    long long next = 0;
    enum bp_err e = db_run(db, &next, "SELECT coalesce(max(series_id),0)+1 FROM bookings", "");
    if (e)
        return e;
    return write_op_set(op, "series_id", VAL_INT, next, NULL, 0) ? BP_OK : BP_ERR_NOMEM;
}

enum bp_err facilities_series_settle(struct db *db, const struct write_op *op, long long id,
                                     struct problem *p)
{
    (void)id;
    const char *until = write_op_get_text(op, "repeat_until");
    const char *s = write_op_get_text(op, "starts_at"), *t = write_op_get_text(op, "ends_at");
    long long series = write_op_get_int(op, "series_id"), start, end;
    if (op->kind != WRITE_CREATE || !until || !series || !instant_parse(s, &start) ||
        !instant_parse(t, &end))
        return BP_OK;
    long long n = weeks_until(start, date_day(until));
    const char *purpose = write_op_get_text(op, "purpose"), *status = write_op_get_text(op, "status");
    for (long long k = 1; k < n; k++) {
        char a[21], z[21];
        instant_format(start + k * WEEK_S, a);
        instant_format(end + k * WEEK_S, z);
        struct write_op w;
        enum bp_err e;
        if (!resource_write_begin(&w, "bookings", WRITE_CREATE, 0, &op->who) ||
            !write_op_int(&w, "resource_id", write_op_get_int(op, "resource_id")) ||
            !write_op_int(&w, "org_id", write_op_get_int(op, "org_id")) ||
            !write_op_text(&w, "starts_at", a) || !write_op_text(&w, "ends_at", z) ||
            !write_op_int(&w, "series_id", series) ||
            (purpose && !write_op_text(&w, "purpose", purpose)) ||
            (status && principal_is_operator(&op->who) && !write_op_text(&w, "status", status))) {
            write_op_free(&w);
            return BP_ERR_NOMEM;
        }
        if ((e = resource_write(db, &w, NULL, p))) {
            /* the caller wrote the first booking's fields, not "bookings.x" of another */
            for (size_t i = 0; i < p->n; i++)
                if (strncmp(p->errors[i].field, "bookings.", 9) == 0)
                    memmove(p->errors[i].field, p->errors[i].field + 9,
                            strlen(p->errors[i].field + 9) + 1);
            if (p->err && p->err != BP_ERR_CONFLICT) {
                char ko[200], en[200], day[11];
                seoul_date(start + k * WEEK_S, day);
                snprintf(ko, sizeof(ko), "반복 예약 중 %s의 예약을 할 수 없어 아무것도 예약하지 않았습니다", day);
                snprintf(en, sizeof(en), "the weekly booking of %s is refused, so none of the series is booked", day);
                problem_set(p, p->err, ko, en);
            }
            return e;
        }
    }
    return BP_OK;
}

/* --- POST /api/v1/bookings/{id}/cancel-series --- */

struct cancel_series {
    long long id;
    struct principal who;
};

static enum bp_err run_cancel_series(struct job *job, struct db *db)
{
    struct cancel_series *c = job->payload;
    struct resource_row row;
    struct bookable b = {0};
    enum bp_err e = resource_read_fields(db, "bookings", c->id, "resource_id,org_id,series_id", &row);
    if (!e && row.found)
        e = facilities_bookable(db, row.i[0], &b);
    long long booker = row.found ? row.i[1] : 0, series = row.found ? row.i[2] : 0;
    bool found = row.found;
    resource_row_release(&row);
    if (e)
        return e;
    bool manager = principal_is_operator(&c->who) ||
                   (b.manager_org && b.manager_org == c->who.org_id) ||
                   (b.manager_user && b.manager_user == c->who.user_id);
    if (!found || (!manager && booker != c->who.org_id))
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
    if (!series)
        return job_refuse(job, BP_ERR_INVALID, "series_id", "반복 예약이 아닙니다",
                          "this booking is not part of a series");
    struct db_stmt *st;
    if ((e = db_prepare(db, "SELECT id,starts_at FROM bookings WHERE series_id=?1 AND "
                            "status IN ('requested','approved') ORDER BY starts_at",
                        &st)))
        return e;
    db_bind_int(st, 1, series);
    long long ids[SERIES_MAX + 1], starts[SERIES_MAX + 1];
    size_t n = 0;
    enum db_step s = DB_DONE;
    while (n <= SERIES_MAX && (s = db_step(st)) == DB_ROW)
        if (instant_parse(db_column_text(st, 1, NULL), &starts[n]))
            ids[n++] = db_column_int(st, 0);
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    long long now = (long long)time(NULL);
    struct principal sys = resource_system(c->who.user_id);
    struct buf *out = &job->ans.body;
    struct buf kept;
    buf_init(&kept, NULL, 1 << 12);
    (void)buf_addf(out, "{\"series_id\":%lld,\"cancelled\":[", series);
    size_t nc = 0, nk = 0;
    for (size_t i = 0; i < n; i++) {
        /* the manager cancels what has not started; the booker what is before its deadline */
        if (!(manager ? starts[i] > now : cancel_allowed(starts[i], b.cancel_hours, now))) {
            (void)buf_addf(&kept, "%s%lld", nk++ ? "," : "", ids[i]);
            continue;
        }
        struct write_op w;
        struct problem p;
        problem_init(&p);
        if (!resource_write_begin(&w, "bookings", WRITE_UPDATE, ids[i], manager ? &sys : &c->who) ||
            !write_op_text(&w, "status", "cancelled")) {
            write_op_free(&w);
            buf_release(&kept);
            return BP_ERR_NOMEM;
        }
        if ((e = resource_write(db, &w, NULL, &p))) {
            buf_release(&kept);
            if (p.err)
                job_problem(job, &p);
            return e;
        }
        (void)buf_addf(out, "%s%lld", nc++ ? "," : "", ids[i]);
    }
    (void)buf_addf(out, "],\"kept\":[%.*s]}", (int)kept.len, kept.data ? kept.data : "");
    bool failed = kept.failed || out->failed;
    buf_release(&kept);
    if (failed)
        return BP_ERR_NOMEM;
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

void api_booking_cancel_series(struct http_req *r)
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
        return;
    }
    struct cancel_series *c = calloc(1, sizeof(*c));
    if (!c) {
        http_refuse(r, BP_ERR_NOMEM, NULL, "메모리가 부족합니다", "out of memory");
        return;
    }
    c->id = id;
    c->who = r->who;
    account_submit(r, JOB_WRITER, run_cancel_series, c);
}
