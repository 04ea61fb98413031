/*
 * closed: holidays and blackouts (closed.h), and the checks a booking and an availability
 * answer make of them.
 */
#include "modules/facilities/closed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/facilities/bookable.h"
#include "modules/facilities/rules.h"
#include "base/validate.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value blackout_kinds[] = {
    {"maintenance", "점검",      "Maintenance"},
    {"blackout",    "사용 중지", "Blackout"},
    END_VALUES,
};

static const struct field holiday_fields[] = {
    DATE("date",      F_REQUIRED | F_FILTER | F_SORT, "날짜", "Date"),
    TEXT("name_ko",   F_REQUIRED | F_SEARCH | F_SORT, 1, 100, "이름(한국어)", "Name (Korean)"),
    TEXT("name_en",   F_REQUIRED | F_SEARCH, 1, 100, "이름(영어)", "Name (English)"),
    END_FIELDS,
};

static const struct field blackout_fields[] = {
    REF("resource_id",    "resources", F_REQUIRED | F_IMMUTABLE | F_FILTER, "장비·공간", "Resource"),
    REF("org_id",         "orgs", F_READONLY | F_FILTER, "관리 기관", "Managing organisation"),
    ENUM("kind",          blackout_kinds, F_FILTER, "유형", "Kind"),
    DATETIME("starts_at", F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "시작 일시", "Starts at"),
    DATETIME("ends_at",   F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "종료 일시", "Ends at"),
    TEXT("reason",        F_REQUIRED | F_SEARCH, 1, 200, "사유", "Reason"),
    END_FIELDS,
};
/* clang-format on */

/* s cut to at most max bytes on a character boundary, into out. */
static void cut(const char *s, size_t max, char *out, size_t size)
{
    size_t n = utf8_prefix(s, strlen(s), max < size - 1 ? max : size - 1);
    memcpy(out, s, n);
    out[n] = '\0';
}

/* --- blackouts: the resource's managing organisation (or an operator) closes it for a while;
 * not over bookings that hold their time (409 naming them: cancel or move them first) --- */

static const char sql_held[] =
    "SELECT id FROM bookings WHERE resource_id=?1 AND " BOOKING_HOLDS
    " AND starts_at<?3 AND ends_at>?2 ORDER BY starts_at LIMIT 6";

static enum bp_err held_bookings(struct db *db, long long resource, const char *s, const char *t,
                                 struct problem *p)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_held, &st);
    if (e)
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, s, strlen(s));
    db_bind_text(st, 3, t, strlen(t));
    char ids[48] = "";
    long long first = 0;
    size_t n = 0, len = 0;
    enum db_step step;
    while ((step = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        if (!first)
            first = id;
        if (n++ < 5 && len < sizeof(ids))
            len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s#%lld", len ? ", " : "", id);
    }
    db_reset(st);
    if (step == DB_FAIL)
        return BP_ERR_DB;
    if (!first)
        return BP_OK;
    char ko[160], en[160];
    snprintf(ko, sizeof(ko), "이 기간에 예약(%s%s)이 있습니다: 먼저 취소하거나 옮겨 주세요", ids,
             n > 5 ? " …" : "");
    snprintf(en, sizeof(en), "bookings hold this period (%s%s): cancel or move them first", ids,
             n > 5 ? " …" : "");
    problem_set(p, BP_ERR_CONFLICT, ko, en);
    problem_field(p, BP_ERR_CONFLICT, "starts_at", ko, en);
    p->conflict_collection = "bookings";
    p->conflict_id = first;
    return p->err;
}

static enum bp_err prepare_blackout(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind != WRITE_CREATE)
        return BP_OK;
    long long resource = write_op_get_int(op, "resource_id"), start, end;
    const char *s = write_op_get_text(op, "starts_at"), *t = write_op_get_text(op, "ends_at");
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "resources", resource, "manager_org_id", &row);
    long long manager = row.found ? row.i[0] : 0;
    bool found = row.found;
    resource_row_release(&row);
    if (e || !found || !s || !t || !instant_parse(s, &start) || !instant_parse(t, &end))
        return e; /* absent references and values: validation names them */
    if (!principal_is_operator(&op->who) && manager != op->who.org_id)
        return problem_refuse(p, "resource_id", BP_ERR_INVALID,
                              "이 장비·공간을 관리하는 기관(또는 운영자)만 점검·사용 중지 기간을 정합니다",
                              "only the resource's managing organisation (or an operator) closes it");
    if (end <= start)
        return problem_refuse(p, "ends_at", BP_ERR_INVALID, "종료 일시는 시작 일시보다 뒤여야 합니다",
                              "must end after it starts");
    if (!write_op_set(op, "org_id", manager ? VAL_INT : VAL_NULL, manager, NULL, 0))
        return BP_ERR_NOMEM;
    return held_bookings(db, resource, s, t, p);
}

const struct resource facilities_holidays = {
    .name = "holidays", .table = "holidays", .label_ko = "공휴일", .label_en = "Public holidays",
    .fields = holiday_fields, .title_field = "name_ko", .flags = R_PUBLIC_READ | R_NOT_INDEXED,
    .default_sort = "date",
};
const struct resource facilities_blackouts = {
    .name = "blackouts", .table = "blackouts", .label_ko = "점검·사용 중지 기간",
    .label_en = "Maintenance and blackout periods", .fields = blackout_fields,
    .title_field = "reason", .owner_field = "org_id",
    .flags = R_PUBLIC_READ | R_ORG_WRITES | R_NOT_INDEXED, .default_sort = "-starts_at",
    .prepare = prepare_blackout,
};

/* --- the checks --- */

static const char sql_holiday[] =
    "SELECT date,name_ko,name_en FROM holidays WHERE date>=?1 AND date<=?2 ORDER BY date LIMIT 1";
static const char sql_blackout[] =
    "SELECT id,kind,starts_at,ends_at,reason FROM blackouts WHERE resource_id=?1 AND "
    "starts_at<?3 AND ends_at>?2 ORDER BY starts_at LIMIT 1";

enum bp_err facilities_closed_check(struct db *db, long long resource, bool holidays,
                                    long long start, long long end, struct problem *p)
{
    struct db_stmt *st;
    enum bp_err e;
    char ko[160], en[160];
    if (holidays) {
        char first[11], last[11];
        seoul_date(start, first);
        seoul_date(end - 1, last);
        if ((e = db_prepare(db, sql_holiday, &st)))
            return e;
        db_bind_text(st, 1, first, 10);
        db_bind_text(st, 2, last, 10);
        enum db_step s = db_step(st);
        if (s == DB_ROW) {
            char name_ko[100], name_en[100];
            cut(db_column_text(st, 1, NULL), 90, name_ko, sizeof(name_ko));
            cut(db_column_text(st, 2, NULL), 90, name_en, sizeof(name_en));
            snprintf(ko, sizeof(ko), "%.10s은(는) 공휴일(%s)로 쉽니다", db_column_text(st, 0, NULL), name_ko);
            snprintf(en, sizeof(en), "closed on %.10s, a public holiday (%s)", db_column_text(st, 0, NULL),
                     name_en);
            problem_refuse(p, "starts_at", BP_ERR_INVALID, ko, en);
        }
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
        if (p->err)
            return p->err;
    }
    char a[21], z[21];
    instant_format(start, a);
    instant_format(end, z);
    if ((e = db_prepare(db, sql_blackout, &st)))
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, a, 20);
    db_bind_text(st, 3, z, 20);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        char from[24] = "", to[24] = "", reason[64];
        bool maintenance = strcmp(db_column_text(st, 1, NULL), "maintenance") == 0;
        (void)datetime_seoul(db_column_text(st, 2, NULL), 20, from, sizeof(from));
        (void)datetime_seoul(db_column_text(st, 3, NULL), 20, to, sizeof(to));
        cut(db_column_text(st, 4, NULL), 48, reason, sizeof(reason));
        snprintf(ko, sizeof(ko), "%s 기간(#%lld, %.16s ~ %.16s: %s)과 겹칩니다",
                 maintenance ? "점검" : "사용 중지", db_column_int(st, 0), from, to, reason);
        snprintf(en, sizeof(en), "falls in %s period #%lld (%.16s to %.16s, Seoul time: %s)",
                 maintenance ? "the maintenance" : "the blackout", db_column_int(st, 0), from, to,
                 reason);
        problem_refuse(p, "starts_at", BP_ERR_INVALID, ko, en);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : p->err;
}

static int closure_cmp(const void *a, const void *b)
{
    const struct closure *x = a, *y = b;
    return x->at[0] < y->at[0] ? -1 : x->at[0] > y->at[0];
}

enum bp_err facilities_closures(struct db *db, long long resource, bool holidays, long long from,
                                long long to, struct closure *out, size_t max, size_t *n)
{
    struct db_stmt *st;
    enum bp_err e;
    enum db_step s = DB_DONE;
    *n = 0;
    if (holidays) {
        char first[11], last[11];
        seoul_date(from, first);
        seoul_date(to - 1, last);
        if ((e = db_prepare(db, "SELECT date,name_ko FROM holidays WHERE date>=?1 AND date<=?2 "
                                "ORDER BY date",
                            &st)))
            return e;
        db_bind_text(st, 1, first, 10);
        db_bind_text(st, 2, last, 10);
        while (*n < max && (s = db_step(st)) == DB_ROW) {
            const char *d = db_column_text(st, 0, NULL);
            char t[21];
            long long day;
            snprintf(t, sizeof(t), "%.10sT00:00:00Z", d ? d : "");
            if (!instant_parse(t, &day))
                continue;
            struct closure *c = &out[(*n)++];
            memset(c, 0, sizeof(*c));
            c->at[0] = day - SEOUL_OFFSET_S;
            c->at[1] = c->at[0] + DAY_S;
            snprintf(c->kind, sizeof(c->kind), "holiday");
            cut(db_column_text(st, 1, NULL), 200, c->reason, sizeof(c->reason));
        }
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
    }
    char a[21], z[21];
    instant_format(from, a);
    instant_format(to, z);
    if ((e = db_prepare(db, "SELECT id,kind,starts_at,ends_at,reason FROM blackouts WHERE "
                            "resource_id=?1 AND starts_at<?3 AND ends_at>?2 ORDER BY starts_at",
                        &st)))
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, a, 20);
    db_bind_text(st, 3, z, 20);
    s = DB_DONE;
    while (*n < max && (s = db_step(st)) == DB_ROW) {
        struct closure *c = &out[*n];
        memset(c, 0, sizeof(*c));
        if (!instant_parse(db_column_text(st, 2, NULL), &c->at[0]) ||
            !instant_parse(db_column_text(st, 3, NULL), &c->at[1]))
            continue;
        c->blackout_id = db_column_int(st, 0);
        snprintf(c->kind, sizeof(c->kind), "%s", db_column_text(st, 1, NULL));
        cut(db_column_text(st, 4, NULL), 200, c->reason, sizeof(c->reason));
        (*n)++;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    qsort(out, *n, sizeof(*out), closure_cmp);
    return BP_OK;
}
