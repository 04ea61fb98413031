/*
 * modules: the one list of bpmc's modules. Each module is a folder of src/modules/ with its
 * entries, workflow rules, named SQL and migrations; registering them here is all the engine
 * needs to serve them.
 */
#ifndef BP_MODULES_H
#define BP_MODULES_H

/* Register every module's resource entries with the engine (before resource_init). */
void modules_register(void);

#endif
