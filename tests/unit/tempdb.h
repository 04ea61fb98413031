/*
 * tempdb: the database file of a unit test, made fresh in /tmp and removed with its WAL and
 * shared-memory files and its audit key, for the tests that open a real database (access,
 * audit, engine, import).
 */
#ifndef BP_TEST_TEMPDB_H
#define BP_TEST_TEMPDB_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Make path, a template ending in XXXXXX, the name of a new empty file; false when it cannot. */
static inline bool tempdb_make(char *path)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

/* Remove the database file path, its -wal and -shm files and its audit key (path.audit-key,
 * made by the first audited write). */
static inline void tempdb_remove(const char *path)
{
    char side[128];
    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s.audit-key", path);
    unlink(side);
}

#endif
