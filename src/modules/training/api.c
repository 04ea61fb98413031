/*
 * api: the training module's own routes. The demand a survey found, by field and level, for
 * operators (GET /api/v1/surveys/{id}/summary), and the completion certificate (수료증) of a
 * completed enrollment as an A4 PDF in Korean (GET /api/v1/enrollments/{id}/certificate), for
 * whoever may read the enrollment: the trainee, their organisation and operators.
 */
#include "modules/training/training.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/pdfdoc.h"
#include "engine/resource.h"
#include "base/str.h"
#include "base/banned.h"

/* --- GET /api/v1/surveys/{id}/summary --- */

/* Demand by field and level: answers and people (sums as integers on every database). */
static const char sql_summary[] =
    "SELECT field, level, count(*), CAST(coalesce(sum(headcount),0) AS BIGINT) FROM "
    "survey_responses WHERE survey_id=?1 GROUP BY field, level ORDER BY field, level";

static const char *label_of(const struct enum_value *values, const char *v, bool english)
{
    for (; values->value; values++)
        if (strcmp(values->value, v) == 0)
            return english ? values->label_en : values->label_ko;
    return v;
}

static enum bp_err summary(struct db *db, long long id, struct buf *out)
{
    struct resource_row survey;
    enum bp_err e = resource_read_fields(db, "surveys", id, "title,status", &survey);
    if (e)
        return e;
    if (!survey.found) {
        resource_row_release(&survey);
        return BP_ERR_NOT_FOUND;
    }
    (void)buf_addf(out, "{\"survey_id\":%lld,\"title\":", id);
    (void)buf_add_json_str(out, survey.text[0], strlen(survey.text[0]));
    (void)buf_adds(out, ",\"status\":");
    (void)buf_add_json_str(out, survey.text[1], strlen(survey.text[1]));
    resource_row_release(&survey);
    struct db_stmt *st;
    if ((e = db_prepare(db, sql_summary, &st)))
        return e;
    db_bind_int(st, 1, id);
    enum db_step s;
    long long responses = 0, headcount = 0;
    bool first = true;
    (void)buf_adds(out, ",\"cells\":[");
    while ((s = db_step(st)) == DB_ROW) {
        const char *field = db_column_text(st, 0, NULL), *level = db_column_text(st, 1, NULL);
        long long n = db_column_int(st, 2), people = db_column_int(st, 3);
        responses += n;
        headcount += people;
        (void)buf_adds(out, first ? "{\"field\":" : ",{\"field\":");
        (void)buf_add_json_str(out, field, strlen(field));
        (void)buf_adds(out, ",\"field_ko\":");
        const char *ko = label_of(training_fields, field, false);
        (void)buf_add_json_str(out, ko, strlen(ko));
        (void)buf_adds(out, ",\"level\":");
        (void)buf_add_json_str(out, level, strlen(level));
        (void)buf_adds(out, ",\"level_ko\":");
        ko = label_of(training_levels, level, false);
        (void)buf_add_json_str(out, ko, strlen(ko));
        (void)buf_addf(out, ",\"responses\":%lld,\"headcount\":%lld}", n, people);
        first = false;
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    (void)buf_addf(out, "],\"responses\":%lld,\"headcount\":%lld}", responses, headcount);
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

void api_survey_summary(struct http_req *r)
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 수요조사입니다", "no such survey");
        return;
    }
    if (r->query.len) {
        http_refuse(r, BP_ERR_BAD_QUERY, "query", "매개변수를 받지 않습니다",
                    "takes no query parameters");
        return;
    }
    buf_init(&r->ans.body, r->arena, 1 << 20);
    enum bp_err e = summary(http_db(r), id, &r->ans.body);
    if (e == BP_ERR_NOT_FOUND) {
        http_refuse(r, e, NULL, "없는 수요조사입니다", "no such survey");
        return;
    }
    if (e) {
        http_reply_error(r, e);
        return;
    }
    http_reply_json(r, 200);
}

/* --- GET /api/v1/enrollments/{id}/certificate --- */

struct certificate {
    char number[TRAINING_CERT_NO_MAX], completed_on[16];
    char name[256], org[256], course[700], cohort[256], period[128], hours[32];
    char field[64], level[32], sessions[64];
};

/* "2027-03-05" as Koreans write a date in a certificate: "2027년 3월 5일". */
static void korean_date(const char *s, char *out, size_t size)
{
    if (strlen(s) < 10) {
        snprintf(out, size, "%s", s);
        return;
    }
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    snprintf(out, size, "%.4s년 %d월 %d일", s, m, d);
}

static void centred(struct pdfdoc *p, bool bold, float size, const char *s)
{
    HPDF_Font f = bold ? p->bold : p->regular;
    float w = pdfdoc_width(f, size, s, strlen(s));
    p->y -= size * PDFDOC_LEAD;
    pdfdoc_show(p, f, size, (PDFDOC_PAGE_W - w) / 2, p->y, s, strlen(s));
}

static enum bp_err certificate_pdf(const struct certificate *c, struct buf *out)
{
    struct pdfdoc p;
    char line[1200], day[48];
    enum bp_err e = pdfdoc_open(&p, "수료증");
    if (!e) {
        pdfdoc_new_page(&p);
        pdfdoc_text(&p, false, PDFDOC_BODY, 0, "제 ", c->number);
        p.y -= 70;
        centred(&p, true, 30, "수 료 증");
        centred(&p, false, 11, "Certificate of Completion");
        p.y -= 50;
        pdfdoc_text(&p, false, 12, 60, "성    명: ", c->name);
        pdfdoc_text(&p, false, 12, 60, "소    속: ", c->org[0] ? c->org : "-");
        pdfdoc_text(&p, false, 12, 60, "과 정 명: ", c->course);
        snprintf(line, sizeof(line), "%s · %s", c->field, c->level);
        pdfdoc_text(&p, false, 12, 60, "분야·수준: ", line);
        pdfdoc_text(&p, false, 12, 60, "기    수: ", c->cohort);
        pdfdoc_text(&p, false, 12, 60, "교육 기간: ", c->period);
        if (c->hours[0])
            pdfdoc_text(&p, false, 12, 60, "교육 시간: ", c->hours);
        pdfdoc_text(&p, false, 12, 60, "출    석: ", c->sessions);
        p.y -= 40;
        snprintf(
            line, sizeof(line),
            "위 사람은 고양 바이오 정밀의료클러스터 전문인력 양성과정 「%s」을(를) 이수하였으므로 "
            "이 증서를 수여합니다.",
            c->course);
        pdfdoc_text(&p, false, 13, 30, "", line);
        p.y -= 60;
        korean_date(c->completed_on, day, sizeof(day));
        centred(&p, false, 13, day);
        p.y -= 40;
        centred(&p, true, 16, "고양 바이오 정밀의료 협력지원센터장");
        e = pdfdoc_finish(&p, out);
    }
    pdfdoc_free(&p);
    return e;
}

struct certificate_job {
    long long id;
    struct principal who;
    char disposition[96];
};

/* Read what the certificate shows; BP_ERR_CONFLICT when the enrollment is not completed. */
static enum bp_err certificate_read(struct db *db, long long id, struct certificate *c)
{
    struct resource_row en = {0}, user = {0}, org = {0}, cohort = {0}, course = {0};
    enum bp_err e = resource_read_fields(db, "enrollments", id,
                                         "status,trainee_id,org_id,cohort_id,completed_on,"
                                         "certificate_no,attended",
                                         &en);
    if (e || !en.found)
        goto out;
    if (strcmp(en.text[0], "completed") != 0) {
        e = BP_ERR_CONFLICT;
        goto out;
    }
    snprintf(c->completed_on, sizeof(c->completed_on), "%s", en.text[4]);
    snprintf(c->number, sizeof(c->number), "%s", en.text[5]);
    if ((e = resource_read_fields(db, "users", en.i[1], "name", &user)) ||
        (en.i[2] && (e = resource_read_fields(db, "orgs", en.i[2], "name", &org))) ||
        (e = resource_read_fields(db, "cohorts", en.i[3],
                                  "course_id,name,starts_on,ends_on,sessions", &cohort)))
        goto out;
    if (cohort.found &&
        (e = resource_read_fields(db, "courses", cohort.i[0], "title,hours,field,level", &course)))
        goto out;
    snprintf(c->name, sizeof(c->name), "%s", user.found ? user.text[0] : "");
    snprintf(c->org, sizeof(c->org), "%s", org.found ? org.text[0] : "");
    if (cohort.found) {
        char a[48], b[48];
        korean_date(cohort.text[2], a, sizeof(a));
        korean_date(cohort.text[3], b, sizeof(b));
        snprintf(c->cohort, sizeof(c->cohort), "%s", cohort.text[1]);
        snprintf(c->period, sizeof(c->period), "%s ~ %s", a, b);
        snprintf(c->sessions, sizeof(c->sessions), "총 %lld회 중 %lld회", cohort.i[4], en.i[6]);
    }
    if (course.found) {
        snprintf(c->course, sizeof(c->course), "%s", course.text[0]);
        if (course.text[1][0])
            snprintf(c->hours, sizeof(c->hours), "%lld시간", course.i[1]);
        snprintf(c->field, sizeof(c->field), "%s",
                 label_of(training_fields, course.text[2], false));
        snprintf(c->level, sizeof(c->level), "%s",
                 label_of(training_levels, course.text[3], false));
    }
out:
    resource_row_release(&en);
    resource_row_release(&user);
    resource_row_release(&org);
    resource_row_release(&cohort);
    resource_row_release(&course);
    return e;
}

static enum bp_err run_certificate(struct job *job, struct db *db)
{
    struct certificate_job *x = job->payload;
    const struct resource *res = resource_find("enrollments", 11);
    struct buf row;
    long long version = 0;
    buf_init(&row, NULL, 1 << 20);
    /* the enrollment as the caller may see it: the same 404 as an absent one otherwise */
    enum bp_err e =
        res ? resource_get(db, res, x->id, &x->who, 0, &row, &version) : BP_ERR_NOT_FOUND;
    buf_release(&row);
    if (e == BP_ERR_NOT_FOUND)
        return job_refuse(job, e, NULL, "없는 수강입니다", "no such enrollment");
    if (e)
        return job_fail(job, e);
    struct certificate *c = calloc(1, sizeof(*c));
    if (!c)
        return job_fail(job, BP_ERR_NOMEM);
    e = certificate_read(db, x->id, c);
    if (e == BP_ERR_CONFLICT) {
        free(c);
        return job_refuse(job, e, "status", "수료한 수강에만 수료증이 있습니다",
                          "only a completed enrollment has a certificate");
    }
    if (!e) {
        buf_init(&job->ans.body, NULL, 1u << 23);
        if ((e = certificate_pdf(c, &job->ans.body)))
            buf_release(&job->ans.body);
    }
    free(c);
    if (e)
        return job_fail(job, e);
    job->ans.status = 200;
    job->ans.content_type = "application/pdf";
    snprintf(x->disposition, sizeof(x->disposition),
             "attachment; filename=\"certificate-%lld.pdf\"", x->id);
    http_add_header(&job->ans, "content-disposition", str_from(x->disposition));
    return BP_OK;
}

static void release_certificate(struct job *job)
{
    free(job->payload);
}

void api_enrollment_certificate(struct http_req *r)
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 수강입니다", "no such enrollment");
        return;
    }
    if (r->query.len) {
        http_refuse(r, BP_ERR_BAD_QUERY, "query", "매개변수를 받지 않습니다",
                    "takes no query parameters");
        return;
    }
    struct certificate_job *x = calloc(1, sizeof(*x));
    struct job *job = x ? job_new(JOB_WORKER, run_certificate, x, release_certificate) : NULL;
    if (!job) {
        free(x);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    x->id = id;
    x->who = r->who;
    http_submit(r, job);
}
