/*
 * rules: the pure rules of the collaboration workflow, apart from the database so that they are
 * unit-tested (tests/unit/test_collaboration.c): who may do what to a partnership request, when
 * an answer starts a collaboration, what the collaboration is called and when it starts.
 */
#ifndef BP_MODULE_COLLABORATION_RULES_H
#define BP_MODULE_COLLABORATION_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Where the one changing a request stands towards it. */
enum match_side {
    MATCH_OUTSIDER, /* neither organisation: the request does not exist for them */
    MATCH_ASKING,   /* the organisation of the need, which asked */
    MATCH_PARTNER,  /* the organisation of the capability, which answers */
    MATCH_OPERATOR, /* the cluster's operators: any change the transitions allow */
};

/* The side of a caller of organisation org (operator: an operator) on a request of asking and
 * partner. */
enum match_side match_side_of(bool operator, long long org, long long asking, long long partner);
/* Whether side may move a request from status from to status to: the partner accepts or
 * declines, the asking side withdraws; leaving it as it is is always allowed. (Whether from ->
 * to is a transition at all is the entry's to say.) */
bool match_may_set_status(enum match_side side, const char *from, const char *to);
/* Whether side may write field of a request: the message is the asking side's, the response
 * the partner's; the other fields are not parted. */
bool match_may_write(enum match_side side, const char *field);
/* Whether side, moving a request from from to to, starts a collaboration: the partner's (or an
 * operator's) acceptance of a request still open. */
bool match_starts_collaboration(enum match_side side, const char *from, const char *to);

/* The title an acceptance proposes for its collaboration (the partner may write another): "need
 * — partner organisation", cut to at most max_chars characters (whole UTF-8 characters) and
 * size - 1 bytes, into out. */
void collaboration_title(const char *need, const char *partner, size_t max_chars, char *out,
                         size_t size);
/* The calendar date in Korea (UTC+9, no daylight saving) at t, as YYYY-MM-DD: a collaboration
 * starts on the day it was accepted there, whatever the server's time zone. */
void date_in_korea(time_t t, char out[11]);

#endif
