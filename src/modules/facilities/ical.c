/*
 * ical: calendar feeds (ical.h).
 */
#include "modules/facilities/ical.h"

#include <libical/ical.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "modules/facilities/bookable.h"
#include "modules/facilities/facilities.h"
#include "modules/facilities/rules.h"
#include "base/banned.h"

#define FEED_TOKEN_BYTES 24
#define FEED_PAST_DAYS 31   /* a feed shows the last month */
#define FEED_EVENTS_MAX 2000

/* clang-format off */
static const struct field feed_fields[] = {
    TEXT("name",        F_REQUIRED | F_SORT, 1, 100, "이름", "Name"),
    REF("resource_id",  "resources", F_IMMUTABLE | F_FILTER, "장비·공간 (비우면 내 예약)", "Resource (empty: my bookings)"),
    REF("user_id",      "users", F_READONLY | F_FILTER, "소유자", "Owner"),
    TEXT("token",       F_READONLY, 0, 0, "비밀 주소 토큰", "Secret address token"),
    END_FIELDS,
};
/* clang-format on */

/* A new feed is its creator's, with a fresh secret. */
static enum bp_err prepare_feed(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    (void)p;
    if (op->kind != WRITE_CREATE)
        return BP_OK;
    unsigned char raw[FEED_TOKEN_BYTES];
    char hex[FEED_TOKEN_BYTES * 2 + 1];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(hex, sizeof(hex), raw, sizeof(raw));
    if (!write_op_set(op, "token", VAL_TEXT, 0, hex, strlen(hex)) ||
        (op->who.user_id > 0 && !write_op_set(op, "user_id", VAL_INT, op->who.user_id, NULL, 0)))
        return BP_ERR_NOMEM;
    return BP_OK;
}

const struct resource facilities_calendar_feeds = {
    .name = "calendar-feeds", .table = "calendar_feeds", .label_ko = "캘린더 구독 주소",
    .label_en = "Calendar feeds", .fields = feed_fields, .title_field = "name",
    .user_field = "user_id", .flags = R_USER_WRITES | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_feed,
};

/* --- GET /api/v1/feeds/{token} --- */

static struct icaltimetype utc_time(const char *s)
{
    long long t = 0;
    (void)instant_parse(s, &t);
    return icaltime_from_timet_with_zone((time_t)t, 0, icaltimezone_get_utc_timezone());
}

static void add_event(icalcomponent *cal, const char *uid, const char *start, const char *end,
                      const char *summary, const char *location, icalproperty_status status)
{
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    icalcomponent_add_property(ev, icalproperty_new_uid(uid));
    icalcomponent_add_property(
        ev, icalproperty_new_dtstamp(icaltime_from_timet_with_zone(time(NULL), 0,
                                                                   icaltimezone_get_utc_timezone())));
    icalcomponent_add_property(ev, icalproperty_new_dtstart(utc_time(start)));
    icalcomponent_add_property(ev, icalproperty_new_dtend(utc_time(end)));
    icalcomponent_add_property(ev, icalproperty_new_summary(summary));
    if (location && *location)
        icalcomponent_add_property(ev, icalproperty_new_location(location));
    icalcomponent_add_property(ev, icalproperty_new_status(status));
    icalcomponent_add_component(cal, ev);
}

static icalproperty_status booking_status(const char *s)
{
    return strcmp(s, "requested") == 0 ? ICAL_STATUS_TENTATIVE : ICAL_STATUS_CONFIRMED;
}

/* The events of a resource's feed: its bookings that hold time (no one named) and its
 * maintenance and blackout periods. */
static enum bp_err resource_events(struct db *db, icalcomponent *cal, long long resource,
                                   const char *from)
{
    struct db_stmt *st;
    char uid[64];
    enum bp_err e = db_prepare(db,
                               "SELECT id,starts_at,ends_at,status FROM bookings WHERE resource_id=?1 AND " BOOKING_HOLDS
                               " AND ends_at>=?2 ORDER BY starts_at LIMIT " LIMIT_STR(FEED_EVENTS_MAX),
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, from, strlen(from));
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        snprintf(uid, sizeof(uid), "booking-%lld@bpmc", db_column_int(st, 0));
        add_event(cal, uid, db_column_text(st, 1, NULL), db_column_text(st, 2, NULL),
                  "예약됨 / Booked", NULL, booking_status(db_column_text(st, 3, NULL)));
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if ((e = db_prepare(db,
                        "SELECT id,starts_at,ends_at,kind,reason FROM blackouts WHERE resource_id=?1 "
                        "AND ends_at>=?2 ORDER BY starts_at LIMIT " LIMIT_STR(FEED_EVENTS_MAX),
                        &st)))
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, from, strlen(from));
    while ((s = db_step(st)) == DB_ROW) {
        char summary[300];
        snprintf(uid, sizeof(uid), "blackout-%lld@bpmc", db_column_int(st, 0));
        snprintf(summary, sizeof(summary), "%s: %s",
                 strcmp(db_column_text(st, 3, NULL), "maintenance") == 0 ? "점검 / Maintenance"
                                                                         : "사용 중지 / Blackout",
                 db_column_text(st, 4, NULL));
        add_event(cal, uid, db_column_text(st, 1, NULL), db_column_text(st, 2, NULL), summary, NULL,
                  ICAL_STATUS_CONFIRMED);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* The events of a user's feed: the bookings they made that hold time, with resource and
 * purpose. */
static enum bp_err user_events(struct db *db, icalcomponent *cal, long long user, const char *from)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(
        db,
        "SELECT b.id,b.starts_at,b.ends_at,b.status,r.name,coalesce(b.purpose,''),coalesce(r.location,'') "
        "FROM bookings b JOIN resources r ON r.id=b.resource_id WHERE b.user_id=?1 AND b." BOOKING_HOLDS
        " AND b.ends_at>=?2 ORDER BY b.starts_at LIMIT " LIMIT_STR(FEED_EVENTS_MAX),
        &st);
    if (e)
        return e;
    db_bind_int(st, 1, user);
    db_bind_text(st, 2, from, strlen(from));
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        char uid[64], summary[800];
        const char *purpose = db_column_text(st, 5, NULL);
        snprintf(uid, sizeof(uid), "booking-%lld@bpmc", db_column_int(st, 0));
        snprintf(summary, sizeof(summary), "%s%s%s", db_column_text(st, 4, NULL), *purpose ? ": " : "",
                 purpose);
        add_event(cal, uid, db_column_text(st, 1, NULL), db_column_text(st, 2, NULL), summary,
                  db_column_text(st, 6, NULL), booking_status(db_column_text(st, 3, NULL)));
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

void api_calendar_feed(struct http_req *r)
{
    struct str token = r->params[0];
    if (token.len > 4 && memcmp(token.ptr + token.len - 4, ".ics", 4) == 0)
        token.len -= 4;
    struct db *db = http_db(r);
    struct db_stmt *st;
    long long user = 0, resource = 0;
    char name[400] = "", title[320] = "";
    enum bp_err e = BP_OK;
    bool found = false;
    if (token.len == FEED_TOKEN_BYTES * 2) {
        if ((e = db_prepare(db,
                            "SELECT f.user_id,coalesce(f.resource_id,0),f.name,coalesce(r.name,'') FROM "
                            "calendar_feeds f JOIN users u ON u.id=f.user_id AND u.active=1 LEFT JOIN "
                            "resources r ON r.id=f.resource_id WHERE f.token=?1",
                            &st))) {
            http_reply_error(r, e);
            return;
        }
        db_bind_text(st, 1, token.ptr, token.len);
        enum db_step s = db_step(st);
        if (s == DB_FAIL) { /* a failed read is not "no such feed" */
            db_reset(st);
            http_reply_error(r, BP_ERR_DB);
            return;
        }
        if (s == DB_ROW) {
            found = true;
            user = db_column_int(st, 0);
            resource = db_column_int(st, 1);
            snprintf(name, sizeof(name), "%s", db_column_text(st, 2, NULL));
            snprintf(title, sizeof(title), "%s", db_column_text(st, 3, NULL));
        }
        db_reset(st);
    }
    if (!found) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없거나 폐기된 주소입니다", "no such feed (or revoked)");
        return;
    }
    char from[21];
    instant_format((long long)time(NULL) - FEED_PAST_DAYS * (long long)DAY_S, from);
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Goyang BPMC//bpmc facilities//KO"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty *x = icalproperty_new_x(resource ? title : name);
    icalproperty_set_x_name(x, "X-WR-CALNAME");
    icalcomponent_add_property(cal, x);
    e = resource ? resource_events(db, cal, resource, from) : user_events(db, cal, user, from);
    char *text = e ? NULL : icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (e || !text) {
        http_reply_error(r, e ? e : BP_ERR_NOMEM);
        return;
    }
    (void)buf_adds(&r->ans.body, text);
    free(text);
    if (r->ans.body.failed) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_reply(r, 200, "text/calendar; charset=utf-8", (struct str){r->ans.body.data, r->ans.body.len});
}
