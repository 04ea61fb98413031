/*
 * card_pdf: the project card as an A4 PDF through libharu, Korean set in 나눔고딕 (Debian's
 * fonts-nanum; libharu embeds the glyphs it uses, as a subset). Text flows down the page and
 * wraps at spaces (a word longer than the line breaks anywhere); table rows are as tall as their
 * longest cell and never split: a row that does not fit starts a new page, under the table's
 * header row again.
 */
#include "modules/program/card.h"

#include <hpdf.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

/* Debian's paths of the two faces (fonts-nanum). */
static const char font_regular[] = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
static const char font_bold[] = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf";

#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MARGIN 42.52f /* 15 mm */
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BODY 9.5f
#define LEAD 1.45f
#define PAD 3.0f
#define MAX_COLS (LIMIT_CARD_PERIODS + 3)
#define MAX_LINES 64

struct pdf {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y;
    bool failed;
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)error;
    (void)detail;
    ((struct pdf *)data)->failed = true;
}

static void new_page(struct pdf *p)
{
    p->page = HPDF_AddPage(p->doc);
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    HPDF_Page_SetLineWidth(p->page, 0.5f);
    p->y = PAGE_H - MARGIN;
}

/* Split text into lines that fit width; returns how many (each a start and a length). */
static size_t wrap(HPDF_Font f, float size, const char *text, float width, const char **start,
                   size_t *len, size_t max)
{
    size_t n = 0;
    const char *s = text ? text : "";
    while (n < max) {
        const char *nl = strchr(s, '\n');
        size_t para = nl ? (size_t)(nl - s) : strlen(s);
        char piece[4096];
        do {
            size_t take = para < sizeof(piece) - 1 ? para : sizeof(piece) - 1;
            memcpy(piece, s, take);
            piece[take] = 0;
            HPDF_REAL real;
            HPDF_UINT fit = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)piece, (HPDF_UINT)take, width,
                                                  size, 0, 0, HPDF_TRUE, &real);
            if (fit == 0) /* one word wider than the line */
                fit = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)piece, (HPDF_UINT)take, width, size,
                                            0, 0, HPDF_FALSE, &real);
            if (fit == 0)
                fit = (HPDF_UINT)take;
            while (fit < take && ((unsigned char)s[fit] & 0xC0) == 0x80) /* whole characters */
                fit--;
            start[n] = s;
            len[n] = fit;
            n++;
            s += fit;
            para -= fit;
            while (para && *s == ' ')
                s++, para--;
        } while (para && n < max);
        if (!nl)
            break;
        s = nl + 1;
    }
    return n;
}

static void show(struct pdf *p, HPDF_Font f, float size, float x, float y, const char *s, size_t len)
{
    char line[4096];
    snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), s);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, f, size);
    HPDF_Page_TextOut(p->page, x, y, line);
    HPDF_Page_EndText(p->page);
}

static float width_of(HPDF_Font f, float size, const char *s, size_t len)
{
    char line[4096];
    snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), s);
    return (float)HPDF_Font_TextWidth(f, (const HPDF_BYTE *)line, (HPDF_UINT)strlen(line)).width / 1000.0f * size;
}

/* A paragraph: prefix then text, wrapped, indented under the prefix. */
static void text(struct pdf *p, bool bold, float size, float indent, const char *prefix, const char *body)
{
    HPDF_Font f = bold ? p->bold : p->regular;
    char all[8192];
    snprintf(all, sizeof(all), "%s%s", prefix ? prefix : "", body ? body : "");
    const char *start[MAX_LINES];
    size_t len[MAX_LINES];
    size_t n = wrap(f, size, all, TEXT_W - indent, start, len, MAX_LINES);
    for (size_t i = 0; i < n; i++) {
        if (p->y - size * LEAD < MARGIN)
            new_page(p);
        p->y -= size * LEAD;
        show(p, f, size, MARGIN + indent, p->y + size * 0.25f, start[i], len[i]);
    }
}

static void heading(struct pdf *p, const char *s, const char *rest)
{
    if (p->y - 40 < MARGIN) /* keep a heading with what follows */
        new_page(p);
    p->y -= 4;
    text(p, true, 11.5f, 0, s, rest);
    p->y -= 1;
}

enum align { LEFT, CENTER, RIGHT };

struct col {
    float width;
    enum align align;
};

struct cellv {
    const char *text;
    bool bold;
    int rowspan; /* 0: covered by the cell above */
};

static float row_height(struct pdf *p, const struct col *cols, size_t ncols, const struct cellv *cells)
{
    float h = BODY * LEAD + 2 * PAD;
    for (size_t i = 0; i < ncols; i++) {
        if (cells[i].rowspan != 1)
            continue;
        const char *start[MAX_LINES];
        size_t len[MAX_LINES];
        size_t n = wrap(cells[i].bold ? p->bold : p->regular, BODY, cells[i].text,
                        cols[i].width - 2 * PAD, start, len, MAX_LINES);
        float need = (float)n * BODY * LEAD + 2 * PAD;
        if (need > h)
            h = need;
    }
    return h;
}

static void draw_cell(struct pdf *p, const struct col *col, float x, float top, float h,
                      const struct cellv *c, bool shade)
{
    if (shade) {
        HPDF_Page_SetGrayFill(p->page, 0.91f);
        HPDF_Page_Rectangle(p->page, x, top - h, col->width, h);
        HPDF_Page_Fill(p->page);
        HPDF_Page_SetGrayFill(p->page, 0);
    }
    HPDF_Page_Rectangle(p->page, x, top - h, col->width, h);
    HPDF_Page_Stroke(p->page);
    HPDF_Font f = c->bold ? p->bold : p->regular;
    const char *start[MAX_LINES];
    size_t len[MAX_LINES];
    size_t n = wrap(f, BODY, c->text, col->width - 2 * PAD, start, len, MAX_LINES);
    float block = (float)n * BODY * LEAD, y = top - (h - block) / 2;
    for (size_t i = 0; i < n; i++) {
        y -= BODY * LEAD;
        float w = width_of(f, BODY, start[i], len[i]);
        float tx = col->align == CENTER ? x + (col->width - w) / 2
                   : col->align == RIGHT ? x + col->width - PAD - w
                                         : x + PAD;
        show(p, f, BODY, tx, y + BODY * 0.3f, start[i], len[i]);
    }
}

/* A table: the header row first, then body rows (rows[r][c]); a group of rows joined by a
 * rowspan is kept together on one page. */
static void table(struct pdf *p, const struct col *cols, size_t ncols, const struct cellv *head,
                  const struct cellv *rows, size_t nrows)
{
    float hh = row_height(p, cols, ncols, head);
    bool head_drawn = false;
    if (nrows == 0) { /* a one-row table: the header row is all of it */
        if (p->y - hh < MARGIN)
            new_page(p);
        float x = MARGIN;
        for (size_t i = 0; i < ncols; i++) {
            draw_cell(p, &cols[i], x, p->y, hh, &head[i], head[i].bold);
            x += cols[i].width;
        }
        p->y -= hh + 4;
        return;
    }
    for (size_t r = 0; r < nrows; r++) {
        const struct cellv *row = rows + r * ncols;
        int span = 1;
        for (size_t i = 0; i < ncols; i++)
            if (row[i].rowspan > span && row[i].rowspan <= CARD_SOURCES)
                span = row[i].rowspan;
        float group = 0, heights[CARD_SOURCES + 1] = {0};
        for (int k = 0; k < span && r + (size_t)k < nrows; k++)
            group += heights[k] = row_height(p, cols, ncols, rows + (r + (size_t)k) * ncols);
        if (!head_drawn || p->y - group < MARGIN) {
            if (head_drawn || p->y - hh - group < MARGIN)
                new_page(p);
            float x = MARGIN;
            for (size_t i = 0; i < ncols; i++) {
                draw_cell(p, &(struct col){cols[i].width, CENTER}, x, p->y, hh, &head[i], true);
                x += cols[i].width;
            }
            p->y -= hh;
            head_drawn = true;
        }
        for (int k = 0; k < span && r < nrows; k++, r++) {
            const struct cellv *cur = rows + r * ncols;
            float x = MARGIN;
            for (size_t i = 0; i < ncols; i++) {
                if (cur[i].rowspan >= 1) {
                    float h = 0;
                    for (int j = k; j < k + cur[i].rowspan && j < span; j++)
                        h += heights[j];
                    if (cur[i].rowspan == 1)
                        h = heights[k];
                    draw_cell(p, &cols[i], x, p->y, h, &cur[i], false);
                }
                x += cols[i].width;
            }
            p->y -= heights[k];
        }
        r--;
    }
    p->y -= 4;
}

static void render(struct pdf *p, const struct card *c)
{
    new_page(p);
    char m[48], cost[160] = "", term[64];
    float tw = width_of(p->bold, 16, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
    p->y -= 16 * LEAD;
    show(p, p->bold, 16, (PAGE_W - tw) / 2, p->y, c->name ? c->name : "", c->name ? strlen(c->name) : 0);
    p->y -= 8;
    if (c->total_cost >= 0) {
        program_millions(c->total_cost, m, sizeof(m));
        snprintf(cost, sizeof(cost), "%s 백만원 ", m);
    }
    snprintf(cost + strlen(cost), sizeof(cost) - strlen(cost), "%s",
             c->total_cost_note ? c->total_cost_note : "");
    static const struct col head_cols[] = {{80, CENTER}, {90, CENTER}, {70, CENTER}, {80, CENTER}, {TEXT_W - 320, CENTER}};
    struct cellv head_row[] = {{"사업구분", true, 1}, {c->category, false, 1}, {c->kind_ko, false, 1},
                               {"총사업비", true, 1}, {cost, false, 1}};
    table(p, head_cols, 5, head_row, NULL, 0);

    heading(p, "□ 사업개요", NULL);
    text(p, false, BODY + 0.5f, 8, "- ", c->overview);
    heading(p, "□ 목 표", NULL);
    text(p, false, BODY + 0.5f, 8, "- ", c->goal);
    heading(p, "□ 추진체계", NULL);
    text(p, false, BODY + 0.5f, 8, "- ", c->structure);
    heading(p, "□ 추진계획", NULL);
    for (size_t i = 0; i < c->nunits; i++) {
        const struct card_unit *u = &c->units[i];
        p->y -= 2;
        text(p, true, BODY + 0.5f, 4, "○ ", u->name);
        if (u->description)
            text(p, false, BODY, 12, "- 주요내용 : ", u->description);
        if (u->detail) {
            char h[96];
            snprintf(h, sizeof(h), "- %s : ", u->detail_label ? u->detail_label : "세부내용");
            text(p, false, BODY, 12, h, u->detail);
        }
        if (u->note)
            text(p, false, BODY - 0.5f, 16, "", u->note);
    }
    card_term(c, term, sizeof(term));
    heading(p, "□ 사업기간 : ", term);

    heading(p, "□ 연도별 추진계획", NULL);
    struct col cols[MAX_COLS];
    struct cellv head[MAX_COLS], rows[LIMIT_CARD_ROWS * 4 * MAX_COLS / 4];
    size_t np = c->nperiods - 1, nc = np + 1;
    cols[0] = (struct col){TEXT_W - 48.0f * (float)np, LEFT};
    head[0] = (struct cellv){"단위사업", true, 1};
    for (size_t k = 1; k <= np; k++) {
        cols[k] = (struct col){48, CENTER};
        head[k] = (struct cellv){c->periods[k].label, true, 1};
    }
    size_t nrows = 0;
    for (size_t i = 0; i < c->nunits && (nrows + 1) * nc <= sizeof(rows) / sizeof(rows[0]); i++, nrows++) {
        rows[nrows * nc] = (struct cellv){c->units[i].name, false, 1};
        for (size_t k = 1; k <= np; k++)
            rows[nrows * nc + k] = (struct cellv){c->units[i].active[k] ? "○" : "", false, 1};
    }
    table(p, cols, nc, head, rows, nrows);

    heading(p, "□ 연도별 사업비 : ", c->total_cost_note);
    text(p, false, BODY - 0.5f, TEXT_W - 70, "(단위 : 백만원)", NULL);
    nc = c->nperiods + 3;
    float numw = 40;
    cols[0] = (struct col){TEXT_W - 34 - numw * (float)(nc - 2), LEFT};
    cols[1] = (struct col){34, CENTER};
    head[0] = (struct cellv){"단위사업", true, 1};
    head[1] = (struct cellv){"구분", true, 1};
    head[2] = (struct cellv){"계", true, 1};
    for (size_t k = 2; k < nc; k++)
        cols[k] = (struct col){numw, RIGHT};
    for (size_t k = 0; k < c->nperiods; k++)
        head[3 + k] = (struct cellv){c->periods[k].label, true, 1};
    /* the figures live as long as the table: one text per cell */
    static _Thread_local char figures[(1 + LIMIT_CARD_ROWS * CARD_SOURCES / 8) * MAX_COLS][24];
    size_t nf = 0, maxf = sizeof(figures) / sizeof(figures[0]);
    nrows = 0;
    rows[0] = (struct cellv){"합계", true, 1};
    rows[1] = (struct cellv){"", false, 1};
    program_millions(c->grand_total, figures[nf], 24);
    rows[2] = (struct cellv){figures[nf++], true, 1};
    for (size_t k = 0; k < c->nperiods; k++) {
        program_millions(c->period_total[k], figures[nf], 24);
        rows[3 + k] = (struct cellv){figures[nf++], false, 1};
    }
    nrows = 1;
    for (size_t i = 0; i < c->nitems; i++)
        for (size_t s = 0; s < CARD_SOURCES && nf + nc <= maxf &&
                           (nrows + 1) * nc <= sizeof(rows) / sizeof(rows[0]);
             s++, nrows++) {
            struct cellv *row = rows + nrows * nc;
            row[0] = (struct cellv){c->items[i].name, false, s == 0 ? CARD_SOURCES : 0};
            row[1] = (struct cellv){card_source_ko[s], false, 1};
            program_millions(c->items[i].total[s], figures[nf], 24);
            row[2] = (struct cellv){figures[nf++], true, 1};
            for (size_t k = 0; k < c->nperiods; k++) {
                program_millions(c->items[i].amount[s][k], figures[nf], 24);
                row[3 + k] = (struct cellv){figures[nf++], false, 1};
            }
        }
    table(p, cols, nc, head, rows, nrows);

    heading(p, "□ 그간 추진사항", NULL);
    const char *theme = NULL;
    for (size_t i = 0; i < c->nachievements; i++) {
        const struct card_achievement *x = &c->achievements[i];
        if (x->theme && (!theme || strcmp(theme, x->theme) != 0))
            text(p, false, BODY + 0.5f, 8, "- ", x->theme);
        theme = x->theme;
        text(p, false, BODY, x->theme ? 18 : 8, "- ", x->summary);
    }
    heading(p, "□ 쟁점 및 대책", NULL);
    text(p, true, BODY + 0.5f, 4, "○ 쟁점", NULL);
    for (size_t i = 0; i < c->nissues; i++) {
        text(p, false, BODY, 12, "- ", c->issues[i].issue);
        if (c->issues[i].detail)
            text(p, false, BODY, 22, "☞ ", c->issues[i].detail);
    }
    text(p, true, BODY + 0.5f, 4, "○ 대책", NULL);
    for (size_t i = 0; i < c->nissues; i++)
        if (c->issues[i].countermeasures)
            text(p, false, BODY, 12, "- ", c->issues[i].countermeasures);
    p->y -= 6;
    size_t ncon = c->ncontacts > 6 ? 6 : c->ncontacts;
    static _Thread_local char who[6][160];
    cols[0] = (struct col){60, CENTER};
    head[0] = (struct cellv){"주관부서", true, 1};
    for (size_t i = 0; i < ncon; i++) {
        snprintf(who[i], sizeof(who[i]), "%s:%s%s%s", c->contacts[i].title, c->contacts[i].name,
                 c->contacts[i].extension ? " ☎" : "",
                 c->contacts[i].extension ? c->contacts[i].extension : "");
        cols[1 + i] = (struct col){(TEXT_W - 60) / (float)(ncon ? ncon : 1), CENTER};
        head[1 + i] = (struct cellv){who[i], false, 1};
    }
    table(p, cols, ncon + 1, head, NULL, 0);
}

enum bp_err card_pdf(const struct card *c, struct buf *out)
{
    struct pdf p = {0};
    p.doc = HPDF_New(on_error, &p);
    if (!p.doc)
        return BP_ERR_NOMEM;
    enum bp_err e = BP_OK;
    HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(p.doc);
    HPDF_SetCurrentEncoder(p.doc, "UTF-8");
    const char *reg = HPDF_LoadTTFontFromFile(p.doc, font_regular, HPDF_TRUE);
    const char *bold = HPDF_LoadTTFontFromFile(p.doc, font_bold, HPDF_TRUE);
    if (!reg || !bold || p.failed) {
        e = BP_ERR_IO; /* fonts-nanum is not installed */
        goto done;
    }
    p.regular = HPDF_GetFont(p.doc, reg, "UTF-8");
    p.bold = HPDF_GetFont(p.doc, bold, "UTF-8");
    HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, c->name ? c->name : "");
    HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, "bpmc");
    render(&p, c);
    if (p.failed || HPDF_SaveToStream(p.doc) != HPDF_OK) {
        e = BP_ERR_IO;
        goto done;
    }
    HPDF_ResetStream(p.doc);
    for (;;) {
        HPDF_BYTE chunk[65536];
        HPDF_UINT32 n = sizeof(chunk);
        HPDF_STATUS st = HPDF_ReadFromStream(p.doc, chunk, &n);
        if (n && (e = buf_add(out, chunk, n)))
            break;
        if (st == HPDF_STREAM_EOF || n == 0)
            break;
        if (st != HPDF_OK) {
            e = BP_ERR_IO;
            break;
        }
    }
done:
    HPDF_Free(p.doc);
    return e;
}
