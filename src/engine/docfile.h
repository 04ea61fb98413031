/*
 * docfile: a document that a library can only write to a file (libxlsxwriter's workbooks),
 * written to a private temporary file and read back into a buffer, the file removed either way.
 * Shared by the modules that answer XLSX documents (the project card, the facilities'
 * statements).
 */
#ifndef BP_ENGINE_DOCFILE_H
#define BP_ENGINE_DOCFILE_H

#include "base/buf.h"
#include "base/err.h"

/* Run write(doc, path) on a fresh file of /tmp named after stem, then append the file to out.
 * The errors of write, BP_ERR_IO when no file can be made, those of buf_add_file. */
BP_MUST_USE enum bp_err docfile_render(enum bp_err (*write)(const void *doc, const char *path),
                                       const void *doc, const char *stem, struct buf *out);

#endif
