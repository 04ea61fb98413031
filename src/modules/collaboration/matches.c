/*
 * matching: GET /api/v1/needs/{id}/matches ranks the capabilities that could serve a need, and
 * GET /api/v1/capabilities/{id}/matches the needs a capability could serve. Candidates are
 * what the caller may see; text relevance comes from the search index (BM25 of the one side's
 * distinctive words against the other side), the rest from domain/matching.c; every result
 * carries its score parts and reasons in Korean and English.
 *
 * Only rows with something in common can be a match (a word or a field), so the candidates
 * are the rows the index relates to the source (engine/search_related.c: bounded in a large
 * collection), bounded from the index, then from their rows without texts (matching_bound), and
 * only those that can still enter the page are read whole and scored, by the batch with the
 * engine's visibility rule, not the whole collection. Answers are cached like search answers
 * (data version and scope); an uncached one is computed on a worker (on the loop only when
 * BPMC_MATCH_INLINE_ROWS says so).
 */
#include "modules/collaboration/collaboration.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "db/dialect.h"
#include "engine/resource.h"
#include "engine/search.h"
#include "modules/collaboration/matching.h"
#include "base/banned.h"

/* Up to this many rows on the other side an uncached answer is computed on the loop; beyond, on
 * a worker. 0: a matching costs 2 to 13 ms even on the demo's rows (its tokens' counts, the rows
 * of its tags, 2026-12-07), more than a loop's whole latency budget, and anonymous callers may
 * ask for them (on a worker their jobs are bounded: LIMIT_ANONYMOUS_JOBS).
 * BPMC_MATCH_INLINE_ROWS overrides it (tests compare both ways). */
#define MATCH_INLINE_ROWS 0

/* One side of a pair: the row's id, texts, kind or stage, status and fields (all in the arena
 * or the source's JSON), its text relevance and its score. */
struct side {
    long long id;
    const char *title, *text, *stage, *kind, *status;
    const char *fields[MATCH_MAX_FIELDS];
    size_t nfields;
    double bm25;
    struct match_parts parts;
};

/* What a matching needs, on the loop or on a worker (the job's copy): version is the data
 * version read before (http_data_version), which keys what search_related keeps. */
struct match_ask {
    struct principal who;
    bool from_need;
    long long id, limit;
    unsigned long long version;
};

static const char *str_of(json_t *row, const char *key)
{
    return json_string_value(json_object_get(row, key));
}

static char *text_of(struct arena *a, const char *title, const char *desc)
{
    size_t n = strlen(title ? title : "") + strlen(desc ? desc : "") + 2;
    char *t = arena_alloc(a, n);
    if (t)
        snprintf(t, n, "%s\n%s", title ? title : "", desc ? desc : "");
    return t;
}

/* The source from its row as the engine writes it (strings owned by row). */
static bool side_from_row(struct side *s, json_t *row, struct arena *a)
{
    memset(s, 0, sizeof(*s));
    if (!json_is_object(row))
        return false;
    s->id = json_integer_value(json_object_get(row, "id"));
    s->title = str_of(row, "title");
    s->stage = str_of(row, "stage");
    s->kind = str_of(row, "kind");
    s->status = str_of(row, "status");
    s->text = text_of(a, s->title, str_of(row, "description"));
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(row, "fields"), i, f)
    {
        bool seen = false; /* a slug listed twice is one field */
        for (size_t k = 0; k < s->nfields && json_is_string(f) && !seen; k++)
            seen = strcmp(s->fields[k], json_string_value(f)) == 0;
        if (json_is_string(f) && !seen && s->nfields < MATCH_MAX_FIELDS)
            s->fields[s->nfields++] = json_string_value(f);
    }
    return s->text != NULL;
}

static int by_score(const void *a, const void *b)
{
    const struct side *x = a, *y = b;
    if (x->parts.total != y->parts.total)
        return x->parts.total > y->parts.total ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

/* Korean and English tag names by slug, for the reasons. BP_ERR_DB when the database fails: a
 * reason without its names would be a wrong answer, not a shorter one. */
static enum bp_err tag_names(struct db *db, json_t **names)
{
    struct db_stmt *st;
    if (!(*names = json_object()))
        return BP_ERR_NOMEM;
    enum bp_err e = db_prepare(db, "SELECT slug, name_ko, name_en FROM tags", &st);
    if (e)
        return e;
    enum db_step s;
    while (!e && (s = db_step(st)) == DB_ROW)
        if (json_object_set_new(*names, db_column_text(st, 0, NULL),
                                json_pack("[s,s]", db_column_text(st, 1, NULL), db_column_text(st, 2, NULL))))
            e = BP_ERR_NOMEM;
    db_reset(st);
    return e ? e : (s == DB_FAIL ? BP_ERR_DB : BP_OK);
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

/* The fields of a row from its JSON array of slugs (in place: slugs hold no quote), each once:
 * a slug listed twice is one field. */
static void parse_fields(char *json, struct side *x)
{
    for (char *q = strchr(json, '"'); q && x->nfields < MATCH_MAX_FIELDS;) {
        char *end = strchr(q + 1, '"');
        if (!end)
            break;
        *end = '\0';
        bool seen = false;
        for (size_t i = 0; i < x->nfields && !seen; i++)
            seen = strcmp(x->fields[i], q + 1) == 0;
        if (!seen)
            x->fields[x->nfields++] = q + 1;
        q = strchr(end + 1, '"');
    }
}

/* A candidate: a row of the index related to the source, read (through the engine's
 * visibility rule) only when it is scored. */
struct cand {
    const struct search_related *rel;
    double ub;      /* the most it can score, from the index */
    double row_ub;  /* the most it can score, from its row (matching_bound) once read */
    bool read;
    struct side *s; /* NULL until read, and when the caller may not see it */
};

/* Whether a candidate that can score at most ub (its id: ties go to the lower) cannot enter a
 * full page top[0, ntop). */
static bool beaten(double ub, long long id, struct cand *const *top, size_t ntop, long long limit)
{
    if (ntop < (size_t)limit)
        return false;
    const struct side *last = top[ntop - 1]->s;
    return ub + 1e-9 < last->parts.total || (ub <= last->parts.total + 1e-9 && id > last->id);
}


/* Read the rows of the candidates list[0, nlist) (at most MATCH_READ_BATCH) not read yet, as
 * the caller may see them (c->s stays NULL for those they may not), with their texts when
 * with_text: one statement for the batch. */
static enum bp_err read_batch(struct db *db, const struct resource *target,
                              const struct principal *who, struct arena *a, struct cand **list,
                              size_t nlist, bool with_text)
{
    char ids[MATCH_READ_BATCH * 24 + 4];
    struct buf sql;
    struct db_stmt *st;
    size_t n = 0;
    if (nlist > MATCH_READ_BATCH)
        nlist = MATCH_READ_BATCH;
    for (size_t i = 0; i < nlist; i++)
        if (!list[i]->read || (with_text && list[i]->s && !list[i]->s->text))
            n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%lld", n ? "," : "[", list[i]->rel->id);
    if (n == 0)
        return BP_OK;
    snprintf(ids + n, sizeof(ids) - n, "]");
    bool need = strcmp(target->name, "needs") == 0;
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql, "SELECT t.id, t.fields, t.%s, t.status, t.title, "
                         "coalesce(t.description,'') FROM %s t WHERE t.id IN "
                         "(SELECT CAST(value AS INTEGER) FROM ",
                   need ? "stage" : "kind", target->table);
    dialect_array_elements(&sql, 1);
    (void)buf_addch(&sql, ')');
    enum bp_err e = access_scope(target, who, "t", &sql); /* what the caller may see */
    if (!e)
        e = db_prepare(db, sql.data, &st);
    buf_release(&sql);
    if (e)
        return e;
    db_bind_text(st, 1, ids, strlen(ids));
    access_bind(st, who);
    enum db_step s;
    while (!e && (s = db_step(st)) == DB_ROW) {
        long long id = db_column_int(st, 0);
        struct cand *c = NULL;
        for (size_t i = 0; i < nlist && !c; i++)
            if (list[i]->rel->id == id)
                c = list[i];
        if (!c)
            continue;
        if (!c->read) {
            struct side *x = c->s = arena_alloc(a, sizeof(*x));
            char *col[3];
            for (int i = 0; x && i < 3; i++) {
                size_t len;
                const char *t = db_column_text(st, 1 + i, &len);
                if (!(col[i] = arena_strndup(a, t, len)))
                    x = NULL;
            }
            if (!x) {
                e = BP_ERR_NOMEM;
                break;
            }
            memset(x, 0, sizeof(*x));
            x->id = id;
            x->bm25 = c->rel->score;
            parse_fields(col[0], x);
            if (need)
                x->stage = db_column_is_null(st, 2) ? NULL : col[1];
            else
                x->kind = col[1];
            x->status = col[2];
        }
        if (with_text && c->s && !c->s->text) {
            size_t tl;
            const char *t = db_column_text(st, 4, &tl);
            char *title = arena_strndup(a, t, tl);
            c->s->title = title;
            c->s->text = title ? text_of(a, title, db_column_text(st, 5, NULL)) : NULL;
            if (!c->s->text)
                e = BP_ERR_NOMEM;
        }
    }
    db_reset(st);
    for (size_t i = 0; i < nlist; i++)
        list[i]->read = true; /* those not returned: the caller may not see them */
    return e ? e : (s == DB_FAIL ? BP_ERR_DB : BP_OK);
}

/* The most a candidate x the caller sees can score with src, from its row: a need's text, when
 * read, says which kind it asks for; a capability's is not needed. */
static double row_bound(bool from_need, const struct side *src, const struct side *x,
                        struct match_memo *memo, double best)
{
    const struct side *nd = from_need ? src : x, *cp = from_need ? x : src;
    struct match_need need = {nd->text, nd->stage, nd->fields, nd->nfields, nd->status,
                              from_need ? memo : NULL};
    struct match_capability cap = {NULL, cp->kind, cp->fields, cp->nfields, cp->status};
    return matching_bound(&need, &cap, best > 0 ? x->bm25 / best : 0);
}

static int by_bound(const void *a, const void *b)
{
    const struct cand *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub > y->ub ? -1 : 1;
    return x->rel->id < y->rel->id ? -1 : (x->rel->id > y->rel->id);
}

static int by_text(const void *a, const void *b)
{
    const struct cand *const *x = a, *const *y = b;
    if ((*x)->rel->score != (*y)->rel->score)
        return (*x)->rel->score > (*y)->rel->score ? -1 : 1;
    return (*x)->rel->id < (*y)->rel->id ? -1 : ((*x)->rel->id > (*y)->rel->id);
}

/* The answer to m into out, or a problem into p (404 when the record is absent or invisible). */
static enum bp_err compute(struct db *db, const struct match_ask *m, struct arena *a, struct buf *out,
                           struct problem *p)
{
    const struct resource *needs = resource_find("needs", 5);
    const struct resource *caps = resource_find("capabilities", 12);
    const struct resource *source = m->from_need ? needs : caps, *target = m->from_need ? caps : needs;
    struct buf row;
    long long version;
    buf_init(&row, a, 1 << 20);
    enum bp_err got = resource_get(db, source, m->id, &m->who, 0, &row, &version);
    if (got == BP_ERR_NOT_FOUND) {
        problem_set(p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
        return BP_ERR_NOT_FOUND;
    }
    if (got) { /* the database failed: not an absent record */
        p->err = got;
        return got;
    }
    json_t *src_row = json_loadb(row.data, row.len, 0, NULL), *names = NULL;
    struct side src;
    struct search_related *rel;
    size_t nrel = 0, ntop = 0;
    struct cand *cands = NULL, **top = NULL, **texts = NULL;
    enum bp_err e = side_from_row(&src, src_row, a) ? BP_OK : BP_ERR_NOMEM;
    if (!e)
        e = search_related(db, target, src.text, strlen(src.text), src.fields, src.nfields,
                           m->version, a, &rel, &nrel);
    if (!e && nrel) {
        cands = arena_alloc(a, sizeof(*cands) * nrel);
        texts = arena_alloc(a, sizeof(*texts) * nrel);
        top = arena_alloc(a, sizeof(*top) * (size_t)(m->limit + 1));
        e = cands && texts && top ? BP_OK : BP_ERR_NOMEM;
    }
    if (e)
        goto out;
    /* text relevance is BM25 over the best the caller may see */
    size_t ntexts = 0;
    for (size_t i = 0; i < nrel; i++) {
        cands[i] = (struct cand){.rel = &rel[i]};
        if (rel[i].score > 0)
            texts[ntexts++] = &cands[i];
    }
    qsort(texts, ntexts, sizeof(*texts), by_text);
    /* the first is all but sure for a caller who sees everything; an anonymous caller may see
     * few, read by the batch after the first */
    double best = 0;
    for (size_t i = 0; i < ntexts && best == 0 && !e;) {
        size_t k = i ? MATCH_READ_BATCH : 1;
        k = k < ntexts - i ? k : ntexts - i;
        e = read_batch(db, target, &m->who, a, &texts[i], k, false);
        for (size_t j = i; j < i + k && !e && best == 0; j++)
            if (texts[j]->s)
                best = texts[j]->rel->score;
        i += k;
    }
    /* Score the candidates from the most promising down, and stop when none left can reach the
     * page. A bound counts the text and the fields shared (from the index: of the need's
     * fields, when the source is the need) as they are, and kind, stage and availability at
     * their best for the source (matching_rest_bound); ties go to the lower id. A candidate's
     * row (fields, kind or stage, status: not its text) then bounds it closer (matching_bound),
     * and only those that can still enter the page have their texts read and are scored. */
    struct match_memo memo = {0}; /* the source need's (from a need) */
    struct match_need sn = {src.text, src.stage, src.fields, src.nfields, src.status, &memo};
    struct match_capability sc = {src.text, src.kind, src.fields, src.nfields, src.status};
    double rest = m->from_need ? matching_rest_bound(&sn, NULL) : matching_rest_bound(NULL, &sc);
    for (size_t i = 0; i < nrel; i++) {
        double text = best > 0 ? cands[i].rel->score / best : 0;
        double fields = !cands[i].rel->tags ? 0
                        : m->from_need ? (double)cands[i].rel->tags / (double)(src.nfields ? src.nfields : 1)
                                       : 1;
        cands[i].ub = MATCH_W_TEXT * (text > 1 ? 1 : text) + MATCH_W_FIELDS * (fields > 1 ? 1 : fields) + rest;
    }
    for (size_t i = 0; i < nrel; i++) {
        const struct side *x = cands[i].s; /* read already, looking for the best text */
        if (x)
            cands[i].row_ub = row_bound(m->from_need, &src, x, &memo, best);
    }
    qsort(cands, nrel, sizeof(*cands), by_bound);
    struct cand **batch = texts; /* no longer needed: the batch being read */
    for (size_t i = 0; i < nrel && !e; i++) {
        struct cand *c = &cands[i];
        if (beaten(c->ub, c->rel->id, top, ntop, m->limit))
            break;
        size_t k = 0;
        if (!c->read) { /* the rows of the next batch, a capability's without its text (a need's
                         * with it: what it asks for bounds the kind part) */
            for (; k < MATCH_READ_BATCH && i + k < nrel; k++)
                batch[k] = &cands[i + k];
            if ((e = read_batch(db, target, &m->who, a, batch, k, !m->from_need)))
                break;
            for (size_t j = 0; j < k; j++)
                if (batch[j]->s)
                    batch[j]->row_ub = row_bound(m->from_need, &src, batch[j]->s, &memo, best);
        }
        if (!c->s || beaten(c->row_ub, c->rel->id, top, ntop, m->limit))
            continue;
        /* both texts are needed to score: the kind the need asks for, the words they share; the
         * texts of the next batch that can still enter the page are read together */
        if (!c->s->text) {
            k = 0;
            for (size_t j = i; j < nrel && j < i + MATCH_READ_BATCH && cands[j].read; j++)
                if (cands[j].s && !cands[j].s->text &&
                    !beaten(cands[j].row_ub, cands[j].rel->id, top, ntop, m->limit))
                    batch[k++] = &cands[j];
            if ((e = read_batch(db, target, &m->who, a, batch, k, true)))
                break;
            if (!c->s->text)
                continue;
        }
        const struct side *nd = m->from_need ? &src : c->s, *cp = m->from_need ? c->s : &src;
        struct match_memo need_memo = {0};
        struct match_need need = {nd->text, nd->stage, nd->fields, nd->nfields, nd->status,
                                  m->from_need ? &memo : &need_memo};
        struct match_capability cap = {cp->text, cp->kind, cp->fields, cp->nfields, cp->status};
        matching_score(&need, &cap, best > 0 ? c->s->bm25 / best : 0, &c->s->parts);
        if (c->s->parts.total <= 0 || (c->s->parts.text == 0 && c->s->parts.fields == 0))
            continue; /* nothing in common is not a match */
        size_t at = ntop; /* by score, then id */
        while (at > 0 && by_score(c->s, top[at - 1]->s) < 0)
            at--;
        if (at >= (size_t)m->limit)
            continue;
        memmove(&top[at + 1], &top[at], (ntop - at) * sizeof(*top));
        top[at] = c;
        ntop += ntop < (size_t)m->limit;
    }
    if (e || (e = tag_names(db, &names)))
        goto out;
    (void)buf_addf(out, "{\"%s\":{\"id\":%lld,\"title\":", m->from_need ? "need" : "capability", src.id);
    (void)buf_add_json_str(out, src.title ? src.title : "", strlen(src.title ? src.title : ""));
    (void)buf_adds(out, "},\"items\":[");
    /* as scored above; a row that vanished since it was scored (deleted, or no longer visible
     * to the caller: the reads are not one snapshot) drops out, the rest of the page stands */
    for (size_t i = 0, shown = 0; i < ntop && !e; i++) {
        const struct side *c = top[i]->s;
        const struct side *nd = m->from_need ? &src : c, *cp = m->from_need ? c : &src;
        const struct match_parts *mp = &c->parts;
        buf_reset(&row);
        if ((e = resource_get(db, target, c->id, &m->who, 0, &row, &version)) == BP_ERR_NOT_FOUND) {
            e = BP_OK;
            continue;
        }
        if (e)
            break;
        (void)buf_adds(out, shown++ ? ",{" : "{");
        (void)buf_addf(out, "\"%s\":", m->from_need ? "capability" : "need");
        (void)buf_add(out, row.data, row.len);
        (void)buf_addf(out, ",\"score\":%.4f,\"parts\":{\"text\":%.4f,\"fields\":%.4f,\"kind\":%.4f,"
                            "\"stage\":%.4f,\"availability\":%.4f},\"reasons\":",
                       mp->total, mp->text, mp->fields, mp->kind, mp->stage, mp->availability);
        reasons(out, mp, names, cp->kind, nd->stage);
        (void)buf_addch(out, '}');
    }
    (void)buf_adds(out, "]}");
    if (!e && out->failed)
        e = BP_ERR_TOO_LARGE;
out:
    if (e && !p->err)
        p->err = e;
    json_decref(src_row);
    json_decref(names);
    return e;
}

/* --- on a worker --- */

struct match_job {
    struct match_ask ask;
    unsigned long long version;
    struct arena arena;
    struct str key; /* in arena */
};

static enum bp_err run_match(struct job *job, struct db *db)
{
    struct match_job *mj = job->payload;
    struct problem p;
    problem_init(&p);
    enum bp_err e = compute(db, &mj->ask, &mj->arena, &job->ans.body, &p);
    if (e) {
        job_problem(job, &p);
        return e;
    }
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

/* On the loop that asked: the answer joins its cache (which needs no more than the loop). */
static void release_match(struct job *job)
{
    struct match_job *mj = job->payload;
    if (job->ans.status == 200 && mj->key.len) {
        struct http_req home = {.loop = job->loop};
        http_cache_put(&home, mj->key, buf_str(&job->ans.body), 0, mj->version);
    }
    arena_release(&mj->arena);
    free(mj);
}

static long long inline_rows(void)
{
    const char *v = getenv("BPMC_MATCH_INLINE_ROWS");
    char *end = NULL;
    long long n = v && *v ? strtoll(v, &end, 10) : MATCH_INLINE_ROWS;
    return end && *end ? MATCH_INLINE_ROWS : n;
}

/* Whether the other side holds more rows than a loop should go through. */
static bool large(struct db *db, const struct resource *target)
{
    char sql[128];
    long long n = 0;
    long long most = inline_rows();
    if (most <= 0)
        return true;
    snprintf(sql, sizeof(sql), "SELECT coalesce(max(id),0) FROM %s", target->table);
    return db_query_int(db, sql, 0, &n) != BP_OK || n > most;
}

static void matches(struct http_req *r, bool from_need)
{
    struct match_ask m = {r->who, from_need, 0, MATCH_LIMIT_DEFAULT, 0};
    struct problem p;
    problem_init(&p);
    struct str query = r->query;
    while (query.ptr && query.len) {
        struct str pair, key, v;
        query = str_cut(query, '&', &pair);
        v = str_cut(pair, '=', &key);
        if (!str_eq_c(key, "limit") || !str_to_i64(v, 1, MATCH_LIMIT_MAX, &m.limit)) {
            problem_field(&p, BP_ERR_BAD_QUERY, str_eq_c(key, "limit") ? "limit" : "query",
                          "limit(1~50)만 쓸 수 있습니다", "only limit (1..50) is accepted");
            http_reply_problem(r, &p);
            return;
        }
    }
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &m.id)) {
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
        http_reply_problem(r, &p);
        return;
    }
    /* cached like search answers: by data version and the caller's scope */
    unsigned long long version = m.version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'M', &key);
    struct str cached;
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, NULL)) {
        http_reply(r, 200, "application/json; charset=utf-8", cached);
        return;
    }
    const struct resource *target = resource_find(from_need ? "capabilities" : "needs", from_need ? 12 : 5);
    if (large(http_db(r), target)) {
        struct match_job *mj = calloc(1, sizeof(*mj));
        struct job *job = mj ? job_new(JOB_WORKER, run_match, mj, release_match) : NULL;
        if (!job) {
            free(mj);
            http_reply_error(r, BP_ERR_NOMEM);
            return;
        }
        arena_init(&mj->arena, MATCH_WORK_BYTES);
        mj->ask = m;
        mj->version = version;
        if (!key.failed && !(mj->key.ptr = arena_strndup(&mj->arena, key.data, key.len))) {
            job_free(job);
            http_reply_error(r, BP_ERR_NOMEM);
            return;
        }
        mj->key.len = mj->key.ptr ? key.len : 0;
        http_submit(r, job);
        return;
    }
    struct arena work; /* the candidates' working memory, apart from the answer's */
    arena_init(&work, MATCH_WORK_BYTES);
    enum bp_err e = compute(http_db(r), &m, &work, &r->ans.body, &p);
    arena_release(&work);
    if (e) {
        http_reply_problem(r, &p);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), 0, version);
    http_reply_json(r, 200);
}

void api_need_matches(struct http_req *r) { matches(r, true); }
void api_capability_matches(struct http_req *r) { matches(r, false); }
