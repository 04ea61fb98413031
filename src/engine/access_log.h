/*
 * access_log: who viewed or exported personal data (table access_log, kept
 * --access-log-retention-days, at least a year). Personal fields are those flagged F_PRIVATE,
 * and users.email. Viewings are coalesced in memory and written by the writer with other writes.
 */
#ifndef BP_ACCESS_LOG_H
#define BP_ACCESS_LOG_H

#include "engine/http.h"

struct resource;
struct list_query;
struct access_entry;
/* Whether an answer of res to who can carry personal data at all (who is signed in and res has
 * personal fields). When false, nothing needs counting or logging. */
bool access_log_applies(const struct resource *res, const struct principal *who);
/* How many rows of a JSON answer of res carry personal data (a personal field that is neither
 * null nor empty): the items of a list page ({"items":[...]}) when list, else 0 or 1 for a row. */
long long access_log_rows(const struct resource *res, struct str json, bool list);
/* Log that r's caller was answered rows rows of res carrying personal data: action "list" or
 * "read", row_id (0: none), detail (the query string of a list, or STR_NULL). Noted in memory
 * and written by the writer within a window (access_log_flush); nothing when rows is 0 or r is
 * a HEAD request. */
void api_access_log(struct http_req *r, const struct resource *res, const char *action,
                    long long row_id, long long rows, struct str detail);
/* An export's log row, prepared on the loop (r's caller, address and query); NULL when out of
 * memory. Owned by the caller: free(). */
struct access_entry *access_log_entry(const struct http_req *r, const struct resource *res,
                                      const char *action, struct str detail);
/* On a worker: count the rows of the export q (as the entry's caller sees them) that carry
 * personal data into the entry; *any tells whether there were some. BP_ERR_DB, BP_ERR_NOMEM. */
BP_MUST_USE enum bp_err access_log_count(struct db *db, struct access_entry *a,
                                        const struct list_query *q, bool *any);
/* On the writer: append the entry to access_log. BP_ERR_DB. */
BP_MUST_USE enum bp_err access_log_write(struct db *db, const struct access_entry *a);

/* The query kept in a row: without its cursor, each value cut to LIMIT_ACCESS_VALUE bytes and
 * the whole to size - 1 (cuts marked "..."), NUL-terminated into out; its length. */
size_t access_log_detail(struct str query, char *out, size_t size);
/* For the writer. How long it may wait before it must call access_log_flush: 0 now, -1 when
 * nothing is pending. */
long long access_log_wait_ms(void);
/* On the writer, inside its transaction after the users' writes: insert the noted viewings (at
 * most LIMIT_ACCESS_FLUSH_ROWS) and purge old rows when due. Then, after the COMMIT (or its
 * failure), access_log_settle(committed): rows not committed are written again next time. */
BP_MUST_USE enum bp_err access_log_flush(struct db *db);
void access_log_settle(bool committed);
/* Delete the rows older than days (never less than LIMIT_ACCESS_RETENTION_DAYS), each batch
 * audited as access-log-purge; *deleted rows. For `bpmc access-log purge` and the writer. */
BP_MUST_USE enum bp_err access_log_purge(struct db *db, int days, long long *deleted);

#endif
