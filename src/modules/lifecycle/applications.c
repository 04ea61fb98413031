/*
 * applications: companies apply to the center's support programs (program-applications);
 * operators select or decline each one with a reason. A company applies once per program,
 * while the program is open and its window runs, when its stage and fields are eligible. A
 * selection never takes a program past its capacity: the count is read in the write's own
 * transaction, on the single writer, so two selections at once cannot both take the last seat.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value application_states[] = {
    {"submitted", "신청",   "Submitted"},
    {"selected",  "선정",   "Selected"},
    {"declined",  "미선정", "Declined"},
    {"withdrawn", "철회",   "Withdrawn"},
    END_VALUES,
};

static const struct field application_fields[] = {
    REF("program_id",     "programs", F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "지원 프로그램", "Program"),
    REF("org_id",         "orgs", F_REQUIRED | F_IMMUTABLE | F_FILTER | F_SORT, "신청 기업", "Company"),
    TEXT("motivation",    F_REQUIRED | F_SEARCH, 1, 5000, "신청 사유", "Motivation"),
    STATUS("status",      application_states, F_FILTER | F_SORT, "상태", "Status"),
    TEXT("decision_note", 0, 0, 2000, "선정 사유", "Reason for the decision"),
    DATETIME("decided_at", F_READONLY | F_FILTER | F_SORT, "결정 일시", "Decided at"),
    BOOL("is_synthetic",  F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct transition application_transitions[] = {
    {"submitted", "selected"}, {"submitted", "declined"}, {"submitted", "withdrawn"},
    {"selected", "withdrawn"}, {"declined", "selected"},
    {NULL, NULL},
};
/* clang-format on */

/* Whether program ?1 is open on day ?2 (in Korea): its status and window. */
static const char sql_open[] =
    "SELECT status='open' AND (opens_on IS NULL OR opens_on<=?2) AND (closes_on IS NULL OR "
    "closes_on>=?2) FROM programs WHERE id=?1";
/* Whether organisation ?2 is eligible for program ?1: its stage among the eligible ones and
 * one of its fields among the program's (an empty list takes everyone). */
static const char sql_eligible[] =
    "SELECT CASE WHEN (NOT EXISTS (SELECT 1 FROM {each:p|eligible_stages|s0}) OR EXISTS (SELECT "
    "1 FROM {each:p|eligible_stages|s} WHERE s.value=o.stage)) AND (NOT EXISTS (SELECT 1 FROM "
    "{each:p|fields|f0}) OR EXISTS (SELECT 1 FROM {each:p|fields|f}, {each:o|fields|g} WHERE "
    "f.value=g.value)) THEN 1 ELSE 0 END FROM programs p, orgs o WHERE p.id=?1 AND o.id=?2";
static const char sql_applied[] =
    "SELECT id FROM program_applications WHERE program_id=?1 AND org_id=?2";
/* The program's row, locked until the transaction ends, so that two writers at once
 * (PostgreSQL: several servers, a pool of writers) take turns at its seats. A statement of its
 * own: on PostgreSQL a statement that waited for the lock still counts with the snapshot it
 * began with, so the seats are counted by the next statement, after the other's commit. */
#define SQL_LOCK_PROGRAM "SELECT id FROM programs WHERE id=?1{forupdate}"
/* Seats left: the capacity less the selected applications other than ?2 (NULL capacity: no
 * limit, answered as a large number). */
#define SQL_SEATS                                                                                  \
    "SELECT coalesce(p.capacity, 1000000) - (SELECT count(*) FROM program_applications a WHERE "   \
    "a.program_id=p.id AND a.status='selected' AND a.id<>?2) FROM programs p WHERE p.id=?1"

static void now_and_today(char now[21], char today[11])
{
    char t[21];
    sla_format(time(NULL), now);
    sla_format(time(NULL) + 9 * 3600, t);
    memcpy(today, t, 10);
    today[10] = '\0';
}

static enum bp_err prepare_create(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    long long program = write_op_get_int(op, "program_id"), org = write_op_get_int(op, "org_id");
    const char *status = write_op_get_text(op, "status");
    long long ok = 0, taken = 0;
    char now[21], today[11];
    enum bp_err e;
    now_and_today(now, today);
    if (status && strcmp(status, "submitted") != 0)
        problem_refuse(p, "status", BP_ERR_INVALID, "신청은 신청(submitted) 상태로 시작합니다",
                       "an application starts as submitted");
    if (write_op_get(op, "decision_note"))
        problem_refuse(p, "decision_note", BP_ERR_INVALID, "선정 사유는 운영기관이 결정할 때 씁니다",
                       "operators write the reason when they decide");
    if (p->err || !program || !org)
        return p->err;
    if ((e = db_run(db, &taken, sql_applied, "ii", program, org)))
        return e;
    if (taken)
        return problem_refuse(p, "program_id", BP_ERR_CONFLICT, "이 프로그램에 이미 신청했습니다",
                              "this company applied to this program already");
    if ((e = db_run(db, &ok, sql_open, "it", program, today)))
        return e;
    if (!ok)
        return problem_refuse(p, "program_id", BP_ERR_INVALID, "모집 중인 프로그램이 아니거나 모집 기간이 아닙니다",
                              "the program is not open for applications today");
    if ((e = db_run(db, &ok, DIALECT_SQL(sql_eligible), "ii", program, org)))
        return e;
    if (!ok && !operator)
        return problem_refuse(p, "program_id", BP_ERR_INVALID, "귀 기관의 성장 단계나 분야가 이 프로그램의 대상이 아닙니다",
                              "your organisation's stage or fields are not eligible for this program");
    return BP_OK;
}

static enum bp_err prepare_update(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "program-applications", op->id,
                                         "program_id,org_id,status,decision_note", &row);
    if (e || !row.found)
        goto out;
    if (!operator && row.i[1] != op->who.org_id)
        goto out; /* not theirs: answers 404 */
    const char *was = row.text[2], *to = write_op_get_text(op, "status");
    bool moved = to && strcmp(to, was) != 0;
    if (!operator) { /* the company edits its motivation while submitted, and withdraws */
        if (moved && strcmp(to, "withdrawn") != 0)
            problem_refuse(p, "status", BP_ERR_INVALID, "선정과 미선정은 운영기관이 결정합니다: 기업은 철회(withdrawn)만 합니다",
                           "operators select or decline: a company withdraws");
        if (write_op_get(op, "decision_note"))
            problem_refuse(p, "decision_note", BP_ERR_INVALID, "선정 사유는 운영기관이 씁니다",
                           "operators write the reason for the decision");
        if (write_op_get(op, "motivation") && strcmp(was, "submitted") != 0)
            problem_refuse(p, "motivation", BP_ERR_INVALID, "결정된 신청의 사유는 바꿀 수 없습니다",
                           "a decided application's motivation is kept");
        goto out;
    }
    if (moved && (strcmp(to, "selected") == 0 || strcmp(to, "declined") == 0)) {
        const char *note = write_op_get_text(op, "decision_note");
        if (!note || !*note)
            problem_refuse(p, "decision_note", BP_ERR_INVALID, "선정 또는 미선정의 사유를 적어 주세요",
                           "give the reason for selecting or declining");
        long long seats = 0;
        if (strcmp(to, "selected") == 0 &&
            !(e = db_run(db, NULL, DIALECT_SQL(SQL_LOCK_PROGRAM), "i", row.i[0])) &&
            !(e = db_run(db, &seats, SQL_SEATS, "ii", row.i[0], op->id)) && seats <= 0)
            problem_refuse(p, "status", BP_ERR_INVALID, "프로그램 정원이 찼습니다",
                           "the program's capacity is reached");
        char now[21], today[11];
        now_and_today(now, today);
        if (!e && !p->err && !write_op_text(op, "decided_at", now))
            e = BP_ERR_NOMEM;
    }
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

static enum bp_err prepare_application(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_create(db, op, p) : prepare_update(db, op, p);
}

/* Operators are told of an application, the company of the decision. */
static enum bp_err settle_application(struct db *db, const struct write_op *op, long long id,
                                      struct problem *p)
{
    (void)p;
    char link[64];
    snprintf(link, sizeof(link), "/program-applications/%lld", id);
    const char *status = write_op_get_text(op, "status");
    if (op->kind == WRITE_CREATE)
        return lifecycle_notify_operators(db, 0, "program-application",
                                          "지원 프로그램 신청이 들어왔습니다 / New program application",
                                          "입주기업이 지원 프로그램에 신청했습니다. 선정 여부를 결정해 주세요. / "
                                          "A tenant applied to a support program: select or decline it.",
                                          link);
    if (!status || !principal_is_operator(&op->who) ||
        (strcmp(status, "selected") != 0 && strcmp(status, "declined") != 0))
        return BP_OK;
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "program-applications", id, "org_id", &row);
    if (!e && row.found)
        e = account_notify_org(db, row.i[0], "program-application",
                               strcmp(status, "selected") == 0
                                   ? "지원 프로그램에 선정되었습니다 / Selected for the program"
                                   : "지원 프로그램에 선정되지 않았습니다 / Not selected for the program",
                               "운영기관이 귀 기관의 지원 프로그램 신청을 검토했습니다. 사유를 신청에서 "
                               "확인하세요. / The support center decided on your application: its "
                               "reason is on it.",
                               link);
    resource_row_release(&row);
    return e;
}

/* A company deletes an application only while it is undecided (a decision stays on record). */
static enum bp_err deleted_application(struct db *db, const struct write_op *op,
                                       const char *before, struct problem *p)
{
    (void)db;
    if (principal_is_operator(&op->who) || strstr(before, "\"status\":\"submitted\"") ||
        strstr(before, "\"status\":\"withdrawn\""))
        return BP_OK;
    return problem_refuse(p, "status", BP_ERR_INVALID, "결정된 신청은 지울 수 없습니다: 철회(withdrawn)하세요",
                          "a decided application is not deleted: withdraw it");
}

const struct resource lifecycle_applications = {
    .name = "program-applications", .table = "program_applications",
    .label_ko = "지원 프로그램 신청", .label_en = "Program applications",
    .fields = application_fields, .title_field = "motivation", .owner_field = "org_id",
    .status_field = "status", .transitions = application_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-id",
    .prepare = prepare_application, .settle = settle_application,
    .deleted = deleted_application,
};

/* Every active operator, one message each (shown in the app, e-mailed with SMTP). */
static const char sql_next_operator[] =
    "SELECT min(id) FROM users WHERE role IN ('operator-admin','operator-staff') AND active=1 AND "
    "id>?1";

enum bp_err lifecycle_notify_operators(struct db *db, long long skip, const char *kind,
                                       const char *subject, const char *body, const char *link)
{
    long long id = 0;
    enum bp_err e;
    while (!(e = db_run(db, &id, sql_next_operator, "i", id)) && id) {
        struct resource_row user;
        if ((e = resource_read_fields(db, "users", id, "email", &user)))
            break;
        if (user.found && id != skip)
            e = account_notify(db, id, user.text[0], kind, subject, body, link, false);
        resource_row_release(&user);
        if (e)
            break;
    }
    return e;
}
