/*
 * fuzz_import: libFuzzer target for the spreadsheet parsers (domain/import.c, domain/xlsx.c).
 * The bytes are read as CSV or XLSX (a zip package is XLSX), then every data row is turned into
 * a JSON body for an entry with a field of every type and validated by the engine. Besides
 * crashes, leaks and undefined behaviour it checks what the rest relies on: every cell is valid
 * UTF-8 within its bound, rows keep their order of lines, and a body built from a row always
 * parses as JSON (the engine never sees BP_ERR_MALFORMED).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "engine/resource.h"
#include "base/validate.h"
#include "modules/import/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* clang-format off */
static const struct enum_value kinds[] = {
    {"company", "기업", "Company"}, {"hospital", "병원", "Hospital"}, END_VALUES,
};
static const struct enum_value states[] = {
    {"active", "운영 중", "Active"}, {"paused", "일시 중지", "Paused"}, END_VALUES,
};

static const struct field fields[] = {
    TEXT("name",     F_REQUIRED, 1, 200, "기관명", "Name"),
    BRN("brn",       0, "사업자등록번호", "Business registration number"),
    EMAIL("email",   0, "이메일", "E-mail"),
    PHONE("phone",   0, "전화번호", "Phone"),
    INT("count",     0, 0, 1000000, "수", "Count"),
    BOOL("flag",     0, "여부", "Flag"),
    ENUM("kind",     kinds, 0, "유형", "Kind"),
    DATE("day",      0, "날짜", "Day"),
    REF("org_id",    "orgs", 0, "기관", "Organisation"),
    TAGS("fields",   0, "분야", "Fields"),
    LIST("words",    0, "낱말", "Words"),
    STATUS("status", states, 0, "상태", "Status"),
    DATETIME("at",   0, "일시", "At"),
    MONEY("won",     0, 1000000000000LL, "금액", "Amount"),
    DECIMAL("rate", 2, 0, 0, 10000, "비율", "Rate"),
    DURATION("mins", 0, 1440, "소요 시간", "Duration"),
    END_FIELDS,
};
/* clang-format on */

static const struct resource entry = {
    .name = "fuzz", .table = "fuzz", .label_ko = "퍼즈", .label_en = "Fuzz", .fields = fields,
    .title_field = "name", .default_sort = "id",
};

static void check_row(const struct import_row *row)
{
    for (size_t i = 0; i < row->ncells; i++) {
        size_t n = strlen(row->cells[i]);
        if (n > LIMIT_IMPORT_CELL_BYTES || !valid_utf8(row->cells[i], n) || i >= LIMIT_IMPORT_COLUMNS)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct import_table t;
    struct problem p;
    import_table_init(&t);
    problem_init(&p);
    if (import_parse(data, size, IMPORT_AUTO, IMPORT_ENC_AUTO, &t, &p) == BP_OK) {
        struct import_column cols[LIMIT_IMPORT_COLUMNS];
        check_row(&t.header);
        import_map_columns(&entry, &t.header, cols);
        struct buf body;
        buf_init(&body, NULL, 1 << 24);
        for (size_t k = 0; k < t.nrows; k++) {
            const struct import_row *row = &t.rows[k];
            check_row(row);
            if (row->line < (k ? t.rows[k - 1].line : t.header.line) && t.format == IMPORT_CSV)
                abort();
            long long id;
            struct problem rp;
            struct write_op op;
            problem_init(&rp);
            memset(&op, 0, sizeof(op));
            buf_reset(&body);
            if (import_row_body(cols, t.header.ncells, row, NULL, &body, &id, &rp) != BP_OK)
                continue;
            if (resource_validate(&entry, k % 2 ? WRITE_UPDATE : WRITE_CREATE, body.data, body.len,
                                  &op, &rp) == BP_ERR_MALFORMED)
                abort();
            write_op_free(&op);
        }
        buf_release(&body);
    }
    import_table_release(&t);
    return 0;
}
