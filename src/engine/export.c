/*
 * export: a list as the files people open: CSV with a UTF-8 byte-order mark (so Excel shows
 * Korean) and XLSX through libxlsxwriter. Columns are the row's fields in declaration order
 * (only those of ?columns= when given), with id first and created_at, updated_at last.
 *
 * By default a file reads as the web app does: headers are the fields' labels and enum values
 * theirs, in the caller's language; yes/no are 예/아니오 (Yes/No); date-times are Asia/Seoul's
 * wall clock. In XLSX dates and date-times are real Excel dates, numbers and money are numbers
 * (money with a 원 format), the header row is frozen and filtered and columns are as wide as
 * their contents. ?labels=false keeps the API's names and codes (for scripts). Either form
 * imports back (docs/import.md): an import reads names and labels, codes and labels alike.
 * Arrays are joined with ", ", tags by their names (with labels) or slugs. Cells that would start an Excel formula are quoted in CSV
 * (buf_add_csv_cell); XLSX strings are never formulas.
 */
#include "engine/resource_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len),
                              void *ctx, struct problem *p);

#define EXPORT_MAX_COLS (LIMIT_ENTRY_FIELDS + 3) /* id, every field, created_at, updated_at */
#define EXPORT_WIDTH_MAX 60.0

static const struct {
    const char *name, *ko, *en;
} implicit_labels[] = {
    {"id", "ID", "ID"},
    {"created_at", "등록일시", "Created at"},
    {"updated_at", "수정일시", "Updated at"},
    {"version", "버전", "Version"},
};

const char *resource_implicit_label(const char *name, bool english)
{
    for (size_t i = 0; i < sizeof(implicit_labels) / sizeof(implicit_labels[0]); i++)
        if (strcmp(implicit_labels[i].name, name) == 0)
            return english ? implicit_labels[i].en : implicit_labels[i].ko;
    return NULL;
}

struct export_col {
    const char *name;
    const struct field *f; /* NULL for id, created_at, updated_at */
    const char *header;
    double width; /* in Excel's character widths */
};

/* A tag's slug and its name in the language of the export. */
struct tag_name {
    const char *slug, *name;
};

struct export_ctx {
    const struct resource *res;
    struct tag_name *tags; /* sorted by slug; labels of FT_TAGS cells (NULL: slugs) */
    size_t ntags;
    struct export_col cols[EXPORT_MAX_COLS];
    size_t ncols;
    bool codes, english;
    struct buf *out;      /* CSV */
    lxw_worksheet *sheet; /* XLSX */
    lxw_format *fmt_date, *fmt_datetime, *fmt_money;
    lxw_row_t row;
    struct buf cell;
};

/* How wide text shows: Hangul and other wide letters take two columns. */
static double text_width(const char *s, size_t len)
{
    double w = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            w += 1;
        else if (c >= 0xE0) /* the lead byte of a three- or four-byte letter */
            w += 2;
        else if (c >= 0xC0)
            w += 1;
    }
    return w;
}

static void widen(struct export_col *c, double w)
{
    w += 2;
    if (w < 8)
        w = 8;
    if (w > EXPORT_WIDTH_MAX)
        w = EXPORT_WIDTH_MAX;
    if (w > c->width)
        c->width = w;
}

static bool is_datetime(const struct export_col *c)
{
    return c->f ? c->f->type == FT_DATETIME : strcmp(c->name, "id") != 0;
}

/* The label of an enum or status value (NULL when the value is none of the declared). */
static const char *value_label(const struct field *f, const char *v, bool english)
{
    for (const struct enum_value *e = f->values; e && e->value; e++)
        if (strcmp(e->value, v) == 0) {
            const char *l = english ? e->label_en : e->label_ko;
            return l ? l : e->value;
        }
    return NULL;
}

static int tag_cmp(const void *a, const void *b)
{
    return strcmp(((const struct tag_name *)a)->slug, ((const struct tag_name *)b)->slug);
}

/* The tags' names in the export's language (the import reads them back), when a tags column
 * is exported with labels. */
static enum bp_err load_tags(struct db *db, struct export_ctx *x, struct arena *arena)
{
    bool wanted = false;
    for (size_t i = 0; i < x->ncols; i++)
        wanted = wanted || (x->cols[i].f && x->cols[i].f->type == FT_TAGS);
    if (!wanted || x->codes)
        return BP_OK;
    struct db_stmt *st;
    long long n = 0;
    enum bp_err e = db_query_int(db, "SELECT count(*) FROM tags", 0, &n);
    if (e || n <= 0)
        return e;
    x->tags = arena_alloc(arena, (size_t)n * sizeof(*x->tags));
    if (!x->tags)
        return BP_ERR_NOMEM;
    if ((e = db_prepare(db, x->english ? "SELECT slug, name_en FROM tags" : "SELECT slug, name_ko FROM tags", &st)))
        return e;
    enum db_step step;
    while ((step = db_step(st)) == DB_ROW && x->ntags < (size_t)n) {
        size_t sl, nl;
        const char *slug = db_column_text(st, 0, &sl), *name = db_column_text(st, 1, &nl);
        struct tag_name *t = &x->tags[x->ntags];
        t->slug = arena_strndup(arena, slug, sl);
        t->name = nl ? arena_strndup(arena, name, nl) : t->slug;
        if (!t->slug || !t->name) {
            db_reset(st);
            return BP_ERR_NOMEM;
        }
        x->ntags++;
    }
    db_reset(st);
    if (step != DB_DONE && step != DB_ROW) /* a row past the count: a tag added meanwhile */
        return BP_ERR_DB;
    qsort(x->tags, x->ntags, sizeof(*x->tags), tag_cmp);
    return BP_OK;
}

static const char *tag_label(const struct export_ctx *x, const char *slug)
{
    struct tag_name key = {slug, NULL};
    const struct tag_name *t =
        x->ntags ? bsearch(&key, x->tags, x->ntags, sizeof(*x->tags), tag_cmp) : NULL;
    return t ? t->name : slug;
}

/* The text of one JSON value of column c as a cell. */
static void cell_text(const struct export_ctx *x, const struct export_col *c, json_t *v,
                      struct buf *cell)
{
    char seoul[32], second[24];
    const struct field *f = c->f;
    buf_reset(cell);
    const char *sv = json_string_value(v);
    size_t svlen = json_string_length(v);
    if (sv && svlen > 20 && svlen < 32 && sv[19] == '.' && sv[svlen - 1] == 'Z') {
        /* created_at and updated_at keep milliseconds: to the second, as fields are */
        memcpy(second, sv, 19);
        second[19] = 'Z';
        second[20] = '\0';
        sv = second;
        svlen = 20;
    }
    if (is_datetime(c) && sv && (f || !x->codes) && datetime_seoul(sv, svlen, seoul, sizeof(seoul))) {
        (void)buf_adds(cell, seoul);
    } else if (json_is_real(v)) {
        (void)buf_addf(cell, "%.15g", json_real_value(v));
    } else if (json_is_string(v)) {
        const char *label = !x->codes && f && (f->type == FT_ENUM || f->type == FT_STATUS)
                                ? value_label(f, json_string_value(v), x->english)
                                : NULL;
        if (label)
            (void)buf_adds(cell, label);
        else
            (void)buf_add(cell, json_string_value(v), json_string_length(v));
    } else if (json_is_integer(v)) {
        (void)buf_addf(cell, "%lld", (long long)json_integer_value(v));
    } else if (json_is_boolean(v)) {
        bool yes = json_is_true(v);
        (void)buf_adds(cell, x->codes     ? (yes ? "true" : "false")
                             : x->english ? (yes ? "Yes" : "No")
                             : yes        ? "예"
                                          : "아니오");
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        json_array_foreach(v, i, item)
        {
            if (i)
                (void)buf_adds(cell, ", ");
            if (json_is_string(item) && f && f->type == FT_TAGS && x->tags)
                (void)buf_adds(cell, tag_label(x, json_string_value(item)));
            else if (json_is_string(item))
                (void)buf_add(cell, json_string_value(item), json_string_length(item));
        }
    } else if (json_is_object(v)) {
        char *s = json_dumps(v, JSON_COMPACT);
        if (s)
            (void)buf_adds(cell, s);
        free(s);
    }
}

/* "YYYY-MM-DD[ HH:MM:SS]" as Excel's date; false when text is not one. */
static bool excel_datetime(const char *s, size_t len, lxw_datetime *dt)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    char tail;
    char text[32];
    if (len >= sizeof(text))
        return false;
    memcpy(text, s, len);
    text[len] = '\0';
    int n = sscanf(text, "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &tail);
    if (!(n == 3 && len == 10) && n != 6)
        return false;
    *dt = (lxw_datetime){y, mo, d, h, mi, (double)se};
    return true;
}

/* One XLSX cell of column c: numbers, money and dates as Excel keeps them. */
static void write_xlsx_cell(struct export_ctx *x, struct export_col *c, lxw_col_t col, json_t *v)
{
    lxw_datetime dt;
    const struct field *f = c->f;
    enum field_type type = f ? f->type : (is_datetime(c) ? FT_DATETIME : FT_INT);
    if (json_is_integer(v) || json_is_real(v)) {
        double d = json_is_integer(v) ? (double)json_integer_value(v) : json_real_value(v);
        /* whole numbers stay as typed (a year is no 2,026); money reads in won */
        lxw_format *fmt = !x->codes && type == FT_MONEY ? x->fmt_money : NULL;
        worksheet_write_number(x->sheet, x->row, col, d, fmt);
        widen(c, (double)(x->cell.len + (type == FT_MONEY ? x->cell.len / 3 + 2 : 0)));
        return;
    }
    if (!x->cell.len)
        return;
    if (!x->codes && (type == FT_DATE || type == FT_DATETIME) &&
        excel_datetime(x->cell.data, x->cell.len, &dt)) {
        worksheet_write_datetime(x->sheet, x->row, col, &dt,
                                 type == FT_DATE ? x->fmt_date : x->fmt_datetime);
        widen(c, type == FT_DATE ? 10 : 16);
        return;
    }
    worksheet_write_string(x->sheet, x->row, col, x->cell.data, NULL);
    widen(c, text_width(x->cell.data, x->cell.len));
}

static enum bp_err export_row(void *vctx, const char *json, size_t len)
{
    struct export_ctx *x = vctx;
    json_t *j = json_loadb(json, len, 0, NULL);
    if (!j)
        return BP_ERR_DB;
    x->row++;
    for (size_t i = 0; i < x->ncols; i++) {
        struct export_col *c = &x->cols[i];
        json_t *v = json_object_get(j, c->name);
        cell_text(x, c, v, &x->cell);
        if (x->out) {
            if (i)
                (void)buf_addch(x->out, ',');
            (void)buf_add_csv_cell(x->out, x->cell.data, x->cell.len);
        } else {
            write_xlsx_cell(x, c, (lxw_col_t)i, v);
        }
    }
    if (x->out)
        (void)buf_adds(x->out, "\r\n");
    json_decref(j);
    return x->out && x->out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}

static void add_column(struct export_ctx *x, const char *name, const struct field *f)
{
    struct export_col *c = &x->cols[x->ncols++];
    c->name = name;
    c->f = f;
    if (x->codes)
        c->header = name;
    else if (f)
        c->header = (x->english ? f->label_en : f->label_ko) ? (x->english ? f->label_en : f->label_ko)
                                                              : name;
    else
        c->header = resource_implicit_label(name, x->english);
    c->width = 0;
    widen(c, text_width(c->header, strlen(c->header)));
}

static void export_columns(struct export_ctx *x, const struct list_query *q,
                           const struct principal *who)
{
    unsigned implicit = q->columns_given ? q->columns_implicit : 7u;
    if (implicit & EXPORT_COL_ID)
        add_column(x, "id", NULL);
    unsigned k = 0;
    for (const struct field *f = x->res->fields; f->name && x->ncols < EXPORT_MAX_COLS - 2; f++, k++)
        if (field_visible(f, who) && (!q->columns_given || (q->columns & (1ULL << k))))
            add_column(x, f->name, f);
    if (implicit & EXPORT_COL_CREATED)
        add_column(x, "created_at", NULL);
    if (implicit & EXPORT_COL_UPDATED)
        add_column(x, "updated_at", NULL);
}

static enum bp_err export_xlsx(struct db *db, struct export_ctx *x, const struct list_query *q,
                               const struct principal *who, struct arena *arena, struct buf *out,
                               struct problem *p)
{
    char path[] = "/tmp/bpmc-export-XXXXXX";
    int fd = mkstemp(path);
    enum bp_err e = BP_ERR_IO;
    if (fd < 0)
        return BP_ERR_IO;
    close(fd);
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        goto out_unlink;
    x->sheet = workbook_add_worksheet(wb, x->res->name);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_bg_color(bold, 0xE8EEF4);
    format_set_bottom(bold, LXW_BORDER_THIN);
    x->fmt_date = workbook_add_format(wb);
    format_set_num_format(x->fmt_date, "yyyy-mm-dd");
    x->fmt_datetime = workbook_add_format(wb);
    format_set_num_format(x->fmt_datetime, "yyyy-mm-dd hh:mm");
    x->fmt_money = workbook_add_format(wb);
    format_set_num_format(x->fmt_money, "#,##0\"원\"");
    for (size_t i = 0; i < x->ncols; i++)
        worksheet_write_string(x->sheet, 0, (lxw_col_t)i, x->cols[i].header, bold);
    e = resource_each_row(db, x->res, q, who, arena, export_row, x, p);
    if (!e && x->ncols) {
        worksheet_freeze_panes(x->sheet, 1, 0);
        worksheet_autofilter(x->sheet, 0, 0, x->row, (lxw_col_t)(x->ncols - 1));
        for (size_t i = 0; i < x->ncols; i++)
            worksheet_set_column(x->sheet, (lxw_col_t)i, (lxw_col_t)i, x->cols[i].width, NULL);
    }
    if (workbook_close(wb) != LXW_NO_ERROR && !e)
        e = BP_ERR_IO;
    if (e)
        goto out_unlink;
    e = buf_add_file(out, path);
out_unlink:
    unlink(path);
    return e;
}

enum bp_err resource_export(struct db *db, const struct resource *r, const struct list_query *q,
                            const struct principal *who, struct buf *out, struct problem *p)
{
    struct export_ctx x = {.res = r, .codes = q->codes, .english = q->lang == EXPORT_LANG_EN};
    struct arena arena;
    arena_init(&arena, LIMIT_ARENA_BYTES);
    buf_init(&x.cell, NULL, LIMIT_TEXT_MAX * 4 + 1024);
    export_columns(&x, q, who);
    enum bp_err e = load_tags(db, &x, &arena);
    if (e) {
        /* answered as a failed export, nothing written */
    } else if (q->format == EXPORT_XLSX) {
        e = export_xlsx(db, &x, q, who, &arena, out, p);
    } else {
        x.out = out;
        (void)buf_adds(out, "\xEF\xBB\xBF");
        for (size_t i = 0; i < x.ncols; i++) {
            if (i)
                (void)buf_addch(out, ',');
            (void)buf_add_csv_cell(out, x.cols[i].header, strlen(x.cols[i].header));
        }
        (void)buf_adds(out, "\r\n");
        e = resource_each_row(db, r, q, who, &arena, export_row, &x, p);
    }
    buf_release(&x.cell);
    arena_release(&arena);
    return e;
}
