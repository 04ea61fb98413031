/*
 * waitlist: waiting for a taken interval, offers and their hold (waitlist.h).
 */
#include "modules/facilities/waitlist.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "modules/accounts/accounts.h"
#include "modules/facilities/bookable.h"
#include "modules/facilities/closed.h"
#include "modules/facilities/rules.h"
#include "base/validate.h"
#include "base/banned.h"

#define OFFER_BATCH 64

/* clang-format off */
static const struct enum_value waitlist_states[] = {
    {"waiting",   "대기 중",   "Waiting"},
    {"offered",   "제안됨",    "Offered"},
    {"taken",     "예약함",    "Taken"},
    {"expired",   "제안 만료", "Expired"},
    {"withdrawn", "취소함",    "Withdrawn"},
    END_VALUES,
};

static const struct field waitlist_fields[] = {
    REF("resource_id",        "resources", F_REQUIRED | F_IMMUTABLE | F_FILTER, "장비·공간", "Resource"),
    REF("org_id",             "orgs", F_IMMUTABLE | F_FILTER, "기관", "Organisation"),
    REF("user_id",            "users", F_READONLY | F_FILTER, "신청자", "Requested by"),
    DATETIME("starts_at",     F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "시작 일시", "Starts at"),
    DATETIME("ends_at",       F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "종료 일시", "Ends at"),
    TEXT("note",              F_SEARCH, 0, 500, "이용 목적", "Purpose"),
    STATUS("status",          waitlist_states, F_FILTER | F_SORT, "상태", "Status"),
    DATETIME("offered_until", F_READONLY | F_SORT, "제안 유효 시각", "Offer held until"),
    REF("booking_id",         "bookings", F_READONLY, "예약", "Booking"),
    END_FIELDS,
};
/* clang-format on */

static const struct transition waitlist_transitions[] = {
    {"waiting", "offered"}, {"waiting", "withdrawn"}, {"offered", "taken"},
    {"offered", "expired"}, {"offered", "withdrawn"}, {NULL, NULL},
};

static enum bp_err first_id(struct db *db, const char *sql, long long resource, const char *start,
                            const char *end, long long *id)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, start, strlen(start));
    db_bind_text(st, 3, end, strlen(end));
    enum db_step s = db_step(st);
    *id = s == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

static const char sql_taken[] = "SELECT id FROM bookings WHERE resource_id=?1 AND " BOOKING_HOLDS
                                " AND starts_at<?3 AND ends_at>?2 ORDER BY starts_at LIMIT 1";

/* Joining: the interval is one the resource could be booked for (its rules) and is taken now. */
static enum bp_err prepare_waitlist(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind != WRITE_CREATE) {
        const char *status = write_op_get_text(op, "status");
        if (status && !principal_is_operator(&op->who) && strcmp(status, "withdrawn") != 0)
            return problem_refuse(p, "status", BP_ERR_INVALID, "대기는 취소(withdrawn)만 할 수 있습니다",
                                  "you may only withdraw (withdrawn) from the waitlist");
        return BP_OK;
    }
    struct bookable b;
    long long resource = write_op_get_int(op, "resource_id"), start, end, taken = 0;
    const char *s = write_op_get_text(op, "starts_at"), *t = write_op_get_text(op, "ends_at");
    enum bp_err e = facilities_bookable(db, resource, &b);
    if (e || !b.found || !s || !t || !instant_parse(s, &start) || !instant_parse(t, &end))
        return e;
    enum booking_fault f = booking_check(&b.rules, start, end, (long long)time(NULL));
    if (f != BOOKING_OK)
        return problem_refuse(p, booking_fault_field(f), BP_ERR_INVALID, booking_fault_ko(f),
                              booking_fault_en(f));
    if ((e = facilities_closed_check(db, resource, b.closed_on_holidays, start, end, p)) ||
        (e = first_id(db, sql_taken, resource, s, t, &taken)))
        return e;
    if (!taken)
        return problem_refuse(p, "starts_at", BP_ERR_INVALID, "비어 있는 시간입니다: 바로 예약하세요",
                              "this time is free: book it");
    if (op->who.user_id > 0 && !write_op_set(op, "user_id", VAL_INT, op->who.user_id, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

const struct resource facilities_waitlist = {
    .name = "waitlist", .table = "waitlist", .label_ko = "예약 대기", .label_en = "Waitlist",
    .fields = waitlist_fields, .title_field = "note", .owner_field = "org_id",
    .status_field = "status", .transitions = waitlist_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_waitlist,
};

/* --- the hold, the take and the offers --- */

enum bp_err facilities_waitlist_hold(struct db *db, long long resource, long long org,
                                     const char *start, const char *end, struct problem *p)
{
    char now[21];
    instant_format((long long)time(NULL), now);
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT id,offered_until FROM waitlist WHERE resource_id=?1 AND "
                               "status='offered' AND offered_until>?4 AND org_id<>?5 AND "
                               "starts_at<?3 AND ends_at>?2 ORDER BY id LIMIT 1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, start, strlen(start));
    db_bind_text(st, 3, end, strlen(end));
    db_bind_text(st, 4, now, 20);
    db_bind_int(st, 5, org);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        char ko[160], en[160], until[24] = "";
        long long id = db_column_int(st, 0);
        (void)datetime_seoul(db_column_text(st, 1, NULL), 20, until, sizeof(until));
        snprintf(ko, sizeof(ko), "대기 순번의 기관에 %.16s까지 제안된 시간입니다 (대기 #%lld)", until, id);
        snprintf(en, sizeof(en), "offered to the next on the waitlist until %.16s, Seoul time (waitlist #%lld)",
                 until, id);
        problem_set(p, BP_ERR_CONFLICT, ko, en);
        problem_field(p, BP_ERR_CONFLICT, "starts_at", ko, en);
        p->conflict_collection = "waitlist";
        p->conflict_id = id;
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : p->err;
}

/* Change one waitlist row through the engine (as the platform, in actor's name). */
static enum bp_err set_entry(struct db *db, long long id, long long actor, const char *status,
                             const char *until, long long booking)
{
    struct write_op w;
    struct problem p;
    problem_init(&p);
    struct principal sys = resource_system(actor);
    if (!resource_write_begin(&w, "waitlist", WRITE_UPDATE, id, &sys) ||
        !write_op_text(&w, "status", status) || (until && !write_op_text(&w, "offered_until", until)) ||
        (booking && !write_op_int(&w, "booking_id", booking))) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, &p);
}

enum bp_err facilities_waitlist_taken(struct db *db, long long resource, long long org,
                                      const char *start, const char *end, long long booking,
                                      long long actor)
{
    long long id = 0;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT id FROM waitlist WHERE resource_id=?1 AND status='offered' AND "
                               "org_id=?4 AND starts_at<?3 AND ends_at>?2 ORDER BY id LIMIT 1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, start, strlen(start));
    db_bind_text(st, 3, end, strlen(end));
    db_bind_int(st, 4, org);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        id = db_column_int(st, 0);
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    return id ? set_entry(db, id, actor, "taken", NULL, booking) : BP_OK;
}

enum bp_err facilities_waitlist_offer(struct db *db, long long resource, const char *start,
                                      const char *end, long long actor)
{
    struct bookable b;
    enum bp_err e = facilities_bookable(db, resource, &b);
    if (e || !b.found)
        return e;
    struct {
        long long id, org;
        char s[21], t[21];
    } c[OFFER_BATCH];
    size_t n = 0;
    struct db_stmt *st;
    if ((e = db_prepare(db,
                        "SELECT id,org_id,starts_at,ends_at FROM waitlist WHERE resource_id=?1 AND "
                        "status='waiting' AND starts_at<?3 AND ends_at>?2 ORDER BY id LIMIT 64",
                        &st)))
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, start, strlen(start));
    db_bind_text(st, 3, end, strlen(end));
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && n < OFFER_BATCH) {
        c[n].id = db_column_int(st, 0);
        c[n].org = db_column_int(st, 1);
        snprintf(c[n].s, sizeof(c[n].s), "%s", db_column_text(st, 2, NULL));
        snprintf(c[n].t, sizeof(c[n].t), "%s", db_column_text(st, 3, NULL));
        n++;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    long long now = (long long)time(NULL);
    char until[21];
    instant_format(now + (b.waitlist_hold > 0 ? b.waitlist_hold : 120) * 60, until);
    for (size_t i = 0; i < n; i++) {
        long long taken = 0, held = 0, from;
        struct problem p;
        problem_init(&p);
        if (!instant_parse(c[i].s, &from) || from <= now)
            continue; /* past: nothing to offer */
        if ((e = first_id(db, sql_taken, resource, c[i].s, c[i].t, &taken)))
            return e;
        if (!taken && (e = facilities_waitlist_hold(db, resource, 0, c[i].s, c[i].t, &p)) &&
            e != BP_ERR_CONFLICT)
            return e;
        held = p.err == BP_ERR_CONFLICT;
        if (taken || held)
            continue; /* still taken, or offered to someone before */
        if ((e = set_entry(db, c[i].id, actor, "offered", until, 0)))
            return e;
        char link[48];
        snprintf(link, sizeof(link), "/resources/%lld", resource);
        if ((e = account_notify_org(db, c[i].org, "waitlist-offer",
                                    "기다리던 시간이 비었습니다 / A time you waited for is free",
                                    "대기하던 예약 시간이 비었습니다. 제안 유효 시각 전에 예약하세요. / The time you "
                                    "were waiting for is free: book it before the offer expires.",
                                    link)))
            return e;
    }
    return BP_OK;
}

enum bp_err facilities_waitlist_expire(struct db *db, long long now, long long *n)
{
    struct {
        long long id, resource, user;
        char s[21], t[21];
    } c[OFFER_BATCH];
    size_t k = 0;
    char at[21];
    instant_format(now, at);
    *n = 0;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT id,resource_id,coalesce(user_id,(SELECT min(id) FROM users WHERE " /* check-sql: allow (a scalar subquery in coalesce, not a FROM item) */
                               "role='operator-admin'),0),starts_at,ends_at FROM waitlist "
                               "WHERE status='offered' AND offered_until<=?1 ORDER BY id LIMIT 64",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, at, 20);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && k < OFFER_BATCH) {
        c[k].id = db_column_int(st, 0);
        c[k].resource = db_column_int(st, 1);
        c[k].user = db_column_int(st, 2);
        snprintf(c[k].s, sizeof(c[k].s), "%s", db_column_text(st, 3, NULL));
        snprintf(c[k].t, sizeof(c[k].t), "%s", db_column_text(st, 4, NULL));
        k++;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    for (size_t i = 0; i < k; i++) {
        if ((e = set_entry(db, c[i].id, c[i].user, "expired", NULL, 0)) ||
            (e = facilities_waitlist_offer(db, c[i].resource, c[i].s, c[i].t, c[i].user)))
            return e;
        (*n)++;
    }
    return BP_OK;
}
