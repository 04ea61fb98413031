/*
 * import: CSV and XLSX bytes into rows of text, headers into fields, cells into JSON values.
 */
#include "modules/import/import.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/limits.h"
#include "base/validate.h"
#include "modules/import/xlsx.h"
#include "base/banned.h"

void import_table_init(struct import_table *t)
{
    memset(t, 0, sizeof(*t));
    arena_init(&t->arena, LIMIT_IMPORT_ARENA);
    t->delimiter = ',';
}

void import_table_release(struct import_table *t)
{
    arena_release(&t->arena);
    free(t->rows);
    t->rows = NULL;
    t->nrows = t->alloc = 0;
    t->header.ncells = 0;
}

/* --- rows, as either parser produces them --- */

struct builder {
    struct import_table *t;
    struct problem *p;
    const char *cells[LIMIT_IMPORT_COLUMNS];
    size_t ncells;
    long long line;
};

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

static enum bp_err too_large(struct problem *p)
{
    return problem_set(p, BP_ERR_INVALID, "파일이 너무 커서 가져올 수 없습니다",
                       "the file is too large to import");
}

static enum bp_err cell_too_long(struct builder *b)
{
    char en[200];
    snprintf(en, sizeof(en), "a cell of line %lld is too long (over %d bytes)", b->line,
             LIMIT_IMPORT_CELL_BYTES);
    return problem_set(b->p, BP_ERR_INVALID, "셀 하나의 내용이 너무 깁니다", en);
}

/* A cell of the row being built (col from 0); blank cells are left empty. */
static enum bp_err builder_cell(struct builder *b, size_t col, const char *s, size_t len)
{
    if (blank(s, len))
        return BP_OK;
    if (col >= LIMIT_IMPORT_COLUMNS) {
        char en[200];
        snprintf(en, sizeof(en), "line %lld has more than %d columns", b->line,
                 LIMIT_IMPORT_COLUMNS);
        return problem_set(b->p, BP_ERR_INVALID, "열이 너무 많습니다 (최대 100개)", en);
    }
    if (len > LIMIT_IMPORT_CELL_BYTES)
        return cell_too_long(b);
    char *copy = arena_strndup(&b->t->arena, s, len);
    if (!copy)
        return too_large(b->p);
    for (size_t i = b->ncells; i < col; i++)
        b->cells[i] = "";
    b->cells[col] = copy;
    if (col + 1 > b->ncells)
        b->ncells = col + 1;
    return BP_OK;
}

/* The row built so far becomes the header or a data row; an empty one is dropped. */
static enum bp_err builder_end(struct builder *b)
{
    struct import_table *t = b->t;
    size_t n = b->ncells;
    b->ncells = 0;
    if (n == 0)
        return BP_OK;
    const char **cells = arena_alloc(&t->arena, n * sizeof(*cells));
    if (!cells)
        return too_large(b->p);
    memcpy(cells, b->cells, n * sizeof(*cells));
    struct import_row row = {b->line, n, cells};
    if (t->header.ncells == 0) {
        t->header = row;
        return BP_OK;
    }
    if (t->nrows >= LIMIT_IMPORT_ROWS) {
        char en[200];
        snprintf(en, sizeof(en), "more than %d rows: import the file in parts",
                 LIMIT_IMPORT_ROWS);
        return problem_set(b->p, BP_ERR_INVALID, "행이 너무 많습니다 (최대 20 000행): 나누어 가져오세요",
                           en);
    }
    if (t->nrows == t->alloc) {
        size_t want = t->alloc ? t->alloc * 2 : 64;
        struct import_row *grown = realloc(t->rows, want * sizeof(*grown));
        if (!grown)
            return problem_set(b->p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
        t->rows = grown;
        t->alloc = want;
    }
    t->rows[t->nrows++] = row;
    return BP_OK;
}

/* --- CSV --- */

/* The delimiter of a file: the one of ',', ';' and tab that the first line uses most. */
static char sniff_delimiter(const char *s, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
            break;
        else if (!quoted && s[i] == ',')
            comma++;
        else if (!quoted && s[i] == ';')
            semi++;
        else if (!quoted && s[i] == '\t')
            tab++;
    }
    if (tab > comma && tab >= semi)
        return '\t';
    if (semi > comma)
        return ';';
    return ',';
}

static enum bp_err csv_error(struct problem *p, long long line, const char *ko, const char *en)
{
    char k[200], e[200];
    snprintf(k, sizeof(k), "%lld행: %s", line, ko);
    snprintf(e, sizeof(e), "line %lld: %s", line, en);
    return problem_set(p, BP_ERR_INVALID, k, e);
}


/* One quoted field from s[*i] (at the opening quote) into cell. */
static enum bp_err csv_quoted(const char *s, size_t n, size_t *i, long long *line,
                              struct buf *cell, struct builder *b)
{
    long long opened = *line;
    size_t k = *i + 1;
    enum bp_err e = BP_OK;
    for (;;) {
        if (k >= n) {
            e = csv_error(b->p, opened, "따옴표(\")가 닫히지 않았습니다",
                          "a quote (\") is never closed");
            break;
        }
        if (s[k] == '"' && k + 1 < n && s[k + 1] == '"') {
            k += 2;
            e = buf_addch(cell, '"');
        } else if (s[k] == '"') {
            k++;
            break;
        } else {
            if (s[k] == '\n' || (s[k] == '\r' && (k + 1 >= n || s[k + 1] != '\n')))
                (*line)++;
            e = buf_addch(cell, s[k++]);
        }
        if (e) {
            e = cell_too_long(b);
            break;
        }
    }
    char delim = b->t->delimiter;
    while (!e && k < n && (s[k] == ' ' || (s[k] == '\t' && delim != '\t')))
        k++;
    if (!e && k < n && s[k] != delim && s[k] != '\r' && s[k] != '\n')
        e = csv_error(b->p, *line, "닫는 따옴표 뒤에 다른 글자가 있습니다",
                      "characters after a closing quote");
    *i = k;
    return e;
}

/* RFC 4180 over UTF-8 text s: fields separated by the delimiter, records by CRLF, LF or CR; a
 * quoted field holds delimiters, line breaks and doubled quotes. A quote inside an unquoted
 * field is taken as it is (as Excel does). */
static enum bp_err parse_csv(const char *s, size_t n, struct builder *b)
{
    char delim = b->t->delimiter;
    struct buf cell;
    buf_init(&cell, NULL, LIMIT_IMPORT_CELL_BYTES + 1);
    long long line = 1;
    size_t i = 0;
    enum bp_err e = BP_OK;
    while (!e && i < n) {
        b->line = line;
        size_t col = 0;
        bool more = true;
        while (!e && more) { /* one field */
            buf_reset(&cell);
            if (s[i] == '"') {
                e = csv_quoted(s, n, &i, &line, &cell, b);
            } else {
                size_t start = i;
                while (i < n && s[i] != delim && s[i] != '\r' && s[i] != '\n')
                    i++;
                if (buf_add(&cell, s + start, i - start))
                    e = cell_too_long(b);
            }
            if (!e)
                e = builder_cell(b, col++, cell.data, cell.len);
            if (i < n && s[i] == delim) {
                i++;
                more = i < n; /* a delimiter at the very end: the last field is empty */
                continue;
            }
            more = false;
            if (i < n && s[i] == '\r')
                i++;
            if (i < n && s[i] == '\n')
                i++;
            line++;
        }
        if (!e)
            e = builder_end(b);
    }
    buf_release(&cell);
    return e;
}

bool import_is_utf8(const void *bytes, size_t len) { return valid_utf8(bytes, len); }

char *import_cp949_to_utf8(const void *bytes, size_t len, size_t *out_len, size_t *bad_at)
{
    *bad_at = 0;
    *out_len = 0;
    if (len > SIZE_MAX / 2 - 8)
        return NULL;
    size_t size = len / 2 * 3 + len % 2 + 8; /* a 2-byte character is at most 3 in UTF-8 */
    char *out = malloc(size);
    if (!out)
        return NULL;
    iconv_t cd = iconv_open("UTF-8", "CP949");
    if (cd == (iconv_t)-1) {
        free(out);
        return NULL;
    }
    char *in = (char *)(uintptr_t)bytes; /* iconv's prototype lacks const; it does not write */
    char *o = out;
    size_t in_left = len, out_left = size - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    if (r == (size_t)-1 || in_left) {
        *bad_at = len - in_left;
        free(out);
        return NULL;
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

static long long line_at(const char *s, size_t off)
{
    long long line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

static enum bp_err read_csv(const char *s, size_t len, enum import_encoding enc,
                            struct builder *b)
{
    struct problem *p = b->p;
    if (len >= 2 && ((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE))
        return problem_set(p, BP_ERR_MEDIA_TYPE,
                           "UTF-16 텍스트는 읽지 못합니다: 'CSV UTF-8' 또는 'CSV'로 저장하세요",
                           "UTF-16 text is not read: save as 'CSV UTF-8' or 'CSV'");
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, len -= 3, enc = IMPORT_ENC_UTF8;
    if (memchr(s, '\0', len))
        return problem_set(p, BP_ERR_MEDIA_TYPE,
                           "스프레드시트 파일이 아닙니다: CSV 또는 XLSX로 저장하세요",
                           "not a spreadsheet: save it as CSV or XLSX");
    char *converted = NULL;
    bool utf8 = enc == IMPORT_ENC_UTF8 || (enc == IMPORT_ENC_AUTO && import_is_utf8(s, len));
    if (utf8 && !import_is_utf8(s, len))
        return problem_set(p, BP_ERR_INVALID, "UTF-8이 아닌 바이트가 있습니다",
                           "the file is not valid UTF-8");
    if (!utf8) {
        size_t out_len, bad_at;
        converted = import_cp949_to_utf8(s, len, &out_len, &bad_at);
        if (!converted && bad_at == 0 && len > 0)
            return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
        if (!converted)
            return csv_error(p, line_at(s, bad_at),
                             "UTF-8도 CP949(EUC-KR)도 아닌 글자가 있습니다",
                             "the text is neither UTF-8 nor CP949 (EUC-KR)");
        s = converted, len = out_len;
        b->t->encoding = IMPORT_ENC_CP949;
    } else {
        b->t->encoding = IMPORT_ENC_UTF8;
    }
    b->t->delimiter = sniff_delimiter(s, len);
    enum bp_err e = parse_csv(s, len, b);
    free(converted);
    return e;
}

/* --- XLSX --- */

static enum bp_err xlsx_cell(void *ctx, long long row, size_t col, const char *text, size_t len)
{
    struct builder *b = ctx;
    if (row != b->line) {
        enum bp_err e = builder_end(b);
        if (e)
            return e;
        b->line = row;
    }
    return builder_cell(b, col, text, len);
}

enum bp_err import_parse(const void *bytes, size_t len, enum import_format format,
                         enum import_encoding encoding, struct import_table *t,
                         struct problem *p)
{
    static const unsigned char ole2[] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    struct builder *b = calloc(1, sizeof(*b));
    if (!b)
        return problem_set(p, BP_ERR_NOMEM, "메모리가 부족합니다", "out of memory");
    b->t = t;
    b->p = p;
    enum bp_err e;
    if (len > LIMIT_IMPORT_BYTES) {
        e = problem_set(p, BP_ERR_TOO_LARGE, "파일이 너무 큽니다 (최대 10 MiB)",
                        "the file is too large (at most 10 MiB)");
    } else if (len >= sizeof(ole2) && memcmp(bytes, ole2, sizeof(ole2)) == 0) {
        e = problem_set(p, BP_ERR_MEDIA_TYPE,
                        "Excel 97-2003 (.xls) 파일은 읽지 못합니다: .xlsx 또는 CSV로 저장하세요",
                        "Excel 97-2003 (.xls) files are not read: save as .xlsx or CSV");
    } else if (xlsx_sniff(bytes, len)) {
        t->format = IMPORT_XLSX;
        t->encoding = IMPORT_ENC_UTF8;
        b->line = 0;
        e = xlsx_read(bytes, len, &t->arena, xlsx_cell, b, p);
        if (!e)
            e = builder_end(b);
    } else if (format == IMPORT_XLSX) {
        e = problem_set(p, BP_ERR_MEDIA_TYPE, "XLSX 파일이 아닙니다", "not an XLSX file");
    } else {
        t->format = IMPORT_CSV;
        e = read_csv(bytes, len, encoding, b);
    }
    if (!e && t->header.ncells == 0)
        e = problem_set(p, BP_ERR_INVALID, "빈 파일입니다: 첫 행에 열 이름이 있어야 합니다",
                        "the file is empty: its first row must name the columns");
    free(b);
    return e;
}

/* --- headers --- */

/* The comparable form of a header or label: ASCII letters lower-cased, digits and non-ASCII
 * letters kept, spaces and punctuation dropped; without a trailing "(...)" when cut. */
static void header_key(const char *s, bool cut, char *out, size_t size)
{
    size_t n = strlen(s), o = 0;
    if (cut) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '*'))
            n--;
        if (n && s[n - 1] == ')') {
            const char *open = NULL;
            for (size_t i = 0; i < n; i++)
                if (s[i] == '(')
                    open = s + i;
            if (open)
                n = (size_t)(open - s);
        }
    }
    for (size_t i = 0; i < n && o + 4 < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { /* no-break space */
            i++;
        } else if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x80) { /* ideographic space */
            i += 2;
        } else if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
            out[o++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c + 32);
        }
    }
    out[o] = '\0';
}

static bool key_is(const char *key, const char *name)
{
    char k[256];
    if (!name)
        return false;
    header_key(name, false, k, sizeof(k));
    return k[0] && strcmp(k, key) == 0;
}

/* The field a header names, by key: name, labels, or a reference's name without "_id". */
static const struct field *field_by_key(const struct resource *r, const char *key)
{
    for (const struct field *f = r->fields; f->name; f++)
        if (key_is(key, f->name) || key_is(key, f->label_ko) || key_is(key, f->label_en))
            return f;
    for (const struct field *f = r->fields; f->name; f++) {
        size_t n = strlen(f->name);
        char base[64];
        if (f->type == FT_REF && n > 3 && n < sizeof(base) && strcmp(f->name + n - 3, "_id") == 0) {
            memcpy(base, f->name, n - 3);
            base[n - 3] = '\0';
            if (key_is(key, base))
                return f;
        }
    }
    return NULL;
}

/* created_at, updated_at and version, by name or by the labels an export heads them with. */
static bool implicit_readonly(const char *key)
{
    static const char *const names[] = {"created_at", "updated_at", "version"};
    for (size_t i = 0; i < 3; i++)
        if (key_is(key, names[i]) || key_is(key, resource_implicit_label(names[i], false)) ||
            key_is(key, resource_implicit_label(names[i], true)))
            return true;
    return false;
}

void import_map_columns(const struct resource *r, const struct import_row *header,
                        struct import_column *cols)
{
    for (size_t i = 0; i < header->ncells; i++) {
        struct import_column *c = &cols[i];
        char key[256];
        c->header = header->cells[i];
        c->field = NULL;
        c->kind = IMPORT_COL_UNKNOWN;
        header_key(c->header, false, key, sizeof(key));
        if (!key[0]) {
            c->kind = blank(c->header, strlen(c->header)) ? IMPORT_COL_BLANK : IMPORT_COL_UNKNOWN;
            continue;
        }
        const struct field *f = field_by_key(r, key);
        if (!f) {
            header_key(c->header, true, key, sizeof(key));
            f = key[0] ? field_by_key(r, key) : NULL;
        }
        if (!f) {
            if (strcmp(key, "id") == 0)
                c->kind = IMPORT_COL_ID;
            else if (implicit_readonly(key))
                c->kind = IMPORT_COL_READONLY;
            for (size_t j = 0; j < i && c->kind == IMPORT_COL_ID; j++)
                if (cols[j].kind == IMPORT_COL_ID)
                    c->kind = IMPORT_COL_DUPLICATE;
            continue;
        }
        c->field = f;
        c->kind = (f->flags & (F_READONLY | F_HIDDEN)) ? IMPORT_COL_READONLY : IMPORT_COL_FIELD;
        for (size_t j = 0; j < i && c->kind == IMPORT_COL_FIELD; j++)
            if (cols[j].kind == IMPORT_COL_FIELD && cols[j].field == f)
                c->kind = IMPORT_COL_DUPLICATE;
    }
}

const char *import_column_reason(enum import_column_kind kind)
{
    switch (kind) {
    case IMPORT_COL_UNKNOWN:
        return "unknown";
    case IMPORT_COL_READONLY:
        return "read-only";
    case IMPORT_COL_DUPLICATE:
        return "duplicate";
    case IMPORT_COL_BLANK:
        return "blank";
    case IMPORT_COL_FIELD:
    case IMPORT_COL_ID:
        break;
    }
    return NULL;
}

/* --- values --- */

static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static struct str trim(struct str s)
{
    while (s.len && space(s.ptr[0]))
        s.ptr++, s.len--;
    while (s.len && space(s.ptr[s.len - 1]))
        s.len--;
    return s;
}

static struct str trimmed(const char *s) { return trim(str_from(s)); }

static bool eq_ci(struct str s, const char *word)
{
    size_t n = strlen(word);
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s.ptr[i], w = word[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (w >= 'A' && w <= 'Z')
            w = (char)(w + 32);
        if (c != w)
            return false;
    }
    return true;
}

static bool one_of(struct str s, const char *const *words)
{
    for (; *words; words++)
        if (eq_ci(s, *words))
            return true;
    return false;
}

static void reason(char *ko, char *en, const char *k, const char *e)
{
    snprintf(ko, 160, "%s", k);
    snprintf(en, 160, "%s", e);
}

/* An integer as people write it: "1,234", "12.0", "1.2E+3", "3 000", "5000원", "12명". */
static bool parse_int(struct str s, long long *out)
{
    char digits[64];
    size_t n = 0;
    static const char *const units[] = {"\xEC\x9B\x90" /* 원 */, "\xEB\xAA\x85" /* 명 */, NULL};
    for (const char *const *u = units; *u; u++) {
        size_t ul = strlen(*u);
        if (s.len > ul && memcmp(s.ptr + s.len - ul, *u, ul) == 0)
            s.len -= ul;
    }
    for (size_t i = 0; i < s.len; i++) {
        char c = s.ptr[i];
        if (c == ',' || c == ' ' || c == '_')
            continue;
        if (n + 1 >= sizeof(digits))
            return false;
        digits[n++] = c;
    }
    digits[n] = '\0';
    if (n == 0)
        return false;
    if (str_to_i64((struct str){digits, n}, INT64_MIN + 1, INT64_MAX, out))
        return true;
    for (size_t i = 0; i < n; i++) /* "12.0", "1.2E+3": no hex floats, infinities or NaN */
        if (!strchr("0123456789+-.eE", digits[i]))
            return false;
    char *end;
    errno = 0;
    double d = strtod(digits, &end);
    if (*end || errno || !(d >= -9.0e15 && d <= 9.0e15) || (double)(long long)d != d)
        return false;
    *out = (long long)d;
    return true;
}

/* Separators between a date's numbers: - . / spaces and 년 월 (and a final 일 or '.'). */
static size_t date_sep(const char *s, size_t left)
{
    if (left && (*s == '-' || *s == '.' || *s == '/' || *s == ' '))
        return 1;
    if (left >= 3 && (memcmp(s, "\xEB\x85\x84", 3) == 0 || memcmp(s, "\xEC\x9B\x94", 3) == 0 ||
                      memcmp(s, "\xEC\x9D\xBC", 3) == 0)) /* 년 월 일 */
        return 3;
    return 0;
}

/* A date as YYYY-MM-DD into out (11 bytes): "2024-01-05", "2024.1.5", "2024. 1. 5.",
 * "2024/01/05", "2024년 1월 5일", "20240105", any of them with a time after it, or an Excel
 * serial day number (what a date cell holds; a fraction is the time of day). */
static bool parse_date(struct str s, char *out)
{
    int y, m, d;
    size_t i = 0, digits = 0;
    while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9')
        i++;
    digits = i;
    bool number = digits > 0 && (i == s.len || (s.ptr[i] == '.' && i + 1 < s.len));
    for (size_t k = i + 1; number && k < s.len; k++)
        number = s.ptr[k] >= '0' && s.ptr[k] <= '9';
    if (number && digits == 8 && i == s.len) {
        long long v;
        if (!str_to_i64((struct str){s.ptr, 8}, 0, 99999999, &v))
            return false;
        y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100);
    } else if (number && digits <= 7) {
        long long v;
        /* Excel's day 1 is 1900-01-01 and it counts a 1900-02-29 that never was, so days after
         * it are one off. Below 10 000 (1927-05-18) a number is more likely a year or a count
         * typed into the wrong column than a date: refused rather than guessed. */
        if (!str_to_i64((struct str){s.ptr, digits}, 10000, 2958465, &v))
            return false;
        long long year;
        civil_from_days(v - 1 - 25568, &year, &m, &d);
        y = (int)year;
    } else {
        long long part[3];
        size_t len[3];
        i = 0;
        for (size_t np = 0; np < 3; np++) {
            part[np] = 0;
            len[np] = 0;
            while (i < s.len && s.ptr[i] >= '0' && s.ptr[i] <= '9' && len[np] < 5)
                part[np] = part[np] * 10 + (s.ptr[i++] - '0'), len[np]++;
            size_t k, seps = 0;
            while (i < s.len && (k = date_sep(s.ptr + i, s.len - i)) > 0)
                i += k, seps++;
            if (len[np] == 0 || (np < 2 && seps == 0))
                return false;
        }
        bool time_after = i < s.len && (s.ptr[i] == 'T' || memchr(s.ptr + i, ':', s.len - i));
        if (len[0] != 4 || len[1] > 2 || len[2] > 2 || (i < s.len && !time_after))
            return false;
        y = (int)part[0], m = (int)part[1], d = (int)part[2];
    }
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return valid_date(out, 10);
}

/* An Excel serial date-time (days since 1899-12-30 and the fraction of the day, as a workbook
 * stores a date-time cell: "46363.583333333336") as the wall clock "YYYY-MM-DD HH:MM:SS", which
 * an export writes in Asia/Seoul time and valid_datetime reads as such. Whole numbers of days
 * from 10 000 on (as parse_date); false for anything else. */
static bool excel_serial_datetime(struct str s, char *out, size_t size)
{
    char text[40];
    if (s.len == 0 || s.len >= sizeof(text) || s.ptr[0] < '0' || s.ptr[0] > '9')
        return false;
    for (size_t i = 0; i < s.len; i++)
        if (!strchr("0123456789.", s.ptr[i]))
            return false;
    memcpy(text, s.ptr, s.len);
    text[s.len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*end || errno || !(v >= 10000.0 && v < 2958466.0))
        return false;
    long long secs = (long long)(v * 86400.0 + 0.5);
    long long days = secs / 86400, rest = secs % 86400, y;
    int m, d;
    civil_from_days(days - 1 - 25568, &y, &m, &d);
    snprintf(out, size, "%04lld-%02d-%02d %02lld:%02lld:%02lld", y, m, d, rest / 3600,
             rest / 60 % 60, rest % 60);
    return true;
}

/* The next item of a list cell (separated by ',', ';' or line breaks), trimmed; false at the
 * end. */
static bool next_item(struct str *rest, struct str *item)
{
    while (rest->len) {
        size_t n = 0;
        while (n < rest->len && rest->ptr[n] != ',' && rest->ptr[n] != ';' && rest->ptr[n] != '\n')
            n++;
        *item = trim((struct str){rest->ptr, n});
        size_t skip = n < rest->len ? n + 1 : n;
        rest->ptr += skip;
        rest->len -= skip;
        if (item->len)
            return true;
    }
    return false;
}

/* "다음 중 하나여야 합니다: 기업, 병원" / "must be one of: Company, Hospital" (the labels the
 * app shows; the codes are read too), cut to the 160 bytes of a reason. */
static void enum_choices(const struct field *f, char *ko, char *en)
{
    size_t k = (size_t)snprintf(ko, 160, "다음 중 하나여야 합니다: ");
    size_t e = (size_t)snprintf(en, 160, "must be one of: ");
    for (const struct enum_value *v = f->values; v && v->value; v++) {
        const char *lk = v->label_ko ? v->label_ko : v->value;
        const char *le = v->label_en ? v->label_en : v->value;
        const char *sep = v == f->values ? "" : ", ";
        if (k + strlen(sep) + strlen(lk) + 4 < 160)
            k += (size_t)snprintf(ko + k, 160 - k, "%s%s", sep, lk);
        if (e + strlen(sep) + strlen(le) + 4 < 160)
            e += (size_t)snprintf(en + e, 160 - e, "%s%s", sep, le);
    }
}

enum import_value import_value(const struct field *f, const char *cell,
                               const struct import_resolver *rs, struct buf *out, char *ko,
                               char *en)
{
    static const char *const yes[] = {"true", "t", "yes", "y", "1", "o", "v",
                                      "\xEC\x98\x88" /* 예 */, "\xEB\x84\xA4" /* 네 */,
                                      "\xE2\x97\x8B" /* ○ */, "\xE2\x97\x8F" /* ● */, NULL};
    static const char *const no[] = {"false", "f", "no", "n", "0", "x",
                                     "\xEC\x95\x84\xEB\x8B\x88\xEC\x98\xA4" /* 아니오 */,
                                     "\xEC\x95\x84\xEB\x8B\x88\xEC\x9A\x94" /* 아니요 */,
                                     "\xC3\x97" /* × */, NULL};
    struct str s = trimmed(cell);
    if (s.len == 0)
        return IMPORT_VALUE_EMPTY;
    long long n;
    char date[11];
    switch (f->type) {
    case FT_TEXT:
        /* undo the quote an export puts before what Excel would take for a formula */
        if (s.len > 1 && s.ptr[0] == '\'' && strchr("=+-@", s.ptr[1]))
            s.ptr++, s.len--;
        (void)buf_add_json_str(out, s.ptr, s.len);
        break;
    case FT_INT:
        if (!parse_int(s, &n)) {
            reason(ko, en, "정수여야 합니다", "must be a whole number");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_addf(out, "%lld", n);
        break;
    case FT_MONEY:
        if (!parse_int(s, &n) && !parse_money(s.ptr, s.len, &n)) {
            reason(ko, en, "원 단위 금액이어야 합니다 (예: 1,200,000원)",
                   "must be an amount of won (e.g. 1,200,000)");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_addf(out, "%lld", n);
        break;
    case FT_DECIMAL: {
        char text[32];
        if (!parse_decimal(s.ptr, s.len, f->scale, &n) ||
            !format_decimal(n, f->scale, text, sizeof(text))) {
            snprintf(ko, 160, "소수점 아래 %u자리까지의 숫자여야 합니다", f->scale);
            snprintf(en, 160, "must be a number with at most %u decimals", f->scale);
            return IMPORT_VALUE_BAD;
        }
        (void)buf_adds(out, text);
        break;
    }
    case FT_DURATION:
        if (!parse_duration(s.ptr, s.len, &n)) {
            reason(ko, en, "분 단위 정수 또는 ISO 8601 기간이어야 합니다 (예: 90, PT1H30M)",
                   "must be minutes or an ISO 8601 duration (e.g. 90, PT1H30M)");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_addf(out, "%lld", n);
        break;
    case FT_DATETIME: {
        char utc[VALIDATE_DATETIME_SIZE], wall[32];
        if (excel_serial_datetime(s, wall, sizeof(wall))) /* a date-time cell of a workbook */
            s = str_from(wall);
        if (!valid_datetime(s.ptr, s.len, utc, sizeof(utc))) {
            reason(ko, en, "일시여야 합니다 (예: 2026-12-07 14:00, 시간대가 없으면 한국 시간)",
                   "must be a date-time (e.g. 2026-12-07 14:00; without an offset, Korean time)");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_add_json_str(out, utc, strlen(utc));
        break;
    }
    case FT_BOOL:
        if (one_of(s, yes)) {
            (void)buf_adds(out, "true");
        } else if (one_of(s, no)) {
            (void)buf_adds(out, "false");
        } else {
            reason(ko, en, "예/아니오 (Y/N, O/X, true/false, 1/0) 중 하나여야 합니다",
                   "must be yes or no (Y/N, O/X, true/false, 1/0, 예/아니오)");
            return IMPORT_VALUE_BAD;
        }
        break;
    case FT_ENUM:
    case FT_STATUS: {
        /* a value, or its Korean or English label as the web app shows it */
        const char *v = NULL;
        for (const struct enum_value *e = f->values; e && e->value && !v; e++)
            if (eq_ci(s, e->value) || (e->label_ko && eq_ci(s, e->label_ko)) ||
                (e->label_en && eq_ci(s, e->label_en)))
                v = e->value;
        if (!v) {
            enum_choices(f, ko, en);
            return IMPORT_VALUE_BAD;
        }
        (void)buf_add_json_str(out, v, strlen(v));
        break;
    }
    case FT_DATE:
        if (!parse_date(s, date)) {
            reason(ko, en, "날짜여야 합니다 (예: 2024-01-05, 2024.1.5)",
                   "must be a date (e.g. 2024-01-05, 2024.1.5)");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_add_json_str(out, date, 10);
        break;
    case FT_REF: {
        /* an id; else what the resolver finds; ten digits naming an organisation are its
         * 사업자등록번호 first */
        bool id = str_to_i64(s, 1, INT64_MAX, &n);
        bool brn = id && s.len == 10 && strcmp(f->ref, "orgs") == 0;
        long long found = 0;
        bool resolver = rs && rs->ref;
        if ((!id || brn) && resolver && rs->ref(rs->ctx, f, s.ptr, s.len, &found, ko, en)) {
            n = found;
        } else if (!id) {
            if (!resolver)
                reason(ko, en, "번호(id)여야 합니다", "must be an id");
            return IMPORT_VALUE_BAD;
        }
        (void)buf_addf(out, "%lld", n);
        break;
    }
    case FT_TAGS:
    case FT_LIST: {
        struct str rest = s, item;
        size_t i = 0;
        (void)buf_addch(out, '[');
        while (next_item(&rest, &item)) {
            const char *slug = f->type == FT_TAGS && rs && rs->tag
                                   ? rs->tag(rs->ctx, item.ptr, item.len)
                                   : NULL;
            if (i++)
                (void)buf_addch(out, ',');
            if (slug)
                (void)buf_add_json_str(out, slug, strlen(slug));
            else
                (void)buf_add_json_str(out, item.ptr, item.len);
        }
        (void)buf_addch(out, ']');
        break;
    }
    }
    return IMPORT_VALUE_OK;
}

enum bp_err import_row_body(const struct import_column *cols, size_t ncols,
                            const struct import_row *row, const struct import_resolver *rs,
                            struct buf *out, long long *id, struct problem *p)
{
    *id = 0;
    (void)buf_addch(out, '{');
    bool first = true;
    for (size_t i = 0; i < ncols && i < row->ncells; i++) {
        const struct import_column *c = &cols[i];
        char ko[160], en[160];
        if (c->kind == IMPORT_COL_ID) {
            struct str s = trimmed(row->cells[i]);
            if (s.len && !str_to_i64(s, 1, INT64_MAX, id))
                problem_field(p, BP_ERR_INVALID, "id", "번호(id)는 양의 정수여야 합니다",
                              "id must be a positive whole number");
            continue;
        }
        if (c->kind != IMPORT_COL_FIELD)
            continue;
        size_t mark = out->len;
        if (!first)
            (void)buf_addch(out, ',');
        (void)buf_add_json_str(out, c->field->name, strlen(c->field->name));
        (void)buf_addch(out, ':');
        enum import_value v = import_value(c->field, row->cells[i], rs, out, ko, en);
        if (v != IMPORT_VALUE_OK) {
            out->len = mark; /* take the member back */
            out->data[mark] = '\0';
            if (v == IMPORT_VALUE_BAD)
                problem_field(p, BP_ERR_INVALID, c->field->name, ko, en);
            continue;
        }
        first = false;
    }
    (void)buf_addch(out, '}');
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}
