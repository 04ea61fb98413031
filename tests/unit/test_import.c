/*
 * test_import: spreadsheet imports. The parsers of domain/import.c and domain/xlsx.c on the
 * edge cases of RFC 4180 CSV (quotes, doubled quotes, line breaks inside quotes, CRLF, LF and
 * CR, a byte-order mark, delimiters), encoding detection (UTF-8 or CP949 through iconv), the
 * bounds (columns, rows, cell length, file size, zip parts), XLSX (shared and inline strings,
 * numbers, booleans, rows and columns given by reference); header mapping by name and labels;
 * cell conversion by field type; and the plan (api/import_plan.c) on a real database: a bad
 * row names its field, a commit writes every row in one transaction, and a second import of
 * the same file updates instead of duplicating. Every parse goes through an exact heap copy of
 * the bytes, so ASan proves that no parser reads past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "modules/modules.h"
#include "modules/import/plan.h"
#include "base/limits.h"
#include "db/db.h"
#include "modules/import/import.h"
#include "modules/import/xlsx.h"
#include "tempdb.h"

/* ------------------------------------------------------------------------------------------ */
/* helpers                                                                                    */

struct parsed {
    struct import_table t;
    struct problem p;
    enum bp_err e;
};

static struct parsed *parse_n(const char *s, size_t n, enum import_encoding enc)
{
    struct parsed *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    char *copy = malloc(n ? n : 1);
    assert_non_null(copy);
    if (n)
        memcpy(copy, s, n);
    import_table_init(&r->t);
    problem_init(&r->p);
    r->e = import_parse(copy, n, IMPORT_AUTO, enc, &r->t, &r->p);
    free(copy);
    return r;
}

static struct parsed *parse(const char *s) { return parse_n(s, strlen(s), IMPORT_ENC_AUTO); }

static void done(struct parsed *r)
{
    import_table_release(&r->t);
    free(r);
}

static const char *cell(const struct parsed *r, size_t row, size_t col)
{
    assert_true(row < r->t.nrows);
    const struct import_row *x = &r->t.rows[row];
    return col < x->ncells ? x->cells[col] : "";
}

static const char *head(const struct parsed *r, size_t col)
{
    return col < r->t.header.ncells ? r->t.header.cells[col] : "";
}

static void register_once(void)
{
    static bool done_;
    if (!done_) {
        assert_int_equal(modules_register(), BP_OK);
        done_ = true;
    }
}

static const struct resource *res(const char *name)
{
    register_once();
    const struct resource *r = resource_find(name, strlen(name));
    assert_non_null(r);
    return r;
}

/* ------------------------------------------------------------------------------------------ */
/* CSV                                                                                        */

static void test_csv_basic(void **state)
{
    (void)state;
    struct parsed *r = parse("name,kind\nA,company\nB,hospital\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.format, IMPORT_CSV);
    assert_int_equal(r->t.encoding, IMPORT_ENC_UTF8);
    assert_int_equal(r->t.header.ncells, 2);
    assert_string_equal(head(r, 1), "kind");
    assert_int_equal(r->t.nrows, 2);
    assert_string_equal(cell(r, 1, 1), "hospital");
    assert_int_equal(r->t.rows[0].line, 2);
    assert_int_equal(r->t.rows[1].line, 3);
    done(r);
}

static void test_csv_quotes(void **state)
{
    (void)state;
    /* quoted delimiters, doubled quotes, an embedded CRLF and LF, an empty quoted field, a
     * quote inside an unquoted field, spaces after a closing quote */
    struct parsed *r = parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"l1\r\nl2\nl3\"\r\n"
                             "\"\",in\"side,\"q\"  \r\nlast,row,here");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.nrows, 3);
    assert_string_equal(cell(r, 0, 0), "x, y");
    assert_string_equal(cell(r, 0, 1), "say \"hi\"");
    assert_string_equal(cell(r, 0, 2), "l1\r\nl2\nl3");
    assert_string_equal(cell(r, 1, 0), "");
    assert_string_equal(cell(r, 1, 1), "in\"side");
    assert_string_equal(cell(r, 1, 2), "q");
    assert_string_equal(cell(r, 2, 0), "last");
    /* the record after the three-line one starts on line 5 */
    assert_int_equal(r->t.rows[0].line, 2);
    assert_int_equal(r->t.rows[1].line, 5);
    assert_int_equal(r->t.rows[2].line, 6);
    done(r);
    r = parse("a,b\n\"\",in\"side\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.nrows, 1);
    assert_string_equal(cell(r, 0, 0), "");
    assert_string_equal(cell(r, 0, 1), "in\"side");
    done(r);
}

static void test_csv_line_endings(void **state)
{
    (void)state;
    const char *const files[] = {"h1,h2\nv1,v2\nw1,w2", "h1,h2\r\nv1,v2\r\nw1,w2\r\n",
                                 "h1,h2\rv1,v2\rw1,w2\r", "\xEF\xBB\xBFh1,h2\nv1,v2\n\nw1,w2\n\n"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        struct parsed *r = parse(files[i]);
        assert_int_equal(r->e, BP_OK);
        assert_string_equal(head(r, 0), "h1"); /* the BOM is not part of the header */
        assert_int_equal(r->t.nrows, 2);
        assert_string_equal(cell(r, 1, 1), "w2");
        done(r);
    }
}

static void test_csv_empty_rows_and_cells(void **state)
{
    (void)state;
    /* rows of empty or blank cells are left out; a trailing delimiter is one more empty cell;
     * leading empty lines do not make a header */
    struct parsed *r = parse("\n,,\nname,kind,\n,,\n  , \nA,,\n,B,\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.header.line, 3);
    assert_int_equal(r->t.header.ncells, 2);
    assert_int_equal(r->t.nrows, 2);
    assert_int_equal(r->t.rows[0].ncells, 1);
    assert_string_equal(cell(r, 1, 0), "");
    assert_string_equal(cell(r, 1, 1), "B");
    assert_int_equal(r->t.rows[1].line, 7);
    done(r);
}

static void test_csv_delimiters(void **state)
{
    (void)state;
    struct parsed *r = parse("name;kind;brn\nA;company;1,2\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.delimiter, ';');
    assert_string_equal(cell(r, 0, 2), "1,2");
    done(r);
    r = parse("name\tkind\nA, B\tcompany\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.delimiter, '\t');
    assert_string_equal(cell(r, 0, 0), "A, B");
    done(r);
    r = parse("\"a;b\",c\n1,2\n"); /* the semicolon is quoted: commas win */
    assert_int_equal(r->t.delimiter, ',');
    done(r);
}

static void test_csv_malformed(void **state)
{
    (void)state;
    struct parsed *r = parse("a,b\n1,2\n3,\"open\n4,5\n");
    assert_int_equal(r->e, BP_ERR_INVALID);
    assert_non_null(strstr(r->p.detail_en, "line 3"));
    assert_non_null(strstr(r->p.detail_en, "never closed"));
    done(r);
    r = parse("a,b\n\"x\"y,2\n");
    assert_int_equal(r->e, BP_ERR_INVALID);
    assert_non_null(strstr(r->p.detail_en, "line 2"));
    done(r);
    r = parse("");
    assert_int_equal(r->e, BP_ERR_INVALID);
    done(r);
    r = parse("\n\n , \n");
    assert_int_equal(r->e, BP_ERR_INVALID);
    done(r);
}

static void test_not_a_spreadsheet(void **state)
{
    (void)state;
    struct parsed *r = parse_n("a,b\n\0\x01\x02", 7, IMPORT_ENC_AUTO);
    assert_int_equal(r->e, BP_ERR_MEDIA_TYPE);
    done(r);
    r = parse_n("\xFF\xFEn\0a\0", 6, IMPORT_ENC_AUTO); /* UTF-16 */
    assert_int_equal(r->e, BP_ERR_MEDIA_TYPE);
    done(r);
    r = parse_n("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 old excel", 18, IMPORT_ENC_AUTO);
    assert_int_equal(r->e, BP_ERR_MEDIA_TYPE);
    assert_non_null(strstr(r->p.detail_en, ".xls"));
    done(r);
    r = parse_n("PK\x03\x04garbage that is no zip", 26, IMPORT_ENC_AUTO);
    assert_int_equal(r->e, BP_ERR_INVALID);
    done(r);
    struct import_table t;
    struct problem p;
    import_table_init(&t);
    problem_init(&p);
    assert_int_equal(import_parse("a,b\n", 4, IMPORT_XLSX, IMPORT_ENC_AUTO, &t, &p),
                     BP_ERR_MEDIA_TYPE);
    import_table_release(&t);
}

static void test_bounds(void **state)
{
    (void)state;
    /* columns: LIMIT_IMPORT_COLUMNS fit, one more does not; empty cells past it are fine.
     * Past a bound of the contents is 422 with a detail that says which (413 is for the
     * bytes: the server answers every 413 with one fixed document) */
    struct buf b;
    buf_init(&b, NULL, (size_t)64 << 20);
    for (int i = 0; i < LIMIT_IMPORT_COLUMNS; i++)
        assert_int_equal(buf_addf(&b, "%sc%d", i ? "," : "", i), BP_OK);
    assert_int_equal(buf_adds(&b, ",,,,\n"), BP_OK);
    struct parsed *r = parse(b.data);
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.header.ncells, LIMIT_IMPORT_COLUMNS);
    done(r);
    buf_reset(&b);
    for (int i = 0; i <= LIMIT_IMPORT_COLUMNS; i++)
        assert_int_equal(buf_addf(&b, "%sc%d", i ? "," : "", i), BP_OK);
    r = parse(b.data);
    assert_int_equal(r->e, BP_ERR_INVALID);
    done(r);
    /* rows */
    buf_reset(&b);
    assert_int_equal(buf_adds(&b, "name\n"), BP_OK);
    for (int i = 0; i < LIMIT_IMPORT_ROWS; i++)
        assert_int_equal(buf_adds(&b, "x\n"), BP_OK);
    r = parse(b.data);
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.nrows, LIMIT_IMPORT_ROWS);
    done(r);
    assert_int_equal(buf_adds(&b, "one too many\n"), BP_OK);
    r = parse(b.data);
    assert_int_equal(r->e, BP_ERR_INVALID);
    assert_non_null(strstr(r->p.detail_en, "rows"));
    done(r);
    /* a cell, quoted or not */
    for (int quoted = 0; quoted < 2; quoted++) {
        buf_reset(&b);
        assert_int_equal(buf_adds(&b, quoted ? "a\n\"" : "a\n"), BP_OK);
        for (int i = 0; i <= LIMIT_IMPORT_CELL_BYTES; i++)
            assert_int_equal(buf_addch(&b, 'x'), BP_OK);
        assert_int_equal(buf_adds(&b, quoted ? "\"\n" : "\n"), BP_OK);
        r = parse(b.data);
        assert_int_equal(r->e, BP_ERR_INVALID);
        done(r);
    }
    buf_release(&b);
    /* the file: refused before anything is read */
    struct import_table t;
    struct problem p;
    import_table_init(&t);
    problem_init(&p);
    assert_int_equal(import_parse("a", (size_t)LIMIT_IMPORT_BYTES + 1, IMPORT_AUTO,
                                  IMPORT_ENC_AUTO, &t, &p),
                     BP_ERR_TOO_LARGE);
    import_table_release(&t);
}

/* ------------------------------------------------------------------------------------------ */
/* encodings                                                                                  */

/* "기관명,유형\n한국바이오,company\n" in CP949, as Korean Excel saves "CSV (쉼표로 분리)". */
static const char cp949[] = "\xB1\xE2\xB0\xFC\xB8\xED,\xC0\xAF\xC7\xFC\n"
                            "\xC7\xD1\xB1\xB9\xB9\xD9\xC0\xCC\xBF\xC0,company\n";

static void test_cp949(void **state)
{
    (void)state;
    assert_false(import_is_utf8(cp949, strlen(cp949)));
    struct parsed *r = parse(cp949);
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.encoding, IMPORT_ENC_CP949);
    assert_string_equal(head(r, 0), "기관명");
    assert_string_equal(head(r, 1), "유형");
    assert_string_equal(cell(r, 0, 0), "한국바이오");
    done(r);
    /* forced: as CP949 it reads; as UTF-8 it is refused */
    r = parse_n(cp949, strlen(cp949), IMPORT_ENC_CP949);
    assert_int_equal(r->e, BP_OK);
    done(r);
    r = parse_n(cp949, strlen(cp949), IMPORT_ENC_UTF8);
    assert_int_equal(r->e, BP_ERR_INVALID);
    done(r);
    /* UTF-8 stays UTF-8, with or without a BOM, even when forced to CP949 with a BOM */
    r = parse("기관명,유형\n한국바이오,company\n");
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.encoding, IMPORT_ENC_UTF8);
    assert_string_equal(cell(r, 0, 0), "한국바이오");
    done(r);
    r = parse_n("\xEF\xBB\xBF기관명\n가\n", strlen("\xEF\xBB\xBF기관명\n가\n"), IMPORT_ENC_CP949);
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.encoding, IMPORT_ENC_UTF8);
    done(r);
    /* neither: the line of the first bad byte is named */
    r = parse("name\nok\n\x80\xFF\xFF\n");
    assert_int_equal(r->e, BP_ERR_INVALID);
    assert_non_null(strstr(r->p.detail_en, "line 3"));
    assert_non_null(strstr(r->p.detail_en, "CP949"));
    done(r);
    size_t len, bad;
    char *u = import_cp949_to_utf8("\xC7\xD1", 2, &len, &bad);
    assert_non_null(u);
    assert_string_equal(u, "한");
    free(u);
    assert_null(import_cp949_to_utf8("ab\xC7", 3, &len, &bad)); /* cut in the middle */
    assert_int_equal(bad, 2);
}

/* ------------------------------------------------------------------------------------------ */
/* XLSX                                                                                       */

/* A zip package of (name, text) parts, built with libzip into a malloc'd buffer. */
static char *package(const char *const *parts, size_t nparts, size_t *len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    assert_non_null(src);
    zip_source_keep(src);
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    assert_non_null(za);
    for (size_t i = 0; i < nparts; i++) {
        zip_source_t *part = zip_source_buffer(za, parts[2 * i + 1], strlen(parts[2 * i + 1]), 0);
        assert_non_null(part);
        assert_true(zip_file_add(za, parts[2 * i], part, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(za), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(src, &st), 0);
    char *out = malloc(st.size);
    assert_non_null(out);
    assert_int_equal(zip_source_open(src), 0);
    assert_int_equal(zip_source_read(src, out, st.size), (zip_int64_t)st.size);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&err);
    *len = st.size;
    return out;
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static void test_xlsx(void **state)
{
    (void)state;
    const char *const parts[] = {
        "xl/workbook.xml",
        "<workbook " NS " " RNS "><sheets><sheet name=\"기관\" sheetId=\"1\" r:id=\"rId3\"/>"
        "<sheet name=\"other\" sheetId=\"2\" r:id=\"rId4\"/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId4\" Target=\"worksheets/sheet2.xml\"/>"
        "<Relationship Id=\"rId3\" Target=\"/xl/worksheets/data.xml\"/></Relationships>",
        "xl/sharedStrings.xml",
        "<sst " NS "><si><t>기관명</t></si><si><r><t>Ki</t></r><r><t>nd</t></r></si>"
        "<si><t xml:space=\"preserve\"> 고양 &amp; 바이오 </t><rPh><t>ごよう</t></rPh></si><si/></sst>",
        "xl/worksheets/data.xml",
        "<worksheet " NS "><sheetData>"
        "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
        "<c r=\"D1\" t=\"inlineStr\"><is><t>설립일</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c t=\"inlineStr\"><is><r><t>comp</t></r>"
        "<r><t>any</t></r></is></c><c r=\"C3\" t=\"b\"><v>1</v></c><c r=\"D3\"><v>45292</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c><c r=\"B4\"/></row>"
        "<row><c r=\"AB5\" t=\"str\"><f>1+1</f><v>2</v></c></row>"
        "</sheetData></worksheet>",
        "xl/worksheets/sheet2.xml",
        "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>wrong sheet</t></is>"
        "</c></row></sheetData></worksheet>",
    };
    size_t len;
    char *bytes = package(parts, 5, &len);
    struct parsed *r = parse_n(bytes, len, IMPORT_ENC_AUTO);
    free(bytes);
    assert_int_equal(r->e, BP_OK);
    assert_int_equal(r->t.format, IMPORT_XLSX);
    assert_int_equal(r->t.header.ncells, 4);
    assert_string_equal(head(r, 0), "기관명");
    assert_string_equal(head(r, 1), "Kind"); /* rich text runs joined */
    assert_string_equal(head(r, 2), "");
    assert_string_equal(head(r, 3), "설립일");
    assert_int_equal(r->t.nrows, 2); /* row 4 holds only an empty shared string */
    assert_int_equal(r->t.rows[0].line, 3);
    assert_string_equal(cell(r, 0, 0), " 고양 & 바이오 "); /* the phonetic run left out */
    assert_string_equal(cell(r, 0, 1), "company");
    assert_string_equal(cell(r, 0, 2), "TRUE");
    assert_string_equal(cell(r, 0, 3), "45292");
    assert_int_equal(r->t.rows[1].line, 5); /* a row without r follows the one before */
    assert_int_equal(r->t.rows[1].ncells, 28);
    assert_string_equal(cell(r, 1, 27), "2");
    done(r);
}

static void test_xlsx_refused(void **state)
{
    (void)state;
    const char *const no_workbook[] = {"content.xml", "<office:document-content/>"};
    const char *const bad_index[] = {
        "xl/workbook.xml", "<workbook><sheets><sheet name=\"a\"/></sheets></workbook>",
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c t=\"s\"><v>7</v></c></row></sheetData></worksheet>"};
    const char *const dtd[] = {
        "xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml",
        ("<!DOCTYPE x [<!ENTITY a \"aaaa\">]><worksheet><sheetData><row><c t=\"inlineStr\"><is>"
         "<t>&a;</t></is></c></row></sheetData></worksheet>")};
    const char *const broken[] = {"xl/workbook.xml", "<workbook/>", "xl/worksheets/sheet1.xml",
                                  "<worksheet><sheetData><row><c><v>1</v></row>"};
    const char *const no_sheet[] = {"xl/workbook.xml", "<workbook/>"};
    const struct {
        const char *const *parts;
        size_t n;
        enum bp_err e;
    } cases[] = {
        {no_workbook, 1, BP_ERR_MEDIA_TYPE}, {bad_index, 2, BP_ERR_INVALID},
        {dtd, 2, BP_ERR_INVALID},           {broken, 2, BP_ERR_INVALID},
        {no_sheet, 1, BP_ERR_INVALID},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t len;
        char *bytes = package(cases[i].parts, cases[i].n, &len);
        struct parsed *r = parse_n(bytes, len, IMPORT_ENC_AUTO);
        free(bytes);
        assert_int_equal(r->e, cases[i].e);
        done(r);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* headers and values                                                                         */

static void test_headers(void **state)
{
    (void)state;
    const char *names[] = {"기관명",       "Kind",   "사업자 등록번호", "E-mail", "임직원 수 (명)",
                           "is_tenant*",   "ID",     "created_at",      "비고",   "",
                           "NAME",         "영문명"};
    struct import_row header = {1, sizeof(names) / sizeof(names[0]), names};
    struct import_column cols[12];
    import_map_columns(res("orgs"), &header, cols);
    const char *want[] = {"name", "kind", "brn", "email", "employees", "is_tenant"};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(cols[i].kind, IMPORT_COL_FIELD);
        assert_string_equal(cols[i].field->name, want[i]);
    }
    assert_int_equal(cols[6].kind, IMPORT_COL_ID);
    assert_int_equal(cols[7].kind, IMPORT_COL_READONLY);
    assert_int_equal(cols[8].kind, IMPORT_COL_UNKNOWN);
    assert_int_equal(cols[9].kind, IMPORT_COL_BLANK);
    assert_int_equal(cols[10].kind, IMPORT_COL_DUPLICATE);
    assert_string_equal(cols[11].field->name, "name_en");
    assert_string_equal(import_column_reason(IMPORT_COL_UNKNOWN), "unknown");
    assert_null(import_column_reason(IMPORT_COL_FIELD));
    /* a reference by its name without _id, and by its labels */
    const char *people[] = {"org", "소속 기관", "Organisation"};
    struct import_row h2 = {1, 3, people};
    import_map_columns(res("people"), &h2, cols);
    assert_string_equal(cols[0].field->name, "org_id");
    assert_int_equal(cols[1].kind, IMPORT_COL_DUPLICATE);
    assert_int_equal(cols[2].kind, IMPORT_COL_DUPLICATE);
}

/* import_value of cell for field name of orgs: the JSON, or NULL when refused. */
static char *value(const char *collection, const char *field, const char *cell_text)
{
    static char out[256];
    const struct field *f = resource_field(res(collection), field, strlen(field));
    assert_non_null(f);
    struct buf b;
    char ko[160], en[160];
    buf_init(&b, NULL, 1 << 16);
    enum import_value v = import_value(f, cell_text, NULL, &b, ko, en);
    snprintf(out, sizeof(out), "%s", b.data);
    buf_release(&b);
    if (v == IMPORT_VALUE_EMPTY)
        return "(empty)";
    return v == IMPORT_VALUE_OK ? out : NULL;
}

static void test_values(void **state)
{
    (void)state;
    assert_string_equal(value("orgs", "name", "  고양 바이오 \n"), "\"고양 바이오\"");
    assert_string_equal(value("orgs", "name", "'=1+1"), "\"=1+1\""); /* an export's guard */
    assert_string_equal(value("orgs", "name", "   "), "(empty)");
    const char *yes[] = {"예", "Y", "yes", "TRUE", "1", "o", "○"};
    const char *no[] = {"아니오", "n", "No", "FALSE", "0", "X", "아니요"};
    for (size_t i = 0; i < 7; i++) {
        assert_string_equal(value("orgs", "is_tenant", yes[i]), "true");
        assert_string_equal(value("orgs", "is_tenant", no[i]), "false");
    }
    assert_null(value("orgs", "is_tenant", "maybe"));
    assert_string_equal(value("orgs", "employees", "1,234"), "1234");
    assert_string_equal(value("orgs", "employees", "12.0"), "12");
    assert_string_equal(value("orgs", "employees", "1.2E+3"), "1200");
    assert_string_equal(value("orgs", "employees", "35명"), "35");
    assert_string_equal(value("orgs", "employees", "-7"), "-7");
    assert_null(value("orgs", "employees", "12.5"));
    assert_null(value("orgs", "employees", "abc"));
    assert_null(value("orgs", "employees", "inf"));
    assert_null(value("orgs", "employees", "0x10"));
    const char *dates[] = {"2024-01-05", "2024.1.5",   "2024. 1. 5.", "2024/01/05",
                           "2024년 1월 5일", "20240105", "2024-01-05 09:30:00",
                           "2024-01-05T09:30:00Z", "45296", "45296.75"};
    for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
        assert_string_equal(value("orgs", "founded", dates[i]), "\"2024-01-05\"");
    assert_string_equal(value("orgs", "founded", "10000"), "\"1927-05-18\"");
    assert_string_equal(value("orgs", "founded", "109574"), "\"2199-12-31\"");
    const char *bad_dates[] = {"2024", "9999", "109575", "2024-02-30", "2024-13-01", "24-1-5",
                               "2024-01-05 x", "0", "1/5/2024", "yesterday", "2024--01"};
    for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++)
        assert_null(value("orgs", "founded", bad_dates[i]));
    assert_string_equal(value("orgs", "fields", "ai, genomics;big-data\n,"),
                        "[\"ai\",\"genomics\",\"big-data\"]");
    assert_string_equal(value("orgs", "kind", "Hospital"), "\"hospital\"");
    /* a label as the web shows it, in either language (the entry's labels) */
    assert_string_equal(value("orgs", "kind", "병원"), "\"hospital\"");
    assert_string_equal(value("orgs", "kind", "public body"), "\"public\"");
    assert_string_equal(value("orgs", "kind", "기업"), "\"company\"");
    assert_string_equal(value("orgs", "kind", "COMPANY"), "\"company\"");
    assert_null(value("orgs", "kind", "로봇")); /* named with the labels it may be */
    /* money, as people write won */
    const char *wons[] = {"1200000", "1,200,000", "1,200,000원", "\xE2\x82\xA9" "1,200,000",
                          "KRW 1,200,000", "1200000원"};
    for (size_t i = 0; i < sizeof(wons) / sizeof(wons[0]); i++)
        assert_string_equal(value("needs", "budget_min", wons[i]), "1200000");
    assert_null(value("needs", "budget_min", "많이"));
    /* a date-time in Korean time (as exports show it) or with an offset; stored in UTC */
    assert_string_equal(value("meetings", "starts_at", "2026-12-07 14:00"), "\"2026-12-07T05:00:00Z\"");
    assert_string_equal(value("meetings", "starts_at", "2026-12-07T05:00:00Z"),
                        "\"2026-12-07T05:00:00Z\"");
    assert_null(value("meetings", "starts_at", "2026-12-07"));
    /* a date-time cell of a workbook: Excel's serial day and fraction, Korean wall clock */
    assert_string_equal(value("meetings", "starts_at", "46363.583333333336"),
                        "\"2026-12-07T05:00:00Z\"");
    assert_string_equal(value("meetings", "starts_at", "46363"), "\"2026-12-06T15:00:00Z\"");
    assert_null(value("meetings", "starts_at", "2024"));
    /* a duration in minutes or ISO 8601; a decimal to its scale */
    assert_string_equal(value("meetings", "duration_minutes", "PT1H15M"), "75");
    assert_string_equal(value("meetings", "duration_minutes", "90"), "90");
    assert_null(value("meetings", "duration_minutes", "1h"));
    assert_string_equal(value("orgs", "floor_area_m2", "132.5"), "132.50");
    assert_null(value("orgs", "floor_area_m2", "132.555"));
    assert_string_equal(value("people", "org_id", "12"), "12");
    assert_null(value("people", "org_id", "고양시")); /* no resolver: ids only */
}

static void test_row_body(void **state)
{
    (void)state;
    const char *h[] = {"id", "name", "kind", "employees", "memo"};
    const char *c[] = {"", "가 \"나\"", "company", "many", "x", "beyond the header"};
    struct import_row header = {1, 5, h}, row = {2, 6, c};
    struct import_column cols[5];
    import_map_columns(res("orgs"), &header, cols);
    struct buf b;
    struct problem p;
    long long id = -1;
    buf_init(&b, NULL, 1 << 16);
    problem_init(&p);
    assert_int_equal(import_row_body(cols, 5, &row, NULL, &b, &id, &p), BP_OK);
    assert_string_equal(b.data, "{\"name\":\"가 \\\"나\\\"\",\"kind\":\"company\"}");
    assert_int_equal(id, 0);
    assert_int_equal(p.n, 1);
    assert_string_equal(p.errors[0].field, "employees");
    const char *c2[] = {"x7"};
    struct import_row row2 = {3, 1, c2};
    buf_reset(&b);
    problem_init(&p);
    assert_int_equal(import_row_body(cols, 5, &row2, NULL, &b, &id, &p), BP_OK);
    assert_string_equal(b.data, "{}");
    assert_string_equal(p.errors[0].field, "id");
    buf_release(&b);
}

/* ------------------------------------------------------------------------------------------ */
/* the plan on a database                                                                     */

struct fixture {
    char path[64];
    struct db *db;
};

static int setup_db(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    int applied;
    if (!fx)
        return -1;
    snprintf(fx->path, sizeof(fx->path), "/tmp/bpmc-test-import-XXXXXX");
    if (!tempdb_make(fx->path)) {
        free(fx);
        return -1;
    }
    register_once();
    if (db_open(fx->path, DB_WRITE, true, &fx->db) || db_migrate(fx->db, &applied) ||
        db_load_demo(fx->db)) {
        tempdb_remove(fx->path);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown_db(void **state)
{
    struct fixture *fx = *state;
    db_close(fx->db);
    tempdb_remove(fx->path);
    free(fx);
    return 0;
}

static const struct principal sys = {0, ROLE_OPERATOR_ADMIN, 0};

/* Import text into collection: preview, then (commit) apply in one transaction. Returns the
 * plan (the caller releases it) and the result of apply in *e. */
static struct import_plan *run_import(struct db *db, const char *collection, const char *text,
                                      bool commit, enum bp_err *e)
{
    struct import_plan *plan = calloc(1, sizeof(*plan));
    struct problem p;
    assert_non_null(plan);
    problem_init(&p);
    import_plan_init(plan, import_collection(collection, strlen(collection)), &sys);
    assert_int_equal(import_parse(text, strlen(text), IMPORT_AUTO, IMPORT_ENC_AUTO, &plan->table, &p),
                     BP_OK);
    assert_int_equal(db_exec(db, "BEGIN IMMEDIATE"), BP_OK);
    assert_int_equal(import_plan_build(db, plan, &p), BP_OK);
    *e = commit && !plan->error_rows ? import_plan_apply(db, plan, &p) : BP_ERR_INVALID;
    assert_int_equal(db_exec(db, *e ? "ROLLBACK" : "COMMIT"), BP_OK);
    return plan;
}

static void free_plan(struct import_plan *plan)
{
    import_plan_release(plan);
    free(plan);
}

static long long count(struct db *db, const char *sql)
{
    long long n;
    assert_int_equal(db_query_int(db, sql, -1, &n), BP_OK);
    return n;
}

static void test_plan(void **state)
{
    struct db *db = ((struct fixture *)*state)->db;
    assert_null(import_collection("users", 5));
    assert_string_equal(import_key_field(import_collection("orgs", 4)), "brn");
    long long orgs = count(db, "SELECT count(*) FROM orgs");
    long long audit = count(db, "SELECT count(*) FROM audit");
    const char *good = "기관명,유형,사업자등록번호,분야,설립일\n"
                       "가져온 바이오,company,220-81-62517,\"인공지능, genomics\",2020.3.1\n"
                       "가져온 병원,hospital,,,\n";
    const char *bad = "기관명,유형,사업자등록번호\n"
                      "하나,company,\n"
                      "둘,alien,123\n"
                      "셋,company,\n";
    enum bp_err e;
    /* a bad row in the middle: every error named, nothing written */
    struct import_plan *plan = run_import(db, "orgs", bad, true, &e);
    assert_int_equal(plan->error_rows, 1);
    assert_int_equal(plan->rows[1].nerrors, 2);
    assert_int_equal(plan->errors[0].row, 1);
    assert_string_equal(plan->errors[0].field, "kind");
    assert_string_equal(plan->errors[1].field, "brn");
    struct buf out;
    buf_init(&out, NULL, 1 << 20);
    assert_int_equal(import_plan_problem(plan, false, &out), BP_OK);
    assert_non_null(strstr(out.data, "\"line\":3,\"field\":\"kind\",\"column\":\"유형\""));
    buf_release(&out);
    free_plan(plan);
    assert_int_equal(count(db, "SELECT count(*) FROM orgs"), orgs);
    /* a good file: created, with audit rows (actor: the system) and search entries */
    plan = run_import(db, "orgs", good, true, &e);
    assert_int_equal(e, BP_OK);
    assert_int_equal(plan->created, 2);
    free_plan(plan);
    assert_int_equal(count(db, "SELECT count(*) FROM orgs"), orgs + 2);
    assert_int_equal(count(db, "SELECT count(*) FROM audit WHERE actor_id IS NULL"), audit + 2);
    assert_int_equal(count(db, "SELECT count(*) FROM orgs WHERE brn='2208162517' AND "
                               "fields='[\"ai\",\"genomics\"]' AND founded='2020-03-01'"),
                     1);
    /* again: the row with a brn is found (unchanged), the one without is created again */
    plan = run_import(db, "orgs", good, false, &e);
    assert_int_equal(plan->rows[0].action, IMPORT_UPDATE);
    assert_int_equal(plan->rows[0].changed, 0);
    assert_int_equal(plan->unchanged, 1);
    assert_int_equal(plan->creates, 1);
    buf_init(&out, NULL, 1 << 20);
    assert_int_equal(import_plan_preview(plan, true, &out), BP_OK);
    assert_non_null(strstr(out.data, "\"action\":\"update\""));
    assert_non_null(strstr(out.data, "\"changed\":[]"));
    buf_release(&out);
    free_plan(plan);
    /* a changed value is an update of that field only; the same key twice in a file is an
     * error on the second */
    plan = run_import(db, "orgs", "사업자등록번호,임직원 수\n2208162517,40\n", true, &e);
    assert_int_equal(e, BP_OK);
    assert_int_equal(plan->updated, 1);
    free_plan(plan);
    assert_int_equal(count(db, "SELECT employees FROM orgs WHERE brn='2208162517'"), 40);
    assert_int_equal(count(db, "SELECT count(*) FROM orgs WHERE brn='2208162517' AND name='가져온 바이오'"), 1);
    plan = run_import(db, "orgs", "name,kind,brn\nA,company,2208162517\nB,company,220-81-62517\n",
                      false, &e);
    assert_int_equal(plan->error_rows, 1);
    assert_int_equal(plan->rows[1].nerrors, 1);
    assert_string_equal(plan->errors[0].en, "the same record as line 2");
    free_plan(plan);
    /* people refer to organisations by name or brn and are found again by e-mail */
    const char *people = "이름,소속 기관,이메일\n가져온 사람,가져온 바이오,Kim@Example.kr\n"
                         "둘째,2208162517,second@example.kr\n";
    plan = run_import(db, "people", people, true, &e);
    assert_int_equal(e, BP_OK);
    assert_int_equal(plan->created, 2);
    free_plan(plan);
    plan = run_import(db, "people", people, false, &e); /* personal fields compared too */
    assert_int_equal(plan->unchanged, 2);
    free_plan(plan);
    plan = run_import(db, "people", "이메일,직위\nkim@example.KR,소장\n", true, &e);
    assert_int_equal(e, BP_OK);
    assert_int_equal(plan->updated, 1);
    free_plan(plan);
    assert_int_equal(count(db, "SELECT count(*) FROM people WHERE lower(email)='kim@example.kr' "
                               "AND title='소장'"),
                     1);
    /* capabilities by organisation and title */
    const char *caps = "제공 기관,역량,유형,담당자\n가져온 바이오,유전체 분석,research-service,kim@example.kr\n";
    plan = run_import(db, "capabilities", caps, true, &e);
    assert_int_equal(e, BP_OK);
    assert_int_equal(plan->created, 1);
    free_plan(plan);
    plan = run_import(db, "capabilities", caps, true, &e);
    assert_int_equal(plan->unchanged, 1);
    assert_int_equal(plan->created, 0);
    free_plan(plan);
    /* an id that does not exist */
    plan = run_import(db, "capabilities", "id,title\n999999,x\n", false, &e);
    assert_string_equal(plan->errors[0].field, "id");
    free_plan(plan);
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_csv_basic),
        cmocka_unit_test(test_csv_quotes),
        cmocka_unit_test(test_csv_line_endings),
        cmocka_unit_test(test_csv_empty_rows_and_cells),
        cmocka_unit_test(test_csv_delimiters),
        cmocka_unit_test(test_csv_malformed),
        cmocka_unit_test(test_not_a_spreadsheet),
        cmocka_unit_test(test_bounds),
        cmocka_unit_test(test_cp949),
        cmocka_unit_test(test_xlsx),
        cmocka_unit_test(test_xlsx_refused),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_row_body),
    };
    const struct CMUnitTest db[] = {
        cmocka_unit_test_setup_teardown(test_plan, setup_db, teardown_db),
    };
    int failed = cmocka_run_group_tests_name("import", pure, NULL, NULL);
    return failed + cmocka_run_group_tests_name("import plan", db, NULL, NULL);
}
