/*
 * pdfdoc: A4 documents with Korean text through libharu (engine/pdfdoc.h).
 */
#include "engine/pdfdoc.h"

#include <stdio.h>
#include <string.h>

#include "base/banned.h"

/* Debian's paths of the two faces (fonts-nanum). */
static const char font_regular[] = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";
static const char font_bold[] = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf";

#define PAGE_W PDFDOC_PAGE_W
#define PAGE_H PDFDOC_PAGE_H
#define MARGIN PDFDOC_MARGIN
#define TEXT_W PDFDOC_TEXT_W
#define BODY PDFDOC_BODY
#define LEAD PDFDOC_LEAD
#define PAD 3.0f
#define MAX_LINES 64

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
    (void)error;
    (void)detail;
    ((struct pdfdoc *)data)->failed = true;
}

void pdfdoc_new_page(struct pdfdoc *p)
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

void pdfdoc_show(struct pdfdoc *p, HPDF_Font f, float size, float x, float y, const char *s, size_t len)
{
    char line[4096];
    snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), s);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, f, size);
    HPDF_Page_TextOut(p->page, x, y, line);
    HPDF_Page_EndText(p->page);
}

float pdfdoc_width(HPDF_Font f, float size, const char *s, size_t len)
{
    char line[4096];
    snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) - 1 ? len : sizeof(line) - 1), s);
    return (float)HPDF_Font_TextWidth(f, (const HPDF_BYTE *)line, (HPDF_UINT)strlen(line)).width / 1000.0f * size;
}

/* A paragraph: prefix then text, wrapped, indented under the prefix. */
void pdfdoc_text(struct pdfdoc *p, bool bold, float size, float indent, const char *prefix, const char *body)
{
    HPDF_Font f = bold ? p->bold : p->regular;
    char all[8192];
    snprintf(all, sizeof(all), "%s%s", prefix ? prefix : "", body ? body : "");
    const char *start[MAX_LINES];
    size_t len[MAX_LINES];
    size_t n = wrap(f, size, all, TEXT_W - indent, start, len, MAX_LINES);
    for (size_t i = 0; i < n; i++) {
        if (p->y - size * LEAD < MARGIN)
            pdfdoc_new_page(p);
        p->y -= size * LEAD;
        pdfdoc_show(p, f, size, MARGIN + indent, p->y + size * 0.25f, start[i], len[i]);
    }
}

void pdfdoc_heading(struct pdfdoc *p, const char *s, const char *rest)
{
    if (p->y - 40 < MARGIN) /* keep a heading with what follows */
        pdfdoc_new_page(p);
    p->y -= 4;
    pdfdoc_text(p, true, 11.5f, 0, s, rest);
    p->y -= 1;
}

static float row_height(struct pdfdoc *p, const struct pdfdoc_col *cols, size_t ncols, const struct pdfdoc_cell *cells)
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

static void draw_cell(struct pdfdoc *p, const struct pdfdoc_col *col, float x, float top, float h,
                      const struct pdfdoc_cell *c, bool shade)
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
        float w = pdfdoc_width(f, BODY, start[i], len[i]);
        float tx = col->align == PDFDOC_CENTER ? x + (col->width - w) / 2
                   : col->align == PDFDOC_RIGHT ? x + col->width - PAD - w
                                         : x + PAD;
        pdfdoc_show(p, f, BODY, tx, y + BODY * 0.3f, start[i], len[i]);
    }
}

/* A table: the header row first, then body rows (rows[r][c]); a group of rows joined by a
 * rowspan is kept together on one page. */
void pdfdoc_table(struct pdfdoc *p, const struct pdfdoc_col *cols, size_t ncols, const struct pdfdoc_cell *head,
                  const struct pdfdoc_cell *rows, size_t nrows)
{
    float hh = row_height(p, cols, ncols, head);
    bool head_drawn = false;
    if (nrows == 0) { /* a one-row table: the header row is all of it */
        if (p->y - hh < MARGIN)
            pdfdoc_new_page(p);
        float x = MARGIN;
        for (size_t i = 0; i < ncols; i++) {
            draw_cell(p, &cols[i], x, p->y, hh, &head[i], head[i].bold);
            x += cols[i].width;
        }
        p->y -= hh + 4;
        return;
    }
    for (size_t r = 0; r < nrows; r++) {
        const struct pdfdoc_cell *row = rows + r * ncols;
        int span = 1;
        for (size_t i = 0; i < ncols; i++)
            if (row[i].rowspan > span && row[i].rowspan <= PDFDOC_MAX_SPAN)
                span = row[i].rowspan;
        float group = 0, heights[PDFDOC_MAX_SPAN + 1] = {0};
        for (int k = 0; k < span && r + (size_t)k < nrows; k++)
            group += heights[k] = row_height(p, cols, ncols, rows + (r + (size_t)k) * ncols);
        if (!head_drawn || p->y - group < MARGIN) {
            if (head_drawn || p->y - hh - group < MARGIN)
                pdfdoc_new_page(p);
            float x = MARGIN;
            for (size_t i = 0; i < ncols; i++) {
                draw_cell(p, &(struct pdfdoc_col){cols[i].width, PDFDOC_CENTER}, x, p->y, hh, &head[i], true);
                x += cols[i].width;
            }
            p->y -= hh;
            head_drawn = true;
        }
        for (int k = 0; k < span && r < nrows; k++, r++) {
            const struct pdfdoc_cell *cur = rows + r * ncols;
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


enum bp_err pdfdoc_open(struct pdfdoc *p, const char *title)
{
    memset(p, 0, sizeof(*p));
    p->doc = HPDF_New(on_error, p);
    if (!p->doc)
        return BP_ERR_NOMEM;
    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(p->doc);
    HPDF_SetCurrentEncoder(p->doc, "UTF-8");
    const char *reg = HPDF_LoadTTFontFromFile(p->doc, font_regular, HPDF_TRUE);
    const char *bold = HPDF_LoadTTFontFromFile(p->doc, font_bold, HPDF_TRUE);
    if (!reg || !bold || p->failed)
        return BP_ERR_IO; /* fonts-nanum is not installed */
    p->regular = HPDF_GetFont(p->doc, reg, "UTF-8");
    p->bold = HPDF_GetFont(p->doc, bold, "UTF-8");
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, title ? title : "");
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "bpmc");
    return p->failed ? BP_ERR_IO : BP_OK;
}

enum bp_err pdfdoc_finish(struct pdfdoc *p, struct buf *out)
{
    enum bp_err e = BP_OK;
    if (p->failed || HPDF_SaveToStream(p->doc) != HPDF_OK)
        return BP_ERR_IO;
    HPDF_ResetStream(p->doc);
    for (;;) {
        HPDF_BYTE chunk[65536];
        HPDF_UINT32 n = sizeof(chunk);
        HPDF_STATUS st = HPDF_ReadFromStream(p->doc, chunk, &n);
        if (n && (e = buf_add(out, chunk, n)))
            break;
        if (st == HPDF_STREAM_EOF || n == 0)
            break;
        if (st != HPDF_OK) {
            e = BP_ERR_IO;
            break;
        }
    }
    return e;
}

void pdfdoc_free(struct pdfdoc *p)
{
    if (p->doc)
        HPDF_Free(p->doc);
    p->doc = NULL;
}
