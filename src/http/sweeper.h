/*
 * sweeper: the server's periodic work on the database (today: the facilities' no-show sweep),
 * run as a writer job every sweep_seconds, so it commits with the writer's other changes.
 */
#ifndef BP_SWEEPER_H
#define BP_SWEEPER_H

#include "base/err.h"

/* Start sweeping every seconds (0: never). */
BP_MUST_USE enum bp_err sweeper_start(int seconds);
/* Finish the sweep under way and stop. */
void sweeper_stop(void);

#endif
