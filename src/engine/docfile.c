/*
 * docfile: documents written through a temporary file (engine/docfile.h).
 */
#include "engine/docfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/banned.h"

enum bp_err docfile_render(enum bp_err (*write)(const void *doc, const char *path),
                           const void *doc, const char *stem, struct buf *out)
{
    char path[96];
    snprintf(path, sizeof(path), "/tmp/bpmc-%s-XXXXXX", stem);
    int fd = mkstemp(path);
    if (fd < 0)
        return BP_ERR_IO;
    close(fd);
    enum bp_err e = write(doc, path);
    if (!e)
        e = buf_add_file(out, path);
    unlink(path);
    return e;
}
