/*
 * export: a list as the files people open: CSV with a UTF-8 byte-order mark (so Excel shows
 * Korean) and XLSX through libxlsxwriter. Columns are the row's fields in declaration order,
 * the header names them; arrays are joined with ", ". Cells that would start an Excel formula
 * are quoted (buf_add_csv_cell). Numbers, money (won) and decimals are number cells in XLSX;
 * date-times are shown as Asia/Seoul's wall clock, "2026-12-07 14:00:00" (the API answers them
 * in UTC; an import reads this form back as the same instant).
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len),
                              void *ctx, struct problem *p);

#define EXPORT_MAX_COLS (LIMIT_ENTRY_FIELDS + 3) /* id, every field, created_at, updated_at */

struct export_ctx {
    const struct resource *res;
    const char *cols[EXPORT_MAX_COLS];
    const struct field *col_fields[EXPORT_MAX_COLS]; /* NULL for id, created_at, updated_at */
    size_t ncols;
    struct buf *out;        /* CSV */
    lxw_worksheet *sheet;   /* XLSX */
    lxw_row_t row;
    struct buf cell;
};

/* The text of one JSON value of field f (NULL: an implicit column) as a cell. */
static void cell_text(const struct field *f, json_t *v, struct buf *cell)
{
    char seoul[32];
    buf_reset(cell);
    if (f && f->type == FT_DATETIME && json_is_string(v) &&
        datetime_seoul(json_string_value(v), json_string_length(v), seoul, sizeof(seoul))) {
        (void)buf_adds(cell, seoul);
    } else if (json_is_real(v)) {
        (void)buf_addf(cell, "%.15g", json_real_value(v));
    } else if (json_is_string(v)) {
        (void)buf_add(cell, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        (void)buf_addf(cell, "%lld", (long long)json_integer_value(v));
    } else if (json_is_boolean(v)) {
        (void)buf_adds(cell, json_is_true(v) ? "true" : "false");
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                (void)buf_adds(cell, ", ");
            if (json_is_string(item))
                (void)buf_add(cell, json_string_value(item), json_string_length(item));
        }
    } else if (json_is_object(v)) {
        char *s = json_dumps(v, JSON_COMPACT);
        if (s)
            (void)buf_adds(cell, s);
        free(s);
    }
}

static enum bp_err export_row(void *vctx, const char *json, size_t len)
{
    struct export_ctx *c = vctx;
    json_t *j = json_loadb(json, len, 0, NULL);
    if (!j)
        return BP_ERR_DB;
    c->row++;
    for (size_t i = 0; i < c->ncols; i++) {
        cell_text(c->col_fields[i], json_object_get(j, c->cols[i]), &c->cell);
        if (c->out) {
            if (i)
                (void)buf_addch(c->out, ',');
            (void)buf_add_csv_cell(c->out, c->cell.data, c->cell.len);
        } else {
            json_t *v = json_object_get(j, c->cols[i]);
            if (json_is_integer(v))
                worksheet_write_number(c->sheet, c->row, (lxw_col_t)i, (double)json_integer_value(v), NULL);
            else if (json_is_real(v))
                worksheet_write_number(c->sheet, c->row, (lxw_col_t)i, json_real_value(v), NULL);
            else if (c->cell.len)
                worksheet_write_string(c->sheet, c->row, (lxw_col_t)i, c->cell.data, NULL);
        }
    }
    if (c->out)
        (void)buf_adds(c->out, "\r\n");
    json_decref(j);
    return c->out && c->out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

static void export_columns(struct export_ctx *c, const struct principal *who)
{
    c->cols[c->ncols++] = "id";
    for (const struct field *f = c->res->fields; f->name && c->ncols < EXPORT_MAX_COLS - 2; f++)
        if (field_visible(f, who)) {
            c->col_fields[c->ncols] = f;
            c->cols[c->ncols++] = f->name;
        }
    c->cols[c->ncols++] = "created_at";
    c->cols[c->ncols++] = "updated_at";
}

static enum bp_err export_xlsx(struct db *db, struct export_ctx *c, const struct list_query *q,
                               const struct principal *who, struct arena *arena, struct buf *out,
                               struct problem *p)
{
    char path[] = "/tmp/bpmc-export-XXXXXX";
    int fd = mkstemp(path);
    enum bp_err e = BP_ERR_IO;
    if (fd < 0)
        return BP_ERR_IO;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        goto out_unlink;
    c->sheet = workbook_add_worksheet(wb, c->res->name);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (size_t i = 0; i < c->ncols; i++)
        worksheet_write_string(c->sheet, 0, (lxw_col_t)i, c->cols[i], bold);
    e = resource_each_row(db, c->res, q, who, arena, export_row, c, p);
    if (workbook_close(wb) != LXW_NO_ERROR && !e)
        e = BP_ERR_IO;
    if (e)
        goto out_unlink;
    FILE *f = fopen(path, "rb");
    if (!f) {
        e = BP_ERR_IO;
        goto out_unlink;
    }
    char chunk[65536];
    size_t n;
    while (!e && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        e = buf_add(out, chunk, n);
    fclose(f);
out_unlink:
    unlink(path);
    return e;
}

enum bp_err resource_export(struct db *db, const struct resource *r, const struct list_query *q,
                            const struct principal *who, struct buf *out, struct problem *p)
{
    struct export_ctx c = {.res = r};
    struct arena arena;
    arena_init(&arena, LIMIT_ARENA_BYTES);
    buf_init(&c.cell, NULL, LIMIT_TEXT_MAX * 4 + 1024);
    export_columns(&c, who);
    enum bp_err e;
    if (q->format == EXPORT_XLSX) {
        e = export_xlsx(db, &c, q, who, &arena, out, p);
    } else {
        c.out = out;
        (void)buf_adds(out, "\xEF\xBB\xBF");
        for (size_t i = 0; i < c.ncols; i++)
            (void)buf_addf(out, "%s%s", i ? "," : "", c.cols[i]);
        (void)buf_adds(out, "\r\n");
        e = resource_each_row(db, r, q, who, &arena, export_row, &c, p);
    }
    buf_release(&c.cell);
    arena_release(&arena);
    return e;
}
