/*
 * json: parsing of untrusted JSON bodies with our limits (depth, size, UTF-8, no NUL, no
 * duplicate keys) on top of jansson. A pure function of (bytes, len): fuzzed.
 */
#ifndef BP_JSON_H
#define BP_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/problem.h"

/* True when no array or object in s nests deeper than max_depth (strings are skipped). */
bool json_depth_ok(const char *s, size_t len, int max_depth);
/* Parse a request body that must be one JSON object. *out owned by the caller (json_decref).
 * BP_ERR_MALFORMED with a detail for every other input. */
BP_MUST_USE enum bp_err json_parse_object(const char *s, size_t len, json_t **out,
                                         struct problem *p);

#endif
