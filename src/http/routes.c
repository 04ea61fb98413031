/*
 * routes: THE route table. One row per method set and pattern; the dispatcher enforces the
 * auth and body columns before the handler runs, so handlers hold only their own logic.
 */
#include "http/routes.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine/collections.h"
#include "http/platform.h"
#include "modules/accounts/accounts.h"
#include "modules/attraction/attraction.h"
#include "modules/collaboration/collaboration.h"
#include "modules/dashboard/dashboard.h"
#include "modules/directory/directory.h"
#include "modules/facilities/facilities.h"
#include "modules/import/plan.h"
#include "modules/investment/investment.h"
#include "modules/lifecycle/lifecycle.h"
#include "modules/platform/platform.h"
#include "modules/program/program.h"
#include "modules/training/training.h"
#include "engine/resource.h"
#include "base/banned.h"

#define GET (HTTP_GET | HTTP_HEAD)
#define POST HTTP_POST
#define PATCH HTTP_PATCH
#define DELETE HTTP_DELETE

/* clang-format off */
static const struct route routes[] = {
    /* method pattern                             handler                 auth           body       operationId
     * operationId names the row of http/openapi_routes.c that documents the route (summary,
     * parameters, bodies, answers); NULL: not the API (the web application's pages) */
    {GET,    "/healthz",                         api_healthz,            AUTH_ANY,      BODY_NONE, "healthz"},
    {GET,    "/readyz",                          api_readyz,             AUTH_ANY,      BODY_NONE, "readyz"},
    {GET,    "/metrics",                         api_metrics,            AUTH_ANY,      BODY_NONE, "metrics"},
    {GET,    "/api/v1/openapi.json",             api_openapi,            AUTH_ANY,      BODY_NONE, "openapiGet"},
    {GET,    "/api/v1/problems/:type",           api_problem_doc,        AUTH_ANY,      BODY_NONE, "problemGet"},
    {GET,    "/api/v1/session",                  api_session_get,        AUTH_ANY,      BODY_NONE, "sessionGet"},
    {POST,   "/api/v1/session",                  api_session_create,     AUTH_ANY,      BODY_JSON, "sessionCreate"},
    {DELETE, "/api/v1/session",                  api_session_delete,     AUTH_USER,     BODY_NONE, "sessionDelete"},
    {PATCH,  "/api/v1/session",                  api_session_update,     AUTH_USER,     BODY_JSON, "sessionUpdate"},
    {POST,   "/api/v1/session/password",         api_password_change,    AUTH_USER,     BODY_JSON, "passwordChange"},
    {POST,   "/api/v1/session/totp",             api_totp_begin,         AUTH_USER,     BODY_NONE, "totpBegin"},
    {POST,   "/api/v1/session/totp/confirm",     api_totp_confirm,       AUTH_USER,     BODY_JSON, "totpConfirm"},
    {POST,   "/api/v1/session/totp/disable",     api_totp_disable,       AUTH_USER,     BODY_JSON, "totpDisable"},
    {POST,   "/api/v1/password-resets",          api_reset_request,      AUTH_ANY,      BODY_JSON, "passwordResetRequest"},
    {POST,   "/api/v1/password-resets/confirm",  api_reset_confirm,      AUTH_ANY,      BODY_JSON, "passwordResetConfirm"},
    {GET,    "/api/v1/orgs/:id/members",         api_members_list,       AUTH_USER,     BODY_NONE, "membersList"},
    {POST,   "/api/v1/orgs/:id/members",         api_member_invite,      AUTH_USER,     BODY_JSON, "membersInvite"},
    {PATCH,  "/api/v1/orgs/:id/members/:user",   api_member_update,      AUTH_USER,     BODY_JSON, "membersUpdate"},
    {DELETE, "/api/v1/orgs/:id/members/:user",   api_member_remove,      AUTH_USER,     BODY_NONE, "membersRemove"},
    {GET,    "/api/v1/orgs/:id/invitations/:inv", api_org_invitation_get, AUTH_USER,   BODY_NONE, "orgInvitationsGet"},
    {DELETE, "/api/v1/orgs/:id/invitations/:inv", api_org_invitation_cancel, AUTH_USER, BODY_NONE, "orgInvitationsCancel"},
    {GET,    "/api/v1/invitations",              api_invitations_list,   AUTH_USER,     BODY_NONE, "invitationsList"},
    {POST,   "/api/v1/invitations/:id/accept",   api_invitation_accept,  AUTH_USER,     BODY_NONE, "invitationsAccept"},
    {DELETE, "/api/v1/invitations/:id",          api_invitation_decline, AUTH_USER,     BODY_NONE, "invitationsDecline"},
    {POST,   "/api/v1/users",                    api_user_invite,        AUTH_OPERATOR, BODY_JSON, "usersInvite"},
    {DELETE, "/api/v1/users/:id",                api_user_anonymise,     AUTH_USER,     BODY_NONE, "usersAnonymise"},
    {POST,   "/api/v1/notifications/read",       api_notifications_read, AUTH_USER,     BODY_NONE, "notificationsMarkRead"},
    {GET,    "/api/v1/shares",                   api_shares_list,        AUTH_USER,     BODY_NONE, "sharesList"},
    {POST,   "/api/v1/shares",                   api_share_create,       AUTH_USER,     BODY_JSON, "sharesCreate"},
    {DELETE, "/api/v1/shares/:id",               api_share_delete,       AUTH_USER,     BODY_NONE, "sharesDelete"},
    {GET,    "/api/v1/search",                   api_search,             AUTH_ANY,      BODY_NONE, "search"},
    {GET,    "/api/v1/needs/:id/matches",        api_need_matches,       AUTH_ANY,      BODY_NONE, "needsMatches"},
    {GET,    "/api/v1/capabilities/:id/matches", api_capability_matches, AUTH_ANY,      BODY_NONE, "capabilitiesMatches"},
    {GET,    "/api/v1/collaborations/:id/members", api_collaboration_members, AUTH_USER, BODY_NONE, "collaborationsMembers"},
    {GET,    "/api/v1/resources/:id/availability", api_resource_availability, AUTH_ANY, BODY_NONE, "resourcesAvailability"},
    {POST,   "/api/v1/bookings/:id/decision",    api_booking_decision,   AUTH_USER,     BODY_JSON, "bookingsDecision"},
    {POST,   "/api/v1/bookings/:id/cancel-series", api_booking_cancel_series, AUTH_USER, BODY_NONE, "bookingsCancelSeries"},
    {POST,   "/api/v1/bookings/:id/check-in",    api_booking_checkin,    AUTH_USER,     BODY_NONE, "bookingsCheckIn"},
    {POST,   "/api/v1/bookings/:id/check-out",   api_booking_checkout,   AUTH_USER,     BODY_NONE, "bookingsCheckOut"},
    {GET,    "/api/v1/resources/:id/qr.svg",     api_resource_qr,        AUTH_ANY,      BODY_NONE, "resourcesQr"},
    {GET,    "/api/v1/feeds/:id",                api_calendar_feed,      AUTH_ANY,      BODY_NONE, "calendarFeed"},
    {POST,   "/api/v1/statements/generate",      api_statements_generate, AUTH_OPERATOR, BODY_JSON, "statementsGenerate"},
    {GET,    "/api/v1/statements/:id/document",  api_statement_document, AUTH_USER,     BODY_NONE, "statementsDocument"},
    {GET,    "/api/v1/surveys/:id/summary",      api_survey_summary,     AUTH_OPERATOR, BODY_NONE, "surveysSummary"},
    {GET,    "/api/v1/enrollments/:id/certificate", api_enrollment_certificate, AUTH_USER, BODY_NONE, "enrollmentsCertificate"},
    {GET,    "/api/v1/facilities/utilisation",   api_facilities_utilisation, AUTH_ANY,  BODY_NONE, "facilitiesUtilisation"},
    {GET,    "/api/v1/spaces/occupancy",         api_spaces_occupancy,   AUTH_ANY,      BODY_NONE, "spacesOccupancy"},
    {POST,   "/api/v1/files",                    api_file_upload,        AUTH_USER,     BODY_RAW,  "filesUpload"},
    {POST,   "/api/v1/imports",                  api_import,             AUTH_OPERATOR, BODY_RAW,  "importsRun"},
    {GET,    "/api/v1/imports/template",         api_import_template,    AUTH_OPERATOR, BODY_NONE, "importsTemplate"},
    {POST,   "/api/v1/api-tokens",               api_token_create,       AUTH_USER,     BODY_JSON, "apiTokensCreate"},
    {GET,    "/api/v1/files/:id/content",        api_file_content,       AUTH_ANY,      BODY_NONE, "filesContent"},
    {GET,    "/api/v1/programs/:id/outcomes",    api_program_outcomes,   AUTH_OPERATOR, BODY_NONE, "programsOutcomes"},
    {GET,    "/api/v1/lifecycle/late-reports",   api_late_reports,       AUTH_OPERATOR, BODY_NONE, "lifecycleLateReports"},
    {GET,    "/api/v1/reports/project-card",     api_project_card,       AUTH_OPERATOR, BODY_NONE, "reportsProjectCard"},
    {GET,    "/api/v1/program/budget",           api_program_budget,     AUTH_USER,     BODY_NONE, "programBudget"},
    {GET,    "/api/v1/program/schedule",         api_program_schedule,   AUTH_ANY,      BODY_NONE, "programSchedule"},
    {GET,    "/api/v1/attraction/funnel",        api_attraction_funnel,  AUTH_OPERATOR, BODY_NONE, "attractionFunnel"},
    {GET,    "/api/v1/investor-profiles/:id/matches", api_investor_matches, AUTH_USER, BODY_NONE, "investorProfilesMatches"},
    {GET,    "/api/v1/fundraisings/:id/matches", api_fundraising_matches, AUTH_USER,     BODY_NONE, "fundraisingsMatches"},
    {GET,    "/api/v1/investment/high-growth", api_high_growth,       AUTH_OPERATOR, BODY_NONE, "investmentHighGrowth"},
    {GET,    "/api/v1/dashboard",                api_dashboard,          AUTH_OPERATOR, BODY_NONE, "dashboardGet"},
    {GET,    "/api/v1/dashboard/public",         api_dashboard_public,   AUTH_ANY,      BODY_NONE, "dashboardPublic"},
    {GET,    "/api/v1/:collection",              api_list,               AUTH_ANY,      BODY_NONE, "{collection}List"},
    {POST,   "/api/v1/:collection",              api_create,             AUTH_USER,     BODY_JSON, "{collection}Create"},
    {GET,    "/api/v1/:collection/:id",          api_get,                AUTH_ANY,      BODY_NONE, "{collection}Get"},
    {PATCH,  "/api/v1/:collection/:id",          api_patch,              AUTH_USER,     BODY_JSON, "{collection}Update"},
    {DELETE, "/api/v1/:collection/:id",          api_delete,             AUTH_USER,     BODY_NONE, "{collection}Delete"},
    {GET,    "/assets/*",                        api_asset,              AUTH_ANY,      BODY_NONE, NULL},
    {GET,    "/",                                api_index,              AUTH_ANY,      BODY_NONE, NULL},
    {GET,    "/*",                               api_index,              AUTH_ANY,      BODY_NONE, NULL},
};
/* clang-format on */

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

size_t routes_count(void) { return NROUTES; }

const struct route *routes_row(size_t i) { return i < NROUTES ? &routes[i] : NULL; }
const char *routes_pattern(size_t i) { return i < NROUTES ? routes[i].pattern : "none"; }

size_t routes_index(const char *pattern)
{
    for (size_t i = 0; pattern && i < NROUTES; i++)
        if (routes[i].pattern == pattern)
            return i;
    return NROUTES;
}

/* Match path against pattern; captures go to params. Segments may not be empty. */
static bool match(const char *pattern, struct str path, struct str *params)
{
    size_t np = 0;
    struct str pat = str_from(pattern);
    if (!path.len || path.ptr[0] != '/')
        return false;
    if (pat.len == 1)
        return path.len == 1;
    path.ptr++, path.len--;
    pat.ptr++, pat.len--;
    while (pat.ptr) {
        struct str pseg, seg;
        pat = str_cut(pat, '/', &pseg);
        if (str_eq_c(pseg, "*")) /* the rest of the path, whatever it is */
            return path.ptr != NULL && path.len > 0;
        if (!path.ptr)
            return false;
        path = str_cut(path, '/', &seg);
        if (seg.len == 0)
            return false;
        if (pseg.len && pseg.ptr[0] == ':') {
            if (np < 2)
                params[np++] = seg;
        } else if (!str_eq(pseg, seg)) {
            return false;
        }
    }
    return path.ptr == NULL;
}

static bool json_content_type(struct str ct)
{
    struct str base;
    (void)str_cut(ct, ';', &base);
    while (base.len && base.ptr[base.len - 1] == ' ')
        base.len--;
    return str_eq_ci(base, "application/json") || str_eq_ci(base, "application/merge-patch+json");
}

static void refuse(struct http_req *r, enum bp_err e, const char *ko, const char *en)
{
    struct problem p;
    problem_init(&p);
    problem_set(&p, e, ko, en);
    http_reply_problem(r, &p);
}

/* The module a path of the API belongs to: its collection's ("directory" for search, and for
 * imports, whose collections are all the directory's); NULL
 * for paths of no module (health, OpenAPI, problem documents). */
static const char *path_module(struct str path)
{
    static const char api[] = "/api/v1/";
    if (!str_starts_with(path, api))
        return NULL;
    struct str rest = {path.ptr + sizeof(api) - 1, path.len - (sizeof(api) - 1)}, seg;
    (void)str_cut(rest, '/', &seg);
    if (str_eq_c(seg, "search") || str_eq_c(seg, "imports"))
        return "directory";
    if (str_eq_c(seg, "reports"))
        return "program";
    if (str_eq_c(seg, "lifecycle"))
        return "lifecycle";
    if (str_eq_c(seg, "attraction"))
        return "attraction";
    const struct resource *res = resource_find(seg.ptr, seg.len);
    return res ? resource_module(res) : NULL;
}

/* Whether an API token may call this path: it may ask who it is, never change the account's
 * sessions, password or second factor; and only its modules when it names some. */
static bool token_allows(const struct http_req *r)
{
    if ((str_starts_with(r->path, "/api/v1/session") && r->method != HTTP_GET) ||
        str_starts_with(r->path, "/api/v1/password-resets") ||
        (str_starts_with(r->path, "/api/v1/invitations") && r->method != HTTP_GET))
        return false;
    if (r->token_modules.len == 0)
        return true;
    return api_token_allows(r, path_module(r->path));
}

/* --- limits of issue #10 item 6, checked before any handler work --- */

/* The body limit of a route: the sign-in, password and second-factor routes read a few
 * hundred bytes, so a big body there is refused before its JSON is parsed on the loop. */
static size_t body_limit(const struct route *rt)
{
    if (rt->body == BODY_JSON && (str_starts_with(str_from(rt->pattern), "/api/v1/session") ||
                                  str_starts_with(str_from(rt->pattern), "/api/v1/password-resets")))
        return LIMIT_BODY_AUTH;
    return SIZE_MAX; /* --body-max, which h2o enforces while reading */
}

/* The query string: its whole length, and each parameter's (a cursor may be longer). Refused
 * naming the parameter, before anything parses it. */
static bool query_ok(struct http_req *r)
{
    if (r->query.len > LIMIT_QUERY_STRING) {
        http_refuse(r, BP_ERR_BAD_QUERY, "query", "쿼리 문자열이 너무 깁니다",
                    "the query string is too long");
        return false;
    }
    struct str rest = r->query, pair;
    while (rest.ptr && rest.len) {
        rest = str_cut(rest, '&', &pair);
        struct str name, value = str_cut(pair, '=', &name);
        size_t cap = str_eq_c(name, "cursor") ? LIMIT_CURSOR : LIMIT_QUERY_PARAM;
        if (value.ptr && value.len > cap) {
            char field[64];
            snprintf(field, sizeof(field), "%.*s", (int)(name.len < 60 ? name.len : 60), name.ptr);
            http_refuse(r, BP_ERR_BAD_QUERY, field, "이 쿼리 매개변수가 너무 깁니다",
                        "this query parameter is too long");
            return false;
        }
    }
    return true;
}

/* Anonymous API requests per client address: a token bucket of --anonymous-rate a second
 * holding LIMIT_ANONYMOUS_BURST_S seconds of it, in buckets keyed by a secret hash of the
 * address. Signed-in callers are not counted (their work is theirs, and throttled elsewhere). */
#define RATE_BUCKETS 16384
static struct {
    double tokens, at;
} rate[RATE_BUCKETS];
static pthread_mutex_t rate_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char rate_key[crypto_shorthash_KEYBYTES];
static pthread_once_t rate_once = PTHREAD_ONCE_INIT;

static void rate_init(void) { randombytes_buf(rate_key, sizeof(rate_key)); }

/* 0 when the request may go on, else the seconds to wait. */
static int anonymous_wait(const struct http_req *r)
{
    int per_s = server_config()->anonymous_rate;
    if (per_s <= 0)
        return 0;
    pthread_once(&rate_once, rate_init);
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)r->peer, strlen(r->peer), rate_key);
    size_t b = ((size_t)h[0] | (size_t)h[1] << 8) % RATE_BUCKETS;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9, cap = (double)per_s * LIMIT_ANONYMOUS_BURST_S;
    int wait = 0;
    pthread_mutex_lock(&rate_lock);
    if (rate[b].at == 0)
        rate[b].tokens = cap;
    else
        rate[b].tokens = fmin(cap, rate[b].tokens + (now - rate[b].at) * per_s);
    rate[b].at = now;
    if (rate[b].tokens >= 1)
        rate[b].tokens -= 1;
    else
        wait = (int)ceil((1 - rate[b].tokens) / per_s);
    pthread_mutex_unlock(&rate_lock);
    return wait;
}

void routes_dispatch(struct http_req *r)
{
    const struct route *found = NULL;
    bool path_matched = false;
    for (size_t i = 0; i < NROUTES; i++) {
        struct str params[2] = {STR_NULL, STR_NULL};
        if (!match(routes[i].pattern, r->path, params))
            continue;
        path_matched = true;
        r->route = routes[i].pattern;
        if (routes[i].methods & r->method) {
            found = &routes[i];
            r->params[0] = params[0];
            r->params[1] = params[1];
            break;
        }
    }
    if (!found) {
        if (path_matched)
            refuse(r, BP_ERR_METHOD, "이 경로에서 허용되지 않는 메서드입니다",
                   "method not allowed on this path");
        else
            refuse(r, BP_ERR_NOT_FOUND, "경로를 찾을 수 없습니다", "no such path");
        return;
    }
    if (r->bearer.len)
        token_authenticate(r);
    else if (r->session_token.len)
        session_authenticate(r);
    if (r->bearer.len && r->who.user_id == 0) { /* never read as anonymous */
        refuse(r, BP_ERR_UNAUTHENTICATED, "API 토큰이 올바르지 않거나 폐기 또는 만료되었습니다",
               "the API token is unknown, revoked or expired");
        return;
    }
    if (!query_ok(r))
        return;
    if (r->body.len > body_limit(found)) {
        /* h2o's error document for 413 (the problem of /api/v1/problems/too-large) replaces
         * this answer's body, as it does for bodies over --body-max. */
        http_reply_error(r, BP_ERR_TOO_LARGE);
        return;
    }
    if (found->auth != AUTH_ANY && r->who.user_id == 0) {
        refuse(r, BP_ERR_UNAUTHENTICATED, "로그인이 필요합니다", "log in first");
        return;
    }
    /* only routes open to anonymous callers count: the others answered 401 above, at no cost */
    if (r->who.user_id == 0 && str_starts_with(r->path, "/api/")) {
        int wait = anonymous_wait(r);
        if (wait) {
            char after[16];
            snprintf(after, sizeof(after), "%d", wait);
            refuse(r, BP_ERR_THROTTLED, "이 주소에서 로그인하지 않은 요청이 너무 많습니다. 잠시 후 다시 시도하세요",
                   "too many requests without signing in from this address: try again later");
            struct str v = {arena_strndup(r->arena, after, strlen(after)), strlen(after)};
            http_add_header(&r->ans, "retry-after", v);
            r->throttled = true;
            return;
        }
    }
    if (found->auth == AUTH_OPERATOR && !principal_is_operator(&r->who)) {
        refuse(r, BP_ERR_FORBIDDEN, "운영자만 할 수 있습니다", "operators only");
        return;
    }
    if (r->bearer.len && r->who.user_id && !token_allows(r)) {
        refuse(r, BP_ERR_FORBIDDEN, "이 API 토큰으로는 할 수 없는 일입니다 (모듈 또는 계정 보안)",
               "this API token may not do this (its modules, or account security)");
        return;
    }
    if (r->must_enrol_totp && str_starts_with(r->path, "/api/") &&
        !str_starts_with(r->path, "/api/v1/session") && !str_eq_c(r->path, "/api/v1/openapi.json")) {
        refuse(r, BP_ERR_FORBIDDEN, "운영 관리자는 2단계 인증을 먼저 등록해야 합니다 (내 계정)",
               "operator-admins must enrol a second factor first (my account)");
        return;
    }
    bool changes = r->method & (HTTP_POST | HTTP_PATCH | HTTP_DELETE | HTTP_PUT);
    if (changes && r->token_read_only) {
        refuse(r, BP_ERR_FORBIDDEN, "읽기 전용 API 토큰입니다", "this API token is read-only");
        return;
    }
    if (changes && found->auth != AUTH_ANY && r->via_cookie && !r->session_csrf_ok) {
        refuse(r, BP_ERR_FORBIDDEN, "CSRF 토큰(X-CSRF-Token)이 없거나 올바르지 않습니다",
               "missing or wrong X-CSRF-Token");
        return;
    }
    if (found->body == BODY_JSON && !json_content_type(r->content_type)) {
        refuse(r, BP_ERR_MEDIA_TYPE, "Content-Type은 application/json이어야 합니다",
               "Content-Type must be application/json");
        return;
    }
    found->handler(r);
}
