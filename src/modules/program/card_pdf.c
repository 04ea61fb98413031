/*
 * card_pdf: the project card as an A4 PDF through libharu, Korean set in 나눔고딕 (Debian's
 * fonts-nanum; libharu embeds the glyphs it uses, as a subset). Text flows down the page and
 * wraps at spaces (a word longer than the line breaks anywhere); table rows are as tall as their
 * longest cell and never split: a row that does not fit starts a new page, under the table's
 * header row again.
 */
#include "modules/program/card.h"

#include <stdio.h>
#include <string.h>

#include "engine/pdfdoc.h"
#include "base/banned.h"

#define PAGE_W PDFDOC_PAGE_W
#define MARGIN PDFDOC_MARGIN
#define TEXT_W PDFDOC_TEXT_W
#define BODY PDFDOC_BODY
#define LEAD PDFDOC_LEAD
#define MAX_COLS (LIMIT_CARD_PERIODS + 3)

static void render(struct pdfdoc *p, const struct card *c)
{
    pdfdoc_new_page(p);
    char m[48], cost[160] = "", term[64];
    float tw = pdfdoc_width(p->bold, 16, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
    p->y -= 16 * LEAD;
    pdfdoc_show(p, p->bold, 16, (PAGE_W - tw) / 2, p->y, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
    p->y -= 8;
    if (c->total_cost >= 0) {
        program_millions(c->total_cost, m, sizeof(m));
        snprintf(cost, sizeof(cost), "%s 백만원 ", m);
    }
    snprintf(cost + strlen(cost), sizeof(cost) - strlen(cost), "%s",
             c->total_cost_note ? c->total_cost_note : "");
    static const struct pdfdoc_col head_cols[] = {{80, PDFDOC_CENTER}, {90, PDFDOC_CENTER}, {70, PDFDOC_CENTER}, {80, PDFDOC_CENTER}, {TEXT_W - 320, PDFDOC_CENTER}};
    struct pdfdoc_cell head_row[] = {{"사업구분", true, 1}, {c->category, false, 1}, {c->kind_ko, false, 1},
                               {"총사업비", true, 1}, {cost, false, 1}};
    pdfdoc_table(p, head_cols, 5, head_row, NULL, 0);

    pdfdoc_heading(p, "□ 사업개요", NULL);
    pdfdoc_text(p, false, BODY + 0.5f, 8, "- ", c->overview);
    pdfdoc_heading(p, "□ 목 표", NULL);
    pdfdoc_text(p, false, BODY + 0.5f, 8, "- ", c->goal);
    pdfdoc_heading(p, "□ 추진체계", NULL);
    pdfdoc_text(p, false, BODY + 0.5f, 8, "- ", c->structure);
    pdfdoc_heading(p, "□ 추진계획", NULL);
    for (size_t i = 0; i < c->nunits; i++) {
        const struct card_unit *u = &c->units[i];
        p->y -= 2;
        pdfdoc_text(p, true, BODY + 0.5f, 4, "○ ", u->name);
        if (u->description)
            pdfdoc_text(p, false, BODY, 12, "- 주요내용 : ", u->description);
        if (u->detail) {
            char h[96];
            snprintf(h, sizeof(h), "- %s : ", u->detail_label ? u->detail_label : "세부내용");
            pdfdoc_text(p, false, BODY, 12, h, u->detail);
        }
        if (u->note)
            pdfdoc_text(p, false, BODY - 0.5f, 16, "", u->note);
    }
    card_term(c, term, sizeof(term));
    pdfdoc_heading(p, "□ 사업기간 : ", term);

    pdfdoc_heading(p, "□ 연도별 추진계획", NULL);
    struct pdfdoc_col cols[MAX_COLS];
    struct pdfdoc_cell head[MAX_COLS], rows[LIMIT_CARD_ROWS * 4 * MAX_COLS / 4];
    size_t np = c->nperiods - 1, nc = np + 1;
    cols[0] = (struct pdfdoc_col){TEXT_W - 48.0f * (float)np, PDFDOC_LEFT};
    head[0] = (struct pdfdoc_cell){"단위사업", true, 1};
    for (size_t k = 1; k <= np; k++) {
        cols[k] = (struct pdfdoc_col){48, PDFDOC_CENTER};
        head[k] = (struct pdfdoc_cell){c->periods[k].label, true, 1};
    }
    size_t nrows = 0;
    for (size_t i = 0; i < c->nunits && (nrows + 1) * nc <= sizeof(rows) / sizeof(rows[0]); i++, nrows++) {
        rows[nrows * nc] = (struct pdfdoc_cell){c->units[i].name, false, 1};
        for (size_t k = 1; k <= np; k++)
            rows[nrows * nc + k] = (struct pdfdoc_cell){c->units[i].active[k] ? "○" : "", false, 1};
    }
    pdfdoc_table(p, cols, nc, head, rows, nrows);

    pdfdoc_heading(p, "□ 연도별 사업비 : ", c->total_cost_note);
    pdfdoc_text(p, false, BODY - 0.5f, TEXT_W - 70, "(단위 : 백만원)", NULL);
    nc = c->nperiods + 3;
    float numw = 40;
    cols[0] = (struct pdfdoc_col){TEXT_W - 34 - numw * (float)(nc - 2), PDFDOC_LEFT};
    cols[1] = (struct pdfdoc_col){34, PDFDOC_CENTER};
    head[0] = (struct pdfdoc_cell){"단위사업", true, 1};
    head[1] = (struct pdfdoc_cell){"구분", true, 1};
    head[2] = (struct pdfdoc_cell){"계", true, 1};
    for (size_t k = 2; k < nc; k++)
        cols[k] = (struct pdfdoc_col){numw, PDFDOC_RIGHT};
    for (size_t k = 0; k < c->nperiods; k++)
        head[3 + k] = (struct pdfdoc_cell){c->periods[k].label, true, 1};
    /* the figures live as long as the table: one text per cell */
    static _Thread_local char figures[(1 + LIMIT_CARD_ROWS * CARD_SOURCES / 8) * MAX_COLS][24];
    size_t nf = 0, maxf = sizeof(figures) / sizeof(figures[0]);
    nrows = 0;
    rows[0] = (struct pdfdoc_cell){"합계", true, 1};
    rows[1] = (struct pdfdoc_cell){"", false, 1};
    program_millions(c->grand_total, figures[nf], 24);
    rows[2] = (struct pdfdoc_cell){figures[nf++], true, 1};
    for (size_t k = 0; k < c->nperiods; k++) {
        program_millions(c->period_total[k], figures[nf], 24);
        rows[3 + k] = (struct pdfdoc_cell){figures[nf++], false, 1};
    }
    nrows = 1;
    for (size_t i = 0; i < c->nitems; i++)
        for (size_t s = 0; s < CARD_SOURCES && nf + nc <= maxf &&
                           (nrows + 1) * nc <= sizeof(rows) / sizeof(rows[0]);
             s++, nrows++) {
            struct pdfdoc_cell *row = rows + nrows * nc;
            row[0] = (struct pdfdoc_cell){c->items[i].name, false, s == 0 ? CARD_SOURCES : 0};
            row[1] = (struct pdfdoc_cell){card_source_ko[s], false, 1};
            program_millions(c->items[i].total[s], figures[nf], 24);
            row[2] = (struct pdfdoc_cell){figures[nf++], true, 1};
            for (size_t k = 0; k < c->nperiods; k++) {
                program_millions(c->items[i].amount[s][k], figures[nf], 24);
                row[3 + k] = (struct pdfdoc_cell){figures[nf++], false, 1};
            }
        }
    pdfdoc_table(p, cols, nc, head, rows, nrows);

    pdfdoc_heading(p, "□ 그간 추진사항", NULL);
    const char *theme = NULL;
    for (size_t i = 0; i < c->nachievements; i++) {
        const struct card_achievement *x = &c->achievements[i];
        if (x->theme && (!theme || strcmp(theme, x->theme) != 0))
            pdfdoc_text(p, false, BODY + 0.5f, 8, "- ", x->theme);
        theme = x->theme;
        pdfdoc_text(p, false, BODY, x->theme ? 18 : 8, "- ", x->summary);
    }
    pdfdoc_heading(p, "□ 쟁점 및 대책", NULL);
    pdfdoc_text(p, true, BODY + 0.5f, 4, "○ 쟁점", NULL);
    for (size_t i = 0; i < c->nissues; i++) {
        pdfdoc_text(p, false, BODY, 12, "- ", c->issues[i].issue);
        if (c->issues[i].detail)
            pdfdoc_text(p, false, BODY, 22, "☞ ", c->issues[i].detail);
    }
    pdfdoc_text(p, true, BODY + 0.5f, 4, "○ 대책", NULL);
    for (size_t i = 0; i < c->nissues; i++)
        if (c->issues[i].countermeasures)
            pdfdoc_text(p, false, BODY, 12, "- ", c->issues[i].countermeasures);
    p->y -= 6;
    size_t ncon = c->ncontacts > 6 ? 6 : c->ncontacts;
    static _Thread_local char who[6][160];
    cols[0] = (struct pdfdoc_col){60, PDFDOC_CENTER};
    head[0] = (struct pdfdoc_cell){"주관부서", true, 1};
    for (size_t i = 0; i < ncon; i++) {
        snprintf(who[i], sizeof(who[i]), "%s:%s%s%s", c->contacts[i].title, c->contacts[i].name,
                 c->contacts[i].extension ? " ☎" : "",
                 c->contacts[i].extension ? c->contacts[i].extension : "");
        cols[1 + i] = (struct pdfdoc_col){(TEXT_W - 60) / (float)(ncon ? ncon : 1), PDFDOC_CENTER};
        head[1 + i] = (struct pdfdoc_cell){who[i], false, 1};
    }
    pdfdoc_table(p, cols, ncon + 1, head, NULL, 0);
}

enum bp_err card_pdf(const struct card *c, struct buf *out)
{
    struct pdfdoc p;
    enum bp_err e = pdfdoc_open(&p, c->name);
    if (!e) {
        render(&p, c);
        e = pdfdoc_finish(&p, out);
    }
    pdfdoc_free(&p);
    return e;
}
