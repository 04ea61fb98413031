/*
 * jobs: the writers with group commit, and the worker pool. Users' writes come first: the
 * access log's noted viewings ride in the transaction of a batch of the first writer, after its
 * jobs, or get one transaction of their own once a window when no write came
 * (engine/access_log.c).
 *
 * On SQLite one writer: the file has one write lock. On PostgreSQL a pool of writers (BPMC_WRITERS,
 * default WRITERS_PG), each with its own connection, taking its own batch from the one queue
 * and committing it: the database orders them with row locks (a booking's resource, a voucher),
 * the exclusion constraint and the audit chain's lock (engine/audit.h: rows chained just before
 * the COMMIT). A transaction that loses a deadlock or a serialization conflict to another
 * writer, here or in another server, is rolled back whole and run again (WRITE_TRIES times at
 * most, after a short random pause): the jobs' answers are those of the run that committed.
 */
#include "http/jobs.h"
#include "engine/audit.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "base/limits.h"
#include "engine/access_log.h"
#include "base/banned.h"

#define CHECKPOINT_EVERY_MS 200
#define WRITERS_MAX 16
#define WRITERS_PG 4
#define WRITE_TRIES 8

struct job_queue {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct job **items; /* ring */
    size_t head, count, size;
    bool stopping;
};

static struct job_queue write_q, work_q;
/* A job's answer as its batch began (an export's file, made on a worker before its log row is
 * written here), given back to it when the batch runs again. */
struct kept {
    bool any;
    struct http_answer ans; /* all but the body */
    struct buf body;
};

struct writer {
    pthread_t thread;
    struct db *db;
    int index;         /* 0 writes the access log */
    bool retries;      /* PostgreSQL: a batch may lose to another transaction and run again */
    struct kept *kept; /* LIMIT_WRITE_BATCH of them, when retries */
};

static struct writer writers[WRITERS_MAX];
static int nwriters;
static pthread_t worker_threads[WORKERS_MAX], checkpoint_thread;
static struct db *checkpoint_db;
static pthread_mutex_t checkpoint_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t checkpoint_cond = PTHREAD_COND_INITIALIZER;
static bool checkpoint_stop;
static bool checkpointing; /* the thread runs (a SQLite file) */
static int nworkers;
static struct db *writer_db, *worker_db[WORKERS_MAX];
static void (*job_done)(struct job *);
static _Atomic unsigned long long data_version = 1;
static _Atomic unsigned long long stat_batches, stat_jobs, stat_retries;
static atomic_bool read_only;
static struct db_durability writer_durability; /* as read back at start (before any thread) */

/* The database refuses writes: say so once in the log, and in /readyz. */
static void note_read_only(struct db *db, bool now)
{
    if (now && !atomic_exchange(&read_only, true))
        fprintf(stderr,
                "bpmc: writer: the database is read-only (%s): writes answer 503 until "
                "it is writable again\n",
                db_errmsg(db));
    else if (!now && atomic_load_explicit(&read_only, memory_order_relaxed) &&
             atomic_exchange(&read_only, false))
        fprintf(stderr, "bpmc: writer: the database is writable again\n");
}

/* A job refused because the database is read-only: 503, whatever the job had answered. */
static void refuse_read_only(struct job *job)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, BP_ERR_UNAVAILABLE, "데이터베이스가 읽기 전용이라 지금은 바꿀 수 없습니다",
                "the database is read-only: no change can be saved now");
    job->ans.status = 0;
    buf_release(&job->ans.body);
    job->ans.nheaders = 0;
    job_problem(job, &p);
}

void thread_role(enum thread_role role, const char *name)
{
    (void)pthread_setname_np(pthread_self(), name);
    /* The loops and the writer keep the process's priority; the rest yields the CPU to the
     * loops (issue #10 item 6: on 2 cores, a search on a worker must not delay a loop's next
     * answer). On Linux a
     * thread's nice value and policy are its own: setpriority on its thread id. Nice values
     * are added to the process's, so an operator's Nice= still orders the whole. SCHED_BATCH:
     * the scheduler never preempts another thread to run one that wakes. */
    int more = 0, policy = SCHED_OTHER;
    switch (role) {
    case THREAD_LOOP:
    case THREAD_WRITER: /* users' writes: a few ms of CPU a second under attack */
        return;
    case THREAD_WORKER:
        /* Half a loop's weight, not a tenth (nice 10): on a host shared with other work (this
         * one ran at load averages of 15 to 35) a nice 10 worker gets a few per cent of a CPU,
         * and sign-ins and searches would wait that much longer; at +3 the loops still come
         * first. */
        more = 3, policy = SCHED_BATCH;
        break;
    case THREAD_BACKGROUND:
        more = 10, policy = SCHED_BATCH;
        break;
    }
    struct sched_param sp = {0};
    (void)pthread_setschedparam(pthread_self(), policy, &sp);
    id_t tid = (id_t)gettid();
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, tid);
    if (nice == -1 && errno)
        nice = 0;
    nice += more;
    (void)setpriority(PRIO_PROCESS, tid, nice > 19 ? 19 : nice);
}

static bool queue_init(struct job_queue *q, size_t size)
{
    memset(q, 0, sizeof(*q));
    q->items = calloc(size, sizeof(struct job *));
    q->size = size;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    return q->items != NULL;
}

static bool queue_push(struct job_queue *q, struct job *job)
{
    bool ok = false;
    pthread_mutex_lock(&q->lock);
    if (!q->stopping && q->count < q->size) {
        q->items[(q->head + q->count) % q->size] = job;
        q->count++;
        ok = true;
        pthread_cond_signal(&q->cond);
    }
    pthread_mutex_unlock(&q->lock);
    return ok;
}

/* Take up to max jobs, waiting for at least one, or at most wait_ms when that is >= 0; 0 when
 * stopping and drained (*stopped set), or when the wait ran out. */
static size_t queue_pop_wait(struct job_queue *q, struct job **out, size_t max, long long wait_ms,
                             bool *stopped)
{
    size_t n = 0;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    if (wait_ms > 0) {
        until.tv_sec += (time_t)(wait_ms / 1000);
        until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        until.tv_sec += until.tv_nsec / 1000000000L;
        until.tv_nsec %= 1000000000L;
    }
    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->stopping && wait_ms != 0)
        if (wait_ms < 0)
            pthread_cond_wait(&q->cond, &q->lock);
        else if (pthread_cond_timedwait(&q->cond, &q->lock, &until) != 0)
            break;
    while (n < max && q->count > 0) {
        out[n++] = q->items[q->head];
        q->head = (q->head + 1) % q->size;
        q->count--;
    }
    *stopped = q->stopping && q->count == 0 && n == 0;
    pthread_mutex_unlock(&q->lock);
    return n;
}

/* Take up to max jobs, waiting for at least one; 0 when stopping and drained. */
static size_t queue_pop(struct job_queue *q, struct job **out, size_t max)
{
    bool stopped;
    return queue_pop_wait(q, out, max, -1, &stopped);
}

static void queue_stop(struct job_queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->stopping = true;
    pthread_cond_broadcast(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

static void fill_error(struct job *job, enum bp_err e)
{
    if (job->ans.status == 0)
        (void)job_fail(job, e);
}

static void finish(struct job *job)
{
    if (job->rerun) {
        job->rerun = false;
        if ((job->where == JOB_WRITER ? queue_push(&write_q, job) : queue_push(&work_q, job)))
            return;
        fill_error(job, BP_ERR_UNAVAILABLE);
    }
    job_done(job);
}

/* A job's answer forgotten: its transaction was rolled back, and it runs again or fails. */
static void answer_reset(struct job *job)
{
    job->rerun = false;
    job->ans.status = 0;
    buf_release(&job->ans.body);
    job->ans.nheaders = 0;
    job->ans.content_type = NULL;
    job->ans.body_static = (struct str){0};
    job->ans.cache_control = NULL;
}

static void keep_answers(struct kept *k, struct job **batch, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct http_answer *a = &batch[i]->ans;
        k[i].any = a->status || a->body.len || a->nheaders || a->body_static.len;
        if (!k[i].any)
            continue;
        k[i].ans = *a;
        buf_init(&k[i].body, NULL, a->body.cap ? a->body.cap : LIMIT_ARENA_BYTES * 8);
        if (a->body.len && buf_add(&k[i].body, a->body.data, a->body.len))
            k[i].body.failed = true;
    }
}

static void forget_answers(struct kept *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (k[i].any) {
            buf_release(&k[i].body);
            k[i].any = false;
        }
}

/* The job's answer as it was before the batch began (kept), or none. */
static void restore_answer(struct job *job, const struct kept *k)
{
    answer_reset(job);
    if (!k || !k->any)
        return;
    struct buf body = job->ans.body;
    job->ans = k->ans;
    job->ans.body = body;
    if (k->body.failed || (k->body.len && buf_add(&job->ans.body, k->body.data, k->body.len)))
        (void)job_fail(job, BP_ERR_NOMEM);
}

enum attempt { ATTEMPT_COMMITTED, ATTEMPT_FAILED, ATTEMPT_AGAIN };

/* Lost to another transaction (db_conflicted): roll everything back, give each job its answer
 * as the batch began and say run again, unless this was the last try. */
static bool give_way(struct writer *w, struct job **batch, size_t n, bool log, bool last)
{
    if (last || !db_conflicted(w->db))
        return false;
    err_ignore(db_exec(w->db, "ROLLBACK"));
    if (log)
        access_log_settle(false);
    for (size_t i = 0; i < n; i++)
        restore_answer(batch[i], w->kept ? &w->kept[i] : NULL);
    return true;
}

/* One transaction: the jobs (each in its savepoint), then the access log's rows when log, then
 * the audit rows the jobs deferred (audit_flush), then the COMMIT. */
static enum attempt write_attempt(struct writer *w, struct job **batch, size_t n, bool log,
                                  bool last)
{
    struct db *db = w->db;
    enum bp_err txn = db_exec(db, "BEGIN IMMEDIATE");
    bool log_ok = false, wrote = false;
    /* PostgreSQL (writers of other servers too): the audit rows of the batch are chained just
     * before its COMMIT; their table is made again if a reconnection lost it */
    if (!txn && w->retries)
        txn = audit_defer(db);
    for (size_t i = 0; i < n && !txn; i++) {
        struct job *job = batch[i];
        job->rerun = false;
        if (db_exec(db, "SAVEPOINT job")) {
            if (give_way(w, batch, n, log, last))
                return ATTEMPT_AGAIN;
            fill_error(job, BP_ERR_DB);
            continue;
        }
        enum bp_err e = job->run(job, db);
        if (e && give_way(w, batch, n, log, last))
            return ATTEMPT_AGAIN;
        bool refused = e && db_failure(db) == DB_FAIL_READONLY;
        if (e) {
            err_ignore(db_exec(db, "ROLLBACK TO job"));
            job->rerun = false;
            if (refused) {
                note_read_only(db, true);
                refuse_read_only(job);
            }
            /* rolled back: whatever success the job had answered is not true */
            if (job->ans.status >= 200 && job->ans.status < 300)
                answer_reset(job);
            fill_error(job, e);
        }
        if (db_exec(db, "RELEASE job")) {
            if (give_way(w, batch, n, log, last))
                return ATTEMPT_AGAIN;
            /* PostgreSQL: a statement of the job failed and the job went on as if it had not (a
             * failed statement ends the transaction; SQLite undoes the statement only). Its work
             * is rolled back and it answers the failure; the batch's other jobs go on. */
            err_ignore(db_exec(db, "ROLLBACK TO job"));
            err_ignore(db_exec(db, "RELEASE job"));
            if (!e) {
                fprintf(stderr, "bpmc: writer: a job went on after a failed statement: %s\n",
                        db_errmsg(db));
                answer_reset(job);
                fill_error(job, BP_ERR_DB);
                e = BP_ERR_DB;
            }
        }
        wrote = wrote || !e;
    }
    if (log && !txn && !db_exec(db, "SAVEPOINT access_log")) {
        log_ok = access_log_flush(db) == BP_OK;
        if (!log_ok) {
            if (give_way(w, batch, n, log, last))
                return ATTEMPT_AGAIN;
            if (db_failure(db) == DB_FAIL_READONLY)
                note_read_only(db, true);
            else
                fprintf(stderr, "bpmc: writer: access log not written yet: %s\n", db_errmsg(db));
            err_ignore(db_exec(db, "ROLLBACK TO access_log"));
        }
        err_ignore(db_exec(db, "RELEASE access_log"));
    }
    if (!txn)
        txn = audit_flush(db);
    if (!txn)
        txn = db_exec(db, "COMMIT");
    if (txn && give_way(w, batch, n, log, last))
        return ATTEMPT_AGAIN;
    if (!txn && audit_checkpoint(db))
        fprintf(stderr, "bpmc: writer: cannot append an audit checkpoint\n");
    if (log)
        access_log_settle(!txn && log_ok);
    if (txn) {
        bool refused = db_failure(db) == DB_FAIL_READONLY;
        if (refused)
            note_read_only(db, true);
        else
            fprintf(stderr, "bpmc: writer: commit failed: %s\n", db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
        for (size_t i = 0; i < n; i++) {
            answer_reset(batch[i]);
            if (refused)
                refuse_read_only(batch[i]);
            fill_error(batch[i], BP_ERR_UNAVAILABLE);
        }
    } else {
        if (wrote && !db_read_only(db))
            note_read_only(db, false);
        atomic_fetch_add_explicit(&data_version, 1, memory_order_release);
    }
    return txn ? ATTEMPT_FAILED : log && !log_ok ? ATTEMPT_FAILED : ATTEMPT_COMMITTED;
}

/* A pause before running a batch again, random so that two writers that met do not meet again:
 * up to 2^tries milliseconds, at most 64. */
static void pause_before(int tries, unsigned *seed)
{
    unsigned span = 1u << (tries < 6 ? tries : 6);
    long ms = 1 + (long)((unsigned)rand_r(seed) % span);
    struct timespec ts = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

/* The batch, run again while it loses to other transactions; then each job is finished. */
static bool write_batch(struct writer *w, struct job **batch, size_t n, bool log, unsigned *seed)
{
    enum attempt a;
    bool retries = w->retries && w->kept;
    if (retries)
        keep_answers(w->kept, batch, n);
    for (int tries = 1;; tries++) {
        a = write_attempt(w, batch, n, log, !retries || tries == WRITE_TRIES);
        if (a != ATTEMPT_AGAIN)
            break;
        atomic_fetch_add_explicit(&stat_retries, 1, memory_order_relaxed);
        pause_before(tries, seed);
    }
    if (retries)
        forget_answers(w->kept, n);
    atomic_fetch_add_explicit(&stat_batches, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&stat_jobs, n, memory_order_relaxed);
    for (size_t i = 0; i < n; i++)
        finish(batch[i]);
    return a == ATTEMPT_COMMITTED;
}

/* How many queued jobs a writer takes: all (up to LIMIT_WRITE_BATCH) when it is the only one;
 * in a pool its share of what is queued, so that a burst is spread over the writers. */
static size_t batch_size(void)
{
    if (nwriters == 1)
        return LIMIT_WRITE_BATCH;
    pthread_mutex_lock(&write_q.lock);
    size_t queued = write_q.count;
    pthread_mutex_unlock(&write_q.lock);
    size_t share = (queued + (size_t)nwriters - 1) / (size_t)nwriters;
    return share < 1 ? 1 : share > LIMIT_WRITE_BATCH ? LIMIT_WRITE_BATCH : share;
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    thread_role(THREAD_WRITER, "bpmc-writer");
    struct job *batch[LIMIT_WRITE_BATCH];
    bool stopped = false;
    unsigned seed = (unsigned)time(NULL) ^ ((unsigned)w->index * 2654435761u);
    while (!stopped) {
        /* the loops note viewings without waking the writer: it looks once a window */
        long long wait = -1;
        if (w->index == 0) {
            wait = access_log_wait_ms();
            if (wait < 0 || wait > LIMIT_ACCESS_WINDOW_MS / 4)
                wait = LIMIT_ACCESS_WINDOW_MS / 4;
        }
        size_t n = queue_pop_wait(&write_q, batch, batch_size(), wait, &stopped);
        bool log = w->index == 0 && access_log_wait_ms() == 0;
        if (n || log)
            write_batch(w, batch, n, log, &seed);
    }
    /* every viewing noted before the stop is written (a few tries when the disk refuses) */
    for (int fails = 0; w->index == 0 && fails < 3 && access_log_wait_ms() >= 0;)
        if (!write_batch(w, NULL, 0, true, &seed))
            fails++;
    return NULL;
}

static void *worker_main(void *arg)
{
    struct db *db = arg;
    struct job *job;
    thread_role(THREAD_WORKER, "bpmc-worker");
    while (queue_pop(&work_q, &job, 1) == 1) {
        job->rerun = false;
        enum bp_err e = job->run(job, db);
        if (e) {
            job->rerun = false;
            fill_error(job, e);
        }
        finish(job);
    }
    return NULL;
}

/* Copies the WAL into the database every CHECKPOINT_EVERY_MS from its own connection
 * (PASSIVE: it never waits for the writer or readers), so that no answered write pays for a
 * checkpoint: the writer's automatic checkpoints are off. */
static void *checkpoint_main(void *arg)
{
    (void)arg;
    thread_role(THREAD_BACKGROUND, "bpmc-checkpoint");
    pthread_mutex_lock(&checkpoint_lock);
    while (!checkpoint_stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += CHECKPOINT_EVERY_MS * 1000000L;
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&checkpoint_cond, &checkpoint_lock, &ts);
        if (checkpoint_stop)
            break;
        pthread_mutex_unlock(&checkpoint_lock);
        /* SQLite's WAL; PostgreSQL has no checkpoint thread */
        err_ignore(db_exec(checkpoint_db, "PRAGMA wal_checkpoint(PASSIVE)")); /* check-sql: allow */
        pthread_mutex_lock(&checkpoint_lock);
    }
    pthread_mutex_unlock(&checkpoint_lock);
    return NULL;
}

enum bp_err jobs_start(const char *db_path, int workers, void (*done)(struct job *))
{
    job_done = done;
    nworkers = workers < 1 ? 1 : (workers > WORKERS_MAX ? WORKERS_MAX : workers);
    if (!queue_init(&write_q, LIMIT_WRITE_QUEUE) || !queue_init(&work_q, LIMIT_WRITE_QUEUE))
        return BP_ERR_NOMEM;
    /* one writer for a SQLite file (its one write lock); a pool on PostgreSQL */
    nwriters = 1;
    if (db_kind_of(db_path) == DB_POSTGRES) {
        const char *v = getenv("BPMC_WRITERS");
        nwriters = v && *v ? (int)strtol(v, NULL, 10) : WRITERS_PG;
        nwriters = nwriters < 1 ? 1 : nwriters > WRITERS_MAX ? WRITERS_MAX : nwriters;
    }
    enum bp_err e = db_open(db_path, DB_WRITE, false, &writer_db);
    writers[0].db = writer_db;
    for (int i = 1; i < nwriters && !e; i++)
        e = db_open(db_path, DB_WRITE, false, &writers[i].db);
    if (!e)
        e = db_exec(writer_db, "PRAGMA wal_autocheckpoint=0"); /* check-sql: allow (SQLite's WAL; a PRAGMA does nothing on PostgreSQL) */
    if (!e && db_read_only(writer_db)) {
        atomic_store(&read_only, true);
        fprintf(stderr, "bpmc: writer: %s opened read-only: writes answer 503\n", db_path);
    }
    /* an acknowledged write must be on disk: synchronous=FULL in WAL mode, or no serving */
    if (!e)
        e = db_durability(writer_db, &writer_durability);
    if (!e && !atomic_load(&read_only) && (writer_durability.synchronous != 2 || !writer_durability.wal)) {
        fprintf(stderr, "bpmc: writer: %s is not durable (synchronous=%d, %s): refusing to serve\n",
                db_path, writer_durability.synchronous, writer_durability.wal ? "WAL" : "not WAL");
        e = BP_ERR_DB;
    }
    /* a SQLite file's WAL is checkpointed here; PostgreSQL checkpoints its own */
    bool file = db_kind_of(db_path) == DB_SQLITE;
    if (!e && file)
        e = db_open(db_path, DB_WRITE, false, &checkpoint_db);
    if (e)
        return e;
    if (file && pthread_create(&checkpoint_thread, NULL, checkpoint_main, NULL))
        return BP_ERR_NOMEM;
    checkpointing = file;
    for (int i = 0; i < nworkers; i++)
        if ((e = db_open(db_path, DB_READ, false, &worker_db[i])))
            return e;
    for (int i = 0; i < nwriters; i++) {
        writers[i].index = i;
        writers[i].retries = db_kind(writers[i].db) == DB_POSTGRES;
        if (writers[i].retries &&
            !(writers[i].kept = calloc(LIMIT_WRITE_BATCH, sizeof(struct kept))))
            return BP_ERR_NOMEM;
        if (pthread_create(&writers[i].thread, NULL, writer_main, &writers[i]))
            return BP_ERR_NOMEM;
    }
    for (int i = 0; i < nworkers; i++)
        if (pthread_create(&worker_threads[i], NULL, worker_main, worker_db[i]))
            return BP_ERR_NOMEM;
    return BP_OK;
}

bool jobs_submit(struct job *job)
{
    return job->where == JOB_WRITER ? queue_push(&write_q, job) : queue_push(&work_q, job);
}

void jobs_stop(void)
{
    /* Workers first: a worker job may still hand a write to the writer. */
    queue_stop(&work_q);
    for (int i = 0; i < nworkers; i++)
        pthread_join(worker_threads[i], NULL);
    queue_stop(&write_q);
    for (int i = 0; i < nwriters; i++)
        pthread_join(writers[i].thread, NULL);
    pthread_mutex_lock(&checkpoint_lock);
    checkpoint_stop = true;
    pthread_cond_signal(&checkpoint_cond);
    pthread_mutex_unlock(&checkpoint_lock);
    if (checkpointing)
        pthread_join(checkpoint_thread, NULL);
    db_close(checkpoint_db);
    for (int i = 0; i < nworkers; i++)
        db_close(worker_db[i]);
    err_ignore(db_exec(writer_db, "PRAGMA wal_checkpoint(TRUNCATE)")); /* check-sql: allow (SQLite's WAL; nothing on PostgreSQL) */
    for (int i = 1; i < nwriters; i++)
        db_close(writers[i].db);
    for (int i = 0; i < nwriters; i++)
        free(writers[i].kept);
    db_close(writer_db);
    free(write_q.items);
    free(work_q.items);
}

bool jobs_read_only(void) { return atomic_load_explicit(&read_only, memory_order_relaxed); }

unsigned long long jobs_data_version(void)
{
    return atomic_load_explicit(&data_version, memory_order_acquire);
}

void jobs_durability(struct db_durability *out) { *out = writer_durability; }

void jobs_stats(unsigned long long *batches, unsigned long long *jobs, unsigned long long *retries)
{
    *batches = atomic_load_explicit(&stat_batches, memory_order_relaxed);
    *jobs = atomic_load_explicit(&stat_jobs, memory_order_relaxed);
    *retries = atomic_load_explicit(&stat_retries, memory_order_relaxed);
}

int jobs_writers(void)
{
    return nwriters;
}
