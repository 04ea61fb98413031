/*
 * resource_write: validation of bodies (on a loop, pure) and application of a validated change
 * (on the writer, inside its savepoint): references, status transitions, the change itself and
 * its audit row, all in one transaction with the rest of the batch.
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/audit.h"
#include "base/json.h"
#include "engine/search.h"
#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

void write_op_free(struct write_op *op)
{
    for (size_t i = 0; i < op->n; i++)
        free(op->vals[i].text);
    op->n = 0;
}

bool write_op_add(struct write_op *op, const char *field, enum value_kind kind, long long i,
                  const void *bytes, size_t len)
{
    const struct field *f = resource_field(op->res, field, strlen(field));
    if (!f || op->n >= sizeof(op->vals) / sizeof(op->vals[0]))
        return false;
    struct write_value *v = &op->vals[op->n];
    memset(v, 0, sizeof(*v));
    v->field = f;
    v->kind = kind;
    v->i = i;
    if (kind == VAL_TEXT || kind == VAL_BLOB) {
        v->text = malloc(len + 1);
        if (!v->text)
            return false;
        if (len)
            memcpy(v->text, bytes, len);
        v->text[len] = '\0';
        v->len = len;
    }
    op->n++;
    return true;
}

bool write_op_set(struct write_op *op, const char *field, enum value_kind kind, long long i,
                  const void *bytes, size_t len)
{
    for (size_t k = 0; k < op->n; k++) {
        if (strcmp(op->vals[k].field->name, field) != 0)
            continue;
        struct write_value *v = &op->vals[k];
        free(v->text);
        memmove(v, v + 1, (op->n - k - 1) * sizeof(*v));
        op->n--;
        break;
    }
    return write_op_add(op, field, kind, i, bytes, len);
}

const struct write_value *write_op_get(const struct write_op *op, const char *field)
{
    for (size_t k = 0; k < op->n; k++)
        if (strcmp(op->vals[k].field->name, field) == 0)
            return &op->vals[k];
    return NULL;
}

long long write_op_get_int(const struct write_op *op, const char *field)
{
    const struct write_value *v = write_op_get(op, field);
    return v && v->kind == VAL_INT ? v->i : 0;
}

const char *write_op_get_text(const struct write_op *op, const char *field)
{
    const struct write_value *v = write_op_get(op, field);
    return v && v->kind == VAL_TEXT ? v->text : NULL;
}

bool resource_may_write(const struct resource *r, const struct principal *who)
{
    if (r->flags & R_ADMIN_WRITES)
        return who->role == ROLE_OPERATOR_ADMIN;
    if (principal_is_operator(who))
        return true;
    if (who->user_id == 0)
        return false;
    if (r->flags & R_USER_WRITES)
        return true;
    if (r->write_role && strcmp(role_name(who->role), r->write_role) != 0)
        return false; /* the organisation's official record: its members in that role */
    return (r->flags & R_ORG_WRITES) && r->owner_field && who->org_id > 0 &&
           who->role != ROLE_TRAINEE;
}

/* Whether writes by who in r are bound to who's organisation. */
static bool org_bound(const struct resource *r, const struct principal *who)
{
    return !principal_is_operator(who) && (r->flags & R_ORG_WRITES) && r->owner_field;
}

/* Whether r's rows are organisations themselves (owner_field "id"). */
static bool rows_are_orgs(const struct resource *r)
{
    return r->owner_field && strcmp(r->owner_field, "id") == 0;
}

/* What the row's organisations (owner, party) let who do with it: the part of
 * resource_allows that the writer checks again inside its transaction. */
static unsigned row_rights(const struct resource *r, const struct principal *who,
                           const long long owner[2])
{
    if (!org_bound(r, who))
        return ALLOW_PATCH | ALLOW_DELETE;
    unsigned a = 0;
    if (owner[0] == who->org_id || (owner[1] && owner[1] == who->org_id))
        a |= ALLOW_PATCH;
    /* the owner deletes, not a party; an organisation is removed by operators */
    if (owner[0] == who->org_id && !rows_are_orgs(r))
        a |= ALLOW_DELETE;
    return a;
}

unsigned resource_allows(const struct resource *r, const struct principal *who,
                         const long long *owner)
{
    unsigned a = ALLOW_GET;
    if ((r->flags & R_READONLY) || !resource_may_write(r, who))
        return a;
    if (!owner)
        return a | (org_bound(r, who) && rows_are_orgs(r) ? 0 : ALLOW_POST);
    return a | row_rights(r, who, owner);
}

unsigned resource_row_allows(const struct resource *r, const struct principal *who,
                             const char *json, size_t len)
{
    long long owner[2] = {0, 0};
    if ((r->flags & R_READONLY) || !resource_may_write(r, who))
        return ALLOW_GET;
    json_t *j = json_loadb(json, len, 0, NULL);
    const char *names[2] = {r->owner_field, r->party_field};
    for (int i = 0; i < 2; i++) {
        json_t *v = names[i] ? json_object_get(j, names[i]) : NULL;
        owner[i] = json_is_integer(v) ? (long long)json_integer_value(v) : 0;
    }
    json_decref(j);
    return resource_allows(r, who, owner);
}

void resource_allow_text(unsigned allows, char *out, size_t size)
{
    static const char *const names[] = {"GET", "POST", "PATCH", "DELETE"};
    size_t n = 0;
    if (size)
        out[0] = '\0';
    for (unsigned i = 0; i < 4 && n < size; i++)
        if (allows & (1u << i))
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? ", " : "", names[i]);
}

enum bp_err resource_check_rights(const struct resource *r, struct write_op *op,
                                  const struct principal *who, struct problem *p)
{
    if (principal_is_operator(who))
        return p->err;
    bool owner_given = false;
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        if (v->field->flags & F_OPERATOR)
            problem_field(p, BP_ERR_INVALID, v->field->name, "운영자만 정할 수 있는 항목입니다",
                          "only operators may set this");
        if (org_bound(r, who) && strcmp(v->field->name, r->owner_field) == 0) {
            owner_given = true;
            if (v->kind != VAL_INT || v->i != who->org_id)
                problem_field(p, BP_ERR_INVALID, v->field->name,
                              "소속 기관의 항목만 만들거나 바꿀 수 있습니다",
                              "you can act only for your own organisation");
        }
    }
    if (org_bound(r, who) && op->kind == WRITE_CREATE) {
        if (rows_are_orgs(r)) /* a new organisation: operators register them (resource_allows) */
            return problem_set(p, BP_ERR_FORBIDDEN, "기관 등록은 운영자가 합니다",
                               "operators register new organisations");
        if (!owner_given) {
            /* the member's own organisation, filled in: "required" no longer applies */
            if (!write_op_add(op, r->owner_field, VAL_INT, who->org_id, NULL, 0))
                return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
            const struct field *owner = resource_field(r, r->owner_field, strlen(r->owner_field));
            if (owner && !(owner->flags & F_READONLY)) /* a read-only one given is still refused */
                problem_drop(p, r->owner_field);
        }
    }
    return p->err;
}

static bool implicit_field(const char *name)
{
    return strcmp(name, "id") == 0 || strcmp(name, "version") == 0 ||
           strcmp(name, "created_at") == 0 || strcmp(name, "updated_at") == 0;
}

static void field_err(struct problem *p, const char *field, const char *ko, const char *en)
{
    problem_field(p, BP_ERR_INVALID, field, ko, en);
}

static bool put_text(struct write_value *v, const char *s, size_t len)
{
    v->kind = VAL_TEXT;
    v->text = malloc(len + 1);
    if (!v->text)
        return false;
    memcpy(v->text, s, len);
    v->text[len] = '\0';
    v->len = len;
    return true;
}

static bool in_values(const struct field *f, const char *s)
{
    for (const struct enum_value *e = f->values; e->value; e++)
        if (strcmp(e->value, s) == 0)
            return true;
    return false;
}

static void values_message(const struct field *f, char *ko, char *en, size_t size)
{
    size_t a = (size_t)snprintf(ko, size, "다음 중 하나여야 합니다: ");
    size_t b = (size_t)snprintf(en, size, "must be one of: ");
    for (const struct enum_value *e = f->values; e->value && a < size && b < size; e++) {
        a += (size_t)snprintf(ko + a, size - a, "%s%s", e == f->values ? "" : ", ", e->value);
        b += (size_t)snprintf(en + b, size - b, "%s%s", e == f->values ? "" : ", ", e->value);
    }
}

/* The integer a number-like field stores for JSON value j: the integer itself; a decimal in
 * units of 10^-scale (a JSON number, or a string holding one, with at most scale decimals); a
 * duration in minutes (an integer, or an ISO 8601 duration string). */
static bool number_value(const struct field *f, json_t *j, long long *x)
{
    char text[64];
    if (f->type == FT_DECIMAL) {
        if (json_is_integer(j))
            return snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(j)) > 0 &&
                   parse_decimal(text, strlen(text), f->scale, x);
        if (json_is_real(j)) /* 15 digits give back the number as written (DBL_DIG) */
            return snprintf(text, sizeof(text), "%.15g", json_real_value(j)) > 0 &&
                   parse_decimal(text, strlen(text), f->scale, x);
        return json_is_string(j) &&
               parse_decimal(json_string_value(j), json_string_length(j), f->scale, x);
    }
    if (f->type == FT_DURATION && json_is_string(j))
        return parse_duration(json_string_value(j), json_string_length(j), x);
    if (!json_is_integer(j))
        return false;
    *x = json_integer_value(j);
    return true;
}

static void number_message(const struct field *f, char *ko, char *en, size_t size)
{
    if (f->type == FT_DECIMAL) {
        snprintf(ko, size, "소수점 아래 %u자리까지의 숫자여야 합니다", f->scale);
        snprintf(en, size, "must be a number with at most %u decimals", f->scale);
    } else if (f->type == FT_DURATION) {
        snprintf(ko, size, "분 단위 정수 또는 ISO 8601 기간(예: PT1H30M)이어야 합니다");
        snprintf(en, size, "must be whole minutes or an ISO 8601 duration (e.g. PT1H30M)");
    } else if (f->type == FT_MONEY) {
        snprintf(ko, size, "원 단위 정수여야 합니다");
        snprintf(en, size, "must be an integer amount of won");
    } else {
        snprintf(ko, size, "정수여야 합니다");
        snprintf(en, size, "must be an integer");
    }
}

static void bounds_message(const struct field *f, long long min, long long max, char *ko,
                           char *en, size_t size)
{
    char lo[32], hi[32];
    if (f->type != FT_DECIMAL || !format_decimal(min, f->scale, lo, sizeof(lo)) ||
        !format_decimal(max, f->scale, hi, sizeof(hi))) {
        snprintf(lo, sizeof(lo), "%lld", min);
        snprintf(hi, sizeof(hi), "%lld", max);
    }
    snprintf(ko, size, "%s 이상 %s 이하여야 합니다", lo, hi);
    snprintf(en, size, "must be between %s and %s", lo, hi);
}

/* The ids of a list of references (REFS) into v as ["12","40"]: each a positive integer, given
 * as a JSON integer or its digits, none twice, at most f->max (LIMIT_ARRAY_ITEMS when 0); false
 * (with p naming the field) otherwise. Whether the rows exist is resource_check_refs's. */
static bool validate_ids(const struct field *f, json_t *j, struct write_value *v,
                         struct problem *p)
{
    const char *n = f->name;
    char ko[160], en[160];
    long long max = f->max > 0 && f->max < LIMIT_ARRAY_ITEMS ? f->max : LIMIT_ARRAY_ITEMS;
    if (!json_is_array(j)) {
        field_err(p, n, "번호(id)의 배열이어야 합니다", "must be an array of ids");
        return false;
    }
    if ((long long)json_array_size(j) > max) {
        snprintf(ko, sizeof(ko), "최대 %lld개까지 고를 수 있습니다", max);
        snprintf(en, sizeof(en), "must name at most %lld", max);
        field_err(p, n, ko, en);
        return false;
    }
    long long ids[LIMIT_ARRAY_ITEMS] = {0};
    size_t i;
    json_t *item;
    json_array_foreach(j, i, item)
    {
        long long id = 0;
        bool ok = json_is_integer(item) && (id = json_integer_value(item)) > 0;
        if (json_is_string(item))
            ok = str_to_i64((struct str){json_string_value(item), json_string_length(item)}, 1,
                            INT64_MAX, &id);
        if (!ok) {
            field_err(p, n, "각 항목은 양의 정수인 번호(id)여야 합니다",
                      "each item must be an id (a positive integer)");
            return false;
        }
        for (size_t k = 0; k < i; k++) {
            if (ids[k] == id) {
                snprintf(ko, sizeof(ko), "같은 항목을 두 번 골랐습니다 (id %lld)", id);
                snprintf(en, sizeof(en), "names the same row twice (id %lld)", id);
                field_err(p, n, ko, en);
                return false;
            }
        }
        ids[i] = id;
    }
    struct buf out;
    buf_init(&out, NULL, LIMIT_ARRAY_ITEMS * 24 + 4);
    (void)buf_addch(&out, '[');
    for (size_t k = 0; k < json_array_size(j); k++)
        (void)buf_addf(&out, "%s\"%lld\"", k ? "," : "", ids[k]);
    (void)buf_addch(&out, ']');
    bool ok = !out.failed && put_text(v, out.data, out.len);
    buf_release(&out);
    return ok;
}

/* Validate one value of field f into v; false (with p filled) when invalid. */
static bool validate_value(const struct field *f, json_t *j, struct write_value *v,
                           struct problem *p)
{
    const char *n = f->name;
    char ko[160], en[160];
    v->field = f;
    if (json_is_null(j)) {
        if (f->flags & F_REQUIRED) {
            field_err(p, n, "필수 항목입니다", "is required");
            return false;
        }
        if (f->type == FT_TAGS || f->type == FT_LIST)
            return put_text(v, "[]", 2);
        v->kind = VAL_NULL;
        return true;
    }
    switch (f->type) {
    case FT_TEXT: {
        if (!json_is_string(j)) {
            field_err(p, n, "문자열이어야 합니다", "must be a string");
            return false;
        }
        const char *s = json_string_value(j);
        size_t len = json_string_length(j);
        size_t chars = utf8_chars(s, len);
        long long max = f->max ? f->max : LIMIT_TEXT_MAX;
        long long min = f->min ? f->min : ((f->flags & F_REQUIRED) ? 1 : 0);
        size_t lead = 0;
        while (lead < len && (s[lead] == ' ' || s[lead] == '\t' || s[lead] == '\n'))
            lead++;
        if ((long long)chars > max) {
            snprintf(ko, sizeof(ko), "최대 %lld자까지 입력할 수 있습니다", max);
            snprintf(en, sizeof(en), "must be at most %lld characters", max);
            field_err(p, n, ko, en);
            return false;
        }
        if ((long long)chars < min || (min > 0 && lead == len)) {
            snprintf(ko, sizeof(ko), "최소 %lld자 이상이어야 합니다", min);
            snprintf(en, sizeof(en), "must be at least %lld characters", min);
            field_err(p, n, ko, en);
            return false;
        }
        char norm[32];
        switch (f->check) {
        case CHECK_EMAIL:
            if (!valid_email(s, len)) {
                field_err(p, n, "올바른 이메일 주소가 아닙니다", "is not a valid e-mail address");
                return false;
            }
            break;
        case CHECK_URL:
            if (!valid_url(s, len)) {
                field_err(p, n, "http 또는 https로 시작하는 올바른 URL이어야 합니다",
                          "must be a valid http or https URL");
                return false;
            }
            break;
        case CHECK_PHONE:
            if (!valid_phone_kr(s, len, norm, sizeof(norm))) {
                field_err(p, n, "올바른 전화번호가 아닙니다 (예: 031-8075-3570, 010-1234-5678)",
                          "is not a valid Korean phone number (e.g. 031-8075-3570)");
                return false;
            }
            return put_text(v, norm, strlen(norm));
        case CHECK_BRN:
            if (!valid_brn(s, len, norm, sizeof(norm))) {
                field_err(p, n, "올바른 사업자등록번호가 아닙니다 (예: 220-81-62517, 검증번호 확인)",
                          "is not a valid business registration number (e.g. 220-81-62517; check digit)");
                return false;
            }
            return put_text(v, norm, strlen(norm));
        case CHECK_NONE:
            break;
        }
        return put_text(v, s, len);
    }
    case FT_INT:
    case FT_MONEY:
    case FT_REF:
    case FT_DECIMAL:
    case FT_DURATION: {
        long long min = f->type == FT_REF ? 1 : f->min, max = f->type == FT_REF ? INT64_MAX : f->max;
        long long x = 0;
        if (!number_value(f, j, &x)) {
            number_message(f, ko, en, sizeof(ko));
            field_err(p, n, ko, en);
            return false;
        }
        if (x < min || x > max) {
            bounds_message(f, min, max, ko, en, sizeof(ko));
            field_err(p, n, ko, en);
            return false;
        }
        v->kind = VAL_INT;
        v->i = x;
        return true;
    }
    case FT_BOOL:
        if (!json_is_boolean(j)) {
            field_err(p, n, "true 또는 false여야 합니다", "must be true or false");
            return false;
        }
        v->kind = VAL_INT;
        v->i = json_is_true(j);
        return true;
    case FT_ENUM:
    case FT_STATUS:
        if (!json_is_string(j) || !in_values(f, json_string_value(j))) {
            values_message(f, ko, en, sizeof(ko));
            field_err(p, n, ko, en);
            return false;
        }
        return put_text(v, json_string_value(j), json_string_length(j));
    case FT_DATE:
        if (!json_is_string(j) || !valid_date(json_string_value(j), json_string_length(j))) {
            field_err(p, n, "YYYY-MM-DD 형식의 올바른 날짜여야 합니다",
                      "must be a valid date (YYYY-MM-DD)");
            return false;
        }
        return put_text(v, json_string_value(j), json_string_length(j));
    case FT_DATETIME: {
        char utc[VALIDATE_DATETIME_SIZE];
        if (!json_is_string(j) ||
            !valid_datetime(json_string_value(j), json_string_length(j), utc, sizeof(utc))) {
            field_err(p, n,
                      "ISO 8601 형식의 올바른 일시여야 합니다 (예: 2026-12-07T14:00:00+09:00, "
                      "시간대가 없으면 한국 시간)",
                      "must be a valid ISO 8601 date-time (e.g. 2026-12-07T14:00:00+09:00; "
                      "without an offset, Korean time)");
            return false;
        }
        return put_text(v, utc, strlen(utc));
    }
    case FT_TAGS:
    case FT_LIST: {
        if (f->type == FT_LIST && f->ref)
            return validate_ids(f, j, v, p);
        if (!json_is_array(j) || json_array_size(j) > LIMIT_ARRAY_ITEMS) {
            field_err(p, n, "최대 64개의 분야 코드 배열이어야 합니다",
                      "must be an array of at most 64 tag slugs");
            return false;
        }
        struct buf out;
        buf_init(&out, NULL, LIMIT_ARRAY_ITEMS * (LIMIT_ARRAY_ITEM_BYTES * 2 + 4) + 4);
        (void)buf_addch(&out, '[');
        size_t i;
        json_t *item;
        json_array_foreach(j, i, item)
        {
            size_t len = json_string_length(item);
            if (!json_is_string(item) || len == 0 || len > LIMIT_ARRAY_ITEM_BYTES) {
                field_err(p, n, "각 항목은 100바이트 이하의 문자열이어야 합니다",
                          "each item must be a non-empty string of at most 100 bytes");
                buf_release(&out);
                return false;
            }
            if (i)
                (void)buf_addch(&out, ',');
            (void)buf_add_json_str(&out, json_string_value(item), len);
        }
        (void)buf_addch(&out, ']');
        bool ok = !out.failed && put_text(v, out.data, out.len);
        buf_release(&out);
        return ok;
    }
    }
    return false;
}

bool resource_validate_value(const struct field *f, json_t *j, struct write_value *v,
                             struct problem *p)
{
    return validate_value(f, j, v, p);
}

enum bp_err resource_validate(const struct resource *r, enum write_kind kind, const char *body,
                              size_t len, struct write_op *op, struct problem *p)
{
    json_t *j;
    enum bp_err e = json_parse_object(body, len, &j, p);
    op->res = r;
    op->kind = kind;
    op->n = 0;
    if (e)
        return e;
    const char *key;
    json_t *val;
    json_object_foreach(j, key, val)
    {
        const struct field *f = resource_field(r, key, strlen(key));
        char name[64];
        size_t name_len = utf8_prefix(key, strlen(key), sizeof(name) - 1);
        memcpy(name, key, name_len);
        name[name_len] = '\0';
        if (!f) {
            field_err(p, name, implicit_field(key) ? "서버가 관리하는 항목입니다" : "알 수 없는 항목입니다",
                      implicit_field(key) ? "is read-only" : "unknown field");
            continue;
        }
        if (f->flags & (F_READONLY | F_HIDDEN)) {
            field_err(p, name, "서버가 관리하는 항목입니다", "is read-only");
            continue;
        }
        if (kind == WRITE_UPDATE && (f->flags & F_IMMUTABLE)) {
            field_err(p, name, "생성 후에는 바꿀 수 없습니다", "cannot be changed after creation");
            continue;
        }
        if (op->n >= sizeof(op->vals) / sizeof(op->vals[0]))
            break;
        struct write_value *v = &op->vals[op->n];
        memset(v, 0, sizeof(*v));
        if (validate_value(f, val, v, p))
            op->n++;
        else
            free(v->text);
    }
    if (kind == WRITE_CREATE) {
        for (const struct field *f = r->fields; f->name; f++) {
            if ((f->flags & F_REQUIRED) && !json_object_get(j, f->name))
                field_err(p, f->name, "필수 항목입니다", "is required");
            if (f->type == FT_STATUS && json_is_string(json_object_get(j, f->name)) &&
                strcmp(json_string_value(json_object_get(j, f->name)), f->values[0].value) != 0 &&
                in_values(f, json_string_value(json_object_get(j, f->name)))) {
                char ko[160], en[160];
                snprintf(ko, sizeof(ko), "새 항목의 상태는 %s여야 합니다", f->values[0].value);
                snprintf(en, sizeof(en), "a new record starts as %s", f->values[0].value);
                field_err(p, f->name, ko, en);
            }
        }
    }
    json_decref(j);
    return p->err;
}

/* --- on the writer --- */

static void bind_value(struct db_stmt *st, int idx, const struct write_value *v)
{
    if (v->kind == VAL_INT)
        db_bind_int(st, idx, v->i);
    else if (v->kind == VAL_TEXT)
        db_bind_text(st, idx, v->text, v->len);
    else if (v->kind == VAL_BLOB)
        db_bind_blob(st, idx, v->text, v->len);
    else
        db_bind_null(st, idx);
}

/* Each id of a list of references (v, as validate_ids stored it) names a row of f->ref that
 * the writer may see (scoped: as a member sees them); every id at fault is named in the field's
 * message. BP_ERR_INVALID when one is not, BP_ERR_DB, BP_ERR_NOMEM. */
static enum bp_err check_ids(struct db *db, const struct write_op *op,
                             const struct write_value *v, bool scoped, struct problem *p)
{
    const struct field *f = v->field;
    const struct resource *t = resource_find(f->ref, strlen(f->ref));
    json_t *ids = json_loadb(v->text, v->len, 0, NULL);
    if (!t || !json_is_array(ids)) {
        json_decref(ids);
        return t ? BP_ERR_NOMEM : BP_ERR_DB;
    }
    struct buf sql, bad;
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql, "SELECT 1 FROM %s x WHERE x.id=?1", t->table);
    if (scoped && !(f->flags & F_READONLY))
        err_ignore(access_scope(t, &op->who, "x", &sql));
    buf_init(&bad, NULL, 160);
    struct db_stmt *st = NULL;
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    size_t i, nbad = 0;
    json_t *item;
    json_array_foreach(ids, i, item)
    {
        long long id = 0;
        if (e || !str_to_i64((struct str){json_string_value(item), json_string_length(item)}, 1,
                             INT64_MAX, &id))
            break;
        db_bind_int(st, 1, id);
        access_bind(st, &op->who);
        enum db_step s = db_step(st);
        db_reset(st);
        if (s == DB_FAIL)
            e = BP_ERR_DB;
        else if (s == DB_DONE && nbad++ < 8)
            (void)buf_addf(&bad, "%s%lld", nbad > 1 ? ", " : "", id);
    }
    if (!e && nbad) {
        char ko[240], en[240];
        snprintf(ko, sizeof(ko), "존재하지 않거나 볼 수 없는 %s입니다 (id %s)", t->label_ko,
                 bad.data);
        snprintf(en, sizeof(en), "no such %s (id %s)", f->ref, bad.data);
        field_err(p, f->name, ko, en);
        e = BP_ERR_INVALID;
    }
    buf_release(&bad);
    buf_release(&sql);
    json_decref(ids);
    return e;
}

enum bp_err resource_check_refs(struct db *db, const struct write_op *op, struct problem *p)
{
    char text[4096];
    struct buf sql;
    /* a member may refer only to rows it can see: the others are "no such row" to it too (the
     * system, user 0, and fields the server fills in refer to anything) */
    bool scoped = op->who.user_id != 0 && !principal_is_operator(&op->who);
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        const struct field *f = v->field;
        struct db_stmt *st;
        if (v->kind == VAL_NULL)
            continue;
        if (f->type == FT_LIST && f->ref && v->kind == VAL_TEXT) {
            enum bp_err e = check_ids(db, op, v, scoped, p);
            if (e && e != BP_ERR_INVALID)
                return e;
            continue;
        }
        if (f->type == FT_REF) {
            const struct resource *t = resource_find(f->ref, strlen(f->ref));
            if (!t)
                return BP_ERR_DB;
            bool own = scoped && !(f->flags & (F_READONLY | F_REF_BY_HOOK));
            buf_init(&sql, NULL, sizeof(text));
            (void)buf_addf(&sql, "SELECT 1 FROM %s x WHERE x.id=?1", t->table);
            if (own)
                err_ignore(access_scope(t, &op->who, "x", &sql));
            snprintf(text, sizeof(text), "%s", sql.failed ? "SELECT 1 WHERE false" : sql.data);
            buf_release(&sql);
        } else if (f->type == FT_TAGS) {
            buf_init(&sql, NULL, sizeof(text));
            (void)buf_adds(&sql, "SELECT value FROM ");
            dialect_array_elements(&sql, 1);
            (void)buf_adds(&sql, " WHERE value NOT IN (SELECT slug FROM tags)");
            snprintf(text, sizeof(text), "%s", sql.failed ? "SELECT 1 WHERE false" : sql.data);
            buf_release(&sql);
        } else {
            continue;
        }
        if (db_prepare(db, text, &st))
            return BP_ERR_DB;
        bind_value(st, 1, v);
        access_bind(st, &op->who);
        enum db_step s = db_step(st);
        bool bad = f->type == FT_REF ? s == DB_DONE : s == DB_ROW;
        char en[160], ko[160];
        if (bad && f->type == FT_TAGS) {
            size_t len;
            const char *tag = db_column_text(st, 0, &len);
            int shown = (int)utf8_prefix(tag, len, 80);
            snprintf(ko, sizeof(ko), "알 수 없는 분야입니다: %.*s", shown, tag);
            snprintf(en, sizeof(en), "unknown tag: %.*s", shown, tag);
        } else if (bad) {
            const struct resource *t = resource_find(f->ref, strlen(f->ref));
            snprintf(ko, sizeof(ko), "존재하지 않는 %s입니다 (id %lld)", t->label_ko, v->i);
            snprintf(en, sizeof(en), "no such %s (id %lld)", f->ref, v->i);
        }
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
        if (bad)
            field_err(p, f->name, ko, en);
    }
    return p->err;
}

static enum bp_err constraint_problem(struct db *db, const struct resource *r, struct problem *p)
{
    const char *msg = db_errmsg(db);
    enum db_failure kind = db_failure(db);
    if (kind == DB_FAIL_UNIQUE) {
        const char *dot = strrchr(msg, '.');
        const char *field = dot ? dot + 1 : "id";
        problem_field(p, BP_ERR_CONFLICT, field, "이미 사용 중인 값입니다", "is already taken");
        return BP_ERR_CONFLICT;
    }
    if (kind == DB_FAIL_FOREIGN_KEY) {
        return problem_set(p, BP_ERR_CONFLICT, "다른 항목이 참조하고 있어 처리할 수 없습니다",
                           "other records still refer to this one");
    }
    if (kind == DB_FAIL_CHECK) {
        char en[200];
        snprintf(en, sizeof(en), "%s: %s", r->name, msg);
        return problem_set(p, BP_ERR_INVALID, "입력값이 제약 조건을 위반합니다", en);
    }
    if (kind == DB_FAIL_FULL || kind == DB_FAIL_BUSY)
        return BP_ERR_UNAVAILABLE;
    return BP_ERR_DB;
}

/* Read the row's full JSON (as an operator sees it), its version and status into the args. */
static enum bp_err read_row(struct db *db, const struct resource *r, long long id,
                            const struct principal *scope, struct buf *json, long long *version,
                            struct buf *status, long long owner[2])
{
    static const struct principal all = {-1, ROLE_OPERATOR_ADMIN, 0};
    struct buf sql;
    buf_init(&sql, NULL, 1 << 16);
    (void)buf_adds(&sql, "SELECT ");
    err_ignore(resource_row_json(r, &all, 0, &sql));
    (void)buf_addf(&sql, ",t.version,%s%s,%s%s,%s%s FROM %s t WHERE t.id=?1",
                   r->status_field ? "t." : "", r->status_field ? r->status_field : "NULL",
                   r->owner_field ? "t." : "", r->owner_field ? r->owner_field : "NULL",
                   r->party_field ? "t." : "", r->party_field ? r->party_field : "NULL", r->table);
    err_ignore(access_scope(r, scope, "t", &sql));
    struct db_stmt *st;
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    buf_release(&sql);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    access_bind(st, scope);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t len;
        const char *row = db_column_text(st, 0, &len);
        e = buf_add(json, row, len);
        *version = db_column_int(st, 1);
        if (owner) {
            owner[0] = db_column_is_null(st, 3) ? 0 : db_column_int(st, 3);
            owner[1] = db_column_is_null(st, 4) ? 0 : db_column_int(st, 4);
        }
        if (status) {
            const char *t = db_column_text(st, 2, &len);
            if (!e)
                e = buf_add(status, t, len);
        }
    } else {
        e = s == DB_DONE ? BP_ERR_NOT_FOUND : BP_ERR_DB;
    }
    db_reset(st);
    return e;
}

/* An image of a row for the audit log, its personal fields (F_PRIVATE) replaced by a marker:
 * the log, which is never rewritten, must not keep what a person may have erased. NULL when
 * the image stays as it is (*out untouched) or cannot be read. */
static char *redacted(const struct resource *r, const struct buf *image)
{
    bool personal = false;
    for (const struct field *f = r->fields; f->name; f++)
        personal = personal || (f->flags & F_PRIVATE);
    if (!personal || !image || !image->len)
        return NULL;
    json_t *j = json_loadb(image->data, image->len, 0, NULL);
    if (!json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    for (const struct field *f = r->fields; f->name; f++) {
        json_t *v = json_object_get(j, f->name);
        if ((f->flags & F_PRIVATE) && v && !json_is_null(v))
            json_object_set_new(j, f->name, json_string("[personal]"));
    }
    char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    return s;
}

static enum bp_err write_audit(struct db *db, const struct write_op *op, const char *action,
                               long long id, const struct buf *before, const struct buf *after)
{
    char *b = redacted(op->res, before), *a = redacted(op->res, after);
    enum bp_err e = audit_append(
        db, op->who.user_id > 0 ? op->who.user_id : 0, action, op->res->name, id,
        b ? b : (before ? before->data : NULL), b ? strlen(b) : (before ? before->len : 0),
        a ? a : (after ? after->data : NULL), a ? strlen(a) : (after ? after->len : 0));
    free(b);
    free(a);
    return e;
}

static enum bp_err check_transition(const struct write_op *op, const char *from,
                                    struct problem *p, bool *changed)
{
    const struct resource *r = op->res;
    *changed = false;
    if (!r->status_field)
        return BP_OK;
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        if (strcmp(v->field->name, r->status_field) != 0 || v->kind != VAL_TEXT ||
            strcmp(v->text, from) == 0)
            continue;
        for (const struct transition *t = r->transitions; t && t->from; t++) {
            if (strcmp(t->from, from) == 0 && strcmp(t->to, v->text) == 0) {
                *changed = true;
                return BP_OK;
            }
        }
        char ko[160], en[160];
        snprintf(ko, sizeof(ko), "허용되지 않는 상태 변경입니다: %s → %s", from, v->text);
        snprintf(en, sizeof(en), "status cannot change from %s to %s", from, v->text);
        field_err(p, r->status_field, ko, en);
        return BP_ERR_INVALID;
    }
    return BP_OK;
}

static enum bp_err stale(struct problem *p)
{
    return problem_set(p, BP_ERR_STALE, "다른 사용자가 먼저 수정했습니다. 새로 고친 뒤 다시 시도하세요",
                       "someone changed this since you read it; reload and try again");
}

/* Run st, an UPDATE or DELETE that names the version it expects: a constraint's problem, or
 * stale when no row had that version. */
static enum bp_err run_compare_and_set(struct db *db, const struct resource *r, struct db_stmt *st,
                                       struct problem *p)
{
    enum db_step s = db_step(st);
    db_reset(st);
    if (s != DB_DONE)
        return constraint_problem(db, r, p);
    return db_changes(db) == 0 ? stale(p) : BP_OK;
}

static enum bp_err apply_create(struct db *db, const struct write_op *op, struct buf *after,
                                long long *id, long long *version, struct problem *p)
{
    const struct resource *r = op->res;
    struct buf sql;
    buf_init(&sql, NULL, 1 << 16);
    (void)buf_addf(&sql, "INSERT INTO %s (", r->table);
    for (size_t i = 0; i < op->n; i++)
        (void)buf_addf(&sql, "%s%s", i ? "," : "", op->vals[i].field->name);
    (void)buf_adds(&sql, op->n ? ") VALUES (" : ") DEFAULT VALUES");
    for (size_t i = 0; i < op->n; i++)
        (void)buf_addf(&sql, "%s?%zu", i ? "," : "", i + 1);
    if (op->n)
        (void)buf_addch(&sql, ')');
    if (op->n == 0) { /* "INSERT INTO t () DEFAULT VALUES" is not SQL */
        buf_reset(&sql);
        (void)buf_addf(&sql, "INSERT INTO %s DEFAULT VALUES", r->table);
    }
    /* the new id from the statement itself: every database speaks RETURNING */
    (void)buf_adds(&sql, " RETURNING id");
    struct db_stmt *st;
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    buf_release(&sql);
    if (e)
        return e;
    for (size_t i = 0; i < op->n; i++)
        bind_value(st, (int)i + 1, &op->vals[i]);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        *id = db_column_int(st, 0);
    db_reset(st);
    if (s != DB_ROW)
        return constraint_problem(db, r, p);
    e = read_row(db, r, *id, &op->who, after, version, NULL, NULL);
    if (!e)
        e = write_audit(db, op, "create", *id, NULL, after);
    return e;
}

static int visibility_rank(const char *v)
{
    return !v ? 0 : strcmp(v, "public") == 0 ? 3 : strcmp(v, "cluster") == 0 ? 2 : 1;
}

/* Whether op makes its row visible to more people than before (a row image as JSON). */
static bool widens(const struct write_op *op, const struct buf *before)
{
    const char *field = op->res->visibility_field;
    const struct write_value *v = field ? write_op_get(op, field) : NULL;
    if (!v || v->kind != VAL_TEXT)
        return false;
    json_t *j = json_loadb(before->data, before->len, 0, NULL);
    int was = visibility_rank(json_string_value(json_object_get(j, field)));
    json_decref(j);
    return visibility_rank(v->text) > was;
}

static enum bp_err apply_update(struct db *db, const struct write_op *op, struct buf *after,
                                long long *version, struct problem *p)
{
    const struct resource *r = op->res;
    struct buf before, status;
    bool changed_status = false;
    buf_init(&before, NULL, 1 << 22);
    buf_init(&status, NULL, 256);
    long long owner[2] = {0, 0};
    enum bp_err e = read_row(db, r, op->id, &op->who, &before, version, &status, owner);
    if (e)
        goto out;
    if (!(row_rights(r, &op->who, owner) & ALLOW_PATCH)) {
        e = problem_set(p, BP_ERR_FORBIDDEN, "다른 기관의 항목은 바꿀 수 없습니다",
                        "this belongs to another organisation");
        goto out;
    }
    if (org_bound(r, &op->who) && owner[0] != op->who.org_id && widens(op, &before)) {
        problem_field(p, BP_ERR_FORBIDDEN, r->visibility_field,
                      "공개 범위를 넓히는 일은 소유 기관이나 운영자만 합니다",
                      "only the owning organisation or an operator widens the visibility");
        e = BP_ERR_FORBIDDEN;
        goto out;
    }
    if (op->expect_version && *version != op->expect_version) {
        e = stale(p);
        goto out;
    }
    if ((e = check_transition(op, status.data, p, &changed_status)))
        goto out;
    if (op->n == 0) {
        e = buf_add(after, before.data, before.len);
        goto out;
    }
    struct buf sql;
    buf_init(&sql, NULL, 1 << 16);
    (void)buf_addf(&sql, "UPDATE %s SET ", r->table);
    for (size_t i = 0; i < op->n; i++)
        (void)buf_addf(&sql, "%s=?%zu,", op->vals[i].field->name, i + 1);
    (void)buf_adds(&sql, "version=version+1,updated_at=");
    dialect_now(&sql);
    (void)buf_addf(&sql, " WHERE id=?%zu AND version=?%zu", op->n + 1, op->n + 2);
    struct db_stmt *st;
    e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    buf_release(&sql);
    if (e)
        goto out;
    for (size_t i = 0; i < op->n; i++)
        bind_value(st, (int)i + 1, &op->vals[i]);
    db_bind_int(st, (int)op->n + 1, op->id);
    /* compare and set: the version the change was based on (If-Match, else the one read for
     * the before-image) is part of the statement, so no other writer's change in between is
     * lost, whatever serialises the writers */
    db_bind_int(st, (int)op->n + 2, op->expect_version ? op->expect_version : *version);
    if ((e = run_compare_and_set(db, r, st, p)))
        goto out;
    e = read_row(db, r, op->id, &op->who, after, version, NULL, NULL);
    if (!e)
        e = write_audit(db, op, changed_status ? "transition" : "update", op->id, &before, after);
out:
    buf_release(&before);
    buf_release(&status);
    return e;
}

static enum bp_err apply_delete(struct db *db, const struct write_op *op, struct problem *p)
{
    const struct resource *r = op->res;
    struct buf before;
    long long version;
    char sql[160];
    buf_init(&before, NULL, 1 << 22);
    long long owner[2] = {0, 0};
    enum bp_err e = read_row(db, r, op->id, &op->who, &before, &version, NULL, owner);
    if (e)
        goto out;
    if (!(row_rights(r, &op->who, owner) & ALLOW_DELETE)) { /* the owner deletes, not a party */
        if (rows_are_orgs(r) && owner[0] == op->who.org_id)
            e = problem_set(p, BP_ERR_FORBIDDEN, "기관 삭제는 운영자에게 요청하세요",
                            "an operator removes an organisation; ask one");
        else
            e = problem_set(p, BP_ERR_FORBIDDEN, "다른 기관의 항목은 바꿀 수 없습니다",
                            "this belongs to another organisation");
        goto out;
    }
    if (op->expect_version && version != op->expect_version) {
        e = stale(p);
        goto out;
    }
    snprintf(sql, sizeof(sql), "DELETE FROM %s WHERE id=?1 AND version=?2", r->table);
    struct db_stmt *st;
    if ((e = db_prepare(db, sql, &st)))
        goto out;
    db_bind_int(st, 1, op->id);
    db_bind_int(st, 2, op->expect_version ? op->expect_version : version); /* as in updates */
    if ((e = run_compare_and_set(db, r, st, p)))
        goto out;
    e = write_audit(db, op, "delete", op->id, &before, NULL);
    if (!e && r->deleted)
        e = before.failed ? BP_ERR_NOMEM : r->deleted(db, op, before.data, p);
    if (!e && p->err)
        e = p->err;
out:
    buf_release(&before);
    return e;
}

enum bp_err resource_apply(struct db *db, struct write_op *op, struct buf *out,
                           long long *id, long long *version, struct problem *p)
{
    enum bp_err e = op->kind != WRITE_DELETE && op->res->prepare ? op->res->prepare(db, op, p) : BP_OK;
    if (!e && p->err)
        e = p->err;
    if (!e)
        e = resource_check_refs(db, op, p);
    if (e) {
        if (p->err == BP_OK)
            p->err = e;
        return e;
    }
    *id = op->id;
    switch (op->kind) {
    case WRITE_CREATE:
        e = apply_create(db, op, out, id, version, p);
        break;
    case WRITE_UPDATE:
        e = apply_update(db, op, out, version, p);
        break;
    case WRITE_DELETE:
        e = apply_delete(db, op, p);
        break;
    }
    /* the search index changes in the same transaction as the row */
    if (!e)
        e = op->kind == WRITE_DELETE ? search_remove_row(db, op->res, *id)
                                     : search_index_row(db, op->res, *id);
    if (!e && op->kind != WRITE_DELETE && op->res->settle)
        e = op->res->settle(db, op, *id, p);
    if (!e && op->kind == WRITE_DELETE && access_shareable(op->res))
        e = db_run(db, NULL, "DELETE FROM shares WHERE collection=?1 AND row_id=?2", "ti",
                   op->res->name, *id); /* a row's grants go with it */
    if (e && p->err == BP_OK)
        p->err = e;
    return e;
}
