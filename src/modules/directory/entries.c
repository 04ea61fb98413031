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

static const char *const org_kinds[] = {"company", "hospital", "university", "institute",
                                        "investor", "public", "association", NULL};
static const char *const stages[] = {"basic-research", "rnd", "education", "clinical",
                                     "marketing", "commercialization", NULL};
static const char *const visibilities[] = {"private", "cluster", "public", NULL};
static const char *const capability_kinds[] = {"data-set", "clinical-trial", "research-service",
                                               "equipment", "expertise", "space", NULL};
static const char *const capability_states[] = {"active", "paused", "retired", NULL};
static const char *const need_states[] = {"open", "matched", "closed", "withdrawn", NULL};
static const char *const langs[] = {"ko", "en", NULL};
static const char *const roles[] = {"operator-admin", "operator-staff", "org-admin", "org-member",
                                    "partner", "investor", "trainee", NULL};

#define FS (F_FILTER | F_SORT)

/* clang-format off */
static const struct field org_fields[] = {
    {"name",        FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 200, NULL, NULL, CHECK_NONE, "기관명", "Name"},
    {"name_en",     FT_TEXT, F_SORT | F_SEARCH, 0, 200, NULL, NULL, CHECK_NONE, "영문명", "English name"},
    {"aliases",     FT_LIST, F_SEARCH, 0, 0, NULL, NULL, CHECK_NONE, "다른 이름", "Aliases"},
    {"kind",        FT_ENUM, F_REQUIRED | FS, 0, 0, org_kinds, NULL, CHECK_NONE, "유형", "Kind"},
    {"fields",      FT_TAGS, F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "분야", "Fields"},
    {"is_tenant",   FT_BOOL, FS | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "입주기업", "Tenant"},
    {"is_anchor",   FT_BOOL, FS | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "앵커기업", "Anchor"},
    {"stage",       FT_ENUM, FS, 0, 0, stages, NULL, CHECK_NONE, "성장 단계", "Lifecycle stage"},
    {"brn",         FT_TEXT, F_FILTER, 0, 12, NULL, NULL, CHECK_BRN, "사업자등록번호", "Business registration number"},
    {"address",     FT_TEXT, F_SEARCH, 0, 300, NULL, NULL, CHECK_NONE, "주소", "Address"},
    {"homepage",    FT_TEXT, 0, 0, 2000, NULL, NULL, CHECK_URL, "홈페이지", "Homepage"},
    {"phone",       FT_TEXT, 0, 0, 30, NULL, NULL, CHECK_PHONE, "대표전화", "Phone"},
    {"email",       FT_TEXT, 0, 0, 254, NULL, NULL, CHECK_EMAIL, "대표 이메일", "E-mail"},
    {"employees",   FT_INT,  F_SORT, 0, 1000000, NULL, NULL, CHECK_NONE, "임직원 수", "Employees"},
    {"founded",     FT_DATE, F_SORT, 0, 0, NULL, NULL, CHECK_NONE, "설립일", "Founded"},
    {"description", FT_TEXT, F_SEARCH, 0, 5000, NULL, NULL, CHECK_NONE, "소개", "Description"},
    {"visibility",  FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {"is_synthetic", FT_BOOL, F_FILTER | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "데모 데이터", "Synthetic demo data"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field people_fields[] = {
    {"org_id",      FT_REF,  FS, 0, 0, NULL, "orgs", CHECK_NONE, "소속 기관", "Organisation"},
    {"name",        FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 100, NULL, NULL, CHECK_NONE, "이름", "Name"},
    {"name_en",     FT_TEXT, F_SORT | F_SEARCH, 0, 100, NULL, NULL, CHECK_NONE, "영문 이름", "English name"},
    {"title",       FT_TEXT, F_SEARCH, 0, 100, NULL, NULL, CHECK_NONE, "직위", "Title"},
    {"department",  FT_TEXT, F_SEARCH, 0, 100, NULL, NULL, CHECK_NONE, "부서", "Department"},
    {"email",       FT_TEXT, F_PRIVATE, 0, 254, NULL, NULL, CHECK_EMAIL, "이메일", "E-mail"},
    {"phone",       FT_TEXT, F_PRIVATE, 0, 30, NULL, NULL, CHECK_PHONE, "전화번호", "Phone"},
    {"bio",         FT_TEXT, 0, 0, 5000, NULL, NULL, CHECK_NONE, "소개", "Bio"},
    {"visibility",  FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {"is_synthetic", FT_BOOL, F_FILTER | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "데모 데이터", "Synthetic demo data"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field tag_fields[] = {
    {"slug",        FT_TEXT, F_REQUIRED | F_IMMUTABLE | FS | F_SEARCH, 1, 60, NULL, NULL, CHECK_NONE, "코드", "Slug"},
    {"name_ko",     FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 100, NULL, NULL, CHECK_NONE, "이름", "Korean name"},
    {"name_en",     FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 100, NULL, NULL, CHECK_NONE, "영문 이름", "English name"},
    {"synonyms",    FT_LIST, F_SEARCH, 0, 0, NULL, NULL, CHECK_NONE, "동의어", "Synonyms"},
    {"parent_id",   FT_REF,  F_FILTER, 0, 0, NULL, "tags", CHECK_NONE, "상위 분야", "Parent"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field capability_fields[] = {
    {"org_id",      FT_REF,  F_REQUIRED | FS, 0, 0, NULL, "orgs", CHECK_NONE, "제공 기관", "Organisation"},
    {"title",       FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 200, NULL, NULL, CHECK_NONE, "역량", "Title"},
    {"title_en",    FT_TEXT, F_SORT | F_SEARCH, 0, 200, NULL, NULL, CHECK_NONE, "영문 제목", "English title"},
    {"kind",        FT_ENUM, F_REQUIRED | FS, 0, 0, capability_kinds, NULL, CHECK_NONE, "유형", "Kind"},
    {"fields",      FT_TAGS, F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "분야", "Fields"},
    {"description", FT_TEXT, F_SEARCH, 0, 5000, NULL, NULL, CHECK_NONE, "설명", "Description"},
    {"conditions",  FT_TEXT, 0, 0, 2000, NULL, NULL, CHECK_NONE, "이용 조건", "Conditions"},
    {"contact_id",  FT_REF,  F_FILTER, 0, 0, NULL, "people", CHECK_NONE, "담당자", "Contact"},
    {"status",      FT_STATUS, FS, 0, 0, capability_states, NULL, CHECK_NONE, "상태", "Status"},
    {"visibility",  FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {"is_synthetic", FT_BOOL, F_FILTER | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "데모 데이터", "Synthetic demo data"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field need_fields[] = {
    {"org_id",      FT_REF,  F_REQUIRED | FS, 0, 0, NULL, "orgs", CHECK_NONE, "요청 기관", "Organisation"},
    {"title",       FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 200, NULL, NULL, CHECK_NONE, "수요", "Title"},
    {"description", FT_TEXT, F_SEARCH, 0, 5000, NULL, NULL, CHECK_NONE, "설명", "Description"},
    {"fields",      FT_TAGS, F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "분야", "Fields"},
    {"stage",       FT_ENUM, FS, 0, 0, stages, NULL, CHECK_NONE, "성장 단계", "Lifecycle stage"},
    {"deadline",    FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "마감일", "Deadline"},
    {"budget_min",  FT_INT,  F_SORT, 0, 1000000000000LL, NULL, NULL, CHECK_NONE, "예산 하한(원)", "Budget from (KRW)"},
    {"budget_max",  FT_INT,  F_SORT, 0, 1000000000000LL, NULL, NULL, CHECK_NONE, "예산 상한(원)", "Budget to (KRW)"},
    {"status",      FT_STATUS, FS, 0, 0, need_states, NULL, CHECK_NONE, "상태", "Status"},
    {"visibility",  FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {"is_synthetic", FT_BOOL, F_FILTER | F_OPERATOR, 0, 0, NULL, NULL, CHECK_NONE, "데모 데이터", "Synthetic demo data"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field user_fields[] = {
    {"email",       FT_TEXT, F_READONLY | F_PRIVATE | F_SORT | F_SEARCH, 0, 254, NULL, NULL, CHECK_EMAIL, "이메일", "E-mail"},
    {"name",        FT_TEXT, F_SORT | F_SEARCH, 1, 100, NULL, NULL, CHECK_NONE, "이름", "Name"},
    {"role",        FT_ENUM, FS, 0, 0, roles, NULL, CHECK_NONE, "역할", "Role"},
    {"org_id",      FT_REF,  F_READONLY | FS, 0, 0, NULL, "orgs", CHECK_NONE, "소속 기관", "Organisation"},
    {"active",      FT_BOOL, F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "활성", "Active"},
    {"lang",        FT_ENUM, F_READONLY, 0, 0, langs, NULL, CHECK_NONE, "언어", "Language"},
    {"totp_enabled", FT_BOOL, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "2단계 인증", "Second factor"},
    {"anonymised_at", FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "익명화된 때", "Anonymised at"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
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
