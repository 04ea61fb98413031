/*
 * program: the resource entries of the program module. Each entity is one declaration; the
 * engine does the rest (docs/modules.md walks through the contacts entry as the worked example
 * of adding an entity). Who reads what (docs/program.md): the card's public parts (pledge projects,
 * unit projects, schedule, achievements, contacts) anyone; the budget signed-in members of the
 * cluster; issues and countermeasures (the city's negotiating position) operators only. Only
 * operators write.
 */
#include "modules/program/program.h"

#include <string.h>

#include "base/problem.h"
#include "db/db.h"
#include "engine/resource.h"
#include "base/banned.h"

/* The largest amount a line or a program's total may carry: 10조원, far above any city budget. */
#define PROGRAM_MONEY_MAX 10000000000000LL

/* clang-format off */
static const struct enum_value program_kinds[] = {
    {"new",        "신규", "New"},
    {"continuing", "계속", "Continuing"},
    END_VALUES,
};
static const struct enum_value unit_states[] = {
    {"planned",   "계획",   "Planned"},
    {"active",    "추진 중", "Under way"},
    {"done",      "완료",   "Done"},
    {"suspended", "보류",   "Suspended"},
    END_VALUES,
};
/* The card prints the sources in this order (국비, 도비, 시비, 기타). */
static const struct enum_value program_budget_sources[] = {
    {"national",   "국비", "National"},
    {"provincial", "도비", "Provincial"},
    {"city",       "시비", "City"},
    {"other",      "기타", "Other"},
    END_VALUES,
};
static const struct enum_value budget_kinds[] = {
    {"planned",  "계획", "Planned"},
    {"executed", "집행", "Executed"},
    END_VALUES,
};
static const struct enum_value achievement_kinds[] = {
    {"mou",              "업무협약(MOU)", "MOU"},
    {"meeting",          "간담회·회의",   "Meeting"},
    {"investor_meeting", "투자사 미팅",   "Investor meeting"},
    {"attraction",       "기업 유치 활동", "Attraction activity"},
    {"event",            "행사",         "Event"},
    {"other",            "기타",         "Other"},
    END_VALUES,
};
static const struct enum_value issue_states[] = {
    {"open",        "쟁점",   "Open"},
    {"in_progress", "대응 중", "In progress"},
    {"resolved",    "해소",   "Resolved"},
    END_VALUES,
};

static const struct field project_fields[] = {
    TEXT("name",            F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "사업명", "Name"),
    TEXT("category",        F_FILTER, 0, 100, "사업구분", "Category"),
    ENUM("kind",            program_kinds, F_FILTER, "신규·계속", "New or continuing"),
    MONEY("total_cost",     F_SORT, PROGRAM_MONEY_MAX, "총사업비(원)", "Total cost (KRW)"),
    TEXT("total_cost_note", 0, 0, 200, "총사업비 비고", "Total cost note"),
    TEXT("overview",        F_SEARCH, 0, 4000, "사업개요", "Overview"),
    TEXT("goal",            F_SEARCH, 0, 4000, "목표", "Goal"),
    TEXT("structure",       0, 0, 4000, "추진체계", "Structure"),
    DATE("starts_on",       F_REQUIRED | F_FILTER | F_SORT, "사업기간 시작", "Term starts"),
    DATE("ends_on",         F_REQUIRED | F_FILTER | F_SORT, "사업기간 끝", "Term ends"),
    BOOL("ongoing",         0, "계속 사업", "Continues after the term"),
    TEXT("department",      F_FILTER | F_SEARCH, 0, 100, "주관부서", "Lead department"),
    END_FIELDS,
};

static const struct field unit_fields[] = {
    REF("project_id",    "pledge-projects", F_REQUIRED | F_FILTER, "사업", "Project"),
    TEXT("name",         F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "단위사업명", "Name"),
    TEXT("description",  F_SEARCH, 0, 4000, "주요내용", "Description"),
    TEXT("detail_label", 0, 0, 50, "세부 항목명", "Detail heading"),
    TEXT("detail",       F_SEARCH, 0, 4000, "세부 내용", "Detail"),
    TEXT("note",         0, 0, 4000, "비고", "Note"),
    TEXT("department",   F_FILTER | F_SEARCH, 0, 100, "담당 부서", "Owner department"),
    DATE("starts_on",    F_FILTER | F_SORT, "시작일", "Starts"),
    DATE("ends_on",      F_FILTER | F_SORT, "종료일", "Ends"),
    STATUS("status",     unit_states, F_FILTER, "상태", "Status"),
    INT("position",      F_SORT, 0, 1000, "표시 순서", "Order shown"),
    END_FIELDS,
};

static const struct field schedule_fields[] = {
    REF("unit_project_id", "unit-projects", F_REQUIRED | F_FILTER, "단위사업", "Unit project"),
    TEXT("label",          0, 0, 50, "기간 표시", "Period label"),
    DATE("starts_on",      F_REQUIRED | F_FILTER | F_SORT, "시작일", "Starts"),
    DATE("ends_on",        F_FILTER | F_SORT, "종료일", "Ends"),
    TEXT("note",           0, 0, 1000, "비고", "Note"),
    END_FIELDS,
};

static const struct field budget_fields[] = {
    REF("project_id",      "pledge-projects", F_REQUIRED | F_FILTER, "사업", "Project"),
    REF("unit_project_id", "unit-projects", F_FILTER, "단위사업", "Unit project"),
    TEXT("item",           F_REQUIRED | F_SORT | F_SEARCH | F_FILTER, 1, 200, "세부사업", "Item"),
    ENUM("source",         program_budget_sources, F_REQUIRED | F_FILTER, "재원", "Source"),
    ENUM("kind",           budget_kinds, F_FILTER, "계획·집행", "Planned or executed"),
    DATE("starts_on",      F_REQUIRED | F_FILTER | F_SORT, "기간 시작", "Period starts"),
    DATE("ends_on",        F_FILTER | F_SORT, "기간 끝", "Period ends"),
    MONEY("amount",        F_REQUIRED | F_FILTER | F_SORT, PROGRAM_MONEY_MAX, "금액(원)", "Amount (KRW)"),
    TEXT("document",       F_SEARCH, 0, 200, "근거 문서", "Document reference"),
    REF("file_id",         "files", F_FILTER, "근거 파일", "Document file"),
    END_FIELDS,
};

static const struct field achievement_fields[] = {
    REF("project_id",      "pledge-projects", F_REQUIRED | F_FILTER, "사업", "Project"),
    REF("unit_project_id", "unit-projects", F_FILTER, "단위사업", "Unit project"),
    DATE("occurred_on",    F_FILTER | F_SORT, "일자", "Date"),
    ENUM("kind",           achievement_kinds, F_REQUIRED | F_FILTER, "유형", "Kind"),
    TEXT("theme",          F_SEARCH, 0, 200, "활동 분야", "Theme"),
    TEXT("summary",        F_REQUIRED | F_SEARCH, 1, 2000, "내용", "Summary"),
    LIST("counterparts",   F_SEARCH | F_FILTER, "상대 기관", "Counterparts"),
    REF("org_id",          "orgs", F_FILTER, "상대 기관(등록)", "Counterpart organisation"),
    REF("file_id",         "files", F_FILTER, "증빙 파일", "Evidence file"),
    INT("position",        F_SORT, 0, 1000, "표시 순서", "Order shown"),
    END_FIELDS,
};

static const struct field issue_fields[] = {
    REF("project_id",       "pledge-projects", F_REQUIRED | F_FILTER, "사업", "Project"),
    TEXT("issue",           F_REQUIRED | F_SEARCH, 1, 2000, "쟁점", "Issue"),
    TEXT("detail",          0, 0, 2000, "세부 내용", "Detail"),
    TEXT("countermeasures", F_SEARCH, 0, 4000, "대책", "Countermeasures"),
    STATUS("status",        issue_states, F_FILTER, "상태", "Status"),
    INT("position",         F_SORT, 0, 1000, "표시 순서", "Order shown"),
    END_FIELDS,
};

static const struct transition unit_transitions[] = {
    {"planned", "active"}, {"active", "done"}, {"active", "suspended"}, {"suspended", "active"},
    {"planned", "suspended"}, {"done", "active"}, {NULL, NULL},
};
static const struct transition issue_transitions[] = {
    {"open", "in_progress"}, {"in_progress", "resolved"}, {"open", "resolved"},
    {"resolved", "open"}, {"in_progress", "open"}, {NULL, NULL},
};

static const struct field contact_fields[] = {
    TEXT("department", F_REQUIRED | F_SORT | F_SEARCH | F_FILTER, 1, 100, "부서", "Department"),
    TEXT("title",      F_REQUIRED | F_SEARCH, 1, 100, "직위", "Title"),
    TEXT("name",       F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름", "Name"),
    TEXT("extension",  0, 0, 20, "전화(내선)", "Phone (extension)"),
    REF("person_id",   "people", F_FILTER, "인물", "Person"),
    INT("position",    F_SORT, 0, 1000, "표시 순서", "Order shown"),
    END_FIELDS,
};
/* clang-format on */

/* --- a period's end is not before its start --- */

/* The stored date of field on row id when the change leaves it as it is; "" when none. */
static enum bp_err stored_date(struct db *db, const char *table, const char *field, long long id,
                               char out[11])
{
    static const char *const sql[][3] = {
        /* table,          starts_on,                                  ends_on */
        {"pledge_projects",      "SELECT starts_on FROM pledge_projects WHERE id = ?", "SELECT ends_on FROM pledge_projects WHERE id = ?"},
        {"unit_projects", "SELECT starts_on FROM unit_projects WHERE id = ?", "SELECT ends_on FROM unit_projects WHERE id = ?"},
        {"schedule",      "SELECT starts_on FROM schedule WHERE id = ?", "SELECT ends_on FROM schedule WHERE id = ?"},
        {"budget_lines",  "SELECT starts_on FROM budget_lines WHERE id = ?", "SELECT ends_on FROM budget_lines WHERE id = ?"},
    };
    out[0] = 0;
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
        if (strcmp(sql[i][0], table) != 0)
            continue;
        struct db_stmt *st;
        enum bp_err e = db_prepare(db, sql[i][strcmp(field, "starts_on") == 0 ? 1 : 2], &st);
        if (e)
            return e;
        db_bind_int(st, 1, id);
        enum db_step s = db_step(st);
        if (s == DB_ROW) {
            size_t n;
            const char *t = db_column_text(st, 0, &n);
            if (n == 10)
                memcpy(out, t, 11);
        }
        db_reset(st);
        return s == DB_FAIL ? BP_ERR_DB : BP_OK;
    }
    return BP_OK;
}

/* starts_on ≤ ends_on on every entry that has both, whichever of them the change gives. */
static enum bp_err prepare_period(struct db *db, const char *table, struct write_op *op,
                                  struct problem *p)
{
    const struct write_value *sv = write_op_get(op, "starts_on"), *ev = write_op_get(op, "ends_on");
    if (!sv && !ev)
        return BP_OK;
    char start[11] = "", end[11] = "";
    const char *s = write_op_get_text(op, "starts_on"), *en = write_op_get_text(op, "ends_on");
    enum bp_err e = BP_OK;
    if (!sv && op->kind != WRITE_CREATE)
        e = stored_date(db, table, "starts_on", op->id, start), s = start;
    if (!e && !ev && op->kind != WRITE_CREATE)
        e = stored_date(db, table, "ends_on", op->id, end), en = end;
    if (e)
        return e;
    if (s && en && *s && *en && strcmp(en, s) < 0) {
        problem_field(p, BP_ERR_INVALID, "ends_on", "끝나는 날이 시작하는 날보다 앞섭니다",
                      "the period ends before it starts");
        return p->err;
    }
    return BP_OK;
}

static enum bp_err prepare_program(struct db *db, struct write_op *op, struct problem *p)
{
    return prepare_period(db, "pledge_projects", op, p);
}
static enum bp_err prepare_unit(struct db *db, struct write_op *op, struct problem *p)
{
    return prepare_period(db, "unit_projects", op, p);
}
static enum bp_err prepare_schedule(struct db *db, struct write_op *op, struct problem *p)
{
    return prepare_period(db, "schedule", op, p);
}
static enum bp_err prepare_budget(struct db *db, struct write_op *op, struct problem *p)
{
    return prepare_period(db, "budget_lines", op, p);
}

/* --- entries --- */

/* The program's pledge and unit projects are the city's plan, and /search finds them (a group
 * of their own on the search page, `kind=` narrows to them: docs/search.md, "What is found").
 * Achievements (a summary for a title) and contacts (people of the directory, found there)
 * stay out (R_NOT_INDEXED; their lists' ?q= still matches). */

static const struct resource pledge_projects = {
    .name = "pledge-projects", .table = "pledge_projects", .label_ko = "공약 사업", .label_en = "Pledge projects",
    .fields = project_fields, .title_field = "name",
    .flags = R_PUBLIC_READ | R_SEARCH_AFTER, .default_sort = "starts_on", .prepare = prepare_program,
};

static const struct resource unit_projects = {
    .name = "unit-projects", .table = "unit_projects", .label_ko = "단위사업",
    .label_en = "Unit projects", .fields = unit_fields, .title_field = "name",
    .status_field = "status", .transitions = unit_transitions,
    .flags = R_PUBLIC_READ | R_SEARCH_AFTER, .default_sort = "position",
    .prepare = prepare_unit,
};

static const struct resource schedule = {
    .name = "schedule", .table = "schedule", .label_ko = "연도별 추진계획",
    .label_en = "Schedule", .fields = schedule_fields, .title_field = "label",
    .flags = R_PUBLIC_READ, .default_sort = "starts_on", .prepare = prepare_schedule,
};

/* The budget is the cluster's business: signed-in callers read it (no R_PUBLIC_READ). */
static const struct resource budget_lines = {
    .name = "budget-lines", .table = "budget_lines", .label_ko = "사업비",
    .label_en = "Budget lines", .fields = budget_fields, .title_field = "item",
    .default_sort = "starts_on", .prepare = prepare_budget,
};

static const struct resource achievements = {
    .name = "achievements", .table = "achievements", .label_ko = "추진 실적",
    .label_en = "Achievements", .fields = achievement_fields, .title_field = "summary",
    .flags = R_PUBLIC_READ | R_NOT_INDEXED, .default_sort = "position",
};

/* The city's negotiating position (국도비 확보, competing regions): operators only. */
static const struct resource program_issues = {
    .name = "program-issues", .table = "program_issues", .label_ko = "쟁점 및 대책",
    .label_en = "Issues and countermeasures", .fields = issue_fields, .title_field = "issue",
    .status_field = "status", .transitions = issue_transitions, .flags = R_OPERATOR_READ,
    .default_sort = "position",
};

/* The contacts of the lead department: anyone reads them (the project card is public), only
 * operators change them (an entry without R_*_WRITES is written by operators alone). They are
 * people of the directory, where search finds them: their own list's ?q= is enough. */
static const struct resource contacts = {
    .name = "contacts", .table = "contacts", .label_ko = "담당자", .label_en = "Contacts",
    .fields = contact_fields, .title_field = "name", .flags = R_PUBLIC_READ | R_NOT_INDEXED,
    .default_sort = "position",
};

const struct resource *const program_entries[] = {
    &pledge_projects, &unit_projects, &schedule, &budget_lines, &achievements, &program_issues,
    &contacts, NULL,
};
