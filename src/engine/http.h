/*
 * http: the engine's port to the HTTP layer, implemented by src/http/ (only http/server.c
 * includes h2o.h): what a handler sees of a request and how it answers. A handler either answers at once (http_reply*, on the loop) or
 * hands a job to the writer or the worker pool (http_submit) and the answer follows when the
 * job is done. Everything hangs off the request's arena and dies with it.
 */
#ifndef BP_HTTP_H
#define BP_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/limits.h"
#include "engine/principal.h"
#include "base/problem.h"
#include "base/str.h"
#include "db/db.h"

enum http_method { HTTP_GET = 1 << 0, HTTP_POST = 1 << 1, HTTP_PATCH = 1 << 2, HTTP_DELETE = 1 << 3,
                   HTTP_HEAD = 1 << 4, HTTP_PUT = 1 << 5, HTTP_OTHER = 1 << 6 };

struct http_header {
    const char *name;
    struct str value;
};

/* What an answer carries; owned by the request (arena) or by a job (malloc). */
struct http_answer {
    int status;
    const char *content_type;
    struct buf body;
    struct str body_static; /* when set, sent instead of body: bytes that outlive the request */
    size_t nheaders;
    struct http_header headers[HTTP_MAX_HEADERS];
    const char *cache_control; /* NULL: no-store (answers depend on who asks) */
};

struct loop;
struct job;

struct http_req {
    struct arena *arena;
    enum http_method method;
    struct str path, query, body;
    struct str content_type, if_match, if_none_match, idempotency_key, csrf_token, session_token;
    struct str bearer;    /* Authorization: Bearer <token> */
    bool token_read_only; /* authenticated by a read-only API token */
    struct str token_modules; /* the token's modules as a JSON array; empty: all */
    struct str params[2]; /* pattern captures: collection, id */
    bool english;         /* Accept-Language prefers English */
    bool accept_gzip;     /* Accept-Encoding names gzip */
    char peer[48];        /* the client's address, for throttling and logs (with --trust-proxy
                             the last X-Forwarded-For entry) */
    bool secure;          /* came over TLS, or X-Forwarded-Proto: https from a trusted proxy */
    bool must_enrol_totp; /* an operator-admin past the grace days without a second factor */
    bool via_cookie;      /* authenticated by the session cookie (so CSRF applies) */
    struct principal who;
    long long session_csrf_ok; /* 1 when X-CSRF-Token matched the session's */
    struct loop *loop;
    const char *route; /* the matched pattern, for logs and metrics */
    struct http_answer ans;
    bool pending; /* a job will answer */
    bool throttled; /* answered 429 by the anonymous rate: the answer goes out after a delay */
    void *native;
};

/* How `bpmc serve` was started (flags, config file, BPMC_* environment). */
struct server_config {
    const char *db_path;
    const char *listen; /* "127.0.0.1:8080" */
    const char *access_log; /* path, "-" for stdout, NULL for none */
    int threads;
    int workers;
    size_t body_max;
    int max_connections;
    int max_connections_per_address; /* 0: no limit per address */
    int header_timeout_s;            /* a request head must arrive within this */
    int anonymous_rate;              /* API requests a second per address without signing in (0: no limit) */
    int session_idle_s, session_absolute_s;
    int admin_totp_grace_days; /* operator-admins without TOTP may work this long, then must enrol */
    int secure_cookies;
    int trust_proxy; /* take the client's address and scheme from X-Forwarded-For/-Proto */
    const char *smtp_url;   /* e-mail the outbox through this SMTP server (NULL: do not) */
    const char *mail_from;  /* sender of those e-mails */
    const char *public_url; /* the address people reach bpmc at, in front of links in e-mails */
    int access_log_retention_days; /* rows of access_log older than this are purged (>= 365) */
    int token_max_days;            /* the longest an API token may live */
    int sweep_seconds;             /* how often the sweeper runs (0: never): no-shows, SLA
                                    * escalation, KPI reminders */
    int sla_hours;                 /* the sweeper escalates deadlines due within this (1..240) */
    const char *metrics_from;      /* this client address may read /metrics unsigned (NULL: none) */
};

/* The running server's settings (http/server.c). */
const struct server_config *server_config(void);

/* The loop's read-only connection. */
struct db *http_db(struct http_req *r);
/* The version that keys cached answers: it changes at once with every commit of this process's
 * writer, and within 20 ms with commits by other processes on the same database. */
unsigned long long http_data_version(struct http_req *r);

/* Answers. The body is copied only when it is not already the answer's buffer. */
void http_reply(struct http_req *r, int status, const char *content_type, struct str body);
void http_reply_json(struct http_req *r, int status); /* body already in r->ans.body */
void http_reply_problem(struct http_req *r, const struct problem *p);
void http_reply_error(struct http_req *r, enum bp_err e);
void http_add_header(struct http_answer *a, const char *name, struct str value);

/* The cache key of this request's answer as this caller's visibility scope sees it: kind (a
 * letter per sort of answer), scope, path and query. Allocated from the request's arena; the
 * key's failed flag is set when it does not fit. */
void http_answer_key(struct http_req *r, char kind, struct buf *key);
/* Answer cache of the loop, keyed by the data version: a hit returns the cached body. */
bool http_cache_get(struct http_req *r, struct str key, struct str *body, long long *extra);
void http_cache_put(struct http_req *r, struct str key, struct str body, long long extra,
                    unsigned long long version);

/* --- jobs: work off the loop --- */

enum job_where { JOB_WRITER, JOB_WORKER };

struct job {
    /* Runs on the writer (inside a savepoint, a failure rolls back just this job) or on a
     * worker (with its own read-only connection). Fills ans. May set next_where and
     * return BP_OK to be run again there (e.g. verify a password on a worker, then write the
     * session on the writer). */
    enum bp_err (*run)(struct job *job, struct db *db);
    /* Frees what the job owns besides itself and ans. */
    void (*release)(struct job *job);
    void *payload;
    enum job_where where;
    bool rerun;
    bool english;
    /* Set by jobs that answer no request (the mailer): called on the job's thread when it is
     * done, and owns the job from then on (job_free). */
    void (*done)(struct job *job);
    struct http_answer ans; /* body malloc'd */
    /* set by http: */
    bool anonymous; /* counted among the anonymous jobs in flight (LIMIT_ANONYMOUS_JOBS) */
    struct loop *loop;
    void *native;
    void *link[2];
};

/* A job with an empty answer; NULL when out of memory. Freed by http after answering. */
struct job *job_new(enum job_where where, enum bp_err (*run)(struct job *, struct db *),
                    void *payload, void (*release)(struct job *));
/* Free a job that answers no request (see done). */
void job_free(struct job *job);
/* Set a job's answer to a problem (malloc'd body). */
void job_problem(struct job *job, const struct problem *p);
/* A job's answer for error e alone (its status, no detail). Returns e. */
enum bp_err job_fail(struct job *job, enum bp_err e);
/* A job's answer refusing the change: field (NULL: none) at fault, in Korean and English.
 * Returns e, so that `return job_refuse(...)` also rolls back what the job wrote. */
enum bp_err job_refuse(struct job *job, enum bp_err e, const char *field, const char *ko,
                       const char *en);
/* The same as the request's answer. */
void http_refuse(struct http_req *r, enum bp_err e, const char *field, const char *ko,
                 const char *en);
/* Hand a job off: the request will be answered with job->ans when it is done. The job is owned
 * by http from here on. */
void http_submit(struct http_req *r, struct job *job);
/* Hand off a job whose result nobody waits for (e.g. refreshing a session's last use). */
void http_submit_detached(struct http_req *r, struct job *job);

#endif
