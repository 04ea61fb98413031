/*
 * import's record: import-runs, one row for each import that wrote (the API's commit and the
 * command line's), written by import_plan_apply in the import's own transaction: who, when,
 * which collection, and the rows created, updated, left unchanged and refused. Operators read
 * it (their home's "recent imports"); no one writes it through the API.
 */
#include "modules/import/plan.h"

#include "engine/resource.h"
#include "base/banned.h"

/* clang-format off */
static const struct field run_fields[] = {
    TEXT("collection", F_READONLY | F_FILTER | F_SORT, 1, 64, "컬렉션", "Collection"),
    REF("actor_id",    "users", F_READONLY | F_FILTER, "가져온 사람", "Imported by"),
    INT("rows_total",  F_READONLY, 0, 1000000000, "행 수", "Rows"),
    INT("created",     F_READONLY, 0, 1000000000, "만든 행", "Created"),
    INT("updated",     F_READONLY, 0, 1000000000, "바꾼 행", "Updated"),
    INT("unchanged",   F_READONLY, 0, 1000000000, "그대로인 행", "Unchanged"),
    INT("failed",      F_READONLY | F_FILTER, 0, 1000000000, "가져오지 못한 행", "Refused"),
    END_FIELDS,
};
/* clang-format on */

static const struct resource import_runs = {
    .name = "import-runs", .table = "import_runs", .label_ko = "가져오기 기록",
    .label_en = "Imports", .fields = run_fields, .title_field = "collection",
    .flags = R_OPERATOR_READ | R_READONLY | R_NOT_INDEXED, .default_sort = "-id",
};

const struct resource *const import_entries[] = {&import_runs, NULL};
