/*
 * report: GET /api/v1/reports/project-card?format=html|xlsx|hwpx|pdf[&project=ID], for
 * operators (the route's auth column). The card is read and rendered on a worker with its own
 * read-only connection, never on the event loop; `bpmc report project-card` calls
 * program_card_render directly.
 */
#include "modules/program/program.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/http.h"
#include "modules/program/card.h"
#include "base/banned.h"

/* clang-format off */
static const struct {
    const char *name, *content_type, *extension;
    enum bp_err (*render)(const struct card *, struct buf *);
} formats[] = {
    {"html", "text/html; charset=utf-8", "html", card_html},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", card_xlsx},
    {"hwpx", "application/hwp+zip", "hwpx", card_hwpx},
    {"pdf",  "application/pdf", "pdf", card_pdf},
};
/* clang-format on */
#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

/* The largest card in any format: a few pages with their embedded font subset. */
#define CARD_OUT_MAX (32u * 1024 * 1024)

int program_card_format(const char *name, size_t len)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strlen(formats[i].name) == len && memcmp(formats[i].name, name, len) == 0)
            return (int)i;
    return -1;
}

const char *program_card_content_type(int format) { return formats[format].content_type; }
const char *program_card_extension(int format) { return formats[format].extension; }

enum bp_err program_card_render(struct db *db, long long project_id, int format, struct buf *out)
{
    struct card *c = calloc(1, sizeof(*c));
    struct arena arena;
    if (!c || format < 0 || (size_t)format >= NFORMATS) {
        free(c);
        return c ? BP_ERR_INVALID : BP_ERR_NOMEM;
    }
    arena_init(&arena, LIMIT_ARENA_BYTES);
    enum bp_err e = card_load(db, project_id, &arena, c);
    if (!e)
        e = formats[format].render(c, out);
    if (!e && out->failed)
        e = BP_ERR_TOO_LARGE;
    arena_release(&arena);
    free(c);
    return e;
}

struct card_job {
    long long project_id;
    int format;
    char disposition[96];
};

static enum bp_err run_card(struct job *job, struct db *db)
{
    struct card_job *x = job->payload;
    buf_init(&job->ans.body, NULL, CARD_OUT_MAX);
    enum bp_err e = program_card_render(db, x->project_id, x->format, &job->ans.body);
    if (e) {
        buf_release(&job->ans.body);
        if (e == BP_ERR_NOT_FOUND)
            return job_refuse(job, e, "project", "없는 사업입니다", "no such pledge project");
        struct problem p;
        problem_init(&p);
        p.err = e;
        job_problem(job, &p);
        return e;
    }
    job->ans.status = 200;
    job->ans.content_type = formats[x->format].content_type;
    if (x->format != 0) { /* html is shown in place; the rest are files */
        snprintf(x->disposition, sizeof(x->disposition),
                 "attachment; filename=\"project-card.%s\"", formats[x->format].extension);
        http_add_header(&job->ans, "content-disposition", str_from(x->disposition));
    } else {
        http_add_header(&job->ans, "content-security-policy",
                        STR_LIT("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"));
        http_add_header(&job->ans, "x-frame-options", STR_LIT("SAMEORIGIN")); /* the card page frames it */
    }
    return BP_OK;
}

static void release_card(struct job *job) { free(job->payload); }

void api_project_card(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    int format = 0;
    long long project_id = 0;
    struct str q = r->query;
    while (q.ptr && q.len) {
        struct str pair, key, raw, v;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v)) {
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다",
                          "bad percent-encoding or UTF-8");
        } else if (str_eq_c(key, "format")) {
            if ((format = program_card_format(v.ptr, v.len)) < 0)
                problem_field(&p, BP_ERR_BAD_QUERY, "format",
                              "html, xlsx, hwpx, pdf 중 하나여야 합니다",
                              "must be one of html, xlsx, hwpx, pdf");
        } else if (str_eq_c(key, "project")) {
            if (!str_to_i64(v, 1, INT64_MAX, &project_id))
                problem_field(&p, BP_ERR_BAD_QUERY, "project", "사업 번호는 양의 정수입니다",
                              "the project is a positive integer id");
        } else if (key.len) {
            problem_field(&p, BP_ERR_BAD_QUERY, "query",
                          "알 수 없는 매개변수입니다 (format, project)",
                          "unknown query parameter (format, project)");
        }
    }
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    struct card_job *x = calloc(1, sizeof(*x));
    struct job *job = x ? job_new(JOB_WORKER, run_card, x, release_card) : NULL;
    if (!job) {
        free(x);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    x->project_id = project_id;
    x->format = format;
    http_submit(r, job);
}
