/*
 * embedded: files compiled into the binary at build time (tools/embed.c): the migrations
 * (migrations/NNNN_name.sql) and the demo cluster (demo/NNNN_name.sql), named by their last
 * folder and file name, in path order.
 */
#ifndef BP_EMBEDDED_H
#define BP_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
    const char *name;
    const char *data; /* NUL-terminated */
    size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];
/* The built web application (web/dist), each file also as "<name>.gz"; maybe empty. */
extern const struct embedded_file web_files[];

#endif
