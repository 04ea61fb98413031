/*
 * card_xlsx: the project card as one worksheet in the seed's order, through libxlsxwriter. The
 * budget table is in 백만원 with the seed's merged cells (단위사업 over its four sources); each
 * row's 계 and the 합계 row are formulas (with their values cached, so a reader that does not
 * calculate shows the same figures).
 */
#include "modules/program/card.h"

#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "engine/docfile.h"
#include "base/banned.h"

struct sheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *title, *heading, *text, *th, *td, *num, *num_bold, *mark;
    lxw_row_t row;
    lxw_col_t last_col; /* the widest table's last column: text rows span to it */
};

static void line(struct sheet *s, const char *text, lxw_format *f)
{
    if (!text)
        return;
    worksheet_merge_range(s->ws, s->row, 0, s->row, s->last_col, "", f);
    worksheet_write_string(s->ws, s->row, 0, text, f);
    s->row++;
}

static void line2(struct sheet *s, const char *a, const char *b, lxw_format *f)
{
    char text[8192];
    if (!b)
        return;
    snprintf(text, sizeof(text), "%s%s", a, b);
    line(s, text, f);
}

static char letter(lxw_col_t c) { return (char)('A' + c); }

static void budget(struct sheet *s, const struct card *c, bool whole)
{
    lxw_format *num = s->num;
    (void)whole;
    line(s, "(단위 : 백만원)", s->text);
    lxw_row_t head = s->row;
    worksheet_write_string(s->ws, head, 0, "단위사업", s->th);
    worksheet_write_string(s->ws, head, 1, "구분", s->th);
    worksheet_write_string(s->ws, head, 2, "계", s->th);
    for (size_t k = 0; k < c->nperiods; k++)
        worksheet_write_string(s->ws, head, (lxw_col_t)(3 + k), c->periods[k].label, s->th);
    lxw_row_t total_row = head + 1, first = head + 2;
    lxw_col_t lastp = (lxw_col_t)(2 + c->nperiods);
    char f[128];
    /* item rows first, so the 합계 row's formulas can point at them */
    lxw_row_t r = first;
    for (size_t i = 0; i < c->nitems; i++) {
        const struct card_item *it = &c->items[i];
        if (CARD_SOURCES > 1)
            worksheet_merge_range(s->ws, r, 0, r + CARD_SOURCES - 1, 0, it->name, s->td);
        for (size_t src = 0; src < CARD_SOURCES; src++, r++) {
            worksheet_write_string(s->ws, r, 1, card_source_ko[src], s->td);
            snprintf(f, sizeof(f), "=SUM(D%u:%c%u)", (unsigned)r + 1, letter(lastp), (unsigned)r + 1);
            worksheet_write_formula_num(s->ws, r, 2, f, s->num_bold, program_millions_value(it->total[src]));
            for (size_t k = 0; k < c->nperiods; k++) {
                if (it->amount[src][k])
                    worksheet_write_number(s->ws, r, (lxw_col_t)(3 + k),
                                           program_millions_value(it->amount[src][k]), num);
                else
                    worksheet_write_blank(s->ws, r, (lxw_col_t)(3 + k), num);
            }
        }
    }
    worksheet_write_string(s->ws, total_row, 0, "합계", s->th);
    worksheet_write_blank(s->ws, total_row, 1, s->th);
    for (lxw_col_t col = 2; col <= lastp; col++) {
        double value = col == 2 ? program_millions_value(c->grand_total)
                                : program_millions_value(c->period_total[col - 3]);
        if (r > first)
            snprintf(f, sizeof(f), "=SUM(%c%u:%c%u)", letter(col), (unsigned)first + 1, letter(col),
                     (unsigned)r);
        else
            snprintf(f, sizeof(f), "=0");
        worksheet_write_formula_num(s->ws, total_row, col, f, s->num_bold, value);
    }
    s->row = r + 1;
}

static enum bp_err write_book(const void *doc, const char *path)
{
    const struct card *c = doc;
    struct sheet s = {0};
    if (!(s.wb = workbook_new(path)))
        return BP_ERR_IO;
    s.ws = workbook_add_worksheet(s.wb, "사업 카드");
    s.last_col = (lxw_col_t)(2 + c->nperiods);
    s.title = workbook_add_format(s.wb);
    format_set_bold(s.title);
    format_set_font_size(s.title, 16);
    format_set_align(s.title, LXW_ALIGN_CENTER);
    s.heading = workbook_add_format(s.wb);
    format_set_bold(s.heading);
    format_set_font_size(s.heading, 12);
    s.text = workbook_add_format(s.wb);
    format_set_text_wrap(s.text);
    format_set_align(s.text, LXW_ALIGN_VERTICAL_TOP);
    s.th = workbook_add_format(s.wb);
    format_set_bold(s.th);
    format_set_border(s.th, LXW_BORDER_THIN);
    format_set_bg_color(s.th, 0xE8E8E8);
    format_set_align(s.th, LXW_ALIGN_CENTER);
    format_set_align(s.th, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(s.th);
    s.td = workbook_add_format(s.wb);
    format_set_border(s.td, LXW_BORDER_THIN);
    format_set_text_wrap(s.td);
    format_set_align(s.td, LXW_ALIGN_VERTICAL_CENTER);
    s.num = workbook_add_format(s.wb);
    format_set_border(s.num, LXW_BORDER_THIN);
    format_set_num_format(s.num, "#,##0.#;-#,##0.#;\"\"");
    s.num_bold = workbook_add_format(s.wb);
    format_set_border(s.num_bold, LXW_BORDER_THIN);
    format_set_bold(s.num_bold);
    format_set_num_format(s.num_bold, "#,##0.#;-#,##0.#;\"\"");
    s.mark = workbook_add_format(s.wb);
    format_set_border(s.mark, LXW_BORDER_THIN);
    format_set_align(s.mark, LXW_ALIGN_CENTER);
    worksheet_set_column(s.ws, 0, 0, 44, NULL);
    worksheet_set_column(s.ws, 1, 1, 8, NULL);
    worksheet_set_column(s.ws, 2, s.last_col, 9, NULL);
    worksheet_set_paper(s.ws, 9); /* A4 */
    worksheet_fit_to_pages(s.ws, 1, 0);

    line(&s, c->name, s.title);
    /* 사업구분 | 임기 후 | 신규 | 총사업비 | 향후 사업비 산정 */
    char cost[128] = "";
    if (c->total_cost >= 0) {
        char m[48];
        program_millions(c->total_cost, m, sizeof(m));
        snprintf(cost, sizeof(cost), "%s 백만원 ", m);
    }
    snprintf(cost + strlen(cost), sizeof(cost) - strlen(cost), "%s",
             c->total_cost_note ? c->total_cost_note : "");
    worksheet_write_string(s.ws, s.row, 0, "사업구분", s.th);
    worksheet_write_string(s.ws, s.row, 1, c->category ? c->category : "", s.td);
    worksheet_write_string(s.ws, s.row, 2, c->kind_ko, s.td);
    worksheet_merge_range(s.ws, s.row, 3, s.row, 4, "총사업비", s.th);
    worksheet_merge_range(s.ws, s.row, 5, s.row, s.last_col, cost, s.td);
    s.row += 2;

    line(&s, "□ 사업개요", s.heading);
    line2(&s, "- ", c->overview, s.text);
    line(&s, "□ 목 표", s.heading);
    line2(&s, "- ", c->goal, s.text);
    line(&s, "□ 추진체계", s.heading);
    line2(&s, "- ", c->structure, s.text);
    line(&s, "□ 추진계획", s.heading);
    for (size_t i = 0; i < c->nunits; i++) {
        const struct card_unit *u = &c->units[i];
        line2(&s, "○ ", u->name, s.text);
        line2(&s, "- 주요내용 : ", u->description, s.text);
        if (u->detail) {
            char head[128];
            snprintf(head, sizeof(head), "- %s : ", u->detail_label ? u->detail_label : "세부내용");
            line2(&s, head, u->detail, s.text);
        }
        if (u->note) {
            worksheet_set_row(s.ws, s.row, 15.0 * 7, NULL);
            line(&s, u->note, s.text);
        }
    }
    char term[64];
    card_term(c, term, sizeof(term));
    line2(&s, "□ 사업기간 : ", term, s.heading);

    line(&s, "□ 연도별 추진계획", s.heading);
    worksheet_merge_range(s.ws, s.row, 0, s.row, 2, "단위사업", s.th);
    for (size_t k = 1; k < c->nperiods; k++)
        worksheet_write_string(s.ws, s.row, (lxw_col_t)(2 + k), c->periods[k].label, s.th);
    s.row++;
    for (size_t i = 0; i < c->nunits; i++, s.row++) {
        worksheet_merge_range(s.ws, s.row, 0, s.row, 2, c->units[i].name, s.td);
        for (size_t k = 1; k < c->nperiods; k++)
            worksheet_write_string(s.ws, s.row, (lxw_col_t)(2 + k), c->units[i].active[k] ? "○" : "",
                                   s.mark);
    }
    s.row++;
    line2(&s, "□ 연도별 사업비 : ", c->total_cost_note ? c->total_cost_note : "", s.heading);
    budget(&s, c, true);

    line(&s, "□ 그간 추진사항", s.heading);
    const char *theme = NULL;
    for (size_t i = 0; i < c->nachievements; i++) {
        const struct card_achievement *x = &c->achievements[i];
        if (x->theme && (!theme || strcmp(theme, x->theme) != 0))
            line2(&s, "- ", x->theme, s.text);
        theme = x->theme;
        line2(&s, x->theme ? "   · " : "- ", x->summary, s.text);
    }
    line(&s, "□ 쟁점 및 대책", s.heading);
    line(&s, "○ 쟁점", s.text);
    for (size_t i = 0; i < c->nissues; i++) {
        line2(&s, "- ", c->issues[i].issue, s.text);
        line2(&s, "   ☞ ", c->issues[i].detail, s.text);
    }
    line(&s, "○ 대책", s.text);
    for (size_t i = 0; i < c->nissues; i++)
        line2(&s, "- ", c->issues[i].countermeasures, s.text);
    s.row++;
    worksheet_write_string(s.ws, s.row, 0, "주관부서", s.th);
    for (size_t i = 0; i < c->ncontacts && i + 1 <= s.last_col; i++) {
        char who[256];
        snprintf(who, sizeof(who), "%s:%s%s%s", c->contacts[i].title, c->contacts[i].name,
                 c->contacts[i].extension ? " ☎" : "",
                 c->contacts[i].extension ? c->contacts[i].extension : "");
        lxw_col_t from = (lxw_col_t)(1 + i * 2), to = (lxw_col_t)(from + 1);
        if (to > s.last_col)
            to = s.last_col;
        if (from == to)
            worksheet_write_string(s.ws, s.row, from, who, s.td);
        else
            worksheet_merge_range(s.ws, s.row, from, s.row, to, who, s.td);
    }
    return workbook_close(s.wb) == LXW_NO_ERROR ? BP_OK : BP_ERR_IO;
}

enum bp_err card_xlsx(const struct card *c, struct buf *out)
{
    return docfile_render(write_book, c, "card", out);
}
