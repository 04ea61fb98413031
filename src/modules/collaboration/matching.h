/*
 * matching: how well a capability serves a need, as numbers and as reasons a person can read.
 * Pure rules (no HTTP, no SQL): the caller gathers each side's text, fields, stage, kind and
 * status, and the text relevance SQLite's BM25 gave; this module scores and explains. The
 * rules and weights are in docs/matching.md; the score is deterministic.
 */
#ifndef BP_MATCHING_H
#define BP_MATCHING_H

#include <stdbool.h>
#include <stddef.h>

#include "base/limits.h"

/* Weights of the parts (sum 1). */
#define MATCH_W_TEXT 0.35
#define MATCH_W_FIELDS 0.30
#define MATCH_W_KIND 0.15
#define MATCH_W_STAGE 0.10
#define MATCH_W_AVAILABILITY 0.10
/* The kind part when the need names the kind only in its description, not in its title. */
#define MATCH_KIND_IN_TEXT 0.5
/* The share of the text part kept when the two sides have at most one word in common. */
#define MATCH_ONE_WORD 0.5

/* The kinds of capability matching knows (data-set, clinical-trial, research-service,
 * equipment, expertise, space). */
#define MATCH_KINDS 6

/* What the rules work out of a need's text alone (how strongly it asks for each kind), kept
 * for all the candidates of one matching: zeroed by the caller, filled as they are asked. */
struct match_memo {
    double kind[MATCH_KINDS];
    bool known[MATCH_KINDS];
};

struct match_need {
    const char *text;  /* title and description */
    const char *stage; /* lifecycle stage or NULL */
    const char *const *fields;
    size_t nfields;
    const char *status;
    struct match_memo *memo; /* NULL, or the need's memo (text is the same for each call) */
};

struct match_capability {
    const char *text;
    const char *kind;
    const char *const *fields;
    size_t nfields;
    const char *status;
};

struct match_parts {
    double text, fields, kind, stage, availability, total;
    /* what the reasons name */
    const char *shared_fields[MATCH_MAX_FIELDS]; /* slugs present on both sides */
    size_t nshared;
    char words[MATCH_MAX_WORDS][64]; /* words of the need found in the capability */
    size_t nwords;
    bool kind_asked, stage_fits;
};

/* Score capability c for need n. text_relevance is 0..1 (1: the best BM25 among the
 * candidates). Unavailable pairs (retired capability, closed need) score availability 0. */
void matching_score(const struct match_need *n, const struct match_capability *c,
                    double text_relevance, struct match_parts *out);
/* The most matching_score can give the pair: every part but the words in common, which only
 * lower the text part (MATCH_ONE_WORD), and c->text is not read; n->text NULL when it is not
 * known yet (the kind part then counts at its best). An upper bound a caller prunes its
 * candidates with before it reads their texts. */
double matching_bound(const struct match_need *n, const struct match_capability *c,
                      double text_relevance);
/* The most the kind, stage and availability parts of matching_score can add up to (weighted)
 * for a pair of which one side is known: the need n (c NULL), over every kind a capability may
 * have, or the capability c (n NULL), over every need. An upper bound a caller prunes its
 * candidates with: no pair scores more than text, fields and this. */
double matching_rest_bound(const struct match_need *n, const struct match_capability *c);
/* Whether a capability of this kind is what a need at this stage usually asks for. */
bool matching_stage_fits(const char *stage, const char *kind);
/* How strongly the need's text (title, a newline, description) asks for this kind: 1 when its
 * title names it (keywords such as 데이터 for data-set), MATCH_KIND_IN_TEXT when only the
 * description does, 0 when neither; a keyword behind a negating syllable (비임상, 전임상) does
 * not count. */
double matching_kind_strength(const char *need_text, const char *kind);
/* Whether the need's text asks for this kind at all. */
bool matching_kind_asked(const char *need_text, const char *kind);
/* Korean and English names of a capability kind and a lifecycle stage. */
const char *matching_kind_name(const char *kind, bool english);
const char *matching_stage_name(const char *stage, bool english);

#endif
