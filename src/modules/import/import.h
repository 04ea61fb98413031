/*
 * import: spreadsheets people keep today (CSV as Korean Excel saves it, in UTF-8 or CP949, and
 * XLSX) read into rows of text, and each row turned into the JSON body an operator would send,
 * so that the resource engine validates an imported row exactly as it validates a form.
 *
 * Three pure steps, each a function of its input (fuzzed by tests/fuzz/fuzz_import.c):
 *  - import_parse: bytes -> a header row and data rows of cells (CSV per RFC 4180: quotes,
 *    doubled quotes, CRLF or LF, line breaks inside quotes, a byte-order mark; the encoding is
 *    UTF-8 when the bytes are valid UTF-8, else CP949 converted with iconv), bounded by the
 *    LIMIT_IMPORT_* constants;
 *  - import_map_columns: header cells -> the entry's fields (the field's name, its Korean or
 *    its English label, spaces, case and a trailing "(...)" or "*" aside; "id" names rows to
 *    update);
 *  - import_row_body: a row's cells -> JSON, each value converted by its field's type (yes/no
 *    words, lists split on commas, dates as Excel and Korean users write them, references by
 *    id or through a resolver the caller gives: names, 사업자등록번호, e-mails).
 * Finding which rows already exist, and writing, is the caller's (api/import_plan.c).
 */
#ifndef BP_IMPORT_H
#define BP_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/problem.h"
#include "engine/resource.h"

enum import_format { IMPORT_AUTO, IMPORT_CSV, IMPORT_XLSX };
enum import_encoding { IMPORT_ENC_AUTO, IMPORT_ENC_UTF8, IMPORT_ENC_CP949 };

struct import_row {
    long long line;     /* the line (CSV) or row number (XLSX) a person sees in the file */
    size_t ncells;      /* up to the last non-empty cell */
    const char **cells; /* NUL-terminated UTF-8, "" when empty; in the table's arena */
};

/* A parsed file: one header row and the data rows under it (empty rows left out). */
struct import_table {
    struct arena arena; /* every cell */
    enum import_format format;
    enum import_encoding encoding; /* of a CSV file; UTF-8 for XLSX */
    char delimiter;                /* of a CSV file: ',' (or ';' or a tab when the header says) */
    struct import_row header;      /* ncells 0: the file had no rows at all */
    struct import_row *rows;       /* malloc'd */
    size_t nrows, alloc;
};

void import_table_init(struct import_table *t);
void import_table_release(struct import_table *t);

/* Parse bytes into t (initialised by the caller). format IMPORT_AUTO (or IMPORT_CSV) reads a
 * zip package as XLSX and anything else as CSV; IMPORT_XLSX insists. encoding IMPORT_ENC_AUTO
 * detects UTF-8 or CP949. Errors in p, in Korean and English: BP_ERR_MEDIA_TYPE (not a
 * spreadsheet: binary bytes, an old .xls, UTF-16 text), BP_ERR_TOO_LARGE (more bytes than
 * LIMIT_IMPORT_BYTES), BP_ERR_INVALID (a quote left open, neither UTF-8 nor CP949, a damaged
 * XLSX, no header row, or past another LIMIT_IMPORT_* bound: rows, columns, a cell, a part of
 * the package: the detail says which, so a person can split the file), BP_ERR_NOMEM. */
BP_MUST_USE enum bp_err import_parse(const void *bytes, size_t len, enum import_format format,
                                    enum import_encoding encoding, struct import_table *t,
                                    struct problem *p);

enum import_column_kind {
    IMPORT_COL_FIELD,     /* a field of the entry */
    IMPORT_COL_ID,        /* "id": the row to update */
    IMPORT_COL_UNKNOWN,   /* no field has this name or label: ignored */
    IMPORT_COL_READONLY,  /* a field set by the server (created_at, ...): ignored */
    IMPORT_COL_DUPLICATE, /* a second column for a field already given: ignored */
    IMPORT_COL_BLANK,     /* no header text: ignored */
};

struct import_column {
    const char *header;
    enum import_column_kind kind;
    const struct field *field; /* IMPORT_COL_FIELD */
};

/* Map each of header's cells to r's fields into cols (header->ncells entries). */
void import_map_columns(const struct resource *r, const struct import_row *header,
                        struct import_column *cols);
/* Why a column is ignored, as a word for answers ("unknown", "read-only", "duplicate",
 * "blank"), or NULL when it is not. */
const char *import_column_reason(enum import_column_kind kind);

/* Lookups that turn a cell naming a row into its id; the caller's (they read the database). */
struct import_resolver {
    void *ctx;
    /* The id of the row of collection f->ref that text names (not an id: a name, a
     * 사업자등록번호, an e-mail). false with the reason in ko and en (160 bytes each). */
    bool (*ref)(void *ctx, const struct field *f, const char *text, size_t len, long long *id,
                char *ko, char *en);
    /* The slug of the tag that text names (its slug, Korean or English name), or NULL to keep
     * text as it is (the engine then names it as unknown). */
    const char *(*tag)(void *ctx, const char *text, size_t len);
};

enum import_value { IMPORT_VALUE_OK, IMPORT_VALUE_EMPTY, IMPORT_VALUE_BAD };

/* Append cell, converted for field f, as a JSON value to out: IMPORT_VALUE_EMPTY (nothing
 * appended) for a blank cell, IMPORT_VALUE_BAD with the reason in ko and en (160 bytes each).
 * rs may be NULL (references then only by id). */
enum import_value import_value(const struct field *f, const char *cell,
                               const struct import_resolver *rs, struct buf *out, char *ko,
                               char *en);

/* The JSON object of row's non-empty cells in the mapped columns (cols from
 * import_map_columns, ncols of them) into out. A cell that does not convert is named in p
 * (BP_ERR_INVALID, by field) and left out. *id gets the "id" column's value (0: none; a bad
 * one is named "id" in p). BP_ERR_NOMEM or BP_ERR_TOO_LARGE when out cannot hold it. */
BP_MUST_USE enum bp_err import_row_body(const struct import_column *cols, size_t ncols,
                                       const struct import_row *row,
                                       const struct import_resolver *rs, struct buf *out,
                                       long long *id, struct problem *p);

/* Whether bytes are valid UTF-8 (NUL refused), and the CP949 bytes converted to UTF-8
 * (malloc'd, NUL-terminated: the caller frees) or NULL when they are not CP949 (*bad_at gets
 * the offset of the first bad byte) or memory is out. */
bool import_is_utf8(const void *bytes, size_t len);
char *import_cp949_to_utf8(const void *bytes, size_t len, size_t *out_len, size_t *bad_at);

#endif
