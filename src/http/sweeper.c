/*
 * sweeper: one thread that wakes every sweep_seconds, looks on a read-only connection whether
 * anything is due, and only then hands the writer a job marking the bookings not checked in as
 * no-show and expiring waitlist offers (modules/facilities/checkin.h): an idle server takes no
 * write lock for it. Several processes on one
 * database each sweep; the marks are compare-and-set writes, so each booking is marked once.
 */
#include "http/sweeper.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#include "db/db.h"
#include "http/jobs.h"
#include "modules/facilities/checkin.h"
#include "base/banned.h"

static struct {
    const char *db_path;
    int seconds;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, running;
} s = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

struct sweep {
    sem_t done;
    long long marked;
};

static enum bp_err run_sweep(struct job *job, struct db *db)
{
    struct sweep *w = job->payload;
    job->ans.status = 204;
    return facilities_noshow_sweep(db, (long long)time(NULL), &w->marked);
}

static void sweep_done(struct job *job)
{
    struct sweep *w = job->payload;
    sem_post(&w->done);
}

/* One sweep through the writer; waits for it. */
static void sweep_once(void)
{
    struct sweep w = {.marked = 0};
    sem_init(&w.done, 0, 0);
    struct job *job = job_new(JOB_WRITER, run_sweep, &w, NULL);
    if (job) {
        job->done = sweep_done;
        if (jobs_submit(job)) {
            while (sem_wait(&w.done) != 0) {
            }
        } else {
            job->done = NULL;
        }
        job_free(job);
    }
    sem_destroy(&w.done);
}

static void *sweeper_main(void *arg)
{
    (void)arg;
    struct db *db = NULL;
    if (db_open(s.db_path, DB_READ, false, &db)) {
        fprintf(stderr, "bpmc: sweeper: cannot open the database; no-shows are not marked\n");
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
        bool due = false;
        if (!facilities_sweep_due(db, (long long)time(NULL), &due) && due)
            sweep_once();
        pthread_mutex_lock(&s.lock);
    }
    pthread_mutex_unlock(&s.lock);
    db_close(db);
    return NULL;
}

enum bp_err sweeper_start(const char *db_path, int seconds)
{
    if (seconds <= 0)
        return BP_OK;
    s.db_path = db_path;
    s.seconds = seconds;
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
