/*
 * facilities entries: resources (instruments, labs, rooms) with their booking rules, bookings,
 * qualifications, spaces and leases, vouchers and statements.
 *
 * A booking is decided on the writer, inside the transaction that inserts it (prepare_booking):
 * the resource's rules (rules.c), the user's qualification, then the overlap with every booking
 * of the resource that still holds its time, answered 409 naming the booking it collides with.
 * The writer serialises every write of the database file, so two requests for one slot cannot
 * both pass; the table's triggers (0020_facilities.sql) refuse an overlap whatever wrote it. On
 * PostgreSQL (several servers, a pool of writers each) the check locks the resource's row first
 * (collision), so writers booking one resource take turns, and the exclusion constraint refuses
 * an overlap whatever wrote it; a voucher's balance is read under its row lock likewise.
 */
#include "modules/facilities/facilities.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/facilities/bookable.h"
#include "modules/facilities/closed.h"
#include "modules/facilities/ical.h"
#include "modules/facilities/series.h"
#include "modules/facilities/waitlist.h"
#include "modules/facilities/rules.h"
#include "base/validate.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value resource_kinds[] = {
    {"instrument", "장비",   "Instrument"},
    {"lab",        "실험실", "Lab"},
    {"room",       "회의실·공간", "Room"},
    END_VALUES,
};
static const struct enum_value resource_states[] = {
    {"active",      "운영 중", "Active"},
    {"maintenance", "점검 중", "Maintenance"},
    {"retired",     "운영 종료", "Retired"},
    END_VALUES,
};
static const struct enum_value booking_states[] = {
    {"requested", "승인 대기", "Requested"},
    {"approved",  "예약 확정", "Approved"},
    {"declined",  "거절됨",    "Declined"},
    {"cancelled", "취소됨",    "Cancelled"},
    {"completed", "이용 완료", "Completed"},
    {"no-show",   "미이용(노쇼)", "No-show"},
    END_VALUES,
};
const struct enum_value fee_classes[] = {
    {"tenant",   "입주기업",        "Tenant"},
    {"member",   "클러스터 협력기관", "Cluster member"},
    {"external", "외부 기관",       "External"},
    END_VALUES,
};
const struct enum_value fee_bases[] = {
    {"booked", "예약 시간",  "Booked time"},
    {"used",   "이용 시간(체크인~체크아웃)", "Used time (check-in to check-out)"},
    END_VALUES,
};
static const struct enum_value space_kinds[] = {
    {"office",    "사무실",   "Office"},
    {"lab",       "실험실",   "Lab"},
    {"meeting",   "회의실",   "Meeting room"},
    {"community", "커뮤니티 공간", "Community space"},
    {"other",     "기타",     "Other"},
    END_VALUES,
};
static const struct enum_value space_states[] = {
    {"available",   "운영 중", "Available"},
    {"unavailable", "사용 불가", "Unavailable"},
    END_VALUES,
};
static const struct enum_value lease_states[] = {
    {"active", "계약 중", "Active"},
    {"ended",  "종료",    "Ended"},
    END_VALUES,
};
static const struct enum_value voucher_states[] = {
    {"active", "사용 중", "Active"},
    {"closed", "마감",    "Closed"},
    END_VALUES,
};
static const struct enum_value statement_states[] = {
    {"draft",  "작성 중", "Draft"},
    {"issued", "발행",    "Issued"},
    {"paid",   "납부 완료", "Paid"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)
#define FEE_MAX 100000000LL        /* won an hour: the dearest instrument, with room */
#define RENT_MAX 1000000000LL      /* won a month */
#define BOOKING_MINUTES_MAX (7 * 24 * 60) /* a week at most in one booking */
#define LEAD_DAYS_MAX 730
#define CANCEL_HOURS_MAX (30 * 24) /* a month before the start at most */

/* clang-format off */
static const struct field resource_fields[] = {
    TEXT("name",                 F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "이름", "Name"),
    ENUM("kind",                 resource_kinds, F_REQUIRED | FS, "종류", "Kind"),
    TEXT("location",             F_SEARCH, 0, 200, "위치", "Location"),
    TEXT("description",          F_SEARCH, 0, 5000, "설명", "Description"),
    REF("manager_org_id",        "orgs", F_FILTER, "관리 기관", "Managing organisation"),
    REF("manager_user_id",       "users", F_FILTER, "담당 매니저", "Manager"),
    TEXT("hours_mon",            0, 0, 11, "월요일 운영 시간", "Monday hours"),
    TEXT("hours_tue",            0, 0, 11, "화요일 운영 시간", "Tuesday hours"),
    TEXT("hours_wed",            0, 0, 11, "수요일 운영 시간", "Wednesday hours"),
    TEXT("hours_thu",            0, 0, 11, "목요일 운영 시간", "Thursday hours"),
    TEXT("hours_fri",            0, 0, 11, "금요일 운영 시간", "Friday hours"),
    TEXT("hours_sat",            0, 0, 11, "토요일 운영 시간", "Saturday hours"),
    TEXT("hours_sun",            0, 0, 11, "일요일 운영 시간", "Sunday hours"),
    DURATION("slot_minutes",     0, 24 * 60, "예약 단위(분)", "Slot (minutes)"),
    DURATION("min_minutes",      0, BOOKING_MINUTES_MAX, "최소 예약 시간(분)", "Minimum length (minutes)"),
    DURATION("max_minutes",      0, BOOKING_MINUTES_MAX, "최대 예약 시간(분)", "Maximum length (minutes)"),
    INT("lead_days",             0, 0, LEAD_DAYS_MAX, "예약 가능 기간(일)", "Bookable ahead (days)"),
    BOOL("requires_approval",    F_FILTER, "승인 필요", "Needs approval"),
    BOOL("requires_qualification", F_FILTER, "교육 이수 필요", "Needs qualification"),
    MONEY("hourly_fee",          FS, FEE_MAX, "시간당 이용료: 입주기업(원)", "Hourly fee: tenants (KRW)"),
    MONEY("hourly_fee_member",   FS, FEE_MAX, "시간당 이용료: 클러스터 협력기관(원)", "Hourly fee: cluster members (KRW)"),
    MONEY("hourly_fee_external", FS, FEE_MAX, "시간당 이용료: 외부 기관(원)", "Hourly fee: external (KRW)"),
    INT("capacity",              FS, 0, 10000, "수용 인원", "Capacity"),
    BOOL("closed_on_holidays",   F_FILTER, "공휴일 휴무", "Closed on public holidays"),
    INT("cancel_hours",          0, 0, CANCEL_HOURS_MAX, "취소 마감(시작 몇 시간 전)", "Cancellation deadline (hours before)"),
    INT("waitlist_hold_minutes", 0, 1, 7 * 24 * 60, "대기자 제안 유지(분)", "Waitlist offer held (minutes)"),
    INT("noshow_minutes",        0, 0, 24 * 60, "노쇼 처리(시작 후 분, 0: 체크인 없음)", "No-show after (minutes, 0: no check-in)"),
    ENUM("fee_basis",            fee_bases, F_FILTER, "이용료 기준", "Fee basis"),
    STATUS("status",             resource_states, FS, "상태", "Status"),
    END_FIELDS,
};

static const struct field booking_fields[] = {
    REF("resource_id",     "resources", F_REQUIRED | F_IMMUTABLE | F_FILTER, "예약 대상", "Resource"),
    REF("org_id",          "orgs", F_IMMUTABLE | F_FILTER, "예약 기관", "Organisation"),
    REF("user_id",         "users", F_READONLY | F_FILTER, "예약자", "Booked by"),
    DATETIME("starts_at",  F_REQUIRED | FS, "시작 일시", "Starts at"),
    DATETIME("ends_at",    F_REQUIRED | FS, "종료 일시", "Ends at"),
    TEXT("purpose",        F_SEARCH, 0, 500, "이용 목적", "Purpose"),
    STATUS("status",       booking_states, FS, "상태", "Status"),
    DURATION("minutes",    F_READONLY | F_SORT, BOOKING_MINUTES_MAX, "이용 시간(분)", "Minutes"),
    ENUM("fee_class",      fee_classes, F_READONLY | F_FILTER, "요금 구분", "Fee class"),
    MONEY("hourly_rate",   F_READONLY, FEE_MAX, "적용 시간당 요금(원)", "Hourly rate charged (KRW)"),
    MONEY("fee",           F_READONLY | F_SORT, RENT_MAX, "이용료(원)", "Fee (KRW)"),
    REF("voucher_id",      "vouchers", F_READONLY | F_FILTER, "바우처", "Voucher"),
    MONEY("voucher_part",  F_READONLY, RENT_MAX, "바우처 부담(원)", "Voucher pays (KRW)"),
    MONEY("company_part",  F_READONLY, RENT_MAX, "기업 부담(원)", "Company pays (KRW)"),
    TEXT("decision_note",  F_READONLY, 0, 1000, "관리자 메모", "Manager's note"),
    DATE("repeat_until",   F_IMMUTABLE, "매주 반복 종료일", "Repeat weekly until"),
    INT("series_id",       F_READONLY | F_FILTER, 0, INT64_MAX, "반복 예약 묶음", "Series"),
    DATETIME("checked_in_at", F_READONLY | F_SORT, "체크인 일시", "Checked in at"),
    REF("checked_in_by",   "users", F_READONLY, "체크인한 사람", "Checked in by"),
    DATETIME("checked_out_at", F_READONLY | F_SORT, "체크아웃 일시", "Checked out at"),
    REF("checked_out_by",  "users", F_READONLY, "체크아웃한 사람", "Checked out by"),
    ENUM("fee_basis",      fee_bases, F_READONLY | F_FILTER, "이용료 기준", "Fee basis"),
    DURATION("billed_minutes", F_READONLY, BOOKING_MINUTES_MAX, "청구 시간(분, 이용 시간 기준)", "Minutes billed (used time)"),
    END_FIELDS,
};

static const struct field qualification_fields[] = {
    REF("user_id",      "users", F_REQUIRED | F_IMMUTABLE | F_FILTER, "이용자", "User"),
    REF("org_id",       "orgs", F_IMMUTABLE | F_FILTER, "소속 기관", "Organisation"),
    REF("resource_id",  "resources", F_REQUIRED | F_IMMUTABLE | F_FILTER, "장비", "Resource"),
    REF("granted_by",   "users", F_READONLY | F_FILTER, "부여자", "Granted by"),
    DATE("granted_on",  FS, "이수일", "Granted on"),
    DATE("expires_on",  FS, "만료일", "Expires on"),
    TEXT("note",        0, 0, 1000, "메모", "Note"),
    END_FIELDS,
};

static const struct field space_fields[] = {
    TEXT("name",          F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "이름", "Name"),
    ENUM("kind",          space_kinds, F_REQUIRED | FS, "유형", "Kind"),
    INT("floor",          FS, -10, 200, "층", "Floor"),
    DECIMAL("area_m2", 2, FS, 1, 10000000, "면적(㎡)", "Area (m²)"),
    MONEY("monthly_rent", FS, RENT_MAX, "월 임대료(원)", "Monthly rent (KRW)"),
    TEXT("description",   F_SEARCH, 0, 2000, "설명", "Description"),
    STATUS("status",      space_states, FS, "상태", "Status"),
    END_FIELDS,
};

static const struct field lease_fields[] = {
    REF("space_id",       "spaces", F_REQUIRED | F_IMMUTABLE | F_FILTER, "공간", "Space"),
    REF("org_id",         "orgs", F_REQUIRED | F_IMMUTABLE | F_FILTER, "입주 기관", "Tenant"),
    DATE("starts_on",     F_REQUIRED | FS, "입주일", "Starts on"),
    DATE("ends_on",       FS, "계약 종료일", "Ends on"),
    MONEY("monthly_rent", FS, RENT_MAX, "월 임대료(원)", "Monthly rent (KRW)"),
    MONEY("deposit",      0, RENT_MAX * 10, "보증금(원)", "Deposit (KRW)"),
    TEXT("note",          0, 0, 2000, "메모", "Note"),
    STATUS("status",      lease_states, FS, "상태", "Status"),
    END_FIELDS,
};

static const struct field voucher_fields[] = {
    TEXT("program",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "지원 사업", "Program"),
    REF("org_id",          "orgs", F_REQUIRED | F_IMMUTABLE | F_FILTER, "지원 기관(기업)", "Company"),
    INT("year",            F_REQUIRED | FS, 2000, 2100, "연도", "Year"),
    INT("share_percent",   F_REQUIRED | F_FILTER, 0, 70, "지원 비율(%)", "Share (%)"),
    MONEY("yearly_cap",    F_REQUIRED | FS, RENT_MAX, "연간 한도(원)", "Yearly cap (KRW)"),
    MONEY("used",          F_READONLY | F_SORT, RENT_MAX, "사용액(원)", "Used (KRW)"),
    STATUS("status",       voucher_states, FS, "상태", "Status"),
    END_FIELDS,
};

static const struct field statement_fields[] = {
    REF("org_id",         "orgs", F_REQUIRED | F_IMMUTABLE | F_FILTER, "기관", "Organisation"),
    TEXT("title",         F_SEARCH | F_SORT, 0, 200, "제목", "Title"),
    TEXT("month",         F_REQUIRED | F_IMMUTABLE | FS, 7, 7, "정산 월(YYYY-MM)", "Month (YYYY-MM)"),
    INT("bookings",       F_READONLY, 0, 1000000, "예약 건수", "Bookings"),
    MONEY("total_fee",    F_READONLY | F_SORT, RENT_MAX, "이용료 합계(원)", "Total fees (KRW)"),
    MONEY("voucher_part", F_READONLY, RENT_MAX, "바우처 부담(원)", "Voucher pays (KRW)"),
    MONEY("company_part", F_READONLY | F_SORT, RENT_MAX, "기업 부담(원)", "Company pays (KRW)"),
    STATUS("status",      statement_states, FS, "상태", "Status"),
    END_FIELDS,
};

static const struct transition resource_transitions[] = {
    {"active", "maintenance"}, {"maintenance", "active"}, {"active", "retired"},
    {"maintenance", "retired"}, {NULL, NULL},
};
static const struct transition booking_transitions[] = {
    {"requested", "approved"}, {"requested", "declined"}, {"requested", "cancelled"},
    {"approved", "cancelled"}, {"approved", "completed"}, {"approved", "no-show"},
    {"approved", "requested"}, /* moved by its organisation: the manager approves it again */
    {NULL, NULL},
};
static const struct transition space_transitions[] = {
    {"available", "unavailable"}, {"unavailable", "available"}, {NULL, NULL},
};
static const struct transition lease_transitions[] = {
    {"active", "ended"}, {NULL, NULL},
};
static const struct transition voucher_transitions[] = {
    {"active", "closed"}, {"closed", "active"}, {NULL, NULL},
};
static const struct transition statement_transitions[] = {
    {"draft", "issued"}, {"issued", "paid"}, {"issued", "draft"}, {NULL, NULL},
};

/* A booking: to its organisation (the booker's contact included), and to whoever manages its
 * resource, an organisation or a person. */
static const struct reader booking_readers[] = {
    READ_ORG("org_id", .personal = true),
    READ_ORG("resource_id", .via = "manager_org_id"),
    READ_USER("resource_id", .via = "manager_user_id"),
    READ_END,
};
/* clang-format on */

/* --- helpers of the hooks --- */

/* --- resources --- */

static enum bp_err prepare_resource(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    static const char *const days[] = {"hours_mon", "hours_tue", "hours_wed", "hours_thu",
                                       "hours_fri", "hours_sat", "hours_sun"};
    for (size_t i = 0; i < 7; i++) {
        int open, close;
        const char *h = write_op_get_text(op, days[i]);
        if (h && !hours_parse(h, &open, &close))
            problem_field(p, BP_ERR_INVALID, days[i], "\"09:00-18:00\" 꼴로 적어 주세요 (닫는 날은 비움)",
                          "write it as \"09:00-18:00\" (empty: closed)");
    }
    const struct write_value *lo = write_op_get(op, "min_minutes"), *hi = write_op_get(op, "max_minutes");
    if (lo && hi && lo->kind == VAL_INT && hi->kind == VAL_INT && hi->i > 0 && hi->i < lo->i)
        problem_field(p, BP_ERR_INVALID, "max_minutes", "최소 예약 시간보다 짧습니다",
                      "is shorter than the minimum length");
    /* a new resource's fees for members and external organisations are the tenants' unless
     * said otherwise */
    const struct write_value *fee = write_op_get(op, "hourly_fee");
    if (op->kind == WRITE_CREATE && fee && fee->kind == VAL_INT &&
        ((!write_op_get(op, "hourly_fee_member") &&
          !write_op_set(op, "hourly_fee_member", VAL_INT, fee->i, NULL, 0)) ||
         (!write_op_get(op, "hourly_fee_external") &&
          !write_op_set(op, "hourly_fee_external", VAL_INT, fee->i, NULL, 0))))
        return BP_ERR_NOMEM;
    return p->err;
}

/* --- bookings --- */

static const char sql_bookable[] =
    "SELECT status,hours_mon,hours_tue,hours_wed,hours_thu,hours_fri,hours_sat,hours_sun,"
    "slot_minutes,min_minutes,max_minutes,lead_days,requires_approval,requires_qualification,"
    "hourly_fee,coalesce(manager_org_id,0),coalesce(manager_user_id,0),name,closed_on_holidays,"
    "cancel_hours,noshow_minutes,waitlist_hold_minutes,hourly_fee_member,hourly_fee_external,"
    "fee_basis='used' FROM resources WHERE id=?1";

enum bp_err facilities_bookable(struct db *db, long long id, struct bookable *b)
{
    struct db_stmt *st;
    memset(b, 0, sizeof(*b));
    enum bp_err e = db_prepare(db, sql_bookable, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        b->found = true;
        snprintf(b->status, sizeof(b->status), "%s", db_column_text(st, 0, NULL));
        for (int i = 0; i < 7; i++) {
            snprintf(b->hours[i], sizeof(b->hours[i]), "%s", db_column_text(st, 1 + i, NULL));
            b->rules.hours[i] = b->hours[i];
        }
        b->rules.slot_minutes = db_column_int(st, 8);
        b->rules.min_minutes = db_column_int(st, 9);
        b->rules.max_minutes = db_column_int(st, 10);
        b->rules.lead_days = db_column_int(st, 11);
        b->approval = db_column_int(st, 12) != 0;
        b->qualification = db_column_int(st, 13) != 0;
        b->fee = db_column_int(st, 14);
        b->fees[FEE_TENANT] = b->fee;
        b->fees[FEE_MEMBER] = db_column_int(st, 22);
        b->fees[FEE_EXTERNAL] = db_column_int(st, 23);
        b->manager_org = db_column_int(st, 15);
        b->manager_user = db_column_int(st, 16);
        snprintf(b->name, sizeof(b->name), "%s", db_column_text(st, 17, NULL));
        b->closed_on_holidays = db_column_int(st, 18) != 0;
        b->cancel_hours = db_column_int(st, 19);
        b->noshow_minutes = db_column_int(st, 20);
        b->waitlist_hold = db_column_int(st, 21);
        b->fee_used = db_column_int(st, 24) != 0;
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* The first booking of the resource that still holds its time and shares an instant with
 * [start, end): the one a new booking collides with. */
static const char sql_collision[] =
    "SELECT id,starts_at,ends_at FROM bookings WHERE resource_id=?1 AND " BOOKING_HOLDS
    " AND starts_at<?3 AND ends_at>?2 AND id<>?4 ORDER BY starts_at LIMIT 1";

/* self: the booking being moved (0 for a new one), which does not collide with itself */
static enum bp_err collision(struct db *db, long long resource, const char *start,
                             const char *end, long long self, struct problem *p)
{
    struct db_stmt *st;
    /* the resource's row locked until the transaction ends: two writers (PostgreSQL: several
     * servers, a pool of writers) booking one resource take turns, and the second sees the
     * first's booking here, answering 409 naming it (the exclusion constraint would refuse the
     * overlap anyway, but without saying which booking it met) */
    enum bp_err e = db_run(db, NULL, DIALECT_SQL("SELECT id FROM resources WHERE id=?1{forupdate}"),
                           "i", resource);
    if (e || (e = db_prepare(db, sql_collision, &st)))
        return e;
    db_bind_int(st, 1, resource);
    db_bind_text(st, 2, start, strlen(start));
    db_bind_text(st, 3, end, strlen(end));
    db_bind_int(st, 4, self);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        char ko[200], en[200], a[24] = "", b[24] = "";
        long long id = db_column_int(st, 0);
        (void)datetime_seoul(db_column_text(st, 1, NULL), 20, a, sizeof(a));
        (void)datetime_seoul(db_column_text(st, 2, NULL), 20, b, sizeof(b));
        snprintf(ko, sizeof(ko), "다른 예약(#%lld, %.16s ~ %.16s)과 시간이 겹칩니다", id, a, b);
        snprintf(en, sizeof(en), "overlaps booking #%lld (%.16s to %.16s, Seoul time)", id, a, b);
        problem_set(p, BP_ERR_CONFLICT, ko, en);
        problem_field(p, BP_ERR_CONFLICT, "starts_at", ko, en);
        p->conflict_collection = "bookings";
        p->conflict_id = id;
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : p->err;
}

static enum bp_err qualified(struct db *db, long long user, long long resource, long long now,
                             bool *ok)
{
    char today[11];
    long long found = 0;
    seoul_date(now, today);
    enum bp_err e = db_run(db, &found,
                           "SELECT 1 FROM qualifications WHERE user_id=?1 AND resource_id=?2 AND "
                           "(expires_on IS NULL OR expires_on>=?3) AND "
                           "(granted_on IS NULL OR granted_on<=?3)",
                           "iit", user, resource, today);
    *ok = found != 0;
    return e;
}

/* The organisation's voucher of the booking's year pays its share of fee, as far as the cap
 * allows: used grows in this same transaction, so concurrent bookings never spend it twice. */
/* A voucher's balance, read to be written again in this transaction: locked until it ends, so
 * that a writer of another server (PostgreSQL) waits and then reads what this one wrote. */
static const char *sql_voucher_used(void)
{
    return DIALECT_SQL("SELECT used FROM vouchers WHERE id=?1{forupdate}");
}

static enum bp_err set_voucher_used(struct db *db, const struct write_op *op, long long id,
                                    long long used, struct problem *p)
{
    struct write_op w;
    struct principal sys = resource_system(op->who.user_id);
    if (!resource_write_begin(&w, "vouchers", WRITE_UPDATE, id, &sys) ||
        !write_op_int(&w, "used", used)) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, p);
}

static enum bp_err apply_voucher(struct db *db, struct write_op *op, long long org, long long start,
                                 long long fee, struct problem *p)
{
    char day[11];
    seoul_date(start, day);
    long long year = (day[0] - '0') * 1000 + (day[1] - '0') * 100 + (day[2] - '0') * 10 + (day[3] - '0');
    struct db_stmt *st;
    long long id = 0, share = 0, cap = 0, used = 0;
    enum bp_err e = db_prepare(db,
                               DIALECT_SQL("SELECT id,share_percent,yearly_cap,used FROM vouchers "
                                           "WHERE org_id=?1 AND year=?2 AND status='active' AND "
                                           "used<yearly_cap ORDER BY id LIMIT 1{forupdate}"),
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    db_bind_int(st, 2, year);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        id = db_column_int(st, 0);
        share = db_column_int(st, 1);
        cap = db_column_int(st, 2);
        used = db_column_int(st, 3);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    long long part = id ? voucher_part(fee, share, cap - used) : 0;
    if (part > 0) {
        if ((e = set_voucher_used(db, op, id, used + part, p)))
            return e;
        if (!write_op_set(op, "voucher_id", VAL_INT, id, NULL, 0))
            return BP_ERR_NOMEM;
    }
    if (!write_op_set(op, "voucher_part", VAL_INT, part, NULL, 0) ||
        !write_op_set(op, "company_part", VAL_INT, fee - part, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

static enum bp_err prepare_booking_create(struct db *db, struct write_op *op, struct problem *p)
{
    struct bookable b;
    long long resource = write_op_get_int(op, "resource_id"), start, end;
    const char *s = write_op_get_text(op, "starts_at"), *t = write_op_get_text(op, "ends_at");
    bool op_is_operator = principal_is_operator(&op->who);
    enum bp_err e = facilities_bookable(db, resource, &b);
    if (e || !b.found || !s || !t || !instant_parse(s, &start) || !instant_parse(t, &end))
        return e; /* absent references and values: validation names them */
    long long org = write_op_get_int(op, "org_id");
    if (!org)
        return problem_refuse(p, "org_id", BP_ERR_INVALID, "예약하는 기관을 지정해 주세요",
                              "name the organisation booking");
    if (strcmp(b.status, "active") != 0)
        return problem_refuse(p, "resource_id", BP_ERR_INVALID, "지금은 예약할 수 없는 장비·공간입니다 (점검 중 또는 운영 종료)",
                              "this resource cannot be booked now (maintenance or retired)");
    long long now = (long long)time(NULL);
    enum booking_fault f = booking_check(&b.rules, start, end, now);
    if (f != BOOKING_OK)
        return problem_refuse(p, booking_fault_field(f), BP_ERR_INVALID, booking_fault_ko(f),
                              booking_fault_en(f));
    if ((e = facilities_closed_check(db, resource, b.closed_on_holidays, start, end, p)))
        return e;
    if ((e = facilities_series_check(db, op, start, &b.rules, now, p)))
        return e;
    if (b.qualification && !op_is_operator) {
        bool ok;
        if ((e = qualified(db, op->who.user_id, resource, now, &ok)))
            return e;
        if (!ok)
            return problem_refuse(p, "resource_id", BP_ERR_INVALID,
                                  "이 장비는 교육 이수(자격)가 유효한 사용자만 예약할 수 있습니다",
                                  "only users with a valid qualification on this resource may book it");
    }
    const char *status = write_op_get_text(op, "status");
    if (status && !op_is_operator && strcmp(status, b.approval ? "requested" : "approved") != 0)
        return problem_refuse(p, "status", BP_ERR_INVALID, "상태는 정해진 절차로만 바뀝니다",
                              "a new booking's status follows the resource's approval rule");
    if ((e = collision(db, resource, s, t, 0, p)) ||
        (e = facilities_waitlist_hold(db, resource, org, s, t, p)))
        return e;
    enum fee_class cls;
    if ((e = facilities_org_class(db, org, &cls)))
        return e;
    long long minutes = (end - start) / 60, fee = booking_fee(minutes, b.fees[cls]);
    if ((!status && !write_op_set(op, "status", VAL_TEXT, 0, b.approval ? "requested" : "approved",
                                  strlen(b.approval ? "requested" : "approved"))) ||
        !write_op_set(op, "minutes", VAL_INT, minutes, NULL, 0) ||
        !write_op_set(op, "fee", VAL_INT, fee, NULL, 0) ||
        !write_op_set(op, "fee_class", VAL_TEXT, 0, fee_classes[cls].value,
                      strlen(fee_classes[cls].value)) ||
        !write_op_set(op, "hourly_rate", VAL_INT, b.fees[cls], NULL, 0) ||
        !write_op_set(op, "fee_basis", VAL_TEXT, 0, b.fee_used ? "used" : "booked",
                      strlen(b.fee_used ? "used" : "booked")) ||
        (op->who.user_id > 0 && !write_op_set(op, "user_id", VAL_INT, op->who.user_id, NULL, 0)))
        return BP_ERR_NOMEM;
    return apply_voucher(db, op, org, start, fee, p);
}

/* The refusal of a change by the booking organisation past the cancellation deadline of a
 * booking starting at start, on field. */
static enum bp_err deadline_passed(struct problem *p, const char *field, long long start,
                                   long long cancel_hours, const char *what_ko, const char *what_en)
{
    char ko[200], en[200], at[24] = "", due[21];
    instant_format(start - cancel_hours * 3600, due);
    (void)datetime_seoul(due, 20, at, sizeof(at));
    snprintf(ko, sizeof(ko), "%s 마감(시작 %lld시간 전, %.16s)이 지났습니다: 관리자에게 문의하세요",
             what_ko, cancel_hours, at);
    snprintf(en, sizeof(en), "the %s deadline (%lld hours before the start, %.16s Seoul time) has "
             "passed; ask the resource's manager", what_en, cancel_hours, at);
    return problem_refuse(p, field, BP_ERR_INVALID, ko, en);
}

/* The interval a move freed, kept from the move's prepare for its settle (on the one writer
 * thread): the waitlist is offered what the booking no longer holds. */
static _Thread_local struct {
    long long booking;
    char start[21], end[21];
} moved_from;

/* A move: new starts_at and/or ends_at of a requested or confirmed booking that has not
 * started and has not been checked in. Every rule of a new booking is checked again on the
 * new time (length, grid, hours, lead, the past, holidays, periods, the waitlist's holds,
 * overlap with any other booking: 409 naming it), the cancellation deadline of the old time
 * holds for the booking organisation (operators move at any time before the start), the fee
 * follows the new length at the rate booked and the voucher pays its share again. A confirmed
 * booking of a resource that needs approval moved by its organisation is requested again. */
static enum bp_err prepare_booking_move(struct db *db, struct write_op *op, const struct resource_row *row,
                                        const struct bookable *b, struct problem *p)
{
    const char *s = write_op_get_text(op, "starts_at"), *t = write_op_get_text(op, "ends_at");
    long long start = 0, end = 0, old_start = 0, now = (long long)time(NULL);
    (void)instant_parse(row->text[1], &old_start);
    if (!s)
        s = row->text[1];
    if (!t)
        t = row->text[5];
    if (!instant_parse(s, &start) || !instant_parse(t, &end))
        return BP_OK; /* validation names them */
    if (strcmp(s, row->text[1]) == 0 && strcmp(t, row->text[5]) == 0)
        return BP_OK; /* the same time: nothing moves */
    bool op_is_operator = principal_is_operator(&op->who);
    struct resource_row org;
    enum bp_err e = resource_read_fields(db, "bookings", op->id, "org_id", &org);
    long long org_id = org.found ? org.i[0] : 0;
    resource_row_release(&org);
    if (e || (!op_is_operator && org_id != op->who.org_id))
        return e; /* another organisation's booking: the engine refuses the write as such */
    const char *field = write_op_get_text(op, "starts_at") ? "starts_at" : "ends_at";
    const char *status = write_op_get_text(op, "status");
    if (status && strcmp(status, row->text[0]) != 0)
        return problem_refuse(p, "status", BP_ERR_INVALID, "시간을 옮기면서 상태를 함께 바꿀 수는 없습니다",
                              "a move does not change the status in the same request");
    if (strcmp(row->text[0], "requested") != 0 && strcmp(row->text[0], "approved") != 0)
        return problem_refuse(p, field, BP_ERR_INVALID, "승인 대기 중이거나 확정된 예약만 옮길 수 있습니다",
                              "only a requested or confirmed booking moves");
    if (old_start <= now || row->text[6][0])
        return problem_refuse(p, field, BP_ERR_INVALID, "이미 시작되었거나 체크인한 예약은 옮길 수 없습니다",
                              "a booking that has started or been checked in does not move");
    if (!op_is_operator && !cancel_allowed(old_start, b->cancel_hours, now))
        return deadline_passed(p, field, old_start, b->cancel_hours, "변경", "change");
    if (strcmp(b->status, "active") != 0)
        return problem_refuse(p, "resource_id", BP_ERR_INVALID, "지금은 예약할 수 없는 장비·공간입니다 (점검 중 또는 운영 종료)",
                              "this resource cannot be booked now (maintenance or retired)");
    enum booking_fault f = booking_check(&b->rules, start, end, now);
    if (f != BOOKING_OK)
        return problem_refuse(p, booking_fault_field(f), BP_ERR_INVALID, booking_fault_ko(f),
                              booking_fault_en(f));
    if ((e = facilities_closed_check(db, row->i[4], b->closed_on_holidays, start, end, p)) ||
        (e = collision(db, row->i[4], s, t, op->id, p)) ||
        (e = facilities_waitlist_hold(db, row->i[4], org_id, s, t, p)))
        return e;
    if (b->approval && !op_is_operator && strcmp(row->text[0], "approved") == 0 &&
        !write_op_set(op, "status", VAL_TEXT, 0, "requested", strlen("requested")))
        return BP_ERR_NOMEM;
    long long rate = row->i[7];
    if (!row->text[7][0]) { /* booked before rates were kept: the class's rate of today */
        enum fee_class cls;
        if ((e = facilities_org_class(db, org_id, &cls)))
            return e;
        rate = b->fees[cls];
        if (!write_op_set(op, "hourly_rate", VAL_INT, rate, NULL, 0) ||
            !write_op_set(op, "fee_class", VAL_TEXT, 0, fee_classes[cls].value,
                          strlen(fee_classes[cls].value)))
            return BP_ERR_NOMEM;
    }
    long long minutes = (end - start) / 60, fee = booking_fee(minutes, rate);
    if (!write_op_set(op, "minutes", VAL_INT, minutes, NULL, 0) ||
        !write_op_set(op, "fee", VAL_INT, fee, NULL, 0))
        return BP_ERR_NOMEM;
    if (row->i[2] && row->i[3] > 0) { /* the voucher's part of the old fee goes back first */
        long long used = 0;
        if ((e = db_run(db, &used, sql_voucher_used(), "i", row->i[2])) ||
            (e = set_voucher_used(db, op, row->i[2], used > row->i[3] ? used - row->i[3] : 0, p)))
            return e;
    }
    moved_from.booking = op->id;
    snprintf(moved_from.start, sizeof(moved_from.start), "%s", row->text[1]);
    snprintf(moved_from.end, sizeof(moved_from.end), "%s", row->text[5]);
    return apply_voucher(db, op, org_id, start, fee, p);
}

/* The platform's billing of the used time (facilities_bill_used, checkin.c, sets billed_minutes;
 * the field is read-only to everyone else): the fee is the billed minutes at the rate booked,
 * and the voucher pays its share of it again, what it paid for the booked time given back
 * first. */
static enum bp_err prepare_booking_bill(struct db *db, struct write_op *op, const struct resource_row *row,
                                        struct problem *p)
{
    long long start = 0, minutes = write_op_get_int(op, "billed_minutes"), used = 0;
    (void)instant_parse(row->text[1], &start);
    long long fee = booking_fee(minutes, row->i[7]);
    struct resource_row org;
    enum bp_err e = resource_read_fields(db, "bookings", op->id, "org_id", &org);
    long long org_id = org.found ? org.i[0] : 0;
    resource_row_release(&org);
    if (e)
        return e;
    if (!write_op_set(op, "fee", VAL_INT, fee, NULL, 0))
        return BP_ERR_NOMEM;
    if (row->i[2] && row->i[3] > 0 &&
        ((e = db_run(db, &used, sql_voucher_used(), "i", row->i[2])) ||
         (e = set_voucher_used(db, op, row->i[2], used > row->i[3] ? used - row->i[3] : 0, p))))
        return e;
    return apply_voucher(db, op, org_id, start, fee, p);
}

/* The booker changes the purpose, moves (prepare_booking_move) and cancels before the start;
 * everything else is the manager's (POST /api/v1/bookings/{id}/decision) or an operator's. A
 * cancelled or declined booking gives its voucher part back. */
static enum bp_err prepare_booking_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "bookings", op->id,
                                         "status,starts_at,voucher_id,voucher_part,resource_id,"
                                         "ends_at,checked_in_at,hourly_rate",
                                         &row);
    struct bookable b = {0};
    moved_from.booking = 0; /* set again below by a move, for this write's settle only */
    if (!e && row.found)
        e = facilities_bookable(db, row.i[4], &b);
    if (e || !row.found) {
        resource_row_release(&row);
        return e;
    }
    if (write_op_get(op, "billed_minutes")) { /* the platform bills the used time */
        e = prepare_booking_bill(db, op, &row, p);
        resource_row_release(&row);
        return e ? e : p->err;
    }
    if (write_op_get(op, "starts_at") || write_op_get(op, "ends_at")) {
        e = prepare_booking_move(db, op, &row, &b, p);
        resource_row_release(&row);
        return e ? e : p->err;
    }
    const char *status = write_op_get_text(op, "status");
    long long start = 0;
    (void)instant_parse(row.text[1], &start);
    if (status && strcmp(status, row.text[0]) != 0 && !principal_is_operator(&op->who)) {
        if (strcmp(status, "cancelled") != 0)
            problem_refuse(p, "status", BP_ERR_INVALID, "예약한 기관은 취소(cancelled)만 합니다: 승인·거절은 관리자가 합니다",
                           "the booking organisation may cancel; the manager approves or declines");
        else if (start <= (long long)time(NULL))
            problem_refuse(p, "status", BP_ERR_INVALID, "이미 시작된 예약은 취소할 수 없습니다",
                           "a booking that has started cannot be cancelled");
        else if (!cancel_allowed(start, b.cancel_hours, (long long)time(NULL)))
            (void)deadline_passed(p, "status", start, b.cancel_hours, "취소", "cancellation");
    }
    if (!p->err && status && (strcmp(status, "cancelled") == 0 || strcmp(status, "declined") == 0) &&
        strcmp(row.text[0], status) != 0 && row.i[2] && row.i[3] > 0) {
        long long used = 0;
        e = db_run(db, &used, sql_voucher_used(), "i", row.i[2]);
        if (!e)
            e = set_voucher_used(db, op, row.i[2], used > row.i[3] ? used - row.i[3] : 0, p);
    }
    resource_row_release(&row);
    return e ? e : p->err;
}

static enum bp_err prepare_booking(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_booking_create(db, op, p)
                                    : prepare_booking_update(db, op, p);
}

static enum bp_err notify_requested(struct db *db, long long resource, long long id)
{
    struct bookable b;
    enum bp_err e = facilities_bookable(db, resource, &b);
    if (e || !b.found || !b.manager_org)
        return e;
    char link[48];
    snprintf(link, sizeof(link), "/facilities/bookings/%lld", id);
    return account_notify_org(db, b.manager_org, "booking-requested",
                              "예약 승인 요청 / A booking awaits approval",
                              "관리하는 장비·공간에 승인이 필요한 예약이 들어왔습니다. / A booking of a "
                              "resource you manage awaits your approval.",
                              link);
}

/* After a move: the time it no longer holds goes to the first on the waitlist it fits, and a
 * booking requested again is the manager's to approve. */
static enum bp_err settle_move(struct db *db, const struct write_op *op, long long id)
{
    struct resource_row row;
    moved_from.booking = 0;
    enum bp_err e = resource_read_fields(db, "bookings", id, "resource_id", &row);
    long long resource = row.found ? row.i[0] : 0;
    resource_row_release(&row);
    if (e || !resource)
        return e;
    if ((e = facilities_waitlist_offer(db, resource, moved_from.start, moved_from.end, op->who.user_id)))
        return e;
    const char *status = write_op_get_text(op, "status");
    return status && strcmp(status, "requested") == 0 ? notify_requested(db, resource, id) : BP_OK;
}

static enum bp_err settle_booking(struct db *db, const struct write_op *op, long long id,
                                  struct problem *p)
{
    enum bp_err e;
    const char *freed = write_op_get_text(op, "status");
    if (op->kind != WRITE_CREATE && moved_from.booking == id) /* a move */
        return settle_move(db, op, id);
    if (op->kind != WRITE_CREATE) { /* a time freed goes to the first on the waitlist it fits */
        if (!freed || (strcmp(freed, "cancelled") != 0 && strcmp(freed, "declined") != 0))
            return BP_OK;
        struct resource_row row;
        if ((e = resource_read_fields(db, "bookings", id, "resource_id,starts_at,ends_at", &row)) ||
            !row.found) {
            resource_row_release(&row);
            return e;
        }
        e = facilities_waitlist_offer(db, row.i[0], row.text[1], row.text[2], op->who.user_id);
        resource_row_release(&row);
        return e;
    }
    if ((e = facilities_series_settle(db, op, id, p)) ||
        (e = facilities_waitlist_taken(db, write_op_get_int(op, "resource_id"),
                                       write_op_get_int(op, "org_id"), write_op_get_text(op, "starts_at"),
                                       write_op_get_text(op, "ends_at"), id, op->who.user_id)))
        return e;
    const char *status = write_op_get_text(op, "status");
    if (!status || strcmp(status, "requested") != 0)
        return BP_OK;
    if (write_op_get_int(op, "series_id") && !write_op_get_text(op, "repeat_until"))
        return BP_OK; /* a later week of a series: the manager is told of the first */
    return notify_requested(db, write_op_get_int(op, "resource_id"), id);
}

/* --- qualifications --- */

/* Granted by the one who records it; it belongs to the user's organisation unless named. */
static enum bp_err prepare_qualification(struct db *db, struct write_op *op, struct problem *p)
{
    (void)p;
    if (op->kind != WRITE_CREATE)
        return BP_OK;
    if (op->who.user_id > 0 && !write_op_set(op, "granted_by", VAL_INT, op->who.user_id, NULL, 0))
        return BP_ERR_NOMEM;
    if (!write_op_get(op, "org_id")) {
        long long org = 0;
        enum bp_err e = db_run(db, &org, "SELECT org_id FROM users WHERE id=?1", "i",
                               write_op_get_int(op, "user_id"));
        if (e)
            return e;
        if (org && !write_op_set(op, "org_id", VAL_INT, org, NULL, 0))
            return BP_ERR_NOMEM;
    }
    return BP_OK;
}

/* --- leases and statements --- */

static enum bp_err prepare_lease(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    const char *a = write_op_get_text(op, "starts_on"), *b = write_op_get_text(op, "ends_on");
    if (a && b && strcmp(b, a) < 0)
        return problem_refuse(p, "ends_on", BP_ERR_INVALID, "입주일보다 앞설 수 없습니다",
                              "must not be before the start");
    return BP_OK;
}

static enum bp_err prepare_statement(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    const char *m = write_op_get_text(op, "month");
    if (m && !(strlen(m) == 7 && m[4] == '-' && m[0] >= '1' && m[0] <= '2' &&
               ((m[5] == '0' && m[6] >= '1' && m[6] <= '9') || (m[5] == '1' && m[6] >= '0' && m[6] <= '2'))))
        return problem_refuse(p, "month", BP_ERR_INVALID, "YYYY-MM 꼴이어야 합니다", "must be YYYY-MM");
    return BP_OK;
}

/* --- entries --- */

static const struct resource resources = {
    .name = "resources", .table = "resources", .label_ko = "장비·공간", .label_en = "Bookable resources",
    .fields = resource_fields, .title_field = "name", .status_field = "status",
    .transitions = resource_transitions, .flags = R_PUBLIC_READ, .default_sort = "name",
    .prepare = prepare_resource,
};
static const struct resource bookings = {
    .name = "bookings", .table = "bookings", .label_ko = "예약", .label_en = "Bookings",
    .fields = booking_fields, .title_field = "purpose", .owner_field = "org_id",
    .readers = booking_readers, .status_field = "status", .transitions = booking_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-starts_at",
    .prepare = prepare_booking, .settle = settle_booking,
};
static const struct resource qualifications = {
    .name = "qualifications", .table = "qualifications", .label_ko = "장비 사용 자격", .label_en = "Qualifications",
    .fields = qualification_fields, .title_field = "note", .owner_field = "org_id",
    .flags = R_PRIVATE_ROWS, .default_sort = "-id", .prepare = prepare_qualification,
};
static const struct resource spaces = {
    .name = "spaces", .table = "spaces", .label_ko = "입주 공간", .label_en = "Spaces",
    .fields = space_fields, .title_field = "name", .status_field = "status",
    .transitions = space_transitions, .flags = R_PUBLIC_READ, .default_sort = "name",
};
static const struct resource leases = {
    .name = "leases", .table = "leases", .label_ko = "입주 계약", .label_en = "Leases",
    .fields = lease_fields, .title_field = "note", .owner_field = "org_id",
    .status_field = "status", .transitions = lease_transitions, .flags = R_PRIVATE_ROWS,
    .default_sort = "-starts_on", .prepare = prepare_lease,
};
static const struct resource vouchers = {
    .name = "vouchers", .table = "vouchers", .label_ko = "이용료 바우처", .label_en = "Vouchers",
    .fields = voucher_fields, .title_field = "program", .owner_field = "org_id",
    .status_field = "status", .transitions = voucher_transitions, .flags = R_PRIVATE_ROWS,
    .default_sort = "-year",
};
static const struct resource statements = {
    .name = "statements", .table = "statements", .label_ko = "월별 정산서", .label_en = "Statements",
    .fields = statement_fields, .title_field = "title", .owner_field = "org_id",
    .status_field = "status", .transitions = statement_transitions, .flags = R_PRIVATE_ROWS,
    .default_sort = "-month", .prepare = prepare_statement,
};

const struct resource *const facilities_entries[] = {
    &resources, &bookings, &qualifications, &spaces, &leases, &vouchers, &statements,
    &facilities_holidays, &facilities_blackouts, &facilities_calendar_feeds, &facilities_waitlist,
    &facilities_statement_lines, NULL,
};
