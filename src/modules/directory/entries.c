/*
 * directory: the resource entries of the directory module (organisations of every kind,
 * people, the field taxonomy, capabilities partners publish, needs companies post, users).
 * Each entity is one declaration; the engine does the rest.
 */
#include "modules/directory/directory.h"

#include <stdint.h>
#include <string.h>

#include "base/problem.h"
#include "db/db.h"
#include "engine/resource.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value org_kinds[] = {
    {"company",     "기업",      "Company"},
    {"hospital",    "병원",      "Hospital"},
    {"university",  "대학",      "University"},
    {"institute",   "연구기관",  "Institute"},
    {"investor",    "투자기관",  "Investor"},
    {"public",      "공공기관",  "Public body"},
    {"association", "협회·단체", "Association"},
    END_VALUES,
};
const struct enum_value directory_stages[] = {
    {"basic-research",    "기초연구", "Basic research"},
    {"rnd",               "연구개발", "R&D"},
    {"education",         "교육",     "Education"},
    {"clinical",          "임상시험", "Clinical trials"},
    {"marketing",         "마케팅",   "Marketing"},
    {"commercialization", "사업화",   "Commercialisation"},
    END_VALUES,
};
static const struct enum_value capability_kinds[] = {
    {"data-set",         "데이터",      "Data set"},
    {"clinical-trial",   "임상시험",    "Clinical trial"},
    {"research-service", "연구 서비스", "Research service"},
    {"equipment",        "장비",        "Equipment"},
    {"expertise",        "전문 역량",   "Expertise"},
    {"space",            "공간",        "Space"},
    END_VALUES,
};
static const struct enum_value capability_states[] = {
    {"active",  "운영 중",   "Active"},
    {"paused",  "일시 중지", "Paused"},
    {"retired", "종료",      "Retired"},
    END_VALUES,
};
static const struct enum_value need_states[] = {
    {"open",      "진행 중", "Open"},
    {"matched",   "매칭됨",  "Matched"},
    {"closed",    "종료",    "Closed"},
    {"withdrawn", "철회",    "Withdrawn"},
    END_VALUES,
};
static const struct enum_value langs[] = {
    {"ko", "한국어", "Korean"},
    {"en", "영어",   "English"},
    END_VALUES,
};
static const struct enum_value roles[] = {
    {"operator-admin", "운영 관리자", "Operator (admin)"},
    {"operator-staff", "운영 담당자", "Operator (staff)"},
    {"org-admin",      "기관 관리자", "Organisation admin"},
    {"org-member",     "기관 구성원", "Organisation member"},
    {"partner",        "협력기관",    "Partner"},
    {"investor",       "투자자",      "Investor"},
    {"trainee",        "교육생",      "Trainee"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)

/* clang-format off */
static const struct field org_fields[] = {
    TEXT("name",             F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "기관명", "Name"),
    TEXT("name_en",          F_SORT | F_SEARCH, 0, 200, "영문명", "English name"),
    LIST("aliases",          F_SEARCH, "다른 이름", "Aliases"),
    ENUM("kind",             org_kinds, F_REQUIRED | FS, "유형", "Kind"),
    TAGS("fields",           F_FILTER, "분야", "Fields"),
    BOOL("is_tenant",        FS | F_OPERATOR, "입주기업", "Tenant"),
    BOOL("is_anchor",        FS | F_OPERATOR, "앵커기업", "Anchor"),
    ENUM("stage",            directory_stages, FS, "성장 단계", "Lifecycle stage"),
    BRN("brn",               F_FILTER, "사업자등록번호", "Business registration number"),
    TEXT("address",          F_SEARCH, 0, 300, "주소", "Address"),
    URL("homepage",          0, "홈페이지", "Homepage"),
    PHONE("phone",           0, "대표전화", "Phone"),
    EMAIL("email",           0, "대표 이메일", "E-mail"),
    INT("employees",         F_SORT, 0, 1000000, "임직원 수", "Employees"),
    DATE("founded",          FS, "설립일", "Founded"),
    DECIMAL("floor_area_m2", 2, FS, 0, 100000000, "입주 면적(㎡)", "Floor area (m²)"),
    TEXT("description",      F_SEARCH, 0, 5000, "소개", "Description"),
    ENUM("visibility",       resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    BOOL("is_synthetic",     F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field people_fields[] = {
    REF("org_id",        "orgs", FS, "소속 기관", "Organisation"),
    TEXT("name",         F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름", "Name"),
    TEXT("name_en",      F_SORT | F_SEARCH, 0, 100, "영문 이름", "English name"),
    TEXT("title",        F_SEARCH, 0, 100, "직위", "Title"),
    TEXT("department",   F_SEARCH, 0, 100, "부서", "Department"),
    EMAIL("email",       F_PRIVATE, "이메일", "E-mail"),
    PHONE("phone",       F_PRIVATE, "전화번호", "Phone"),
    TEXT("bio",          0, 0, 5000, "소개", "Bio"),
    ENUM("visibility",   resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field tag_fields[] = {
    TEXT("slug",     F_REQUIRED | F_IMMUTABLE | FS | F_SEARCH, 1, 60, "코드", "Slug"),
    TEXT("name_ko",  F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름", "Korean name"),
    TEXT("name_en",  F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "영문 이름", "English name"),
    LIST("synonyms", F_SEARCH, "동의어", "Synonyms"),
    REF("parent_id", "tags", F_FILTER, "상위 분야", "Parent"),
    END_FIELDS,
};

static const struct field capability_fields[] = {
    REF("org_id",        "orgs", F_REQUIRED | FS, "제공 기관", "Organisation"),
    TEXT("title",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "역량", "Title"),
    TEXT("title_en",     F_SORT | F_SEARCH, 0, 200, "영문 제목", "English title"),
    ENUM("kind",         capability_kinds, F_REQUIRED | FS, "유형", "Kind"),
    TAGS("fields",       F_FILTER, "분야", "Fields"),
    TEXT("description",  F_SEARCH, 0, 5000, "설명", "Description"),
    TEXT("conditions",   0, 0, 2000, "이용 조건", "Conditions"),
    REF("contact_id",    "people", F_FILTER, "담당자", "Contact"),
    STATUS("status",     capability_states, FS, "상태", "Status"),
    ENUM("visibility",   resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field need_fields[] = {
    REF("org_id",        "orgs", F_REQUIRED | FS, "요청 기관", "Organisation"),
    TEXT("title",        F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "수요", "Title"),
    TEXT("description",  F_SEARCH, 0, 5000, "설명", "Description"),
    TAGS("fields",       F_FILTER, "분야", "Fields"),
    ENUM("stage",        directory_stages, FS, "성장 단계", "Lifecycle stage"),
    DATE("deadline",     FS, "마감일", "Deadline"),
    MONEY("budget_min",  FS, 1000000000000LL, "예산 하한(원)", "Budget from (KRW)"),
    MONEY("budget_max",  FS, 1000000000000LL, "예산 상한(원)", "Budget to (KRW)"),
    STATUS("status",     need_states, FS, "상태", "Status"),
    TEXT("outcome",      0, 0, 2000, "결과", "Outcome"), /* what came of it, said when it closes */
    ENUM("visibility",   resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field user_fields[] = {
    EMAIL("email",        F_READONLY | F_PRIVATE | F_SORT | F_SEARCH, "이메일", "E-mail"),
    TEXT("name",          F_SORT | F_SEARCH, 1, 100, "이름", "Name"),
    ENUM("role",          roles, FS, "역할", "Role"),
    REF("org_id",         "orgs", F_READONLY | FS, "소속 기관", "Organisation"),
    BOOL("active",        F_FILTER, "활성", "Active"),
    ENUM("lang",          langs, F_READONLY, "언어", "Language"),
    BOOL("totp_enabled",  F_READONLY | F_FILTER, "2단계 인증", "Second factor"),
    TEXT("anonymised_at", F_READONLY, 0, 0, "익명화된 때", "Anonymised at"),
    END_FIELDS,
};

static const struct transition need_transitions[] = {
    {"open", "matched"}, {"open", "closed"}, {"open", "withdrawn"},
    {"matched", "open"}, {"matched", "closed"},
    {NULL, NULL},
};

static const struct transition capability_transitions[] = {
    {"active", "paused"}, {"paused", "active"}, {"active", "retired"}, {"paused", "retired"},
    {NULL, NULL},
};
/* clang-format on */

static const struct resource orgs = {
    .name = "orgs", .table = "orgs", .label_ko = "기관", .label_en = "Organisations",
    .fields = org_fields, .title_field = "name", .owner_field = "id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "id",
};
static const struct resource people = {
    .name = "people", .table = "people", .label_ko = "인물", .label_en = "People",
    .fields = people_fields, .title_field = "name", .owner_field = "org_id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "id",
};
static const struct resource tags = {
    .name = "tags", .table = "tags", .label_ko = "분야", .label_en = "Fields",
    .fields = tag_fields, .title_field = "name_ko", .flags = R_PUBLIC_READ, .default_sort = "slug",
};
static const struct resource capabilities = {
    .name = "capabilities", .table = "capabilities", .label_ko = "역량", .label_en = "Capabilities",
    .fields = capability_fields, .title_field = "title", .owner_field = "org_id",
    .visibility_field = "visibility", .status_field = "status",
    .transitions = capability_transitions, .flags = R_PUBLIC_READ | R_ORG_WRITES,
    .default_sort = "id",
};
static const struct resource needs = {
    .name = "needs", .table = "needs", .label_ko = "수요", .label_en = "Needs",
    .fields = need_fields, .title_field = "title", .owner_field = "org_id",
    .visibility_field = "visibility", .status_field = "status", .transitions = need_transitions,
    .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "id",
};
/* The last active operator-admin can be neither demoted nor deactivated (only the command line
 * would recover): 409. */
static enum bp_err prepare_user(struct db *db, struct write_op *op, struct problem *p)
{
    const struct write_value *role = write_op_get(op, "role"), *active = write_op_get(op, "active");
    bool demotes = role && role->kind == VAL_TEXT && strcmp(role->text, "operator-admin") != 0;
    bool deactivates = active && active->kind == VAL_INT && active->i == 0;
    if (op->kind != WRITE_UPDATE || (!demotes && !deactivates))
        return BP_OK;
    long long last = 0;
    enum bp_err e = db_run(db, &last,
                           "SELECT 1 FROM users WHERE id=?1 AND role='operator-admin' AND active=1 "
                           "AND NOT EXISTS (SELECT 1 FROM users WHERE id<>?1 AND "
                           "role='operator-admin' AND active=1)",
                           "i", op->id);
    if (e || !last)
        return e;
    problem_field(p, BP_ERR_CONFLICT, demotes ? "role" : "active",
                  "마지막 운영 관리자는 역할을 바꾸거나 비활성화할 수 없습니다",
                  "the last active operator-admin can be neither demoted nor deactivated");
    return BP_ERR_CONFLICT;
}

static const struct resource users = {
    .name = "users", .table = "users", .label_ko = "사용자", .label_en = "Users",
    .fields = user_fields, .title_field = "name", .owner_field = "org_id",
    .flags = R_ADMIN_WRITES | R_OPERATOR_READ, .default_sort = "id", .prepare = prepare_user,
};
const struct resource *const directory_entries[] = {
    &orgs, &people, &tags, &capabilities, &needs, &users, NULL,
};
