/*
 * test_audit: engine/audit.c's notes. audit_json turns typed values into one JSON object that
 * parses whatever a value holds (quotes, backslashes, control characters, Hangul, bytes that
 * are not UTF-8, NULL), keeps the keys in order, and leaves the buf as it was when it does not
 * fit; audit_record appends a row whose images are such notes and the chain still verifies.
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
#include <jansson.h>

#include "base/buf.h"
#include "base/limits.h"
#include "db/db.h"
#include "engine/audit.h"
#include "modules/modules.h"
#include "tempdb.h"

/* The note of fields, parsed (the caller json_decref's it); fails the test when it is no
 * JSON object. *text gets the note itself when not NULL. */
static json_t *note(const struct audit_field *fields, struct buf *text)
{
    struct buf b;
    buf_init(&b, NULL, LIMIT_AUDIT_NOTE_BYTES);
    assert_int_equal(audit_json(&b, fields), BP_OK);
    json_error_t err;
    json_t *j = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!json_is_object(j))
        fail_msg("not a JSON object: %s (%s)", b.data, err.text);
    if (text)
        assert_int_equal(buf_add(text, b.data, b.len), BP_OK);
    buf_release(&b);
    return j;
}

static void test_types_and_order(void **state)
{
    (void)state;
    struct buf text;
    buf_init(&text, NULL, 4096);
    json_t *j = note((const struct audit_field[]){AUDIT_INT("user_id", 42LL),
                                                  AUDIT_INT("big", INT64_MAX),
                                                  AUDIT_INT("neg", -7), AUDIT_TEXT("role", "org-admin"),
                                                  AUDIT_BOOL("active", false),
                                                  AUDIT_BOOL("on", 1), AUDIT_NULL("gone"), AUDIT_END},
                     &text);
    assert_string_equal(text.data, "{\"user_id\":42,\"big\":9223372036854775807,\"neg\":-7,"
                                   "\"role\":\"org-admin\",\"active\":false,\"on\":true,"
                                   "\"gone\":null}");
    assert_int_equal(json_integer_value(json_object_get(j, "big")), INT64_MAX);
    json_decref(j);
    buf_release(&text);
}

static void test_empty(void **state)
{
    (void)state;
    struct buf text;
    buf_init(&text, NULL, 64);
    json_decref(note((const struct audit_field[]){AUDIT_END}, &text));
    assert_string_equal(text.data, "{}");
    buf_release(&text);
}

static void test_quotes_and_backslashes(void **state)
{
    (void)state;
    const char *evil = "a\",\"role\":\"operator-admin\"}\\";
    json_t *j = note((const struct audit_field[]){AUDIT_TEXT("email", evil), AUDIT_END}, NULL);
    assert_string_equal(json_string_value(json_object_get(j, "email")), evil);
    assert_null(json_object_get(j, "role")); /* the value stays a value */
    assert_int_equal(json_object_size(j), 1);
    json_decref(j);
    /* keys are escaped too */
    j = note((const struct audit_field[]){AUDIT_INT("k\"ey", 1), AUDIT_END}, NULL);
    assert_int_equal(json_integer_value(json_object_get(j, "k\"ey")), 1);
    json_decref(j);
}

static void test_control_characters(void **state)
{
    (void)state;
    char every[32];
    for (int c = 1; c < 32; c++)
        every[c - 1] = (char)c;
    every[31] = '\0';
    struct buf text;
    buf_init(&text, NULL, 4096);
    json_t *j = note((const struct audit_field[]){AUDIT_TEXT("t", every), AUDIT_END}, &text);
    assert_string_equal(json_string_value(json_object_get(j, "t")), every);
    for (size_t i = 0; i < text.len; i++)
        assert_true((unsigned char)text.data[i] >= 0x20); /* none raw in the note */
    json_decref(j);
    /* an embedded NUL, given with its length, is \u0000, not the end of the value */
    j = note((const struct audit_field[]){AUDIT_TEXTN("t", "a\0b", 3), AUDIT_END}, NULL);
    assert_int_equal(json_string_length(json_object_get(j, "t")), 3);
    json_decref(j);
    buf_release(&text);
}

static void test_hangul(void **state)
{
    (void)state;
    const char *name = "김바이오 (고양 정밀의료) — 🧬";
    struct buf text;
    buf_init(&text, NULL, 4096);
    json_t *j = note((const struct audit_field[]){AUDIT_TEXT("name", name), AUDIT_END}, &text);
    assert_string_equal(json_string_value(json_object_get(j, "name")), name);
    assert_non_null(strstr(text.data, "김바이오")); /* kept as UTF-8, not \u escapes */
    json_decref(j);
    buf_release(&text);
}

static void test_not_utf8(void **state)
{
    (void)state;
    /* a lone continuation byte, a truncated Hangul syllable, an overlong '/' */
    const char bad[] = "a\x80" "b\xEA\xB9" "c\xC0\xAF";
    json_t *j = note((const struct audit_field[]){AUDIT_TEXT("t", bad), AUDIT_END}, NULL);
    const char *got = json_string_value(json_object_get(j, "t"));
    assert_non_null(got);
    assert_non_null(strstr(got, "\xEF\xBF\xBD")); /* U+FFFD */
    assert_true(got[0] == 'a' && strchr(got, 'b') && strchr(got, 'c'));
    json_decref(j);
}

static void test_null_text(void **state)
{
    (void)state;
    struct buf text;
    buf_init(&text, NULL, 4096);
    json_t *j = note((const struct audit_field[]){AUDIT_TEXT("lang", NULL), AUDIT_END}, &text);
    assert_true(json_is_null(json_object_get(j, "lang")));
    assert_string_equal(text.data, "{\"lang\":null}");
    json_decref(j);
    buf_release(&text);
}

/* A note that does not fit leaves the buf as it was (flagged), never half an object. */
static void test_too_large(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, NULL, 24);
    assert_int_equal(buf_adds(&b, "kept"), BP_OK);
    enum bp_err e = audit_json(&b, (const struct audit_field[]){
                                       AUDIT_TEXT("email", "someone@example.invalid"), AUDIT_END});
    assert_int_not_equal(e, BP_OK);
    assert_string_equal(b.data, "kept");
    assert_int_equal(b.len, 4);
    assert_true(b.failed);
    buf_release(&b);
}

/* audit_record writes the notes as the row's images; the chain verifies over them. */
static void test_record_verifies(void **state)
{
    (void)state;
    char path[] = "/tmp/bpmc-test-audit-XXXXXX";
    assert_true(tempdb_make(path));
    assert_int_equal(modules_register(), BP_OK);
    struct db *db;
    int applied = 0;
    assert_int_equal(db_open(path, DB_WRITE, true, &db), BP_OK);
    assert_int_equal(db_migrate(db, &applied), BP_OK);
    assert_int_equal(audit_record(db, 0, "login-failed", "sessions", 0, NULL,
                                  (const struct audit_field[]){
                                      AUDIT_TEXT("email", "\"}\n홍길동@example.kr"),
                                      AUDIT_TEXT("address", "127.0.0.1"), AUDIT_END}),
                     BP_OK);
    assert_int_equal(audit_record(db, 0, "unshare", "needs", 3,
                                  (const struct audit_field[]){AUDIT_INT("org_id", 2), AUDIT_END},
                                  NULL),
                     BP_OK);
    long long rows = 0, bad = -1;
    assert_int_equal(audit_verify(db, &rows, &bad), BP_OK);
    assert_int_equal(rows, 2);
    assert_int_equal(bad, 0);
    struct db_stmt *st;
    assert_int_equal(db_prepare(db,
                                "SELECT json_valid(after), after->>'email', before IS NULL, "
                                "json_valid(before) FROM audit ORDER BY id",
                                &st),
                     BP_OK);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_column_int(st, 0), 1);
    assert_string_equal(db_column_text(st, 1, NULL), "\"}\n홍길동@example.kr");
    assert_int_equal(db_column_int(st, 2), 1);
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_column_int(st, 3), 1);
    db_reset(st);
    db_close(db);
    tempdb_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_and_order),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_quotes_and_backslashes),
        cmocka_unit_test(test_control_characters),
        cmocka_unit_test(test_hangul),
        cmocka_unit_test(test_not_utf8),
        cmocka_unit_test(test_null_text),
        cmocka_unit_test(test_too_large),
        cmocka_unit_test(test_record_verifies),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
