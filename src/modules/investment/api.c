/*
 * api: investor ↔ company matching, the two answers that are not a collection:
 *   GET /api/v1/investor-profiles/{id}/matches: the open fundraising rounds the caller may read,
 *     ranked for the investor profile;
 *   GET /api/v1/fundraisings/{id}/matches: the investor profiles ranked for the round.
 * Each item carries its score and its reasons in Korean and English (invest_match_score in
 * rules.c: the stage, the shared fields, the amount within the ticket range). The profile or
 * round asked about is read as the caller reads it (404 when they may not), and so are the
 * candidates (access_scope): a round shown to no investor is ranked for its company and
 * operators only. The query is read on the loop; the ranking is computed on a worker (its own
 * read connection: no loop waits for it), the candidates newest first, at most
 * INVEST_MATCH_CANDIDATES of them. The operators' high-growth list (below) runs the same way.
 */
#include "modules/investment/investment.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/str.h"
#include "db/db.h"
#include "engine/access.h"
#include "engine/http.h"
#include "modules/investment/rules.h"
#include "base/banned.h"

#define INVEST_MATCH_CANDIDATES 1000
#define INVEST_MATCH_DEFAULT 20
#define INVEST_MATCH_MAX 50
#define LIST_MAX 64 /* stages or fields of one row looked at */

struct strings {
    const char *v[LIST_MAX];
    size_t n;
};

static void strings_of(json_t *row, const char *field, struct strings *out)
{
    json_t *a = json_object_get(row, field), *x;
    size_t i;
    out->n = 0;
    json_array_foreach(a, i, x) if (json_is_string(x) && out->n < LIST_MAX) out->v[out->n++] =
        json_string_value(x);
}

static long long money_of(json_t *row, const char *field)
{
    json_t *v = json_object_get(row, field);
    return json_is_integer(v) ? json_integer_value(v) : -1;
}

struct scored {
    json_t *light; /* what the score reads of the candidate */
    json_t *row;   /* the candidate as the caller reads it (the best ones), else light */
    struct invest_match m;
    struct strings round_fields;
};

static int by_score(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    if (x->m.score != y->m.score)
        return y->m.score - x->m.score;
    long long i = json_integer_value(json_object_get(x->row, "id"));
    long long j = json_integer_value(json_object_get(y->row, "id"));
    return (i > j) - (i < j);
}

/* The tag's names into ko and en (the slug when there is no such tag). */
static void tag_names(struct db *db, const char *slug, char *ko, char *en, size_t size)
{
    struct db_stmt *st;
    snprintf(ko, size, "%s", slug);
    snprintf(en, size, "%s", slug);
    if (db_prepare(db, "SELECT name_ko, name_en FROM tags WHERE slug=?1", &st))
        return;
    db_bind_text(st, 1, slug, strlen(slug));
    if (db_step(st) == DB_ROW) {
        size_t len;
        const char *t = db_column_text(st, 0, &len);
        if (t)
            snprintf(ko, size, "%.*s", (int)len, t);
        t = db_column_text(st, 1, &len);
        if (t)
            snprintf(en, size, "%.*s", (int)len, t);
    }
    db_reset(st);
}

static json_t *reason(const char *kind, const char *ko, const char *en)
{
    return json_pack("{s:s,s:s,s:s}", "kind", kind, "ko", ko, "en", en);
}

/* The reasons of a match, in Korean and English. */
static json_t *reasons_of(struct db *db, const struct scored *s, const char *stage)
{
    json_t *out = json_array();
    char ko[512], en[512];
    int k = invest_stage_index(stage);
    if (s->m.stage && k >= 0) {
        snprintf(ko, sizeof(ko), "투자 단계 일치: %s", invest_stage_ko[k]);
        snprintf(en, sizeof(en), "Stage invested in: %s", invest_stage_en[k]);
        json_array_append_new(out, reason("stage", ko, en));
    }
    if (s->m.nshared) {
        size_t nk = (size_t)snprintf(ko, sizeof(ko), "공통 분야: ");
        size_t ne = (size_t)snprintf(en, sizeof(en), "Shared fields: ");
        for (size_t i = 0; i < s->m.nshared; i++) {
            char tk[128], te[128];
            tag_names(db, s->round_fields.v[s->m.shared[i]], tk, te, sizeof(tk));
            if (nk < sizeof(ko))
                nk += (size_t)snprintf(ko + nk, sizeof(ko) - nk, "%s%s", i ? ", " : "", tk);
            if (ne < sizeof(en))
                ne += (size_t)snprintf(en + ne, sizeof(en) - ne, "%s%s", i ? ", " : "", te);
        }
        json_array_append_new(out, reason("fields", ko, en));
    }
    if (s->m.amount)
        json_array_append_new(out, reason("amount", "유치 희망 금액이 투자 규모 범위 안에 있습니다",
                                          "the amount sought is within the ticket range"));
    return out;
}

static void investor_of(json_t *row, struct strings *stages, struct strings *fields,
                        struct invest_investor *inv)
{
    strings_of(row, "stages", stages);
    strings_of(row, "fields", fields);
    *inv = (struct invest_investor){stages->v, stages->n, fields->v, fields->n,
                                    money_of(row, "ticket_min"), money_of(row, "ticket_max")};
}

/* What a ranking is asked for, handed from the loop to a worker. */
struct ask {
    struct principal who;
    bool from_investor;
    long long id, limit;
    bool high_growth; /* the operators' high-growth list instead (id unused) */
};

/* The ranking of a->id into out; BP_ERR_NOT_FOUND when the caller may not read it. */
static enum bp_err rank(struct db *db, const struct ask *a, struct buf *out)
{
    bool from_investor = a->from_investor;
    long long id = a->id, limit = a->limit;
    const struct resource *profiles = resource_find("investor-profiles", 17);
    const struct resource *rounds = resource_find("fundraisings", 12);
    const struct resource *source = from_investor ? profiles : rounds;
    const struct resource *target = from_investor ? rounds : profiles;
    struct buf row, sql;
    long long version;
    buf_init(&row, NULL, 1 << 20);
    enum bp_err e = resource_get(db, source, id, &a->who, 0, &row, &version);
    json_t *src = e ? NULL : json_loadb(row.data, row.len, 0, NULL);
    if (e || !src) {
        buf_release(&row);
        return e ? e : BP_ERR_NOMEM;
    }
    /* the candidates the caller may read (open rounds, or every profile), with what the score
     * reads of them; the whole rows of the best only are read afterwards */
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql,
                   from_investor
                       ? "SELECT t.id, t.stage, t.fields, t.amount_sought FROM %s t WHERE "
                         "t.status='open'"
                       : "SELECT t.id, t.stages, t.fields, t.ticket_min, t.ticket_max FROM %s t "
                         "WHERE 1=1",
                   target->table);
    e = access_scope(target, &a->who, "t", &sql);
    (void)buf_addf(&sql, " ORDER BY t.id DESC LIMIT %d", INVEST_MATCH_CANDIDATES);
    struct db_stmt *st = NULL;
    if (!e)
        e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    buf_release(&sql);
    struct scored *all = NULL;
    size_t n = 0;
    if (!e && !(all = calloc(INVEST_MATCH_CANDIDATES, sizeof(*all))))
        e = BP_ERR_NOMEM;
    struct strings inv_stages, inv_fields;
    struct invest_investor inv;
    if (from_investor)
        investor_of(src, &inv_stages, &inv_fields, &inv);
    if (!e) {
        access_bind(st, &a->who);
        enum db_step s;
        while (!e && n < INVEST_MATCH_CANDIDATES && (s = db_step(st)) == DB_ROW) {
            struct scored *x = &all[n];
            size_t len;
            const char *t = db_column_text(st, 2, &len);
            json_t *fields = t ? json_loadb(t, len, 0, NULL) : json_array();
            json_t *cand = json_object();
            if (!fields || !cand) {
                json_decref(fields);
                json_decref(cand);
                e = BP_ERR_NOMEM;
                break;
            }
            json_object_set_new(cand, "id", json_integer(db_column_int(st, 0)));
            json_object_set_new(cand, "fields", fields);
            if (from_investor) {
                t = db_column_text(st, 1, &len);
                json_object_set_new(cand, "stage", json_stringn(t ? t : "", t ? len : 0));
                json_object_set_new(cand, "amount_sought", json_integer(db_column_int(st, 3)));
            } else {
                t = db_column_text(st, 1, &len);
                json_t *stages = t ? json_loadb(t, len, 0, NULL) : NULL;
                json_object_set_new(cand, "stages", stages ? stages : json_array());
                for (int c = 3; c <= 4; c++)
                    json_object_set_new(cand, c == 3 ? "ticket_min" : "ticket_max",
                                        db_column_is_null(st, c) ? json_null()
                                                                 : json_integer(db_column_int(st, c)));
            }
            json_t *round = from_investor ? cand : src;
            if (!from_investor)
                investor_of(cand, &inv_stages, &inv_fields, &inv);
            strings_of(round, "fields", &x->round_fields);
            struct invest_round rd = {json_string_value(json_object_get(round, "stage")),
                                      x->round_fields.v, x->round_fields.n,
                                      money_of(round, "amount_sought")};
            invest_match_score(&inv, &rd, &x->m);
            if (x->m.score == 0) {
                json_decref(cand);
                continue;
            }
            x->light = cand;
            x->row = cand; /* its id orders ties; the whole row replaces it for the best */
            n++;
        }
        if (!e && s == DB_FAIL)
            e = BP_ERR_DB;
        db_reset(st);
    }
    if (!e && n)
        qsort(all, n, sizeof(*all), by_score);
    /* the whole rows of the best, as the caller reads them */
    for (size_t i = 0; !e && i < n && (long long)i < limit; i++) {
        long long cid = json_integer_value(json_object_get(all[i].light, "id"));
        buf_reset(&row);
        e = resource_get(db, target, cid, &a->who, 0, &row, &version);
        all[i].row = e ? NULL : json_loadb(row.data, row.len, 0, NULL);
        if (e == BP_ERR_NOT_FOUND) /* deleted since the candidates were read: left out */
            e = BP_OK;
        else if (!e && !all[i].row)
            e = BP_ERR_NOMEM;
    }
    buf_release(&row);
    if (!e) {
        json_t *items = json_array();
        for (size_t i = 0; i < n && (long long)i < limit; i++) {
            if (!all[i].row)
                continue;
            json_t *round = from_investor ? all[i].row : src;
            /* the round's fields are the candidate's when ranking rounds, else the source's */
            if (!from_investor)
                strings_of(src, "fields", &all[i].round_fields);
            json_t *item = json_pack("{s:i,s:o,s:O}", "score", all[i].m.score, "reasons",
                                     reasons_of(db, &all[i], json_string_value(json_object_get(round, "stage"))),
                                     from_investor ? "fundraising" : "investor", all[i].row);
            json_array_append_new(items, item);
        }
        json_t *head = json_pack("{s:I,s:O}", "id", (json_int_t)id, "title",
                                 json_object_get(src, from_investor ? "fund_name" : "title"));
        json_t *ans = json_pack("{s:o,s:o}", from_investor ? "investor" : "fundraising", head,
                                "items", items);
        char *text = ans ? json_dumps(ans, JSON_COMPACT) : NULL;
        e = text ? buf_addstr(out, str_from(text)) : BP_ERR_NOMEM;
        free(text);
        json_decref(ans);
    }
    for (size_t i = 0; i < n; i++) {
        if (all[i].row != all[i].light)
            json_decref(all[i].row);
        json_decref(all[i].light);
    }
    free(all);
    json_decref(src);
    return e;
}

/* --- high-growth discovery (operators) ---
 *
 * GET /api/v1/investment/high-growth?limit=: companies whose last submitted or accepted
 * quarterly KPI report (lifecycle's kpi-reports) shows revenue or head count growing by at
 * least HIGH_GROWTH_PCT a year against their earliest report of the four quarters before
 * (kpi_growth_of, rules.c), best first, with the figures compared and the funding they
 * reported in between. The reports are read as the caller may read them (access_scope: the
 * route is for operators, who read them all). */

#define GROWTH_LIMIT_DEFAULT 50
#define GROWTH_LIMIT_MAX 200

struct grower {
    long long org;
    char name[256], from[16], to[16];
    struct kpi_figures prev, cur;
    long long funding;
    struct kpi_growth g;
};

static int by_growth(const void *a, const void *b)
{
    const struct grower *x = a, *y = b;
    if (x->g.score != y->g.score)
        return x->g.score < y->g.score ? 1 : -1;
    return (x->org > y->org) - (x->org < y->org);
}

struct report {
    long long org;
    char name[256], period[16];
    struct kpi_figures f;
    long long funding;
};

/* The company of reports rs[0..n) (one organisation's, oldest first) as a grower, when it has
 * two reports within four quarters of each other at the end. */
static bool grower_of(const struct report *rs, size_t n, struct grower *out)
{
    if (n < 2)
        return false;
    const struct report *cur = &rs[n - 1], *prev = NULL;
    for (size_t i = 0; i + 1 < n && !prev; i++)
        if (rs[i].f.q >= cur->f.q - 4 && rs[i].f.q < cur->f.q)
            prev = &rs[i];
    if (!prev)
        return false;
    memset(out, 0, sizeof(*out));
    out->org = cur->org;
    snprintf(out->name, sizeof(out->name), "%s", cur->name);
    snprintf(out->from, sizeof(out->from), "%s", prev->period);
    snprintf(out->to, sizeof(out->to), "%s", cur->period);
    out->prev = prev->f;
    out->cur = cur->f;
    for (const struct report *r = prev + 1; r <= cur; r++)
        out->funding += r->funding;
    kpi_growth_of(&prev->f, &cur->f, &out->g);
    return out->g.high;
}

static json_t *growth_item(const struct grower *x)
{
    json_t *reasons = json_array();
    char ko[160], en[160];
    if (x->g.has_revenue && x->g.revenue_pct >= HIGH_GROWTH_PCT) {
        snprintf(ko, sizeof(ko), "매출 연 %lld%% 성장", x->g.revenue_pct);
        snprintf(en, sizeof(en), "revenue up %lld%% a year", x->g.revenue_pct);
        json_array_append_new(reasons, reason("revenue", ko, en));
    }
    if (x->g.has_employees && x->g.employees_pct >= HIGH_GROWTH_PCT) {
        snprintf(ko, sizeof(ko), "고용 연 %lld%% 증가", x->g.employees_pct);
        snprintf(en, sizeof(en), "head count up %lld%% a year", x->g.employees_pct);
        json_array_append_new(reasons, reason("employees", ko, en));
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:i,s:I,s:o,s:o}", "org_id", (json_int_t)x->org,
                          "org_name", x->name, "from", x->from, "to", x->to, "quarters",
                          x->g.quarters, "score", (json_int_t)x->g.score, "reasons", reasons,
                          "funding_raised", json_integer(x->funding));
    json_object_set_new(o, "revenue_from", x->prev.revenue >= 0 ? json_integer(x->prev.revenue) : json_null());
    json_object_set_new(o, "revenue_to", x->cur.revenue >= 0 ? json_integer(x->cur.revenue) : json_null());
    json_object_set_new(o, "revenue_growth_pct", x->g.has_revenue ? json_integer(x->g.revenue_pct) : json_null());
    json_object_set_new(o, "employees_from", x->prev.employees >= 0 ? json_integer(x->prev.employees) : json_null());
    json_object_set_new(o, "employees_to", x->cur.employees >= 0 ? json_integer(x->cur.employees) : json_null());
    json_object_set_new(o, "employees_growth_pct", x->g.has_employees ? json_integer(x->g.employees_pct) : json_null());
    return o;
}

/* The high-growth list (a->limit items at most) into out. */
static enum bp_err growers(struct db *db, const struct ask *a, struct buf *out)
{
    long long limit = a->limit;
    const struct resource *kpi = resource_find("kpi-reports", 11);
    if (!kpi)
        return BP_ERR_NOT_FOUND;
    struct buf sql;
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql,
                   "SELECT k.org_id, o.name, k.year*4+k.quarter-1, k.period, coalesce(k.revenue,-1), "
                   "coalesce(k.employees,-1), coalesce(k.funding_raised,0) FROM %s k JOIN orgs o "
                   "ON o.id=k.org_id WHERE o.kind='company' AND k.status IN ('submitted','accepted')",
                   kpi->table);
    enum bp_err e = access_scope(kpi, &a->who, "k", &sql);
    (void)buf_addstr(&sql, str_from(" ORDER BY k.org_id, k.year, k.quarter"));
    struct db_stmt *st = NULL;
    if (!e)
        e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    buf_release(&sql);
    struct report *rs = NULL;
    size_t n = 0, cap = 0;
    if (!e) {
        access_bind(st, &a->who);
        enum db_step s;
        while (!e && (s = db_step(st)) == DB_ROW) {
            if (n == cap) {
                struct report *more = realloc(rs, (cap ? cap * 2 : 64) * sizeof(*rs));
                if (!more) {
                    e = BP_ERR_NOMEM;
                    break;
                }
                rs = more;
                cap = cap ? cap * 2 : 64;
            }
            struct report *x = &rs[n++];
            size_t len;
            const char *t;
            x->org = db_column_int(st, 0);
            t = db_column_text(st, 1, &len);
            snprintf(x->name, sizeof(x->name), "%.*s", t ? (int)len : 0, t ? t : "");
            x->f.q = (int)db_column_int(st, 2);
            t = db_column_text(st, 3, &len);
            snprintf(x->period, sizeof(x->period), "%.*s", t ? (int)len : 0, t ? t : "");
            x->f.revenue = db_column_int(st, 4);
            x->f.employees = db_column_int(st, 5);
            x->funding = db_column_int(st, 6);
        }
        if (!e && s == DB_FAIL)
            e = BP_ERR_DB;
        db_reset(st);
    }
    struct grower *gs = NULL;
    size_t ng = 0;
    if (!e && n && !(gs = calloc(n, sizeof(*gs))))
        e = BP_ERR_NOMEM;
    for (size_t i = 0; !e && i < n;) {
        size_t j = i;
        while (j < n && rs[j].org == rs[i].org)
            j++;
        if (grower_of(&rs[i], j - i, &gs[ng]))
            ng++;
        i = j;
    }
    free(rs);
    if (!e) {
        if (ng)
            qsort(gs, ng, sizeof(*gs), by_growth);
        json_t *items = json_array();
        for (size_t i = 0; i < ng && (long long)i < limit; i++)
            json_array_append_new(items, growth_item(&gs[i]));
        json_t *ans = json_pack("{s:i,s:I,s:o}", "threshold_pct", HIGH_GROWTH_PCT, "total",
                                (json_int_t)ng, "items", items);
        char *text = ans ? json_dumps(ans, JSON_COMPACT) : NULL;
        e = text ? buf_addstr(out, str_from(text)) : BP_ERR_NOMEM;
        free(text);
        json_decref(ans);
    }
    free(gs);
    return e;
}

/* --- the handlers: the query read on the loop, the answer computed on a worker --- */

static enum bp_err run_ask(struct job *job, struct db *db)
{
    const struct ask *a = job->payload;
    enum bp_err e = a->high_growth ? growers(db, a, &job->ans.body) : rank(db, a, &job->ans.body);
    if (e == BP_ERR_NOT_FOUND)
        return job_refuse(job, e, NULL, "없는 항목입니다", "no such record");
    if (e)
        return job_fail(job, e);
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

static void release_ask(struct job *job) { free(job->payload); }

/* ?limit= (1..max, else dflt) into *limit; false when the query says anything else (refused). */
static bool limit_of(struct http_req *r, long long max, long long *limit)
{
    struct str query = r->query;
    while (query.ptr && query.len) {
        struct str pair, key, v;
        query = str_cut(query, '&', &pair);
        v = str_cut(pair, '=', &key);
        if (!str_eq_c(key, "limit") || !str_to_i64(v, 1, max, limit)) {
            char ko[64], en[64];
            snprintf(ko, sizeof(ko), "limit(1~%lld)만 쓸 수 있습니다", max);
            snprintf(en, sizeof(en), "only limit (1..%lld) is accepted", max);
            http_refuse(r, BP_ERR_BAD_QUERY, str_eq_c(key, "limit") ? "limit" : "query", ko, en);
            return false;
        }
    }
    return true;
}

static void submit(struct http_req *r, const struct ask *a)
{
    struct ask *copy = malloc(sizeof(*copy));
    struct job *job = copy ? job_new(JOB_WORKER, run_ask, copy, release_ask) : NULL;
    if (!job) {
        free(copy);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    *copy = *a;
    http_submit(r, job);
}

static void matches(struct http_req *r, bool from_investor)
{
    struct ask a = {.who = r->who, .from_investor = from_investor, .limit = INVEST_MATCH_DEFAULT};
    if (!limit_of(r, INVEST_MATCH_MAX, &a.limit))
        return;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &a.id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목입니다", "no such record");
        return;
    }
    submit(r, &a);
}

void api_investor_matches(struct http_req *r) { matches(r, true); }
void api_fundraising_matches(struct http_req *r) { matches(r, false); }

void api_high_growth(struct http_req *r)
{
    struct ask a = {.who = r->who, .high_growth = true, .limit = GROWTH_LIMIT_DEFAULT};
    if (limit_of(r, GROWTH_LIMIT_MAX, &a.limit))
        submit(r, &a);
}
