/*
 * access_log: who viewed or exported personal data (table access_log, kept at least two years).
 * Personal fields are those flagged F_PRIVATE, and users.email.
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
 * "read", row_id (0: none), detail (the query string of a list, or STR_NULL). Written by the
 * writer as a detached job nobody waits for; nothing when rows is 0 or r is a HEAD request. */
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

#endif
