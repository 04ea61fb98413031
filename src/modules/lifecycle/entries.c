/*
 * lifecycle: the entries of the tenant lifecycle and their workflow hooks.
 *
 * Stage events, support requests and milestones are private to their organisation and
 * operators (a request also to the partner organisation it is assigned to, which works on it);
 * KPI reports are private unless their organisation shares them (or makes them cluster-wide).
 * A company proposes a stage event, operators accept it; the organisation's stage (orgs.stage)
 * then follows the latest accepted event, written through the engine (validated, audited). A
 * support request gets its SLA deadlines when filed (rules.c) and moves new → triaged →
 * in-progress → resolved → closed, each side doing its part, each step told to the company or
 * the partner. A KPI report is checked against the previous quarter's: warnings, not refusals.
 */
#include "modules/lifecycle/lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/directory/directory.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value event_states[] = {
    {"proposed", "제안됨", "Proposed"},
    {"accepted", "확인됨", "Accepted"},
    {"rejected", "반려됨", "Rejected"},
    END_VALUES,
};
static const struct enum_value support_categories[] = {
    {"consulting",      "경영 컨설팅",      "Consulting"},
    {"ip",              "지식재산(IP)",     "Intellectual property"},
    {"regulatory",      "인허가(식약처)",   "Regulatory (MFDS)"},
    {"clinical-design", "임상 설계",        "Clinical design"},
    {"marketing",       "마케팅",           "Marketing"},
    {"export",          "수출·해외 진출",   "Export"},
    {"funding",         "투자 유치 준비",   "Funding preparation"},
    {"facilities",      "시설·공간",        "Facilities"},
    {"other",           "기타",             "Other"},
    END_VALUES,
};
static const struct enum_value program_states[] = {
    {"draft",  "준비 중", "Draft"},
    {"open",   "모집 중", "Open"},
    {"closed", "마감",    "Closed"},
    END_VALUES,
};
static const struct enum_value urgencies[] = {
    {"normal", "보통", "Normal"},
    {"low",    "낮음", "Low"},
    {"urgent", "긴급", "Urgent"},
    END_VALUES,
};
static const struct enum_value request_states[] = {
    {"new",         "접수",    "New"},
    {"triaged",     "분류됨",  "Triaged"},
    {"in-progress", "처리 중", "In progress"},
    {"resolved",    "해결됨",  "Resolved"},
    {"closed",      "종료",    "Closed"},
    END_VALUES,
};
static const struct enum_value milestone_kinds[] = {
    {"prototype",     "첫 시제품",       "First prototype"},
    {"ind-filing",    "IND 신청",        "IND filing"},
    {"mfds-approval", "식약처 허가",     "MFDS approval"},
    {"first-revenue", "첫 매출",         "First revenue"},
    {"series-a",      "시리즈 A 투자",   "Series A"},
    {"other",         "기타",            "Other"},
    END_VALUES,
};
static const struct enum_value milestone_states[] = {
    {"planned",  "예정",   "Planned"},
    {"achieved", "달성",   "Achieved"},
    {"missed",   "미달성", "Missed"},
    {"dropped",  "취소",   "Dropped"},
    END_VALUES,
};
static const struct enum_value clinical_stages[] = {
    {"none",        "해당 없음", "None"},
    {"preclinical", "비임상",    "Preclinical"},
    {"phase-1",     "임상 1상",  "Phase 1"},
    {"phase-2",     "임상 2상",  "Phase 2"},
    {"phase-3",     "임상 3상",  "Phase 3"},
    {"approved",    "허가",      "Approved"},
    END_VALUES,
};
static const struct enum_value report_states[] = {
    {"draft",     "작성 중", "Draft"},
    {"submitted", "제출됨",  "Submitted"},
    {"accepted",  "승인됨",  "Accepted"},
    {"returned",  "보완 요청", "Returned"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)
#define MONEY_MAX 1000000000000000LL /* a quarter's figure in won: 1,000조 */

/* clang-format off */
static const struct field definition_fields[] = {
    ENUM("stage",          directory_stages, F_REQUIRED | F_IMMUTABLE | FS, "단계", "Stage"),
    DATE("valid_from",     F_REQUIRED | F_IMMUTABLE | FS, "적용 시작일", "In force from"),
    INT("position",        F_REQUIRED | FS, 1, 100, "순서", "Order"),
    TEXT("name_ko",        F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름(한국어)", "Name (Korean)"),
    TEXT("name_en",        F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름(영어)", "Name (English)"),
    TEXT("entry_criteria", F_SEARCH, 0, 2000, "진입 기준", "Entry criteria"),
    LIST("next_stages",    F_FILTER, "다음 단계로 허용", "Allowed next stages"),
    END_FIELDS,
};

static const struct field event_fields[] = {
    REF("org_id",        "orgs", F_REQUIRED | F_IMMUTABLE | FS, "기업", "Company"),
    ENUM("stage",        directory_stages, F_REQUIRED | FS, "단계", "Stage"),
    DATE("entered_on",   F_REQUIRED | FS, "진입일", "Entered on"),
    TEXT("evidence",     F_REQUIRED | F_SEARCH, 1, 2000, "근거", "Evidence"),
    REF("recorded_by",   "users", F_READONLY | F_FILTER, "기록자", "Recorded by"),
    STATUS("status",     event_states, FS, "상태", "Status"),
    TEXT("review_note",  0, 0, 2000, "검토 의견", "Review note"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field program_fields[] = {
    TEXT("title",           F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "프로그램명", "Title"),
    ENUM("category",        support_categories, F_REQUIRED | FS, "지원 분야", "Category"),
    TEXT("description",     F_SEARCH, 0, 5000, "설명", "Description"),
    LIST("eligible_stages", F_FILTER, "대상 단계", "Eligible stages"),
    TAGS("fields",          F_FILTER, "대상 분야", "Eligible fields"),
    INT("capacity",         FS, 0, 100000, "정원", "Capacity"),
    DATE("opens_on",        FS, "모집 시작", "Applications open"),
    DATE("closes_on",       FS, "모집 마감", "Applications close"),
    STATUS("status",        program_states, FS, "상태", "Status"),
    BOOL("is_synthetic",    F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field request_fields[] = {
    REF("org_id",              "orgs", F_REQUIRED | F_IMMUTABLE | FS, "요청 기업", "Company"),
    TEXT("title",              F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "요청 제목", "Title"),
    ENUM("category",           support_categories, F_REQUIRED | FS, "지원 분야", "Category"),
    TEXT("description",        F_SEARCH, 0, 5000, "요청 내용", "Description"),
    ENUM("urgency",            urgencies, FS, "긴급도", "Urgency"),
    REF("attachment_id",       "files", 0, "첨부 파일", "Attachment"),
    REF("program_id",          "programs", F_FILTER, "지원 프로그램", "Program"),
    STATUS("status",           request_states, FS, "상태", "Status"),
    REF("assignee_id",         "users", F_OPERATOR | F_FILTER, "담당자", "Assigned to"),
    REF("assignee_org_id",     "orgs", F_OPERATOR | F_FILTER, "담당 협력기관", "Assigned partner"),
    TEXT("response",           0, 0, 5000, "답변", "Response"),
    DATETIME("first_response_due", F_READONLY | FS, "첫 답변 기한", "First answer due"),
    DATETIME("resolution_due", F_READONLY | FS, "해결 기한", "Resolution due"),
    DATETIME("first_response_at", F_READONLY | FS, "첫 답변 일시", "First answered at"),
    DATETIME("resolved_at",    F_READONLY | FS, "해결 일시", "Resolved at"),
    DATETIME("closed_at",      F_READONLY | FS, "종료 일시", "Closed at"),
    DATETIME("escalated_at",   F_READONLY | FS, "기한 임박 알림 일시", "Escalated at"),
    INT("rating",              FS, 1, 5, "만족도(1–5)", "Satisfaction (1–5)"),
    BOOL("is_synthetic",       F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field milestone_fields[] = {
    REF("org_id",        "orgs", F_REQUIRED | F_IMMUTABLE | FS, "기업", "Company"),
    ENUM("kind",         milestone_kinds, F_REQUIRED | FS, "종류", "Kind"),
    TEXT("title",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "마일스톤", "Milestone"),
    DATE("planned_on",   F_REQUIRED | FS, "계획일", "Planned on"),
    DATE("achieved_on",  FS, "달성일", "Achieved on"),
    STATUS("status",     milestone_states, FS, "상태", "Status"),
    TEXT("notes",        0, 0, 2000, "메모", "Notes"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field report_fields[] = {
    REF("org_id",          "orgs", F_REQUIRED | F_IMMUTABLE | FS, "기업", "Company"),
    INT("year",            F_REQUIRED | F_IMMUTABLE | FS, 2000, 2100, "연도", "Year"),
    INT("quarter",         F_REQUIRED | F_IMMUTABLE | FS, 1, 4, "분기", "Quarter"),
    TEXT("period",         F_READONLY | FS, 0, 7, "기간", "Period"),
    MONEY("revenue",       FS, MONEY_MAX, "매출액(원)", "Revenue (KRW)"),
    INT("employees",       FS, 0, 1000000, "임직원 수", "Employees"),
    MONEY("rnd_spend",     FS, MONEY_MAX, "연구개발비(원)", "R&D spend (KRW)"),
    INT("patents",         FS, 0, 100000, "특허 수", "Patents"),
    MONEY("funding_raised", FS, MONEY_MAX, "투자 유치액(원)", "Funding raised (KRW)"),
    ENUM("clinical_stage", clinical_stages, F_FILTER, "임상 단계", "Clinical stage"),
    MONEY("export_revenue", FS, MONEY_MAX, "수출액(원)", "Export (KRW)"),
    TEXT("notes",          F_SEARCH, 0, 5000, "비고", "Notes"),
    LIST("warnings",       F_READONLY, "확인 필요", "Warnings"),
    STATUS("status",       report_states, FS, "상태", "Status"),
    DATETIME("submitted_at", F_READONLY | FS, "제출 일시", "Submitted at"),
    DATE("due_on",         F_READONLY | FS, "제출 기한", "Due on"),
    BOOL("is_late",        F_READONLY | F_FILTER, "기한 후 제출", "Submitted late"),
    BOOL("confirm_outliers", 0, "급변 수치 확인", "Outliers confirmed"),
    ENUM("visibility",     resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    BOOL("is_synthetic",   F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct transition event_transitions[] = {
    {"proposed", "accepted"}, {"proposed", "rejected"}, {"rejected", "proposed"},
    {NULL, NULL},
};
static const struct transition program_transitions[] = {
    {"draft", "open"}, {"open", "closed"}, {"closed", "open"},
    {NULL, NULL},
};
static const struct transition request_transitions[] = {
    {"new", "triaged"}, {"new", "closed"}, {"triaged", "in-progress"}, {"triaged", "closed"},
    {"in-progress", "resolved"}, {"in-progress", "closed"}, {"resolved", "closed"},
    {"resolved", "in-progress"}, {"closed", "in-progress"},
    {NULL, NULL},
};
static const struct transition milestone_transitions[] = {
    {"planned", "achieved"}, {"planned", "missed"}, {"planned", "dropped"},
    {"missed", "achieved"}, {"missed", "planned"}, {"dropped", "planned"}, {"achieved", "planned"},
    {NULL, NULL},
};
static const struct transition report_transitions[] = {
    {"draft", "submitted"}, {"submitted", "accepted"}, {"submitted", "returned"},
    {"returned", "submitted"}, {"accepted", "returned"},
    {NULL, NULL},
};
/* clang-format on */

/* --- helpers of the hooks --- */

#define LINK_MAX 64 /* "/support-requests/<id>": a notification's link */

static void now_utc(char out[21])
{
    sla_format(time(NULL), out);
}

static void today_in_korea(char out[11])
{
    char t[21];
    sla_format(time(NULL) + 9 * 3600, t);
    memcpy(out, t, 10);
    out[10] = '\0';
}

/* --- stage events --- */

/* The latest accepted event of org on or before day (not event skip), or 0. */
static const char sql_stage_before[] =
    "SELECT id FROM stage_events WHERE org_id=?1 AND status='accepted' AND entered_on<=?2 AND "
    "id<>?3 ORDER BY entered_on DESC, id DESC LIMIT 1";

/* Whether the definition of stage ?1 in force on day ?3 lets a company move on to ?2: 1 or 0,
 * -1 when ?1 has none (the built-in graph, stage_step_allowed, decides then). */
static const char sql_step_in_graph[] =
    "SELECT coalesce((SELECT CASE WHEN EXISTS (SELECT 1 FROM {each:d|next_stages|j} WHERE "
    "j.value=?2) THEN 1 ELSE 0 END "
    "FROM stage_definitions d WHERE d.stage=?1 AND d.valid_from<=?3 ORDER BY d.valid_from DESC "
    "LIMIT 1), -1)";

/* The stage of event id into out ("" when none). */
static enum bp_err event_stage(struct db *db, long long id, char out[32])
{
    struct resource_row row;
    out[0] = '\0';
    if (!id)
        return BP_OK;
    enum bp_err e = resource_read_fields(db, "stage-events", id, "stage", &row);
    if (!e && row.found)
        snprintf(out, 32, "%s", row.text[0]);
    resource_row_release(&row);
    return e;
}

static enum bp_err prepare_event(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    long long org = write_op_get_int(op, "org_id");
    const char *stage = write_op_get_text(op, "stage"), *day = write_op_get_text(op, "entered_on");
    const char *status = write_op_get_text(op, "status"), *was = "proposed";
    if (op->kind == WRITE_UPDATE) {
        if ((e = resource_read_fields(db, "stage-events", op->id, "org_id,stage,entered_on,status",
                                      &row)) || !row.found)
            goto out;
        org = row.i[0];
        stage = stage ? stage : row.text[1];
        day = day ? day : row.text[2];
        was = row.text[3];
        if (!operator && op->who.org_id != org)
            goto out; /* not theirs: the change answers 404 or 403 */
    }
    if (!operator) { /* the company proposes; operators decide */
        if (status && strcmp(status, was) != 0)
            problem_refuse(p, "status", BP_ERR_INVALID, "단계 확인은 운영기관이 합니다: 기업은 제안(proposed)만 합니다",
                           "operators accept or reject stage events: a company proposes them");
        if (write_op_get(op, "review_note"))
            problem_refuse(p, "review_note", BP_ERR_INVALID, "검토 의견은 운영기관이 씁니다",
                           "operators write the review note");
        if (op->kind == WRITE_UPDATE && strcmp(was, "proposed") != 0) {
            if (write_op_get(op, "stage"))
                problem_refuse(p, "stage", BP_ERR_INVALID, "확인된 단계는 바꿀 수 없습니다",
                               "an accepted or rejected event's stage is kept");
            if (write_op_get(op, "entered_on"))
                problem_refuse(p, "entered_on", BP_ERR_INVALID, "확인된 단계의 날짜는 바꿀 수 없습니다",
                               "an accepted or rejected event's date is kept");
        }
        if (p->err)
            goto out;
    }
    if (op->kind == WRITE_CREATE) {
        if (!status && !write_op_text(op, "status", operator ? "accepted" : "proposed")) {
            e = BP_ERR_NOMEM;
            goto out;
        }
        status = write_op_get_text(op, "status"); /* the op's own copy */
        if (!status ||
            (op->who.user_id && !write_op_set(op, "recorded_by", VAL_INT, op->who.user_id, NULL, 0))) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    }
    if (!status)
        status = was;
    /* an event that stands (or asks to) must follow the one before it */
    if (org && stage && day && strcmp(status, "rejected") != 0) {
        long long before = 0;
        char prev[32];
        if ((e = db_run(db, &before, sql_stage_before, "iti", org, day, op->id)) ||
            (e = event_stage(db, before, prev)))
            goto out;
        long long allowed = 1;
        if (prev[0] && strcmp(prev, stage) != 0 &&
            (e = db_run(db, &allowed, DIALECT_SQL(sql_step_in_graph), "ttt", prev, stage, day)))
            goto out;
        if (allowed < 0) /* the stage before has no definition: the built-in graph */
            allowed = stage_step_allowed(prev, stage);
        if (!allowed)
            problem_refuse(p, "stage", BP_ERR_INVALID,
                           "이전 단계에서 갈 수 없는 단계입니다: 단계 정의(stage-definitions)의 다음 단계만 허용됩니다",
                           "not a step from the stage before: only the next stages its stage definition "
                           "(stage-definitions) allows");
    }
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* The latest accepted event of org (by date, then by id). */
static const char sql_stage_latest[] =
    "SELECT id FROM stage_events WHERE org_id=?1 AND status='accepted' ORDER BY entered_on DESC, "
    "id DESC LIMIT 1";

/* orgs.stage follows the latest accepted event of org: written for the platform (the company
 * may not set its stage by itself), in the name of the one whose change led to it. An
 * organisation left without accepted events keeps its stage. */
static enum bp_err follow_latest(struct db *db, long long actor, long long org_id, struct problem *p)
{
    struct resource_row org = {0};
    char latest[32];
    long long latest_id = 0;
    enum bp_err e;
    if ((e = db_run(db, &latest_id, sql_stage_latest, "i", org_id)) ||
        (e = event_stage(db, latest_id, latest)))
        return e;
    if ((e = resource_read_fields(db, "orgs", org_id, "stage", &org)) || !org.found)
        goto out;
    if (latest[0] && strcmp(latest, org.text[0]) != 0) {
        struct write_op w;
        struct principal sys = resource_system(actor);
        if (!resource_write_begin(&w, "orgs", WRITE_UPDATE, org_id, &sys) ||
            !write_op_text(&w, "stage", latest)) {
            write_op_free(&w);
            e = BP_ERR_NOMEM;
            goto out;
        }
        e = resource_write(db, &w, NULL, p);
    }
out:
    resource_row_release(&org);
    return e;
}

static enum bp_err settle_event(struct db *db, const struct write_op *op, long long id,
                                struct problem *p)
{
    struct resource_row ev;
    char link[LINK_MAX];
    enum bp_err e = resource_read_fields(db, "stage-events", id, "org_id,status,stage", &ev);
    if (e || !ev.found || (e = follow_latest(db, op->who.user_id, ev.i[0], p)))
        goto out;
    const char *status = write_op_get_text(op, "status");
    snprintf(link, sizeof(link), "/stage-events/%lld", id);
    if (op->kind == WRITE_UPDATE && status && principal_is_operator(&op->who) &&
        strcmp(status, "proposed") != 0)
        e = account_notify_org(db, ev.i[0], "stage-event",
                               strcmp(status, "accepted") == 0
                                   ? "성장 단계가 확인되었습니다 / Stage accepted"
                                   : "성장 단계 제안이 반려되었습니다 / Stage proposal rejected",
                               "운영기관이 귀 기관의 성장 단계 제안을 검토했습니다. / The support center "
                               "reviewed your organisation's stage proposal.",
                               link);
out:
    resource_row_release(&ev);
    return e;
}

/* A deleted event (a mistake undone) no longer counts: the stage follows the events left. */
static enum bp_err deleted_event(struct db *db, const struct write_op *op, const char *before,
                                 struct problem *p)
{
    json_t *row = json_loads(before, 0, NULL);
    long long org = json_integer_value(json_object_get(row, "org_id"));
    json_decref(row);
    return org ? follow_latest(db, op->who.user_id, org, p) : BP_OK;
}

/* --- stage definitions --- */

static const char sql_definition_taken[] =
    "SELECT id FROM stage_definitions WHERE stage=?1 AND valid_from=?2";

/* Each allowed next stage is one of the stages; one definition per stage and day. */
static enum bp_err prepare_definition(struct db *db, struct write_op *op, struct problem *p)
{
    const char *stage = write_op_get_text(op, "stage"), *from = write_op_get_text(op, "valid_from");
    long long taken = 0;
    enum bp_err e;
    if (op->kind == WRITE_CREATE && stage && from &&
        (e = db_run(db, &taken, sql_definition_taken, "tt", stage, from)))
        return e;
    if (taken)
        return problem_refuse(p, "valid_from", BP_ERR_CONFLICT, "이 단계는 이 날짜부터 적용되는 정의가 이미 있습니다",
                              "this stage has a definition in force from this day already");
    const char *next = write_op_get_text(op, "next_stages");
    json_t *a = next ? json_loads(next, 0, NULL) : NULL;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) if (stage_index(json_string_value(v)) < 0)
    {
        problem_refuse(p, "next_stages", BP_ERR_INVALID,
                       "다음 단계는 basic-research, rnd, education, clinical, marketing, commercialization 중에서 고릅니다",
                       "next stages are basic-research, rnd, education, clinical, marketing, commercialization");
        break;
    }
    json_decref(a);
    return p->err;
}

/* --- programs --- */

static enum bp_err prepare_program(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    const char *stages = write_op_get_text(op, "eligible_stages");
    if (stages) {
        json_t *a = json_loads(stages, 0, NULL);
        size_t i;
        json_t *s;
        json_array_foreach(a, i, s) if (stage_index(json_string_value(s)) < 0)
        {
            problem_refuse(p, "eligible_stages", BP_ERR_INVALID,
                           "단계는 basic-research, rnd, education, clinical, marketing, commercialization 중에서 고릅니다",
                           "stages are basic-research, rnd, education, clinical, marketing, commercialization");
            break;
        }
        json_decref(a);
    }
    const char *opens = write_op_get_text(op, "opens_on");
    const char *closes = write_op_get_text(op, "closes_on");
    if (op->kind == WRITE_UPDATE && (!opens || !closes)) {
        if ((e = resource_read_fields(db, "programs", op->id, "opens_on,closes_on", &row)))
            goto out;
        if (row.found) {
            opens = opens ? opens : (write_op_get(op, "opens_on") ? NULL : row.text[0]);
            closes = closes ? closes : (write_op_get(op, "closes_on") ? NULL : row.text[1]);
        }
    }
    if (opens && closes && *opens && *closes && strcmp(closes, opens) < 0)
        problem_refuse(p, "closes_on", BP_ERR_INVALID, "모집 마감일은 시작일 이후여야 합니다",
                       "applications close after they open");
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* --- support requests --- */

/* A request's deadlines from its filing time, category and urgency into op, in working days
 * that skip the public holidays of the holidays table. */
static enum bp_err set_deadlines(struct db *db, struct write_op *op, time_t filed,
                                 const char *category, const char *urgency)
{
    time_t first, resolve;
    char a[21], b[21];
    struct sla_holidays holidays;
    enum bp_err e = lifecycle_holidays_load(db, filed, &holidays);
    if (e)
        return e;
    if (!sla_deadlines(&holidays, category, urgency, filed, &first, &resolve))
        return BP_OK; /* an unknown category was refused already */
    sla_format(first, a);
    sla_format(resolve, b);
    return write_op_text(op, "first_response_due", a) && write_op_text(op, "resolution_due", b)
               ? BP_OK
               : BP_ERR_NOMEM;
}

static enum bp_err prepare_request_create(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    const char *status = write_op_get_text(op, "status");
    if (status && strcmp(status, "new") != 0 && !operator)
        problem_refuse(p, "status", BP_ERR_INVALID, "새 요청은 접수(new) 상태로 시작합니다",
                       "a new request starts as new");
    if (write_op_get(op, "rating"))
        problem_refuse(p, "rating", BP_ERR_INVALID, "만족도는 종료할 때 요청 기업이 남깁니다",
                       "the company rates a request when it closes it");
    if (write_op_get(op, "response") && !operator)
        problem_refuse(p, "response", BP_ERR_INVALID, "답변은 운영기관이나 담당 협력기관이 씁니다",
                       "the support center or the assigned partner writes the response");
    if (p->err)
        return p->err;
    const char *urgency = write_op_get_text(op, "urgency");
    if (!urgency) {
        urgency = "normal";
        if (!write_op_text(op, "urgency", urgency))
            return BP_ERR_NOMEM;
    }
    return set_deadlines(db, op, time(NULL), write_op_get_text(op, "category"), urgency);
}

static enum bp_err prepare_request_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row;
    enum bp_err e = resource_read_fields(
        db, "support-requests", op->id,
        "org_id,assignee_org_id,status,category,urgency,created_at,first_response_at,rating", &row);
    if (e || !row.found)
        goto out;
    enum request_side side =
        request_side_of(principal_is_operator(&op->who), op->who.org_id, row.i[0], row.i[1]);
    if (side == REQUEST_OUTSIDER)
        goto out; /* not theirs: the change answers 404 */
    const char *from = row.text[2], *to = write_op_get_text(op, "status");
    for (size_t i = 0; i < op->n; i++) {
        const char *f = op->vals[i].field->name;
        if (strcmp(f, "status") == 0 && to && !request_may_set_status(side, from, to))
            problem_refuse(p, "status", BP_ERR_INVALID,
                           side == REQUEST_PARTNER
                       ? "협력기관은 처리 시작(in-progress)과 해결(resolved)만 합니다"
                       : "요청 기업은 종료(closed)하거나 다시 열(in-progress) 수 있습니다",
                           side == REQUEST_PARTNER ? "the partner starts and resolves a request"
                                           : "the company closes or reopens its request");
        else if (strcmp(f, "status") != 0 && !request_may_write(side, f))
            problem_refuse(p, f, BP_ERR_INVALID,
                           strcmp(f, "rating") == 0 ? "만족도는 요청 기업이 남깁니다"
                           : strcmp(f, "response") == 0 ? "답변은 운영기관이나 담당 협력기관이 씁니다"
                                                : "요청 기업만 바꾸는 항목입니다",
                           strcmp(f, "rating") == 0     ? "the company gives the rating"
                           : strcmp(f, "response") == 0 ? "the support center or the assigned partner responds"
                                                : "only the company changes this field");
    }
    const char *after = to ? to : from;
    const struct write_value *rating = write_op_get(op, "rating");
    if (rating && rating->kind == VAL_INT && strcmp(after, "closed") != 0)
        problem_refuse(p, "rating", BP_ERR_INVALID, "만족도는 요청을 종료할 때 남깁니다",
                       "a rating is given when the request is closed");
    if (p->err)
        goto out;
    char now[21];
    now_utc(now);
    bool moved = to && strcmp(to, from) != 0;
    /* the first answer: the center's or the partner's first step or response */
    if (!row.text[6][0] && side != REQUEST_COMPANY &&
        ((moved && strcmp(to, "closed") != 0) || write_op_get_text(op, "response")) &&
        !write_op_text(op, "first_response_at", now))
        e = BP_ERR_NOMEM;
    if (!e && moved && strcmp(to, "resolved") == 0 && !write_op_text(op, "resolved_at", now))
        e = BP_ERR_NOMEM;
    if (!e && moved && strcmp(to, "closed") == 0 && !write_op_text(op, "closed_at", now))
        e = BP_ERR_NOMEM;
    if (!e && moved && strcmp(to, "in-progress") == 0 &&
        (strcmp(from, "resolved") == 0 || strcmp(from, "closed") == 0) &&
        (!write_op_null(op, "resolved_at") || !write_op_null(op, "closed_at") ||
         (row.i[7] && !rating && !write_op_null(op, "rating"))))
        e = BP_ERR_NOMEM; /* reopened: the clock runs on, a rating is given again */
    const char *category = write_op_get_text(op, "category");
    const char *urgency = write_op_get_text(op, "urgency");
    time_t filed;
    if (!e && (category || urgency) && sla_parse(row.text[5], &filed))
        e = set_deadlines(db, op, filed, category ? category : row.text[3],
                          urgency ? urgency : row.text[4]);
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* A company attaches its own organisation's files (the platform's files, uploaded first), so
 * that no one learns of another's file through a request. */
static enum bp_err check_attachment(struct db *db, struct write_op *op, struct problem *p)
{
    long long file = write_op_get_int(op, "attachment_id"), org = write_op_get_int(op, "org_id");
    if (!file || principal_is_operator(&op->who))
        return BP_OK;
    struct resource_row row;
    enum bp_err e = BP_OK;
    if (!org) {
        if ((e = resource_read_fields(db, "support-requests", op->id, "org_id", &row)))
            return e;
        org = row.found ? row.i[0] : 0;
        resource_row_release(&row);
    }
    if ((e = resource_read_fields(db, "files", file, "org_id", &row)))
        return e;
    if (!row.found || row.i[0] != org)
        problem_refuse(p, "attachment_id", BP_ERR_INVALID, "요청 기업이 올린 파일만 첨부합니다",
                       "attach a file your organisation uploaded");
    resource_row_release(&row);
    return p->err;
}

static enum bp_err prepare_request(struct db *db, struct write_op *op, struct problem *p)
{
    enum bp_err e = check_attachment(db, op, p);
    if (e)
        return e;
    return op->kind == WRITE_CREATE ? prepare_request_create(db, op, p)
                                    : prepare_request_update(db, op, p);
}

/* Each step is told to the side that did not take it: the company of its request's progress,
 * a partner (and a staff member) of its assignment. */
static enum bp_err settle_request(struct db *db, const struct write_op *op, long long id,
                                  struct problem *p)
{
    (void)p;
    struct resource_row row, user = {0};
    char link[LINK_MAX];
    snprintf(link, sizeof(link), "/support-requests/%lld", id);
    enum bp_err e = resource_read_fields(db, "support-requests", id,
                                         "org_id,assignee_org_id,status,assignee_id", &row);
    if (e || !row.found)
        goto out;
    bool company = !principal_is_operator(&op->who) && op->who.org_id == row.i[0];
    const char *status = write_op_get_text(op, "status");
    if (op->kind == WRITE_CREATE)
        e = account_notify_org(db, row.i[0], "support-request",
                               "지원 요청이 접수되었습니다 / Support request received",
                               "지원 요청이 접수되었습니다. 첫 답변 기한을 요청에서 확인하세요. / Your "
                               "support request was received; its first-answer deadline is on it.",
                               link);
    else if (status && !company)
        e = account_notify_org(db, row.i[0], "support-request",
                               "지원 요청의 상태가 바뀌었습니다 / Support request updated",
                               "지원 요청이 다음 단계로 넘어갔습니다. 요청에서 답변과 상태를 확인하세요. / "
                               "Your support request moved on: see its status and response.",
                               link);
    if (!e && write_op_get_int(op, "assignee_org_id"))
        e = account_notify_org(db, row.i[1], "support-assigned",
                               "지원 요청이 배정되었습니다 / A support request for you",
                               "입주기업의 지원 요청이 귀 기관에 배정되었습니다. / A tenant's support "
                               "request was assigned to your organisation.",
                               link);
    if (!e && company && status && strcmp(status, "closed") != 0 && row.i[1])
        e = account_notify_org(db, row.i[1], "support-reopened",
                               "지원 요청이 다시 열렸습니다 / Support request reopened",
                               "요청 기업이 지원 요청을 다시 열었습니다. / The company reopened its "
                               "support request.",
                               link);
    long long staff = write_op_get_int(op, "assignee_id");
    if (!e && staff && !(e = resource_read_fields(db, "users", staff, "email", &user)) && user.found)
        e = account_notify(db, staff, user.text[0], "support-assigned",
                           "지원 요청이 배정되었습니다 / A support request for you",
                           "입주기업의 지원 요청이 담당자로 배정되었습니다. / A tenant's support request "
                           "was assigned to you.",
                           link, false);
out:
    resource_row_release(&row);
    resource_row_release(&user);
    return e;
}

/* --- milestones --- */

static enum bp_err prepare_milestone(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    const char *status = write_op_get_text(op, "status");
    const struct write_value *achieved = write_op_get(op, "achieved_on");
    const char *was = "planned";
    if (op->kind == WRITE_UPDATE) {
        if ((e = resource_read_fields(db, "milestones", op->id, "status,achieved_on", &row)) ||
            !row.found)
            goto out;
        was = row.text[0];
    }
    /* an achievement date achieves it; achieving it dates it today (in Korea) */
    if (!status && achieved && achieved->kind == VAL_TEXT && strcmp(was, "achieved") != 0) {
        status = "achieved";
        if (!write_op_text(op, "status", status)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    }
    if (status && strcmp(status, "achieved") == 0 && !achieved && strcmp(was, "achieved") != 0) {
        char today[11];
        today_in_korea(today);
        if (!write_op_text(op, "achieved_on", today))
            e = BP_ERR_NOMEM;
    } else if (status && strcmp(status, "achieved") != 0 && achieved &&
               achieved->kind == VAL_TEXT) {
        problem_refuse(p, "achieved_on", BP_ERR_INVALID, "달성하지 않은 마일스톤에는 달성일이 없습니다",
                       "only an achieved milestone has an achievement date");
    } else if (status && strcmp(status, "achieved") != 0 && strcmp(was, "achieved") == 0 &&
               !write_op_null(op, "achieved_on")) {
        e = BP_ERR_NOMEM;
    }
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* --- KPI reports --- */

static const char sql_report_of[] =
    "SELECT id FROM kpi_reports WHERE org_id=?1 AND year=?2 AND quarter=?3 AND id<>?4";

#define FIGURE_FIELDS "revenue,employees,rnd_spend,patents,funding_raised,export_revenue"

/* The figures of report id (none when id is 0). */
static enum bp_err report_figures(struct db *db, long long id, struct kpi_figures *out)
{
    memset(out, 0, sizeof(*out));
    if (!id)
        return BP_OK;
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "kpi-reports", id, FIGURE_FIELDS, &row);
    for (int m = 0; !e && row.found && m < KPI__COUNT; m++) {
        out->v[m] = row.i[m];
        out->has[m] = row.text[m][0] != '\0';
    }
    resource_row_release(&row);
    return e;
}

static enum bp_err prepare_report(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    bool operator = principal_is_operator(&op->who);
    long long org = write_op_get_int(op, "org_id"), year = write_op_get_int(op, "year"),
              quarter = write_op_get_int(op, "quarter");
    const char *status = write_op_get_text(op, "status"), *was = "draft";
    struct kpi_figures prev, cur;
    if (op->kind == WRITE_UPDATE) {
        if ((e = resource_read_fields(db, "kpi-reports", op->id, "org_id,year,quarter,status", &row)) ||
            !row.found)
            goto out;
        org = row.i[0];
        year = row.i[1];
        quarter = row.i[2];
        was = row.text[3];
    }
    if (!operator) { /* the company writes and submits; the center accepts or returns */
        if (status && strcmp(status, was) != 0 && strcmp(status, "submitted") != 0)
            problem_refuse(p, "status", BP_ERR_INVALID, "기업은 보고서를 제출(submitted)만 합니다: 승인과 보완 요청은 운영기관이 합니다",
                           "a company submits its report; the support center accepts or returns it");
        bool figures = false;
        for (int m = 0; m < KPI__COUNT; m++)
            figures = figures || write_op_get(op, kpi_metric_fields[m]);
        if (op->kind == WRITE_UPDATE && (figures || write_op_get(op, "clinical_stage")) &&
            (strcmp(was, "submitted") == 0 || strcmp(was, "accepted") == 0))
            problem_refuse(p, "status", BP_ERR_INVALID, "제출된 보고서의 수치는 보완 요청을 받은 뒤에 고칩니다",
                           "a submitted report's figures change after it is returned");
        if (p->err)
            goto out;
    }
    if (op->kind == WRITE_CREATE) {
        long long taken = 0;
        if ((e = db_run(db, &taken, sql_report_of, "iiii", org, year, quarter, 0LL)))
            goto out;
        if (taken) {
            problem_refuse(p, "quarter", BP_ERR_CONFLICT, "이 분기의 보고서가 이미 있습니다",
                           "this quarter's report exists already");
            goto out;
        }
        char period[16], due[48];
        snprintf(period, sizeof(period), "%04lld-Q%lld", year, quarter);
        /* due on the 20th of the month after the quarter */
        snprintf(due, sizeof(due), "%04lld-%02lld-%02d", quarter == 4 ? year + 1 : year,
                 quarter == 4 ? 1LL : quarter * 3 + 1, KPI_DUE_DAY);
        if (!write_op_text(op, "period", period) || !write_op_text(op, "due_on", due)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    }
    char now[21], today[11], due[48];
    now_utc(now);
    today_in_korea(today);
    /* submitted after its due day (in Korea): late, for good */
    if (status && strcmp(status, "submitted") == 0 && strcmp(was, "submitted") != 0) {
        snprintf(due, sizeof(due), "%04lld-%02lld-%02d", quarter == 4 ? year + 1 : year,
                 quarter == 4 ? 1LL : quarter * 3 + 1, KPI_DUE_DAY);
        if (!write_op_text(op, "submitted_at", now) ||
            (strcmp(today, due) > 0 && !write_op_set(op, "is_late", VAL_INT, 1, NULL, 0))) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    }
    /* the warnings: the figures as they will be against the previous quarter's */
    int py, pq;
    long long prev_id = 0;
    kpi_previous((int)year, (int)quarter, &py, &pq);
    if ((e = db_run(db, &prev_id, sql_report_of, "iiii", org, (long long)py, (long long)pq, 0LL)) ||
        (e = report_figures(db, prev_id, &prev)) ||
        (e = report_figures(db, op->kind == WRITE_UPDATE ? op->id : 0, &cur)))
        goto out;
    for (int m = 0; m < KPI__COUNT; m++) {
        const struct write_value *v = write_op_get(op, kpi_metric_fields[m]);
        if (v) {
            cur.has[m] = v->kind == VAL_INT;
            cur.v[m] = v->kind == VAL_INT ? v->i : 0;
        }
    }
    char warnings[KPI_WARNINGS_MAX][128];
    /* a figure written now that jumped tenfold (or fell to a tenth) is refused unless the
     * change confirms it (confirm_outliers: true) */
    const struct write_value *confirm = write_op_get(op, "confirm_outliers");
    bool confirmed = confirm && confirm->kind == VAL_INT && confirm->i;
    for (int m = 0; !confirmed && m < KPI__COUNT; m++) {
        if (!write_op_get(op, kpi_metric_fields[m]))
            continue;
        struct kpi_figures one_prev = {0}, one_cur = {0};
        one_prev.v[m] = prev.v[m], one_prev.has[m] = prev.has[m];
        one_cur.v[m] = cur.v[m], one_cur.has[m] = cur.has[m];
        bool fell = m == KPI_PATENTS && cur.v[m] < prev.v[m];
        if (!fell && kpi_warnings(&one_prev, &one_cur, warnings) > 0) {
            char ko[200], en[200];
            snprintf(ko, sizeof(ko), "직전 분기(%lld)의 10배 이상 또는 1/10 이하: 맞으면 confirm_outliers로 확인",
                     prev.v[m]);
            snprintf(en, sizeof(en), "ten times the previous quarter's (%lld) or a tenth: confirm with "
                     "confirm_outliers: true", prev.v[m]);
            problem_refuse(p, kpi_metric_fields[m], BP_ERR_INVALID, ko, en);
        }
    }
    if (p->err)
        goto out;
    size_t n = kpi_warnings(&prev, &cur, warnings);
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(warnings[i]));
    char *text = a ? json_dumps(a, JSON_COMPACT) : NULL;
    json_decref(a);
    if (!text || !write_op_text(op, "warnings", text))
        e = BP_ERR_NOMEM;
    free(text);
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

static enum bp_err settle_report(struct db *db, const struct write_op *op, long long id,
                                 struct problem *p)
{
    (void)p;
    const char *status = write_op_get_text(op, "status");
    if (op->kind != WRITE_UPDATE || !status || !principal_is_operator(&op->who) ||
        (strcmp(status, "accepted") != 0 && strcmp(status, "returned") != 0))
        return BP_OK;
    struct resource_row row;
    char link[LINK_MAX];
    snprintf(link, sizeof(link), "/kpi-reports/%lld", id);
    enum bp_err e = resource_read_fields(db, "kpi-reports", id, "org_id", &row);
    if (!e && row.found)
        e = account_notify_org(db, row.i[0], "kpi-report",
                               strcmp(status, "accepted") == 0
                                   ? "KPI 보고서가 승인되었습니다 / KPI report accepted"
                                   : "KPI 보고서에 보완 요청이 왔습니다 / KPI report returned",
                               "운영기관이 귀 기관의 분기 KPI 보고서를 검토했습니다. / The support center "
                               "reviewed your quarterly KPI report.",
                               link);
    resource_row_release(&row);
    return e;
}

/* --- entries --- */

static const struct resource stage_definitions = {
    .name = "stage-definitions", .table = "stage_definitions", .label_ko = "성장 단계 정의",
    .label_en = "Stage definitions", .fields = definition_fields, .title_field = "name_ko",
    .flags = R_PUBLIC_READ | R_NOT_INDEXED, .default_sort = "position",
    .prepare = prepare_definition,
};
static const struct resource stage_events = {
    .name = "stage-events", .table = "stage_events", .label_ko = "성장 단계 이력",
    .label_en = "Stage events", .fields = event_fields, .title_field = "evidence",
    .owner_field = "org_id", .status_field = "status", .transitions = event_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-entered_on",
    .prepare = prepare_event, .settle = settle_event, .deleted = deleted_event,
};
static const struct resource programs = {
    .name = "programs", .table = "programs", .label_ko = "지원 프로그램", .label_en = "Support programs",
    .fields = program_fields, .title_field = "title", .status_field = "status",
    .transitions = program_transitions, .flags = R_PUBLIC_READ, .default_sort = "-id",
    .prepare = prepare_program,
};
static const struct resource support_requests = {
    .name = "support-requests", .table = "support_requests", .label_ko = "지원 요청",
    .label_en = "Support requests", .fields = request_fields, .title_field = "title",
    .owner_field = "org_id", .party_field = "assignee_org_id", .status_field = "status",
    .transitions = request_transitions, .flags = R_ORG_WRITES | R_PRIVATE_ROWS,
    .default_sort = "-id", .prepare = prepare_request, .settle = settle_request,
};
static const struct resource milestones = {
    .name = "milestones", .table = "milestones", .label_ko = "마일스톤", .label_en = "Milestones",
    .fields = milestone_fields, .title_field = "title", .owner_field = "org_id",
    .status_field = "status", .transitions = milestone_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "planned_on",
    .prepare = prepare_milestone,
};
static const struct resource kpi_reports = {
    .name = "kpi-reports", .table = "kpi_reports", .label_ko = "KPI 보고서", .label_en = "KPI reports",
    .fields = report_fields, .title_field = "period", .owner_field = "org_id",
    .visibility_field = "visibility", .status_field = "status", .transitions = report_transitions,
    .flags = R_ORG_WRITES, .default_sort = "-period", .prepare = prepare_report,
    .settle = settle_report,
};

const struct resource *const lifecycle_entries[] = {
    &stage_definitions, &stage_events, &programs, &lifecycle_applications, &support_requests,
    &milestones, &kpi_reports, NULL,
};
