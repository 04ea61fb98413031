/*
 * checkin: check-in, the QR code of a resource and the no-show sweep (checkin.h).
 */
#include "modules/facilities/checkin.h"

#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/facilities/bookable.h"
#include "modules/facilities/facilities.h"
#include "modules/facilities/rules.h"
#include "modules/facilities/waitlist.h"
#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

/* --- the sweep --- */

static const char sql_unchecked[] =
    "SELECT b.id,b.version,b.starts_at,r.noshow_minutes,b.org_id,"
    "coalesce(r.manager_user_id,b.user_id,(SELECT min(id) FROM users WHERE role='operator-admin'),0) " /* check-sql: allow (a scalar subquery in coalesce, not a FROM item) */
    "FROM bookings b "
    "JOIN resources r ON r.id=b.resource_id WHERE b.status='approved' AND b.checked_in_at IS NULL "
    "AND r.noshow_minutes>0 AND b.starts_at<=?1 ORDER BY b.starts_at LIMIT " LIMIT_STR(NOSHOW_SWEEP_MAX);

enum bp_err facilities_noshow_sweep(struct db *db, long long now, long long *marked)
{
    struct db_stmt *st;
    struct {
        long long id, version, org, actor;
    } due[NOSHOW_SWEEP_MAX];
    size_t n = 0;
    char at[21];
    *marked = 0;
    instant_format(now, at);
    enum bp_err e = db_prepare(db, sql_unchecked, &st);
    if (e)
        return e;
    db_bind_text(st, 1, at, 20);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && n < NOSHOW_SWEEP_MAX) {
        long long start;
        if (!instant_parse(db_column_text(st, 2, NULL), &start) ||
            start + db_column_int(st, 3) * 60 > now)
            continue;
        due[n].id = db_column_int(st, 0);
        due[n].version = db_column_int(st, 1);
        due[n].org = db_column_int(st, 4);
        due[n].actor = db_column_int(st, 5);
        n++;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    for (size_t i = 0; i < n; i++) {
        /* the platform's step, in the name of the resource's manager (else the booker): the
         * audit row names them */
        struct principal sys = resource_system(due[i].actor);
        struct write_op w;
        struct problem p;
        problem_init(&p);
        if (!resource_write_begin(&w, "bookings", WRITE_UPDATE, due[i].id, &sys) ||
            !write_op_text(&w, "status", "no-show")) {
            write_op_free(&w);
            return BP_ERR_NOMEM;
        }
        w.expect_version = due[i].version; /* compare and set: changed since, left alone */
        e = resource_write(db, &w, NULL, &p);
        if (e == BP_ERR_STALE || e == BP_ERR_INVALID)
            continue;
        if (e)
            return e;
        char link[48];
        snprintf(link, sizeof(link), "/facilities/bookings/%lld", due[i].id);
        if ((e = account_notify_org(db, due[i].org, "booking-no-show",
                                    "노쇼로 처리되었습니다 / Marked as a no-show",
                                    "예약 시간에 체크인하지 않아 노쇼로 처리되었습니다. / The booking was "
                                    "not checked in in time and is marked as a no-show.",
                                    link)))
            return e;
        (*marked)++;
    }
    long long expired; /* and the waitlist's offers past their hold pass to the next in line */
    return facilities_waitlist_expire(db, now, &expired);
}

enum bp_err facilities_sweep_due(struct db *db, long long now, bool *due)
{
    char at[21];
    long long n = 0;
    instant_format(now, at);
    enum bp_err e = db_run(
        db, &n,
        DIALECT_SQL(
        "SELECT EXISTS (SELECT 1 FROM bookings b JOIN resources r ON r.id=b.resource_id WHERE "
        "b.status='approved' AND b.checked_in_at IS NULL AND r.noshow_minutes>0 AND b.starts_at<=?1 "
        "AND {epoch:b.starts_at}+60*r.noshow_minutes<=?2) OR "
        "EXISTS (SELECT 1 FROM waitlist WHERE status='offered' AND offered_until<=?1)"),
        "ti", at, now);
    *due = n != 0;
    return e;
}

/* --- POST /api/v1/bookings/{id}/check-in --- */

struct checkin {
    long long id;
    struct principal who;
};

/* The booking as the caller now sees it: the answer of a check-in and of a check-out. */
static enum bp_err answer_booking(struct job *job, struct db *db, const struct checkin *c)
{
    const struct resource *res = resource_find("bookings", 8);
    long long version = 0;
    enum bp_err e = resource_get(db, res, c->id, &c->who, 0, &job->ans.body, &version);
    if (e)
        return e;
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

/* POST /api/v1/bookings/{id}/check-in and check-out: the booking's id, then run on the writer. */
static void submit_booking_job(struct http_req *r, enum bp_err (*run)(struct job *, struct db *))
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
        return;
    }
    struct checkin *c = calloc(1, sizeof(*c));
    if (!c) {
        http_refuse(r, BP_ERR_NOMEM, NULL, "메모리가 부족합니다", "out of memory");
        return;
    }
    c->id = id;
    c->who = r->who;
    account_submit(r, JOB_WRITER, run, c);
}

/* The booking's fields (resource_id and org_id first) into row, which the caller releases, and
 * whether c's caller may check it in or out (*may; false without such a booking): the booking
 * organisation, the resource's managing organisation or manager, or an operator. */
static enum bp_err read_booking(struct db *db, const struct checkin *c, const char *fields,
                                struct resource_row *row, bool *may)
{
    struct bookable b = {0};
    enum bp_err e = resource_read_fields(db, "bookings", c->id, fields, row);
    if (!e && row->found)
        e = facilities_bookable(db, row->i[0], &b);
    if (e) {
        resource_row_release(row);
        return e;
    }
    bool manager = principal_is_operator(&c->who) ||
                   (b.manager_org && b.manager_org == c->who.org_id) ||
                   (b.manager_user && b.manager_user == c->who.user_id);
    *may = row->found && (manager || row->i[1] == c->who.org_id);
    return BP_OK;
}

/* The booking's at_field set to now and by_field to the caller (a person), written by the
 * platform in the caller's name; a refusal becomes the job's problem. */
static enum bp_err stamp(struct job *job, struct db *db, const struct checkin *c,
                         const char *at_field, const char *by_field, long long now)
{
    struct write_op w;
    struct problem p;
    char at[21];
    problem_init(&p);
    instant_format(now, at);
    struct principal sys = resource_system(c->who.user_id);
    if (!resource_write_begin(&w, "bookings", WRITE_UPDATE, c->id, &sys) ||
        !write_op_text(&w, at_field, at) ||
        (c->who.user_id > 0 && !write_op_int(&w, by_field, c->who.user_id))) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    enum bp_err e = resource_write(db, &w, NULL, &p);
    if (e && p.err)
        job_problem(job, &p);
    return e;
}

static enum bp_err run_checkin(struct job *job, struct db *db)
{
    struct checkin *c = job->payload;
    if (c->who.role == ROLE_TRAINEE)
        return job_refuse(job, BP_ERR_FORBIDDEN, NULL, "교육생은 체크인하지 않습니다",
                          "trainees do not check in");
    struct resource_row row;
    bool may;
    enum bp_err e = read_booking(db, c, "resource_id,org_id,status,starts_at,ends_at,checked_in_at",
                                 &row, &may);
    if (e)
        return e;
    long long start = 0, end = 0, now = (long long)time(NULL);
    char status[16] = "";
    bool done = row.found && row.text[5][0];
    if (row.found) {
        snprintf(status, sizeof(status), "%s", row.text[2]);
        (void)instant_parse(row.text[3], &start);
        (void)instant_parse(row.text[4], &end);
    }
    resource_row_release(&row);
    if (!may)
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
    if (!done) {
        if (strcmp(status, "approved") != 0)
            return job_refuse(job, BP_ERR_INVALID, "status", "확정된 예약만 체크인합니다",
                              "only a confirmed (approved) booking is checked in");
        if (now < start - CHECKIN_EARLY_S)
            return job_refuse(job, BP_ERR_INVALID, "starts_at", "체크인은 시작 15분 전부터 합니다",
                              "check-in opens 15 minutes before the start");
        if (now >= end)
            return job_refuse(job, BP_ERR_INVALID, "ends_at", "이미 끝난 예약입니다",
                              "the booking has ended");
        if ((e = stamp(job, db, c, "checked_in_at", "checked_in_by", now)))
            return e;
    }
    return answer_booking(job, db, c);
}

void api_booking_checkin(struct http_req *r) { submit_booking_job(r, run_checkin); }

/* --- the used time billed, and POST /api/v1/bookings/{id}/check-out --- */

static const char sql_usage[] =
    "SELECT fee_basis,status,starts_at,ends_at,coalesce(checked_in_at,''),"
    "coalesce(checked_out_at,''),billed_minutes IS NULL,version FROM bookings WHERE id=?1";

enum bp_err facilities_bill_used(struct db *db, long long id, long long actor, long long now)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_usage, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    long long start = 0, end = 0, in = 0, out = 0, version = 0;
    bool due = false;
    if (s == DB_ROW) {
        const char *status = db_column_text(st, 1, NULL);
        due = strcmp(db_column_text(st, 0, NULL), "used") == 0 && db_column_int(st, 6) != 0 &&
              (strcmp(status, "approved") == 0 || strcmp(status, "completed") == 0) &&
              instant_parse(db_column_text(st, 2, NULL), &start) &&
              instant_parse(db_column_text(st, 3, NULL), &end);
        if (!instant_parse(db_column_text(st, 4, NULL), &in))
            in = start; /* nobody checked in: the booked start */
        if (!instant_parse(db_column_text(st, 5, NULL), &out))
            out = end; /* nobody checked out: the booked end */
        version = db_column_int(st, 7);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (!due || (out >= end && now < end))
        return BP_OK; /* not billed on used time, billed already, or still in use */
    long long minutes = used_minutes(start, end, in, out);
    struct principal sys = resource_system(actor);
    struct write_op w;
    struct problem p;
    problem_init(&p);
    if (!resource_write_begin(&w, "bookings", WRITE_UPDATE, id, &sys) ||
        !write_op_int(&w, "billed_minutes", minutes)) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    w.expect_version = version;
    e = resource_write(db, &w, NULL, &p);
    return e == BP_ERR_STALE ? BP_OK : e; /* changed since: the next look bills it */
}

static enum bp_err run_checkout(struct job *job, struct db *db)
{
    struct checkin *c = job->payload;
    if (c->who.role == ROLE_TRAINEE)
        return job_refuse(job, BP_ERR_FORBIDDEN, NULL, "교육생은 체크아웃하지 않습니다",
                          "trainees do not check out");
    struct resource_row row;
    bool may;
    enum bp_err e = read_booking(db, c, "resource_id,org_id,status,ends_at,checked_in_at,checked_out_at",
                                 &row, &may);
    if (e)
        return e;
    bool found = row.found;
    bool in = found && row.text[4][0], done = found && row.text[5][0];
    bool approved = found && strcmp(row.text[2], "approved") == 0;
    long long end = 0, now = (long long)time(NULL);
    if (found)
        (void)instant_parse(row.text[3], &end);
    resource_row_release(&row);
    if (!may)
        return job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 예약입니다", "no such booking");
    if (!done) {
        if (!approved || !in)
            return job_refuse(job, BP_ERR_INVALID, "checked_in_at", "체크인한 확정 예약만 체크아웃합니다",
                              "only a confirmed booking that was checked in is checked out");
        if (now >= end)
            return job_refuse(job, BP_ERR_INVALID, "ends_at",
                              "이미 끝난 예약입니다: 예약 종료 시각이 체크아웃으로 계산됩니다",
                              "the booking has ended: its end counts as the check-out");
        if ((e = stamp(job, db, c, "checked_out_at", "checked_out_by", now)))
            return e;
        if ((e = facilities_bill_used(db, c->id, c->who.user_id, now)))
            return e;
    }
    return answer_booking(job, db, c);
}

void api_booking_checkout(struct http_req *r) { submit_booking_job(r, run_checkout); }

/* --- GET /api/v1/resources/{id}/qr.svg --- */

/* s as XML text into out. */
static void add_xml_text(struct buf *out, const char *s)
{
    for (; *s; s++)
        if (*s == '&')
            (void)buf_adds(out, "&amp;");
        else if (*s == '<')
            (void)buf_adds(out, "&lt;");
        else if (*s == '>')
            (void)buf_adds(out, "&gt;");
        else
            (void)buf_addch(out, *s);
}

void api_resource_qr(struct http_req *r)
{
    long long id, version;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    const struct resource *res = resource_find("resources", 9);
    struct buf row;
    buf_init(&row, r->arena, 1 << 20);
    enum bp_err e = res ? resource_get(http_db(r), res, id, &r->who, 0, &row, &version) : BP_ERR_NOT_FOUND;
    if (e) {
        if (e == BP_ERR_NOT_FOUND)
            http_refuse(r, e, NULL, "없는 항목입니다", "no such record");
        else
            http_reply_error(r, e);
        return;
    }
    const struct server_config *cfg = server_config();
    char url[600];
    snprintf(url, sizeof(url), "%s/resources/%lld/check-in", cfg && cfg->public_url ? cfg->public_url : "",
             id);
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    int w = q->width, size = w + 8; /* a quiet zone of four modules */
    struct buf *out = &r->ans.body;
    (void)buf_addf(out,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                   "shape-rendering=\"crispEdges\" role=\"img\" aria-labelledby=\"t\">"
                   "<title id=\"t\">체크인 / Check in: ",
                   size, size);
    add_xml_text(out, url);
    (void)buf_addf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                   size, size);
    for (int y = 0; y < w; y++)
        for (int x = 0; x < w;) {
            if (!(q->data[y * w + x] & 1)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < w && (q->data[y * w + x + run] & 1))
                run++;
            (void)buf_addf(out, "M%d %dh%dv1h-%dz", x + 4, y + 4, run, run);
            x += run;
        }
    (void)buf_adds(out, "\"/></svg>\n");
    QRcode_free(q);
    if (out->failed) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    r->ans.cache_control = "public, max-age=300";
    http_reply(r, 200, "image/svg+xml", (struct str){out->data, out->len});
}
