/*
 * platform_entries: the resource entries of the platform itself: the audit log and the log of
 * who viewed personal data (read-only, for operators), file attachments (upload and download
 * in files.c) and API tokens (creation and Bearer authentication in tokens.c).
 */
#include "modules/platform/platform.h"

#include <stdint.h>

#include "engine/resource.h"
#include "base/banned.h"

/* clang-format off */
static const struct field audit_fields[] = {
    REF("actor_id",    "users", F_READONLY | F_FILTER, "행위자", "Actor"),
    TEXT("action",     F_READONLY | F_FILTER, 0, 0, "동작", "Action"),
    TEXT("collection", F_READONLY | F_FILTER, 0, 0, "컬렉션", "Collection"),
    INT("row_id",      F_READONLY | F_FILTER, 0, INT64_MAX, "항목 id", "Row id"),
    TEXT("before",     F_READONLY, 0, 0, "변경 전", "Before"),
    TEXT("after",      F_READONLY, 0, 0, "변경 후", "After"),
    END_FIELDS,
};

static const struct enum_value access_actions[] = {
    {"list",   "목록 조회", "Listed"},
    {"read",   "열람",      "Viewed"},
    {"export", "내보내기",  "Exported"},
    {"search", "검색",      "Searched"},
    END_VALUES,
};

static const struct field access_fields[] = {
    TEXT("at",         F_READONLY | F_SORT, 0, 0, "시각", "At"),
    REF("actor_id",    "users", F_READONLY | F_FILTER, "열람자", "Viewer"),
    REF("org_id",      "orgs", F_READONLY | F_FILTER, "열람자 기관", "Viewer's organisation"),
    ENUM("action",     access_actions, F_READONLY | F_FILTER, "동작", "Action"),
    TEXT("collection", F_READONLY | F_FILTER, 0, 0, "컬렉션", "Collection"),
    INT("row_id",      F_READONLY | F_FILTER, 0, INT64_MAX, "항목 id", "Row id"),
    INT("rows",        F_READONLY | F_SORT, 0, INT64_MAX, "개인정보 건수", "Rows with personal data"),
    TEXT("detail",     F_READONLY, 0, 0, "조건", "Query"),
    TEXT("address",    F_READONLY | F_FILTER, 0, 0, "접속 주소", "Address"),
    INT("viewings",    F_READONLY | F_SORT, 0, INT64_MAX, "열람 횟수", "Viewings"),
    TEXT("last_at",    F_READONLY, 0, 0, "마지막 열람", "Last viewed at"),
    END_FIELDS,
};

static const struct field file_fields[] = {
    TEXT("name",         F_REQUIRED | F_SORT | F_SEARCH, 1, 255, "파일명", "File name"),
    TEXT("content_type", F_READONLY | F_FILTER, 0, 100, "형식", "Content type"),
    INT("size",          F_READONLY | F_SORT, 0, INT64_MAX, "크기(바이트)", "Size (bytes)"),
    TEXT("sha256",       F_READONLY | F_FILTER, 0, 64, "SHA-256", "SHA-256"),
    REF("org_id",        "orgs", F_FILTER | F_IMMUTABLE, "소속 기관", "Organisation"),
    REF("uploaded_by",   "users", F_READONLY | F_FILTER, "올린 사람", "Uploaded by"),
    ENUM("visibility",   resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    TEXT("data",         F_HIDDEN, 0, 0, "내용", "Content"),
    END_FIELDS,
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

/* clang-format off */
static const struct enum_value scopes[] = {
    {"read",       "읽기 전용", "Read only"},
    {"read-write", "읽기·쓰기", "Read and write"},
    END_VALUES,
};
/* clang-format on */

/* clang-format off */
static const struct field token_fields[] = {
    TEXT("name",         F_REQUIRED | F_SORT | F_SEARCH, 1, 100, "이름", "Name"),
    ENUM("scope",        scopes, F_FILTER | F_IMMUTABLE, "권한", "Scope"),
    DATE("expires_on",   F_SORT | F_IMMUTABLE, "만료일", "Expires on"),
    LIST("modules",      F_IMMUTABLE, "모듈 (비우면 전체)", "Modules (empty: all)"),
    BOOL("revoked",      F_FILTER, "폐기됨", "Revoked"),
    REF("user_id",       "users", F_READONLY | F_FILTER, "소유자", "Owner"),
    TEXT("prefix",       F_READONLY, 0, 0, "접두어", "Prefix"),
    TEXT("last_used_at", F_READONLY | F_SORT, 0, 0, "마지막 사용", "Last used"),
    TEXT("token_hash",   F_HIDDEN, 0, 0, "해시", "Hash"),
    END_FIELDS,
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
    TEXT("kind",    F_READONLY | F_FILTER, 0, 0, "종류", "Kind"),
    TEXT("subject", F_READONLY, 0, 0, "제목", "Subject"),
    TEXT("body",    F_READONLY, 0, 0, "내용", "Message"),
    TEXT("link",    F_READONLY, 0, 0, "링크", "Link"),
    TEXT("read_at", F_READONLY | F_SORT, 0, 0, "읽은 때", "Read at"),
    END_FIELDS,
};
/* clang-format on */

const struct resource api_notifications_entry = {
    .name = "notifications", .table = "outbox", .label_ko = "알림", .label_en = "Notifications",
    .fields = notification_fields, .title_field = "subject", .user_field = "user_id",
    .flags = R_READONLY | R_OWN_ROWS, .default_sort = "-id",
};

const struct resource *const api_platform_entries[] = {&audit, &access_log, &api_files_entry,
                                                       &api_tokens_entry, NULL};
