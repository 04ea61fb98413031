/*
 * resource_read: lists and single rows. A list page is one statement: the rows' JSON built by the
 * database (json_object) and appended to the answer without copies, plus the sort keys of the
 * last row, which become the opaque cursor of the next page (keyset pagination: a page costs
 * the same at row 10 and at row 10 000, and rows inserted meanwhile do not shift pages). A page
 * of a common word's q= in id order is two: a window of rows probed, then the rest (walk_window).
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdint.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "base/tokens.h"
#include "engine/search.h"
#include "base/validate.h"
#include "base/banned.h"

static const char *const implicit_sort[] = {"id", "created_at", "updated_at", NULL};

static enum bp_err bad_param(struct problem *p, const char *param, const char *ko, const char *en)
{
    problem_field(p, BP_ERR_BAD_QUERY, param, ko, en);
    return BP_ERR_BAD_QUERY;
}

static bool in_values(const struct field *f, struct str v)
{
    for (const struct enum_value *e = f->values; e->value; e++)
        if (str_eq_c(v, e->value))
            return true;
    return false;
}

/* A filter's value checked and turned into the stored form, so a filter matches however the
 * user typed it: a brn or phone as stored, an instant in UTC, a decimal in units, a duration
 * in minutes. A range end of a date-time may be a date: from its first second (Asia/Seoul) or
 * to its last. */
static bool filter_value(const struct field *f, enum filter_op op, struct arena *arena,
                         struct str *v)
{
    long long i;
    char *out;
    switch (f->type) {
    case FT_INT:
    case FT_MONEY:
    case FT_REF:
        return str_to_i64(*v, f->type == FT_REF ? 1 : f->min,
                          f->type == FT_REF ? INT64_MAX : f->max, &i);
    case FT_DECIMAL:
    case FT_DURATION:
        if (!(out = arena_alloc(arena, 24)))
            return false;
        if (f->type == FT_DECIMAL ? !parse_decimal(v->ptr, v->len, f->scale, &i)
                                  : !parse_duration(v->ptr, v->len, &i))
            return false;
        snprintf(out, 24, "%lld", i);
        *v = str_from(out);
        return true;
    case FT_BOOL:
        return str_eq_c(*v, "true") || str_eq_c(*v, "false") || str_eq_c(*v, "1") ||
               str_eq_c(*v, "0");
    case FT_ENUM:
    case FT_STATUS:
        return in_values(f, *v);
    case FT_DATE:
        return valid_date(v->ptr, v->len);
    case FT_DATETIME: {
        char day[32];
        struct str in = *v;
        if (op != FILTER_EQ && valid_date(v->ptr, v->len)) {
            snprintf(day, sizeof(day), "%.10sT%s+09:00", v->ptr,
                     op == FILTER_FROM ? "00:00:00" : "23:59:59");
            in = str_from(day);
        }
        if (!(out = arena_alloc(arena, VALIDATE_DATETIME_SIZE + 4)) ||
            !valid_datetime(in.ptr, in.len, out, VALIDATE_DATETIME_SIZE))
            return false;
        /* created_at and updated_at keep milliseconds ("…:00.250Z"), which sort before "…:00Z":
         * a range from a whole second starts at its first millisecond */
        size_t len = strlen(out);
        if (op == FILTER_FROM && resource_implicit_time(f->name, strlen(f->name)) == f &&
            len == VALIDATE_DATETIME_SIZE - 1 && out[len - 1] == 'Z')
            memcpy(out + len - 1, ".000Z", 6);
        *v = str_from(out);
        return true;
    }
    case FT_TEXT:
        if (f->check == CHECK_BRN || f->check == CHECK_PHONE) {
            if (!(out = arena_alloc(arena, 32)))
                return false;
            bool ok = f->check == CHECK_BRN ? valid_brn(v->ptr, v->len, out, 32)
                                            : valid_phone_kr(v->ptr, v->len, out, 32);
            if (ok)
                *v = str_from(out);
            return ok;
        }
        return v->len <= LIMIT_QUERY_TEXT;
    case FT_TAGS:
    case FT_LIST:
        return v->len <= LIMIT_QUERY_TEXT;
    }
    return false;
}

/* Whether a filter of f takes several values separated by commas: values that never hold a
 * comma (codes, numbers, dates, tag slugs, normalised numbers); free text does not. */
static bool filter_splits(const struct field *f)
{
    if (f->type == FT_TEXT)
        return f->check == CHECK_BRN || f->check == CHECK_PHONE;
    return f->type != FT_LIST || f->ref; /* ids never hold a comma */
}

/* The field and end a range parameter names: "<field>_from" or "<field>_to" of a filterable
 * field with ordered values, or of created_at / updated_at, which every entry has. */
static const struct field *range_field(const struct resource *r, struct str key,
                                       enum filter_op *op)
{
    static const struct {
        const char *suffix;
        enum filter_op op;
    } ends[] = {{"_from", FILTER_FROM}, {"_to", FILTER_TO}};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        size_t n = strlen(ends[i].suffix);
        if (key.len <= n || memcmp(key.ptr + key.len - n, ends[i].suffix, n) != 0)
            continue;
        const struct field *f = resource_field(r, key.ptr, key.len - n);
        if (!f)
            f = resource_implicit_time(key.ptr, key.len - n);
        if (f && (f->flags & F_FILTER) && field_is_ranged(f)) {
            *op = ends[i].op;
            return f;
        }
    }
    return NULL;
}

static enum bp_err parse_sort(const struct resource *r, struct str v, struct list_query *q,
                              struct problem *p)
{
    q->nsort = 0;
    while (v.ptr) {
        struct str key;
        v = str_cut(v, ',', &key);
        bool desc = false;
        if (key.len && key.ptr[0] == '-') {
            desc = true;
            key.ptr++, key.len--;
        }
        if (q->nsort >= LIMIT_SORT_KEYS)
            return bad_param(p, "sort", "정렬 기준이 너무 많습니다", "too many sort keys");
        const struct field *f = resource_field(r, key.ptr, key.len);
        const char *implicit = NULL;
        for (const char *const *s = implicit_sort; *s && !f; s++)
            if (str_eq_c(key, *s))
                implicit = *s;
        if ((!f || !(f->flags & F_SORT)) && !implicit)
            return bad_param(p, "sort", "정렬할 수 없는 필드입니다", "unknown or unsortable field");
        q->sort[q->nsort] = implicit ? NULL : f;
        q->sort_implicit[q->nsort] = implicit;
        q->sort_desc[q->nsort] = desc;
        q->nsort++;
    }
    return BP_OK;
}

/* ?columns=id,name,kind: the columns of an export, by name (implicit ones too); each a field
 * the entry has, given once. */
static enum bp_err parse_columns(const struct resource *r, struct str v, struct list_query *q,
                                 struct problem *p)
{
    static const char *const implicit[] = {"id", "created_at", "updated_at"};
    q->columns_given = true;
    while (v.ptr) {
        struct str name;
        v = str_cut(v, ',', &name);
        while (name.len && name.ptr[0] == ' ')
            name.ptr++, name.len--;
        while (name.len && name.ptr[name.len - 1] == ' ')
            name.len--;
        if (!name.len)
            continue;
        bool found = false;
        for (unsigned i = 0; i < 3 && !found; i++)
            if (str_eq_c(name, implicit[i])) {
                q->columns_implicit |= 1u << i;
                found = true;
            }
        unsigned k = 0;
        for (const struct field *f = r->fields; f->name && !found; f++, k++)
            if (str_eq_c(name, f->name) && !(f->flags & F_HIDDEN)) {
                q->columns |= 1ULL << k;
                found = true;
            }
        if (!found)
            return bad_param(p, "columns", "이 목록에 없는 열입니다", "no such column in this list");
    }
    if (!q->columns && !q->columns_implicit)
        return bad_param(p, "columns", "열을 하나 이상 고르세요", "choose at least one column");
    return BP_OK;
}

/* ?missing=a,b: the entry's fields (not personal, not hidden) whose emptiness is asked about. */
static enum bp_err parse_missing(const struct resource *r, struct str v, struct list_query *q,
                                 struct problem *p)
{
    if (!v.len)
        return bad_param(p, "missing", "필드를 하나 이상 고르세요", "name at least one field");
    while (v.ptr) {
        struct str name;
        v = str_cut(v, ',', &name);
        unsigned i = 0;
        const struct field *f = r->fields;
        for (; f->name && !str_eq_c(name, f->name); f++)
            i++;
        if (!f->name || (f->flags & (F_PRIVATE | F_HIDDEN)) || i >= 64)
            return bad_param(p, "missing", "비어 있는지 물을 수 없는 필드입니다",
                             "unknown field, or one whose emptiness cannot be asked about");
        q->missing |= 1ull << i;
    }
    return BP_OK;
}

enum bp_err resource_parse_query(const struct resource *r, struct str query, struct arena *arena,
                                 struct list_query *q, struct problem *p)
{
    memset(q, 0, sizeof(*q));
    q->limit = LIMIT_PAGE_DEFAULT;
    q->total_wanted = true;
    int seen_sort = 0, seen_limit = 0, seen_q = 0, seen_cursor = 0;
    int seen_format = 0, seen_expand = 0, seen_columns = 0, seen_labels = 0, seen_lang = 0;
    int seen_page = 0, seen_missing = 0;
    long long page = 1;
    if (query.len > LIMIT_QUERY_STRING)
        return bad_param(p, "query", "쿼리 문자열이 너무 깁니다", "query string too long");
    while (query.ptr && query.len) {
        struct str pair, key, raw;
        query = str_cut(query, '&', &pair);
        if (pair.len == 0)
            continue;
        raw = str_cut(pair, '=', &key);
        struct str v;
        if (!str_url_decode(arena, raw, &v))
            return bad_param(p, "query", "잘못된 인코딩입니다", "bad percent-encoding or UTF-8");
        const struct field *f;
        enum filter_op op = FILTER_EQ;
        if (str_eq_c(key, "q")) {
            if (seen_q++ || v.len > LIMIT_QUERY_TEXT)
                return bad_param(p, "q", "검색어가 너무 길거나 중복되었습니다", "q too long or repeated");
            q->q = v;
        } else if (str_eq_c(key, "sort")) {
            if (seen_sort++)
                return bad_param(p, "sort", "중복된 매개변수입니다", "repeated parameter");
            enum bp_err e = parse_sort(r, v, q, p);
            if (e)
                return e;
        } else if (str_eq_c(key, "limit")) {
            if (seen_limit++ || !str_to_i64(v, 1, LIMIT_PAGE_MAX, &q->limit))
                return bad_param(p, "limit", "limit은 1에서 200 사이여야 합니다",
                                 "limit must be between 1 and 200");
        } else if (str_eq_c(key, "page")) {
            if (seen_page++ || !str_to_i64(v, 1, LIMIT_PAGE_NUMBER, &page))
                return bad_param(p, "page", "page는 1에서 10000 사이여야 합니다",
                                 "page must be between 1 and 10000");
        } else if (str_eq_c(key, "cursor")) {
            if (seen_cursor++ || v.len == 0 || v.len > LIMIT_CURSOR)
                return bad_param(p, "cursor", "잘못된 커서입니다", "invalid cursor");
            q->cursor = v;
        } else if (str_eq_c(key, "format")) {
            if (seen_format++)
                return bad_param(p, "format", "중복된 매개변수입니다", "repeated parameter");
            if (str_eq_c(v, "json"))
                q->format = EXPORT_JSON;
            else if (str_eq_c(v, "csv"))
                q->format = EXPORT_CSV;
            else if (str_eq_c(v, "xlsx"))
                q->format = EXPORT_XLSX;
            else
                return bad_param(p, "format", "format은 json, csv, xlsx 중 하나입니다",
                                 "format must be json, csv or xlsx");
        } else if (str_eq_c(key, "columns")) {
            if (seen_columns++)
                return bad_param(p, "columns", "중복된 매개변수입니다", "repeated parameter");
            enum bp_err e = parse_columns(r, v, q, p);
            if (e)
                return e;
        } else if (str_eq_c(key, "labels")) {
            if (seen_labels++)
                return bad_param(p, "labels", "중복된 매개변수입니다", "repeated parameter");
            if (str_eq_c(v, "false") || str_eq_c(v, "0"))
                q->codes = true;
            else if (!str_eq_c(v, "true") && !str_eq_c(v, "1"))
                return bad_param(p, "labels", "labels는 true 또는 false입니다",
                                 "labels must be true or false");
        } else if (str_eq_c(key, "lang")) {
            if (seen_lang++)
                return bad_param(p, "lang", "중복된 매개변수입니다", "repeated parameter");
            if (str_eq_c(v, "ko"))
                q->lang = EXPORT_LANG_KO;
            else if (str_eq_c(v, "en"))
                q->lang = EXPORT_LANG_EN;
            else
                return bad_param(p, "lang", "lang은 ko 또는 en입니다", "lang must be ko or en");
        } else if (str_eq_c(key, "missing")) {
            if (seen_missing++)
                return bad_param(p, "missing", "중복된 매개변수입니다", "repeated parameter");
            enum bp_err e = parse_missing(r, v, q, p);
            if (e)
                return e;
        } else if (str_eq_c(key, "expand")) {
            if (seen_expand++)
                return bad_param(p, "expand", "중복된 매개변수입니다", "repeated parameter");
            while (v.ptr) {
                struct str name;
                v = str_cut(v, ',', &name);
                unsigned i = 0;
                bool found = false;
                for (const struct field *rf = r->fields; rf->name; rf++) {
                    if (rf->type != FT_REF)
                        continue;
                    size_t stem = strlen(rf->name) - (strlen(rf->name) > 3 ? 3 : 0);
                    if (str_eq_c(name, rf->name) ||
                        (name.len == stem && memcmp(name.ptr, rf->name, stem) == 0)) {
                        q->expand |= 1u << i;
                        found = true;
                    }
                    i++;
                }
                if (!found)
                    return bad_param(p, "expand", "펼칠 수 없는 필드입니다", "unknown reference to expand");
            }
        } else if (((f = resource_field(r, key.ptr, key.len)) && (f->flags & F_FILTER)) ||
                   (f = range_field(r, key, &op))) {
            char param[64];
            snprintf(param, sizeof(param), "%s%s", f->name,
                     op == FILTER_FROM ? "_from" : op == FILTER_TO ? "_to" : "");
            for (size_t i = 0; i < q->nfilters; i++)
                if (q->filter_fields[i] == f && q->filter_ops[i] == op)
                    return bad_param(p, param, "중복된 필터입니다", "repeated filter");
            /* several values of a facet, comma-separated: any of them (OR); free text is
             * one value, commas included */
            bool several = op == FILTER_EQ && filter_splits(f);
            while (v.ptr) {
                struct str one = v;
                if (several)
                    v = str_cut(v, ',', &one);
                else
                    v = STR_NULL;
                if (q->nfilters >= LIST_MAX_FILTERS)
                    return bad_param(p, param, "필터가 너무 많습니다", "too many filters");
                if (!filter_value(f, op, arena, &one))
                    return bad_param(p, param, "필터 값이 올바르지 않습니다", "invalid filter value");
                q->filter_fields[q->nfilters] = f;
                q->filter_ops[q->nfilters] = op;
                q->filter_values[q->nfilters++] = one;
            }
        } else {
            char name[64];
            snprintf(name, sizeof(name), "%.*s", (int)(key.len < 60 ? key.len : 60), key.ptr);
            return bad_param(p, valid_utf8(name, strlen(name)) ? name : "query",
                             "알 수 없는 매개변수입니다", "unknown query parameter");
        }
    }
    if (seen_page && seen_cursor)
        return bad_param(p, "page", "page와 cursor는 함께 쓸 수 없습니다",
                         "page and cursor cannot be used together");
    q->offset = (page - 1) * q->limit;
    if (q->nsort == 0) {
        struct str def = str_from(r->default_sort ? r->default_sort : "id");
        enum bp_err e = parse_sort(r, def, q, p);
        if (e)
            return e;
    }
    return BP_OK;
}

enum bp_err resource_sort_expr(const struct list_query *q, size_t i, struct buf *sql)
{
    const struct field *f = q->sort[i];
    if (!f)
        (void)buf_addf(sql, "t.%s", q->sort_implicit[i]);
    else if (field_is_integer(f))
        (void)buf_addf(sql, "coalesce(t.%s,-9223372036854775807)", f->name);
    else
        (void)buf_addf(sql, "coalesce(t.%s,'')", f->name);
    return sql->failed ? BP_ERR_NOMEM : BP_OK;
}

static bool sort_is_id(const struct list_query *q, size_t i)
{
    return !q->sort[i] && strcmp(q->sort_implicit[i], "id") == 0;
}

/* The MATCH expression of a list's q, bound by resource_where_sql: it lives until the thread's
 * next resource_where_sql, and every caller applies its binds before that. */
static _Thread_local char list_match[LIMIT_LIST_MATCH_BYTES];

/* Whether q holds ASCII punctuation (anything but letters, digits and spaces). */
static bool has_punctuation(struct str q)
{
    for (size_t i = 0; i < q.len; i++) {
        unsigned char c = (unsigned char)q.ptr[i];
        if (c < 0x80 && c != ' ' && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
            return true;
    }
    return false;
}

/* How a list's q reaches the index: the rows it matches as one IN list, read whole before the
 * first row of the page, or (SQLite) a probe of each row the list walks in its own order: the
 * row's entry in the map, then FTS5's posting lists sought to that one rowid
 * (docs/search.md, "q= on lists"). */
enum match_way { MATCH_IN, MATCH_PROBE };

static enum bp_err where_sql(const struct resource *r, const struct list_query *q,
                             const struct principal *who, struct buf *sql, struct sql_binds *b,
                             enum match_way way, struct str expanded);

enum bp_err resource_where_sql(const struct resource *r, const struct list_query *q,
                               const struct principal *who, struct buf *sql, struct sql_binds *b)
{
    return where_sql(r, q, who, sql, b, MATCH_IN, (struct str){0});
}

/* expanded: q's expression with its long prefixes spelt out (expand_prefixes), the same rows, for
 * a probe (the IN list and the count read a prefix once, as one merged list). */
static enum bp_err where_sql(const struct resource *r, const struct list_query *q,
                             const struct principal *who, struct buf *sql, struct sql_binds *b,
                             enum match_way way, struct str expanded)
{
    (void)buf_adds(sql, " WHERE true");
    for (size_t i = 0; i < q->nfilters; i++) {
        const struct field *f = q->filter_fields[i];
        /* values of one facet follow each other: any of them, and every facet */
        bool first = i == 0 || q->filter_fields[i - 1] != f || q->filter_ops[i - 1] != q->filter_ops[i];
        bool last = i + 1 == q->nfilters || q->filter_fields[i + 1] != f ||
                    q->filter_ops[i + 1] != q->filter_ops[i];
        struct str v = q->filter_values[i];
        int n;
        if (field_is_integer(f) && f->type != FT_BOOL) {
            long long x = 0;
            (void)str_to_i64(v, INT64_MIN, INT64_MAX, &x);
            n = binds_int(b, x);
        } else if (f->type == FT_BOOL) {
            n = binds_int(b, str_eq_c(v, "true") || str_eq_c(v, "1"));
        } else {
            n = binds_text(b, v);
        }
        static const char *const compare[] = {[FILTER_EQ] = "=", [FILTER_FROM] = ">=",
                                              [FILTER_TO] = "<="};
        (void)buf_adds(sql, first ? " AND (" : " OR ");
        if (f->type == FT_TAGS || f->type == FT_LIST)
            dialect_array_contains(sql, "t", f->name, n);
        else
            (void)buf_addf(sql, "t.%s%s?%d", f->name, compare[q->filter_ops[i]], n);
        if (last)
            (void)buf_addch(sql, ')');
    }
    /* missing: any of the fields empty (no value, empty text, an empty list) */
    if (q->missing) {
        bool first = true;
        unsigned i = 0;
        for (const struct field *f = r->fields; f->name; f++, i++) {
            if (i >= 64 || !(q->missing & (1ull << i)))
                continue;
            (void)buf_adds(sql, first ? " AND (" : " OR ");
            if (field_is_integer(f))
                (void)buf_addf(sql, "t.%s IS NULL", f->name);
            else
                (void)buf_addf(sql, "coalesce(t.%s,'') IN ('','[]')", f->name);
            first = false;
        }
        (void)buf_addch(sql, ')');
    }
    /* q: through the search index when the entry is indexed, as a filter (the list keeps its
     * sort, cursor, total and scope); the words as search reads them, the last one as a prefix
     * (docs/search.md). A query with punctuation is text to find as typed (100%_완료, an
     * e-mail address: the index sees only words), and so is one on an entry not indexed:
     * those are matched with LIKE, % and _ included. */
    size_t match_len = q->q.len && dialect_text_index() && search_indexed(r) && !has_punctuation(q->q)
                           ? search_list_match(q->q, r, list_match, sizeof(list_match))
                           : 0;
    if (match_len) {
        bool probe = way == MATCH_PROBE && expanded.len && dialect_fts5();
        int n = binds_text(b, probe ? expanded : (struct str){list_match, match_len});
        int c = binds_text(b, str_from(r->name));
        if (probe) {
            /* FTS5's: a MATCH with rowid= seeks each posting list to the one row */
            (void)buf_addf(sql, /* check-sql: allow (FTS5 only: dialect_fts5) */
                           " AND EXISTS (SELECT 1 FROM search_rows x CROSS JOIN search ON search.rowid=x.rowid WHERE x.collection=?%d AND x.row_id=t.id AND search MATCH ?%d)", /* check-sql: allow (FTS5 only) */
                           c, n);
        } else {
            (void)buf_adds(sql, " AND t.id IN (");
            dialect_text_rows(sql, n, c);
            (void)buf_addch(sql, ')');
        }
    }
    if (q->q.len && !match_len) {
        /* LIKE with our escape character: % and _ in the query are just text. */
        size_t plen = 0;
        b->like[plen++] = '%';
        for (size_t i = 0; i < q->q.len && i < LIMIT_QUERY_TEXT; i++) {
            char c = q->q.ptr[i];
            if (c == '%' || c == '_' || c == '\\')
                b->like[plen++] = '\\';
            b->like[plen++] = c;
        }
        b->like[plen++] = '%';
        int n = binds_text(b, (struct str){b->like, plen});
        bool first = true;
        (void)buf_adds(sql, " AND (");
        for (const struct field *f = r->fields; f->name; f++) {
            if (!(f->flags & F_SEARCH) || !field_visible(f, who))
                continue;
            (void)buf_adds(sql, first ? "" : " OR ");
            dialect_like(sql, "t", f->name, n);
            first = false;
        }
        (void)buf_adds(sql, first ? "false)" : ")");
    }
    err_ignore(access_scope(r, who, "t", sql));
    return sql->failed || b->n >= SQL_MAX_BINDS ? BP_ERR_NOMEM : BP_OK;
}

/* The cursor is base64url(JSON [key1, ..., id]) of the last row of the previous page. */
static enum bp_err cursor_where(const struct list_query *q, struct arena *arena, struct buf *sql,
                                struct sql_binds *b, struct problem *p)
{
    size_t nkeys = q->nsort + (sort_is_id(q, q->nsort - 1) ? 0 : 1);
    unsigned char *raw = arena_alloc(arena, q->cursor.len + 1);
    size_t raw_len = 0;
    if (!raw)
        return BP_ERR_NOMEM;
    if (sodium_base642bin(raw, q->cursor.len, q->cursor.ptr, q->cursor.len, NULL, &raw_len, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return bad_param(p, "cursor", "잘못된 커서입니다", "invalid cursor");
    json_error_t jerr;
    json_t *arr = json_loadb((const char *)raw, raw_len, 0, &jerr);
    enum bp_err e = BP_OK;
    if (!json_is_array(arr) || json_array_size(arr) != nkeys) {
        e = bad_param(p, "cursor", "잘못된 커서입니다", "invalid cursor");
        goto out_json;
    }
    int nums[LIMIT_SORT_KEYS + 1];
    for (size_t i = 0; i < nkeys; i++) {
        json_t *v = json_array_get(arr, i);
        bool is_id = i == q->nsort || sort_is_id(q, i);
        const struct field *f = i < q->nsort ? q->sort[i] : NULL;
        bool want_int = is_id || (f && field_is_integer(f));
        if (want_int && json_is_integer(v)) {
            nums[i] = binds_int(b, json_integer_value(v));
        } else if (!want_int && json_is_string(v)) {
            struct str s = {arena_strndup(arena, json_string_value(v), json_string_length(v)),
                            json_string_length(v)};
            if (!s.ptr) {
                e = BP_ERR_NOMEM;
                goto out_json;
            }
            nums[i] = binds_text(b, s);
        } else {
            e = bad_param(p, "cursor", "잘못된 커서입니다", "invalid cursor");
            goto out_json;
        }
    }
    (void)buf_adds(sql, " AND (");
    for (size_t i = 0; i < nkeys; i++) {
        (void)buf_adds(sql, i ? " OR (" : "(");
        for (size_t j = 0; j <= i; j++) {
            bool desc = j < q->nsort ? q->sort_desc[j] : false;
            if (j < q->nsort)
                err_ignore(resource_sort_expr(q, j, sql));
            else
                (void)buf_adds(sql, "t.id");
            (void)buf_addf(sql, "%s?%d%s", j < i ? "=" : (desc ? "<" : ">"), nums[j],
                           j < i ? " AND " : ")");
        }
    }
    (void)buf_addch(sql, ')');
out_json:
    json_decref(arr);
    return e ? e : (sql->failed ? BP_ERR_NOMEM : BP_OK);
}

static enum bp_err make_cursor(struct db_stmt *st, int first_key_col, size_t nkeys,
                               struct buf *out)
{
    struct buf j;
    struct arena tmp;
    arena_init(&tmp, LIMIT_CURSOR * 4);
    buf_init(&j, &tmp, LIMIT_CURSOR / 4 * 3);
    (void)buf_addch(&j, '[');
    for (size_t i = 0; i < nkeys; i++) {
        int col = first_key_col + (int)i;
        if (i)
            (void)buf_addch(&j, ',');
        if (db_column_is_int(st, col)) {
            (void)buf_addf(&j, "%lld", db_column_int(st, col));
        } else {
            size_t len;
            const char *s = db_column_text(st, col, &len);
            (void)buf_add_json_str(&j, s, len);
        }
    }
    (void)buf_addch(&j, ']');
    enum bp_err e = BP_OK;
    if (j.failed) {
        e = BP_ERR_TOO_LARGE;
        goto out;
    }
    size_t b64_len = sodium_base64_ENCODED_LEN(j.len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    e = buf_grow(out, b64_len + 2);
    if (e)
        goto out;
    out->data[out->len++] = '"';
    sodium_bin2base64(out->data + out->len, b64_len, (const unsigned char *)j.data, j.len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out->len += strlen(out->data + out->len);
    out->data[out->len++] = '"';
    out->data[out->len] = '\0';
out:
    arena_release(&tmp);
    return e;
}

enum bp_err resource_count_key(const struct resource *r, const struct list_query *q,
                               const struct principal *who, struct buf *key)
{
    struct sql_binds b = {0};
    (void)buf_addf(key, "SELECT count(*) FROM %s t", r->table);
    enum bp_err e = resource_where_sql(r, q, who, key, &b);
    for (size_t i = 0; !e && i < b.n; i++) {
        (void)buf_addch(key, '\x1f');
        if (b.v[i].kind == VAL_INT)
            (void)buf_addf(key, "%lld", b.v[i].i);
        else
            (void)buf_addstr(key, b.v[i].s);
    }
    return e ? e : (key->failed ? BP_ERR_NOMEM : BP_OK);
}

/* --- q on lists at scale (docs/search.md, "q= on lists") ---
 *
 * A word that tens of thousands of a collection's rows hold would be read whole twice: the
 * page's IN list, then the total, each match looked up in the map for its visibility. Where the
 * index's meta tokens say what the caller sees, the total is counted inside the index, and a
 * page in id order walks the rows probing each until it has its rows. */

/* Whether q goes through the index and the meta tokens of r's rows say which of them a caller
 * sees by visibility: r's readers are the map's (visibility, owner, party, shares: access.c),
 * and no filter asks what the index does not hold. */
static bool index_knows(const struct resource *r, const struct list_query *q)
{
    return q->q.len && dialect_fts5() && search_indexed(r) && !has_punctuation(q->q) &&
           r->visibility_field && access_searchable(r) && q->nfilters == 0 && !q->missing;
}

/* The meta tokens that narrow an expression to the rows of the visibilities who sees every row
 * of: all for operators, the public rows for anonymous callers, all but the private ones for
 * others (READ_PUBLIC_ROWS, engine/access.c; visibility is private, cluster or public). */
static const char *seen_whole(const struct principal *who)
{
    if (principal_is_operator(who))
        return "";
    return who->user_id == 0 ? " NOT meta : (\"0vprivate\" OR \"0vcluster\")" : " NOT meta : \"0vprivate\"";
}

/* The expression (x) followed by tail, into out; 0 when it does not fit. The parentheses keep
 * FTS5 from reading x's last term with tail first ("a" AND meta : "0corgs" NOT meta : … is
 * "a" AND (meta : "0corgs" NOT …): every public row of the collection walked, 86 ms for a
 * word the collection lacks at a million rows). */
static size_t match_with(struct str x, const char *tail, char *out, size_t size)
{
    size_t t = strlen(tail);
    if (x.len == 0 || x.len + t + 2 >= size)
        return 0;
    out[0] = '(';
    memcpy(out + 1, x.ptr, x.len);
    out[x.len + 1] = ')';
    memcpy(out + x.len + 2, tail, t + 1);
    return x.len + t + 2;
}

/* How many rows of the index match expr, reading posting lists only. */
static enum bp_err index_count(struct db *db, const char *expr, size_t len, long long *n)
{
    struct db_stmt *st;
    /* FTS5's (index_knows: dialect_fts5) */
    enum bp_err e = db_prepare(db, "SELECT count(*) FROM search WHERE search MATCH ?1", &st); /* check-sql: allow (FTS5 only) */
    if (e)
        return e;
    db_bind_text(st, 1, expr, len);
    enum db_step s = db_step(st);
    *n = s == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    return s == DB_ROW ? BP_OK : BP_ERR_DB;
}

/* The exact total where index_knows: the matches of the visibilities who sees whole, counted
 * in the index, and the private matches who may see (their own organisation's, the shared
 * ones: a short list at 5 % of rows), each looked up under the list's scope. */
static enum bp_err count_in_index(struct db *db, const struct resource *r, struct str x,
                                  const struct principal *who, struct arena *arena, long long whole,
                                  long long *total)
{
    char expr[LIMIT_LIST_MATCH_BYTES + 64];
    size_t len = match_with(x, seen_whole(who), expr, sizeof(expr));
    if (len == 0)
        return BP_ERR_NOT_FOUND;
    *total = whole;
    enum bp_err e = whole >= 0 ? BP_OK : index_count(db, expr, len, total);
    if (e || principal_is_operator(who) || who->user_id == 0)
        return e;
    len = match_with(x, " AND meta : \"0vprivate\"", expr, sizeof(expr));
    if (len == 0)
        return BP_ERR_NOT_FOUND;
    struct buf sql;
    struct sql_binds b = {0};
    buf_init(&sql, arena, 4096);
    int n = binds_text(&b, (struct str){expr, len});
    int c = binds_text(&b, str_from(r->name));
    (void)buf_addf(&sql, "SELECT count(*) FROM %s t WHERE t.id IN (", r->table);
    dialect_text_rows(&sql, n, c);
    (void)buf_addch(&sql, ')');
    struct db_stmt *st;
    if ((e = access_scope(r, who, "t", &sql)) || sql.failed || (e = db_prepare(db, sql.data, &st)))
        return e ? e : BP_ERR_NOMEM;
    binds_apply(&b, st);
    access_bind(st, who);
    enum db_step s = db_step(st);
    *total += s == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    return s == DB_ROW ? BP_OK : BP_ERR_DB;
}

static enum bp_err count_rows(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena, long long whole,
                              long long *total)
{
    struct buf sql;
    struct sql_binds b = {0};
    char x[LIMIT_LIST_MATCH_BYTES];
    size_t len = index_knows(r, q) ? search_list_match(q->q, r, x, sizeof(x)) : 0;
    if (len) {
        enum bp_err e = count_in_index(db, r, (struct str){x, len}, who, arena, whole, total);
        if (e != BP_ERR_NOT_FOUND)
            return e;
    }
    buf_init(&sql, arena, 1 << 16);
    (void)buf_addf(&sql, "SELECT count(*) FROM %s t", r->table);
    enum bp_err e = where_sql(r, q, who, &sql, &b, MATCH_IN, (struct str){0});
    struct db_stmt *st;
    if (e || (e = db_prepare(db, sql.data, &st)))
        return e;
    binds_apply(&b, st);
    access_bind(st, who);
    enum db_step s = db_step(st);
    *total = s == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    return s == DB_ROW ? BP_OK : BP_ERR_DB;
}

/* SELECT rowjson, sortkeys..., t.id ... ORDER BY ... LIMIT; shared by list and export. */
/* A window of ids for a list in id order: after < t.id <= to (NO_ID: no end on that side). */
#define NO_ID INT64_MIN

static enum bp_err select_sql(const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena, struct buf *sql,
                              struct sql_binds *b, long long limit, long long offset,
                              enum match_way way, struct str x, long long after, long long to,
                              struct problem *p)
{
    (void)buf_adds(sql, "SELECT ");
    enum bp_err e = resource_row_json(r, who, q->expand, sql);
    for (size_t i = 0; !e && i < q->nsort; i++) {
        (void)buf_addch(sql, ',');
        e = resource_sort_expr(q, i, sql);
    }
    (void)buf_addf(sql, ",t.id FROM %s t", r->table);
    if (!e)
        e = where_sql(r, q, who, sql, b, way, x);
    if (!e && q->cursor.len)
        e = cursor_where(q, arena, sql, b, p);
    if (e)
        return e;
    if (after != NO_ID)
        (void)buf_addf(sql, " AND t.id>?%d", binds_int(b, after));
    if (to != NO_ID)
        (void)buf_addf(sql, " AND t.id<=?%d", binds_int(b, to));
    (void)buf_adds(sql, " ORDER BY ");
    for (size_t i = 0; i < q->nsort; i++) {
        err_ignore(resource_sort_expr(q, i, sql));
        (void)buf_adds(sql, q->sort_desc[i] ? " DESC," : ",");
    }
    if (sort_is_id(q, q->nsort - 1))
        sql->data[--sql->len] = '\0';
    else
        (void)buf_adds(sql, "t.id");
    (void)buf_addf(sql, " LIMIT ?%d", binds_int(b, limit));
    if (offset)
        (void)buf_addf(sql, " OFFSET ?%d", binds_int(b, offset));
    return sql->failed ? BP_ERR_NOMEM : BP_OK;
}

/* A page being filled: rows so far, whether there are more, the cursor after the last. */
struct page {
    long long n;
    bool more;
    size_t nkeys;
    struct buf cursor;
};

/* Runs a select_sql statement and appends its rows to the page (at most up to its limit, and
 * one more to tell whether there are more). */
static enum bp_err page_rows(struct db *db, const struct list_query *q, const struct principal *who,
                             const char *sql, const struct sql_binds *b, struct page *pg,
                             struct buf *out)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    binds_apply(b, st);
    access_bind(st, who);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        if (pg->n == q->limit) {
            pg->more = true;
            break;
        }
        size_t len;
        const char *row = db_column_text(st, 0, &len);
        if (pg->n++)
            (void)buf_addch(out, ',');
        (void)buf_add(out, row, len);
        if (pg->n == q->limit && (e = make_cursor(st, 1, pg->nkeys, &pg->cursor)))
            break;
    }
    db_reset(st);
    return e ? e : (s == DB_FAIL ? BP_ERR_DB : BP_OK);
}

/* The expression e with its long prefixes spelt out, into out. FTS5 reads a prefix of more than
 * two characters (the index keeps prefixes of one and two: migration 0006) by merging the
 * posting lists of every term it starts into one, whole, once per statement: a probe per row
 * would repeat that for each row, and a rare word beside it (hanbit bio*) does not narrow it.
 * Such a prefix becomes the OR of the index's terms it starts (search_df holds every term of
 * the index), which FTS5 seeks through as it does any phrase, when they are at most
 * LIST_PREFIX_TERMS; 0 when there are more, or out is too short. */
#define LIST_PREFIX_TERMS 32

static size_t expand_prefixes(struct db *db, const char *e, size_t len, char *out, size_t size)
{
    struct buf o;
    struct arena a;
    arena_init(&a, size + 64);
    buf_init(&o, &a, size);
    size_t i = 0;
    bool ok = true;
    while (ok && i < len) {
        const char *close = e[i] == '"' ? memchr(e + i + 1, '"', len - i - 1) : NULL;
        size_t end = close ? (size_t)(close - e) : 0;
        if (!close || end + 1 >= len || e[end + 1] != '*') {
            size_t to = close ? end + 1 : i + 1;
            (void)buf_add(&o, e + i, to - i);
            i = to;
            continue;
        }
        size_t last = end; /* the phrase's last token, the prefix: e[last, end) */
        while (last > i + 1 && e[last - 1] != ' ')
            last--;
        size_t chars = 0;
        for (size_t k = last; k < end; k++)
            chars += ((unsigned char)e[k] & 0xC0) != 0x80;
        if (chars <= 2 || end - last >= TOKENS_MAX_BYTES) {
            ok = chars <= 2;
            (void)buf_add(&o, e + i, end + 2 - i);
            i = end + 2;
            continue;
        }
        char to[TOKENS_MAX_BYTES + 1];
        memcpy(to, e + last, end - last);
        to[end - last - 1] = (char)((unsigned char)to[end - last - 1] + 1); /* UTF-8: never 0xFF */
        struct db_stmt *st;
        if (db_prepare(db, "SELECT term FROM search_df WHERE term >= ?1 AND term < ?2 ORDER BY term LIMIT ?3",
                       &st)) {
            ok = false;
            break;
        }
        db_bind_text(st, 1, e + last, end - last);
        db_bind_text(st, 2, to, end - last);
        db_bind_int(st, 3, LIST_PREFIX_TERMS + 1);
        int terms = 0;
        (void)buf_addch(&o, '(');
        while (ok && db_step(st) == DB_ROW) {
            size_t tlen;
            const char *t = db_column_text(st, 0, &tlen);
            ok = ++terms <= LIST_PREFIX_TERMS && !memchr(t, '"', tlen);
            (void)buf_adds(&o, terms > 1 ? " OR " : "");
            (void)buf_add(&o, e + i, last - i);
            (void)buf_add(&o, t, tlen);
            (void)buf_addch(&o, '"');
        }
        db_reset(st);
        if (terms == 0) /* no term starts with it: the whole word matches as little */
            (void)buf_add(&o, e + i, end + 1 - i);
        (void)buf_addch(&o, ')');
        i = end + 2;
    }
    size_t n = ok && !o.failed && o.len < size ? o.len : 0;
    if (n)
        memcpy(out, o.data, n + 1);
    arena_release(&a);
    return n;
}

/* The id a cursor of a list in id order carries ([id]), or NO_ID. */
static long long cursor_id(const struct list_query *q, struct arena *arena)
{
    unsigned char *raw = arena_alloc(arena, q->cursor.len + 1);
    size_t raw_len = 0;
    long long id = NO_ID;
    if (!raw || sodium_base642bin(raw, q->cursor.len, q->cursor.ptr, q->cursor.len, NULL, &raw_len,
                                  NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
        return NO_ID;
    json_error_t jerr;
    json_t *arr = json_loadb((const char *)raw, raw_len, 0, &jerr);
    if (json_is_array(arr) && json_array_size(arr) == 1 && json_is_integer(json_array_get(arr, 0)))
        id = json_integer_value(json_array_get(arr, 0));
    json_decref(arr);
    return id;
}

/* What a probe of one row costs against reading one match in the IN list: about thirty
 * times (FTS5 sets the expression up again for each row: 35 us a probe against about 1 us a
 * match read whole, measured at a million rows on 2026-12-07). */
#define LIST_PROBE_COST 30

/* Whether a page of q walks r's rows in id order probing each (*after < t.id <= *to) before
 * the IN list reads what is left: when the list is in id order and at least enough =
 * sqrt((limit + 1) * rows * LIST_PROBE_COST) of the rows who sees whole match q, where
 * (limit + 1) * rows / matches probes cost less than reading the matches whole. How many
 * match is the total known (cached: an upper bound for members) or, counted in the index,
 * *whole, which the total then takes. The window, four times (limit + 1) * rows / enough ids,
 * is expected to hold the page several times over; a window that does not costs that many
 * probes more than before. A rarer word is read whole. probe (LIMIT_LIST_MATCH_BYTES) gets the
 * probe's expression: q's with its long prefixes spelt out (none when one starts too many). */
static enum bp_err walk_window(struct db *db, const struct resource *r, const struct list_query *q,
                               const struct principal *who, struct arena *arena, char *probe,
                               size_t *probe_len, long long known, long long *after, long long *to,
                               long long *whole)
{
    *after = *to = *whole = NO_ID;
    char m[LIMIT_LIST_MATCH_BYTES];
    size_t mlen = index_knows(r, q) ? search_list_match(q->q, r, m, sizeof(m)) : 0;
    if (!mlen || q->offset || q->nsort != 1 || !sort_is_id(q, 0) || q->sort_desc[0])
        return BP_OK;
    long long from = NO_ID;
    if (q->cursor.len && (from = cursor_id(q, arena)) == NO_ID)
        return BP_OK; /* select_sql says what is wrong with it */
    struct buf sql;
    struct db_stmt *st;
    buf_init(&sql, arena, 256);
    (void)buf_addf(&sql, "SELECT (SELECT min(id) FROM %s),(SELECT max(id) FROM %s)", r->table, r->table);
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    if (e)
        return e;
    enum db_step s = db_step(st);
    bool rows = s == DB_ROW && !db_column_is_null(st, 0);
    long long lo = rows ? db_column_int(st, 0) : 0, hi = rows ? db_column_int(st, 1) : 0;
    db_reset(st);
    if (s != DB_ROW)
        return BP_ERR_DB;
    if (!rows)
        return BP_OK;
    long long span = hi - lo + 1, want = q->limit + 1;
    if (span < 1 || span > (1ll << 40))
        return BP_OK; /* ids far apart: no density to speak of */
    long long goal = want * span * LIST_PROBE_COST, enough = goal; /* ceil(sqrt(goal)), Newton */
    for (long long next = (enough + 1) / 2; next < enough; next = (enough + goal / enough) / 2)
        enough = next;
    if (enough * enough < goal)
        enough++;
    if (enough < 64 || enough * 4 > span)
        return BP_OK; /* a small collection: its matches are few */
    long long n = known;
    if (n < 0) { /* the total's matches of what who sees whole: counted here, once */
        char expr[LIMIT_LIST_MATCH_BYTES + 64];
        size_t len = match_with((struct str){m, mlen}, seen_whole(who), expr, sizeof(expr));
        if (len == 0 || (e = index_count(db, expr, len, &n)))
            return e;
        *whole = n;
    }
    size_t len = n < enough ? 0 : expand_prefixes(db, m, mlen, probe, LIMIT_LIST_MATCH_BYTES);
    if (len == 0)
        return BP_OK;
    /* the probe's row is the collection's by the map: its meta token is one seek less */
    char *meta = strstr(probe, " AND meta : \"0c");
    if (meta && probe[len - 1] == '"' && !strstr(meta + 1, " AND ")) {
        *meta = '\0';
        len = (size_t)(meta - probe);
    }
    *probe_len = len;
    *after = from == NO_ID ? lo - 1 : from;
    *to = *after + want * span / enough * 4;
    return BP_OK;
}

enum bp_err resource_list(struct db *db, const struct resource *r, const struct list_query *q,
                          const struct principal *who, struct arena *arena, struct buf *out,
                          long long *total, struct problem *p)
{
    struct page pg = {.nkeys = q->nsort + (sort_is_id(q, q->nsort - 1) ? 0 : 1)};
    buf_init(&pg.cursor, arena, LIMIT_CURSOR + 2);
    char *probe = arena_alloc(arena, LIMIT_LIST_MATCH_BYTES);
    if (!probe)
        return BP_ERR_NOMEM;
    long long after, to, whole;
    size_t probe_len = 0;
    enum bp_err e = walk_window(db, r, q, who, arena, probe, &probe_len, *total, &after, &to, &whole);
    struct str x = {probe, probe_len};
    if (e)
        return e;
    (void)buf_adds(out, "{\"items\":[");
    /* none of what who sees whole matches, and who sees nothing else */
    bool none = whole == 0 && (principal_is_operator(who) || who->user_id == 0);
    for (int pass = to == NO_ID ? 1 : 0; pass < 2 && !pg.more && !none; pass++) {
        /* pass 0: the window, probing each row; 1: the rest (or all), through the IN list */
        struct buf sql;
        struct sql_binds b = {0};
        buf_init(&sql, arena, 1 << 16);
        e = select_sql(r, q, who, arena, &sql, &b, q->limit + 1 - pg.n, q->offset,
                       pass ? MATCH_IN : MATCH_PROBE, x, pass ? to : NO_ID, pass ? NO_ID : to, p);
        if (e || (e = page_rows(db, q, who, sql.data, &b, &pg, out)))
            return e;
    }
    (void)buf_adds(out, "],\"next_cursor\":");
    (void)buf_adds(out, pg.more ? pg.cursor.data : "null");
    /* a first page that holds every row is its own total */
    if (*total < 0 && to == NO_ID && !q->cursor.len && !q->offset && !pg.more)
        *total = pg.n;
    if (*total < 0 && (e = count_rows(db, r, q, who, arena, whole == NO_ID ? -1 : whole, total)))
        return e;
    (void)buf_addf(out, ",\"total\":%lld}", *total);
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

enum bp_err resource_get(struct db *db, const struct resource *r, long long id,
                         const struct principal *who, unsigned expand, struct buf *out,
                         long long *version)
{
    struct arena tmp;
    struct buf sql;
    arena_init(&tmp, 1 << 20);
    buf_init(&sql, &tmp, 1 << 16);
    (void)buf_adds(&sql, "SELECT ");
    enum bp_err e = resource_row_json(r, who, expand, &sql);
    (void)buf_addf(&sql, ", t.version FROM %s t WHERE t.id=?1", r->table);
    if (!e)
        e = access_scope(r, who, "t", &sql);
    struct db_stmt *st;
    if (e || sql.failed || (e = db_prepare(db, sql.data, &st)))
        goto out;
    db_bind_int(st, 1, id);
    access_bind(st, who);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t len;
        const char *row = db_column_text(st, 0, &len);
        e = buf_add(out, row, len);
        *version = db_column_int(st, 1);
    } else {
        e = s == DB_DONE ? BP_ERR_NOT_FOUND : BP_ERR_DB;
    }
    db_reset(st);
out:
    arena_release(&tmp);
    return e;
}

/* Used by export.c: run the list without paging and hand each row's JSON to fn. */
enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len),
                              void *ctx, struct problem *p);
enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len),
                              void *ctx, struct problem *p)
{
    struct buf sql;
    struct sql_binds b = {0};
    buf_init(&sql, arena, 1 << 16);
    enum bp_err e = select_sql(r, q, who, arena, &sql, &b, LIMIT_EXPORT_ROWS, 0, MATCH_IN,
                               (struct str){0}, NO_ID, NO_ID, p);
    struct db_stmt *st;
    if (e || (e = db_prepare(db, sql.data, &st)))
        return e;
    binds_apply(&b, st);
    access_bind(st, who);
    enum db_step s;
    while (!e && (s = db_step(st)) == DB_ROW) {
        size_t len;
        const char *row = db_column_text(st, 0, &len);
        e = fn(ctx, row, len);
    }
    db_reset(st);
    return e ? e : (s == DB_FAIL ? BP_ERR_DB : BP_OK);
}

enum bp_err resource_get_blob(struct db *db, const struct resource *r, long long id,
                              const struct principal *who, const char *field, struct buf *out)
{
    const struct field *f = resource_field(r, field, strlen(field));
    if (!f || !(f->flags & F_HIDDEN))
        return BP_ERR_NOT_FOUND;
    struct buf sql;
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql, "SELECT t.%s FROM %s t WHERE t.id=?1", f->name, r->table);
    enum bp_err e = access_scope(r, who, "t", &sql);
    struct db_stmt *st;
    if (!e && !(e = db_prepare(db, sql.data, &st))) {
        db_bind_int(st, 1, id);
        access_bind(st, who);
        enum db_step s = db_step(st);
        if (s == DB_ROW) {
            size_t len;
            const void *p = db_column_blob(st, 0, &len);
            e = buf_add(out, p, len);
        } else {
            e = s == DB_DONE ? BP_ERR_NOT_FOUND : BP_ERR_DB;
        }
        db_reset(st);
    }
    buf_release(&sql);
    return e;
}
