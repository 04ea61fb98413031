/*
 * training: the entries of the training module (전문인력 양성시스템) and their workflow hooks.
 *
 * Operators run demand surveys (수요조사); while a survey is open each organisation answers it
 * once (a second answer is 409: it changes the first), privately: the answer is its own and the
 * operators', who read the demand by field and level (api.c). The curriculum is courses by field
 * (업종) and level (수준), each run as cohorts (기수), public. Anyone signed in applies to a
 * recruiting cohort for themselves; the application is theirs, their organisation's admins' and
 * the operators'. An application holds a seat until it is rejected or cancelled, and no cohort
 * takes more than its capacity: the seats are counted in the write's own transaction with the
 * cohort's row locked, so two applications at once cannot both take the last seat. Operators
 * approve or reject, record attendance, and attendance that meets the cohort's rule completes it (수료,
 * rules.c) with a certificate number; the certificate itself is api.c's PDF. PBL projects are a
 * company's problem, a university team (the party) and a mentor, private to the two and the
 * operators.
 */
#include "modules/training/training.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "modules/accounts/accounts.h"
#include "modules/lifecycle/lifecycle.h"
#include "modules/training/rules.h"
#include "base/banned.h"

/* clang-format off */
const struct enum_value training_fields[] = {
    {"genomics",            "유전공학",         "Genomics"},
    {"medical-devices",     "첨단의료기기",     "Medical devices"},
    {"ai-data",             "AI·빅데이터",      "AI and big data"},
    {"drug-discovery",      "신약·바이오의약",  "Drug discovery and biologics"},
    {"clinical-regulatory", "임상·인허가",      "Clinical trials and regulation"},
    {"commercialization",   "기술사업화",       "Commercialisation"},
    END_VALUES,
};
const struct enum_value training_levels[] = {
    {"basic",        "입문", "Basic"},
    {"intermediate", "중급", "Intermediate"},
    {"advanced",     "고급", "Advanced"},
    END_VALUES,
};
static const struct enum_value course_kinds[] = {
    {"lecture",     "강의",       "Lecture"},
    {"open-campus", "오픈캠퍼스", "Open campus"},
    {"smart-lab",   "스마트랩",   "Smart lab"},
    {"pbl",         "PBL",        "PBL"},
    END_VALUES,
};
static const struct enum_value survey_states[] = {
    {"draft",  "준비 중", "Draft"},
    {"open",   "진행 중", "Open"},
    {"closed", "마감",    "Closed"},
    END_VALUES,
};
static const struct enum_value cohort_states[] = {
    {"planned",    "예정",   "Planned"},
    {"recruiting", "모집 중", "Recruiting"},
    {"running",    "운영 중", "Running"},
    {"done",       "종료",   "Done"},
    END_VALUES,
};
static const struct enum_value enrollment_states[] = {
    {"applied",   "신청",   "Applied"},
    {"approved",  "승인",   "Approved"},
    {"rejected",  "반려",   "Rejected"},
    {"cancelled", "취소",   "Cancelled"},
    {"completed", "수료",   "Completed"},
    END_VALUES,
};
static const struct enum_value pbl_states[] = {
    {"proposed", "제안",   "Proposed"},
    {"matched",  "팀 매칭", "Team matched"},
    {"running",  "진행 중", "Running"},
    {"done",     "완료",   "Done"},
    {"dropped",  "중단",   "Dropped"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)

/* clang-format off */
static const struct field survey_fields[] = {
    TEXT("title",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "조사명", "Title"),
    TEXT("description",  F_SEARCH, 0, 5000, "설명", "Description"),
    DATE("opens_on",     F_REQUIRED | FS, "응답 시작일", "Opens on"),
    DATE("closes_on",    F_REQUIRED | FS, "응답 마감일", "Closes on"),
    LIST("fields",       F_FILTER, "조사 분야", "Fields asked about"),
    LIST("levels",       F_FILTER, "조사 수준", "Levels asked about"),
    STATUS("status",     survey_states, FS, "상태", "Status"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field response_fields[] = {
    REF("survey_id",         "surveys", F_REQUIRED | F_IMMUTABLE | FS, "수요조사", "Survey"),
    REF("org_id",            "orgs", F_REQUIRED | F_IMMUTABLE | FS, "응답 기관", "Organisation"),
    ENUM("field",            training_fields, F_REQUIRED | FS, "희망 분야", "Field wanted"),
    ENUM("level",            training_levels, F_REQUIRED | FS, "희망 수준", "Level wanted"),
    INT("headcount",         F_REQUIRED | FS, 1, 10000, "교육 희망 인원", "Headcount"),
    TEXT("preferred_period", 0, 0, 100, "희망 시기", "Preferred period"),
    TEXT("comment",          F_SEARCH, 0, 2000, "의견", "Comment"),
    REF("submitted_by",      "users", F_READONLY | F_FILTER, "응답자", "Submitted by"),
    BOOL("is_synthetic",     F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field course_fields[] = {
    TEXT("title",          F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "과정명", "Title"),
    ENUM("field",          training_fields, F_REQUIRED | FS, "분야", "Field"),
    ENUM("level",          training_levels, F_REQUIRED | FS, "수준", "Level"),
    ENUM("kind",           course_kinds, F_REQUIRED | FS, "운영 방식", "Kind"),
    INT("hours",           FS, 1, 2000, "교육 시간", "Hours"),
    REF("instructor_id",   "people", F_FILTER, "강사", "Instructor"),
    TEXT("description",    F_SEARCH, 0, 5000, "과정 소개", "Description"),
    BOOL("is_synthetic",   F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field cohort_fields[] = {
    REF("course_id",     "courses", F_REQUIRED | F_IMMUTABLE | FS, "과정", "Course"),
    TEXT("name",         F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "기수", "Cohort"),
    DATE("starts_on",    F_REQUIRED | FS, "시작일", "Starts on"),
    DATE("ends_on",      F_REQUIRED | FS, "종료일", "Ends on"),
    INT("capacity",      F_REQUIRED | FS, 1, 10000, "정원", "Capacity"),
    INT("sessions",      F_REQUIRED | FS, 1, 1000, "총 회차", "Sessions"),
    INT("pass_percent",  F_FILTER, 1, 100, "수료 기준 출석률(%)", "Attendance to complete (%)"),
    REF("space_id",      "spaces", F_FILTER, "교육 장소", "Place"),
    STATUS("status",     cohort_states, FS, "상태", "Status"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field enrollment_fields[] = {
    REF("cohort_id",        "cohorts", F_REQUIRED | F_IMMUTABLE | FS, "기수", "Cohort"),
    REF("trainee_id",       "users", F_OPERATOR | F_IMMUTABLE | F_REF_BY_HOOK | FS, "교육생", "Trainee"),
    REF("org_id",           "orgs", F_OPERATOR | F_IMMUTABLE | FS, "소속 기관", "Organisation"),
    TEXT("motivation",      F_SEARCH, 0, 2000, "신청 사유", "Motivation"),
    STATUS("status",        enrollment_states, FS, "상태", "Status"),
    INT("attended",         F_OPERATOR | FS, 0, 1000, "출석 회차", "Sessions attended"),
    DATETIME("decided_at",  F_READONLY | FS, "승인·반려 일시", "Decided at"),
    DATE("completed_on",    F_READONLY | FS, "수료일", "Completed on"),
    TEXT("certificate_no",  F_READONLY, 0, TRAINING_CERT_NO_MAX, "수료증 번호", "Certificate number"),
    BOOL("is_synthetic",    F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field pbl_fields[] = {
    TEXT("title",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "과제명", "Title"),
    TEXT("problem",      F_SEARCH, 0, 5000, "기업 문제", "Company's problem"),
    REF("org_id",        "orgs", F_REQUIRED | F_IMMUTABLE | FS, "과제 기업", "Company"),
    REF("team_org_id",   "orgs", F_OPERATOR | F_FILTER, "대학 팀", "University team"),
    REF("mentor_id",     "people", F_FILTER, "멘토", "Mentor"),
    REF("course_id",     "courses", F_FILTER, "연계 과정", "Course"),
    DATE("starts_on",    FS, "시작일", "Starts on"),
    DATE("ends_on",      FS, "종료일", "Ends on"),
    STATUS("status",     pbl_states, FS, "상태", "Status"),
    TEXT("outcome",      F_SEARCH, 0, 5000, "성과", "Outcome"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct transition survey_transitions[] = {
    {"draft", "open"}, {"open", "closed"}, {"closed", "open"},
    {NULL, NULL},
};
static const struct transition cohort_transitions[] = {
    {"planned", "recruiting"}, {"recruiting", "running"}, {"running", "done"},
    {"recruiting", "planned"}, {"running", "recruiting"}, {"done", "running"},
    {NULL, NULL},
};
/* who may take which of these steps is training_status_allowed (rules.c) */
static const struct transition enrollment_transitions[] = {
    {"applied", "approved"}, {"applied", "rejected"}, {"applied", "cancelled"},
    {"approved", "cancelled"}, {"approved", "completed"}, {"approved", "rejected"},
    {"rejected", "applied"}, {"rejected", "approved"}, {"cancelled", "applied"},
    {"completed", "approved"},
    {NULL, NULL},
};
static const struct transition pbl_transitions[] = {
    {"proposed", "matched"}, {"matched", "running"}, {"running", "done"},
    {"proposed", "dropped"}, {"matched", "dropped"}, {"running", "dropped"},
    {"dropped", "proposed"}, {"done", "running"}, {"matched", "proposed"},
    {NULL, NULL},
};

/* An enrollment: the trainee, the admins of the trainee's organisation, operators. */
static const struct reader enrollment_readers[] = {
    READ_USER("trainee_id", .personal = true),
    READ_ORG("org_id", .personal = true, .role = "org-admin"),
    READ_END,
};
/* clang-format on */

#define LINK_MAX 64

static void today_in_korea(char out[11])
{
    time_t t = time(NULL) + 9 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!strftime(out, 11, "%Y-%m-%d", &tm))
        out[0] = '\0';
}

static void now_utc(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    if (!strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm))
        out[0] = '\0';
}

/* --- surveys --- */

/* Whether every value of the JSON list text is one of values (an empty or absent list is). */
static bool list_within(const char *text, const struct enum_value *values)
{
    if (!text)
        return true;
    const char *s = text;
    while ((s = strchr(s, '"'))) {
        const char *end = strchr(s + 1, '"');
        if (!end)
            return false;
        bool found = false;
        for (const struct enum_value *v = values; v->value && !found; v++)
            found = strlen(v->value) == (size_t)(end - s - 1) &&
                    strncmp(v->value, s + 1, (size_t)(end - s - 1)) == 0;
        if (!found)
            return false;
        s = end + 1;
    }
    return true;
}

static enum bp_err prepare_survey(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    const char *opens = write_op_get_text(op, "opens_on"), *closes = write_op_get_text(op, "closes_on");
    if (op->kind == WRITE_UPDATE && (!opens || !closes)) {
        if ((e = resource_read_fields(db, "surveys", op->id, "opens_on,closes_on", &row)) || !row.found)
            goto out;
        opens = opens ? opens : row.text[0];
        closes = closes ? closes : row.text[1];
    }
    if (opens && closes && strcmp(closes, opens) < 0)
        problem_refuse(p, "closes_on", BP_ERR_INVALID, "마감일은 시작일과 같거나 그 뒤여야 합니다",
                       "the survey closes on or after the day it opens");
    if (!list_within(write_op_get_text(op, "fields"), training_fields))
        problem_refuse(p, "fields", BP_ERR_INVALID,
                       "분야는 genomics, medical-devices, ai-data, drug-discovery, clinical-regulatory, "
                       "commercialization 중에서 고릅니다",
                       "fields are among genomics, medical-devices, ai-data, drug-discovery, "
                       "clinical-regulatory, commercialization");
    if (!list_within(write_op_get_text(op, "levels"), training_levels))
        problem_refuse(p, "levels", BP_ERR_INVALID, "수준은 basic, intermediate, advanced 중에서 고릅니다",
                       "levels are among basic, intermediate, advanced");
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* --- survey responses --- */

static const char sql_response_of[] =
    "SELECT id FROM survey_responses WHERE survey_id=?1 AND org_id=?2 AND id<>?3";

/* Whether value is listed in the JSON list text (an empty list lists everything). */
static bool listed(const char *text, const char *value)
{
    if (!text || !value || strcmp(text, "[]") == 0 || !*text)
        return true;
    char quoted[80];
    snprintf(quoted, sizeof(quoted), "\"%s\"", value);
    return strstr(text, quoted) != NULL;
}

static enum bp_err prepare_response(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0}, survey = {0};
    enum bp_err e = BP_OK;
    long long survey_id = write_op_get_int(op, "survey_id"), org = write_op_get_int(op, "org_id");
    const char *field = write_op_get_text(op, "field"), *level = write_op_get_text(op, "level");
    if (op->kind == WRITE_UPDATE) {
        if ((e = resource_read_fields(db, "survey-responses", op->id, "survey_id,org_id,field,level",
                                      &row)) || !row.found)
            goto out;
        survey_id = row.i[0];
        org = row.i[1];
        field = field ? field : row.text[2];
        level = level ? level : row.text[3];
        if (!principal_is_operator(&op->who) && op->who.org_id != org)
            goto out; /* not theirs: the change answers 404 or 403 */
    }
    if (!survey_id)
        goto out;
    if ((e = resource_read_fields(db, "surveys", survey_id, "status,opens_on,closes_on,fields,levels",
                                  &survey)) || !survey.found)
        goto out;
    char today[11];
    today_in_korea(today);
    if (!training_survey_open(survey.text[0], survey.text[1], survey.text[2], today)) {
        problem_refuse(p, "survey_id", BP_ERR_INVALID, "응답을 받는 기간의 수요조사가 아닙니다",
                       "the survey is not open for answers today");
        goto out;
    }
    if (!listed(survey.text[3], field))
        problem_refuse(p, "field", BP_ERR_INVALID, "이 수요조사가 묻는 분야가 아닙니다",
                       "the survey does not ask about this field");
    if (!listed(survey.text[4], level))
        problem_refuse(p, "level", BP_ERR_INVALID, "이 수요조사가 묻는 수준이 아닙니다",
                       "the survey does not ask about this level");
    if (p->err)
        goto out;
    if (op->kind == WRITE_CREATE) {
        long long taken = 0;
        if (org && (e = db_run(db, &taken, sql_response_of, "iii", survey_id, org, 0LL)))
            goto out;
        if (taken) {
            problem_refuse(p, "survey_id", BP_ERR_CONFLICT,
                           "이 기관은 이 수요조사에 이미 응답했습니다: 그 응답을 고치세요",
                           "this organisation answered the survey already: change that answer");
            goto out;
        }
        if (op->who.user_id && !write_op_set(op, "submitted_by", VAL_INT, op->who.user_id, NULL, 0))
            e = BP_ERR_NOMEM;
    }
out:
    resource_row_release(&row);
    resource_row_release(&survey);
    return e ? e : p->err;
}

/* --- cohorts --- */

static enum bp_err prepare_cohort(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    const char *starts = write_op_get_text(op, "starts_on"), *ends = write_op_get_text(op, "ends_on");
    if (op->kind == WRITE_UPDATE && (!starts || !ends)) {
        if ((e = resource_read_fields(db, "cohorts", op->id, "starts_on,ends_on", &row)) || !row.found)
            goto out;
        starts = starts ? starts : row.text[0];
        ends = ends ? ends : row.text[1];
    }
    if (starts && ends && strcmp(ends, starts) < 0)
        problem_refuse(p, "ends_on", BP_ERR_INVALID, "종료일은 시작일과 같거나 그 뒤여야 합니다",
                       "a cohort ends on or after the day it starts");
    if (op->kind == WRITE_CREATE && !write_op_get(op, "pass_percent") &&
        !write_op_int(op, "pass_percent", 80))
        e = BP_ERR_NOMEM;
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

/* --- enrollments --- */

/* The cohort's row, locked until the transaction ends, so that two writers at once
 * (PostgreSQL: several servers) take turns at its seats; the seats are counted by the next
 * statement, after the other's commit. */
#define SQL_LOCK_COHORT "SELECT id FROM cohorts WHERE id=?1{forupdate}"
/* The seats taken in cohort ?1 other than enrollment ?2: an application holds one until it is
 * rejected or cancelled (training_holds_seat). */
static const char sql_seats_taken[] =
    "SELECT count(*) FROM enrollments WHERE cohort_id=?1 AND status IN "
    "('applied','approved','completed') AND id<>?2";
static const char sql_enrolled[] =
    "SELECT id FROM enrollments WHERE cohort_id=?1 AND trainee_id=?2 AND id<>?3";

/* Whether cohort has a seat left for enrollment id (0: a new one), its row locked first. */
static enum bp_err seat_left(struct db *db, long long cohort, long long id, long long capacity,
                             bool *left)
{
    long long taken = 0;
    enum bp_err e = db_run(db, NULL, DIALECT_SQL(SQL_LOCK_COHORT), "i", cohort);
    if (!e)
        e = db_run(db, &taken, sql_seats_taken, "ii", cohort, id);
    *left = training_seat_left(capacity, taken);
    return e;
}

static enum bp_err prepare_enrollment_create(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    struct resource_row cohort = {0};
    enum bp_err e = BP_OK;
    long long cohort_id = write_op_get_int(op, "cohort_id");
    long long trainee = write_op_get_int(op, "trainee_id");
    const char *status = write_op_get_text(op, "status");
    if (status && strcmp(status, "applied") != 0)
        problem_refuse(p, "status", BP_ERR_INVALID, "수강 신청은 신청(applied) 상태로 시작합니다",
                       "an enrollment starts as applied");
    if (p->err)
        goto out;
    /* one applies for oneself (with one's organisation); operators for anyone */
    if (!trainee) {
        trainee = op->who.user_id;
        if (!trainee) {
            problem_refuse(p, "trainee_id", BP_ERR_INVALID, "교육생을 지정해 주세요", "name the trainee");
            goto out;
        }
        if (!write_op_int(op, "trainee_id", trainee) ||
            (!operator && op->who.org_id > 0 && !write_op_int(op, "org_id", op->who.org_id))) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    }
    if ((e = resource_read_fields(db, "cohorts", cohort_id, "status,capacity", &cohort)) ||
        !cohort.found)
        goto out;
    if (!training_cohort_takes(cohort.text[0], operator)) {
        problem_refuse(p, "cohort_id", BP_ERR_INVALID, "수강생을 모집 중인 기수가 아닙니다",
                       "the cohort is not taking applications");
        goto out;
    }
    long long taken = 0;
    if ((e = db_run(db, &taken, sql_enrolled, "iii", cohort_id, trainee, 0LL)))
        goto out;
    if (taken) {
        problem_refuse(p, "cohort_id", BP_ERR_CONFLICT, "이 기수에 이미 신청했습니다",
                       "this trainee applied to this cohort already");
        goto out;
    }
    bool left;
    if ((e = seat_left(db, cohort_id, 0, cohort.i[1], &left)))
        goto out;
    if (!left)
        problem_refuse(p, "cohort_id", BP_ERR_CONFLICT, "이 기수는 정원이 찼습니다",
                       "the cohort is full");
out:
    resource_row_release(&cohort);
    return e ? e : p->err;
}

static enum bp_err prepare_enrollment_update(struct db *db, struct write_op *op, struct problem *p)
{
    bool operator = principal_is_operator(&op->who);
    struct resource_row row = {0}, cohort = {0};
    enum bp_err e;
    if ((e = resource_read_fields(db, "enrollments", op->id, "cohort_id,status,attended", &row)) ||
        !row.found)
        goto out;
    if ((e = resource_read_fields(db, "cohorts", row.i[0], "capacity,sessions,pass_percent",
                                  &cohort)) || !cohort.found)
        goto out;
    const char *was = row.text[1], *to = write_op_get_text(op, "status");
    bool attended_given = write_op_get(op, "attended") != NULL;
    long long attended = attended_given ? write_op_get_int(op, "attended") : row.i[2];
    if (!to)
        to = was;
    if (!training_status_allowed(was, to, operator)) {
        problem_refuse(p, "status", BP_ERR_INVALID,
                       operator ? "이 상태로 바꿀 수 없습니다"
                                : "승인·반려·수료는 운영기관이 합니다: 신청자는 취소(cancelled)와 재신청만 합니다",
                       operator ? "the enrollment cannot move to this status"
                                : "operators approve, reject and complete: a trainee cancels or "
                                  "applies again");
        goto out;
    }
    if (!operator && write_op_get(op, "motivation") && strcmp(was, "applied") != 0 &&
        strcmp(was, "cancelled") != 0)
        problem_refuse(p, "motivation", BP_ERR_INVALID, "결정된 신청의 사유는 바꿀 수 없습니다",
                       "a decided application's motivation is kept");
    if (attended > cohort.i[1])
        problem_refuse(p, "attended", BP_ERR_INVALID, "출석 회차가 기수의 총 회차보다 많습니다",
                       "more sessions attended than the cohort has");
    if (attended_given && attended > 0 && strcmp(to, "approved") != 0 && strcmp(to, "completed") != 0)
        problem_refuse(p, "attended", BP_ERR_INVALID, "출석은 승인된 수강에 기록합니다",
                       "attendance is recorded on an approved enrollment");
    if (p->err)
        goto out;
    bool completes = training_completes(attended, cohort.i[1], cohort.i[2]);
    /* attendance that meets the rule completes an approved enrollment; less undoes it */
    if (strcmp(to, "approved") == 0 && attended_given && completes)
        to = "completed";
    else if (strcmp(to, "completed") == 0 && strcmp(was, "completed") == 0 && !completes)
        to = "approved";
    if (strcmp(to, "completed") == 0 && !completes) {
        char ko[160], en[160];
        long long need = training_sessions_needed(cohort.i[1], cohort.i[2]);
        snprintf(ko, sizeof(ko), "수료하려면 %lld회 중 %lld회 이상 출석해야 합니다 (현재 %lld회)",
                 cohort.i[1], need, attended);
        snprintf(en, sizeof(en), "completion needs %lld of the %lld sessions attended (now %lld)",
                 need, cohort.i[1], attended);
        problem_refuse(p, "attended", BP_ERR_INVALID, ko, en);
        goto out;
    }
    const char *given = write_op_get_text(op, "status");
    if (to != given && strcmp(to, was) != 0 && !write_op_text(op, "status", to)) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    /* an enrollment back from rejected or cancelled takes a seat again: never past capacity */
    bool takes = training_holds_seat(to) && !training_holds_seat(was);
    if (takes) {
        bool left;
        if ((e = seat_left(db, row.i[0], op->id, cohort.i[0], &left)))
            goto out;
        if (!left) {
            problem_refuse(p, "status", BP_ERR_CONFLICT, "이 기수는 정원이 찼습니다",
                           "the cohort is full");
            goto out;
        }
    }
    char now[21], today[11];
    now_utc(now);
    today_in_korea(today);
    if (strcmp(to, was) != 0 && (strcmp(to, "approved") == 0 || strcmp(to, "rejected") == 0) &&
        strcmp(was, "completed") != 0 && !write_op_text(op, "decided_at", now)) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    if (strcmp(to, "completed") == 0 && strcmp(was, "completed") != 0) {
        char no[TRAINING_CERT_NO_MAX];
        int year = (today[0] - '0') * 1000 + (today[1] - '0') * 100 + (today[2] - '0') * 10 +
                   (today[3] - '0');
        training_certificate_no(year, op->id, no);
        if (!write_op_text(op, "completed_on", today) || !write_op_text(op, "certificate_no", no))
            e = BP_ERR_NOMEM;
    } else if (strcmp(was, "completed") == 0 && strcmp(to, "completed") != 0) {
        if (!write_op_null(op, "completed_on") || !write_op_null(op, "certificate_no"))
            e = BP_ERR_NOMEM;
    }
out:
    resource_row_release(&row);
    resource_row_release(&cohort);
    return e ? e : p->err;
}

static enum bp_err prepare_enrollment(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_enrollment_create(db, op, p)
                                    : prepare_enrollment_update(db, op, p);
}

/* Operators are told of an application; the trainee of a decision and of completion. */
static enum bp_err settle_enrollment(struct db *db, const struct write_op *op, long long id,
                                     struct problem *p)
{
    (void)p;
    char link[LINK_MAX];
    snprintf(link, sizeof(link), "/enrollments/%lld", id);
    if (op->kind == WRITE_CREATE)
        return principal_is_operator(&op->who)
                   ? BP_OK
                   : lifecycle_notify_operators(db, 0, "enrollment",
                                                "수강 신청이 들어왔습니다 / New enrollment",
                                                "교육 과정 기수에 수강 신청이 들어왔습니다. 승인 여부를 "
                                                "결정해 주세요. / Someone applied to a cohort: approve "
                                                "or reject the application.",
                                                link);
    const char *status = write_op_get_text(op, "status");
    if (!status || !principal_is_operator(&op->who) ||
        (strcmp(status, "approved") != 0 && strcmp(status, "rejected") != 0 &&
         strcmp(status, "completed") != 0))
        return BP_OK;
    struct resource_row row = {0}, user = {0};
    enum bp_err e = resource_read_fields(db, "enrollments", id, "trainee_id", &row);
    if (!e && row.found && !(e = resource_read_fields(db, "users", row.i[0], "email", &user)) &&
        user.found) {
        const char *subject = strcmp(status, "approved") == 0
                                  ? "수강 신청이 승인되었습니다 / Enrollment approved"
                              : strcmp(status, "rejected") == 0
                                  ? "수강 신청이 반려되었습니다 / Enrollment rejected"
                                  : "과정을 수료했습니다 / Course completed";
        e = account_notify(db, row.i[0], user.text[0], "enrollment", subject,
                           "운영기관이 귀하의 수강 신청을 처리했습니다. 내 교육에서 확인하세요. / The "
                           "support center acted on your enrollment: see My courses.",
                           link, false);
    }
    resource_row_release(&row);
    resource_row_release(&user);
    return e;
}

/* The trainee's side deletes an application only while it is undecided or cancelled (a
 * decision and a completion stay on record). */
static enum bp_err deleted_enrollment(struct db *db, const struct write_op *op,
                                      const char *before, struct problem *p)
{
    (void)db;
    if (principal_is_operator(&op->who) || strstr(before, "\"status\":\"applied\"") ||
        strstr(before, "\"status\":\"cancelled\""))
        return BP_OK;
    return problem_refuse(p, "status", BP_ERR_INVALID,
                          "결정된 수강은 지울 수 없습니다: 취소(cancelled)하세요",
                          "a decided enrollment is not deleted: cancel it");
}

/* --- entries --- */

static const struct resource surveys = {
    .name = "surveys", .table = "surveys", .label_ko = "수요조사", .label_en = "Demand surveys",
    .fields = survey_fields, .title_field = "title", .status_field = "status",
    .transitions = survey_transitions, .flags = R_PUBLIC_READ | R_SEARCH_AFTER,
    .default_sort = "-opens_on",
    .prepare = prepare_survey,
};
static const struct resource survey_responses = {
    .name = "survey-responses", .table = "survey_responses", .label_ko = "수요조사 응답",
    .label_en = "Survey responses", .fields = response_fields, .title_field = "comment",
    .owner_field = "org_id", .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED,
    .default_sort = "-id", .prepare = prepare_response,
};
static const struct resource courses = {
    .name = "courses", .table = "courses", .label_ko = "교육 과정", .label_en = "Courses",
    .fields = course_fields, .title_field = "title", .flags = R_PUBLIC_READ | R_SEARCH_AFTER,
    .default_sort = "title",
};
/* Out of /search: a cohort's only text is its name (2026년 1기), which says nothing without its
 * course; the course is found, and the curriculum page (/training) lists its cohorts
 * (docs/search.md, "What is found"). */
static const struct resource cohorts = {
    .name = "cohorts", .table = "cohorts", .label_ko = "기수", .label_en = "Cohorts",
    .fields = cohort_fields, .title_field = "name", .status_field = "status",
    .transitions = cohort_transitions, .flags = R_PUBLIC_READ | R_NOT_INDEXED,
    .default_sort = "-starts_on", .prepare = prepare_cohort,
};
static const struct resource enrollments = {
    .name = "enrollments", .table = "enrollments", .label_ko = "수강", .label_en = "Enrolments",
    .fields = enrollment_fields, .title_field = "motivation", .readers = enrollment_readers,
    .status_field = "status", .transitions = enrollment_transitions,
    .flags = R_USER_WRITES | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_enrollment, .settle = settle_enrollment, .deleted = deleted_enrollment,
};
static const struct resource pbl_projects = {
    .name = "pbl-projects", .table = "pbl_projects", .label_ko = "PBL 과제", .label_en = "PBL projects",
    .fields = pbl_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "team_org_id", .status_field = "status", .transitions = pbl_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "-id",
};

const struct resource *const training_entries[] = {
    &surveys, &survey_responses, &courses, &cohorts, &enrollments, &pbl_projects, NULL,
};
