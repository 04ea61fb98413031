/*
 * access_log: who viewed or exported personal data, when, what and how many rows. A list, a
 * read or an export of a collection with personal fields logs a viewing when its answer
 * carried personal data to a signed-in caller: operators see every row's, members their
 * organisation's and public rows' (resource_row_json decides; here we only count what the
 * answer shows). A list page's count rides in the answer cache with the page, so a page served
 * again from the cache is logged again without being scanned again.
 *
 * A viewing is a small bounded record (the query without its cursor, values and the whole cut,
 * LIMIT_ACCESS_*) and costs no commit of its own: reads stay on the loop and note the viewing
 * in a table in memory, coalesced per caller, action, collection, row, query and address
 * (viewings counts them, rows adds up what they showed); the writer takes the table once a
 * window and inserts its rows inside the transaction of the users' writes it commits anyway,
 * after them and a bounded number at a time, or in one transaction of its own when there were
 * none. A caller flooding distinct queries gets a few rows a window, not one per request. A
 * viewing is never dropped: a row the writer could not commit stays for the next one, and a
 * full table falls back to one detached write per viewing. An export is counted on its worker
 * and logged on the writer before its file is handed over. Rows older than the retention
 * (--access-log-retention-days, at least a year) are purged, and each purge is audited.
 */
#include "engine/access_log.h"
#include "engine/collections.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/limits.h"
#include "engine/audit.h"
#include "engine/resource.h"
#include "base/banned.h"

/* In resource_read.c (used by export.c): every row of a list, unpaged, handed to fn. */
enum bp_err resource_each_row(struct db *db, const struct resource *r, const struct list_query *q,
                              const struct principal *who, struct arena *arena,
                              enum bp_err (*fn)(void *ctx, const char *json, size_t len), void *ctx,
                              struct problem *p);

/* Personal fields without F_PRIVATE: their collection is open to operators only, so the
 * engine has no need to hide them, but showing them is still a viewing of personal data. */
static const struct {
    const char *collection, *field;
} closed_personal[] = {
    {"users", "email"},
};

struct access_entry {
    const struct resource *res;
    struct principal who;
    const char *action; /* a constant */
    long long row_id, rows;
    char address[48];
    size_t detail_len;
    char detail[]; /* NUL-terminated */
};

static bool is_personal(const struct resource *res, const struct field *f)
{
    if (f->flags & F_HIDDEN)
        return false;
    if (f->flags & F_PRIVATE)
        return true;
    for (size_t i = 0; i < sizeof(closed_personal) / sizeof(closed_personal[0]); i++)
        if (strcmp(res->name, closed_personal[i].collection) == 0 &&
            strcmp(f->name, closed_personal[i].field) == 0)
            return true;
    return false;
}

/* The names of res's personal fields into names; their number. */
static size_t personal_fields(const struct resource *res, struct str *names)
{
    size_t n = 0;
    for (const struct field *f = res->fields; f->name && n < LIMIT_ENTRY_FIELDS; f++)
        if (is_personal(res, f))
            names[n++] = str_from(f->name);
    return n;
}

bool access_log_applies(const struct resource *res, const struct principal *who)
{
    struct str names[LIMIT_ENTRY_FIELDS];
    return who->user_id != 0 && personal_fields(res, names) > 0;
}

/* One pass over JSON as the database built it: objects at depth `depth` are rows; a row counts
 * when one of its personal keys has a value other than null or "". Inside a string a quote is
 * always escaped, so keys are found without a parser. */
static long long count_rows(struct str json, int depth, const struct str *names, size_t nnames)
{
    long long rows = 0;
    int d = 0;
    bool in_str = false, escaped = false, want_key = false, key_personal = false, personal = false;
    const char *key = NULL;
    for (size_t i = 0; i < json.len; i++) {
        char c = json.ptr[i];
        if (in_str) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_str = false;
                if (key) {
                    struct str k = {key, (size_t)(json.ptr + i - key)};
                    for (size_t j = 0; j < nnames && !key_personal; j++)
                        key_personal = str_eq(k, names[j]);
                    key = NULL;
                }
            }
            continue;
        }
        switch (c) {
        case '"':
            in_str = true;
            if (d == depth && want_key)
                key = json.ptr + i + 1;
            want_key = false;
            break;
        case '{':
        case '[':
            if (++d == depth && c == '{')
                want_key = true, personal = false;
            break;
        case '}':
        case ']':
            if (d == depth && personal)
                rows++;
            d--;
            break;
        case ',':
            want_key = d == depth;
            break;
        case ':':
            if (d == depth && key_personal) {
                size_t j = i + 1;
                while (j < json.len && json.ptr[j] == ' ')
                    j++;
                bool empty = j >= json.len || json.ptr[j] == 'n' ||
                             (json.ptr[j] == '"' && j + 1 < json.len && json.ptr[j + 1] == '"');
                personal = personal || !empty;
            }
            key_personal = false;
            break;
        default:
            break;
        }
    }
    return rows;
}

long long access_log_rows(const struct resource *res, struct str json, bool list)
{
    struct str names[LIMIT_ENTRY_FIELDS];
    size_t n = personal_fields(res, names);
    /* {"items":[ {row}, ... ]...}: rows are objects at depth 3; a single row is depth 1 */
    return n ? count_rows(json, list ? 3 : 1, names, n) : 0;
}

/* The longest prefix of s (at most max bytes) that does not cut a UTF-8 sequence. */
static size_t utf8_cut(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

size_t access_log_detail(struct str query, char *out, size_t size)
{
    size_t n = 0;
    bool cut = false;
    struct str rest = query, pair;
    if (!size)
        return 0;
    while (rest.ptr && rest.len) {
        rest = str_cut(rest, '&', &pair);
        struct str name = pair, value;
        (void)str_cut(pair, '=', &name);
        if (!pair.len || str_eq_c(name, "cursor"))
            continue; /* where a page starts says nothing about what was viewed */
        value = (struct str){pair.ptr + name.len, pair.len - name.len};
        size_t keep = utf8_cut(value.ptr, value.len, LIMIT_ACCESS_VALUE + 1);
        size_t nlen = utf8_cut(name.ptr, name.len, LIMIT_ACCESS_VALUE);
        size_t need = (n ? 1 : 0) + nlen + keep + (keep < value.len ? 3 : 0);
        if (n + need + 5 > size) {
            cut = true;
            break;
        }
        if (n)
            out[n++] = '&';
        memcpy(out + n, name.ptr, nlen), n += nlen;
        memcpy(out + n, value.ptr, keep), n += keep;
        if (keep < value.len)
            memcpy(out + n, "...", 3), n += 3;
    }
    if (cut)
        memcpy(out + n, "&...", 4), n += 4;
    out[n] = '\0';
    return n;
}

struct access_entry *access_log_entry(const struct http_req *r, const struct resource *res,
                                      const char *action, struct str detail)
{
    char small[LIMIT_ACCESS_DETAIL + 1];
    size_t len = detail.ptr ? access_log_detail(detail, small, sizeof(small)) : 0;
    detail.ptr = small;
    struct access_entry *a = malloc(sizeof(*a) + len + 1);
    if (!a)
        return NULL;
    a->res = res;
    a->who = r->who;
    a->action = action;
    a->row_id = 0;
    a->rows = 0;
    memcpy(a->address, r->peer, sizeof(a->address));
    a->address[sizeof(a->address) - 1] = '\0';
    a->detail_len = len;
    if (len)
        memcpy(a->detail, detail.ptr, len);
    a->detail[len] = '\0';
    return a;
}

static enum bp_err count_one(void *ctx, const char *json, size_t len)
{
    struct access_entry *a = ctx;
    a->rows += access_log_rows(a->res, (struct str){json, len}, false);
    return BP_OK;
}

enum bp_err access_log_count(struct db *db, struct access_entry *a, const struct list_query *q,
                             bool *any)
{
    struct arena arena;
    struct problem p;
    problem_init(&p);
    arena_init(&arena, LIMIT_ARENA_BYTES);
    a->rows = 0;
    enum bp_err e = resource_each_row(db, a->res, q, &a->who, &arena, count_one, a, &p);
    arena_release(&arena);
    *any = !e && a->rows > 0;
    return e;
}

enum bp_err access_log_write(struct db *db, const struct access_entry *a)
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "INSERT INTO access_log(actor_id,org_id,action,collection,row_id,"
                               "rows,detail,address) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, a->who.user_id);
    if (a->who.org_id)
        db_bind_int(st, 2, a->who.org_id);
    else
        db_bind_null(st, 2);
    db_bind_text(st, 3, a->action, strlen(a->action));
    db_bind_text(st, 4, a->res->name, strlen(a->res->name));
    if (a->row_id)
        db_bind_int(st, 5, a->row_id);
    else
        db_bind_null(st, 5);
    db_bind_int(st, 6, a->rows);
    if (a->detail_len)
        db_bind_text(st, 7, a->detail, a->detail_len);
    else
        db_bind_null(st, 7);
    if (a->address[0])
        db_bind_text(st, 8, a->address, strlen(a->address));
    else
        db_bind_null(st, 8);
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

static enum bp_err run_log(struct job *job, struct db *db)
{
    job->ans.status = 204;
    return access_log_write(db, job->payload);
}

static void release_log(struct job *job)
{
    free(job->payload);
    job->payload = NULL;
}

/* --- viewings coalesced in memory until the writer takes them --- */

#define SLOTS (LIMIT_ACCESS_PENDING * 2) /* open addressing, at most half full */

struct pending {
    uint64_t hash; /* 0: a free slot */
    const struct resource *res;
    const char *action;
    long long actor, org, row_id, rows, viewings, first_ms, last_ms;
    char address[48];
    char detail[LIMIT_ACCESS_DETAIL + 1];
};

struct actor_keys {
    long long actor; /* 0: a free slot */
    int keys;
};

/* Two tables: the loops fill one (under lock) while the writer empties the other (alone). */
static struct pending tables[2][SLOTS];
static struct actor_keys actors[SLOTS];
static size_t used[2];
static int filling;
static long long oldest_ms;                 /* the filling table's first viewing */
static size_t flush_from, flush_to;         /* the writer's progress through the other table */
static long long next_purge_s;              /* 0: at the first chance */
static long long hold_until_ms;             /* after a failed commit: try again then */
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static uint64_t mix(uint64_t h, const void *p, size_t len)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < len; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static uint64_t key_hash(const struct access_entry *a, long long row_id, const char *detail)
{
    uint64_t h = 1469598103934665603ULL;
    h = mix(h, &a->who.user_id, sizeof(a->who.user_id));
    h = mix(h, &a->who.org_id, sizeof(a->who.org_id));
    h = mix(h, &a->res, sizeof(a->res));
    h = mix(h, a->action, strlen(a->action));
    h = mix(h, &row_id, sizeof(row_id));
    h = mix(h, a->address, strlen(a->address) + 1);
    h = mix(h, detail, strlen(detail));
    return h ? h : 1;
}

static bool same_key(const struct pending *p, const struct access_entry *a, long long row_id,
                     const char *detail)
{
    return p->actor == a->who.user_id && p->org == a->who.org_id && p->res == a->res &&
           strcmp(p->action, a->action) == 0 && p->row_id == row_id &&
           strcmp(p->address, a->address) == 0 && strcmp(p->detail, detail) == 0;
}

/* The slot of the key, or the free slot where it goes. */
static struct pending *slot_of(struct pending *t, uint64_t h, const struct access_entry *a,
                               long long row_id, const char *detail)
{
    for (size_t i = h % SLOTS;; i = (i + 1) % SLOTS)
        if (t[i].hash == 0 || (t[i].hash == h && same_key(&t[i], a, row_id, detail)))
            return &t[i];
}

static struct actor_keys *actor_slot(long long actor)
{
    for (size_t i = (size_t)((unsigned long long)actor * 2654435761ULL) % SLOTS;; i = (i + 1) % SLOTS)
        if (actors[i].actor == 0 || actors[i].actor == actor)
            return &actors[i];
}

/* Under the lock: count a viewing into the filling table; false when it is full. */
static bool note(const struct access_entry *a, long long ms)
{
    struct pending *t = tables[filling];
    uint64_t h = key_hash(a, a->row_id, a->detail);
    struct pending *p = slot_of(t, h, a, a->row_id, a->detail);
    const char *detail = a->detail;
    long long row_id = a->row_id;
    if (p->hash == 0) {
        struct actor_keys *k = actor_slot(a->who.user_id);
        if (k->keys >= LIMIT_ACCESS_KEYS_PER_ACTOR || used[filling] >= LIMIT_ACCESS_PENDING * 3 / 4) {
            /* a flood of distinct queries or rows: counted together per action and collection */
            detail = "*";
            row_id = 0;
            h = key_hash(a, row_id, detail);
            p = slot_of(t, h, a, row_id, detail);
            if (p->hash == 0 && used[filling] >= LIMIT_ACCESS_PENDING)
                return false;
        } else {
            k->actor = a->who.user_id;
            k->keys++;
        }
    }
    if (p->hash == 0) {
        memset(p, 0, offsetof(struct pending, detail));
        p->hash = h;
        p->res = a->res;
        p->action = a->action;
        p->actor = a->who.user_id;
        p->org = a->who.org_id;
        p->row_id = row_id;
        p->first_ms = ms;
        memcpy(p->address, a->address, sizeof(p->address));
        snprintf(p->detail, sizeof(p->detail), "%s", detail);
        if (used[filling]++ == 0)
            oldest_ms = ms;
    }
    p->viewings++;
    p->rows += a->rows;
    p->last_ms = ms;
    return true;
}

static void format_ms(long long ms, char out[32])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", (tm.tm_year + 1900) % 10000,
             (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
             tm.tm_sec % 100, (int)(ms % 1000));
}

static enum bp_err insert_pending(struct db *db, const struct pending *p)
{
    struct db_stmt *st;
    char first[32], last[32];
    enum bp_err e = db_prepare(db,
                               "INSERT INTO access_log(at,actor_id,org_id,action,collection,row_id,"
                               "rows,detail,address,viewings,last_at) VALUES "
                               "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
                               &st);
    if (e)
        return e;
    format_ms(p->first_ms, first);
    format_ms(p->last_ms, last);
    db_bind_text(st, 1, first, strlen(first));
    db_bind_int(st, 2, p->actor);
    if (p->org)
        db_bind_int(st, 3, p->org);
    else
        db_bind_null(st, 3);
    db_bind_text(st, 4, p->action, strlen(p->action));
    db_bind_text(st, 5, p->res->name, strlen(p->res->name));
    if (p->row_id)
        db_bind_int(st, 6, p->row_id);
    else
        db_bind_null(st, 6);
    db_bind_int(st, 7, p->rows);
    if (p->detail[0])
        db_bind_text(st, 8, p->detail, strlen(p->detail));
    else
        db_bind_null(st, 8);
    if (p->address[0])
        db_bind_text(st, 9, p->address, strlen(p->address));
    else
        db_bind_null(st, 9);
    db_bind_int(st, 10, p->viewings);
    if (p->viewings > 1)
        db_bind_text(st, 11, last, strlen(last));
    else
        db_bind_null(st, 11);
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

long long access_log_wait_ms(void)
{
    long long now = now_ms(), wait = -1;
    pthread_mutex_lock(&pending_lock);
    if (used[!filling] > 0 || used[filling] >= LIMIT_ACCESS_PENDING / 2 || now / 1000 >= next_purge_s)
        wait = 0;
    else if (used[filling] > 0)
        wait = oldest_ms + LIMIT_ACCESS_WINDOW_MS > now ? oldest_ms + LIMIT_ACCESS_WINDOW_MS - now : 0;
    if (wait == 0 && now < hold_until_ms)
        wait = hold_until_ms - now;
    pthread_mutex_unlock(&pending_lock);
    return wait;
}

/* On the writer: purge rows older than the retention, a bounded number; audited. */
static enum bp_err purge(struct db *db, int days, long long *deleted)
{
    char cutoff[32];
    long long now = now_ms();
    if (days < LIMIT_ACCESS_RETENTION_DAYS)
        days = LIMIT_ACCESS_RETENTION_DAYS;
    format_ms(now - (long long)days * 86400000LL, cutoff);
    enum bp_err e = db_run(db, NULL,
                           "DELETE FROM access_log WHERE id IN (SELECT id FROM access_log WHERE "
                           "at < ?1 ORDER BY at LIMIT ?2)",
                           "ti", cutoff, (long long)LIMIT_ACCESS_PURGE_ROWS);
    *deleted = e ? 0 : db_changes(db);
    if (e || *deleted == 0)
        return e;
    return audit_record(db, 0, "access-log-purge", "access-log", 0, NULL,
                        (const struct audit_field[]){AUDIT_TEXT("before", cutoff),
                                                     AUDIT_INT("rows", *deleted),
                                                     AUDIT_INT("retention_days", days), AUDIT_END});
}

enum bp_err access_log_purge(struct db *db, int days, long long *deleted)
{
    long long n = 0;
    enum bp_err e;
    *deleted = 0;
    do {
        e = purge(db, days, &n);
        *deleted += n;
    } while (!e && n == LIMIT_ACCESS_PURGE_ROWS);
    return e;
}

enum bp_err access_log_flush(struct db *db)
{
    long long now = now_ms();
    enum bp_err e = BP_OK;
    pthread_mutex_lock(&pending_lock);
    int other = !filling;
    if (used[other] == 0 && used[filling] > 0) { /* take what the loops noted */
        filling = other;
        other = !filling;
        flush_from = 0;
        memset(actors, 0, sizeof(actors));
    }
    bool purge_due = now / 1000 >= next_purge_s;
    pthread_mutex_unlock(&pending_lock);
    struct pending *t = tables[other];
    size_t i = flush_from, rows = 0;
    for (; i < SLOTS && rows < LIMIT_ACCESS_FLUSH_ROWS && !e; i++)
        if (t[i].hash && !(e = insert_pending(db, &t[i])))
            rows++;
    flush_to = e ? flush_from : i;
    if (!e && purge_due) {
        int days = server_config()->access_log_retention_days;
        long long n = 0;
        e = purge(db, days, &n);
        pthread_mutex_lock(&pending_lock);
        next_purge_s = now / 1000 + (n == LIMIT_ACCESS_PURGE_ROWS ? 0 : LIMIT_ACCESS_PURGE_EVERY_S);
        pthread_mutex_unlock(&pending_lock);
    }
    return e;
}

void access_log_settle(bool committed)
{
    int other;
    pthread_mutex_lock(&pending_lock);
    other = !filling;
    if (!committed) {
        flush_to = flush_from; /* written again next time, in a second */
        hold_until_ms = now_ms() + 1000;
        pthread_mutex_unlock(&pending_lock);
        return;
    }
    pthread_mutex_unlock(&pending_lock);
    struct pending *t = tables[other];
    size_t cleared = 0;
    for (size_t i = flush_from; i < flush_to; i++)
        if (t[i].hash)
            t[i].hash = 0, cleared++;
    pthread_mutex_lock(&pending_lock);
    used[other] -= cleared;
    flush_from = used[other] ? flush_to : 0;
    flush_to = flush_from;
    pthread_mutex_unlock(&pending_lock);
}

void api_access_log(struct http_req *r, const struct resource *res, const char *action,
                    long long row_id, long long rows, struct str detail)
{
    if (rows <= 0 || r->method == HTTP_HEAD)
        return;
    struct access_entry *a = access_log_entry(r, res, action, detail);
    if (!a) {
        fprintf(stderr, "bpmc: access_log: out of memory, a %s of %s was not logged\n", action,
                res->name);
        return;
    }
    a->row_id = row_id;
    a->rows = rows;
    pthread_mutex_lock(&pending_lock);
    bool noted = note(a, now_ms());
    pthread_mutex_unlock(&pending_lock);
    if (noted) {
        free(a);
        return;
    }
    /* the table is full: this viewing gets a write of its own */
    struct job *job = job_new(JOB_WRITER, run_log, a, release_log);
    if (!job) {
        free(a);
        fprintf(stderr, "bpmc: access_log: out of memory, a %s of %s was not logged\n", action,
                res->name);
        return;
    }
    http_submit_detached(r, job);
}
