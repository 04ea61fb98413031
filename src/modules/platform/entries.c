/*
 * platform_entries: the resource entries of the platform itself: the audit log and the log of
 * who viewed personal data (read-only, for operators), file attachments (upload and download
 * in files.c) and API tokens (creation and Bearer authentication in tokens.c).
 */
#include "modules/platform/platform.h"

#include <stdint.h>

#include "engine/resource.h"
#include "base/banned.h"

static const char *const visibilities[] = {"private", "cluster", "public", NULL};

/* clang-format off */
static const struct field audit_fields[] = {
    {"actor_id",    FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "users", CHECK_NONE, "행위자", "Actor"},
    {"action",      FT_TEXT, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "동작", "Action"},
    {"collection",  FT_TEXT, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "컬렉션", "Collection"},
    {"row_id",      FT_INT,  F_READONLY | F_FILTER, 0, INT64_MAX, NULL, NULL, CHECK_NONE, "항목 id", "Row id"},
    {"before",      FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "변경 전", "Before"},
    {"after",       FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "변경 후", "After"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const char *const access_actions[] = {"list", "read", "export", "search", NULL};

static const struct field access_fields[] = {
    {"at",          FT_TEXT, F_READONLY | F_SORT, 0, 0, NULL, NULL, CHECK_NONE, "시각", "At"},
    {"actor_id",    FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "users", CHECK_NONE, "열람자", "Viewer"},
    {"org_id",      FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "orgs", CHECK_NONE, "열람자 기관", "Viewer's organisation"},
    {"action",      FT_ENUM, F_READONLY | F_FILTER, 0, 0, access_actions, NULL, CHECK_NONE, "동작", "Action"},
    {"collection",  FT_TEXT, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "컬렉션", "Collection"},
    {"row_id",      FT_INT,  F_READONLY | F_FILTER, 0, INT64_MAX, NULL, NULL, CHECK_NONE, "항목 id", "Row id"},
    {"rows",        FT_INT,  F_READONLY | F_SORT, 0, INT64_MAX, NULL, NULL, CHECK_NONE, "개인정보 건수", "Rows with personal data"},
    {"detail",      FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "조건", "Query"},
    {"address",     FT_TEXT, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "접속 주소", "Address"},
    {"viewings",    FT_INT,  F_READONLY | F_SORT, 0, INT64_MAX, NULL, NULL, CHECK_NONE, "열람 횟수", "Viewings"},
    {"last_at",     FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "마지막 열람", "Last viewed at"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field file_fields[] = {
    {"name",         FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 255, NULL, NULL, CHECK_NONE, "파일명", "File name"},
    {"content_type", FT_TEXT, F_READONLY | F_FILTER, 0, 100, NULL, NULL, CHECK_NONE, "형식", "Content type"},
    {"size",         FT_INT,  F_READONLY | F_SORT, 0, INT64_MAX, NULL, NULL, CHECK_NONE, "크기(바이트)", "Size (bytes)"},
    {"sha256",       FT_TEXT, F_READONLY | F_FILTER, 0, 64, NULL, NULL, CHECK_NONE, "SHA-256", "SHA-256"},
    {"org_id",       FT_REF,  F_FILTER | F_IMMUTABLE, 0, 0, NULL, "orgs", CHECK_NONE, "소속 기관", "Organisation"},
    {"uploaded_by",  FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "users", CHECK_NONE, "올린 사람", "Uploaded by"},
    {"visibility",   FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {"data",         FT_TEXT, F_HIDDEN, 0, 0, NULL, NULL, CHECK_NONE, "내용", "Content"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};
/* clang-format on */

const struct resource api_files_entry = {
    .name = "files", .table = "files", .label_ko = "파일", .label_en = "Files",
    .fields = file_fields, .title_field = "name", .owner_field = "org_id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "-id",
};

static const struct resource audit = {
    .name = "audit", .table = "audit", .label_ko = "감사 기록", .label_en = "Audit log",
    .fields = audit_fields, .title_field = "action",
    .flags = R_READONLY | R_OPERATOR_READ, .default_sort = "-id",
};

/* Who viewed or exported personal data (engine/access_log.c writes it): operators read it here.
 * A row counts `viewings` alike viewings between `at` and `last_at`, `rows` in all.
 * The log never changes, so it has no created_at, updated_at or version columns of its own;
 * the engine's implicit ones are derived from `at` (SQLite flattens the subquery, so filters and
 * sorting by id still use the table's indexes). */
static const struct resource access_log = {
    .name = "access-log",
    .table = "(SELECT id, at, actor_id, org_id, action, collection, row_id, rows, detail, "
             "address, viewings, last_at, at AS created_at, at AS updated_at, 1 AS version "
             "FROM access_log)",
    .label_ko = "개인정보 열람 기록", .label_en = "Personal data access log",
    .fields = access_fields, .title_field = "collection",
    .flags = R_READONLY | R_OPERATOR_READ, .default_sort = "-id",
};

static const char *const scopes[] = {"read", "read-write", NULL};

/* clang-format off */
static const struct field token_fields[] = {
    {"name",         FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 100, NULL, NULL, CHECK_NONE, "이름", "Name"},
    {"scope",        FT_ENUM, F_FILTER | F_IMMUTABLE, 0, 0, scopes, NULL, CHECK_NONE, "권한", "Scope"},
    {"expires_on",   FT_DATE, F_SORT | F_IMMUTABLE, 0, 0, NULL, NULL, CHECK_NONE, "만료일", "Expires on"},
    {"modules",      FT_LIST, F_IMMUTABLE, 0, 0, NULL, NULL, CHECK_NONE, "모듈 (비우면 전체)", "Modules (empty: all)"},
    {"revoked",      FT_BOOL, F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "폐기됨", "Revoked"},
    {"user_id",      FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "users", CHECK_NONE, "소유자", "Owner"},
    {"prefix",       FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "접두어", "Prefix"},
    {"last_used_at", FT_TEXT, F_READONLY | F_SORT, 0, 0, NULL, NULL, CHECK_NONE, "마지막 사용", "Last used"},
    {"token_hash",   FT_TEXT, F_HIDDEN, 0, 0, NULL, NULL, CHECK_NONE, "해시", "Hash"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};
/* clang-format on */

const struct resource api_tokens_entry = {
    .name = "api-tokens", .table = "api_tokens", .label_ko = "API 토큰", .label_en = "API tokens",
    .fields = token_fields, .title_field = "name", .user_field = "user_id",
    .flags = R_USER_WRITES, .default_sort = "-id",
};

/* The outbox seen from the app: a user's messages without a secret (notifications.c). */
/* clang-format off */
static const struct field notification_fields[] = {
    {"kind",     FT_TEXT, F_READONLY | F_FILTER, 0, 0, NULL, NULL, CHECK_NONE, "종류", "Kind"},
    {"subject",  FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "제목", "Subject"},
    {"body",     FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "내용", "Message"},
    {"link",     FT_TEXT, F_READONLY, 0, 0, NULL, NULL, CHECK_NONE, "링크", "Link"},
    {"read_at",  FT_TEXT, F_READONLY | F_SORT, 0, 0, NULL, NULL, CHECK_NONE, "읽은 때", "Read at"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};
/* clang-format on */

const struct resource api_notifications_entry = {
    .name = "notifications", .table = "outbox", .label_ko = "알림", .label_en = "Notifications",
    .fields = notification_fields, .title_field = "subject", .user_field = "user_id",
    .flags = R_READONLY | R_OWN_ROWS, .default_sort = "-id",
};

const struct resource *const api_platform_entries[] = {&audit, &access_log, &api_files_entry,
                                                       &api_tokens_entry, NULL};
