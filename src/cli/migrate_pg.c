/*
 * migrate-to-postgres: `bpmc migrate-to-postgres --from FILE --to URL` copies a SQLite database
 * into an empty PostgreSQL database (made or brought to the same schema by the migrations):
 * every table in the order its foreign keys need, ids kept, identities advanced past them, the
 * uploaded files (rows of `files`, their bytes checked against their SHA-256), and the audit
 * chain's key and checkpoint files beside the new database; then it compares every table row
 * by row (counts and digests on both sides) and verifies the audit chain on the copy.
 * All or nothing: the copy is one PostgreSQL transaction, committed only when the comparison
 * agrees, while the SQLite file's write lock is held (no writer can change it meanwhile).
 * `--verify` compares only (a copy made before, or checked again later).
 */
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/db.h"
#include "db/transfer.h"
#include "engine/audit.h"
#include "engine/search.h"
#include "modules/modules.h"
#include "base/banned.h"

#define CMD "migrate-to-postgres"

struct tally {
    bool verbose;
    int tables;
    long long rows;
};

static void note_table(void *user, const struct db_transfer_table *t)
{
    struct tally *y = user;
    y->tables++;
    y->rows += t->target_rows;
    bool same = t->source_rows == t->target_rows && strcmp(t->source_digest, t->target_digest) == 0;
    printf("  %-28s %8lld rows  %.16s %s %.16s", t->name, t->source_rows, t->source_digest,
           same ? "=" : "≠", t->target_digest);
    if (t->source_rows != t->target_rows)
        printf(" (target %lld rows)", t->target_rows);
    if (t->next_id)
        printf("  next id %lld", t->next_id);
    if (t->left_default)
        printf("  (%s: not in the source, left to its default)", t->left_default);
    printf("\n");
}

/* The uploaded files on the target: each row's bytes against its SHA-256 and size. */
static int check_files(struct db *db, long long *count, long long *bytes)
{
    *count = *bytes = 0;
    long long last = 0;
    for (;;) {
        struct db_stmt *st;
        if (db_prepare(db, "SELECT id, sha256, size, data FROM files WHERE id > ?1 ORDER BY id LIMIT 50",
                       &st))
            return 1;
        db_bind_int(st, 1, last);
        int rows = 0;
        enum db_step s;
        while ((s = db_step(st)) == DB_ROW) {
            rows++;
            last = db_column_int(st, 0);
            size_t n;
            const unsigned char *data = db_column_blob(st, 3, &n);
            unsigned char sum[crypto_hash_sha256_BYTES];
            char hex[crypto_hash_sha256_BYTES * 2 + 1];
            crypto_hash_sha256(sum, data, n);
            sodium_bin2hex(hex, sizeof(hex), sum, sizeof(sum));
            if (strcmp(hex, db_column_text(st, 1, NULL)) != 0 || (long long)n != db_column_int(st, 2)) {
                db_reset(st);
                fprintf(stderr, "bpmc " CMD ": file %lld on the target does not match its sha256 or size\n",
                        last);
                return 1;
            }
            (*count)++;
            *bytes += (long long)n;
        }
        db_reset(st);
        if (s != DB_DONE)
            return 1;
        if (rows < 50)
            return 0;
    }
}

/* Copy the file at from to a new file at to (its mode), synced. */
static bool copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return false;
    struct stat sb;
    int out = fstat(in, &sb) == 0 ? open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, sb.st_mode & 0777)
                                  : -1;
    bool ok = out >= 0;
    char block[1 << 15];
    ssize_t n;
    while (ok && (n = read(in, block, sizeof(block))) > 0)
        ok = write(out, block, (size_t)n) == n;
    ok = ok && n == 0 && fsync(out) == 0;
    close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    return ok;
}

/* The audit files to put beside the target: the source's key and checkpoints, copied first to
 * "<path>.migrating" and renamed into place after the commit. */
struct audit_files {
    char from_key[1100], from_cp[1100], to_key[1100], to_cp[1100];
    char tmp_key[1200], tmp_cp[1200];
    bool shared;         /* BPMC_AUDIT_KEY and BPMC_AUDIT_CHECKPOINTS: one place for both */
    bool key, cp;        /* the source has them */
};

static int stage_audit_files(struct db *dst, const char *from, struct audit_files *f)
{
    char target[1024];
    if (!db_filename(dst, target, sizeof(target))) {
        fprintf(stderr, "bpmc " CMD ": the target's file path is too long\n");
        return 1;
    }
    audit_paths(from, f->from_key, sizeof(f->from_key), f->from_cp, sizeof(f->from_cp));
    audit_paths(target, f->to_key, sizeof(f->to_key), f->to_cp, sizeof(f->to_cp));
    f->shared = strcmp(f->from_key, f->to_key) == 0 && strcmp(f->from_cp, f->to_cp) == 0;
    f->key = access(f->from_key, R_OK) == 0;
    f->cp = access(f->from_cp, R_OK) == 0;
    if (f->shared)
        return 0;
    snprintf(f->tmp_key, sizeof(f->tmp_key), "%s.migrating", f->to_key);
    snprintf(f->tmp_cp, sizeof(f->tmp_cp), "%s.migrating", f->to_cp);
    if ((f->key && !copy_file(f->from_key, f->tmp_key)) || (f->cp && !copy_file(f->from_cp, f->tmp_cp))) {
        fprintf(stderr, "bpmc " CMD ": cannot write the audit files beside the target (%s: %s); "
                        "set BPMC_PG_FILES to a folder bpmc may write\n",
                f->to_key, strerror(errno));
        unlink(f->tmp_key);
        unlink(f->tmp_cp);
        return 1;
    }
    return 0;
}

static void drop_audit_files(const struct audit_files *f)
{
    if (f->shared)
        return;
    unlink(f->tmp_key);
    unlink(f->tmp_cp);
}

static int place_audit_files(const struct audit_files *f)
{
    if (f->shared)
        return 0;
    bool ok = (!f->key || rename(f->tmp_key, f->to_key) == 0) &&
              (!f->cp || rename(f->tmp_cp, f->to_cp) == 0);
    /* none in the source (a database from before the key): none beside the copy either, so
     * that its first writer makes the key and seals the copied rows as the source's would */
    if (!f->key)
        ok = (unlink(f->to_key) == 0 || errno == ENOENT) && ok;
    if (!f->cp)
        ok = (unlink(f->to_cp) == 0 || errno == ENOENT) && ok;
    if (!ok)
        fprintf(stderr, "bpmc " CMD ": cannot move the audit files into place (%s): %s\n", f->to_key,
                strerror(errno));
    return ok ? 0 : 1;
}

static int verify_audit(struct db *dst)
{
    struct audit_verdict v;
    enum bp_err e = audit_verify_all(dst, &v);
    if (e) {
        fprintf(stderr, "bpmc " CMD ": the audit chain of the target does not verify%s%s\n",
                v.why[0] ? ": " : "", v.why);
        return 1;
    }
    printf("audit chain verified on the target: %lld rows, %lld checkpoints (the last at row %lld)\n",
           v.rows, v.checkpoints, v.checkpoint_id);
    return 0;
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "bpmc " CMD ": %s (see bpmc " CMD " --help)\n", msg);
    return 2;
}

int cmd_migrate_to_postgres(int argc, char **argv)
{
    static const struct option opts[] = {{"from", required_argument, NULL, 'f'},
                                         {"to", required_argument, NULL, 't'},
                                         {"verify", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *from = NULL, *to = NULL;
    bool verify_only = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'f') {
            from = optarg;
        } else if (c == 't') {
            to = optarg;
        } else if (c == 'v') {
            verify_only = true;
        } else if (c == 'h') {
            printf("usage: bpmc " CMD " --from FILE --to postgresql://… [--verify]\n"
                   "Copy a SQLite database into an empty PostgreSQL database and verify the copy\n"
                   "row by row: every table with its ids, the uploaded files, the audit chain's\n"
                   "key and checkpoints (to $BPMC_PG_FILES/<database>.audit-*). All or nothing:\n"
                   "one transaction, committed only when counts and digests agree. Stop bpmc\n"
                   "serve first: the SQLite file stays locked for writes during the copy.\n"
                   "--verify compares the two without copying (exit 1 when they differ).\n");
            return 0;
        } else {
            return usage_error("unknown option");
        }
    }
    if (optind != argc)
        return usage_error("unexpected argument");
    if (!from || !to)
        return usage_error("--from FILE and --to postgresql://… are required");
    if (db_kind_of(from) != DB_SQLITE || db_kind_of(to) != DB_POSTGRES)
        return usage_error("--from is a SQLite file, --to a postgres:// or postgresql:// URL");
    if (access(from, F_OK) != 0) {
        fprintf(stderr, "bpmc " CMD ": %s does not exist\n", from);
        return 1;
    }
    if (sodium_init() < 0)
        return 1;
    /* the entries say which rows search indexes: without them the index is made empty */
    if (modules_register()) {
        fprintf(stderr, "bpmc " CMD ": cannot register the modules\n");
        return 1;
    }
    char shown_buf[1100];
    const char *shown = db_display(to, shown_buf, sizeof(shown_buf));
    int rc = 1;
    struct db *src = NULL, *dst = NULL;
    struct db_transfer *plan = NULL;
    struct audit_files files = {.shared = true};
    bool src_tx = false, dst_tx = false, staged = false;
    char why[2048];
    /* the source, its writers locked out (the copy's snapshot is the last commit) */
    if (db_open(from, verify_only ? DB_READ : DB_WRITE, false, &src)) {
        fprintf(stderr, "bpmc " CMD ": cannot open %s\n", from);
        goto out;
    }
    if (db_exec(src, verify_only ? "BEGIN" : "BEGIN IMMEDIATE")) {
        fprintf(stderr, "bpmc " CMD ": %s is locked by a writer (a running bpmc serve?): stop it and "
                        "run again; nothing was copied\n", from);
        goto out;
    }
    src_tx = true;
    int src_version = 0, dst_version = 0;
    if (db_schema_version(src, &src_version))
        goto out;
    if (src_version != db_schema_latest()) {
        fprintf(stderr, "bpmc " CMD ": %s is at schema %d, this bpmc at %d: %s; nothing was copied\n",
                from, src_version, db_schema_latest(),
                src_version < db_schema_latest() ? "run bpmc migrate --db on it first"
                                                 : "use the bpmc that made it");
        goto out;
    }
    if (db_open(to, DB_WRITE, false, &dst)) {
        fprintf(stderr, "bpmc " CMD ": cannot connect to %s\n", shown);
        goto out;
    }
    if (db_schema_version(dst, &dst_version))
        goto out;
    if (!verify_only && dst_version == 0) {
        long long tables = 0;
        if (db_transfer_target_tables(dst, &tables))
            goto out;
        if (tables) {
            fprintf(stderr, "bpmc " CMD ": %s is not empty (%lld tables that bpmc did not make); "
                            "nothing was copied\n", shown, tables);
            goto out;
        }
        int applied = 0;
        if (db_migrate(dst, &applied)) {
            fprintf(stderr, "bpmc " CMD ": cannot make the schema in %s\n", shown);
            goto out;
        }
        printf("schema %d made in %s (%d migrations)\n", db_schema_latest(), shown, applied);
        dst_version = db_schema_latest();
    }
    if (dst_version != src_version) {
        fprintf(stderr, "bpmc " CMD ": %s is at schema %d, the source at %d; nothing was copied\n", shown,
                dst_version, src_version);
        goto out;
    }
    if (db_transfer_plan(src, dst, &plan, why, sizeof(why))) {
        fprintf(stderr, "bpmc " CMD ": %s\n", why);
        goto out;
    }
    char left[2048];
    db_transfer_left_out(plan, left, sizeof(left));
    struct tally tally = {0};
    if (verify_only) {
        printf("comparing %s with %s, table by table (rows, digest of every row):\n", from, shown);
        enum bp_err e = db_transfer_compare(plan, src, dst, note_table, &tally, why, sizeof(why));
        if (e) {
            fprintf(stderr, "bpmc " CMD ": %s differs from %s: %s\n", shown, from, why);
            goto out;
        }
        printf("the same: %d tables, %lld rows", tally.tables, tally.rows);
        if (left[0])
            printf(" (not compared, SQLite's own: %s)", left);
        printf("\n");
        rc = verify_audit(dst);
        goto out;
    }
    bool used;
    if (db_transfer_target_used(plan, dst, &used, why, sizeof(why)))
        goto out;
    if (used) {
        fprintf(stderr, "bpmc " CMD ": %s is not empty (%s); nothing was copied\n", shown, why);
        goto out;
    }
    if (stage_audit_files(dst, from, &files))
        goto out;
    staged = true;
    if (db_exec(dst, "BEGIN"))
        goto out;
    dst_tx = true;
    printf("copying %s into %s, table by table (rows, digest of every row: source = target):\n", from,
           shown);
    if (db_transfer_copy(plan, src, dst, note_table, &tally, why, sizeof(why))) {
        fprintf(stderr, "bpmc " CMD ": %s; nothing was copied\n", why);
        goto out;
    }
    long long nfiles, nbytes, indexed = 0;
    if (check_files(dst, &nfiles, &nbytes))
        goto out;
    /* search's index is made from the copied rows, in the same transaction (PostgreSQL's index
     * is not FTS5's: nothing of it is copied) */
    if (search_rebuild(dst, &indexed)) {
        fprintf(stderr, "bpmc " CMD ": cannot build the search index: %s; nothing was copied\n",
                db_errmsg(dst));
        goto out;
    }
    if (db_exec(dst, "COMMIT")) {
        fprintf(stderr, "bpmc " CMD ": the commit failed: %s; nothing was copied\n", db_errmsg(dst));
        goto out;
    }
    dst_tx = staged = false;
    if (place_audit_files(&files))
        goto out;
    printf("copied and verified: %d tables, %lld rows (counts and digests equal on both sides)\n",
           tally.tables, tally.rows);
    printf("uploaded files: %lld (%lld bytes), each matching its sha256\n", nfiles, nbytes);
    printf("search index: made from the rows, %lld rows indexed\n", indexed);
    if (left[0])
        printf("not copied, SQLite's own (the full-text index's storage; sqlite_sequence is read for "
               "the ids): %s\n", left);
    if (files.shared)
        printf("audit key and checkpoints: shared (BPMC_AUDIT_KEY, BPMC_AUDIT_CHECKPOINTS)\n");
    else
        printf("audit key and checkpoints: %s, %s\n", files.key ? files.to_key : "(no key in the source)",
               files.cp ? files.to_cp : "(no checkpoints in the source)");
    if (!files.shared && !files.key) {
        printf("audit chain: the source has no key (from before it); the first write on the "
               "target makes one and seals the copied rows\n");
        rc = 0;
    } else {
        rc = verify_audit(dst);
    }
    if (!rc)
        printf("bpmc: %s copied to %s; serve it with --db '%s'\n", from, shown, shown);
out:
    if (dst_tx)
        err_ignore(db_exec(dst, "ROLLBACK"));
    if (staged)
        drop_audit_files(&files);
    if (src_tx)
        err_ignore(db_exec(src, "ROLLBACK"));
    db_transfer_free(plan);
    if (dst)
        db_close(dst);
    if (src)
        db_close(src);
    return rc;
}
