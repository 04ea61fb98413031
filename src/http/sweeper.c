/*
 * sweeper: one thread that wakes every sweep_seconds and runs three tasks, each of which looks
 * on a read-only connection whether it has anything to do and only then hands the writer a job
 * of its own (an idle server takes no write lock):
 *   noshow    bookings not checked in become no-shows, waitlist offers expire
 *             (modules/facilities/checkin.h);
 *   escalate  support requests whose first answer or resolution is due within sla_hours (or
 *             late) are escalated (modules/lifecycle: lifecycle_escalate);
 *   remind    tenant companies without a submitted KPI report of the last quarter due are
 *             reminded (lifecycle_remind_late).
 * Each job runs in its own savepoint of the writer's batch, so a task that fails is rolled back
 * alone, logged and counted, and the others go on; it is tried again at the next sweep.
 * Several processes on one database each sweep; every task is a compare-and-set or a claim (a
 * row per escalation or reminder written with its notifications), so each booking is marked,
 * each deadline escalated and each company reminded once. On PostgreSQL (several servers, each
 * with a pool of writers) a task's job first tries its advisory lock (dialect_xact_lock): a
 * server that finds another server's job of the task in flight leaves the work to it, rather
 * than wait for it or meet it in a deadlock; the compare-and-set and the claims still hold.
 */
#include "http/sweeper.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "base/buf.h"
#include "db/db.h"
#include "db/dialect.h"
#include "http/jobs.h"
#include "modules/facilities/checkin.h"
#include "modules/lifecycle/lifecycle.h"
#include "modules/lifecycle/rules.h"
#include "base/banned.h"

enum task { TASK_NOSHOW, TASK_ESCALATE, TASK_REMIND, TASKS };
/* Escalations or reminders one job sends at most, so that a backlog (a server started on a
 * database with many deadlines past) holds the write lock in short turns; the sweep asks for
 * the next job at once while a job comes back full. */
#define SWEEP_BATCH 100
static const char *const task_name[TASKS] = {"noshow", "escalate", "remind"};

static struct {
    const char *db_path;
    int seconds, sla_hours;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, running;
} s = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

/* For /metrics: sweeps finished and the time they took (microseconds); per task, jobs run, items done (bookings marked, deadlines
 * escalated, companies reminded) and failures (the look or the job). */
static _Atomic unsigned long long sweeps, sweep_us, runs[TASKS], items[TASKS], failures[TASKS];

struct sweep {
    sem_t done;
    enum task task;
    time_t now;
    int year, quarter; /* remind: the quarter due */
    long long count;
    enum bp_err err;
    char why[160]; /* the writer's message when err */
};

/* The advisory lock of each task, one per database ("bpmc:sw" and the task). */
#define TASK_LOCK(task) (0x62706d633a737700LL + (long long)(task))

static enum bp_err run_sweep(struct job *job, struct db *db)
{
    struct sweep *w = job->payload;
    int sent = 0;
    long long mine = 0;
    job->ans.status = 204;
    w->count = 0;
    w->err = db_run(db, &mine, DIALECT_SQL("SELECT {trylock:?1}"), "i", TASK_LOCK(w->task));
    if (!w->err && mine != 1)
        return BP_OK; /* another server sweeps this task now */
    switch (w->err ? TASKS : w->task) {
    case TASK_NOSHOW:
        w->err = facilities_noshow_sweep(db, (long long)w->now, &w->count);
        break;
    case TASK_ESCALATE:
        w->err = lifecycle_escalate(db, w->now, s.sla_hours * 3600, SWEEP_BATCH, &sent);
        w->count = sent;
        break;
    case TASK_REMIND:
        w->err = lifecycle_remind_late(db, w->year, w->quarter, SWEEP_BATCH, &sent);
        w->count = sent;
        break;
    case TASKS:
        break;
    }
    if (w->err)
        snprintf(w->why, sizeof(w->why), "%s", db_errmsg(db));
    return w->err;
}

static void sweep_done(struct job *job)
{
    struct sweep *w = job->payload;
    sem_post(&w->done);
}

/* One task through the writer; waits for it. False when it failed (the job, or its commit). */
static bool sweep_once(struct sweep *w)
{
    bool ok = false;
    sem_init(&w->done, 0, 0);
    struct job *job = job_new(JOB_WRITER, run_sweep, w, NULL);
    if (job) {
        job->done = sweep_done;
        if (jobs_submit(job)) {
            while (sem_wait(&w->done) != 0) {
            }
            ok = !w->err && job->ans.status == 204; /* a failed commit answers the job 5xx */
        } else {
            job->done = NULL;
        }
        job_free(job);
    }
    sem_destroy(&w->done);
    return ok;
}

/* Look whether task has work at now, and if so have the writer do it. */
static void sweep_task(struct db *db, enum task task, time_t now)
{
    struct sweep w = {.task = task, .now = now};
    bool due = false;
    enum bp_err e = BP_OK;
    switch (task) {
    case TASK_NOSHOW:
        e = facilities_sweep_due(db, (long long)now, &due);
        break;
    case TASK_ESCALATE:
        e = lifecycle_escalate_due(db, now, s.sla_hours * 3600, &due);
        break;
    case TASK_REMIND: {
        time_t korea = now + 9 * 3600;
        struct tm tm;
        if (!gmtime_r(&korea, &tm)) {
            e = BP_ERR_INVALID;
            break;
        }
        kpi_due_quarter(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &w.year, &w.quarter);
        e = lifecycle_remind_due(db, w.year, w.quarter, &due);
        break;
    }
    case TASKS:
        break;
    }
    if (e) {
        fprintf(stderr, "bpmc: sweeper: %s: cannot look for work: %s\n", task_name[task],
                db_errmsg(db));
        atomic_fetch_add(&failures[task], 1);
        return;
    }
    if (!due)
        return;
    bool more;
    do {
        w.count = 0;
        w.err = BP_OK;
        atomic_fetch_add(&runs[task], 1);
        if (!sweep_once(&w)) {
            fprintf(stderr, "bpmc: sweeper: %s failed (%s); tried again at the next sweep\n",
                    task_name[task], w.err ? w.why : "not committed");
            atomic_fetch_add(&failures[task], 1);
            return;
        }
        atomic_fetch_add(&items[task], (unsigned long long)w.count);
        pthread_mutex_lock(&s.lock);
        more = task != TASK_NOSHOW && w.count >= SWEEP_BATCH && !s.stop;
        pthread_mutex_unlock(&s.lock);
    } while (more);
}

static void *sweeper_main(void *arg)
{
    (void)arg;
    thread_role(THREAD_BACKGROUND, "bpmc-sweeper");
    struct db *db = NULL;
    if (db_open(s.db_path, DB_READ, false, &db)) {
        fprintf(stderr, "bpmc: sweeper: cannot open the database; no-shows, SLA escalations and "
                        "KPI reminders wait for their commands\n");
        return NULL;
    }
    pthread_mutex_lock(&s.lock);
    while (!s.stop) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += s.seconds;
        if (pthread_cond_timedwait(&s.wake, &s.lock, &ts) == 0 && s.stop)
            break;
        if (s.stop)
            break;
        pthread_mutex_unlock(&s.lock);
        time_t now = time(NULL);
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int t = 0; t < TASKS; t++)
            sweep_task(db, (enum task)t, now);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        long long us = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
        atomic_fetch_add(&sweep_us, (unsigned long long)(us > 0 ? us : 0));
        atomic_fetch_add(&sweeps, 1);
        pthread_mutex_lock(&s.lock);
    }
    pthread_mutex_unlock(&s.lock);
    db_close(db);
    return NULL;
}

enum bp_err sweeper_start(const char *db_path, int seconds, int sla_hours)
{
    if (seconds <= 0)
        return BP_OK;
    s.db_path = db_path;
    s.seconds = seconds;
    s.sla_hours = sla_hours > 0 ? sla_hours : 4;
    s.stop = false;
    if (pthread_create(&s.thread, NULL, sweeper_main, NULL) != 0)
        return BP_ERR_NOMEM;
    s.running = true;
    return BP_OK;
}

void sweeper_stop(void)
{
    if (!s.running)
        return;
    pthread_mutex_lock(&s.lock);
    s.stop = true;
    pthread_cond_signal(&s.wake);
    pthread_mutex_unlock(&s.lock);
    pthread_join(s.thread, NULL);
    s.running = false;
}

void sweeper_metrics(struct buf *out)
{
    (void)buf_addf(out, "# HELP bpmc_sweeps_total Sweeps finished (0 with --sweep-seconds 0).\n"
                        "# TYPE bpmc_sweeps_total counter\nbpmc_sweeps_total %llu\n"
                        "# HELP bpmc_sweep_seconds_total Time the sweeps took, looks and jobs.\n"
                        "# TYPE bpmc_sweep_seconds_total counter\nbpmc_sweep_seconds_total %.6f\n",
                   atomic_load(&sweeps), (double)atomic_load(&sweep_us) / 1e6);
    static const char *const help[3][2] = {
        {"bpmc_sweep_runs_total", "Sweep tasks that found work and ran on the writer."},
        {"bpmc_sweep_items_total", "Bookings marked, deadlines escalated, companies reminded."},
        {"bpmc_sweep_failures_total", "Sweep tasks that failed (logged; tried again next sweep)."},
    };
    _Atomic unsigned long long *const counters[3] = {runs, items, failures};
    for (int m = 0; m < 3; m++) {
        (void)buf_addf(out, "# HELP %s %s\n# TYPE %s counter\n", help[m][0], help[m][1], help[m][0]);
        for (int t = 0; t < TASKS; t++)
            (void)buf_addf(out, "%s{task=\"%s\"} %llu\n", help[m][0], task_name[t],
                           atomic_load(&counters[m][t]));
    }
}
