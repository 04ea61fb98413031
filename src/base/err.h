/*
 * err: the one error type of bpmc. Every action function returns an enum bp_err, where BP_OK (0)
 * means success; predicates return bool instead. Exactly one table (err.c) maps an error to an
 * HTTP status and a stable problem type, so that the CLI, the HTTP layer and the tests agree.
 */
#ifndef BP_ERR_H
#define BP_ERR_H

#define BP_MUST_USE __attribute__((warn_unused_result))

enum bp_err {
    BP_OK = 0,
    BP_ERR_MALFORMED,     /* bytes that do not parse: 400 */
    BP_ERR_BAD_QUERY,     /* unknown or invalid query parameter, sort, cursor: 400 */
    BP_ERR_UNAUTHENTICATED, /* no valid session: 401 */
    BP_ERR_FORBIDDEN,     /* authenticated but not allowed, or CSRF missing: 403 */
    BP_ERR_NOT_FOUND,     /* absent or invisible: 404 */
    BP_ERR_METHOD,        /* method not allowed on this route: 405 */
    BP_ERR_CONFLICT,      /* unique key taken, still referenced, idempotency clash: 409 */
    BP_ERR_STALE,         /* If-Match does not match: 412 */
    BP_ERR_TOO_LARGE,     /* body or arena over its limit: 413 */
    BP_ERR_MEDIA_TYPE,    /* wrong Content-Type: 415 */
    BP_ERR_INVALID,       /* well-formed but invalid fields: 422 */
    BP_ERR_PRECONDITION_REQUIRED, /* PATCH without If-Match: 428 */
    BP_ERR_THROTTLED,     /* too many attempts: 429 */
    BP_ERR_NOMEM,         /* allocation failed: 500 */
    BP_ERR_DB,            /* the database failed: 500 */
    BP_ERR_IO,            /* a file or socket failed: 500 */
    BP_ERR_UNAVAILABLE,   /* shutting down or overloaded: 503 */
    BP_ERR_USAGE,         /* bad command line: exit 2 */
    BP_ERR__COUNT
};

/* The HTTP status of an error (BP_OK is 200). */
int err_http_status(enum bp_err e);
/* The stable problem type URI path segment, e.g. "invalid" for BP_ERR_INVALID. */
const char *err_type(enum bp_err e);
/* A short English title, e.g. "Validation failed". */
const char *err_title_en(enum bp_err e);
/* A short Korean title, e.g. "입력값이 올바르지 않습니다". */
const char *err_title_ko(enum bp_err e);

/* Say that an error is deliberately ignored (best-effort cleanup such as ROLLBACK). */
static inline void err_ignore(enum bp_err e) { (void)e; }

#endif
