/*
 * funnel: GET /api/v1/attraction/funnel, the pipeline's figures for operators: prospects per
 * stage, how many reached each stage and the conversion from one to the next (rules.c), anchor
 * candidates, prospects by field and the pipeline's events by year (identified, LOI, MOU,
 * moved in, each by its own date). The program's card may read them later.
 */
#include "modules/attraction/attraction.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/str.h"
#include "db/db.h"
#include "engine/http.h"
#include "modules/attraction/rules.h"
#include "base/banned.h"

#define YEAR_FIRST 1900 /* the years a DATE field takes */
#define YEAR_LAST 2199

static const char sql_prospects[] =
    "SELECT stage, dropped_from, is_anchor, fields, identified_on, loi_on, mou_on, moved_in_on "
    "FROM prospects";
static const char sql_tag[] = "SELECT name_ko, name_en FROM tags WHERE slug=?1";

/* The year's counter of what (its date's first four characters) in years, made as needed. */
static void count_year(json_t *years, const char *date, const char *what)
{
    char year[5];
    if (strlen(date) < 4)
        return;
    memcpy(year, date, 4);
    year[4] = '\0';
    json_t *y = json_object_get(years, year);
    if (!y) {
        y = json_pack("{s:i,s:i,s:i,s:i,s:i}", "year", atol(year) /* 4 digits, checked by DATE */,
                      "identified", 0, "loi", 0, "mou", 0, "moved_in", 0);
        json_object_set_new(years, year, y);
    }
    json_object_set_new(y, what, json_integer(json_integer_value(json_object_get(y, what)) + 1));
}

/* Count one prospect's fields into by_field ({slug: {count, moved_in}}). */
static void count_fields(json_t *by_field, const char *fields, bool moved_in)
{
    json_t *a = json_loads(fields, 0, NULL);
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        const char *slug = json_string_value(v);
        if (!slug)
            continue;
        json_t *f = json_object_get(by_field, slug);
        if (!f) {
            f = json_pack("{s:s,s:i,s:i}", "field", slug, "count", 0, "moved_in", 0);
            json_object_set_new(by_field, slug, f);
        }
        json_object_set_new(f, "count",
                            json_integer(json_integer_value(json_object_get(f, "count")) + 1));
        if (moved_in)
            json_object_set_new(
                f, "moved_in",
                json_integer(json_integer_value(json_object_get(f, "moved_in")) + 1));
    }
    json_decref(a);
}

static int by_count(const void *a, const void *b)
{
    json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
    long long cx = json_integer_value(json_object_get(x, "count"));
    long long cy = json_integer_value(json_object_get(y, "count"));
    if (cx != cy)
        return cx < cy ? 1 : -1;
    return strcmp(json_string_value(json_object_get(x, "field")),
                  json_string_value(json_object_get(y, "field")));
}

/* The fields as an array, most prospects first, each with its names. */
static enum bp_err field_array(struct db *db, json_t *by_field, json_t *out)
{
    size_t n = json_object_size(by_field), k = 0;
    json_t **items = calloc(n ? n : 1, sizeof(*items));
    const char *key;
    json_t *v;
    enum bp_err e = items ? BP_OK : BP_ERR_NOMEM;
    json_object_foreach(by_field, key, v) if (items) items[k++] = v;
    if (items)
        qsort(items, k, sizeof(*items), by_count);
    for (size_t i = 0; !e && i < k; i++) {
        struct db_stmt *st;
        const char *slug = json_string_value(json_object_get(items[i], "field"));
        if ((e = db_prepare(db, sql_tag, &st)))
            break;
        db_bind_text(st, 1, slug, strlen(slug));
        enum db_step s = db_step(st);
        json_object_set_new(items[i], "name_ko",
                            s == DB_ROW ? json_string(db_column_text(st, 0, NULL))
                                        : json_string(slug));
        json_object_set_new(items[i], "name_en",
                            s == DB_ROW ? json_string(db_column_text(st, 1, NULL))
                                        : json_string(slug));
        db_reset(st);
        if (s != DB_ROW && s != DB_DONE)
            e = BP_ERR_DB;
        json_array_append(out, items[i]);
    }
    free(items);
    return e;
}

void api_attraction_funnel(struct http_req *r)
{
    if (r->query.len) {
        http_refuse(r, BP_ERR_BAD_QUERY, "query", "이 요청은 매개변수를 받지 않습니다",
                    "this request takes no parameters");
        return;
    }
    struct db *db = http_db(r);
    struct db_stmt *st;
    struct funnel f = {0};
    long long anchors = 0, anchors_open = 0, anchors_moved_in = 0;
    json_t *by_field = json_object(), *years = json_object(), *doc = NULL;
    enum bp_err e = by_field && years ? db_prepare(db, sql_prospects, &st) : BP_ERR_NOMEM;
    enum db_step s = DB_DONE;
    while (!e && (s = db_step(st)) == DB_ROW) {
        const char *stage = db_column_text(st, 0, NULL);
        funnel_add(&f, stage, db_column_text(st, 1, NULL));
        int at = prospect_stage_index(stage);
        if (db_column_int(st, 2)) {
            anchors++;
            anchors_open += at >= 0 && at < STAGE_MOVED_IN;
            anchors_moved_in += at == STAGE_MOVED_IN;
        }
        count_fields(by_field, db_column_text(st, 3, NULL), at == STAGE_MOVED_IN);
        static const char *const what[] = {"identified", "loi", "mou", "moved_in"};
        for (int i = 0; i < 4; i++)
            count_year(years, db_column_text(st, 4 + i, NULL), what[i]);
    }
    if (!e) {
        db_reset(st);
        if (s != DB_DONE)
            e = BP_ERR_DB;
    }
    json_t *stages = json_array(), *fields = json_array(), *year_list = json_array();
    if (!e && (!stages || !fields || !year_list))
        e = BP_ERR_NOMEM;
    for (int i = 0; !e && i < STAGE__COUNT; i++) {
        int permille = i < STAGE_MOVED_IN ? funnel_conversion_permille(&f, i) : -1;
        json_array_append_new(
            stages, json_pack("{s:s,s:s,s:s,s:I,s:o,s:o}", "stage", prospect_stages[i].value,
                              "label_ko", prospect_stages[i].label_ko, "label_en",
                              prospect_stages[i].label_en, "count", (json_int_t)f.at[i], "reached",
                              i <= STAGE_MOVED_IN ? json_integer(f.reached[i]) : json_null(),
                              "conversion_to_next",
                              permille >= 0 ? json_real(permille / 1000.0) : json_null()));
    }
    if (!e)
        e = field_array(db, by_field, fields);
    for (int y = YEAR_FIRST; !e && y <= YEAR_LAST; y++) { /* the years DATE accepts, in order */
        char key[16];
        snprintf(key, sizeof(key), "%d", y);
        json_t *v = json_object_get(years, key);
        if (v)
            json_array_append(year_list, v);
    }
    if (!e)
        doc = json_pack("{s:I,s:o,s:{s:I,s:I,s:I},s:O,s:O}", "total", (json_int_t)f.total, "stages",
                        stages, "anchors", "total", (json_int_t)anchors, "open",
                        (json_int_t)anchors_open, "moved_in", (json_int_t)anchors_moved_in,
                        "by_field", fields, "by_year", year_list);
    else
        json_decref(stages);
    char *text =
        doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(6)) : NULL;
    json_decref(doc);
    json_decref(fields);
    json_decref(year_list);
    json_decref(by_field);
    json_decref(years);
    if (!e && !text)
        e = BP_ERR_NOMEM;
    if (!e)
        e = buf_addstr(&r->ans.body, str_from(text));
    free(text);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    http_reply_json(r, 200);
}
