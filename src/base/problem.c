/*
 * problem: RFC 9457 problem details, bilingual.
 */
#include "base/problem.h"

#include <stdio.h>
#include <string.h>

#include "base/validate.h"
#include "base/banned.h"

/* Copy src into dst, cut on a character boundary when it does not fit. */
static void copy_str(char *dst, size_t size, const char *src)
{
    const char *s = src ? src : "";
    size_t n = utf8_prefix(s, strlen(s), size - 1);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

void problem_init(struct problem *p)
{
    p->err = BP_OK;
    p->detail_ko[0] = p->detail_en[0] = '\0';
    p->n = 0;
    p->conflict_collection = NULL;
    p->conflict_id = 0;
}

enum bp_err problem_set(struct problem *p, enum bp_err err, const char *ko, const char *en)
{
    p->err = err;
    copy_str(p->detail_ko, sizeof(p->detail_ko), ko);
    copy_str(p->detail_en, sizeof(p->detail_en), en);
    return err;
}

void problem_field(struct problem *p, enum bp_err err, const char *field, const char *ko,
                   const char *en)
{
    if (p->err == BP_OK)
        p->err = err;
    if (p->n >= PROBLEM_MAX_ERRORS)
        return;
    struct field_error *fe = &p->errors[p->n++];
    copy_str(fe->field, sizeof(fe->field), field);
    copy_str(fe->ko, sizeof(fe->ko), ko);
    copy_str(fe->en, sizeof(fe->en), en);
}

void problem_drop(struct problem *p, const char *field)
{
    size_t kept = 0;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->errors[i].field, field) != 0)
            p->errors[kept++] = p->errors[i];
    p->n = kept;
    if (kept == 0 && p->err == BP_ERR_INVALID && !p->detail_en[0])
        p->err = BP_OK;
}

enum bp_err problem_render(const struct problem *p, bool english, struct buf *out)
{
    enum bp_err e = p->err ? p->err : BP_ERR_IO;
    const char *detail_ko = p->detail_ko[0] ? p->detail_ko : err_title_ko(e);
    const char *detail_en = p->detail_en[0] ? p->detail_en : err_title_en(e);
    (void)buf_addf(out, "{\"type\":\"https://bpmc.kr/problems/%s\",\"title\":", err_type(e));
    const char *title = english ? err_title_en(e) : err_title_ko(e);
    (void)buf_add_json_str(out, title, strlen(title));
    (void)buf_addf(out, ",\"status\":%d,\"detail\":", err_http_status(e));
    const char *detail = english ? detail_en : detail_ko;
    (void)buf_add_json_str(out, detail, strlen(detail));
    (void)buf_adds(out, ",\"detail_ko\":");
    (void)buf_add_json_str(out, detail_ko, strlen(detail_ko));
    (void)buf_adds(out, ",\"detail_en\":");
    (void)buf_add_json_str(out, detail_en, strlen(detail_en));
    (void)buf_adds(out, ",\"errors\":[");
    for (size_t i = 0; i < p->n; i++) {
        const struct field_error *fe = &p->errors[i];
        (void)buf_adds(out, i ? ",{\"field\":" : "{\"field\":");
        (void)buf_add_json_str(out, fe->field, strlen(fe->field));
        (void)buf_adds(out, ",\"message\":");
        const char *m = english ? fe->en : fe->ko;
        (void)buf_add_json_str(out, m, strlen(m));
        (void)buf_adds(out, ",\"message_ko\":");
        (void)buf_add_json_str(out, fe->ko, strlen(fe->ko));
        (void)buf_adds(out, ",\"message_en\":");
        (void)buf_add_json_str(out, fe->en, strlen(fe->en));
        (void)buf_addch(out, '}');
    }
    (void)buf_addch(out, ']');
    if (p->conflict_collection)
        (void)buf_addf(out, ",\"conflicts_with\":{\"collection\":\"%s\",\"id\":%lld}",
                       p->conflict_collection, p->conflict_id);
    (void)buf_addch(out, '}');
    return out->failed ? BP_ERR_NOMEM : BP_OK;
}
