/*
 * problem: an error on its way to the user, as RFC 9457 problem+json. It carries the error kind,
 * a detail and every field at fault, each message in Korean and English; the answer's language
 * follows the caller (Accept-Language), and both are always present.
 */
#ifndef BP_PROBLEM_H
#define BP_PROBLEM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/limits.h"

struct field_error {
    char field[64];
    char ko[160];
    char en[160];
};

struct problem {
    enum bp_err err;
    char detail_ko[200];
    char detail_en[200];
    size_t n;
    struct field_error errors[PROBLEM_MAX_ERRORS];
    /* the row a 409 collides with (a booking's overlap), rendered as
     * "conflicts_with":{"collection":...,"id":...}; NULL: none */
    const char *conflict_collection;
    long long conflict_id;
};

void problem_init(struct problem *p);
/* Set the error and its detail (printf-free: plain strings). Returns err for tail calls. */
enum bp_err problem_set(struct problem *p, enum bp_err err, const char *ko, const char *en);
/* Add a field at fault; the error becomes err unless one is set. Extra fields past the limit
 * are dropped (the first ones are named). */
void problem_field(struct problem *p, enum bp_err err, const char *field, const char *ko,
                   const char *en);
/* Take back the errors about field (it was filled in after all); when none are left, the
 * problem is cleared. */
void problem_drop(struct problem *p, const char *field);
/* Render as problem+json into out. */
enum bp_err problem_render(const struct problem *p, bool english, struct buf *out);

#endif
