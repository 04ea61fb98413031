/*
 * views: the program's two read views beside its collections, in the card's period columns
 * (rules.c: 기투자, '22.7., '23 … '26.6., 임기후).
 *   GET /api/v1/program/budget?project=ID   plan and execution by period and source, with the
 *       execution rate (signed-in callers: the budget is the cluster's business);
 *   GET /api/v1/program/schedule?project=ID the unit project × period ○ matrix and the schedule's
 *       rows with their dates, for the Gantt view (anyone: the schedule is on the public card).
 * Both run inline on the loop: a program has a few dozen rows.
 */
#include "modules/program/program.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "engine/http.h"
#include "modules/program/rules.h"
#include "base/banned.h"

#define VIEW_SOURCES 4
static const char *const view_sources[VIEW_SOURCES] = {"national", "provincial", "city", "other"};

/* The program asked for (?project=ID, 0: the first), or a refusal already answered. */
static bool project_param(struct http_req *r, long long *project_id)
{
    struct problem p;
    problem_init(&p);
    *project_id = 0;
    struct str q = r->query;
    while (q.ptr && q.len) {
        struct str pair, key, raw, v;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v))
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다",
                          "bad percent-encoding or UTF-8");
        else if (str_eq_c(key, "project")) {
            if (!str_to_i64(v, 1, INT64_MAX, project_id))
                problem_field(&p, BP_ERR_BAD_QUERY, "project", "사업 번호는 양의 정수입니다",
                              "the project is a positive integer id");
        } else if (key.len)
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "알 수 없는 매개변수입니다 (project)",
                          "unknown query parameter (project)");
    }
    if (p.err)
        http_reply_problem(r, &p);
    return !p.err;
}

struct view_program {
    long long id;
    char starts_on[11], ends_on[11];
    struct program_period periods[LIMIT_CARD_PERIODS];
    size_t nperiods;
};

/* The program's id, term and period columns; BP_ERR_NOT_FOUND when there is none. Its name
 * goes to out as the first members of the answer's object. */
static enum bp_err load_program(struct db *db, long long id, struct view_program *v, struct buf *out)
{
    static const char sql[] =
        "SELECT id, name, starts_on, ends_on FROM pledge_projects "
        "WHERE id = ?1 OR (?1 = 0 AND id = (SELECT min(id) FROM pledge_projects))";
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t n, ns, ne;
        v->id = db_column_int(st, 0);
        const char *name = db_column_text(st, 1, &n);
        const char *a = db_column_text(st, 2, &ns), *b = db_column_text(st, 3, &ne);
        if (ns == 10 && ne == 10) {
            memcpy(v->starts_on, a, 11);
            memcpy(v->ends_on, b, 11);
        }
        (void)buf_addf(out, "{\"project_id\":%lld,\"name\":", v->id);
        (void)buf_add_json_str(out, name, n);
        (void)buf_addf(out, ",\"starts_on\":\"%s\",\"ends_on\":\"%s\",\"periods\":[", v->starts_on,
                       v->ends_on);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (s != DB_ROW)
        return BP_ERR_NOT_FOUND;
    v->nperiods = program_periods(v->starts_on, v->ends_on, v->periods, LIMIT_CARD_PERIODS);
    if (!v->nperiods)
        return BP_ERR_INVALID;
    for (size_t i = 0; i < v->nperiods; i++) {
        (void)buf_addf(out, "%s{\"label\":", i ? "," : "");
        (void)buf_add_json_str(out, v->periods[i].label, strlen(v->periods[i].label));
        (void)buf_addf(out, ",\"from\":\"%s\",\"to\":\"%s\"}", v->periods[i].from, v->periods[i].to);
    }
    (void)buf_adds(out, "]");
    return BP_OK;
}

static void reply(struct http_req *r, enum bp_err e)
{
    if (!e && r->ans.body.failed)
        e = BP_ERR_NOMEM;
    if (e)
        buf_reset(&r->ans.body); /* the answer so far is not sent */
    if (e == BP_ERR_NOT_FOUND)
        http_refuse(r, BP_ERR_NOT_FOUND, "project", "없는 사업입니다", "no such pledge project");
    else if (e)
        http_reply_error(r, e);
    else
        http_reply_json(r, 200);
}

/* A view's start: the program named by ?project (its name and periods into the answer, v
 * filled) and sql prepared with the program's id bound to its parameter; NULL when the request
 * is answered already (a bad parameter, no such program, an error). */
static struct db_stmt *open_view(struct http_req *r, const char *sql, struct view_program *v)
{
    long long id;
    if (!project_param(r, &id))
        return NULL;
    struct db *db = http_db(r);
    struct db_stmt *st = NULL;
    enum bp_err e = load_program(db, id, v, &r->ans.body);
    if (!e)
        e = db_prepare(db, sql, &st);
    if (e) {
        reply(r, e);
        return NULL;
    }
    db_bind_int(st, 1, v->id);
    return st;
}

/* --- GET /api/v1/program/budget --- */

/* executed ÷ planned with four decimals, null when nothing is planned. */
static void add_rate(struct buf *out, long long planned, long long executed)
{
    if (planned <= 0)
        (void)buf_adds(out, "null");
    else
        (void)buf_addf(out, "%.4f", (double)executed / (double)planned);
}

static void add_series(struct buf *out, const char *name, const long long *v, size_t n)
{
    (void)buf_addf(out, "\"%s\":[", name);
    for (size_t i = 0; i < n; i++)
        (void)buf_addf(out, "%s%lld", i ? "," : "", v[i]);
    (void)buf_adds(out, "]");
}

void api_program_budget(struct http_req *r)
{
    static const char sql[] =
        "SELECT source, kind, starts_on, amount FROM budget_lines WHERE project_id = ?";
    struct view_program v = {0};
    struct buf *out = &r->ans.body;
    struct db_stmt *st = open_view(r, sql, &v);
    if (!st)
        return;
    /* [source][kind: 0 planned, 1 executed][period] */
    long long sum[VIEW_SOURCES][2][LIMIT_CARD_PERIODS] = {{{0}}};
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        size_t n, src = 0;
        const char *source = db_column_text(st, 0, &n);
        while (src < VIEW_SOURCES && strcmp(view_sources[src], source) != 0)
            src++;
        if (src == VIEW_SOURCES)
            continue;
        int kind = strcmp(db_column_text(st, 1, &n), "executed") == 0;
        size_t p = program_period_of(v.periods, v.nperiods, db_column_text(st, 2, &n));
        sum[src][kind][p] += db_column_int(st, 3);
    }
    db_reset(st);
    if (s == DB_FAIL) {
        reply(r, BP_ERR_DB);
        return;
    }
    long long total[2][LIMIT_CARD_PERIODS] = {{0}}, all[2] = {0};
    (void)buf_adds(out, ",\"sources\":[");
    for (size_t src = 0; src < VIEW_SOURCES; src++) {
        long long t[2] = {0};
        for (int k = 0; k < 2; k++)
            for (size_t p = 0; p < v.nperiods; p++) {
                t[k] += sum[src][k][p];
                total[k][p] += sum[src][k][p];
            }
        all[0] += t[0], all[1] += t[1];
        (void)buf_addf(out, "%s{\"source\":\"%s\",", src ? "," : "", view_sources[src]);
        add_series(out, "planned", sum[src][0], v.nperiods);
        (void)buf_adds(out, ",");
        add_series(out, "executed", sum[src][1], v.nperiods);
        (void)buf_addf(out, ",\"planned_total\":%lld,\"executed_total\":%lld,\"rate\":", t[0], t[1]);
        add_rate(out, t[0], t[1]);
        (void)buf_adds(out, "}");
    }
    (void)buf_adds(out, "],\"total\":{");
    add_series(out, "planned", total[0], v.nperiods);
    (void)buf_adds(out, ",");
    add_series(out, "executed", total[1], v.nperiods);
    (void)buf_adds(out, ",\"rates\":[");
    for (size_t p = 0; p < v.nperiods; p++) {
        (void)buf_adds(out, p ? "," : "");
        add_rate(out, total[0][p], total[1][p]);
    }
    (void)buf_addf(out, "],\"planned_total\":%lld,\"executed_total\":%lld,\"rate\":", all[0], all[1]);
    add_rate(out, all[0], all[1]);
    (void)buf_adds(out, "}}");
    reply(r, BP_OK);
}

/* --- GET /api/v1/program/schedule --- */

void api_program_schedule(struct http_req *r)
{
    static const char sql[] =
        "SELECT u.id, u.name, u.status, u.starts_on, u.ends_on, s.id, s.label, s.starts_on, "
        "s.ends_on FROM unit_projects u LEFT JOIN schedule s ON s.unit_project_id = u.id "
        "WHERE u.project_id = ? ORDER BY u.position, u.id, s.starts_on, s.id";
    struct view_program v = {0};
    struct buf *out = &r->ans.body;
    struct db_stmt *st = open_view(r, sql, &v);
    if (!st)
        return;
    (void)buf_adds(out, ",\"units\":[");
    long long unit = 0;
    bool marks[LIMIT_CARD_PERIODS] = {0}, first_row = true;
    enum db_step s;
    /* one unit's object is open from its first row to the next unit's; its marks close it */
#define CLOSE_UNIT()                                                                                \
    do {                                                                                            \
        (void)buf_adds(out, "],\"marks\":[");                                                       \
        for (size_t p = 0; p < v.nperiods; p++)                                                     \
            (void)buf_addf(out, "%s%s", p ? "," : "", marks[p] ? "true" : "false");                 \
        (void)buf_adds(out, "]}");                                                                  \
    } while (0)
    while ((s = db_step(st)) == DB_ROW) {
        size_t n;
        long long uid = db_column_int(st, 0);
        if (uid != unit) {
            if (unit)
                CLOSE_UNIT();
            (void)buf_addf(out, "%s{\"id\":%lld,\"name\":", unit ? "," : "", uid);
            const char *t = db_column_text(st, 1, &n);
            (void)buf_add_json_str(out, t, n);
            (void)buf_adds(out, ",\"status\":");
            t = db_column_text(st, 2, &n);
            (void)buf_add_json_str(out, t, n);
            for (int c = 3; c <= 4; c++) {
                (void)buf_addf(out, ",\"%s\":", c == 3 ? "starts_on" : "ends_on");
                if (db_column_is_null(st, c))
                    (void)buf_adds(out, "null");
                else
                    t = db_column_text(st, c, &n), (void)buf_add_json_str(out, t, n);
            }
            (void)buf_adds(out, ",\"rows\":[");
            memset(marks, 0, sizeof(marks));
            unit = uid, first_row = true;
        }
        if (db_column_is_null(st, 5))
            continue;
        size_t nf, nt;
        const char *from = db_column_text(st, 7, &nf);
        char to[11];
        if (db_column_is_null(st, 8))
            memcpy(to, "9999-12-31", 11);
        else
            snprintf(to, sizeof(to), "%s", db_column_text(st, 8, &nt));
        for (size_t p = 0; p < v.nperiods; p++) /* a row marks every column it overlaps */
            if (strcmp(from, v.periods[p].to) <= 0 && strcmp(to, v.periods[p].from) >= 0)
                marks[p] = true;
        (void)buf_addf(out, "%s{\"id\":%lld,\"label\":", first_row ? "" : ",", db_column_int(st, 5));
        if (db_column_is_null(st, 6))
            (void)buf_adds(out, "null");
        else {
            const char *t = db_column_text(st, 6, &n);
            (void)buf_add_json_str(out, t, n);
        }
        (void)buf_addf(out, ",\"starts_on\":\"%.10s\",\"ends_on\":", from);
        if (db_column_is_null(st, 8))
            (void)buf_adds(out, "null}");
        else
            (void)buf_addf(out, "\"%s\"}", to);
        first_row = false;
    }
    db_reset(st);
    if (s == DB_FAIL) {
        reply(r, BP_ERR_DB);
        return;
    }
    if (unit)
        CLOSE_UNIT();
#undef CLOSE_UNIT
    (void)buf_adds(out, "]}");
    reply(r, BP_OK);
}
