/*
 * api: the handlers the route table names, one file per module, and the resource entries each
 * module declares. Handlers parse and check the request, call the engine or the domain, and
 * write JSON; none of them knows h2o or SQL text beyond its module's own statements.
 */
#ifndef BP_API_H
#define BP_API_H

#include "http/http.h"

/* Register every module's resource entries with the engine (before resource_init). */
void api_register_all(void);
/* platform_entries.c: audit and files, registered by api_register_all. */
extern const struct resource api_files_entry;
extern const struct resource api_tokens_entry;
extern const struct resource *const api_platform_entries[];
/* collaboration.c: requests on matches, collaborations, agreements, meetings, action items;
 * and the value chain (org-links) of the directory */
extern const struct resource *const api_collaboration_entries[];
extern const struct resource *const api_value_chain_entries[];

/* platform.c */
void api_healthz(struct http_req *r);
void api_readyz(struct http_req *r);
void api_metrics(struct http_req *r);
void api_openapi(struct http_req *r);
/* web.c: the embedded web application */
void api_index(struct http_req *r);
void api_asset(struct http_req *r);
/* The problem document of a problem type (h2o's own 413 is answered with it). */
void api_problem_doc(struct http_req *r);
/* Build the cached OpenAPI document (at start-up). */
BP_MUST_USE enum bp_err api_openapi_build(void);

/* collections.c: the generic handlers of every resource entry */
void api_list(struct http_req *r);
void api_get(struct http_req *r);
void api_create(struct http_req *r);
void api_patch(struct http_req *r);
void api_delete(struct http_req *r);

struct write_op;
/* Hand a validated change to the writer; the answer is the engine's (201 + Location, 200, 204
 * or a problem). Takes what op owns. reveal, when not NULL, is a JSON member ("key":"value")
 * added to this one answer only (a secret shown once), never stored. */
void api_write(struct http_req *r, struct write_op *op, const char *reveal);

/* Record a last use without waiting for it: sql's ?1 gets the time now (unix seconds), ?2
 * key. sql must be a constant. */
void api_note_use(struct http_req *r, const char *sql, const char *key);

/* access_log.c: who viewed or exported personal data (table access_log, kept at least two
 * years). Personal fields are those flagged F_PRIVATE, and users.email. */
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

/* tokens.c: API tokens for integrations */
void api_token_create(struct http_req *r);
/* Resolve "Authorization: Bearer <token>" into r->who (r->token_read_only for read scopes).
 * Unknown, expired or revoked tokens leave r->who anonymous. */
void token_authenticate(struct http_req *r);

/* matching.c: explained matching between needs and capabilities */
void api_need_matches(struct http_req *r);
void api_capability_matches(struct http_req *r);

/* search.c: GET /api/v1/search */
void api_search(struct http_req *r);

/* files.c: attachments */
void api_file_upload(struct http_req *r);
void api_file_content(struct http_req *r);

/* session.c */
void api_session_get(struct http_req *r);
void api_session_create(struct http_req *r);
void api_session_delete(struct http_req *r);
/* PATCH {"lang":"ko"|"en", "org_id":N}: the signed-in user's language, kept across browsers,
 * and the organisation (one of its memberships) the session works in. */
void api_session_update(struct http_req *r);
/* password.c: POST /session/password {current_password,new_password} ends every session and
 * opens a new one; password-resets {email} (always 202) and /confirm {token,password}. */
void api_password_change(struct http_req *r);
void api_reset_request(struct http_req *r);
void api_reset_confirm(struct http_req *r);
/* totp.c: the second factor: begin (secret and otpauth URI), confirm {code} (recovery codes,
 * shown once), disable {password}. */
void api_totp_begin(struct http_req *r);
void api_totp_confirm(struct http_req *r);
void api_totp_disable(struct http_req *r);
/* members.c: an organisation's members (list, invite, change role, remove), users invited and
 * anonymised by operators, notifications marked read. */
void api_members_list(struct http_req *r);
void api_member_invite(struct http_req *r);
void api_member_update(struct http_req *r);
void api_member_remove(struct http_req *r);
void api_user_invite(struct http_req *r);
void api_user_anonymise(struct http_req *r);
void api_notifications_read(struct http_req *r);
/* shares.c: private records shared with named organisations */
void api_shares_list(struct http_req *r);
void api_share_create(struct http_req *r);
void api_share_delete(struct http_req *r);
extern const struct resource api_notifications_entry;
/* Resolve the bpmc_session cookie into r->who; checks X-CSRF-Token against the session's
 * token (r->session_csrf_ok). Expired or unknown tokens leave r->who anonymous. */
void session_authenticate(struct http_req *r);

/* import.c: POST /api/v1/imports?collection=&mode=preview|commit with a CSV or XLSX file's
 * bytes (operators): the preview of every row, or the whole file written in one transaction
 * (docs/import.md; the plan itself is api/import.h). */
void api_import(struct http_req *r);

#endif
