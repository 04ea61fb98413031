/*
 * audit: the append-only, tamper-evident log of every change. Each row's hash is the SHA-256
 * of the previous row's hash and of the row's own content, so editing, inserting or deleting
 * a row in the middle breaks the chain at that row. Rows are appended inside the writer's
 * transaction (or the CLI's), which serialises them.
 */
#ifndef BP_AUDIT_H
#define BP_AUDIT_H

#include <stddef.h>

#include "base/err.h"
#include "db/db.h"

/* Append one row. actor_id 0 means the system (CLI); row_id 0 means none; before/after are
 * JSON text or NULL. BP_ERR_DB when the insert fails. */
BP_MUST_USE enum bp_err audit_append(struct db *db, long long actor_id, const char *action,
                                     const char *collection, long long row_id,
                                     const char *before, size_t before_len, const char *after,
                                     size_t after_len);

/* Check the whole chain. BP_OK with *rows counted, or BP_ERR_INVALID with *bad_id the first
 * row whose hash or link does not match. */
BP_MUST_USE enum bp_err audit_verify(struct db *db, long long *rows, long long *bad_id);

#endif
