/*
 * sweeper: the server's periodic work on the database (today: the facilities' no-show sweep),
 * run as a writer job every sweep_seconds, so it commits with the writer's other changes.
 */
#ifndef BP_SWEEPER_H
#define BP_SWEEPER_H

#include "base/err.h"

/* Start sweeping the database at db_path every seconds (0: never); a look on a read-only
 * connection first, so the writer is asked only when something is due. db_path must outlive
 * sweeper_stop. */
BP_MUST_USE enum bp_err sweeper_start(const char *db_path, int seconds);
/* Finish the sweep under way and stop. */
void sweeper_stop(void);

#endif
