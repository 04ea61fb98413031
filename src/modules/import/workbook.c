/*
 * import (workbooks): the two XLSX files the import writes for people, through libxlsxwriter.
 *  - the template of a collection: one header row of the fields an import reads, labelled in
 *    the reader's language (required ones marked " *", which the import reads past), drop-down
 *    lists of the labels of enums and of 예/아니오, one example row in grey (skipped by an
 *    import when left as it is: import_drop_examples), widths, a frozen header;
 *  - the report of the rows an import refused: the file's own header and cells, the cells at
 *    fault in red with the reason as a comment, and a last column of every reason. The import
 *    ignores that column, so the report, fixed, is imported again as it is.
 */
#include "modules/import/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/limits.h"
#include "base/banned.h"

#define TEMPLATE_ROWS 20000 /* rows the drop-down lists cover, as many as an import reads */
#define LIST_LITERAL_MAX 250 /* Excel's bound on a literal list is 255 characters */

const char *import_error_header(bool english)
{
    return english ? "Errors (not imported)" : "오류 (가져오지 않음)";
}

/* Fields a template offers: what an import writes (not read-only, not hidden). */
static bool offered(const struct field *f)
{
    return !(f->flags & (F_READONLY | F_HIDDEN));
}

bool import_example(const struct field *f, bool english, char *out, size_t size)
{
    const char *label = (english ? f->label_en : f->label_ko) ? (english ? f->label_en : f->label_ko)
                                                               : f->name;
    switch (f->type) {
    case FT_TEXT:
        if (f->check == CHECK_EMAIL)
            snprintf(out, size, "hong@example.com");
        else if (f->check == CHECK_URL)
            snprintf(out, size, "https://example.com");
        else if (f->check == CHECK_PHONE)
            snprintf(out, size, "031-123-4567");
        else if (f->check == CHECK_BRN)
            snprintf(out, size, "123-45-67890");
        else
            snprintf(out, size, english ? "Example %s" : "예시 %s", label);
        return true;
    case FT_INT: {
        long long v = 10;
        if (f->max > f->min && (v < f->min || v > f->max))
            v = f->min;
        snprintf(out, size, "%lld", v);
        return true;
    }
    case FT_MONEY:
        snprintf(out, size, english ? "1,000,000" : "1,000,000원");
        return true;
    case FT_DECIMAL:
        snprintf(out, size, "12.5");
        return true;
    case FT_DURATION:
        snprintf(out, size, "90");
        return true;
    case FT_BOOL:
        snprintf(out, size, english ? "Yes" : "예");
        return true;
    case FT_ENUM:
    case FT_STATUS: {
        const struct enum_value *v = f->values;
        if (!v || !v->value)
            return false;
        const char *l = english ? v->label_en : v->label_ko;
        snprintf(out, size, "%s", l ? l : v->value);
        return true;
    }
    case FT_DATE:
        snprintf(out, size, "2026-01-05");
        return true;
    case FT_DATETIME:
        snprintf(out, size, "2026-01-05 14:00");
        return true;
    case FT_REF:
        if (strcmp(f->ref, "orgs") == 0)
            snprintf(out, size, english ? "Example organisation" : "예시 기관");
        else if (strcmp(f->ref, "people") == 0)
            snprintf(out, size, "hong@example.com");
        else
            snprintf(out, size, "1");
        return true;
    case FT_TAGS:
        snprintf(out, size, "ai, genomics");
        return true;
    case FT_LIST:
        snprintf(out, size, english ? "item 1, item 2" : "항목 1, 항목 2");
        return true;
    }
    return false;
}

/* How wide text shows in Excel's character widths: Hangul takes two. */
static double text_width(const char *s)
{
    double w = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        w += c < 0x80 ? 1 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    }
    return w;
}

static double column_width(double w)
{
    w += 3;
    return w < 10 ? 10 : w > 50 ? 50 : w;
}

/* Close wb (written to path) and append its bytes to out. */
static enum bp_err finish(lxw_workbook *wb, const char *path, struct buf *out)
{
    enum bp_err e = workbook_close(wb) == LXW_NO_ERROR ? buf_add_file(out, path) : BP_ERR_IO;
    unlink(path);
    return e;
}

static lxw_workbook *start(char *path)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        unlink(path);
    return wb;
}

/* The drop-down list of column col: the labels (or 예/아니오) in a literal list, or, past
 * Excel's bound for one, in a column of the hidden sheet "lists". */
static void drop_down(lxw_workbook *wb, lxw_worksheet **lists, lxw_worksheet *sheet,
                      lxw_col_t col, const struct field *f, bool english)
{
    char *items[64], pool[4096]; /* the library takes char *: copies of the labels */
    size_t n = 0, len = 0, used = 0;
    const char *yes_no[] = {english ? "Yes" : "예", english ? "No" : "아니오", NULL};
    const struct enum_value *vals = f->type == FT_BOOL ? NULL : f->values;
    for (size_t i = 0;; i++) {
        const struct enum_value *v = vals ? &vals[i] : NULL;
        const char *l = !vals      ? yes_no[i]
                        : !v->value ? NULL
                        : english   ? (v->label_en ? v->label_en : v->value)
                                    : (v->label_ko ? v->label_ko : v->value);
        size_t ll = l ? strlen(l) + 1 : 0;
        if (!l || n >= 63 || used + ll > sizeof(pool))
            break;
        memcpy(pool + used, l, ll);
        items[n++] = pool + used;
        used += ll;
        len += ll;
    }
    if (!n)
        return;
    items[n] = NULL;
    lxw_data_validation dv;
    memset(&dv, 0, sizeof(dv));
    dv.ignore_blank = LXW_VALIDATION_ON;
    dv.show_error = LXW_VALIDATION_ON;
    dv.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    dv.error_title = english ? "Choose from the list" : "목록에서 고르세요";
    dv.error_message = english ? "The value is not one of the list." : "목록에 없는 값입니다.";
    char formula[96];
    if (len <= LIST_LITERAL_MAX) {
        dv.validate = LXW_VALIDATION_TYPE_LIST;
        dv.value_list = items;
    } else {
        if (!*lists) {
            *lists = workbook_add_worksheet(wb, "lists");
            worksheet_hide(*lists);
        }
        for (size_t i = 0; i < n; i++)
            worksheet_write_string(*lists, (lxw_row_t)i, col, items[i], NULL);
        char colname[8];
        lxw_col_to_name(colname, col, true);
        snprintf(formula, sizeof(formula), "=lists!%s$1:%s$%zu", colname, colname, n);
        dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
        dv.value_formula = formula;
    }
    worksheet_data_validation_range(sheet, 1, col, TEMPLATE_ROWS, col, &dv);
}

enum bp_err import_template_xlsx(const struct resource *res, const struct principal *who,
                                 bool english, struct buf *out)
{
    (void)who; /* operators import, and see every field */
    char path[] = "/tmp/bpmc-template-XXXXXX";
    lxw_workbook *wb = start(path);
    if (!wb)
        return BP_ERR_IO;
    lxw_worksheet *sheet = workbook_add_worksheet(wb, res->name), *lists = NULL;
    lxw_format *head = workbook_add_format(wb), *req = workbook_add_format(wb);
    lxw_format *example = workbook_add_format(wb), *text = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xE8EEF4);
    format_set_bottom(head, LXW_BORDER_THIN);
    format_set_bold(req);
    format_set_bg_color(req, 0xFDEBD0);
    format_set_bottom(req, LXW_BORDER_THIN);
    format_set_italic(example);
    format_set_font_color(example, 0x808080);
    format_set_num_format(text, "@"); /* 사업자등록번호, phones: text, so no leading zero is lost */
    lxw_col_t col = 0;
    for (const struct field *f = res->fields; f->name; f++) {
        if (!offered(f))
            continue;
        const char *label = (english ? f->label_en : f->label_ko) ? (english ? f->label_en : f->label_ko)
                                                                   : f->name;
        char header[200], ex[200];
        snprintf(header, sizeof(header), "%s%s", label, (f->flags & F_REQUIRED) ? " *" : "");
        worksheet_write_string(sheet, 0, col, header, (f->flags & F_REQUIRED) ? req : head);
        double w = text_width(header);
        if (import_example(f, english, ex, sizeof(ex))) {
            worksheet_write_string(sheet, 1, col, ex, example);
            if (text_width(ex) > w)
                w = text_width(ex);
        }
        bool as_text = f->type == FT_TEXT && f->check != CHECK_NONE && f->check != CHECK_EMAIL &&
                       f->check != CHECK_URL;
        worksheet_set_column(sheet, col, col, column_width(w), as_text ? text : NULL);
        if (f->type == FT_ENUM || f->type == FT_STATUS || f->type == FT_BOOL)
            drop_down(wb, &lists, sheet, col, f, english);
        col++;
    }
    worksheet_freeze_panes(sheet, 1, 0);
    return finish(wb, path, out);
}

enum bp_err import_report_xlsx(const struct import_plan *plan, bool english, struct buf *out)
{
    char path[] = "/tmp/bpmc-report-XXXXXX";
    lxw_workbook *wb = start(path);
    if (!wb)
        return BP_ERR_IO;
    const struct import_table *t = &plan->table;
    size_t ncols = t->header.ncells;
    lxw_worksheet *sheet = workbook_add_worksheet(wb, english ? "refused" : "가져오지 못한 행");
    lxw_format *head = workbook_add_format(wb), *bad = workbook_add_format(wb);
    lxw_format *why = workbook_add_format(wb);
    format_set_bold(head);
    format_set_bg_color(head, 0xE8EEF4);
    format_set_bottom(head, LXW_BORDER_THIN);
    format_set_bg_color(bad, 0xF8D7DA);
    format_set_font_color(why, 0xA61B1B);
    format_set_text_wrap(why);
    double *width = calloc(ncols + 1, sizeof(*width));
    struct buf reasons;
    buf_init(&reasons, NULL, 1 << 20);
    if (!width) {
        buf_release(&reasons);
        (void)finish(wb, path, out);
        return BP_ERR_NOMEM;
    }
    for (size_t i = 0; i < ncols; i++) {
        worksheet_write_string(sheet, 0, (lxw_col_t)i, t->header.cells[i], head);
        width[i] = text_width(t->header.cells[i]);
    }
    worksheet_write_string(sheet, 0, (lxw_col_t)ncols, import_error_header(english), head);
    width[ncols] = 40;
    lxw_row_t r = 0;
    size_t next = 0;
    for (size_t k = 0; k < t->nrows; k++) {
        const struct import_plan_row *pr = &plan->rows[k];
        if (!pr->nerrors)
            continue;
        const struct import_row *row = &t->rows[k];
        r++;
        buf_reset(&reasons);
        (void)buf_addf(&reasons, english ? "line %lld" : "%lld행", pr->line);
        while (next < plan->nerrors && plan->errors[next].row < k)
            next++;
        size_t first = next;
        for (; next < plan->nerrors && plan->errors[next].row == k; next++) {
            const struct import_error *err = &plan->errors[next];
            const char *column = import_plan_column(plan, err->field);
            (void)buf_addf(&reasons, "\n%s%s%s", column ? column : "", column ? ": " : "",
                           english ? err->en : err->ko);
        }
        if (pr->nerrors > next - first)
            (void)buf_addf(&reasons, english ? "\n(%zu more)" : "\n(그 밖에 %zu건)",
                           pr->nerrors - (next - first));
        for (size_t i = 0; i < ncols; i++) {
            const char *cell = i < row->ncells ? row->cells[i] : "";
            bool at_fault = false;
            struct buf note;
            buf_init(&note, NULL, 4096);
            for (size_t j = first; j < next; j++) {
                const char *column = import_plan_column(plan, plan->errors[j].field);
                if (column && column == t->header.cells[i]) {
                    at_fault = true;
                    (void)buf_addf(&note, "%s%s", note.len ? "\n" : "",
                                   english ? plan->errors[j].en : plan->errors[j].ko);
                }
            }
            if (*cell || at_fault)
                worksheet_write_string(sheet, r, (lxw_col_t)i, cell, at_fault ? bad : NULL);
            if (at_fault && note.len)
                worksheet_write_comment(sheet, r, (lxw_col_t)i, note.data);
            buf_release(&note);
            double w = text_width(cell);
            if (w > width[i])
                width[i] = w;
        }
        if (!reasons.failed)
            worksheet_write_string(sheet, r, (lxw_col_t)ncols, reasons.data, why);
    }
    for (size_t i = 0; i <= ncols; i++)
        worksheet_set_column(sheet, (lxw_col_t)i, (lxw_col_t)i, column_width(width[i]), NULL);
    worksheet_freeze_panes(sheet, 1, 0);
    if (r)
        worksheet_autofilter(sheet, 0, 0, r, (lxw_col_t)ncols);
    free(width);
    buf_release(&reasons);
    return finish(wb, path, out);
}
