/*
 * pdfdoc: A4 documents through libharu with Korean set in 나눔고딕 (Debian's fonts-nanum;
 * libharu embeds the glyphs used, as a subset), shared by the modules that print (the program's
 * project card, the facilities' statements). Text flows down the page and wraps at spaces (a
 * word longer than the line breaks anywhere); table rows are as tall as their longest cell and
 * never split: a row that does not fit starts a new page, under the table's header row again.
 */
#ifndef BP_ENGINE_PDFDOC_H
#define BP_ENGINE_PDFDOC_H

#include <hpdf.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define PDFDOC_PAGE_W 595.276f
#define PDFDOC_PAGE_H 841.89f
#define PDFDOC_MARGIN 42.52f /* 15 mm */
#define PDFDOC_TEXT_W (PDFDOC_PAGE_W - 2 * PDFDOC_MARGIN)
#define PDFDOC_BODY 9.5f  /* the body's size in points */
#define PDFDOC_LEAD 1.45f /* line height over size */
#define PDFDOC_MAX_SPAN 8 /* rows one cell may span */

struct pdfdoc {
    HPDF_Doc doc;
    HPDF_Page page;
    HPDF_Font regular, bold;
    float y; /* where the next line goes, from the bottom */
    bool failed;
};

/* Start a document titled title (its info, not a line) with the two faces loaded. BP_ERR_IO
 * when the fonts are not installed, BP_ERR_NOMEM; pdfdoc_free it either way. */
BP_MUST_USE enum bp_err pdfdoc_open(struct pdfdoc *p, const char *title);
/* Append the finished document to out (BP_ERR_IO when libharu failed on the way). */
BP_MUST_USE enum bp_err pdfdoc_finish(struct pdfdoc *p, struct buf *out);
void pdfdoc_free(struct pdfdoc *p);

void pdfdoc_new_page(struct pdfdoc *p);
/* One line of text at (x, y) in face f at size points. */
void pdfdoc_show(struct pdfdoc *p, HPDF_Font f, float size, float x, float y, const char *s, size_t len);
/* The width in points of len bytes of s in face f at size. */
float pdfdoc_width(HPDF_Font f, float size, const char *s, size_t len);
/* A paragraph: prefix then body, wrapped, indented by indent points, new pages as needed. */
void pdfdoc_text(struct pdfdoc *p, bool bold, float size, float indent, const char *prefix,
                 const char *body);
/* A section's heading (kept with what follows). */
void pdfdoc_heading(struct pdfdoc *p, const char *s, const char *rest);

enum pdfdoc_align { PDFDOC_LEFT, PDFDOC_CENTER, PDFDOC_RIGHT };

struct pdfdoc_col {
    float width;
    enum pdfdoc_align align;
};

struct pdfdoc_cell {
    const char *text;
    bool bold;
    int rowspan; /* 1 a cell; n > 1 spans n rows (at most PDFDOC_MAX_SPAN); 0: covered */
};

/* A table: the header row, then nrows body rows of ncols cells (rows[r * ncols + c]); a group
 * of rows joined by a rowspan is kept on one page. nrows 0: the header row is all of it. */
void pdfdoc_table(struct pdfdoc *p, const struct pdfdoc_col *cols, size_t ncols,
                  const struct pdfdoc_cell *head, const struct pdfdoc_cell *rows, size_t nrows);

#endif
