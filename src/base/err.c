/*
 * err: the single table from error to HTTP status, problem type and titles in Korean and English.
 */
#include "err.h"

static const struct err_info {
    int status;
    const char *type;
    const char *title_en;
    const char *title_ko;
} err_table[BP_ERR__COUNT] = {
    /* clang-format off */
    [BP_OK]                        = {200, "ok",                    "OK",                         "성공"},
    [BP_ERR_MALFORMED]             = {400, "malformed",             "Malformed request",          "요청 형식이 잘못되었습니다"},
    [BP_ERR_BAD_QUERY]             = {400, "bad-query",             "Invalid query parameter",    "쿼리 매개변수가 올바르지 않습니다"},
    [BP_ERR_UNAUTHENTICATED]       = {401, "unauthenticated",       "Login required",             "로그인이 필요합니다"},
    [BP_ERR_FORBIDDEN]             = {403, "forbidden",             "Not allowed",                "권한이 없습니다"},
    [BP_ERR_NOT_FOUND]             = {404, "not-found",             "Not found",                  "찾을 수 없습니다"},
    [BP_ERR_METHOD]                = {405, "method-not-allowed",    "Method not allowed",         "허용되지 않는 메서드입니다"},
    [BP_ERR_CONFLICT]              = {409, "conflict",              "Conflict",                   "충돌이 발생했습니다"},
    [BP_ERR_STALE]                 = {412, "stale",                 "Someone changed this; reload", "다른 사용자가 먼저 수정했습니다. 새로 고치세요"},
    [BP_ERR_TOO_LARGE]             = {413, "too-large",             "Request too large",          "요청이 너무 큽니다"},
    [BP_ERR_MEDIA_TYPE]            = {415, "unsupported-media-type", "Unsupported media type",    "지원하지 않는 형식입니다"},
    [BP_ERR_INVALID]               = {422, "invalid",               "Validation failed",          "입력값이 올바르지 않습니다"},
    [BP_ERR_PRECONDITION_REQUIRED] = {428, "precondition-required", "If-Match required",          "If-Match 헤더가 필요합니다"},
    [BP_ERR_THROTTLED]             = {429, "throttled",             "Too many requests",          "요청이 너무 많습니다"},
    [BP_ERR_NOMEM]                 = {500, "internal",              "Out of memory",              "메모리가 부족합니다"},
    [BP_ERR_DB]                    = {500, "internal",              "Database error",             "데이터베이스 오류"},
    [BP_ERR_IO]                    = {500, "internal",              "I/O error",                  "입출력 오류"},
    [BP_ERR_UNAVAILABLE]           = {503, "unavailable",           "Service unavailable",        "서비스를 사용할 수 없습니다"},
    [BP_ERR_USAGE]                 = {400, "usage",                 "Bad usage",                  "사용법이 잘못되었습니다"},
    /* clang-format on */
};

static const struct err_info *err_info(enum bp_err e)
{
    if ((unsigned)e >= BP_ERR__COUNT)
        e = BP_ERR_IO;
    return &err_table[e];
}

int err_http_status(enum bp_err e) { return err_info(e)->status; }
const char *err_type(enum bp_err e) { return err_info(e)->type; }
const char *err_title_en(enum bp_err e) { return err_info(e)->title_en; }
const char *err_title_ko(enum bp_err e) { return err_info(e)->title_ko; }
