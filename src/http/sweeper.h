/*
 * sweeper: the server's periodic work on the database, every sweep_seconds: the facilities'
 * no-show sweep, the lifecycle's SLA escalation and KPI reminders, each a writer job of its own,
 * so it commits with the writer's other changes and fails alone.
 */
#ifndef BP_SWEEPER_H
#define BP_SWEEPER_H

#include "base/err.h"

struct buf;

/* Start sweeping the database at db_path every seconds (0: never); a look on a read-only
 * connection first, so the writer is asked only when something is due. Deadlines due within
 * sla_hours are escalated. db_path must outlive sweeper_stop. */
BP_MUST_USE enum bp_err sweeper_start(const char *db_path, int seconds, int sla_hours);
/* Finish the sweep under way and stop. */
void sweeper_stop(void);
/* Prometheus text of the sweeps: bpmc_sweeps_total, and per task (noshow, escalate, remind)
 * the runs, items and failures. */
void sweeper_metrics(struct buf *out);

#endif
