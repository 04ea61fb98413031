/*
 * server: the h2o glue. A loop per core owns a listener (SO_REUSEPORT), a read-only database
 * connection, an answer cache, metrics and an access-log buffer; nothing is shared between
 * loops but the writer's queue and the data version. Jobs come back to their loop through an
 * h2o_multithread queue; a request that went away meanwhile is never touched.
 */
#include "http/server.h"

#include <errno.h>
#include <fcntl.h>
#include <h2o.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sodium.h>

#include "base/limits.h"
#include "engine/resource.h"
#include "engine/http.h"
#include "http/cache.h"
#include "http/jobs.h"
#include "http/mailer.h"
#include "http/sweeper.h"
#include "http/routes.h"
#include "modules/accounts/credentials.h"
#include "base/banned.h"

#define CSP_POLICY                                                                                 \
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "                \
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
#define HIST_BUCKETS 14
#define EXTERNAL_POLL_MS 20
#define SHUTDOWN_GRACE_MS 200
#define STATUS_CLASSES 6

static const double hist_le_ms[HIST_BUCKETS] = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 1e30};

struct loop {
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    h2o_socket_t *listener;
    h2o_multithread_queue_t *queue;
    h2o_multithread_receiver_t receiver;
    struct db *db;
    pthread_t thread;
    int id;
    int fd;
    size_t inflight;
    size_t conns; /* open connections of this loop */
    size_t refused_conns; /* connections refused over their address's limit */
    h2o_timeout_t linger_timeout;
    h2o_timeout_t throttle_timeout; /* LIMIT_THROTTLE_DELAY_MS: held 429 answers */
    double polled_ms;            /* last look at data_version */
    long long external_seen;     /* its value then */
    unsigned long long external_epoch; /* bumped when it changed */
    struct answer_cache cache;
    struct buf log;
    _Atomic unsigned long long *counts; /* [routes+1][STATUS_CLASSES] */
    _Atomic unsigned long long hist[HIST_BUCKETS];
    _Atomic unsigned long long hist_sum_us;
};

/* A job's hold on its request: disarmed when the job answers, or when the request goes away. */
struct job_ticket {
    struct job *job;
};

static h2o_globalconf_t h2o_config;
static struct server_config cfg;
static struct loop loops[LOOPS_MAX];
static int nloops;
static volatile sig_atomic_t stop_requested;
static _Atomic int connections;
/* Open connections per client address, in buckets keyed by a secret SipHash of the address:
 * two addresses share a bucket rarely and unpredictably (the key is new at every start). */
#define ADDR_BUCKETS 65536
static _Atomic unsigned short addr_conns[ADDR_BUCKETS];
static unsigned char addr_key[crypto_shorthash_KEYBYTES];
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -1;

const struct server_config *server_config(void) { return &cfg; }

static void counter_add(_Atomic unsigned long long *c, unsigned long long n)
{
    /* Only the owning loop writes: a relaxed load and store, no locked instruction. */
    atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n, memory_order_relaxed);
}

static double now_ms(void);

struct db *http_db(struct http_req *r) { return r->loop->db; }
/* How often a loop looks at the database's data version, in ms: EXTERNAL_POLL_MS, or
 * BPMC_CACHE_POLL_MS (0 to 1000; 0 looks at every cached read: another server's commit is then
 * seen by the next read that begins after its answer). */
static double external_poll_ms = EXTERNAL_POLL_MS;

/* The cache's version: this process's commits count at once (the writer's counter); commits by
 * other processes on the same database are seen by polling db_data_version (SQLite's
 * data_version, PostgreSQL's row bpmc_data_version) at most every external_poll_ms, which costs
 * the start of a read (on PostgreSQL a round trip) and so is not done per request. */
unsigned long long http_data_version(struct http_req *r)
{
    struct loop *l = r->loop;
    double now = now_ms();
    if (now - l->polled_ms >= external_poll_ms) {
        long long v;
        l->polled_ms = now;
        if (db_data_version(l->db, &v) == BP_OK && v != l->external_seen) {
            l->external_seen = v;
            l->external_epoch++;
        }
    }
    return (jobs_data_version() << 24) ^ (l->external_epoch & 0xffffff);
}

void http_answer_key(struct http_req *r, char kind, struct buf *key)
{
    char scope[48];
    principal_scope_key(&r->who, scope, sizeof(scope));
    buf_init(key, r->arena, LIMIT_QUERY_STRING + 256);
    (void)buf_addf(key, "%c%s\x1f%.*s\x1f", kind, scope, (int)r->path.len, r->path.ptr);
    (void)buf_addstr(key, r->query);
}

bool http_cache_get(struct http_req *r, struct str key, struct str *body, long long *extra)
{
    return answer_cache_get(&r->loop->cache, key, http_data_version(r), body, extra);
}

void http_cache_put(struct http_req *r, struct str key, struct str body, long long extra,
                    unsigned long long version)
{
    answer_cache_put(&r->loop->cache, key, body, extra, version);
}

void http_add_header(struct http_answer *a, const char *name, struct str value)
{
    if (a->nheaders < HTTP_MAX_HEADERS) {
        a->headers[a->nheaders++] = (struct http_header){name, value};
    } else {
        /* A handler's bug, not a client's: the answer becomes a 500 (send_answer), never one
         * without this header. */
        fprintf(stderr, "bpmc: answer header %s is one more than HTTP_MAX_HEADERS (%d)\n", name,
                HTTP_MAX_HEADERS);
        a->nheaders = HTTP_MAX_HEADERS + 1;
    }
}

void http_reply(struct http_req *r, int status, const char *content_type, struct str body)
{
    r->ans.status = status;
    r->ans.content_type = content_type;
    if (body.ptr != r->ans.body.data) {
        buf_reset(&r->ans.body);
        (void)buf_addstr(&r->ans.body, body);
    }
}

void http_reply_json(struct http_req *r, int status)
{
    r->ans.status = status;
    r->ans.content_type = "application/json; charset=utf-8";
}

void http_reply_problem(struct http_req *r, const struct problem *p)
{
    buf_reset(&r->ans.body);
    err_ignore(problem_render(p, r->english, &r->ans.body));
    r->ans.status = err_http_status(p->err);
    r->ans.content_type = "application/problem+json; charset=utf-8";
    if (p->err == BP_ERR_UNAUTHENTICATED)
        http_add_header(&r->ans, "www-authenticate",
                        r->bearer.len ? STR_LIT("Bearer error=\"invalid_token\"")
                                      : STR_LIT("Cookie realm=\"bpmc\""));
}

void http_reply_error(struct http_req *r, enum bp_err e)
{
    struct problem p;
    problem_init(&p);
    p.err = e;
    http_reply_problem(r, &p);
}

struct job *job_new(enum job_where where, enum bp_err (*run)(struct job *, struct db *),
                    void *payload, void (*release)(struct job *))
{
    struct job *job = calloc(1, sizeof(*job));
    if (!job)
        return NULL;
    job->where = where;
    job->run = run;
    job->payload = payload;
    job->release = release;
    buf_init(&job->ans.body, NULL, LIMIT_ARENA_BYTES * 8);
    return job;
}

void job_problem(struct job *job, const struct problem *p)
{
    buf_reset(&job->ans.body);
    err_ignore(problem_render(p, job->english, &job->ans.body));
    job->ans.status = err_http_status(p->err);
    job->ans.content_type = "application/problem+json; charset=utf-8";
}

enum bp_err job_fail(struct job *job, enum bp_err e)
{
    struct problem p;
    problem_init(&p);
    p.err = e;
    job_problem(job, &p);
    return e;
}

static void refusal(struct problem *p, enum bp_err e, const char *field, const char *ko,
                    const char *en)
{
    problem_init(p);
    (void)problem_refuse(p, field, e, ko, en);
}

enum bp_err job_refuse(struct job *job, enum bp_err e, const char *field, const char *ko,
                       const char *en)
{
    struct problem p;
    refusal(&p, e, field, ko, en);
    job_problem(job, &p);
    return e;
}

void http_refuse(struct http_req *r, enum bp_err e, const char *field, const char *ko,
                 const char *en)
{
    struct problem p;
    refusal(&p, e, field, ko, en);
    http_reply_problem(r, &p);
}

/* Jobs of anonymous callers queued or running (http_submit), from every loop. */
static _Atomic int anonymous_jobs;
static int anonymous_jobs_max = LIMIT_ANONYMOUS_JOBS;

void job_free(struct job *job)
{
    if (job->anonymous)
        atomic_fetch_sub(&anonymous_jobs, 1);
    if (job->release)
        job->release(job);
    buf_release(&job->ans.body);
    free(job);
}

/* --- answering --- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void log_request(struct loop *l, h2o_req_t *req, const char *route, int status,
                        size_t bytes, double us, long long user)
{
    size_t ri = routes_index(route);
    int cls = status / 100;
    counter_add(&l->counts[ri * STATUS_CLASSES + (size_t)(cls >= 1 && cls <= 5 ? cls : 0)], 1);
    for (int i = 0; i < HIST_BUCKETS; i++) {
        if (us / 1000.0 <= hist_le_ms[i]) {
            counter_add(&l->hist[i], 1);
            break;
        }
    }
    counter_add(&l->hist_sum_us, (unsigned long long)us);
    if (log_fd < 0)
        return;
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    (void)buf_addf(&l->log,
                   "{\"time\":\"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ\",\"method\":\"%.*s\","
                   "\"route\":\"%s\",\"status\":%d,\"bytes\":%zu,\"us\":%.0f,\"user\":%lld}\n",
                   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                   tm.tm_sec, ts.tv_nsec / 1000000, (int)(req->method.len < 10 ? req->method.len : 10),
                   req->method.base, route ? route : "-", status, bytes, us, user);
    if (l->log.len > 32768 || l->log.failed) {
        pthread_mutex_lock(&log_lock);
        if (write(log_fd, l->log.data, l->log.len) < 0) {
            /* the log is best effort; requests go on */
        }
        pthread_mutex_unlock(&log_lock);
        buf_reset(&l->log);
    }
}

static void flush_log(struct loop *l)
{
    if (l->log.len && log_fd >= 0) {
        pthread_mutex_lock(&log_lock);
        if (write(log_fd, l->log.data, l->log.len) < 0) {
            /* best effort */
        }
        pthread_mutex_unlock(&log_lock);
    }
    buf_reset(&l->log);
}

static const char *status_reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 428: return "Precondition Required";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status < 500 ? "Client Error" : "Internal Server Error";
    }
}

static void set_header(h2o_req_t *req, const h2o_token_t *token, const char *v)
{
    h2o_add_header(&req->pool, &req->res.headers, token, NULL, v, strlen(v));
}

/* Replace an answer by a 500 problem. */
static void answer_internal_error(struct http_answer *a)
{
    struct problem p; /* only on a handler's bug */
    problem_init(&p);
    p.err = BP_ERR_IO;
    a->status = 500;
    a->nheaders = 0;
    a->content_type = "application/problem+json; charset=utf-8";
    a->body_static = (struct str){NULL, 0};
    buf_reset(&a->body);
    err_ignore(problem_render(&p, false, &a->body));
}

static void send_answer(h2o_req_t *req, struct loop *l, const char *route, struct http_answer *a,
                        bool copy_body, double started_ms, long long user)
{
    static h2o_generator_t generator = {NULL, NULL};
    if (a->nheaders > HTTP_MAX_HEADERS) /* http_add_header said which */
        answer_internal_error(a);
    int status = a->status ? a->status : 500;
    req->res.status = status;
    req->res.reason = status_reason(status);
    set_header(req, H2O_TOKEN_CONTENT_TYPE,
               a->content_type ? a->content_type : "application/json; charset=utf-8");
    set_header(req, H2O_TOKEN_CACHE_CONTROL, a->cache_control ? a->cache_control : "no-store");
    for (size_t i = 0; i < a->nheaders; i++) {
        char *v = h2o_mem_alloc_pool(&req->pool, a->headers[i].value.len + 1);
        memcpy(v, a->headers[i].value.ptr, a->headers[i].value.len);
        h2o_add_header_by_str(&req->pool, &req->res.headers, a->headers[i].name,
                              strlen(a->headers[i].name), 1, NULL, v, a->headers[i].value.len);
    }
    h2o_iovec_t body = a->body_static.ptr ? h2o_iovec_init(a->body_static.ptr, a->body_static.len)
                                          : h2o_iovec_init(a->body.data, a->body.len);
    if (copy_body && a->body.len) {
        body.base = h2o_mem_alloc_pool(&req->pool, a->body.len);
        memcpy(body.base, a->body.data, a->body.len);
    }
    req->res.content_length = body.len;
    size_t bytes = body.len;
    h2o_start_response(req, &generator);
    if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("HEAD")))
        body.len = 0;
    h2o_send(req, &body, 1, H2O_SEND_STATE_FINAL);
    log_request(l, req, route, status, bytes, (now_ms() - started_ms) * 1000.0, user);
}

/* Per-request state that outlives on_req for async answers. */
struct req_state {
    struct http_req r;
    struct arena arena;
    double started_ms;
    struct job_ticket *ticket;
};

static void ticket_dispose(void *p)
{
    struct job_ticket *t = p;
    if (t->job)
        t->job->native = NULL; /* the request is gone: the job must not touch it */
}

void http_submit(struct http_req *r, struct job *job)
{
    h2o_req_t *req = r->native;
    struct req_state *st = (struct req_state *)r;
    /* Anonymous work waits for the workers in a queue of its own bound: beyond it the caller
     * tries again later, and signed-in users' jobs do not wait behind a flood. */
    if (r->who.user_id == 0) {
        if (atomic_fetch_add(&anonymous_jobs, 1) >= anonymous_jobs_max) {
            atomic_fetch_sub(&anonymous_jobs, 1);
            job_free(job);
            struct problem p;
            problem_init(&p);
            problem_set(&p, BP_ERR_UNAVAILABLE,
                        "로그인하지 않은 요청이 지금 너무 많습니다. 잠시 후 다시 시도하세요",
                        "too many requests without signing in right now: try again shortly");
            http_reply_problem(r, &p);
            http_add_header(&r->ans, "retry-after", STR_LIT("1"));
            return;
        }
        job->anonymous = true;
    }
    job->loop = r->loop;
    job->english = r->english;
    struct job_ticket *t = h2o_mem_alloc_shared(&req->pool, sizeof(*t), ticket_dispose);
    t->job = job;
    job->native = st;
    st->ticket = t;
    r->pending = true;
    r->loop->inflight++;
    if (!jobs_submit(job)) {
        t->job = NULL;
        job_free(job);
        r->pending = false;
        r->loop->inflight--;
        http_reply_error(r, BP_ERR_UNAVAILABLE);
    }
}

void http_submit_detached(struct http_req *r, struct job *job)
{
    job->loop = r->loop;
    job->native = NULL;
    r->loop->inflight++;
    if (!jobs_submit(job)) {
        r->loop->inflight--;
        job_free(job);
    }
}

/* On a job thread: send the job home. */
static void job_finished(struct job *job)
{
    _Static_assert(sizeof(job->link) >= sizeof(h2o_multithread_message_t), "job link too small");
    if (job->done) {
        job->done(job);
        return;
    }
    h2o_multithread_message_t *msg = (h2o_multithread_message_t *)&job->link;
    memset(msg, 0, sizeof(*msg));
    struct loop *l = job->loop;
    h2o_multithread_send_message(&l->receiver, msg);
}

static void on_jobs_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    struct loop *l = H2O_STRUCT_FROM_MEMBER(struct loop, receiver, receiver);
    while (!h2o_linklist_is_empty(messages)) {
        h2o_multithread_message_t *msg =
            H2O_STRUCT_FROM_MEMBER(h2o_multithread_message_t, link, messages->next);
        h2o_linklist_unlink(&msg->link);
        struct job *job = (struct job *)((char *)msg - offsetof(struct job, link));
        struct req_state *st = job->native;
        if (st) {
            st->ticket->job = NULL;
            send_answer(st->r.native, l, st->r.route, &job->ans, true, st->started_ms,
                        st->r.who.user_id);
        }
        l->inflight--;
        job_free(job);
    }
}

/* --- requests --- */

static void *pool_alloc(void *pool, size_t size) { return h2o_mem_alloc_pool(pool, size); }

static struct str header(h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t i = h2o_find_header(&req->headers, token, -1);
    if (i < 0)
        return STR_NULL;
    return (struct str){req->headers.entries[i].value.base, req->headers.entries[i].value.len};
}

static struct str header_by_name(h2o_req_t *req, const char *name)
{
    ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);
    if (i < 0)
        return STR_NULL;
    return (struct str){req->headers.entries[i].value.base, req->headers.entries[i].value.len};
}

static struct str cookie_value(struct str cookies, const char *name)
{
    size_t n = strlen(name);
    while (cookies.ptr && cookies.len) {
        struct str one;
        cookies = str_cut(cookies, ';', &one);
        while (one.len && one.ptr[0] == ' ')
            one.ptr++, one.len--;
        if (one.len > n && memcmp(one.ptr, name, n) == 0 && one.ptr[n] == '=')
            return (struct str){one.ptr + n + 1, one.len - n - 1};
    }
    return STR_NULL;
}

/* The last comma-separated entry of the last header called name, trimmed; STR_NULL when there
 * is none. Behind a proxy only the last entry is the proxy's own: those before it came from the
 * client and may be forged. */
static struct str last_forwarded(h2o_req_t *req, const char *name)
{
    size_t n = strlen(name);
    ssize_t i = -1, last = -1;
    while ((i = h2o_find_header_by_str(&req->headers, name, n, i)) != -1)
        last = i;
    if (last < 0)
        return STR_NULL;
    h2o_iovec_t v = req->headers.entries[last].value;
    size_t start = v.len, end = v.len;
    while (start > 0 && v.base[start - 1] != ',')
        start--;
    while (start < end && (v.base[start] == ' ' || v.base[start] == '\t'))
        start++;
    while (end > start && (v.base[end - 1] == ' ' || v.base[end - 1] == '\t'))
        end--;
    return (struct str){v.base + start, end - start};
}

/* --trust-proxy: the client's address and scheme as the reverse proxy in front of us saw them.
 * An entry that is not an IP address leaves the socket's peer. */
static void trust_forwarded(h2o_req_t *req, struct http_req *r)
{
    struct str ip = last_forwarded(req, "x-forwarded-for");
    char text[sizeof(r->peer)];
    unsigned char bin[sizeof(struct in6_addr)];
    if (ip.len > 0 && ip.len < sizeof(text)) {
        memcpy(text, ip.ptr, ip.len);
        text[ip.len] = '\0';
        int family = memchr(ip.ptr, ':', ip.len) ? AF_INET6 : AF_INET;
        if (inet_pton(family, text, bin) == 1) /* written back in its canonical form */
            inet_ntop(family, bin, r->peer, sizeof(r->peer));
    }
    if (str_eq_ci(last_forwarded(req, "x-forwarded-proto"), "https"))
        r->secure = true;
}

static enum http_method method_of(h2o_iovec_t m)
{
    if (h2o_memis(m.base, m.len, H2O_STRLIT("GET")))
        return HTTP_GET;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("POST")))
        return HTTP_POST;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("PATCH")))
        return HTTP_PATCH;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("DELETE")))
        return HTTP_DELETE;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("HEAD")))
        return HTTP_HEAD;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("PUT")))
        return HTTP_PUT;
    return HTTP_OTHER;
}

/* Item 10 of issue #10: h2o 2.2 takes the first of two Content-Length headers, and chunked
 * encoding over a Content-Length, keeping the connection either way; neither header reaches
 * the handler (h2o keeps them out of req->headers). So the head is read again here from the
 * connection's input buffer, where it still starts (h2o consumes a request only after its
 * answer): two different Content-Length values, or one with Transfer-Encoding, is a request
 * some proxy in front may read otherwise. True when the head frames its body ambiguously. */
static bool framing_ambiguous(h2o_req_t *req)
{
    if (req->version >= 0x200 || !req->conn->callbacks->get_socket)
        return false;
    h2o_socket_t *sock = req->conn->callbacks->get_socket(req->conn);
    if (!sock || !sock->input || !sock->input->size)
        return false;
    struct str in = {sock->input->bytes, sock->input->size}, line;
    struct str cl = STR_NULL;
    bool te = false, first = true;
    while (in.ptr && in.len) {
        in = str_cut(in, '\n', &line);
        if (line.len && line.ptr[line.len - 1] == '\r')
            line.len--;
        if (line.len == 0)
            break; /* the end of the head */
        if (first) { /* the request line */
            first = false;
            continue;
        }
        struct str name, value = str_cut(line, ':', &name);
        if (!value.ptr)
            continue;
        while (value.len && (value.ptr[0] == ' ' || value.ptr[0] == '\t'))
            value.ptr++, value.len--;
        while (value.len && (value.ptr[value.len - 1] == ' ' || value.ptr[value.len - 1] == '\t'))
            value.len--;
        if (str_eq_ci(name, "transfer-encoding")) {
            te = true;
        } else if (str_eq_ci(name, "content-length")) {
            if (cl.ptr && !str_eq(cl, value))
                return true;
            cl = value;
        }
    }
    return te && cl.ptr;
}

/* A 429 of the anonymous rate, held for LIMIT_THROTTLE_DELAY_MS before it goes out: the
 * connection sends nothing more meanwhile (HTTP/1.1 answers in order), so a flood on keep-alive
 * connections costs the loop one answer a second per connection rather than one per round trip.
 * The timer lives in the request's pool and goes with it if the client leaves first. */
struct held_answer {
    h2o_timeout_entry_t timer;
    struct req_state *st;
};

static void held_send(h2o_timeout_entry_t *entry)
{
    struct held_answer *h = H2O_STRUCT_FROM_MEMBER(struct held_answer, timer, entry);
    struct req_state *st = h->st;
    st->r.loop->inflight--;
    send_answer(st->r.native, st->r.loop, st->r.route, &st->r.ans, false, st->started_ms, 0);
}

static void held_dispose(void *p)
{
    struct held_answer *h = p;
    if (h2o_timeout_is_linked(&h->timer)) { /* the client left before its answer */
        h2o_timeout_unlink(&h->timer);
        h->st->r.loop->inflight--;
    }
}

static void hold_answer(h2o_req_t *req, struct req_state *st)
{
    struct held_answer *h = h2o_mem_alloc_shared(&req->pool, sizeof(*h), held_dispose);
    memset(h, 0, sizeof(*h));
    h->st = st;
    h->timer.cb = held_send;
    st->r.loop->inflight++;
    h2o_timeout_link(st->r.loop->ctx.loop, &st->r.loop->throttle_timeout, &h->timer);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    (void)self;
    struct loop *l = H2O_STRUCT_FROM_MEMBER(struct loop, ctx, req->conn->ctx);
    struct req_state *st = h2o_mem_alloc_pool(&req->pool, sizeof(*st));
    memset(st, 0, sizeof(*st));
    st->started_ms = now_ms();
    struct http_req *r = &st->r;
    arena_init_pool(&st->arena, LIMIT_ARENA_BYTES, pool_alloc, &req->pool);
    r->arena = &st->arena;
    r->native = req;
    r->loop = l;
    r->method = method_of(req->method);
    struct str path = {req->path_normalized.base, req->path_normalized.len};
    r->path = path;
    if (framing_ambiguous(req)) {
        /* Answer and close: what follows on this connection cannot be told apart. */
        req->http1_is_persistent = 0;
        r->english = true;
        buf_init(&r->ans.body, r->arena, 4096);
        http_refuse(r, BP_ERR_MALFORMED, "content-length",
                    "Content-Length가 둘이거나 Transfer-Encoding과 함께 왔습니다: 본문의 길이가 모호합니다",
                    "two Content-Length values, or Content-Length with Transfer-Encoding: the body's "
                    "length is ambiguous");
        send_answer(req, l, NULL, &r->ans, false, st->started_ms, 0);
        return 0;
    }
    if (req->query_at != SIZE_MAX)
        r->query = (struct str){req->path.base + req->query_at + 1, req->path.len - req->query_at - 1};
    r->body = (struct str){req->entity.base ? req->entity.base : "", req->entity.len};
    r->content_type = header(req, H2O_TOKEN_CONTENT_TYPE);
    r->if_match = header(req, H2O_TOKEN_IF_MATCH);
    r->if_none_match = header(req, H2O_TOKEN_IF_NONE_MATCH);
    r->idempotency_key = header_by_name(req, "idempotency-key");
    r->csrf_token = header_by_name(req, "x-csrf-token");
    r->session_token = cookie_value(header(req, H2O_TOKEN_COOKIE), "bpmc_session");
    struct str auth = header(req, H2O_TOKEN_AUTHORIZATION);
    if (auth.len > 7 && str_eq_ci((struct str){auth.ptr, 7}, "bearer "))
        r->bearer = (struct str){auth.ptr + 7, auth.len - 7};
    struct str lang = header(req, H2O_TOKEN_ACCEPT_LANGUAGE);
    r->english = lang.len >= 2 && (lang.ptr[0] == 'e' || lang.ptr[0] == 'E') &&
                 (lang.ptr[1] == 'n' || lang.ptr[1] == 'N');
    struct sockaddr_storage ss;
    socklen_t sl = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    if (sl && ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, r->peer, sizeof(r->peer));
    else if (sl && ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, r->peer, sizeof(r->peer));
    r->secure = req->scheme == &H2O_URL_SCHEME_HTTPS;
    if (cfg.trust_proxy) /* without it these headers are the client's word: ignored */
        trust_forwarded(req, r);
    struct str enc = header(req, H2O_TOKEN_ACCEPT_ENCODING);
    r->accept_gzip = enc.len && memmem(enc.ptr, enc.len, "gzip", 4) != NULL;
    buf_init(&r->ans.body, r->arena, LIMIT_ARENA_BYTES);
    routes_dispatch(r);
    if (r->pending)
        return 0;
    if (r->throttled) {
        hold_answer(req, st);
        return 0;
    }
    send_answer(req, l, r->route, &r->ans, false, st->started_ms, r->who.user_id);
    return 0;
}

/* --- connections --- */

struct conn_info {
    struct loop *loop;
    unsigned bucket; /* ADDR_BUCKETS: not counted per address */
};

static unsigned addr_bucket(h2o_socket_t *sock)
{
    struct sockaddr_storage ss;
    socklen_t sl = h2o_socket_getpeername(sock, (struct sockaddr *)&ss);
    unsigned char h[crypto_shorthash_BYTES];
    if (sl && ss.ss_family == AF_INET)
        crypto_shorthash(h, (const unsigned char *)&((struct sockaddr_in *)&ss)->sin_addr, 4, addr_key);
    else if (sl && ss.ss_family == AF_INET6)
        crypto_shorthash(h, (const unsigned char *)&((struct sockaddr_in6 *)&ss)->sin6_addr, 16, addr_key);
    else
        return ADDR_BUCKETS;
    return ((unsigned)h[0] | (unsigned)h[1] << 8) % ADDR_BUCKETS;
}

static void on_conn_close(void *data)
{
    struct conn_info *ci = data;
    ci->loop->conns--;
    atomic_fetch_sub(&connections, 1);
    if (ci->bucket < ADDR_BUCKETS)
        atomic_fetch_sub(&addr_conns[ci->bucket], 1);
    free(ci);
}

/* A connection over its address's limit: a 503 problem, then a lingering close (the write side
 * shut, what the client sends read and dropped until it closes or LIMIT_LINGER_MS), so the
 * client reads the answer instead of a reset. */
struct refused_conn {
    h2o_timeout_entry_t timer;
    h2o_socket_t *sock;
};

static void refused_close(struct refused_conn *rc)
{
    h2o_timeout_unlink(&rc->timer);
    h2o_socket_close(rc->sock);
    free(rc);
}

static void refused_on_timeout(h2o_timeout_entry_t *entry)
{
    refused_close(H2O_STRUCT_FROM_MEMBER(struct refused_conn, timer, entry));
}

static void refused_on_read(h2o_socket_t *sock, const char *err)
{
    struct refused_conn *rc = sock->data;
    if (err) {
        refused_close(rc);
        return;
    }
    h2o_buffer_consume(&sock->input, sock->input->size);
}

static void refused_on_written(h2o_socket_t *sock, const char *err)
{
    struct refused_conn *rc = sock->data;
    if (err) {
        refused_close(rc);
        return;
    }
    shutdown(h2o_socket_get_fd(sock), SHUT_WR);
    h2o_socket_read_start(sock, refused_on_read);
}

/* The answer to a connection over its address's limit, rendered once before the loops start. */
static char refused_answer[1024];
static size_t refused_answer_len;

static void render_refused_answer(void)
{
    struct buf b;
    struct problem p;
    buf_init(&b, NULL, 768);
    problem_init(&p);
    problem_set(&p, BP_ERR_UNAVAILABLE, "이 주소에서 연결이 너무 많습니다. 열린 연결을 닫고 다시 시도하세요",
                "too many connections from this address: close some and try again");
    err_ignore(problem_render(&p, false, &b));
    int n = snprintf(refused_answer, sizeof(refused_answer),
                     "HTTP/1.1 503 Service Unavailable\r\n"
                     "Content-Type: application/problem+json; charset=utf-8\r\n"
                     "Retry-After: %d\r\nConnection: close\r\nCache-Control: no-store\r\n"
                     "Content-Length: %zu\r\n\r\n%.*s",
                     cfg.header_timeout_s, b.len, (int)b.len, b.data);
    buf_release(&b);
    refused_answer_len = n > 0 && (size_t)n < sizeof(refused_answer) ? (size_t)n : 0;
}

static void refuse_connection(struct loop *l, h2o_socket_t *sock)
{
    struct refused_conn *rc = calloc(1, sizeof(*rc));
    if (!rc) {
        h2o_socket_close(sock);
        return;
    }
    rc->sock = sock;
    sock->data = rc;
    rc->timer.cb = refused_on_timeout;
    h2o_timeout_link(l->ctx.loop, &l->linger_timeout, &rc->timer);
    h2o_iovec_t buf = h2o_iovec_init(refused_answer, refused_answer_len);
    h2o_socket_write(sock, &buf, 1, refused_on_written);
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    struct loop *l = listener->data;
    if (err)
        return;
    for (int i = 0; i < 16; i++) {
        h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
        if (!sock)
            return;
        if (atomic_fetch_add(&connections, 1) >= cfg.max_connections) {
            atomic_fetch_sub(&connections, 1);
            h2o_socket_close(sock);
            continue;
        }
        /* Behind a trusted proxy every client has the proxy's address: no limit per address. */
        unsigned bucket = cfg.max_connections_per_address && !cfg.trust_proxy ? addr_bucket(sock)
                                                                              : ADDR_BUCKETS;
        if (bucket < ADDR_BUCKETS &&
            atomic_fetch_add(&addr_conns[bucket], 1) >= (unsigned)cfg.max_connections_per_address) {
            atomic_fetch_sub(&addr_conns[bucket], 1);
            atomic_fetch_sub(&connections, 1);
            l->refused_conns++;
            refuse_connection(l, sock);
            continue;
        }
        struct conn_info *ci = malloc(sizeof(*ci));
        if (!ci) {
            if (bucket < ADDR_BUCKETS)
                atomic_fetch_sub(&addr_conns[bucket], 1);
            atomic_fetch_sub(&connections, 1);
            h2o_socket_close(sock);
            continue;
        }
        *ci = (struct conn_info){l, bucket};
        sock->on_close.cb = on_conn_close;
        sock->on_close.data = ci;
        l->conns++;
        h2o_accept(&l->accept_ctx, sock);
    }
}

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return -1;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    long long port;
    if (!str_to_i64(str_from(colon + 1), 0, 65535, &port))
        return -1;
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (strcmp(host, "localhost") == 0)
        snprintf(host, sizeof(host), "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

static int open_listener(const struct sockaddr_in *sa)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)) != 0 ||
        bind(fd, (const struct sockaddr *)sa, sizeof(*sa)) != 0 || listen(fd, SOMAXCONN) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void *loop_main(void *arg)
{
    struct loop *l = arg;
    bool closing = false;
    double deadline = 0, drained = 0;
    for (;;) {
        h2o_evloop_run(l->ctx.loop, 100);
        flush_log(l);
        if (stop_requested && !closing) {
            closing = true;
            deadline = now_ms() + 10000;
            h2o_socket_read_stop(l->listener);
            h2o_socket_close(l->listener);
            l->listener = NULL;
            h2o_context_request_shutdown(&l->ctx);
        }
        /* Done when no answer is pending and the last ones had time to leave: connections
         * close after their answer once shutdown is requested, but idle keep-alive ones stay
         * open, so a short grace rather than waiting for them; or at the deadline. */
        if (closing && l->inflight == 0 && drained == 0)
            drained = now_ms();
        if (closing && l->inflight != 0)
            drained = 0;
        if (closing && ((drained > 0 && (l->conns == 0 || now_ms() - drained > SHUTDOWN_GRACE_MS)) ||
                        now_ms() > deadline))
            break;
    }
    return NULL;
}

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* Set up a loop on the thread that will run it: h2o keeps per-thread memory recyclers (socket
 * buffers among them), so a loop's sockets must be born on its own thread. */
static enum bp_err loop_init(struct loop *l)
{
    int fd = l->fd;
    h2o_context_init(&l->ctx, h2o_evloop_create(), &h2o_config);
    l->accept_ctx.ctx = &l->ctx;
    l->accept_ctx.hosts = h2o_config.hosts;
    h2o_timeout_init(l->ctx.loop, &l->linger_timeout, LIMIT_LINGER_MS);
    h2o_timeout_init(l->ctx.loop, &l->throttle_timeout, LIMIT_THROTTLE_DELAY_MS);
    l->queue = h2o_multithread_create_queue(l->ctx.loop);
    h2o_multithread_register_receiver(l->queue, &l->receiver, on_jobs_done);
    buf_init(&l->log, NULL, 1 << 20);
    l->counts = calloc((routes_count() + 1) * STATUS_CLASSES, sizeof(*l->counts));
    if (!l->counts)
        return BP_ERR_NOMEM;
    enum bp_err e = db_open(cfg.db_path, DB_READ, false, &l->db);
    if (!e)
        e = resource_prepare(l->db);
    if (e)
        return e;
    l->listener = h2o_evloop_socket_create(l->ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
    l->listener->data = l;
    h2o_socket_read_start(l->listener, on_accept);
    return BP_OK;
}

static pthread_barrier_t loops_ready;
static _Atomic int loops_failed;

static void *loop_thread(void *arg)
{
    struct loop *l = arg;
    char name[16];
    snprintf(name, sizeof(name), "bpmc-loop %d", l->id);
    thread_role(THREAD_LOOP, name);
    if (loop_init(l))
        atomic_store(&loops_failed, 1);
    pthread_barrier_wait(&loops_ready);
    if (atomic_load(&loops_failed))
        return NULL;
    return loop_main(l);
}

/* What we own of a loop. The h2o context itself is left to the process exit: connections still
 * open (idle keep-alives) hold timers that h2o_context_dispose insists be gone. */
static void loop_dispose(struct loop *l)
{
    db_close(l->db);
    l->db = NULL;
    answer_cache_clear(&l->cache);
    flush_log(l);
    buf_release(&l->log);
    free(l->counts);
}

/* Prometheus text of every loop's counters. */
enum bp_err server_metrics(struct buf *out);
enum bp_err server_metrics(struct buf *out)
{
    size_t nr = routes_count();
    static const char *const cls[STATUS_CLASSES] = {"other", "1xx", "2xx", "3xx", "4xx", "5xx"};
    (void)buf_adds(out, "# HELP bpmc_requests_total Requests by route and status class.\n"
                        "# TYPE bpmc_requests_total counter\n");
    for (size_t ri = 0; ri <= nr; ri++) {
        for (size_t c = 0; c < STATUS_CLASSES; c++) {
            unsigned long long n = 0;
            for (int i = 0; i < nloops; i++)
                n += atomic_load_explicit(&loops[i].counts[ri * STATUS_CLASSES + c], memory_order_relaxed);
            if (n)
                (void)buf_addf(out, "bpmc_requests_total{route=\"%s\",status=\"%s\"} %llu\n",
                               ri < nr ? routes_pattern(ri) : "none", cls[c], n);
        }
    }
    (void)buf_adds(out, "# HELP bpmc_request_duration_seconds Request latency.\n"
                        "# TYPE bpmc_request_duration_seconds histogram\n");
    unsigned long long cum = 0, sum_us = 0;
    for (int b = 0; b < HIST_BUCKETS; b++) {
        for (int i = 0; i < nloops; i++)
            cum += atomic_load_explicit(&loops[i].hist[b], memory_order_relaxed);
        if (b < HIST_BUCKETS - 1)
            (void)buf_addf(out, "bpmc_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                           hist_le_ms[b] / 1000.0, cum);
        else
            (void)buf_addf(out, "bpmc_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n", cum);
    }
    for (int i = 0; i < nloops; i++)
        sum_us += atomic_load_explicit(&loops[i].hist_sum_us, memory_order_relaxed);
    (void)buf_addf(out, "bpmc_request_duration_seconds_sum %.6f\nbpmc_request_duration_seconds_count %llu\n",
                   (double)sum_us / 1e6, cum);
    struct db_durability d;
    jobs_durability(&d);
    (void)buf_addf(out, "# HELP bpmc_db_synchronous SQLite synchronous level of the writer (2: FULL).\n"
                        "# TYPE bpmc_db_synchronous gauge\nbpmc_db_synchronous %d\n"
                        "# HELP bpmc_db_wal Whether the writer's journal is the WAL (1).\n"
                        "# TYPE bpmc_db_wal gauge\nbpmc_db_wal %d\n",
                   d.synchronous, d.wal ? 1 : 0);
    unsigned long long batches, jobs, retries;
    jobs_stats(&batches, &jobs, &retries);
    (void)buf_addf(out,
                   "# HELP bpmc_write_retries_total Batches rolled back and run again: they lost "
                   "a deadlock or a serialization conflict to another transaction.\n"
                   "# TYPE bpmc_write_retries_total counter\nbpmc_write_retries_total %llu\n"
                   "# TYPE bpmc_writers gauge\nbpmc_writers %d\n",
                   retries, jobs_writers());
    (void)buf_addf(out, "# TYPE bpmc_write_batches_total counter\nbpmc_write_batches_total %llu\n"
                        "# TYPE bpmc_write_jobs_total counter\nbpmc_write_jobs_total %llu\n"
                        "# TYPE bpmc_connections gauge\nbpmc_connections %d\n"
                        "# TYPE bpmc_data_version gauge\nbpmc_data_version %llu\n",
                   batches, jobs, atomic_load(&connections), jobs_data_version());
    size_t cache_bytes = 0, cache_entries = 0;
    unsigned long long hits = 0, misses = 0, evictions = 0;
    for (int i = 0; i < nloops; i++) {
        struct answer_cache *c = &loops[i].cache;
        cache_bytes += atomic_load_explicit(&c->bytes, memory_order_relaxed);
        cache_entries += atomic_load_explicit(&c->entries, memory_order_relaxed);
        hits += atomic_load_explicit(&c->hits, memory_order_relaxed);
        misses += atomic_load_explicit(&c->misses, memory_order_relaxed);
        evictions += atomic_load_explicit(&c->evictions, memory_order_relaxed);
    }
    (void)buf_addf(out,
                   "# HELP bpmc_answer_cache_bytes Bytes of cached answers (keys, bodies, overhead), all loops.\n"
                   "# TYPE bpmc_answer_cache_bytes gauge\nbpmc_answer_cache_bytes %zu\n"
                   "# TYPE bpmc_answer_cache_max_bytes gauge\nbpmc_answer_cache_max_bytes %zu\n"
                   "# TYPE bpmc_answer_cache_entries gauge\nbpmc_answer_cache_entries %zu\n"
                   "# TYPE bpmc_answer_cache_max_entries gauge\nbpmc_answer_cache_max_entries %zu\n"
                   "# TYPE bpmc_answer_cache_hits_total counter\nbpmc_answer_cache_hits_total %llu\n"
                   "# TYPE bpmc_answer_cache_misses_total counter\nbpmc_answer_cache_misses_total %llu\n"
                   "# TYPE bpmc_answer_cache_evictions_total counter\nbpmc_answer_cache_evictions_total %llu\n",
                   cache_bytes, (size_t)LIMIT_CACHE_BYTES * (size_t)nloops, cache_entries,
                   (size_t)LIMIT_CACHE_ENTRIES * (size_t)nloops, hits, misses, evictions);
    unsigned long long pw_current, pw_other;
    accounts_password_checks(&pw_current, &pw_other);
    (void)buf_addf(out,
                   "# HELP bpmc_password_checks_total Passwords checked with argon2id, a dummy "
                   "hash's included (an unknown account, or one without a password): at today's "
                   "parameters (current) or an older hash's.\n"
                   "# TYPE bpmc_password_checks_total counter\n"
                   "bpmc_password_checks_total{params=\"current\"} %llu\n"
                   "bpmc_password_checks_total{params=\"older\"} %llu\n",
                   pw_current, pw_other);
    sweeper_metrics(out);
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}

enum bp_err server_run(const struct server_config *config)
{
    cfg = *config;
    struct sockaddr_in sa;
    enum bp_err e = BP_OK;
    if (parse_listen(cfg.listen, &sa) != 0) {
        fprintf(stderr, "bpmc: bad listen address %s (want ADDR:PORT)\n", cfg.listen);
        return BP_ERR_USAGE;
    }
    nloops = cfg.threads < 1 ? 1 : (cfg.threads > LOOPS_MAX ? LOOPS_MAX : cfg.threads);
    if (cfg.access_log && strcmp(cfg.access_log, "-") == 0)
        log_fd = STDOUT_FILENO;
    else if (cfg.access_log)
        log_fd = open(cfg.access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
    signal(SIGPIPE, SIG_IGN);
    struct sigaction sact;
    memset(&sact, 0, sizeof(sact));
    sact.sa_handler = on_signal;
    sigaction(SIGTERM, &sact, NULL);
    sigaction(SIGINT, &sact, NULL);

    h2o_config_init(&h2o_config);
    h2o_config.max_request_entity_size = cfg.body_max;
    /* The deadline of a request head (and of an idle keep-alive): a connection that has not
     * sent a whole head by then is closed. h2o does not restart it as bytes trickle in. */
    h2o_config.http1.req_timeout = (uint64_t)cfg.header_timeout_s * 1000;
    /* HTTP/2 only with TLS (the reverse proxy's): no h2c, neither by Upgrade (ignored: the
     * answer is HTTP/1.1) nor by prior knowledge ("PRI * HTTP/2.0" is a 400 and a close). */
    h2o_config.http1.upgrade_to_http2 = 0;
    randombytes_buf(addr_key, sizeof(addr_key));
    render_refused_answer();
    const char *poll = getenv("BPMC_CACHE_POLL_MS");
    long long polln;
    if (poll && str_to_i64(str_from(poll), 0, 1000, &polln))
        external_poll_ms = (double)polln;
    const char *aj = getenv("BPMC_ANONYMOUS_JOBS"); /* tests: 0 refuses every anonymous job */
    long long ajn;
    if (aj && str_to_i64(str_from(aj), 0, 1 << 20, &ajn))
        anonymous_jobs_max = (int)ajn;
    h2o_config.server_name = h2o_iovec_init(H2O_STRLIT("bpmc"));
    h2o_hostconf_t *host = h2o_config_register_host(&h2o_config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
    h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
    h2o_handler_t *handler = h2o_create_handler(path, sizeof(*handler));
    handler->on_req = on_req;
    /* h2o answers an over-limit body itself, before any handler: have its error document be
     * our problem+json (the status stays 413). */
    static h2o_errordoc_t errordocs[] = {{413, {H2O_STRLIT("/api/v1/problems/too-large")}}};
    h2o_errordoc_register(path, errordocs, 1);
    h2o_errordoc_register(&host->fallback_path, errordocs, 1);
    /* Security headers on every answer, ours and h2o's own. */
    static h2o_iovec_t hdr_names[] = {{H2O_STRLIT("content-security-policy")},
                                      {H2O_STRLIT("x-content-type-options")},
                                      {H2O_STRLIT("referrer-policy")},
                                      {H2O_STRLIT("x-frame-options")}};
    static h2o_headers_command_t hdr_cmds[] = {
        {H2O_HEADERS_CMD_SETIFEMPTY, &hdr_names[0], {H2O_STRLIT(CSP_POLICY)}},
        {H2O_HEADERS_CMD_SETIFEMPTY, &hdr_names[1], {H2O_STRLIT("nosniff")}},
        {H2O_HEADERS_CMD_SETIFEMPTY, &hdr_names[2], {H2O_STRLIT("same-origin")}},
        {H2O_HEADERS_CMD_SETIFEMPTY, &hdr_names[3], {H2O_STRLIT("DENY")}},
        {H2O_HEADERS_CMD_NULL, NULL, {NULL, 0}}};
    h2o_headers_register(&host->fallback_path, hdr_cmds);
    h2o_headers_register(path, hdr_cmds);

    if ((e = jobs_start(cfg.db_path, cfg.workers, job_finished)))
        goto out_config;
    static struct mailer_config mail;
    mail = (struct mailer_config){cfg.db_path, cfg.smtp_url, cfg.mail_from, cfg.public_url};
    if ((e = mailer_start(&mail)) || (e = sweeper_start(cfg.db_path, cfg.sweep_seconds, cfg.sla_hours)))
        goto out_jobs;
    for (int i = 0; i < nloops; i++) {
        loops[i].id = i;
        loops[i].fd = open_listener(&sa);
        if (loops[i].fd < 0) {
            fprintf(stderr, "bpmc: cannot listen on %s: %s\n", cfg.listen, strerror(errno));
            for (int j = 0; j < i; j++)
                close(loops[j].fd);
            e = BP_ERR_IO;
            goto out_jobs;
        }
    }
    pthread_barrier_init(&loops_ready, NULL, (unsigned)nloops);
    for (int i = 1; i < nloops; i++) {
        if (pthread_create(&loops[i].thread, NULL, loop_thread, &loops[i]) != 0) {
            fprintf(stderr, "bpmc: cannot start event loop threads\n");
            return BP_ERR_NOMEM; /* before any loop runs: the process exits */
        }
    }
    /* loop 0 is the main thread: it keeps the process's name */
    if (loop_init(&loops[0]))
        atomic_store(&loops_failed, 1);
    pthread_barrier_wait(&loops_ready);
    if (!atomic_load(&loops_failed)) {
        char shown[1100];
        fprintf(stderr, "bpmc: serving http://%s/ with %d loops (database %s)\n", cfg.listen,
                nloops, db_display(cfg.db_path, shown, sizeof(shown)));
        loop_main(&loops[0]);
    } else {
        e = BP_ERR_DB;
    }
    for (int i = 1; i < nloops; i++)
        pthread_join(loops[i].thread, NULL);
    if (!e)
        fprintf(stderr, "bpmc: shutting down: in-flight requests finished\n");
out_jobs:
    sweeper_stop();
    mailer_stop();
    jobs_stop();
    for (int i = 0; i < nloops; i++)
        if (loops[i].counts)
            loop_dispose(&loops[i]);
out_config:
    if (log_fd > STDOUT_FILENO)
        close(log_fd);
    if (!e)
        fprintf(stderr, "bpmc: stopped cleanly\n");
    return e;
}
