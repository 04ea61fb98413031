/*
 * statements: the monthly statement of an organisation, made of lines (statement-lines), one
 * per booking of the month that is billed (approved, completed or no-show) and any an operator
 * adds by hand. The database keeps a statement's totals equal to the sums of its lines and
 * refuses changes to the lines of an issued one (0045_facilities_fees.sql).
 *
 * Generation (POST /api/v1/statements/generate, `bpmc statements generate`) is idempotent for a
 * month: an organisation's draft is replaced by lines made afresh from its bookings (keeping
 * the adjustments made to them), an issued or paid statement is left as it is. An operator
 * adjusts a line's fee with a reason (PATCH /api/v1/statement-lines/{id}, audited): the
 * voucher's part is worked out again within its cap, and the booking follows, so the next
 * generation gives the same line.
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
#include "modules/facilities/checkin.h"
#include "modules/facilities/rules.h"
#include "modules/facilities/statements.h"
#include "base/validate.h"
#include "base/banned.h"

#define FEE_MAX 100000000LL
#define MONEY_MAX 1000000000LL
#define MINUTES_MAX (7 * 24 * 60)

/* clang-format off */
static const struct field line_fields[] = {
    REF("statement_id",  "statements", F_REQUIRED | F_IMMUTABLE | F_FILTER, "정산서", "Statement"),
    REF("org_id",        "orgs", F_READONLY | F_FILTER, "기관", "Organisation"),
    REF("booking_id",    "bookings", F_READONLY | F_FILTER, "예약", "Booking"),
    REF("resource_id",   "resources", F_READONLY | F_FILTER, "장비·공간", "Resource"),
    TEXT("description",  F_SEARCH, 0, 500, "내역", "Description"),
    DATETIME("starts_at", F_READONLY | F_SORT, "시작 일시", "Starts at"),
    DATETIME("ends_at",  F_READONLY, "종료 일시", "Ends at"),
    DURATION("minutes",  F_READONLY, MINUTES_MAX, "청구 시간(분)", "Minutes billed"),
    ENUM("fee_class",    fee_classes, F_READONLY | F_FILTER, "요금 구분", "Fee class"),
    MONEY("hourly_rate", F_READONLY, FEE_MAX, "적용 시간당 요금(원)", "Hourly rate (KRW)"),
    ENUM("fee_basis",    fee_bases, F_READONLY | F_FILTER, "청구 기준", "Billed on"),
    MONEY("fee",         F_SORT, MONEY_MAX, "이용료(원)", "Fee (KRW)"),
    REF("voucher_id",    "vouchers", F_READONLY | F_FILTER, "바우처", "Voucher"),
    MONEY("voucher_part", F_READONLY, MONEY_MAX, "바우처 부담(원)", "Voucher pays (KRW)"),
    MONEY("company_part", F_READONLY, MONEY_MAX, "기업 부담(원)", "Company pays (KRW)"),
    MONEY("original_fee", F_READONLY, MONEY_MAX, "조정 전 이용료(원)", "Fee before adjustment (KRW)"),
    TEXT("adjust_reason", 0, 0, 1000, "조정 사유", "Reason for the adjustment"),
    END_FIELDS,
};
/* clang-format on */

/* A line of one statement: its organisation is the statement's (copied by the server, never
 * changed), so it is read by those who read the statement and no one else; written by
 * operators (the generator, an adjustment, a manual line). */
static enum bp_err prepare_line(struct db *db, struct write_op *op, struct problem *p);

const struct resource facilities_statement_lines = {
    .name = "statement-lines", .table = "statement_lines", .label_ko = "정산서 내역",
    .label_en = "Statement lines", .fields = line_fields, .title_field = "description",
    .owner_field = "org_id", .flags = R_PRIVATE_ROWS | R_NOT_INDEXED,
    .default_sort = "starts_at", .prepare = prepare_line,
};

/* --- writes of other rows, as the platform --- */

static enum bp_err write_ints(struct db *db, const struct write_op *hook, const char *collection,
                              long long id, const char *const *names, const long long *values,
                              size_t n, struct problem *p)
{
    struct write_op w;
    struct principal sys = resource_system(hook->who.user_id);
    if (!resource_write_begin(&w, collection, WRITE_UPDATE, id, &sys))
        return BP_ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        if (!write_op_int(&w, names[i], values[i])) {
            write_op_free(&w);
            return BP_ERR_NOMEM;
        }
    return resource_write(db, &w, NULL, p);
}

static enum bp_err refuse_not_draft(struct problem *p)
{
    return problem_refuse(p, "statement_id", BP_ERR_INVALID,
                          "작성 중(draft)인 정산서만 바꿀 수 있습니다: 발행된 정산서는 그대로 둡니다",
                          "only a draft statement changes: an issued one stays as it is");
}

/* --- the line's hook --- */

static enum bp_err prepare_line_create(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row st;
    enum bp_err e = resource_read_fields(db, "statements", write_op_get_int(op, "statement_id"),
                                         "org_id,status", &st);
    if (e || !st.found) {
        resource_row_release(&st);
        return e; /* an absent statement: the reference check names it */
    }
    long long org = st.i[0];
    bool draft = strcmp(st.text[1], "draft") == 0;
    resource_row_release(&st);
    if (!draft)
        return refuse_not_draft(p);
    if (!write_op_set(op, "org_id", VAL_INT, org, NULL, 0))
        return BP_ERR_NOMEM;
    if (write_op_get(op, "booking_id"))
        return BP_OK; /* the generator's line: its parts come from the booking */
    /* an operator's line by hand (a consumable, a correction): the company pays it */
    const char *d = write_op_get_text(op, "description");
    if (!d || !*d)
        return problem_refuse(p, "description", BP_ERR_INVALID, "직접 추가하는 내역에는 설명이 필요합니다",
                              "a line added by hand needs a description");
    long long fee = write_op_get_int(op, "fee");
    if (!write_op_set(op, "voucher_part", VAL_INT, 0, NULL, 0) ||
        !write_op_set(op, "company_part", VAL_INT, fee, NULL, 0) ||
        !write_op_set(op, "fee", VAL_INT, fee, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* An adjustment: a new fee with a reason. The voucher pays its share of the new fee as far as
 * its cap allows (what it paid before counts as available), the company the rest; the voucher's
 * use and the booking follow. */
static enum bp_err adjust(struct db *db, struct write_op *op, const struct resource_row *line,
                          long long fee, struct problem *p)
{
    long long booking = line->i[1], voucher = line->i[3], old_part = line->i[4], part = 0;
    enum bp_err e;
    if (voucher) {
        struct resource_row v;
        if ((e = resource_read_fields(db, "vouchers", voucher, "share_percent,yearly_cap,used", &v)))
            return e;
        if (v.found) {
            part = voucher_part(fee, v.i[0], v.i[1] - v.i[2] + old_part);
            static const char *const used[] = {"used"};
            long long now_used = v.i[2] - old_part + part;
            if (part != old_part)
                e = write_ints(db, op, "vouchers", voucher, used, &now_used, 1, p);
        }
        resource_row_release(&v);
        if (e)
            return e;
    }
    if (!write_op_set(op, "voucher_part", VAL_INT, part, NULL, 0) ||
        !write_op_set(op, "company_part", VAL_INT, fee - part, NULL, 0) ||
        (line->text[5][0] == '\0' &&
         !write_op_set(op, "original_fee", VAL_INT, line->i[2], NULL, 0)))
        return BP_ERR_NOMEM;
    if (booking) {
        static const char *const names[] = {"fee", "voucher_part", "company_part"};
        long long values[] = {fee, part, fee - part};
        if ((e = write_ints(db, op, "bookings", booking, names, values, 3, p)))
            return e;
    }
    return BP_OK;
}

static enum bp_err prepare_line_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row line;
    enum bp_err e = resource_read_fields(db, "statement-lines", op->id,
                                         "statement_id,booking_id,fee,voucher_id,voucher_part,"
                                         "original_fee,adjust_reason",
                                         &line);
    if (e || !line.found)
        goto out;
    struct resource_row st;
    if ((e = resource_read_fields(db, "statements", line.i[0], "status", &st)))
        goto out;
    bool draft = st.found && strcmp(st.text[0], "draft") == 0;
    resource_row_release(&st);
    if (!draft) {
        e = refuse_not_draft(p);
        goto out;
    }
    const struct write_value *fee = write_op_get(op, "fee");
    if (fee && fee->kind == VAL_INT && fee->i != line.i[2]) {
        const char *why = write_op_get_text(op, "adjust_reason");
        if (!why || !*why) {
            e = problem_refuse(p, "adjust_reason", BP_ERR_INVALID,
                               "이용료를 조정하려면 사유를 적어 주세요",
                               "an adjustment of the fee needs its reason");
            goto out;
        }
        e = adjust(db, op, &line, fee->i, p);
    } else if (fee && fee->kind != VAL_INT) {
        e = problem_refuse(p, "fee", BP_ERR_INVALID, "이용료는 비울 수 없습니다", "the fee may not be empty");
    }
out:
    resource_row_release(&line);
    return e ? e : p->err;
}

static enum bp_err prepare_line(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind == WRITE_CREATE)
        return prepare_line_create(db, op, p);
    if (op->kind == WRITE_UPDATE)
        return prepare_line_update(db, op, p);
    return BP_OK; /* a delete: the database refuses it on an issued statement */
}

/* --- generation --- */

bool statement_month_bounds(const char *month, char from[21], char to[21])
{
    if (!month || strlen(month) != 7 || month[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (month[i] < '0' || month[i] > '9'))
            return false;
    int y = (month[0] - '0') * 1000 + (month[1] - '0') * 100 + (month[2] - '0') * 10 + (month[3] - '0'),
        m = (month[5] - '0') * 10 + (month[6] - '0');
    if (y < 2000 || y > 2100 || m < 1 || m > 12)
        return false;
    int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
    long long a, b;
    char s[21];
    snprintf(s, sizeof(s), "%04d-%02d-01T00:00:00Z", y, m);
    if (!instant_parse(s, &a))
        return false;
    snprintf(s, sizeof(s), "%04d-%02d-01T00:00:00Z", ny, nm);
    if (!instant_parse(s, &b))
        return false;
    instant_format(a - SEOUL_OFFSET_S, from);
    instant_format(b - SEOUL_OFFSET_S, to);
    return true;
}

#define BILLED "status IN ('approved','completed','no-show')"

static const char sql_orgs[] =
    "SELECT org_id FROM bookings WHERE " BILLED " AND starts_at>=?1 AND starts_at<?2 "
    "AND (?3=0 OR org_id=?3) UNION "
    "SELECT org_id FROM statements WHERE month=?4 AND status='draft' AND (?3=0 OR org_id=?3) "
    "ORDER BY 1";

/* A line's minutes are the used ones once billed on them (billed_minutes), else the booked
 * ones (a no-show, a booking still in use, a resource billed on booked time), and its basis
 * says which. */
static const char sql_billed[] =
    "SELECT b.id,b.resource_id,r.name,b.starts_at,b.ends_at,coalesce(b.billed_minutes,b.minutes),"
    "coalesce(b.fee_class,''),coalesce(b.hourly_rate,-1),b.fee,coalesce(b.voucher_id,0),"
    "b.voucher_part,b.company_part,CASE WHEN b.billed_minutes IS NULL THEN 'booked' ELSE 'used' END "
    "FROM bookings b JOIN resources r ON r.id=b.resource_id WHERE b.org_id=?1 AND b." BILLED
    " AND b.starts_at>=?2 AND b.starts_at<?3 ORDER BY b.starts_at,b.id";

struct gen_counts {
    int created, replaced, kept;
};

struct billed {
    long long booking, resource, minutes, rate, fee, voucher, vpart, cpart, original;
    char name[201 * 3], starts[21], ends[21], cls[10], basis[8], reason[1001 * 3];
};

/* Collect a query's integer first column (up to max) before writing anything. */
static enum bp_err collect_ids(struct db *db, const char *sql, const char *from, const char *to,
                               long long org, const char *month, long long *out, size_t max,
                               size_t *n)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_text(st, 1, from, strlen(from));
    db_bind_text(st, 2, to, strlen(to));
    db_bind_int(st, 3, org);
    db_bind_text(st, 4, month, strlen(month));
    enum db_step s;
    *n = 0;
    while ((s = db_step(st)) == DB_ROW && *n < max)
        out[(*n)++] = db_column_int(st, 0);
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

static enum bp_err collect_billed(struct db *db, long long org, const char *from, const char *to,
                                  struct billed **out, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    enum bp_err e = db_prepare(db, sql_billed, &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, from, strlen(from));
    db_bind_text(st, 3, to, strlen(to));
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && *n < LIMIT_STATEMENT_LINES) {
        if (*n == cap) {
            size_t grow = cap ? cap * 2 : 16;
            struct billed *b = realloc(*out, grow * sizeof(**out));
            if (!b) {
                e = BP_ERR_NOMEM;
                break;
            }
            *out = b;
            cap = grow;
        }
        struct billed *b = &(*out)[(*n)++];
        memset(b, 0, sizeof(*b));
        b->booking = db_column_int(st, 0);
        b->resource = db_column_int(st, 1);
        snprintf(b->name, sizeof(b->name), "%s", db_column_text(st, 2, NULL));
        snprintf(b->starts, sizeof(b->starts), "%s", db_column_text(st, 3, NULL));
        snprintf(b->ends, sizeof(b->ends), "%s", db_column_text(st, 4, NULL));
        b->minutes = db_column_int(st, 5);
        snprintf(b->cls, sizeof(b->cls), "%s", db_column_text(st, 6, NULL));
        b->rate = db_column_int(st, 7);
        b->fee = db_column_int(st, 8);
        b->voucher = db_column_int(st, 9);
        b->vpart = db_column_int(st, 10);
        b->cpart = db_column_int(st, 11);
        snprintf(b->basis, sizeof(b->basis), "%s", db_column_text(st, 12, NULL));
        b->original = -1;
    }
    db_reset(st);
    return e ? e : s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* The adjustments of a draft's lines carried over to the bookings' new lines, then the old lines
 * deleted (each delete audited). */
static enum bp_err clear_draft(struct db *db, const struct principal *sys, long long statement,
                               struct billed *b, size_t n, struct problem *p)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT id,coalesce(booking_id,0),coalesce(original_fee,-1),"
                                   "coalesce(adjust_reason,'') FROM statement_lines "
                                   "WHERE statement_id=?1 ORDER BY id", &st);
    if (e)
        return e;
    long long *ids = NULL;
    size_t nids = 0, cap = 0;
    db_bind_int(st, 1, statement);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (nids == cap) {
            size_t grow = cap ? cap * 2 : 16;
            long long *x = realloc(ids, grow * sizeof(*ids));
            if (!x) {
                e = BP_ERR_NOMEM;
                break;
            }
            ids = x;
            cap = grow;
        }
        ids[nids++] = db_column_int(st, 0);
        long long booking = db_column_int(st, 1), original = db_column_int(st, 2);
        const char *why = db_column_text(st, 3, NULL);
        for (size_t i = 0; booking && *why && i < n; i++)
            if (b[i].booking == booking) {
                b[i].original = original;
                snprintf(b[i].reason, sizeof(b[i].reason), "%s", why);
            }
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    for (size_t i = 0; !e && i < nids; i++) {
        struct write_op w;
        if (!resource_write_begin(&w, "statement-lines", WRITE_DELETE, ids[i], sys))
            e = BP_ERR_NOMEM;
        else
            e = resource_write(db, &w, NULL, p);
    }
    free(ids);
    return e;
}

static enum bp_err add_line(struct db *db, const struct principal *sys, long long statement,
                            const struct billed *b, struct problem *p)
{
    struct write_op w;
    if (!resource_write_begin(&w, "statement-lines", WRITE_CREATE, 0, sys))
        return BP_ERR_NOMEM;
    bool ok = write_op_int(&w, "statement_id", statement) && write_op_int(&w, "booking_id", b->booking) &&
              write_op_int(&w, "resource_id", b->resource) && write_op_text(&w, "description", b->name) &&
              write_op_text(&w, "starts_at", b->starts) && write_op_text(&w, "ends_at", b->ends) &&
              write_op_int(&w, "minutes", b->minutes) && write_op_int(&w, "fee", b->fee) &&
              write_op_int(&w, "voucher_part", b->vpart) && write_op_int(&w, "company_part", b->cpart) &&
              (!b->cls[0] || write_op_text(&w, "fee_class", b->cls)) &&
              write_op_text(&w, "fee_basis", b->basis) &&
              (b->rate < 0 || write_op_int(&w, "hourly_rate", b->rate)) &&
              (!b->voucher || write_op_int(&w, "voucher_id", b->voucher)) &&
              (!b->reason[0] || write_op_text(&w, "adjust_reason", b->reason)) &&
              (b->original < 0 || write_op_int(&w, "original_fee", b->original));
    if (!ok) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, p);
}

static enum bp_err generate_one(struct db *db, const struct principal *sys, long long org,
                                const char *month, const char *from, const char *to,
                                struct buf *out, bool first, struct gen_counts *counts,
                                struct problem *p)
{
    long long id = 0;
    struct db_stmt *st;
    char status[16] = "";
    enum bp_err e = db_prepare(db, "SELECT id,status FROM statements WHERE org_id=?1 AND month=?2", &st);
    if (e)
        return e;
    db_bind_int(st, 1, org);
    db_bind_text(st, 2, month, 7);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        id = db_column_int(st, 0);
        snprintf(status, sizeof(status), "%s", db_column_text(st, 1, NULL));
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    const char *action = "kept";
    if (id && strcmp(status, "draft") != 0) {
        counts->kept++;
    } else {
        struct billed *b;
        size_t n;
        if ((e = collect_billed(db, org, from, to, &b, &n)))
            goto out_billed_free;
        if (id) {
            action = "replaced";
            counts->replaced++;
            e = clear_draft(db, sys, id, b, n, p);
        } else {
            char title[96];
            struct write_op w;
            action = "created";
            counts->created++;
            snprintf(title, sizeof(title), "%.4s년 %d월 장비·공간 이용료 정산서", month,
                     (month[5] - '0') * 10 + (month[6] - '0'));
            if (!resource_write_begin(&w, "statements", WRITE_CREATE, 0, sys) ||
                !write_op_int(&w, "org_id", org) || !write_op_text(&w, "month", month) ||
                !write_op_text(&w, "title", title)) {
                write_op_free(&w);
                e = BP_ERR_NOMEM;
            } else {
                e = resource_write(db, &w, &id, p);
            }
        }
        for (size_t i = 0; !e && i < n; i++)
            e = add_line(db, sys, id, &b[i], p);
    out_billed_free:
        free(b);
        if (e)
            return e;
    }
    long long total = 0, lines = 0;
    if ((e = db_run(db, &total, "SELECT total_fee FROM statements WHERE id=?1", "i", id)) ||
        (e = db_run(db, &lines, "SELECT count(*) FROM statement_lines WHERE statement_id=?1", "i", id)))
        return e;
    (void)buf_addf(out, "%s{\"id\":%lld,\"org_id\":%lld,\"action\":\"%s\",\"lines\":%lld,\"total_fee\":%lld}",
                   first ? "" : ",", id, org, action, lines, total);
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

/* The month's bookings billed on used time that have ended since and are not billed yet are
 * billed first (facilities_bill_used), so their lines carry the used minutes. */
static const char sql_unbilled[] =
    "SELECT id FROM bookings WHERE fee_basis='used' AND billed_minutes IS NULL AND "
    "status IN ('approved','completed') AND ends_at<=?4 AND starts_at>=?1 AND starts_at<?2 "
    "AND (?3=0 OR org_id=?3) ORDER BY id";

static enum bp_err bill_used(struct db *db, long long actor, const char *from, const char *to, long long org)
{
    char now[21];
    long long t = (long long)time(NULL);
    instant_format(t, now);
    long long *ids = calloc(LIMIT_STATEMENT_LINES, sizeof(*ids));
    size_t n = 0;
    if (!ids)
        return BP_ERR_NOMEM;
    enum bp_err e = collect_ids(db, sql_unbilled, from, to, org, now, ids, LIMIT_STATEMENT_LINES, &n);
    for (size_t i = 0; !e && i < n; i++)
        e = facilities_bill_used(db, ids[i], actor, t);
    free(ids);
    return e;
}

enum bp_err facilities_statements_generate(struct db *db, long long actor, const char *month,
                                           long long org, struct buf *out, struct problem *p)
{
    char from[21], to[21];
    if (!statement_month_bounds(month, from, to))
        return problem_refuse(p, "month", BP_ERR_INVALID, "YYYY-MM 꼴의 달이어야 합니다 (예: 2026-11)",
                              "must be a month as YYYY-MM (2026-11)");
    if (org) {
        long long found = 0;
        enum bp_err e = db_run(db, &found, "SELECT 1 FROM orgs WHERE id=?1", "i", org);
        if (e)
            return e;
        if (!found)
            return problem_refuse(p, "org_id", BP_ERR_INVALID, "없는 기관입니다", "no such organisation");
    }
    long long *orgs = calloc(LIMIT_STATEMENT_ORGS, sizeof(*orgs));
    size_t n = 0;
    struct gen_counts counts = {0};
    struct principal sys = resource_system(actor);
    if (!orgs)
        return BP_ERR_NOMEM;
    enum bp_err e = bill_used(db, actor, from, to, org);
    if (!e)
        e = collect_ids(db, sql_orgs, from, to, org, month, orgs, LIMIT_STATEMENT_ORGS, &n);
    if (!e)
        e = buf_addf(out, "{\"month\":\"%s\",\"statements\":[", month);
    for (size_t i = 0; !e && i < n; i++)
        e = generate_one(db, &sys, orgs[i], month, from, to, out, i == 0, &counts, p);
    if (!e)
        e = buf_addf(out, "],\"created\":%d,\"replaced\":%d,\"kept\":%d}", counts.created,
                     counts.replaced, counts.kept);
    free(orgs);
    return e;
}

/* --- POST /api/v1/statements/generate --- */

struct generate_job {
    struct principal who;
    char month[8];
    long long org;
};

static enum bp_err run_generate(struct job *job, struct db *db)
{
    struct generate_job *g = job->payload;
    struct problem p;
    problem_init(&p);
    buf_init(&job->ans.body, NULL, 1 << 24);
    enum bp_err e = facilities_statements_generate(db, g->who.user_id, g->month, g->org,
                                                   &job->ans.body, &p);
    if (e) {
        buf_release(&job->ans.body);
        if (p.err) {
            job_problem(job, &p);
            return e;
        }
        return job_fail(job, e);
    }
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

void api_statements_generate(struct http_req *r)
{
    static const char *const allowed[] = {"month", "org_id", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *month = account_string(j, "month", 7, true, &p);
    json_t *org = json_object_get(j, "org_id");
    long long org_id = 0;
    if (org && !json_is_null(org)) {
        if (!json_is_integer(org) || json_integer_value(org) < 1)
            problem_field(&p, BP_ERR_INVALID, "org_id", "기관 번호(양의 정수)여야 합니다",
                          "must be an organisation id (a positive integer)");
        else
            org_id = json_integer_value(org);
    }
    char from[21], to[21];
    if (month && !statement_month_bounds(month, from, to))
        problem_field(&p, BP_ERR_INVALID, "month", "YYYY-MM 꼴의 달이어야 합니다 (예: 2026-11)",
                      "must be a month as YYYY-MM (2026-11)");
    struct generate_job *g = p.err ? NULL : calloc(1, sizeof(*g));
    if (!g) {
        account_reject(r, j, &p);
        return;
    }
    g->who = r->who;
    g->org = org_id;
    snprintf(g->month, sizeof(g->month), "%s", month);
    json_decref(j);
    account_submit(r, JOB_WRITER, run_generate, g);
}

/* --- GET /api/v1/statements/{id}/document?format=csv|xlsx|pdf --- */

struct document_job {
    long long id;
    int format;
    struct principal who;
    char disposition[96];
};

static enum bp_err run_document(struct job *job, struct db *db)
{
    struct document_job *x = job->payload;
    const struct resource *res = resource_find("statements", 10);
    struct buf row;
    long long version = 0;
    buf_init(&row, NULL, 1 << 20);
    /* the statement as the caller may see it: the same 404 as an absent one otherwise */
    enum bp_err e = res ? resource_get(db, res, x->id, &x->who, 0, &row, &version) : BP_ERR_NOT_FOUND;
    buf_release(&row);
    if (e == BP_ERR_NOT_FOUND)
        return job_refuse(job, e, NULL, "없는 정산서입니다", "no such statement");
    if (e)
        return job_fail(job, e);
    buf_init(&job->ans.body, NULL, LIMIT_STATEMENT_LINES * 2048u + (1u << 22));
    if ((e = statement_render(db, x->id, x->format, &job->ans.body))) {
        buf_release(&job->ans.body);
        return job_fail(job, e);
    }
    job->ans.status = 200;
    job->ans.content_type = statement_format_type(x->format);
    snprintf(x->disposition, sizeof(x->disposition), "attachment; filename=\"statement-%lld.%s\"",
             x->id, statement_format_extension(x->format));
    http_add_header(&job->ans, "content-disposition", str_from(x->disposition));
    return BP_OK;
}

static void release_document(struct job *job) { free(job->payload); }

void api_statement_document(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    long long id;
    int format = -1;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 정산서입니다", "no such statement");
        return;
    }
    struct str q = r->query;
    while (q.ptr && q.len) {
        struct str pair, key, raw, v;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v))
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다", "bad percent-encoding or UTF-8");
        else if (str_eq_c(key, "format")) {
            if ((format = statement_format(v.ptr, v.len)) < 0)
                problem_field(&p, BP_ERR_BAD_QUERY, "format", "csv, xlsx, pdf 중 하나여야 합니다",
                              "must be one of csv, xlsx, pdf");
        } else if (key.len)
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "알 수 없는 매개변수입니다 (format)",
                          "unknown query parameter (format)");
    }
    if (!p.err && format < 0)
        problem_field(&p, BP_ERR_BAD_QUERY, "format", "format(csv, xlsx, pdf)을 지정해 주세요",
                      "name the format: csv, xlsx or pdf");
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    struct document_job *x = calloc(1, sizeof(*x));
    struct job *job = x ? job_new(JOB_WORKER, run_document, x, release_document) : NULL;
    if (!job) {
        free(x);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    x->id = id;
    x->format = format;
    x->who = r->who;
    http_submit(r, job);
}
