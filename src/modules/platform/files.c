/*
 * files: attachments. An upload is the raw bytes of one file (its Content-Type header is the
 * file's type; ?name= and optionally ?org_id= and ?visibility= describe it); the metadata is
 * validated by the engine like any body, the bytes go into a hidden field, and the writer
 * stores both with an audit row. Other entities attach a file with an FT_REF field to "files".
 * Reads of the metadata are the engine's; the bytes come from /files/{id}/content as an
 * attachment, never rendered inline.
 */
#include "modules/platform/platform.h"
#include "engine/collections.h"

#include <jansson.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/resource.h"
#include "base/validate.h"
#include "base/banned.h"

static bool token_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           strchr("!#$&-^_.+", c) != NULL;
}

/* "type/subtype" (parameters dropped), lower-cased into out; false when it is not one. */
static bool media_type(struct str ct, char *out, size_t size)
{
    struct str base;
    (void)str_cut(ct, ';', &base);
    while (base.len && base.ptr[base.len - 1] == ' ')
        base.len--;
    const char *slash = base.len ? memchr(base.ptr, '/', base.len) : NULL;
    if (!slash || slash == base.ptr || slash == base.ptr + base.len - 1 || base.len >= size)
        return false;
    for (size_t i = 0; i < base.len; i++) {
        char c = base.ptr[i];
        if (base.ptr + i != slash && !token_char(c))
            return false;
        out[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out[base.len] = '\0';
    return true;
}

/* The query string as a JSON object of the metadata fields the uploader may give. */
static json_t *metadata(struct http_req *r, struct problem *p)
{
    json_t *j = json_object();
    struct str q = r->query;
    while (j && q.ptr && q.len) {
        struct str pair, key, raw, v;
        q = str_cut(q, '&', &pair);
        raw = str_cut(pair, '=', &key);
        if (!str_url_decode(r->arena, raw, &v)) {
            problem_field(p, BP_ERR_BAD_QUERY, "query", "잘못된 인코딩입니다", "bad percent-encoding or UTF-8");
            break;
        }
        long long id;
        if (str_eq_c(key, "name") || str_eq_c(key, "visibility"))
            json_object_set_new(j, str_eq_c(key, "name") ? "name" : "visibility", json_stringn(v.ptr, v.len));
        else if (str_eq_c(key, "org_id"))
            json_object_set_new(j, "org_id", str_to_i64(v, 1, INT64_MAX, &id) ? json_integer(id) : json_stringn(v.ptr, v.len));
        else if (key.len) {
            char name[64];
            snprintf(name, sizeof(name), "%.*s", (int)(key.len < 60 ? key.len : 60), key.ptr);
            problem_field(p, BP_ERR_BAD_QUERY, valid_utf8(name, strlen(name)) ? name : "query",
                          "알 수 없는 매개변수입니다 (name, org_id, visibility)",
                          "unknown query parameter (name, org_id, visibility)");
        }
    }
    if (p->err) {
        json_decref(j);
        return NULL;
    }
    return j;
}

void api_file_upload(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    json_t *meta = metadata(r, &p);
    char *body = meta ? json_dumps(meta, JSON_COMPACT) : NULL;
    json_decref(meta);
    if (!body) {
        if (!p.err)
            p.err = BP_ERR_NOMEM;
        http_reply_problem(r, &p);
        return;
    }
    struct write_op op;
    memset(&op, 0, sizeof(op));
    enum bp_err e = resource_validate(&api_files_entry, WRITE_CREATE, body, strlen(body), &op, &p);
    free(body);
    op.kind = WRITE_CREATE;
    op.who = r->who; /* members upload for their own organisation (org_id filled in) */
    if (!resource_may_write(&api_files_entry, &r->who)) {
        write_op_free(&op);
        http_refuse(r, BP_ERR_FORBIDDEN, NULL, "파일을 올릴 권한이 없습니다", "you may not upload files");
        return;
    }
    if (e != BP_ERR_MALFORMED &&
        resource_check_rights(&api_files_entry, &op, &r->who, &p) == BP_ERR_FORBIDDEN) {
        write_op_free(&op);
        http_reply_problem(r, &p);
        return;
    }
    char type[101];
    if (!r->content_type.len)
        snprintf(type, sizeof(type), "application/octet-stream");
    else if (!media_type(r->content_type, type, sizeof(type)))
        problem_field(&p, BP_ERR_INVALID, "content_type", "Content-Type이 올바른 형식이 아닙니다",
                      "Content-Type is not a media type");
    if (r->body.len == 0)
        problem_field(&p, BP_ERR_INVALID, "data", "빈 파일은 올릴 수 없습니다", "the file is empty");
    if (e != BP_ERR_MALFORMED && resource_check_refs(http_db(r), &op, &p) == BP_ERR_DB)
        p.err = BP_ERR_DB;
    if (p.err) {
        write_op_free(&op);
        http_reply_problem(r, &p);
        return;
    }
    unsigned char hash[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    crypto_hash_sha256(hash, (const unsigned char *)r->body.ptr, r->body.len);
    sodium_bin2hex(hex, sizeof(hex), hash, sizeof(hash));
    op.res = &api_files_entry;
    bool ok = write_op_add(&op, "content_type", VAL_TEXT, 0, type, strlen(type)) &&
              write_op_add(&op, "size", VAL_INT, (long long)r->body.len, NULL, 0) &&
              write_op_add(&op, "sha256", VAL_TEXT, 0, hex, strlen(hex)) &&
              write_op_add(&op, "uploaded_by", VAL_INT, r->who.user_id, NULL, 0) &&
              write_op_add(&op, "data", VAL_BLOB, 0, r->body.ptr, r->body.len);
    if (!ok) {
        write_op_free(&op);
        http_reply_error(r, BP_ERR_NOMEM);
        return;
    }
    op.kind = WRITE_CREATE;
    op.who = r->who;
    api_write(r, &op, NULL);
}

/* filename*=UTF-8''... (RFC 8187) with an ASCII fallback. */
static void content_disposition(struct buf *out, const char *name, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    (void)buf_adds(out, "attachment; filename=\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        (void)buf_addch(out, c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char)c : '_');
    }
    (void)buf_adds(out, "\"; filename*=UTF-8''");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr("-._~", c))
            (void)buf_addch(out, (char)c);
        else
            (void)buf_addf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
}

/* Types served as themselves: documents and pictures no browser runs. Anything else (HTML,
 * SVG, XML, scripts...) goes out as application/octet-stream, and every file is an attachment
 * under a sandboxing CSP, so an upload cannot run in bpmc's origin. */
static const char *const served_types[] = {
    "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain",
    "text/csv", "application/zip", "application/msword", "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint", "application/x-hwp", "application/haansofthwp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", NULL,
};

static bool served_as_is(const char *type)
{
    size_t base = strcspn(type, "; ");
    for (const char *const *t = served_types; *t; t++)
        if (strlen(*t) == base && strncasecmp(type, *t, base) == 0)
            return true;
    return false;
}

void api_file_content(struct http_req *r)
{
    long long id, version;
    struct problem p;
    problem_init(&p);
    struct buf meta;
    buf_init(&meta, r->arena, 1 << 16);
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id) ||
        resource_get(http_db(r), &api_files_entry, id, &r->who, 0, &meta, &version) != BP_OK) {
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 파일입니다", "no such file");
        http_reply_problem(r, &p);
        return;
    }
    json_t *j = json_loadb(meta.data, meta.len, 0, NULL);
    const char *name = json_string_value(json_object_get(j, "name"));
    const char *type = json_string_value(json_object_get(j, "content_type"));
    struct buf disposition;
    buf_init(&disposition, r->arena, 4096);
    content_disposition(&disposition, name ? name : "file", name ? strlen(name) : 4);
    if (!type || !served_as_is(type))
        type = "application/octet-stream";
    char *ctype = arena_strndup(r->arena, type, strlen(type));
    json_decref(j);
    buf_reset(&r->ans.body);
    enum bp_err e = resource_get_blob(http_db(r), &api_files_entry, id, &r->who, "data", &r->ans.body);
    if (e || !ctype || disposition.failed) {
        http_reply_error(r, e ? e : BP_ERR_NOMEM);
        return;
    }
    http_add_header(&r->ans, "content-disposition", buf_str(&disposition));
    http_add_header(&r->ans, "content-security-policy", STR_LIT("default-src 'none'; sandbox"));
    r->ans.status = 200;
    r->ans.content_type = ctype;
}
