/*
 * card: the city's project card (사업 카드) of one program, read from the database into a model
 * (card.c) and rendered in the seed's layout as HTML (card_html.c), XLSX (card_xlsx.c), HWPX
 * (card_hwpx.c) and PDF (card_pdf.c). Every total is computed here from the lines.
 */
#ifndef BP_PROGRAM_CARD_H
#define BP_PROGRAM_CARD_H

#include <stdbool.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"
#include "modules/program/rules.h"

struct db;

#define CARD_SOURCES 4 /* 국비, 도비, 시비, 기타 */

struct card_unit {
    const char *name, *description, *detail_label, *detail, *note;
    bool active[LIMIT_CARD_PERIODS]; /* the ○ of each period column */
};

struct card_item { /* one 세부사업 of 연도별 사업비: planned won by source and period */
    const char *name;
    long long amount[CARD_SOURCES][LIMIT_CARD_PERIODS];
    long long total[CARD_SOURCES];
};

struct card_achievement {
    const char *theme, *summary, *kind_ko, *occurred_on;
};

struct card_issue {
    const char *issue, *detail, *countermeasures;
};

struct card_contact {
    const char *title, *name, *extension;
};

struct card {
    long long project_id;
    const char *name, *category, *kind_ko, *total_cost_note, *overview, *goal, *structure;
    const char *starts_on, *ends_on, *department;
    long long total_cost; /* -1: not set */
    bool ongoing;
    struct program_period periods[LIMIT_CARD_PERIODS];
    size_t nperiods;
    struct card_unit units[LIMIT_CARD_ROWS];
    size_t nunits;
    struct card_item items[LIMIT_CARD_ROWS];
    size_t nitems;
    long long period_total[LIMIT_CARD_PERIODS]; /* every item and source */
    long long grand_total;
    struct card_achievement achievements[LIMIT_CARD_ROWS];
    size_t nachievements;
    struct card_issue issues[LIMIT_CARD_ROWS];
    size_t nissues;
    struct card_contact contacts[LIMIT_CARD_ROWS];
    size_t ncontacts;
};

extern const char *const card_source_ko[CARD_SOURCES];

/* Load project_id (0: the first program) into c, texts in arena. BP_ERR_NOT_FOUND when there
 * is no such program. c is large: allocate it, do not put it on a stack. */
BP_MUST_USE enum bp_err card_load(struct db *db, long long project_id, struct arena *arena,
                                  struct card *c);

/* 사업기간 as the seed writes it: "2022년 7. ~ 2026년 6. (계속)". */
void card_term(const struct card *c, char *out, size_t size);

/* The renderers: each appends the whole document to out. */
BP_MUST_USE enum bp_err card_html(const struct card *c, struct buf *out);
BP_MUST_USE enum bp_err card_xlsx(const struct card *c, struct buf *out);
BP_MUST_USE enum bp_err card_hwpx(const struct card *c, struct buf *out);
BP_MUST_USE enum bp_err card_pdf(const struct card *c, struct buf *out);

#endif
