/*
 * modules: the one list of bpmc's modules. Each module is a folder of src/modules/ with its
 * entries, workflow rules, named SQL and migrations; registering them here is all the engine
 * needs to serve them.
 */
#ifndef BP_MODULES_H
#define BP_MODULES_H

#include "base/err.h"

/* Register every module's resource entries with the engine (before resource_init).
 * BP_ERR_TOO_LARGE (said on stderr) when one does not fit: start-up stops. */
BP_MUST_USE enum bp_err modules_register(void);

#endif
