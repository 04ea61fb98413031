/*
 * import: POST /api/v1/imports?collection=orgs|people|capabilities&mode=preview|commit with a
 * spreadsheet's raw bytes (CSV or XLSX), for operators. The loop only checks the request; a
 * worker parses the file and builds the plan on its read-only connection (the preview is that
 * plan); a commit then moves to the writer, which builds the plan again on its own connection
 * (so the decisions are taken inside the transaction) and applies every row in the job's one
 * savepoint: any row error rolls all of it back and answers 422 with every row's errors.
 */
#include "modules/import/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modules/import/plan.h"
#include "base/limits.h"
#include "base/banned.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

struct import_job {
    struct import_plan plan;
    char *bytes; /* the file, until parsed */
    size_t len;
    enum import_format format;
    enum import_encoding encoding;
    bool commit;
    bool valid_only;   /* rows=valid: commit the rows without errors */
    bool report;       /* mode=report: the XLSX of the rows with errors */
    int lang;          /* lang=: 0 Accept-Language, 1 Korean, 2 English */
};

static bool english_of(const struct job *job, const struct import_job *x)
{
    return x->lang ? x->lang == 2 : job->english;
}

static void release_import(struct job *job)
{
    struct import_job *x = job->payload;
    import_plan_release(&x->plan);
    free(x->bytes);
    free(x);
}

static enum bp_err answer_problem(struct job *job, struct problem *p, enum bp_err e)
{
    if (!p->err)
        p->err = e;
    job->ans.nheaders = 0;
    job_problem(job, p);
    return p->err;
}

/* 422 with every row's errors: nothing was written. */
static enum bp_err answer_rows(struct job *job, struct import_job *x)
{
    buf_reset(&job->ans.body);
    if (import_plan_problem(&x->plan, english_of(job, x), &job->ans.body)) {
        struct problem p;
        problem_init(&p);
        return answer_problem(job, &p, BP_ERR_TOO_LARGE);
    }
    job->ans.status = err_http_status(BP_ERR_INVALID);
    job->ans.content_type = "application/problem+json; charset=utf-8";
    return BP_ERR_INVALID;
}

/* On the writer: decide again inside the transaction, then write every row. */
static enum bp_err run_commit(struct job *job, struct db *db)
{
    struct import_job *x = job->payload;
    struct problem p;
    problem_init(&p);
    enum bp_err e = import_plan_build(db, &x->plan, &p);
    if (e)
        return answer_problem(job, &p, e);
    if (x->plan.error_rows && !x->plan.valid_only)
        return answer_rows(job, x);
    e = import_plan_apply(db, &x->plan, &p);
    if (e == BP_ERR_INVALID)
        return answer_rows(job, x);
    if (e)
        return answer_problem(job, &p, e);
    buf_reset(&job->ans.body);
    if ((e = import_plan_result(&x->plan, &job->ans.body)))
        return answer_problem(job, &p, e);
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

/* On a worker: parse, plan, and answer the preview (or hand the commit to the writer). */
static enum bp_err run_parse(struct job *job, struct db *db)
{
    struct import_job *x = job->payload;
    struct problem p;
    problem_init(&p);
    enum bp_err e = import_parse(x->bytes, x->len, x->format, x->encoding, &x->plan.table, &p);
    free(x->bytes);
    x->bytes = NULL;
    if (!e)
        e = import_plan_build(db, &x->plan, &p);
    if (e)
        return answer_problem(job, &p, e);
    if (x->report) {
        if ((e = import_report_xlsx(&x->plan, english_of(job, x), &job->ans.body)))
            return answer_problem(job, &p, e);
        job->ans.status = 200;
        job->ans.content_type = XLSX_TYPE;
        http_add_header(&job->ans, "content-disposition",
                        str_from("attachment; filename=\"import-report.xlsx\""));
        return BP_OK;
    }
    if (x->commit) {
        if (x->plan.error_rows && !x->plan.valid_only)
            return answer_rows(job, x);
        job->run = run_commit;
        job->where = JOB_WRITER;
        job->rerun = true;
        return BP_OK;
    }
    if ((e = import_plan_preview(&x->plan, english_of(job, x), &job->ans.body)))
        return answer_problem(job, &p, e);
    job->ans.status = 200;
    job->ans.content_type = "application/json; charset=utf-8";
    return BP_OK;
}

/* The media type without parameters, lower-cased, into out. */
static void media_type(struct str ct, char *out, size_t size)
{
    struct str base;
    (void)str_cut(ct, ';', &base);
    while (base.len && base.ptr[base.len - 1] == ' ')
        base.len--;
    size_t n = base.len < size - 1 ? base.len : size - 1;
    for (size_t i = 0; i < n; i++)
        out[i] = (base.ptr[i] >= 'A' && base.ptr[i] <= 'Z') ? (char)(base.ptr[i] + 32) : base.ptr[i];
    out[n] = '\0';
}

/* The format a Content-Type announces; false for types that are no spreadsheet. */
static bool format_of(struct str ct, enum import_format *format)
{
    static const char *const csv[] = {"text/csv", "application/csv", "text/comma-separated-values",
                                      "text/plain", "application/vnd.ms-excel", NULL};
    char type[128];
    media_type(ct, type, sizeof(type));
    *format = IMPORT_AUTO;
    if (!type[0] || strcmp(type, "application/octet-stream") == 0)
        return true;
    if (strcmp(type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") == 0) {
        *format = IMPORT_XLSX;
        return true;
    }
    for (const char *const *c = csv; *c; c++)
        if (strcmp(type, *c) == 0) {
            *format = IMPORT_CSV;
            return true;
        }
    return false;
}

static bool parse_query(struct http_req *r, struct import_job *x, const struct resource **res,
                        struct problem *p)
{
    struct str q = r->query;
    *res = NULL;
    while (q.ptr && q.len) {
        struct str pair, key, raw, v;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v)) {
            problem_field(p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다",
                          "bad percent-encoding or UTF-8");
        } else if (str_eq_c(key, "collection")) {
            if (!(*res = import_collection(v.ptr, v.len)))
                problem_field(p, BP_ERR_BAD_QUERY, "collection",
                              "orgs, people, capabilities 중 하나여야 합니다",
                              "must be one of orgs, people, capabilities");
        } else if (str_eq_c(key, "mode")) {
            x->commit = str_eq_c(v, "commit");
            x->report = str_eq_c(v, "report");
            if (!x->commit && !x->report && !str_eq_c(v, "preview"))
                problem_field(p, BP_ERR_BAD_QUERY, "mode",
                              "preview, commit, report 중 하나여야 합니다",
                              "must be preview, commit or report");
        } else if (str_eq_c(key, "rows")) {
            x->valid_only = str_eq_c(v, "valid");
            if (!x->valid_only && !str_eq_c(v, "all"))
                problem_field(p, BP_ERR_BAD_QUERY, "rows", "all 또는 valid여야 합니다",
                              "must be all or valid");
        } else if (str_eq_c(key, "lang")) {
            x->lang = str_eq_c(v, "ko") ? 1 : str_eq_c(v, "en") ? 2 : 0;
            if (!x->lang)
                problem_field(p, BP_ERR_BAD_QUERY, "lang", "ko 또는 en이어야 합니다",
                              "must be ko or en");
        } else if (str_eq_c(key, "encoding")) {
            if (str_eq_c(v, "auto"))
                x->encoding = IMPORT_ENC_AUTO;
            else if (str_eq_c(v, "utf-8") || str_eq_c(v, "utf8"))
                x->encoding = IMPORT_ENC_UTF8;
            else if (str_eq_c(v, "cp949") || str_eq_c(v, "euc-kr"))
                x->encoding = IMPORT_ENC_CP949;
            else
                problem_field(p, BP_ERR_BAD_QUERY, "encoding",
                              "auto, utf-8, cp949 중 하나여야 합니다",
                              "must be one of auto, utf-8, cp949");
        } else if (key.len) {
            problem_field(p, BP_ERR_BAD_QUERY, "query",
                          "알 수 없는 매개변수입니다 (collection, mode, rows, encoding, lang)",
                          "unknown query parameter (collection, mode, rows, encoding, lang)");
        }
    }
    if (!p->err && !*res)
        problem_field(p, BP_ERR_BAD_QUERY, "collection",
                      "가져올 컬렉션(collection)을 정하세요: orgs, people, capabilities",
                      "name the collection: orgs, people or capabilities");
    return !p->err;
}

void api_import(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    struct import_job *x = calloc(1, sizeof(*x));
    const struct resource *res;
    if (!x) {
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    if (!parse_query(r, x, &res, &p)) {
        /* answered below */
    } else if (!format_of(r->content_type, &x->format)) {
        problem_set(&p, BP_ERR_MEDIA_TYPE,
                    "CSV(text/csv) 또는 XLSX 파일만 가져올 수 있습니다",
                    "only CSV (text/csv) or XLSX files can be imported");
    } else if (r->body.len == 0) {
        problem_field(&p, BP_ERR_INVALID, "file", "빈 파일입니다", "the file is empty");
    } else if (r->body.len > LIMIT_IMPORT_BYTES) {
        problem_set(&p, BP_ERR_TOO_LARGE, "파일이 너무 큽니다 (최대 10 MiB)",
                    "the file is too large (at most 10 MiB)");
    } else if (!(x->bytes = malloc(r->body.len))) {
        p.err = BP_ERR_NOMEM;
    }
    if (p.err) {
        free(x);
        http_reply_problem(r, &p);
        return;
    }
    memcpy(x->bytes, r->body.ptr, r->body.len);
    x->len = r->body.len;
    import_plan_init(&x->plan, res, &r->who);
    x->plan.valid_only = x->valid_only;
    struct job *job = job_new(JOB_WORKER, run_parse, x, release_import);
    if (!job) {
        import_plan_release(&x->plan);
        free(x->bytes);
        free(x);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    http_submit(r, job);
}

/* --- the template --- */

struct template_job {
    const struct resource *res;
    struct principal who;
    bool english;
    char disposition[160];
};

static enum bp_err run_template(struct job *job, struct db *db)
{
    (void)db;
    struct template_job *t = job->payload;
    enum bp_err e = import_template_xlsx(t->res, &t->who, t->english, &job->ans.body);
    if (e)
        return job_fail(job, e);
    job->ans.status = 200;
    job->ans.content_type = XLSX_TYPE;
    snprintf(t->disposition, sizeof(t->disposition),
             "attachment; filename=\"%s-template.xlsx\"", t->res->name);
    http_add_header(&job->ans, "content-disposition", str_from(t->disposition));
    return BP_OK;
}

static void release_template(struct job *job) { free(job->payload); }

void api_import_template(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    int lang = 0; /* as an import reads it: 1 Korean, 2 English, 0 Accept-Language */
    const struct resource *res = NULL;
    struct str rest = r->query;
    while (rest.ptr && rest.len && !p.err) {
        struct str pair, key, raw, v;
        rest = str_cut(rest, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v))
            problem_field(&p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다",
                          "bad percent-encoding or UTF-8");
        else if (str_eq_c(key, "collection")) {
            if (!(res = import_collection(v.ptr, v.len)))
                problem_field(&p, BP_ERR_BAD_QUERY, "collection",
                              "orgs, people, capabilities 중 하나여야 합니다",
                              "must be one of orgs, people, capabilities");
        } else if (str_eq_c(key, "lang")) {
            lang = str_eq_c(v, "ko") ? 1 : str_eq_c(v, "en") ? 2 : 0;
            if (!lang)
                problem_field(&p, BP_ERR_BAD_QUERY, "lang", "ko 또는 en이어야 합니다",
                              "must be ko or en");
        } else if (key.len) {
            problem_field(&p, BP_ERR_BAD_QUERY, "query",
                          "알 수 없는 매개변수입니다 (collection, lang)",
                          "unknown query parameter (collection, lang)");
        }
    }
    if (!p.err && !res)
        problem_field(&p, BP_ERR_BAD_QUERY, "collection",
                      "양식을 받을 컬렉션(collection)을 정하세요: orgs, people, capabilities",
                      "name the collection: orgs, people or capabilities");
    if (p.err) {
        http_reply_problem(r, &p);
        return;
    }
    struct template_job *t = calloc(1, sizeof(*t));
    struct job *job = t ? job_new(JOB_WORKER, run_template, t, release_template) : NULL;
    if (!job) {
        free(t);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    t->res = res;
    t->who = r->who;
    t->english = lang ? lang == 2 : r->english;
    http_submit(r, job);
}
