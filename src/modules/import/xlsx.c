/*
 * xlsx: the first worksheet of an XLSX package as cells of text (libzip + libxml2's reader).
 */
#include "modules/import/xlsx.h"

#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "base/buf.h"
#include "base/limits.h"
#include "base/banned.h"

/* The largest row and column of a sheet (Excel's: 1 048 576 rows, XFD). */
#define XLSX_MAX_ROW 1048576LL
#define XLSX_MAX_COL 16384

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* libxml2 must be set up once before threads use it. */
static void xml_init(void) { xmlInitParser(); }

/* libxml2 reports through this instead of stderr: the part is refused, nothing printed. */
static void xml_quiet(void *arg, const char *msg, xmlParserSeverities severity,
                      xmlTextReaderLocatorPtr locator)
{
    (void)arg, (void)msg, (void)severity, (void)locator;
}

bool xlsx_sniff(const void *bytes, size_t len)
{
    return len >= 4 && memcmp(bytes, "PK\x03\x04", 4) == 0;
}

static enum bp_err damaged(struct problem *p, const char *part)
{
    char en[200];
    snprintf(en, sizeof(en), "the XLSX file is damaged (%.100s): save it again from Excel", part);
    return problem_set(p, BP_ERR_INVALID, "XLSX 파일이 손상되었습니다. Excel에서 다시 저장하세요", en);
}

/* The bytes of one part (NUL-terminated, malloc'd: the caller frees), or *out NULL when the
 * package has no such part. Bounded by its declared size and by LIMIT_IMPORT_XML_BYTES. */
static enum bp_err read_part(zip_t *za, const char *name, char **out, size_t *len,
                             struct problem *p)
{
    *out = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return BP_OK;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return damaged(p, name);
    if (st.size > LIMIT_IMPORT_XML_BYTES)
        return problem_set(p, BP_ERR_INVALID,
                           "XLSX 파일의 시트가 너무 큽니다 (압축을 풀면 64 MiB 초과)",
                           "a sheet of the XLSX file is too large (over 64 MiB uncompressed)");
    char *data = malloc((size_t)st.size + 1);
    zip_file_t *zf = data ? zip_fopen_index(za, (zip_uint64_t)idx, 0) : NULL;
    if (!data) {
        return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
    }
    if (!zf) {
        free(data);
        return damaged(p, name); /* encrypted, or a compression libzip does not know */
    }
    size_t got = 0;
    bool bad = false;
    while (got < st.size) {
        zip_int64_t n = zip_fread(zf, data + got, st.size - got);
        if (n <= 0) {
            bad = n < 0;
            break;
        }
        got += (size_t)n;
    }
    char extra;
    /* more bytes than the directory declared: a lying entry, refused */
    if (!bad && zip_fread(zf, &extra, 1) != 0)
        bad = true;
    zip_fclose(zf);
    if (bad || got != st.size) {
        free(data);
        return damaged(p, name);
    }
    data[got] = '\0';
    *out = data;
    *len = got;
    return BP_OK;
}

/* A streaming reader over a part; NULL when the part declares a DTD (OOXML never does: a DTD
 * can only be an entity trick) or memory is out. */
static xmlTextReaderPtr open_reader(const char *data, size_t len)
{
    static const char doctype[] = "<!DOCTYPE";
    if (memmem(data, len, doctype, sizeof(doctype) - 1) || len > INT32_MAX)
        return NULL;
    xmlTextReaderPtr rd = xmlReaderForMemory(data, (int)len, NULL, NULL,
                                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                 XML_PARSE_NOWARNING);
    if (rd)
        xmlTextReaderSetErrorHandler(rd, xml_quiet, NULL);
    return rd;
}

static bool is_name(xmlTextReaderPtr rd, const char *local)
{
    const xmlChar *n = xmlTextReaderConstLocalName(rd);
    return n && strcmp((const char *)n, local) == 0;
}

static bool is_text(int type)
{
    return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
           type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* The value of the attribute with local name local (in any namespace when ns is true, in none
 * otherwise) into out; false when absent or too long. */
static bool attr(xmlTextReaderPtr rd, const char *local, bool ns, char *out, size_t size)
{
    bool found = false;
    if (xmlTextReaderMoveToFirstAttribute(rd) != 1)
        return false;
    do {
        const xmlChar *n = xmlTextReaderConstLocalName(rd);
        const xmlChar *uri = xmlTextReaderConstNamespaceUri(rd);
        if (n && strcmp((const char *)n, local) == 0 && (uri != NULL) == ns) {
            const xmlChar *v = xmlTextReaderConstValue(rd);
            size_t len = v ? strlen((const char *)v) : 0;
            if (v && len < size) {
                memcpy(out, v, len + 1);
                found = true;
            }
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(rd) == 1);
    xmlTextReaderMoveToElement(rd);
    return found;
}

/* The path of the first worksheet: workbook.xml's first <sheet r:id>, resolved through the
 * workbook's relationships; xl/worksheets/sheet1.xml when those do not say. */
static enum bp_err first_sheet(zip_t *za, char *path, size_t size, struct problem *p)
{
    char rid[128] = "", target[512] = "";
    char *data;
    size_t len;
    snprintf(path, size, "xl/worksheets/sheet1.xml");
    enum bp_err e = read_part(za, "xl/workbook.xml", &data, &len, p);
    if (e)
        return e;
    if (!data)
        return problem_set(p, BP_ERR_MEDIA_TYPE,
                           "XLSX 통합 문서가 아닙니다 (.xlsx 또는 .csv로 저장하세요)",
                           "not an XLSX workbook (save it as .xlsx or .csv)");
    xmlTextReaderPtr rd = open_reader(data, len);
    while (rd && xmlTextReaderRead(rd) == 1)
        if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && is_name(rd, "sheet")) {
            if (!attr(rd, "id", true, rid, sizeof(rid)))
                rid[0] = '\0';
            break;
        }
    xmlFreeTextReader(rd);
    free(data);
    if (!rid[0])
        return BP_OK;
    if ((e = read_part(za, "xl/_rels/workbook.xml.rels", &data, &len, p)) || !data)
        return e;
    rd = open_reader(data, len);
    while (rd && xmlTextReaderRead(rd) == 1) {
        char id[128];
        if (xmlTextReaderNodeType(rd) == XML_READER_TYPE_ELEMENT && is_name(rd, "Relationship") &&
            attr(rd, "Id", false, id, sizeof(id)) && strcmp(id, rid) == 0) {
            if (!attr(rd, "Target", false, target, sizeof(target)))
                target[0] = '\0';
            break;
        }
    }
    xmlFreeTextReader(rd);
    free(data);
    if (target[0] == '/')
        snprintf(path, size, "%s", target + 1);
    else if (target[0])
        snprintf(path, size, "xl/%s", target);
    return BP_OK;
}

struct strings {
    struct str *v;
    size_t n, alloc;
};

static enum bp_err strings_push(struct strings *s, struct arena *arena, const struct buf *b,
                                struct problem *p)
{
    if (s->n == s->alloc) {
        size_t want = s->alloc ? s->alloc * 2 : 256;
        struct str *grown = want <= LIMIT_IMPORT_STRINGS ? realloc(s->v, want * sizeof(*grown))
                                                         : NULL;
        if (!grown)
            return want > LIMIT_IMPORT_STRINGS
                       ? problem_set(p, BP_ERR_INVALID, "XLSX 파일의 문자열이 너무 많습니다",
                                     "the XLSX file holds too many strings")
                       : problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
        s->v = grown;
        s->alloc = want;
    }
    char *copy = arena_strndup(arena, b->data, b->len);
    if (!copy)
        return problem_set(p, BP_ERR_INVALID, "파일이 너무 커서 가져올 수 없습니다",
                           "the file is too large to import");
    s->v[s->n++] = (struct str){copy, b->len};
    return BP_OK;
}

static enum bp_err cell_too_long(struct problem *p)
{
    return problem_set(p, BP_ERR_INVALID, "셀 하나의 내용이 너무 깁니다 (60 000바이트 초과)",
                       "a cell is too long (over 60 000 bytes)");
}

/* xl/sharedStrings.xml: each <si> is one string, its <t> texts joined; <rPh> (phonetic
 * readings) left out. */
static enum bp_err read_strings(zip_t *za, struct arena *arena, struct strings *out,
                                struct problem *p)
{
    char *data;
    size_t len;
    enum bp_err e = read_part(za, "xl/sharedStrings.xml", &data, &len, p);
    if (e || !data)
        return e;
    xmlTextReaderPtr rd = open_reader(data, len);
    struct buf b;
    buf_init(&b, NULL, LIMIT_IMPORT_CELL_BYTES);
    bool in_si = false, in_t = false;
    int rph = 0, ret = rd ? 1 : -1;
    while (!e && rd && (ret = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        bool empty = xmlTextReaderIsEmptyElement(rd) == 1;
        if (type == XML_READER_TYPE_ELEMENT) {
            if (is_name(rd, "si")) {
                buf_reset(&b);
                in_si = !empty;
                if (empty)
                    e = strings_push(out, arena, &b, p);
            } else if (is_name(rd, "rPh") && !empty) {
                rph++;
            } else if (is_name(rd, "t") && !empty) {
                in_t = true;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (is_name(rd, "si") && in_si) {
                in_si = false;
                e = strings_push(out, arena, &b, p);
            } else if (is_name(rd, "rPh") && rph > 0) {
                rph--;
            } else if (is_name(rd, "t")) {
                in_t = false;
            }
        } else if (is_text(type) && in_si && in_t && rph == 0) {
            const xmlChar *v = xmlTextReaderConstValue(rd);
            if (v && buf_adds(&b, (const char *)v))
                e = cell_too_long(p);
        }
    }
    if (!e && ret != 0)
        e = damaged(p, "xl/sharedStrings.xml");
    buf_release(&b);
    xmlFreeTextReader(rd);
    free(data);
    return e;
}

/* "BC12" -> column 54 (A = 0); false when there are no letters or too many. */
static bool column_of(const char *ref, size_t *col)
{
    size_t c = 0, n = 0;
    for (; ref[n] >= 'A' && ref[n] <= 'Z'; n++) {
        c = c * 26 + (size_t)(ref[n] - 'A' + 1);
        if (n >= 3 || c > XLSX_MAX_COL)
            return false;
    }
    if (n == 0)
        return false;
    *col = c - 1;
    return true;
}

/* A whole decimal number in [0, max]; false on anything else. */
static bool number_of(const char *s, long long max, long long *out)
{
    long long v = 0;
    size_t n = 0;
    for (; s[n] >= '0' && s[n] <= '9'; n++) {
        v = v * 10 + (s[n] - '0');
        if (v > max)
            return false;
    }
    *out = v;
    return n > 0 && s[n] == '\0';
}

enum cell_type { CELL_NUMBER, CELL_SHARED, CELL_INLINE, CELL_BOOL, CELL_TEXT };

struct sheet {
    const struct strings *strings;
    enum bp_err (*cell)(void *ctx, long long row, size_t col, const char *text, size_t len);
    void *ctx;
    long long row;
    size_t col;
    enum cell_type type;
    struct buf value;
};

static enum bp_err emit(struct sheet *s, struct problem *p)
{
    const char *text = s->value.data;
    size_t len = s->value.len;
    if (s->type == CELL_SHARED) {
        long long idx;
        if (!number_of(text, INT32_MAX, &idx) || (size_t)idx >= s->strings->n)
            return damaged(p, "shared string index");
        text = s->strings->v[idx].ptr;
        len = s->strings->v[idx].len;
    } else if (s->type == CELL_BOOL) {
        bool t = strcmp(text, "1") == 0;
        text = t ? "TRUE" : "FALSE";
        len = t ? 4 : 5;
    }
    return len ? s->cell(s->ctx, s->row, s->col, text, len) : BP_OK;
}

static void start_row(struct sheet *s, xmlTextReaderPtr rd)
{
    char r[32];
    long long n;
    bool given = attr(rd, "r", false, r, sizeof(r)) && number_of(r, XLSX_MAX_ROW, &n) && n > 0;
    s->row = given ? n : s->row + 1;
    s->col = 0;
}

static bool start_cell(struct sheet *s, xmlTextReaderPtr rd, size_t *next_col)
{
    char r[32], t[32];
    size_t col = *next_col;
    if (attr(rd, "r", false, r, sizeof(r)) && !column_of(r, &col))
        return false;
    if (col >= XLSX_MAX_COL)
        return false;
    s->col = col;
    *next_col = col + 1;
    s->type = CELL_NUMBER;
    if (attr(rd, "t", false, t, sizeof(t))) {
        if (strcmp(t, "s") == 0)
            s->type = CELL_SHARED;
        else if (strcmp(t, "inlineStr") == 0)
            s->type = CELL_INLINE;
        else if (strcmp(t, "b") == 0)
            s->type = CELL_BOOL;
        else
            s->type = CELL_TEXT; /* str (a formula's text), e (an error), d (ISO date) */
    }
    buf_reset(&s->value);
    return true;
}

static enum bp_err read_sheet(zip_t *za, const char *path, struct sheet *s, struct problem *p)
{
    char *data;
    size_t len;
    enum bp_err e = read_part(za, path, &data, &len, p);
    if (e)
        return e;
    if (!data)
        return damaged(p, path);
    xmlTextReaderPtr rd = open_reader(data, len);
    bool in_c = false, in_v = false, in_is = false, in_t = false;
    int rph = 0, ret = rd ? 1 : -1;
    size_t next_col = 0;
    while (!e && rd && (ret = xmlTextReaderRead(rd)) == 1) {
        int type = xmlTextReaderNodeType(rd);
        bool empty = xmlTextReaderIsEmptyElement(rd) == 1;
        if (type == XML_READER_TYPE_ELEMENT) {
            if (is_name(rd, "row")) {
                start_row(s, rd);
                next_col = 0;
            } else if (is_name(rd, "c")) {
                if (!start_cell(s, rd, &next_col))
                    e = damaged(p, "cell reference");
                in_c = !empty;
                in_v = in_is = in_t = false;
                rph = 0;
            } else if (in_c && !empty) {
                in_v = in_v || is_name(rd, "v");
                in_is = in_is || is_name(rd, "is");
                in_t = in_t || (in_is && is_name(rd, "t"));
                rph += is_name(rd, "rPh");
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT && in_c) {
            if (is_name(rd, "c")) {
                in_c = false;
                e = emit(s, p);
            } else if (is_name(rd, "v")) {
                in_v = false;
            } else if (is_name(rd, "is")) {
                in_is = false;
            } else if (is_name(rd, "t")) {
                in_t = false;
            } else if (is_name(rd, "rPh") && rph > 0) {
                rph--;
            }
        } else if (is_text(type) && in_c && (in_v || (in_t && rph == 0))) {
            const xmlChar *v = xmlTextReaderConstValue(rd);
            if (v && buf_adds(&s->value, (const char *)v))
                e = cell_too_long(p);
        }
    }
    if (!e && ret != 0)
        e = damaged(p, path);
    xmlFreeTextReader(rd);
    free(data);
    return e;
}

enum bp_err xlsx_read(const void *bytes, size_t len, struct arena *arena,
                      enum bp_err (*cell)(void *ctx, long long row, size_t col, const char *text,
                                          size_t len),
                      void *ctx, struct problem *p)
{
    if (!xlsx_sniff(bytes, len))
        return problem_set(p, BP_ERR_MEDIA_TYPE, "XLSX 파일이 아닙니다", "not an XLSX file");
    pthread_once(&xml_once, xml_init);
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
    zip_error_fini(&zerr);
    if (!za) {
        if (src)
            zip_source_free(src);
        return damaged(p, "zip");
    }
    struct strings strings = {NULL, 0, 0};
    struct sheet s = {.strings = &strings, .cell = cell, .ctx = ctx};
    buf_init(&s.value, NULL, LIMIT_IMPORT_CELL_BYTES);
    char path[600];
    enum bp_err e = first_sheet(za, path, sizeof(path), p);
    if (!e)
        e = read_strings(za, arena, &strings, p);
    if (!e)
        e = read_sheet(za, path, &s, p);
    buf_release(&s.value);
    free(strings.v);
    zip_discard(za); /* read-only: closes the source too */
    return e;
}
