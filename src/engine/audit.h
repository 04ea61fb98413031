/*
 * audit: the append-only, tamper-evident log of every change. Each row's hash is the SHA-256
 * of the previous row's hash and of the row's own content, so editing, inserting or deleting
 * a row in the middle breaks the chain at that row. Rows are appended inside the writer's
 * transaction (or the CLI's), which serialises them.
 */
#ifndef BP_AUDIT_H
#define BP_AUDIT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "db/db.h"

/* Append one row. actor_id 0 means the system (CLI); row_id 0 means none; before/after are
 * JSON text or NULL. BP_ERR_DB when the insert fails. */
BP_MUST_USE enum bp_err audit_append(struct db *db, long long actor_id, const char *action,
                                     const char *collection, long long row_id,
                                     const char *before, size_t before_len, const char *after,
                                     size_t after_len);

/* Several writers at once (PostgreSQL: a pool of writers per server, several servers): the
 * chain is one sequence, so a writer appends to it only holding the chain's lock (an advisory
 * lock until its transaction ends), and reads the head after taking it. audit_append takes it
 * itself (the CLI, one-off transactions). A writer that runs many jobs in one transaction calls
 * audit_defer once on its connection (on its thread): its jobs' rows wait in a temporary table
 * (a job's savepoint rolled back takes its rows with it) and audit_flush, just before the
 * COMMIT, takes the lock and chains them; the lock is then held only for those inserts and the
 * commit, after every row lock the jobs took, so waiting for it closes no cycle of waits. */
BP_MUST_USE enum bp_err audit_defer(struct db *db);
BP_MUST_USE enum bp_err audit_flush(struct db *db);
/* How many audit rows of actor_id with action were written after since (created_at's format),
 * the rows of this transaction still waiting for audit_flush counted too (a throttle). */
BP_MUST_USE enum bp_err audit_count_since(struct db *db, long long actor_id, const char *action,
                                          const char *since, long long *out);

/* One value of an audit note: a list of them, built with the macros below and ended by
 * AUDIT_END, is one JSON object, {"key":value,...}, in that order. Typed values, so the
 * compiler checks what a note holds and no module writes JSON text (or its length) by hand. */
enum audit_kind { AUDIT_KIND_END, AUDIT_KIND_INT, AUDIT_KIND_TEXT, AUDIT_KIND_BOOL, AUDIT_KIND_NULL };

struct audit_field {
    const char *key;
    enum audit_kind kind;
    long long i;      /* AUDIT_KIND_INT, AUDIT_KIND_BOOL (0/1) */
    const char *text; /* AUDIT_KIND_TEXT: NULL is null */
    size_t len;       /* bytes of text, or AUDIT_NUL_TERMINATED */
};

#define AUDIT_NUL_TERMINATED ((size_t)-1)
#define AUDIT_INT(k, v) {.key = (k), .kind = AUDIT_KIND_INT, .i = (long long)(v)}
#define AUDIT_BOOL(k, b) {.key = (k), .kind = AUDIT_KIND_BOOL, .i = (b) ? 1 : 0}
#define AUDIT_TEXT(k, s) {.key = (k), .kind = AUDIT_KIND_TEXT, .text = (s), .len = AUDIT_NUL_TERMINATED}
#define AUDIT_TEXTN(k, s, n) {.key = (k), .kind = AUDIT_KIND_TEXT, .text = (s), .len = (n)}
#define AUDIT_NULL(k) {.key = (k), .kind = AUDIT_KIND_NULL}
#define AUDIT_END {.key = NULL, .kind = AUDIT_KIND_END}

/* Append the JSON object of fields (ended by AUDIT_END) to out: keys and text escaped (quotes,
 * backslashes, control characters), bytes that are not UTF-8 replaced by U+FFFD, so the note
 * is valid JSON whatever a value holds. BP_ERR_TOO_LARGE / BP_ERR_NOMEM with out unchanged. */
BP_MUST_USE enum bp_err audit_json(struct buf *out, const struct audit_field *fields);

/* Append one row whose before and after images are notes built by audit_json (NULL: none), for
 * changes of what is not an entry (sessions, memberships, shares, security state); entries'
 * rows are audited by the engine's writes (resource_write). BP_ERR_TOO_LARGE past
 * LIMIT_AUDIT_NOTE_BYTES, BP_ERR_NOMEM, BP_ERR_DB. */
BP_MUST_USE enum bp_err audit_record(struct db *db, long long actor_id, const char *action,
                                     const char *collection, long long row_id,
                                     const struct audit_field *before,
                                     const struct audit_field *after);

/* Check the whole chain. BP_OK with *rows counted, or BP_ERR_INVALID with *bad_id the first
 * row whose hash or link does not match. */
BP_MUST_USE enum bp_err audit_verify(struct db *db, long long *rows, long long *bad_id);

/* --- the key and the checkpoints (docs/privacy.md) --- */

/* Where the key file and the checkpoint file are, when not beside the database
 * (<db>.audit-key, <db>.audit-checkpoints); NULL: beside it. Before any other call. */
void audit_configure(const char *key_path, const char *checkpoint_path);
/* The two paths for a database file. */
void audit_paths(const char *db_path, char *key, size_t key_size, char *checkpoints,
                 size_t checkpoints_size);
/* Make the key file of db when it has none (bpmc init, the first write after an upgrade): the
 * rows already there stay plain SHA-256 (legacy) and are sealed by a first checkpoint. */
BP_MUST_USE enum bp_err audit_key_init(struct db *db);
/* After a commit: sign the head (last id and hash) and append it to the checkpoint file, when
 * it moved since the last checkpoint. */
BP_MUST_USE enum bp_err audit_checkpoint(struct db *db);

/* Beside a copy of the database (bpmc backup), the checkpoints of the original up to the copy's
 * last row, so the copy verifies (with the key, kept apart: BPMC_AUDIT_KEY). */
BP_MUST_USE enum bp_err audit_copy_checkpoints(const char *db_path, const char *copy_path, long long upto);

/* Rewrite the checkpoint file keeping what verification needs: the first checkpoint (the seal
 * of rows from before the key), the newest, every one of the last hour, then the newest of each
 * minute up to a day old, of each hour up to LIMIT_AUDIT_CP_HOURLY_DAYS, of each day beyond.
 * Atomic (a new file renamed over it) and locked against appends from other processes.
 * audit_checkpoint does it every LIMIT_AUDIT_CP_COMPACT_EVERY lines; bpmc audit
 * compact-checkpoints on demand. *before and *after: the lines. */
BP_MUST_USE enum bp_err audit_compact_checkpoints(struct db *db, long long *before, long long *after);

struct audit_verdict {
    long long rows, bad_id, checkpoints, checkpoint_id, legacy;
    char why[1200]; /* what is wrong, when something is */
};
/* Check the chain with the key, and every checkpoint (signature, its row there with its hash,
 * none past the end). BP_ERR_INVALID (v->why says what), BP_ERR_NOT_FOUND without the key. */
BP_MUST_USE enum bp_err audit_verify_all(struct db *db, struct audit_verdict *v);

#endif
