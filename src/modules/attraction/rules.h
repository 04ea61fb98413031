/*
 * attraction rules: the pure rules of the attraction pipeline (no SQL, no HTTP), unit-tested in
 * tests/unit/test_attraction.c: the stages and the moves between them, what a stage asks for,
 * the activity a move leaves, the value-chain lists, and the funnel's figures.
 */
#ifndef BP_MODULE_ATTRACTION_RULES_H
#define BP_MODULE_ATTRACTION_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "engine/resource.h"

/* The stages in pipeline order; dropped is outside the order. */
enum prospect_stage {
    STAGE_IDENTIFIED,
    STAGE_CONTACTED,
    STAGE_MEETING,
    STAGE_LOI,
    STAGE_MOU,
    STAGE_MOVED_IN,
    STAGE_DROPPED,
    STAGE__COUNT
};

/* The stages' names and labels, in enum prospect_stage's order (the status field's values). */
extern const struct enum_value prospect_stages[];
/* The stages a prospect may be dropped from (prospects.dropped_from). */
extern const struct enum_value prospect_open_stages[];
/* Every allowed move: forward to any later stage up to MOU, to moved_in from loi or mou, one
 * step back (a correction), to dropped from any open stage, and from dropped back to any open
 * stage. moved_in is final. Terminated by {NULL, NULL}. */
extern const struct transition prospect_transitions[];

/* The index of a stage by name, or -1. */
int prospect_stage_index(const char *name);
/* Whether a prospect may move from stage from to stage to (the table above). */
bool prospect_step_allowed(const char *from, const char *to);
/* The field a move to stage to needs set (loi_on, mou_on, drop_reason), or NULL. */
const char *prospect_stage_needs(const char *to);
/* The kind of the activity a move to stage to leaves: loi, mou or stage_change. */
const char *prospect_change_kind(const char *to);
/* The summary of that activity, "단계 변경: 면담 → 입주의향서(LOI) / Stage: Meeting → LOI",
 * into out (cut to size, always terminated). */
void prospect_change_summary(const char *from, const char *to, char *out, size_t size);

/* Parse a value-chain list (a JSON array of organisation ids, as numbers or digit strings) into
 * ids (at most max); *n gets how many. false when the text is no such array, an id is not a
 * positive integer, or there are more than max. */
bool prospect_org_ids(const char *json, long long *ids, size_t max, size_t *n);

/* The funnel: how many prospects are at each stage, and how many reached each stage of the
 * order (a dropped prospect reached the stage it was dropped from). */
struct funnel {
    long long at[STAGE__COUNT];
    long long reached[STAGE_MOVED_IN + 1];
    long long total;
};
/* Count one prospect at stage (and, when dropped, dropped_from) into f. Unknown names count in
 * total only. */
void funnel_add(struct funnel *f, const char *stage, const char *dropped_from);
/* The conversion from stage i to stage i+1 (i < STAGE_MOVED_IN) in per mille, rounded: reached
 * i+1 over reached i; -1 when none reached i. */
int funnel_conversion_permille(const struct funnel *f, int i);

#endif
