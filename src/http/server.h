/*
 * server: `bpmc serve`. One h2o event loop per core, each accepting on its own SO_REUSEPORT
 * socket with its own read-only database connection; the writer and workers of jobs.h;
 * graceful shutdown on SIGTERM/SIGINT. The only file that includes h2o.h.
 */
#ifndef BP_SERVER_H
#define BP_SERVER_H

#include <stddef.h>

#include "base/err.h"
#include "engine/http.h"


/* Serve until a signal asks to stop; BP_OK after a clean shutdown. */
BP_MUST_USE enum bp_err server_run(const struct server_config *cfg);

#endif
