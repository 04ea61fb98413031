/*
 * xlsx: the cells of the first worksheet of an XLSX workbook (Office Open XML, as Excel and
 * LibreOffice save it), as text, for imports. libzip opens the package from memory and libxml2
 * reads the parts with its streaming reader (no DOM, no network, no DTD, no entity expansion);
 * every part is bounded by LIMIT_IMPORT_XML_BYTES before and while it is inflated, so a zip
 * bomb stops there. Shared strings, inline strings (rich text runs joined, phonetic runs left
 * out), numbers, booleans and formula results all come back as the text Excel stores: a date
 * is its serial number and a number keeps its digits. Pure of the database and of HTTP, so it
 * is fuzzed (tests/fuzz/fuzz_import.c).
 */
#ifndef BP_XLSX_H
#define BP_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/problem.h"

/* Whether bytes start like a zip package (and so may be an XLSX file). */
bool xlsx_sniff(const void *bytes, size_t len);

/* Read the first worksheet of the workbook in bytes, calling cell(ctx, row, col, text, len)
 * for every non-empty cell in document order: row is the sheet's row number (1-based, as Excel
 * shows it), col the column index (A = 0), text NUL-terminated and valid during the call only;
 * a non-zero return stops the reading and is returned. arena holds the shared strings
 * (released by the caller). Errors: BP_ERR_MEDIA_TYPE when bytes are no zip package or no
 * workbook, BP_ERR_INVALID when a part is malformed or over its bound, BP_ERR_NOMEM; p tells
 * which (Korean and English). */
BP_MUST_USE enum bp_err xlsx_read(const void *bytes, size_t len, struct arena *arena,
                                 enum bp_err (*cell)(void *ctx, long long row, size_t col,
                                                     const char *text, size_t len),
                                 void *ctx, struct problem *p);

#endif
