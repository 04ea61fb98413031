/*
 * matching: GET /api/v1/needs/{id}/matches ranks the capabilities that could serve a need, and
 * GET /api/v1/capabilities/{id}/matches the needs a capability could serve. Candidates are
 * what the caller may see; text relevance comes from the search index (BM25 of the one side's
 * words against the other side), the rest from domain/matching.c; every result carries its
 * score parts and reasons in Korean and English.
 */
#include "api/api.h"

#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/resource.h"
#include "core/tokens.h"
#include "domain/matching.h"
#include "core/banned.h"

#define MATCH_LIMIT_DEFAULT 10
#define MATCH_LIMIT_MAX 50
#define MATCH_CANDIDATES_MAX 20000

/* One row of either side, decoded from its JSON. */
struct side {
    long long id, org_id;
    json_t *row; /* owns the strings below */
    const char *title, *text, *stage, *kind, *status;
    const char *fields[MATCH_MAX_FIELDS];
    size_t nfields;
    char *text_buf;
    double bm25;
    struct match_parts parts;
};

static void side_release(struct side *s)
{
    json_decref(s->row);
    free(s->text_buf);
}

static const char *str_of(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

/* A side from a row as the engine writes it; the side takes the reference to row. */
static bool side_from_row(struct side *s, json_t *row)
{
    memset(s, 0, sizeof(*s));
    s->row = row;
    if (!json_is_object(s->row))
        return false;
    s->id = json_integer_value(json_object_get(s->row, "id"));
    s->org_id = json_integer_value(json_object_get(s->row, "org_id"));
    s->title = str_of(s->row, "title");
    s->stage = str_of(s->row, "stage");
    s->kind = str_of(s->row, "kind");
    s->status = str_of(s->row, "status");
    const char *desc = str_of(s->row, "description");
    size_t n = strlen(s->title ? s->title : "") + strlen(desc ? desc : "") + 2;
    s->text_buf = malloc(n);
    if (!s->text_buf)
        return false;
    snprintf(s->text_buf, n, "%s\n%s", s->title ? s->title : "", desc ? desc : "");
    s->text = s->text_buf;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(s->row, "fields"), i, f)
    {
        if (json_is_string(f) && s->nfields < MATCH_MAX_FIELDS)
            s->fields[s->nfields++] = json_string_value(f);
    }
    return true;
}

struct or_query {
    struct buf *expr;
    size_t n;
};

static int add_or_term(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct or_query *q = ctx;
    (void)start, (void)end, (void)prefix;
    if (q->n >= 48)
        return 0;
    (void)buf_adds(q->expr, q->n++ ? " OR \"" : "\"");
    (void)buf_add(q->expr, tok, len);
    (void)buf_addch(q->expr, '"');
    return 0;
}

/* BM25 of every target row matching any word of the source, keyed by row id. */
static enum bp_err text_scores(struct http_req *r, const struct resource *target,
                               const struct side *src, struct side *cands, size_t n)
{
    struct buf expr;
    buf_init(&expr, r->arena, 16384);
    struct or_query q = {&expr, 0};
    (void)tokens_split(src->text, strlen(src->text), TOKENS_QUERY, add_or_term, &q);
    if (!q.n || expr.failed)
        return BP_OK;
    struct db_stmt *st;
    enum bp_err e = db_prepare(http_db(r),
                               "SELECT m.row_id, bm25(search, 10.0, 1.0) FROM search "
                               "JOIN search_rows m ON m.rowid=search.rowid "
                               "WHERE search MATCH ?1 AND m.collection=?2",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, expr.data, expr.len);
    db_bind_text(st, 2, target->name, strlen(target->name));
    while (db_step(st) == DB_ROW) {
        long long id = db_column_int(st, 0);
        /* bm25 is a REAL: read it as text for precision */
        const char *t = db_column_text(st, 1, NULL);
        double score = -strtod(t, NULL);
        for (size_t i = 0; i < n; i++)
            if (cands[i].id == id)
                cands[i].bm25 = score;
    }
    db_reset(st);
    return BP_OK;
}

static int by_score(const void *a, const void *b)
{
    const struct side *x = a, *y = b;
    if (x->parts.total != y->parts.total)
        return x->parts.total > y->parts.total ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

/* Korean and English tag names by slug, for the reasons. */
static void tag_names(struct http_req *r, json_t **names)
{
    struct db_stmt *st;
    *names = json_object();
    if (db_prepare(http_db(r), "SELECT slug, name_ko, name_en FROM tags", &st))
        return;
    while (db_step(st) == DB_ROW)
        json_object_set_new(*names, db_column_text(st, 0, NULL),
                            json_pack("[s,s]", db_column_text(st, 1, NULL), db_column_text(st, 2, NULL)));
    db_reset(st);
}

static void add_reason(struct buf *out, bool *first, const char *ko, const char *en)
{
    (void)buf_adds(out, *first ? "{\"ko\":" : ",{\"ko\":");
    (void)buf_add_json_str(out, ko, strlen(ko));
    (void)buf_adds(out, ",\"en\":");
    (void)buf_add_json_str(out, en, strlen(en));
    (void)buf_addch(out, '}');
    *first = false;
}

static void reasons(struct buf *out, const struct match_parts *p, json_t *names, const char *kind,
                    const char *stage)
{
    char ko[512], en[512];
    bool first = true;
    (void)buf_adds(out, "[");
    if (p->nshared) {
        size_t a = (size_t)snprintf(ko, sizeof(ko), "같은 분야: "), b = (size_t)snprintf(en, sizeof(en), "Same fields: ");
        for (size_t i = 0; i < p->nshared && a < sizeof(ko) && b < sizeof(en); i++) {
            json_t *nm = json_object_get(names, p->shared_fields[i]);
            const char *k = nm ? json_string_value(json_array_get(nm, 0)) : p->shared_fields[i];
            const char *e = nm ? json_string_value(json_array_get(nm, 1)) : p->shared_fields[i];
            a += (size_t)snprintf(ko + a, sizeof(ko) - a, "%s%s", i ? " · " : "", k);
            b += (size_t)snprintf(en + b, sizeof(en) - b, "%s%s", i ? " · " : "", e);
        }
        add_reason(out, &first, ko, en);
    }
    if (p->nwords) {
        size_t a = (size_t)snprintf(ko, sizeof(ko), "키워드 일치: "), b = (size_t)snprintf(en, sizeof(en), "Matching words: ");
        for (size_t i = 0; i < p->nwords && a < sizeof(ko) && b < sizeof(en); i++) {
            a += (size_t)snprintf(ko + a, sizeof(ko) - a, "%s%s", i ? " · " : "", p->words[i]);
            b += (size_t)snprintf(en + b, sizeof(en) - b, "%s%s", i ? " · " : "", p->words[i]);
        }
        add_reason(out, &first, ko, en);
    }
    if (p->kind_asked) {
        snprintf(ko, sizeof(ko), "찾는 유형: %s", matching_kind_name(kind, false));
        snprintf(en, sizeof(en), "The kind asked for: %s", matching_kind_name(kind, true));
        add_reason(out, &first, ko, en);
    }
    if (p->stage_fits) {
        snprintf(ko, sizeof(ko), "%s 단계에 맞는 %s", matching_stage_name(stage, false), matching_kind_name(kind, false));
        snprintf(en, sizeof(en), "A %s that fits the %s stage", matching_kind_name(kind, true), matching_stage_name(stage, true));
        add_reason(out, &first, ko, en);
    }
    if (p->availability > 0 && p->availability < 1)
        add_reason(out, &first, "지금은 일부만 이용 가능 (일시 중단 또는 이미 연결됨)",
                   "only partly available now (paused, or already matched)");
    (void)buf_addch(out, ']');
}

static void matches(struct http_req *r, bool from_need)
{
    const struct resource *needs = resource_find("needs", 5);
    const struct resource *caps = resource_find("capabilities", 12);
    const struct resource *source = from_need ? needs : caps, *target = from_need ? caps : needs;
    long long id, version, limit = MATCH_LIMIT_DEFAULT;
    struct problem p;
    problem_init(&p);
    struct str query = r->query;
    while (query.ptr && query.len) {
        struct str pair, key, v;
        query = str_cut(query, '&', &pair);
        v = str_cut(pair, '=', &key);
        if (!str_eq_c(key, "limit") || !str_to_i64(v, 1, MATCH_LIMIT_MAX, &limit)) {
            problem_field(&p, BP_ERR_BAD_QUERY, str_eq_c(key, "limit") ? "limit" : "query",
                          "limit(1~50)만 쓸 수 있습니다", "only limit (1..50) is accepted");
            http_reply_problem(r, &p);
            return;
        }
    }
    struct buf row;
    buf_init(&row, r->arena, 1 << 20);
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id) ||
        resource_get(http_db(r), source, id, &r->who, 0, &row, &version) != BP_OK) {
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
        http_reply_problem(r, &p);
        return;
    }
    struct side src;
    if (!side_from_row(&src, json_loadb(row.data, row.len, 0, NULL))) {
        side_release(&src);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    /* every candidate the caller may see, through the engine's own list (scope included) */
    struct list_query lq;
    struct arena *a = r->arena;
    enum bp_err e = resource_parse_query(target, STR_NULL, a, &lq, &p);
    lq.limit = MATCH_CANDIDATES_MAX;
    struct buf list;
    buf_init(&list, NULL, (size_t)1 << 28);
    long long total = 0;
    if (!e)
        e = resource_list(http_db(r), target, &lq, &r->who, a, &list, &total, &p);
    json_t *all = e ? NULL : json_loadb(list.data, list.len, 0, NULL);
    buf_release(&list);
    json_t *items = json_object_get(all, "items");
    size_t n = json_array_size(items);
    struct side *cands = n ? calloc(n, sizeof(*cands)) : NULL;
    json_t *names = NULL;
    if (e || !all || (n && !cands)) {
        http_reply_error(r, e ? e : BP_ERR_NOMEM);
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        if (!side_from_row(&cands[i], json_incref(json_array_get(items, i)))) {
            http_reply_error(r, BP_ERR_NOMEM);
            goto out;
        }
    }
    if ((e = text_scores(r, target, &src, cands, n))) {
        http_reply_error(r, e);
        goto out;
    }
    double best = 0;
    for (size_t i = 0; i < n; i++)
        best = fmax(best, cands[i].bm25);
    for (size_t i = 0; i < n; i++) {
        const struct side *nd = from_need ? &src : &cands[i], *cp = from_need ? &cands[i] : &src;
        struct match_need need = {nd->text, nd->stage, nd->fields, nd->nfields, nd->status};
        struct match_capability cap = {cp->text, cp->kind, cp->fields, cp->nfields, cp->status};
        matching_score(&need, &cap, best > 0 ? cands[i].bm25 / best : 0, &cands[i].parts);
    }
    qsort(cands, n, sizeof(*cands), by_score);
    tag_names(r, &names);
    struct buf *out = &r->ans.body;
    (void)buf_addf(out, "{\"%s\":{\"id\":%lld,\"title\":", from_need ? "need" : "capability", src.id);
    (void)buf_add_json_str(out, src.title ? src.title : "", strlen(src.title ? src.title : ""));
    (void)buf_adds(out, "},\"items\":[");
    size_t shown = 0;
    for (size_t i = 0; i < n && shown < (size_t)limit; i++) {
        const struct side *c = &cands[i];
        const struct match_parts *mp = &c->parts;
        if (mp->total <= 0 || (mp->text == 0 && mp->fields == 0))
            continue; /* nothing in common is not a match */
        const struct side *nd = from_need ? &src : c, *cp = from_need ? c : &src;
        char *rowjson = json_dumps(c->row, JSON_COMPACT);
        (void)buf_adds(out, shown++ ? ",{" : "{");
        (void)buf_addf(out, "\"%s\":%s,", from_need ? "capability" : "need", rowjson ? rowjson : "null");
        free(rowjson);
        (void)buf_addf(out, "\"score\":%.4f,\"parts\":{\"text\":%.4f,\"fields\":%.4f,\"kind\":%.4f,"
                            "\"stage\":%.4f,\"availability\":%.4f},\"reasons\":",
                       mp->total, mp->text, mp->fields, mp->kind, mp->stage, mp->availability);
        reasons(out, mp, names, cp->kind, nd->stage);
        (void)buf_addch(out, '}');
    }
    (void)buf_adds(out, "]}");
    if (out->failed)
        http_reply_error(r, BP_ERR_TOO_LARGE);
    else
        http_reply_json(r, 200);
out:
    for (size_t i = 0; i < n && cands; i++)
        side_release(&cands[i]);
    free(cands);
    json_decref(all);
    json_decref(names);
    side_release(&src);
}

void api_need_matches(struct http_req *r) { matches(r, true); }
void api_capability_matches(struct http_req *r) { matches(r, false); }
