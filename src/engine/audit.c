/*
 * audit: hash-chained audit rows, keyed. A row's hash is an HMAC-SHA-256, under a secret kept in
 * a key file outside the database, of the previous row's hash and of the row's own content; so
 * one who can write the database file but not read the key cannot recompute a chain that
 * verifies. After each commit that added rows, the head (last id and hash) is signed with the
 * key file's Ed25519 key and appended to a checkpoint file, also outside the database: rows
 * deleted from the end, with or without the hashes recomputed, no longer reach the head a
 * checkpoint recorded.
 *
 * Rows written before the key existed (databases older than the key) keep their plain SHA-256
 * hashes: the key file records the last such id ("legacy"), and the first checkpoint, written
 * when the key is made, seals their head.
 */
#include "engine/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/dialect.h"
#include "base/limits.h"
#include "base/validate.h"
#include "base/banned.h"

#define HASH_HEX (crypto_hash_sha256_BYTES * 2 + 1)
#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* --- the key file and the checkpoints --- */

static struct {
    pthread_mutex_t lock;
    bool loaded;
    char db_path[1024];
    char key_path[1100], checkpoint_path[1100];
    unsigned char mac[crypto_auth_hmacsha256_KEYBYTES];
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    long long legacy; /* rows up to this id are plain SHA-256 */
    long long checkpointed; /* the id of the last checkpoint written or read */
    double synced;          /* when the checkpoint file was last synced */
    long long lines, compacted; /* lines in the checkpoint file; after the last compaction */
} K = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const char *key_override, *checkpoint_override;

void audit_configure(const char *key_path, const char *checkpoint_path)
{
    key_override = key_path && *key_path ? key_path : NULL;
    checkpoint_override = checkpoint_path && *checkpoint_path ? checkpoint_path : NULL;
}

static bool db_file(struct db *db, char *out, size_t size) { return db_filename(db, out, size); }

void audit_paths(const char *db_path, char *key, size_t key_size, char *checkpoints,
                 size_t checkpoints_size)
{
    if (key_override)
        snprintf(key, key_size, "%s", key_override);
    else
        snprintf(key, key_size, "%s.audit-key", db_path);
    if (checkpoint_override)
        snprintf(checkpoints, checkpoints_size, "%s", checkpoint_override);
    else
        snprintf(checkpoints, checkpoints_size, "%s.audit-checkpoints", db_path);
}

/* Read the key file: "bpmc-audit-key 1", "mac <hex>", "sign <hex seed>", "legacy <id>". */
static enum bp_err read_key(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return errno == ENOENT ? BP_ERR_NOT_FOUND : BP_ERR_IO;
    char line[256], mac[128] = "", seed[128] = "";
    long long legacy = -1;
    bool magic = false;
    while (fgets(line, sizeof(line), f)) {
        if (strncmp(line, "bpmc-audit-key 1", 16) == 0)
            magic = true;
        else if (sscanf(line, "mac %127s", mac) == 1 || sscanf(line, "sign %127s", seed) == 1 ||
                 sscanf(line, "legacy %lld", &legacy) == 1)
            continue;
    }
    fclose(f);
    unsigned char sd[crypto_sign_SEEDBYTES];
    size_t n1 = 0, n2 = 0;
    if (!magic || legacy < 0 ||
        sodium_hex2bin(K.mac, sizeof(K.mac), mac, strlen(mac), NULL, &n1, NULL) != 0 ||
        n1 != sizeof(K.mac) || sodium_hex2bin(sd, sizeof(sd), seed, strlen(seed), NULL, &n2, NULL) != 0 ||
        n2 != sizeof(sd))
        return BP_ERR_INVALID;
    crypto_sign_seed_keypair(K.pk, K.sk, sd);
    sodium_memzero(sd, sizeof(sd));
    K.legacy = legacy;
    return BP_OK;
}

/* Make a key file (mode 0600, never overwriting one). */
static enum bp_err make_key(const char *path, long long legacy)
{
    unsigned char mac[crypto_auth_hmacsha256_KEYBYTES], seed[crypto_sign_SEEDBYTES];
    char mac_hex[sizeof(mac) * 2 + 1], seed_hex[sizeof(seed) * 2 + 1];
    randombytes_buf(mac, sizeof(mac));
    randombytes_buf(seed, sizeof(seed));
    sodium_bin2hex(mac_hex, sizeof(mac_hex), mac, sizeof(mac));
    sodium_bin2hex(seed_hex, sizeof(seed_hex), seed, sizeof(seed));
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errno == EEXIST ? BP_OK : BP_ERR_IO;
    char text[512];
    int n = snprintf(text, sizeof(text),
                     "bpmc-audit-key 1\n# The audit chain's secret (HMAC) and checkpoint signing key.\n"
                     "# Keep it apart from backups of the database; without it the chain cannot be\n"
                     "# extended nor verified. docs/privacy.md.\nmac %s\nsign %s\nlegacy %lld\n",
                     mac_hex, seed_hex, legacy);
    bool ok = n > 0 && write(fd, text, (size_t)n) == n && fsync(fd) == 0;
    close(fd);
    sodium_memzero(mac, sizeof(mac));
    sodium_memzero(seed, sizeof(seed));
    sodium_memzero(text, sizeof(text));
    return ok ? BP_OK : BP_ERR_IO;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The signed text of a checkpoint. */
static int checkpoint_message(char *out, size_t size, long long id, const char *hash, const char *at)
{
    return snprintf(out, size, "bpmc-audit-checkpoint 1 %lld %s %s", id, hash, at);
}

static void now_iso(char out[64]);
static int open_checkpoints_locked(int flags);
static enum bp_err compact_checkpoints(time_t now, long long *before, long long *after);

/* Append a signed checkpoint of (id, hash) to the checkpoint file; every
 * LIMIT_AUDIT_CP_COMPACT_EVERY lines, compact it. */
static enum bp_err write_checkpoint(long long id, const char *hash)
{
    char at[64], msg[256], line[512], sig_hex[crypto_sign_BYTES * 2 + 1];
    unsigned char sig[crypto_sign_BYTES];
    now_iso(at);
    int m = checkpoint_message(msg, sizeof(msg), id, hash, at);
    crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (unsigned long long)m, K.sk);
    sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
    int n = snprintf(line, sizeof(line), "%lld %s %s %s\n", id, hash, at, sig_hex);
    int fd = open_checkpoints_locked(O_WRONLY | O_CREAT | O_APPEND);
    if (fd < 0)
        return BP_ERR_IO;
    bool ok = write(fd, line, (size_t)n) == n;
    double now = now_s();
    if (ok && now - K.synced >= 1.0) { /* at most a sync a second on a busy writer */
        ok = fdatasync(fd) == 0;
        K.synced = now;
    }
    close(fd);
    if (!ok)
        return BP_ERR_IO;
    K.checkpointed = id;
    if (++K.lines >= K.compacted + LIMIT_AUDIT_CP_COMPACT_EVERY) {
        long long before, after;
        if (compact_checkpoints(time(NULL), &before, &after)) {
            fprintf(stderr, "bpmc: audit: cannot compact the checkpoint file %s\n", K.checkpoint_path);
            K.compacted = K.lines; /* try again after as many lines */
        }
    }
    return BP_OK;
}

/* The id of the last checkpoint in the file (0: none). */
static long long last_checkpoint_id(void)
{
    FILE *f = fopen(K.checkpoint_path, "re");
    if (!f)
        return 0;
    char line[512];
    long long id = 0, v;
    K.lines = K.compacted = 0;
    while (fgets(line, sizeof(line), f)) {
        K.lines++;
        if (sscanf(line, "%lld ", &v) == 1)
            id = v;
    }
    fclose(f);
    return id;
}

static enum bp_err head(struct db *db, long long *id, char hash[HASH_HEX])
{
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st);
    if (e)
        return e;
    *id = 0;
    snprintf(hash, HASH_HEX, "%s", GENESIS);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        *id = db_column_int(st, 0);
        snprintf(hash, HASH_HEX, "%s", db_column_text(st, 1, NULL));
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK; /* a failed read is no empty chain */
}

/* Load the key for db (K.lock held), making it when there is none: then the rows already there
 * are the legacy ones, and a first checkpoint seals their head. */
static enum bp_err load_key(struct db *db, bool create)
{
    char path[1024];
    if (!db_file(db, path, sizeof(path)))
        return BP_ERR_IO;
    if (K.loaded && strcmp(path, K.db_path) == 0)
        return BP_OK;
    K.loaded = false;
    snprintf(K.db_path, sizeof(K.db_path), "%s", path);
    audit_paths(path, K.key_path, sizeof(K.key_path), K.checkpoint_path, sizeof(K.checkpoint_path));
    enum bp_err e = read_key(K.key_path);
    bool made = false;
    if (e == BP_ERR_NOT_FOUND && create) {
        long long id;
        char hash[HASH_HEX];
        if ((e = head(db, &id, hash)) || (e = make_key(K.key_path, id)))
            return e;
        if ((e = read_key(K.key_path)))
            return e;
        made = true;
    }
    if (e)
        return e;
    K.loaded = true;
    K.checkpointed = last_checkpoint_id();
    if (made && K.legacy > 0) { /* seal the rows that were there before the key */
        char hash[HASH_HEX];
        long long id;
        if ((e = head(db, &id, hash)) || (e = write_checkpoint(id, hash)))
            return e;
    }
    return BP_OK;
}

enum bp_err audit_key_init(struct db *db)
{
    pthread_mutex_lock(&K.lock);
    enum bp_err e = load_key(db, true);
    pthread_mutex_unlock(&K.lock);
    return e;
}

enum bp_err audit_checkpoint(struct db *db)
{
    pthread_mutex_lock(&K.lock);
    enum bp_err e = load_key(db, true);
    long long id = 0;
    char hash[HASH_HEX];
    if (!e)
        e = head(db, &id, hash);
    if (!e && id > K.checkpointed)
        e = write_checkpoint(id, hash);
    pthread_mutex_unlock(&K.lock);
    return e;
}

enum bp_err audit_copy_checkpoints(const char *db_path, const char *copy_path, long long upto)
{
    char key[1100], from[1100], to[1100];
    audit_paths(db_path, key, sizeof(key), from, sizeof(from));
    snprintf(to, sizeof(to), "%s.audit-checkpoints", copy_path);
    FILE *in = fopen(from, "re");
    if (!in)
        return errno == ENOENT ? BP_OK : BP_ERR_IO;
    FILE *out = fopen(to, "we");
    if (!out) {
        fclose(in);
        return BP_ERR_IO;
    }
    char line[512];
    long long id;
    bool ok = true;
    while (ok && fgets(line, sizeof(line), in))
        if (sscanf(line, "%lld ", &id) == 1 && id <= upto)
            ok = fputs(line, out) >= 0;
    fclose(in);
    ok = fflush(out) == 0 && fsync(fileno(out)) == 0 && ok;
    ok = fclose(out) == 0 && ok;
    return ok ? BP_OK : BP_ERR_IO;
}

/* --- compacting the checkpoint file --- */

/* The interval a checkpoint made at `at` falls in, as seen at now: its key into out ("" when
 * `at` does not parse: such a line is kept as it is). Within LIMIT_AUDIT_CP_ALL_S every
 * checkpoint is its own; then one a minute up to a day old, one an hour up to
 * LIMIT_AUDIT_CP_HOURLY_DAYS, one a day beyond. */
static void checkpoint_interval(const char *at, time_t now, const char *line, char out[96])
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    out[0] = '\0';
    if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        return;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    double age = difftime(now, timegm(&tm));
    if (age < LIMIT_AUDIT_CP_ALL_S)
        snprintf(out, 96, "all %.40s %.40s", at, line); /* its own: the time and the id */
    else if (age < 24 * 3600)
        snprintf(out, 96, "minute %.16s", at);
    else if (age < LIMIT_AUDIT_CP_HOURLY_DAYS * 24.0 * 3600)
        snprintf(out, 96, "hour %.13s", at);
    else
        snprintf(out, 96, "day %.10s", at);
}

/* Open the checkpoint file for appending, locked (flock) against a compaction in this or another
 * process; reopened when a compaction replaced the file while we waited. -1 on failure. */
static int open_checkpoints_locked(int flags)
{
    for (int tries = 0; tries < 8; tries++) {
        int fd = open(K.checkpoint_path, flags | O_CLOEXEC, 0640);
        if (fd < 0)
            return -1;
        struct stat a, b;
        if (flock(fd, LOCK_EX) != 0 || fstat(fd, &a) != 0) {
            close(fd);
            return -1;
        }
        if (stat(K.checkpoint_path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev)
            return fd;
        close(fd); /* replaced meanwhile: the new file is the one */
    }
    return -1;
}

/* Rewrite the checkpoint file keeping what verification needs (K.lock held): the first
 * checkpoint (it seals the rows from before the key), the newest, and the newest of each
 * interval (checkpoint_interval), in file order. Written beside it, synced, then renamed over
 * it, so a crash leaves the old file or the new one whole. */
static enum bp_err compact_checkpoints(time_t now, long long *before, long long *after)
{
    *before = *after = 0;
    int fd = open_checkpoints_locked(O_RDONLY);
    if (fd < 0)
        return errno == ENOENT ? BP_OK : BP_ERR_IO;
    FILE *in = fdopen(fd, "r");
    if (!in) {
        close(fd);
        return BP_ERR_IO;
    }
    char tmp[1200];
    snprintf(tmp, sizeof(tmp), "%s.compacting", K.checkpoint_path);
    FILE *out = fopen(tmp, "we");
    if (!out) {
        fclose(in);
        return BP_ERR_IO;
    }
    char line[2][512], key[2][96];
    int cur = 0;
    bool have = false, ok = true;
    while (ok && fgets(line[!cur], sizeof(line[0]), in)) {
        int next = !cur;
        char at[64] = "", hash[128];
        long long id;
        if (sscanf(line[next], "%lld %127s %63s", &id, hash, at) != 3)
            at[0] = '\0';
        checkpoint_interval(at, now, line[next], key[next]);
        if (!key[next][0]) /* unreadable: kept, never hidden */
            snprintf(key[next], sizeof(key[next]), "line %lld", *before);
        /* the line before is kept when it ends its interval, or is the first */
        if (have && (*before == 1 || strcmp(key[cur], key[next]) != 0)) {
            ok = fputs(line[cur], out) >= 0;
            (*after)++;
        }
        cur = next;
        have = true;
        (*before)++;
    }
    if (ok && have) { /* the newest */
        ok = fputs(line[cur], out) >= 0;
        (*after)++;
    }
    ok = !ferror(in) && ok;
    ok = fflush(out) == 0 && fsync(fileno(out)) == 0 && ok;
    ok = fclose(out) == 0 && ok;
    bool replace = ok && *after < *before;
    if (replace)
        ok = rename(tmp, K.checkpoint_path) == 0;
    if (!replace || !ok)
        unlink(tmp);
    if (ok && replace) { /* the rename itself durable */
        char dir[1100];
        snprintf(dir, sizeof(dir), "%s", K.checkpoint_path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *(slash == dir ? slash + 1 : slash) = '\0';
        int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ok = fsync(dfd) == 0;
            close(dfd);
        }
    }
    fclose(in); /* releases the lock */
    if (!ok)
        return BP_ERR_IO;
    K.lines = *after;
    K.compacted = *after;
    return BP_OK;
}

enum bp_err audit_compact_checkpoints(struct db *db, long long *before, long long *after)
{
    pthread_mutex_lock(&K.lock);
    enum bp_err e = load_key(db, false);
    if (e == BP_ERR_NOT_FOUND) { /* no key, no checkpoints */
        *before = *after = 0;
        e = BP_OK;
    } else if (!e) {
        e = compact_checkpoints(time(NULL), before, after);
    }
    pthread_mutex_unlock(&K.lock);
    return e;
}

typedef struct {
    bool keyed;
    crypto_hash_sha256_state sha;
    crypto_auth_hmacsha256_state mac;
} chain_state;

static void feed_raw(chain_state *s, const unsigned char *p, size_t len)
{
    if (s->keyed)
        crypto_auth_hmacsha256_update(&s->mac, p, len);
    else
        crypto_hash_sha256_update(&s->sha, p, len);
}

static void feed(chain_state *s, const char *p, size_t len)
{
    char n[24];
    /* length-prefixed, so that no two different rows hash the same */
    snprintf(n, sizeof(n), "%zu:", len);
    feed_raw(s, (const unsigned char *)n, strlen(n));
    if (len)
        feed_raw(s, (const unsigned char *)p, len);
}

static void feed_int(chain_state *s, long long v)
{
    char n[24];
    snprintf(n, sizeof(n), "%lld", v);
    feed(s, n, strlen(n));
}

/* The hash of a row: every column but the hash itself, in a fixed order; keyed (HMAC under the
 * key file's secret) past the legacy rows. */
static void row_hash(const char *prev, long long id, long long actor, const char *action,
                     const char *collection, long long row_id, const char *before,
                     size_t before_len, const char *after, size_t after_len, const char *at,
                     char out[HASH_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    chain_state s = {0};
    s.keyed = id > K.legacy;
    if (s.keyed)
        crypto_auth_hmacsha256_init(&s.mac, K.mac, sizeof(K.mac));
    else
        crypto_hash_sha256_init(&s.sha);
    feed(&s, prev, strlen(prev));
    feed_int(&s, id);
    feed_int(&s, actor);
    feed(&s, action, strlen(action));
    feed(&s, collection, strlen(collection));
    feed_int(&s, row_id);
    feed(&s, before ? before : "", before ? before_len : 0);
    feed(&s, after ? after : "", after ? after_len : 0);
    feed(&s, at, strlen(at));
    if (s.keyed)
        crypto_auth_hmacsha256_final(&s.mac, h);
    else
        crypto_hash_sha256_final(&s.sha, h);
    sodium_bin2hex(out, HASH_HEX, h, sizeof(h));
}

static void now_iso(char out[64])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    snprintf(out, 64, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

/* The chain's lock (dialect_xact_lock's key): one per database, "bpmc:audit" as digits. */
#define CHAIN_LOCK 0x62706d6361756431LL

/* The id and hash the next row follows: the head, or past the ids AUTOINCREMENT gave when the
 * table is empty. With the chain's lock held. */
static enum bp_err next_link(struct db *db, long long *id, char prev[HASH_HEX])
{
    struct db_stmt *st;
    enum bp_err e;
    *id = 1;
    if ((e = db_run(db, NULL, DIALECT_SQL("SELECT {lock:?1}"), "i", CHAIN_LOCK)))
        return e;
    if ((e = db_prepare(db, "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1", &st)))
        return e;
    enum db_step step = db_step(st);
    if (step == DB_ROW) {
        *id = db_column_int(st, 0) + 1;
        snprintf(prev, HASH_HEX, "%s", db_column_text(st, 1, NULL));
    } else {
        long long seq;
        snprintf(prev, HASH_HEX, "%s", GENESIS);
        db_reset(st);
        if (step == DB_FAIL)
            return BP_ERR_DB;
        /* AUTOINCREMENT never reuses ids, even after the last row is gone */
        struct buf sql;
        buf_init(&sql, NULL, 256);
        dialect_last_sequence(&sql, "audit");
        e = sql.failed ? BP_ERR_NOMEM : db_query_int(db, sql.data, 0, &seq);
        buf_release(&sql);
        if (e) /* a failed read is no empty sequence (on PostgreSQL it ended the transaction) */
            return e;
        *id = seq + 1;
    }
    db_reset(st);
    return BP_OK;
}

/* An entry's fields, bound at ?2..?7 of both the chain's insert and the pending one (NULL where
 * there is none: no actor, no row, no before or after). */
static void bind_entry(struct db_stmt *st, long long actor_id, const char *action, const char *collection,
                       long long row_id, const char *before, size_t before_len, const char *after,
                       size_t after_len)
{
    if (actor_id > 0)
        db_bind_int(st, 2, actor_id);
    db_bind_text(st, 3, action, strlen(action));
    db_bind_text(st, 4, collection, strlen(collection));
    if (row_id)
        db_bind_int(st, 5, row_id);
    if (before)
        db_bind_text(st, 6, before, before_len);
    if (after)
        db_bind_text(st, 7, after, after_len);
}

static enum bp_err insert_row(struct db *db, long long id, const char *prev, long long actor_id,
                              const char *action, const char *collection, long long row_id,
                              const char *before, size_t before_len, const char *after,
                              size_t after_len, const char *at, char hash[HASH_HEX])
{
    struct db_stmt *st;
    enum bp_err e;
    row_hash(prev, id, actor_id, action, collection, row_id, before, before_len, after, after_len,
             at, hash);
    if ((e = db_prepare(db,
                        "INSERT INTO audit(id,actor_id,action,collection,row_id,before,after,"
                        "prev_hash,hash,created_at,updated_at) VALUES "
                        "(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?10)",
                        &st)))
        return e;
    db_bind_int(st, 1, id);
    bind_entry(st, actor_id, action, collection, row_id, before, before_len, after, after_len);
    db_bind_text(st, 8, prev, strlen(prev));
    db_bind_text(st, 9, hash, strlen(hash));
    db_bind_text(st, 10, at, strlen(at));
    e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(st);
    return e;
}

/* The connection of this thread whose rows wait for audit_flush, and their order. */
static _Thread_local struct db *deferring;
static _Thread_local long long pending_seq;

enum bp_err audit_defer(struct db *db)
{
    enum bp_err e =
        db_exec(db, "CREATE TEMPORARY TABLE IF NOT EXISTS audit_pending ("
                    "seq INTEGER PRIMARY KEY, actor_id INTEGER, action TEXT NOT NULL, "
                    "collection TEXT NOT NULL, row_id INTEGER, before TEXT, after TEXT, "
                    "created_at TEXT NOT NULL)");
    if (!e)
        deferring = db;
    return e;
}

enum bp_err audit_flush(struct db *db)
{
    if (db != deferring)
        return BP_OK;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db,
                               "SELECT actor_id, action, collection, row_id, before, after, "
                               "created_at FROM audit_pending ORDER BY seq",
                               &st);
    if (e)
        return e;
    enum db_step step = db_step(st);
    long long id = 0;
    char prev[HASH_HEX], hash[HASH_HEX];
    if (step == DB_ROW)
        e = next_link(db, &id, prev);
    for (; step == DB_ROW && !e; step = db_step(st), id++) {
        size_t blen = 0, alen = 0;
        bool has_before = !db_column_is_null(st, 4), has_after = !db_column_is_null(st, 5);
        const char *before = db_column_text(st, 4, &blen), *after = db_column_text(st, 5, &alen);
        e = insert_row(db, id, prev, db_column_int(st, 0), db_column_text(st, 1, NULL),
                       db_column_text(st, 2, NULL), db_column_int(st, 3),
                       has_before ? before : NULL, blen, has_after ? after : NULL, alen,
                       db_column_text(st, 6, NULL), hash);
        memcpy(prev, hash, HASH_HEX);
    }
    db_reset(st);
    if (!e && step == DB_FAIL)
        e = BP_ERR_DB;
    if (!e && id)
        e = db_run(db, NULL, "DELETE FROM audit_pending", "");
    return e;
}

enum bp_err audit_count_since(struct db *db, long long actor_id, const char *action,
                              const char *since, long long *out)
{
    long long pending = 0;
    enum bp_err e = db_run(db, out,
                           "SELECT count(*) FROM audit WHERE actor_id=?1 AND action=?2 AND "
                           "created_at > ?3",
                           "itt", actor_id, action, since);
    if (!e && db == deferring &&
        !(e = db_run(db, &pending,
                     "SELECT count(*) FROM audit_pending WHERE actor_id=?1 AND action=?2 AND "
                     "created_at > ?3",
                     "itt", actor_id, action, since)))
        *out += pending;
    return e;
}

enum bp_err audit_append(struct db *db, long long actor_id, const char *action,
                         const char *collection, long long row_id, const char *before,
                         size_t before_len, const char *after, size_t after_len)
{
    char prev[HASH_HEX], hash[HASH_HEX], at[64];
    long long id = 1;
    pthread_mutex_lock(&K.lock);
    enum bp_err e = load_key(db, true);
    pthread_mutex_unlock(&K.lock);
    if (e) {
        fprintf(stderr, "bpmc: audit: cannot read or make the audit key %s\n", K.key_path);
        return BP_ERR_IO;
    }
    now_iso(at);
    if (db == deferring) {
        struct db_stmt *st;
        if ((e = db_prepare(db,
                            "INSERT INTO audit_pending(seq,actor_id,action,collection,row_id,"
                            "before,after,created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)",
                            &st)))
            return e;
        db_bind_int(st, 1, ++pending_seq);
        bind_entry(st, actor_id, action, collection, row_id, before, before_len, after, after_len);
        db_bind_text(st, 8, at, strlen(at));
        e = db_step(st) == DB_DONE ? BP_OK : BP_ERR_DB;
        db_reset(st);
        return e;
    }
    if ((e = next_link(db, &id, prev)))
        return e;
    return insert_row(db, id, prev, actor_id, action, collection, row_id, before, before_len, after,
                      after_len, at, hash);
}

struct checkpoint {
    long long id;
    char hash[HASH_HEX];
};

/* Read and check every checkpoint's signature; *out (malloc'd) in file order. */
static enum bp_err read_checkpoints(struct checkpoint **out, size_t *n, struct audit_verdict *v)
{
    *out = NULL;
    *n = 0;
    FILE *f = fopen(K.checkpoint_path, "re");
    if (!f)
        return errno == ENOENT ? BP_OK : BP_ERR_IO;
    char line[512], hash[128], at[64], sig_hex[256], msg[256];
    size_t cap = 0, lineno = 0;
    enum bp_err e = BP_OK;
    while (fgets(line, sizeof(line), f)) {
        long long id;
        unsigned char sig[crypto_sign_BYTES];
        size_t sl = 0;
        lineno++;
        if (sscanf(line, "%lld %127s %63s %255s", &id, hash, at, sig_hex) != 4 ||
            strlen(hash) != HASH_HEX - 1 ||
            sodium_hex2bin(sig, sizeof(sig), sig_hex, strlen(sig_hex), NULL, &sl, NULL) != 0 ||
            sl != sizeof(sig)) {
            snprintf(v->why, sizeof(v->why), "checkpoint line %zu is malformed", lineno);
            e = BP_ERR_INVALID;
            break;
        }
        int m = checkpoint_message(msg, sizeof(msg), id, hash, at);
        if (crypto_sign_verify_detached(sig, (const unsigned char *)msg, (unsigned long long)m, K.pk) != 0) {
            snprintf(v->why, sizeof(v->why), "checkpoint line %zu is not signed by this key", lineno);
            e = BP_ERR_INVALID;
            break;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            struct checkpoint *grown = realloc(*out, cap * sizeof(**out));
            if (!grown) {
                e = BP_ERR_NOMEM;
                break;
            }
            *out = grown;
        }
        (*out)[*n].id = id;
        memcpy((*out)[*n].hash, hash, HASH_HEX); /* 64 hex digits and their NUL: checked above */
        (*n)++;
    }
    fclose(f);
    return e;
}

static int by_id(const void *a, const void *b)
{
    long long x = ((const struct checkpoint *)a)->id, y = ((const struct checkpoint *)b)->id;
    return x < y ? -1 : x > y;
}

enum bp_err audit_verify_all(struct db *db, struct audit_verdict *v)
{
    memset(v, 0, sizeof(*v));
    long long last_id = 0;
    char last_hash[HASH_HEX];
    pthread_mutex_lock(&K.lock);
    enum bp_err e = load_key(db, false);
    if (e == BP_ERR_NOT_FOUND) {
        /* no key: only a database without audit rows may lack one */
        e = head(db, &last_id, last_hash);
        if (!e && last_id > 0) {
            snprintf(v->why, sizeof(v->why), "the audit key %s is missing", K.key_path);
            e = BP_ERR_NOT_FOUND;
        }
        pthread_mutex_unlock(&K.lock);
        return e;
    }
    if (e) {
        snprintf(v->why, sizeof(v->why), "the audit key %s cannot be read", K.key_path);
        pthread_mutex_unlock(&K.lock);
        return e;
    }
    struct checkpoint *cps = NULL;
    size_t ncp = 0, next_cp = 0;
    if ((e = read_checkpoints(&cps, &ncp, v))) {
        pthread_mutex_unlock(&K.lock);
        free(cps);
        return e;
    }
    if (ncp) /* qsort wants an array, even of none */
        qsort(cps, ncp, sizeof(*cps), by_id);
    v->checkpoints = (long long)ncp;
    char prev[HASH_HEX], hash[HASH_HEX];
    struct db_stmt *st;
    if ((e = db_prepare(db,
                        "SELECT id, coalesce(actor_id,0), action, collection, "
                        "coalesce(row_id,0), before, after, created_at, prev_hash, hash "
                        "FROM audit ORDER BY id",
                        &st))) {
        pthread_mutex_unlock(&K.lock);
        free(cps);
        return e;
    }
    snprintf(prev, sizeof(prev), "%s", GENESIS);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        size_t before_len, after_len;
        long long id = db_column_int(st, 0);
        const char *before = db_column_is_null(st, 5) ? NULL : db_column_text(st, 5, &before_len);
        const char *after = db_column_is_null(st, 6) ? NULL : db_column_text(st, 6, &after_len);
        row_hash(prev, id, db_column_int(st, 1), db_column_text(st, 2, NULL),
                 db_column_text(st, 3, NULL), db_column_int(st, 4), before, before ? before_len : 0,
                 after, after ? after_len : 0, db_column_text(st, 7, NULL), hash);
        if (strcmp(db_column_text(st, 8, NULL), prev) != 0 ||
            strcmp(db_column_text(st, 9, NULL), hash) != 0) {
            v->bad_id = id;
            snprintf(v->why, sizeof(v->why),
                     "audit row %lld: its hash or its link to the row before does not match "
                     "(edited, or a row before it deleted)", id);
            e = BP_ERR_INVALID;
            break;
        }
        /* a checkpoint's row must be there, and hold the hash it recorded */
        while (next_cp < ncp && cps[next_cp].id < id) {
            v->bad_id = cps[next_cp].id;
            snprintf(v->why, sizeof(v->why), "audit row %lld, recorded by a checkpoint, is missing",
                     cps[next_cp].id);
            e = BP_ERR_INVALID;
            break;
        }
        if (e)
            break;
        while (next_cp < ncp && cps[next_cp].id == id) {
            if (strcmp(cps[next_cp].hash, hash) != 0) {
                v->bad_id = id;
                snprintf(v->why, sizeof(v->why),
                         "audit row %lld differs from the head a checkpoint recorded", id);
                e = BP_ERR_INVALID;
                break;
            }
            next_cp++;
        }
        if (e)
            break;
        snprintf(prev, sizeof(prev), "%s", hash);
        last_id = id;
        v->rows++;
    }
    db_reset(st);
    if (!e && s == DB_FAIL)
        e = BP_ERR_DB;
    if (!e && next_cp < ncp) {
        v->bad_id = cps[ncp - 1].id;
        snprintf(v->why, sizeof(v->why),
                 "the audit log ends at row %lld but a checkpoint recorded row %lld: rows were "
                 "removed from its end", last_id, cps[ncp - 1].id);
        e = BP_ERR_INVALID;
    }
    if (!e && ncp)
        v->checkpoint_id = cps[ncp - 1].id;
    v->legacy = K.legacy;
    pthread_mutex_unlock(&K.lock);
    free(cps);
    return e;
}

enum bp_err audit_verify(struct db *db, long long *rows, long long *bad_id)
{
    struct audit_verdict v;
    enum bp_err e = audit_verify_all(db, &v);
    *rows = v.rows;
    *bad_id = v.bad_id;
    return e;
}

/* s as a JSON string: each run of well-formed UTF-8 escaped as such, each byte outside one as
 * U+FFFD. */
static enum bp_err add_text(struct buf *out, const char *s, size_t len)
{
    static const char replacement[] = "\xEF\xBF\xBD";
    if (valid_utf8(s, len))
        return buf_add_json_str(out, s, len);
    struct buf clean;
    buf_init(&clean, NULL, len * 3 + 1);
    size_t i = 0;
    while (i < len && !clean.failed) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            err_ignore(buf_add(&clean, replacement, 3));
            i++;
        } else {
            err_ignore(buf_add(&clean, s + i, n));
            i += n;
        }
    }
    enum bp_err e = clean.failed ? BP_ERR_NOMEM : buf_add_json_str(out, clean.data, clean.len);
    buf_release(&clean);
    return e;
}

enum bp_err audit_json(struct buf *out, const struct audit_field *fields)
{
    size_t start = out->len;
    enum bp_err e = buf_addch(out, '{');
    for (const struct audit_field *f = fields; !e && f->key; f++) {
        if (f != fields)
            e = buf_addch(out, ',');
        if (!e)
            e = buf_add_json_str(out, f->key, strlen(f->key));
        if (!e)
            e = buf_addch(out, ':');
        if (e)
            break;
        switch (f->kind) {
        case AUDIT_KIND_INT:
            e = buf_addf(out, "%lld", f->i);
            break;
        case AUDIT_KIND_BOOL:
            e = buf_adds(out, f->i ? "true" : "false");
            break;
        case AUDIT_KIND_TEXT:
            e = f->text ? add_text(out, f->text,
                                   f->len == AUDIT_NUL_TERMINATED ? strlen(f->text) : f->len)
                        : buf_adds(out, "null");
            break;
        case AUDIT_KIND_END:
        case AUDIT_KIND_NULL:
            e = buf_adds(out, "null");
            break;
        }
    }
    if (!e)
        e = buf_addch(out, '}');
    if (e) { /* as every appender: the buf as it was, flagged */
        out->len = start;
        if (out->alloc)
            out->data[start] = '\0';
        out->failed = true;
    }
    return e;
}

enum bp_err audit_record(struct db *db, long long actor_id, const char *action,
                         const char *collection, long long row_id,
                         const struct audit_field *before, const struct audit_field *after)
{
    struct buf b, a;
    buf_init(&b, NULL, LIMIT_AUDIT_NOTE_BYTES);
    buf_init(&a, NULL, LIMIT_AUDIT_NOTE_BYTES);
    enum bp_err e = before ? audit_json(&b, before) : BP_OK;
    if (!e && after)
        e = audit_json(&a, after);
    if (!e)
        e = audit_append(db, actor_id, action, collection, row_id, before ? b.data : NULL,
                         before ? b.len : 0, after ? a.data : NULL, after ? a.len : 0);
    buf_release(&b);
    buf_release(&a);
    return e;
}
