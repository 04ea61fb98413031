/*
 * platform: the platform's own collections (the audit log, the access log, files, API tokens,
 * notifications) and the handlers of files' bytes.
 */
#ifndef BP_MODULE_PLATFORM_H
#define BP_MODULE_PLATFORM_H

#include "engine/http.h"

struct resource;
/* entries.c */
extern const struct resource api_files_entry;
extern const struct resource api_tokens_entry;
extern const struct resource api_notifications_entry;
extern const struct resource *const api_platform_entries[];

/* files.c: attachments */
void api_file_upload(struct http_req *r);
void api_file_content(struct http_req *r);

#endif
