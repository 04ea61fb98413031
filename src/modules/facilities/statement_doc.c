/*
 * statement_doc: one monthly statement read into a model (its organisation, month, status,
 * lines and totals) and written as CSV (UTF-8 with a BOM, so Excel reads the Korean headers)
 * and XLSX (numbers as numbers, won with a thousands separator; the 합계 row's cells are
 * formulas over the lines with their values cached). The totals printed are the statement's,
 * which the database keeps equal to the sums of the lines.
 */
#include "modules/facilities/statements.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/validate.h"
#include "engine/docfile.h"
#include "base/banned.h"

static const char sql_head[] =
    "SELECT s.id,s.org_id,o.name,s.month,coalesce(s.title,''),s.status,s.total_fee,s.voucher_part,"
    "s.company_part FROM statements s JOIN orgs o ON o.id=s.org_id WHERE s.id=?1";
static const char sql_lines[] =
    "SELECT l.id,coalesce(l.booking_id,0),coalesce(l.description,''),coalesce(l.starts_at,''),"
    "coalesce(l.ends_at,''),l.minutes,coalesce(l.fee_class,''),coalesce(l.hourly_rate,-1),l.fee,"
    "l.voucher_part,l.company_part,coalesce(l.original_fee,-1),coalesce(l.adjust_reason,''),"
    "coalesce(l.fee_basis,'') "
    "FROM statement_lines l WHERE l.statement_id=?1 ORDER BY l.starts_at IS NULL,l.starts_at,l.id";

static const char *status_ko(const char *s)
{
    return strcmp(s, "draft") == 0 ? "작성 중" : strcmp(s, "issued") == 0 ? "발행" : "납부 완료";
}

static const char *class_ko(const char *s)
{
    return strcmp(s, "tenant") == 0   ? "입주기업"
           : strcmp(s, "member") == 0 ? "클러스터 협력기관"
           : strcmp(s, "external") == 0 ? "외부 기관"
                                        : "";
}

static const char *basis_ko(const char *s)
{
    return strcmp(s, "used") == 0 ? "이용 시간" : strcmp(s, "booked") == 0 ? "예약 시간" : "";
}

static char *dup_seoul(const char *utc)
{
    char s[32] = "";
    if (*utc && !datetime_seoul(utc, strlen(utc), s, sizeof(s)))
        s[0] = '\0';
    s[16] = '\0'; /* YYYY-MM-DD HH:MM */
    return strdup(s);
}

enum bp_err statement_doc_load(struct db *db, long long id, struct statement_doc *d)
{
    struct db_stmt *st;
    memset(d, 0, sizeof(*d));
    enum bp_err e = db_prepare(db, sql_head, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        d->id = db_column_int(st, 0);
        d->org_id = db_column_int(st, 1);
        snprintf(d->org_name, sizeof(d->org_name), "%s", db_column_text(st, 2, NULL));
        snprintf(d->month, sizeof(d->month), "%s", db_column_text(st, 3, NULL));
        snprintf(d->title, sizeof(d->title), "%s", db_column_text(st, 4, NULL));
        snprintf(d->status, sizeof(d->status), "%s", status_ko(db_column_text(st, 5, NULL)));
        d->total_fee = db_column_int(st, 6);
        d->voucher_part = db_column_int(st, 7);
        d->company_part = db_column_int(st, 8);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (s != DB_ROW)
        return BP_ERR_NOT_FOUND;
    if ((e = db_prepare(db, sql_lines, &st)))
        return e;
    db_bind_int(st, 1, id);
    size_t cap = 0;
    while ((s = db_step(st)) == DB_ROW) {
        if (d->n == cap) {
            size_t grow = cap ? cap * 2 : 32;
            struct statement_line *x = realloc(d->lines, grow * sizeof(*x));
            if (!x) {
                e = BP_ERR_NOMEM;
                break;
            }
            d->lines = x;
            cap = grow;
        }
        struct statement_line *l = &d->lines[d->n++];
        l->id = db_column_int(st, 0);
        l->booking_id = db_column_int(st, 1);
        l->resource = strdup(db_column_text(st, 2, NULL));
        l->starts = dup_seoul(db_column_text(st, 3, NULL));
        l->ends = dup_seoul(db_column_text(st, 4, NULL));
        l->minutes = db_column_int(st, 5);
        l->fee_class = strdup(class_ko(db_column_text(st, 6, NULL)));
        l->hourly_rate = db_column_int(st, 7);
        l->fee = db_column_int(st, 8);
        l->voucher_part = db_column_int(st, 9);
        l->company_part = db_column_int(st, 10);
        l->original_fee = db_column_int(st, 11);
        l->reason = strdup(db_column_text(st, 12, NULL));
        l->basis = basis_ko(db_column_text(st, 13, NULL));
        if (!l->resource || !l->starts || !l->ends || !l->fee_class || !l->reason) {
            e = BP_ERR_NOMEM;
            break;
        }
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    return e;
}

void statement_doc_release(struct statement_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->lines[i].resource);
        free(d->lines[i].starts);
        free(d->lines[i].ends);
        free(d->lines[i].fee_class);
        free(d->lines[i].reason);
    }
    free(d->lines);
    d->lines = NULL;
    d->n = 0;
}

/* --- CSV --- */

static const char *const headers[] = {
    "예약 번호", "장비·공간(내역)", "시작", "종료", "이용 시간(분)", "요금 구분",
    "시간당 요금(원)", "이용료(원)", "바우처 부담(원)", "기업 부담(원)", "조정 전 이용료(원)",
    "조정 사유", "청구 기준",
};
#define NCOLS (sizeof(headers) / sizeof(headers[0]))

static void csv_cell(struct buf *out, const char *s, bool last)
{
    (void)buf_add_csv_cell(out, s, strlen(s));
    (void)buf_adds(out, last ? "\r\n" : ",");
}

static void csv_num(struct buf *out, long long v, bool last)
{
    if (v >= 0)
        (void)buf_addf(out, "%lld", v);
    (void)buf_adds(out, last ? "\r\n" : ",");
}

enum bp_err statement_csv(const struct statement_doc *d, struct buf *out)
{
    (void)buf_adds(out, "\xEF\xBB\xBF");
    for (size_t i = 0; i < NCOLS; i++)
        csv_cell(out, headers[i], i + 1 == NCOLS);
    for (size_t i = 0; i < d->n; i++) {
        const struct statement_line *l = &d->lines[i];
        csv_num(out, l->booking_id ? l->booking_id : -1, false);
        csv_cell(out, l->resource, false);
        csv_cell(out, l->starts, false);
        csv_cell(out, l->ends, false);
        csv_num(out, l->minutes, false);
        csv_cell(out, l->fee_class, false);
        csv_num(out, l->hourly_rate, false);
        csv_num(out, l->fee, false);
        csv_num(out, l->voucher_part, false);
        csv_num(out, l->company_part, false);
        csv_num(out, l->original_fee, false);
        csv_cell(out, l->reason, false);
        csv_cell(out, l->basis, true);
    }
    csv_cell(out, "합계", false);
    for (size_t i = 1; i < 7; i++)
        csv_cell(out, "", false);
    csv_num(out, d->total_fee, false);
    csv_num(out, d->voucher_part, false);
    csv_num(out, d->company_part, false);
    csv_cell(out, "", false);
    csv_cell(out, "", false);
    csv_cell(out, "", true);
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

/* --- XLSX --- */

static enum bp_err write_book(const void *doc, const char *path)
{
    const struct statement_doc *d = doc;
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return BP_ERR_IO;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "정산서");
    lxw_format *title = workbook_add_format(wb), *th = workbook_add_format(wb),
               *won = workbook_add_format(wb), *won_bold = workbook_add_format(wb),
               *num = workbook_add_format(wb), *bold = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    format_set_bold(th);
    format_set_bg_color(th, 0xE8E8E8);
    format_set_border(th, LXW_BORDER_THIN);
    format_set_text_wrap(th);
    format_set_num_format(won, "#,##0");
    format_set_num_format(won_bold, "#,##0");
    format_set_bold(won_bold);
    format_set_num_format(num, "0");
    format_set_bold(bold);
    char line[900];
    snprintf(line, sizeof(line), "%s", d->title[0] ? d->title : "장비·공간 이용료 정산서");
    worksheet_write_string(ws, 0, 0, line, title);
    snprintf(line, sizeof(line), "기관: %s   정산 월: %s   상태: %s   정산서 번호: %lld", d->org_name,
             d->month, d->status, d->id);
    worksheet_write_string(ws, 1, 0, line, NULL);
    lxw_row_t head = 3, first = 4;
    for (size_t i = 0; i < NCOLS; i++)
        worksheet_write_string(ws, head, (lxw_col_t)i, headers[i], th);
    for (size_t i = 0; i < d->n; i++) {
        const struct statement_line *l = &d->lines[i];
        lxw_row_t r = (lxw_row_t)(first + i);
        if (l->booking_id)
            worksheet_write_number(ws, r, 0, (double)l->booking_id, num);
        worksheet_write_string(ws, r, 1, l->resource, NULL);
        worksheet_write_string(ws, r, 2, l->starts, NULL);
        worksheet_write_string(ws, r, 3, l->ends, NULL);
        worksheet_write_number(ws, r, 4, (double)l->minutes, num);
        worksheet_write_string(ws, r, 5, l->fee_class, NULL);
        if (l->hourly_rate >= 0)
            worksheet_write_number(ws, r, 6, (double)l->hourly_rate, won);
        worksheet_write_number(ws, r, 7, (double)l->fee, won);
        worksheet_write_number(ws, r, 8, (double)l->voucher_part, won);
        worksheet_write_number(ws, r, 9, (double)l->company_part, won);
        if (l->original_fee >= 0)
            worksheet_write_number(ws, r, 10, (double)l->original_fee, won);
        if (l->reason[0])
            worksheet_write_string(ws, r, 11, l->reason, NULL);
        if (l->basis[0])
            worksheet_write_string(ws, r, 12, l->basis, NULL);
    }
    lxw_row_t total = (lxw_row_t)(first + d->n);
    worksheet_write_string(ws, total, 1, "합계", bold);
    const long long sums[] = {d->total_fee, d->voucher_part, d->company_part};
    for (int k = 0; k < 3; k++) {
        char f[64], col = (char)('H' + k);
        if (d->n)
            snprintf(f, sizeof(f), "=SUM(%c%u:%c%u)", col, (unsigned)first + 1, col, (unsigned)total);
        else
            snprintf(f, sizeof(f), "=0");
        worksheet_write_formula_num(ws, total, (lxw_col_t)(7 + k), f, won_bold, (double)sums[k]);
    }
    worksheet_set_column(ws, 0, 0, 10, NULL);
    worksheet_set_column(ws, 1, 1, 30, NULL);
    worksheet_set_column(ws, 2, 3, 17, NULL);
    worksheet_set_column(ws, 4, 5, 13, NULL);
    worksheet_set_column(ws, 6, 10, 15, NULL);
    worksheet_set_column(ws, 11, 11, 30, NULL);
    worksheet_set_column(ws, 12, 12, 12, NULL);
    worksheet_freeze_panes(ws, first, 0);
    return workbook_close(wb) == LXW_NO_ERROR ? BP_OK : BP_ERR_IO;
}

enum bp_err statement_xlsx(const struct statement_doc *d, struct buf *out)
{
    return docfile_render(write_book, d, "statement", out);
}

/* --- the formats --- */

static const struct {
    const char *name, *type, *extension;
    enum bp_err (*render)(const struct statement_doc *, struct buf *);
} formats[] = {
    {"csv", "text/csv; charset=utf-8", "csv", statement_csv},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", statement_xlsx},
    {"pdf", "application/pdf", "pdf", statement_pdf},
};

int statement_format(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
        if (strlen(formats[i].name) == len && memcmp(formats[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

const char *statement_format_type(int format) { return formats[format].type; }
const char *statement_format_extension(int format) { return formats[format].extension; }

enum bp_err statement_render(struct db *db, long long id, int format, struct buf *out)
{
    struct statement_doc d;
    enum bp_err e = statement_doc_load(db, id, &d);
    if (!e)
        e = formats[format].render(&d, out);
    statement_doc_release(&d);
    return e;
}
