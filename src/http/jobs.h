/*
 * jobs: the writer threads and the small worker pool. A writer commits queued writes in
 * batches (group commit): one BEGIN IMMEDIATE, a savepoint per job so one bad write fails
 * alone, one COMMIT with synchronous=FULL; only then is each job handed back for its answer.
 * One writer on SQLite; a pool of them on PostgreSQL (BPMC_WRITERS), each batch rolled back and
 * run again when it loses a deadlock or a serialization conflict to another transaction.
 * Workers run slow reads (password hashing, exports) on their own read-only connections.
 */
#ifndef BP_JOBS_H
#define BP_JOBS_H

#include <stdbool.h>

#include "base/err.h"
#include "engine/http.h"

/* Open the writer's and the workers' connections and start the threads. done(job) is called
 * on a job thread when the job is finished (committed or failed). */
BP_MUST_USE enum bp_err jobs_start(const char *db_path, int workers, void (*done)(struct job *));
/* Queue a job; false when the queue is full or stopping (the caller answers 503). */
bool jobs_submit(struct job *job);
/* Finish every queued job, then stop the threads and close their connections. */
void jobs_stop(void);
/* Bumped after every commit; read with acquire semantics. */
unsigned long long jobs_data_version(void);
/* Whether the database refuses writes (opened read-only, or the last write failed so): /readyz
 * answers 503 and every write a 503 problem saying so until a commit succeeds again. */
bool jobs_read_only(void);
/* The writer's durability as read back at start, for /metrics. */
void jobs_durability(struct db_durability *out);
/* Batches committed, jobs run and batches run again after losing to another transaction (a
 * deadlock or serialization failure on PostgreSQL), for /metrics. */
void jobs_stats(unsigned long long *batches, unsigned long long *jobs, unsigned long long *retries);
/* How many writers commit (1 on SQLite; a pool on PostgreSQL). */
int jobs_writers(void);

/* What a thread of the server is for; set by each thread on itself when it starts. */
enum thread_role {
    THREAD_LOOP,       /* an event loop: answers every request, never waits for disk or CPU work */
    THREAD_WRITER,     /* commits users' writes */
    THREAD_WORKER,     /* slow reads: searches, password hashing, exports */
    THREAD_BACKGROUND, /* the sweeper, the mailer, the WAL checkpoints */
};
/* Name the calling thread (name: at most 15 bytes; seen in top -H, perf and /proc/PID/task) and
 * give it its role's CPU priority (docs/security.md). */
void thread_role(enum thread_role role, const char *name);

#endif
