/*
 * pg: the PostgreSQL backend of db.h, on libpq. A connection string is a postgres:// or
 * postgresql:// URI (libpq's). Statements are prepared on the server once per connection and
 * cached by their SQL text, as on SQLite; SQLite's placeholders (?, ?NNN, :name, @name,
 * $name) become $N when a statement is first prepared. Outside a transaction db_prepare
 * prepares on the server at once, so SQL that does not compile fails there, as on SQLite.
 * Inside one (a failed statement ends a PostgreSQL transaction), and for a statement with a
 * parameter the server cannot type alone (inside json_build_object, a bare SELECT ?1), the
 * prepare waits for the first step and declares what was bound: an integer int8, a blob
 * bytea, text text when the server could not tell; the rest the server infers. Results come back whole, as text, and are read like SQLite's: a
 * boolean reads as 1 or 0, a whole numeric as an integer, a bytea as its bytes.
 *
 * Failures are classified by SQLSTATE into enum db_failure, and the message of a unique
 * violation is written as SQLite writes it ("UNIQUE constraint failed: table.column"), which
 * callers read to name the field.
 */
#include "db/backend.h"

#include <errno.h>
#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/limits.h"
#include "base/banned.h"

/* The type OIDs of pg_type.h that results and parameters use. */
enum {
    OID_BOOL = 16,
    OID_BYTEA = 17,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_TEXT = 25,
    OID_NUMERIC = 1700,
};

struct pg_param {
    char *buf; /* the value as text (or bytes for a blob), owned */
    size_t cap;
    int len;
    bool set;     /* bound (else NULL) */
    bool binary;  /* a blob */
    bool integer; /* bound with db_bind_int */
};

struct pg_name {
    char *name; /* with its prefix character, as sqlite3_bind_parameter_index takes it */
    int idx;
};

struct pg_stmt {
    struct db_stmt base;
    struct pg_db *db;
    char *sql; /* the cache key */
    uint64_t hash;
    uint64_t last_use;
    char *text; /* the SQL with $N */
    char name[24];
    bool prepared;
    bool untyped; /* a parameter the server could not type from the statement alone */
    int nparams; /* the highest ?N: bindings 1..nparams */
    int nsent;   /* the parameters the statement uses, $1..$nsent */
    int *orig_of; /* $k is ?orig_of[k-1] */
    struct pg_param *params;
    const char **values; /* PQexecPrepared's arrays, nparams long */
    int *lens, *formats;
    Oid *types;
    struct pg_name *names;
    int nnames;
    PGresult *res;
    int row, nrows;
    unsigned char *blob; /* the unescaped bytea last read */
};

struct pg_db {
    struct db base;
    PGconn *conn;
    enum db_mode mode;
    bool read_only;
    struct pg_stmt *slots[LIMIT_STMT_CACHE];
    uint64_t clock;
    unsigned serial;
    long long changes;
    enum db_failure failure;
    bool conflicted; /* a deadlock or serialization failure since the last BEGIN */
    bool wrote;      /* the open transaction changed rows: its COMMIT moves the data version */
    bool versioned;  /* the table bpmc_data_version was seen (migration 0138) */
    char errmsg[512];
};

#define PG(db) ((struct pg_db *)(db))
#define ST(s) ((struct pg_stmt *)(s))

static uint64_t sql_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* --- errors --- */

static void set_msg(struct pg_db *db, enum db_failure kind, const char *msg)
{
    db->failure = kind;
    snprintf(db->errmsg, sizeof(db->errmsg), "%s", msg ? msg : "");
    size_t n = strlen(db->errmsg);
    while (n && (db->errmsg[n - 1] == '\n' || db->errmsg[n - 1] == ' '))
        db->errmsg[--n] = '\0';
}

/* "Key (a, b)=(…) already exists." and table t: "UNIQUE constraint failed: t.a, t.b". */
static void unique_msg(struct pg_db *db, const char *table, const char *detail, const char *msg)
{
    const char *open = detail ? strstr(detail, "Key (") : NULL;
    const char *close = open ? strstr(open, ")=") : NULL;
    if (!table || !open || !close) {
        /* a trigger's or a function's own text ("booking overlap: bookings.starts_at") */
        set_msg(db, DB_FAIL_UNIQUE, msg);
        return;
    }
    int n = snprintf(db->errmsg, sizeof(db->errmsg), "UNIQUE constraint failed: ");
    const char *p = open + 5;
    while (p < close && n > 0 && (size_t)n < sizeof(db->errmsg)) {
        const char *comma = memchr(p, ',', (size_t)(close - p));
        const char *end = comma ? comma : close;
        n += snprintf(db->errmsg + n, sizeof(db->errmsg) - (size_t)n, "%s%s.%.*s",
                      p == open + 5 ? "" : ", ", table, (int)(end - p), p);
        p = comma ? comma + 1 : close;
        while (p < close && *p == ' ')
            p++;
    }
    db->failure = DB_FAIL_UNIQUE;
}

static void take_error(struct pg_db *db, const PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg || !*msg)
        msg = PQerrorMessage(db->conn);
    if (!msg || !*msg)
        msg = res ? PQresStatus(PQresultStatus(res)) : "no result";
    if (!state) {
        set_msg(db, DB_FAIL_OTHER, msg);
        return;
    }
    if (strcmp(state, "23505") == 0 || strcmp(state, "23P01") == 0) {
        unique_msg(db, PQresultErrorField(res, PG_DIAG_TABLE_NAME),
                   strcmp(state, "23505") == 0 ? PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL) : NULL,
                   msg);
    } else if (strcmp(state, "23503") == 0) {
        set_msg(db, DB_FAIL_FOREIGN_KEY, "FOREIGN KEY constraint failed");
    } else if (strcmp(state, "23514") == 0 || strcmp(state, "23502") == 0) {
        char m[400];
        const char *c = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        const char *col = PQresultErrorField(res, PG_DIAG_COLUMN_NAME);
        const char *t = PQresultErrorField(res, PG_DIAG_TABLE_NAME);
        if (state[4] == '2')
            snprintf(m, sizeof(m), "NOT NULL constraint failed: %s.%s", t ? t : "", col ? col : "");
        else
            snprintf(m, sizeof(m), "CHECK constraint failed: %s", c ? c : msg);
        set_msg(db, DB_FAIL_CHECK, m);
    } else if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
               strcmp(state, "55P03") == 0) {
        set_msg(db, DB_FAIL_BUSY, msg);
        db->conflicted = true;
    } else if (strcmp(state, "53100") == 0) {
        set_msg(db, DB_FAIL_FULL, msg);
    } else if (strcmp(state, "25006") == 0) {
        set_msg(db, DB_FAIL_READONLY, msg);
    } else {
        set_msg(db, DB_FAIL_OTHER, msg);
    }
}

/* BPMC_DB_TRACE=1: each failed statement and why on stderr (porting SQL to PostgreSQL). */
static void trace(const struct pg_stmt *st, const struct pg_db *db)
{
    static _Atomic int on = -1;
    if (on < 0) {
        const char *v = getenv("BPMC_DB_TRACE");
        on = v && *v && strcmp(v, "0") != 0;
    }
    if (on)
        fprintf(stderr, "bpmc: db: %s\n  in: %s\n", db->errmsg, st->text);
}

/* --- connections --- */

static void pg_close(struct db *db);

/* What every connection sets: UTF-8, UTC, and for readers read-only transactions. */
static bool session_setup(struct pg_db *db)
{
    const char *set = db->mode == DB_READ
                          ? "SET client_encoding='UTF8'; SET TIME ZONE 'UTC';"
                            "SET default_transaction_read_only=on; SET client_min_messages=warning"
                          : "SET client_encoding='UTF8'; SET TIME ZONE 'UTC';"
                            "SET client_min_messages=warning";
    PGresult *r = PQexec(db->conn, set);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok)
        take_error(db, r);
    PQclear(r);
    if (ok && db->mode == DB_WRITE) {
        r = PQexec(db->conn, "SELECT pg_is_in_recovery() OR "
                             "current_setting('default_transaction_read_only')::boolean");
        ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
        /* a standby, or a database (or role) its administrator set read-only, refuses writes:
         * as SQLite's read-only file, writes answer 503 */
        db->read_only = ok && PQgetvalue(r, 0, 0)[0] == 't';
        if (!ok)
            take_error(db, r);
        PQclear(r);
    }
    return ok;
}

static enum bp_err pg_open(const char *path, enum db_mode mode, bool create, struct db **out)
{
    (void)create; /* the database is made by its administrator (createdb); bpmc makes tables */
    struct pg_db *db = calloc(1, sizeof(*db));
    if (!db)
        return BP_ERR_NOMEM;
    db->base.ops = &db_pg_ops;
    db->mode = mode;
    db->conn = PQconnectdb(path);
    if (!db->conn || PQstatus(db->conn) != CONNECTION_OK || !session_setup(db)) {
        /* the URI may hold a password: name the host part only */
        const char *at = strrchr(path, '@');
        fprintf(stderr, "bpmc: cannot open database postgres://%s: %s\n", at ? at + 1 : path + strcspn(path, ":") + 3,
                db->conn ? PQerrorMessage(db->conn) : "out of memory");
        pg_close(&db->base);
        return BP_ERR_DB;
    }
    *out = &db->base;
    return BP_OK;
}

static void stmt_free(struct pg_stmt *st)
{
    if (!st)
        return;
    PQclear(st->res);
    PQfreemem(st->blob);
    for (int i = 0; i < st->nparams; i++)
        free(st->params[i].buf);
    for (int i = 0; i < st->nnames; i++)
        free(st->names[i].name);
    free(st->params);
    free(st->orig_of);
    free(st->values);
    free(st->lens);
    free(st->formats);
    free(st->types);
    free(st->names);
    free(st->text);
    free(st->sql);
    free(st);
}

static void pg_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < LIMIT_STMT_CACHE; i++)
        stmt_free(PG(db)->slots[i]);
    PQfinish(PG(db)->conn);
    free(PG(db));
}

/* After a lost connection: reconnect once, and prepare every statement again. */
static bool ensure_connected(struct pg_db *db)
{
    if (PQstatus(db->conn) == CONNECTION_OK)
        return true;
    PQreset(db->conn);
    if (PQstatus(db->conn) != CONNECTION_OK || !session_setup(db))
        return false;
    for (size_t i = 0; i < LIMIT_STMT_CACHE; i++)
        if (db->slots[i])
            db->slots[i]->prepared = false;
    return true;
}

/* SQLite's spellings that reach db_exec, in PostgreSQL's: BEGIN IMMEDIATE (DEFERRED,
 * EXCLUSIVE) is BEGIN (the writer's row locks do the rest), and a PRAGMA alone (checkpoints,
 * the journal) means nothing to a server and succeeds without effect: *skip. The text to run
 * is sql itself or, for a BEGIN with more after it, a copy in *copy (freed by the caller). */
static const char *exec_text(const char *sql, char **copy, bool *skip)
{
    static const char *const begins[] = {"BEGIN IMMEDIATE", "BEGIN DEFERRED", "BEGIN EXCLUSIVE"};
    *copy = NULL;
    *skip = strncmp(sql, "PRAGMA ", 7) == 0 && !strchr(sql, ';');
    for (size_t i = 0; i < sizeof(begins) / sizeof(begins[0]); i++) {
        size_t n = strlen(begins[i]);
        if (strncmp(sql, begins[i], n) != 0 || (sql[n] && sql[n] != ';' && sql[n] != ' ' && sql[n] != '\n'))
            continue;
        if (!sql[n])
            return "BEGIN";
        if (asprintf(copy, "BEGIN%s", sql + n) < 0) {
            *copy = NULL;
            return NULL;
        }
        return *copy;
    }
    return sql;
}

/* --- the data version (docs/postgresql.md, "The answer cache") ---
 *
 * One row per database, bpmc_data_version (migration 0138), whose number every transaction of
 * bpmc that changed rows raises in the same message as its COMMIT: the rows and the new number
 * become visible together, before the writer answers, and only this database's writes move it
 * (pg_current_snapshot(), used before, is the whole cluster's). The raise is the transaction's
 * last statement, after every other lock it took (the audit chain's among them), and COMMIT
 * waits for nothing, so the row's lock closes no cycle of waits. */
#define VERSION_BUMP "UPDATE bpmc_data_version SET version = version + 1"

/* Whether the database has the version's table: looked up until it is seen (a database being
 * migrated gains it at 0138), then known. */
static bool has_version_table(struct pg_db *db)
{
    if (db->versioned)
        return true;
    PGresult *r = PQexec(db->conn, "SELECT to_regclass('bpmc_data_version') IS NOT NULL");
    db->versioned = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
                    PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return db->versioned;
}

/* The statement that just succeeded changed rows: inside a transaction its COMMIT will move the
 * version; alone (autocommit) it has committed already, and the version moves now, before the
 * caller can answer (a reader that polled the old number read the old rows or the new ones, never
 * the old rows under the new number). */
static void wrote_rows(struct pg_db *db)
{
    PGTransactionStatusType t = PQtransactionStatus(db->conn);
    if (t == PQTRANS_INTRANS || t == PQTRANS_INERROR) {
        db->wrote = true;
        return;
    }
    if (t != PQTRANS_IDLE || db->mode != DB_WRITE || !has_version_table(db))
        return;
    PGresult *r = PQexec(db->conn, VERSION_BUMP);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fprintf(stderr, "bpmc: db: the data version did not move after a write: %s",
                PQerrorMessage(db->conn));
    PQclear(r);
}

/* A command tag of a statement that changes rows (PQcmdStatus). */
static bool changes_rows(const char *tag)
{
    static const char *const verbs[] = {"INSERT ", "UPDATE ", "DELETE ", "MERGE ", "COPY "};
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strncmp(tag, verbs[i], strlen(verbs[i])) == 0)
            return true;
    return false;
}

/* A db_exec text that changes no rows: one statement of transaction control, a setting, the
 * writer's temporary table. Any other (a migration, the demo data, several statements) is taken
 * as a write: a version moved for nothing costs cached answers, one not moved would keep stale
 * ones. */
static bool exec_keeps_rows(const char *text)
{
    if (strchr(text, ';'))
        return false;
    static const char *const kinds[] = {"BEGIN",    "COMMIT",  "END",      "ROLLBACK",
                                        "SAVEPOINT", "RELEASE", "SET ",     "SELECT ",
                                        "CREATE TEMPORARY ", "DEALLOCATE "};
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strncmp(text, kinds[i], strlen(kinds[i])) == 0)
            return true;
    return false;
}

static enum bp_err pg_exec(struct db *dbp, const char *sql)
{
    struct pg_db *db = PG(dbp);
    char *copy;
    bool skip;
    const char *text = exec_text(sql, &copy, &skip);
    if (skip)
        return BP_OK;
    if (!text)
        return BP_ERR_NOMEM;
    if (!ensure_connected(db)) {
        set_msg(db, DB_FAIL_OTHER, PQerrorMessage(db->conn));
        free(copy);
        return BP_ERR_DB;
    }
    bool begin = strncmp(text, "BEGIN", 5) == 0;
    bool commit = strcmp(text, "COMMIT") == 0;
    if (begin)
        db->conflicted = false;
    /* a transaction that changed rows moves the data version with its COMMIT, in one message */
    bool bump = commit && db->wrote && PQtransactionStatus(db->conn) == PQTRANS_INTRANS &&
                has_version_table(db);
    PGresult *r = PQexec(db->conn, bump ? VERSION_BUMP "; COMMIT" : text);
    ExecStatusType s = PQresultStatus(r);
    bool ok = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY;
    if (begin || commit || strcmp(text, "ROLLBACK") == 0)
        db->wrote = false;
    if (!ok) {
        take_error(db, r);
        if (bump) /* the raise failed and the COMMIT was not run: end the transaction as it would */
            PQclear(PQexec(db->conn, "ROLLBACK"));
    } else if (!exec_keeps_rows(text)) {
        wrote_rows(db);
    } else if (commit && strcmp(PQcmdStatus(r), "ROLLBACK") == 0) {
        /* the COMMIT of a transaction a failed statement had ended rolls it back: nothing
         * was committed, and the caller must not say otherwise */
        set_msg(db, db->conflicted ? DB_FAIL_BUSY : DB_FAIL_OTHER,
                "COMMIT rolled back: a statement of the transaction had failed");
        ok = false;
    }
    free(copy);
    PQclear(r);
    return ok ? BP_OK : BP_ERR_DB;
}

static bool pg_read_only(struct db *db) { return PG(db)->mode == DB_WRITE && PG(db)->read_only; }

static enum bp_err pg_durability(struct db *dbp, struct db_durability *out)
{
    struct pg_db *db = PG(dbp);
    PGresult *r = PQexec(db->conn, "SELECT current_setting('fsync'), current_setting('synchronous_commit')");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
        take_error(db, r);
        PQclear(r);
        return BP_ERR_DB;
    }
    /* an acknowledged commit is on disk when fsync is on and the commit waits for its WAL */
    bool fsync = strcmp(PQgetvalue(r, 0, 0), "on") == 0;
    bool sync = strcmp(PQgetvalue(r, 0, 1), "off") != 0;
    out->synchronous = fsync && sync ? 2 : 0;
    out->wal = true;
    PQclear(r);
    return BP_OK;
}

/* --- statements --- */

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           (unsigned char)c >= 0x80;
}

static bool add_name(struct pg_stmt *st, const char *name, size_t len, int idx)
{
    struct pg_name *n = realloc(st->names, sizeof(*n) * (size_t)(st->nnames + 1));
    if (!n)
        return false;
    st->names = n;
    n[st->nnames].name = strndup(name, len);
    if (!n[st->nnames].name)
        return false;
    n[st->nnames++].idx = idx;
    return true;
}

/* SQLite's placeholders as $N, outside quotes and comments; st->nparams is the highest ?N. */
static bool translate(struct pg_stmt *st, const char *sql)
{
    size_t len = strlen(sql);
    char *out = malloc(len * 8 + 16), *o = out; /* ? at most \001 99999 \002 */
    if (!out)
        return false;
    int max = 0;
    const char *p = sql;
    while (*p) {
        char c = *p;
        if (c == '\'' || c == '"') { /* a literal or a quoted name, '' and "" inside */
            const char *q = p + 1;
            while (*q && !(*q == c && q[1] != c))
                q += *q == c ? 2 : 1;
            if (*q)
                q++;
            memcpy(o, p, (size_t)(q - p));
            o += q - p;
            p = q;
        } else if (c == '-' && p[1] == '-') {
            size_t n = strcspn(p, "\n");
            memcpy(o, p, n);
            o += n;
            p += n;
        } else if (c == '/' && p[1] == '*') {
            const char *q = strstr(p + 2, "*/");
            q = q ? q + 2 : p + strlen(p);
            memcpy(o, p, (size_t)(q - p));
            o += q - p;
            p = q;
        } else if (c == ':' && p[1] == ':') { /* a cast */
            *o++ = *p++;
            *o++ = *p++;
        } else if (c == '?' || (c == '$' && p[1] >= '0' && p[1] <= '9')) {
            p++;
            int n = 0;
            if (*p >= '0' && *p <= '9') {
                while (*p >= '0' && *p <= '9' && n < 100000)
                    n = n * 10 + (*p++ - '0');
            } else {
                n = max + 1;
            }
            if (n > max)
                max = n;
            o += snprintf(o, 16, "\001%d\002", n);
        } else if ((c == ':' || c == '@' || c == '$') &&
                   ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '_') &&
                   !(p > sql && ident_char(p[-1]))) {
            const char *q = p + 1;
            while (ident_char(*q))
                q++;
            int n = 0;
            for (int i = 0; i < st->nnames; i++)
                if (strlen(st->names[i].name) == (size_t)(q - p) &&
                    memcmp(st->names[i].name, p, (size_t)(q - p)) == 0)
                    n = st->names[i].idx;
            if (!n) {
                n = ++max;
                if (!add_name(st, p, (size_t)(q - p), n)) {
                    free(out);
                    return false;
                }
            }
            o += snprintf(o, 16, "\001%d\002", n);
            p = q;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    st->nparams = max;
    /* The parameters used, numbered densely for the server ($1, $2 … in the order of their
     * numbers): PostgreSQL must know the type of every $k up to the highest, and a statement
     * may use ?1..?5 and the scope's ?100 (engine/access.h). */
    if (max) {
        bool *used = calloc((size_t)max + 1, sizeof(bool));
        st->orig_of = calloc((size_t)max, sizeof(int));
        int *dense = calloc((size_t)max + 1, sizeof(int));
        if (!used || !st->orig_of || !dense) {
            free(used);
            free(dense);
            free(out);
            return false;
        }
        for (const char *m = strchr(out, '\001'); m; m = strchr(m + 1, '\001'))
            used[strtol(m + 1, NULL, 10)] = true;
        for (int k = 1; k <= max; k++)
            if (used[k]) {
                st->orig_of[st->nsent] = k;
                dense[k] = ++st->nsent;
            }
        char *text = malloc(strlen(out) + 1), *t = text;
        if (!text) {
            free(used);
            free(dense);
            free(out);
            return false;
        }
        for (const char *m = out; *m;) {
            if (*m == '\001') {
                int k = (int)strtol(m + 1, NULL, 10);
                t += snprintf(t, 16, "$%d", dense[k]);
                m = strchr(m, '\002') + 1;
            } else {
                *t++ = *m++;
            }
        }
        *t = '\0';
        free(out);
        free(used);
        free(dense);
        out = text;
    }
    st->text = out;
    if (max) {
        size_t n = (size_t)max;
        st->params = calloc(n, sizeof(*st->params));
        st->values = calloc(n, sizeof(*st->values));
        st->lens = calloc(n, sizeof(*st->lens));
        st->formats = calloc(n, sizeof(*st->formats));
        st->types = calloc(n, sizeof(*st->types));
        if (!st->params || !st->values || !st->lens || !st->formats || !st->types)
            return false;
    }
    return true;
}

static void clear_result(struct pg_stmt *st)
{
    PQclear(st->res);
    st->res = NULL;
    PQfreemem(st->blob);
    st->blob = NULL;
    st->row = -1;
    st->nrows = 0;
}

static enum bp_err pg_prepare(struct db *dbp, const char *sql, struct db_stmt **out)
{
    struct pg_db *db = PG(dbp);
    uint64_t h = sql_hash(sql);
    size_t victim = 0;
    db->clock++;
    for (size_t i = 0; i < LIMIT_STMT_CACHE; i++) {
        struct pg_stmt *s = db->slots[i];
        if (s && s->hash == h && strcmp(s->sql, sql) == 0) {
            clear_result(s);
            for (int k = 0; k < s->nparams; k++)
                s->params[k].set = false;
            s->last_use = db->clock;
            *out = &s->base;
            return BP_OK;
        }
        /* the first empty slot, else the least recently used */
        if (db->slots[victim] && (!s || s->last_use < db->slots[victim]->last_use))
            victim = i;
    }
    struct pg_stmt *st = calloc(1, sizeof(*st));
    if (!st)
        return BP_ERR_NOMEM;
    st->base.ops = &db_pg_ops;
    st->db = db;
    st->hash = h;
    st->row = -1;
    st->sql = strdup(sql);
    if (!st->sql || !translate(st, sql)) {
        stmt_free(st);
        return BP_ERR_NOMEM;
    }
    snprintf(st->name, sizeof(st->name), "bpmc%u", ++db->serial);
    struct pg_stmt *old = db->slots[victim];
    if (old) {
        if (old->prepared && PQstatus(db->conn) == CONNECTION_OK) {
            char dealloc[48];
            snprintf(dealloc, sizeof(dealloc), "DEALLOCATE %s", old->name);
            PQclear(PQexec(db->conn, dealloc));
        }
        stmt_free(old);
    }
    /* Outside a transaction the statement is prepared now, so that SQL that does not compile
     * fails here as on SQLite (a failure inside a transaction would end it: there the prepare
     * waits for the first step). A parameter with no context to type it waits too. */
    if (PQstatus(db->conn) == CONNECTION_OK && PQtransactionStatus(db->conn) == PQTRANS_IDLE) {
        PGresult *r = PQprepare(db->conn, st->name, st->text, st->nsent, NULL);
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (PQresultStatus(r) == PGRES_COMMAND_OK) {
            st->prepared = true;
        } else if (!state || strcmp(state, "42P18") != 0) {
            take_error(db, r);
            trace(st, db);
            PQclear(r);
            stmt_free(st);
            return BP_ERR_DB;
        } else {
            st->untyped = true;
        }
        PQclear(r);
    }
    db->slots[victim] = st;
    st->last_use = db->clock;
    *out = &st->base;
    return BP_OK;
}

static struct pg_param *param(struct db_stmt *st, int idx)
{
    if (idx < 1 || idx > ST(st)->nparams)
        return NULL;
    clear_result(ST(st));
    return &ST(st)->params[idx - 1];
}

static bool param_store(struct pg_param *p, const void *data, size_t len)
{
    if (p->cap < len + 1) {
        char *b = realloc(p->buf, len + 1);
        if (!b)
            return false;
        p->buf = b;
        p->cap = len + 1;
    }
    if (len)
        memcpy(p->buf, data, len);
    p->buf[len] = '\0';
    p->len = (int)len;
    return true;
}

static void pg_bind_int(struct db_stmt *st, int idx, long long v)
{
    struct pg_param *p = param(st, idx);
    char text[24];
    int n = snprintf(text, sizeof(text), "%lld", v);
    if (p) {
        p->set = param_store(p, text, (size_t)n);
        p->binary = false;
        p->integer = true;
    }
}

static void pg_bind_text(struct db_stmt *st, int idx, const char *s, size_t len)
{
    struct pg_param *p = param(st, idx);
    if (p) {
        p->set = param_store(p, s, len);
        p->binary = false;
        p->integer = false;
    }
}

static void pg_bind_null(struct db_stmt *st, int idx)
{
    struct pg_param *p = param(st, idx);
    if (p)
        p->set = false;
}

static void pg_bind_blob(struct db_stmt *st, int idx, const void *data, size_t len)
{
    struct pg_param *p = param(st, idx);
    if (p) {
        p->set = param_store(p, data, len);
        p->binary = true;
        p->integer = false;
    }
}

static int pg_param_index(struct db_stmt *st, const char *name)
{
    if (name[0] == '?') { /* "?NNN", as sqlite3_bind_parameter_index reads it */
        char *end;
        long n = strtol(name + 1, &end, 10);
        return !*end && n >= 1 && n <= ST(st)->nparams ? (int)n : 0;
    }
    for (int i = 0; i < ST(st)->nnames; i++)
        if (strcmp(ST(st)->names[i].name, name) == 0)
            return ST(st)->names[i].idx;
    return 0;
}

static bool server_prepare(struct pg_stmt *st)
{
    for (int i = 0; i < st->nsent; i++) {
        const struct pg_param *p = &st->params[st->orig_of[i] - 1];
        st->types[i] = !p->set ? 0 : p->integer ? OID_INT8 : p->binary ? OID_BYTEA
                                : st->untyped ? OID_TEXT /* as SQLite takes it */ : 0;
    }
    PGresult *r = PQprepare(st->db->conn, st->name, st->text, st->nsent, st->types);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) {
        take_error(st->db, r);
        trace(st, st->db);
    }
    PQclear(r);
    st->prepared = ok;
    return ok;
}

static enum db_step pg_step(struct db_stmt *sp)
{
    struct pg_stmt *st = ST(sp);
    struct pg_db *db = st->db;
    PQfreemem(st->blob);
    st->blob = NULL;
    if (st->res) {
        if (st->row + 1 < st->nrows) {
            st->row++;
            return DB_ROW;
        }
        st->row = st->nrows;
        return DB_DONE;
    }
    if (!ensure_connected(db)) {
        set_msg(db, DB_FAIL_OTHER, PQerrorMessage(db->conn));
        return DB_FAIL;
    }
    if (!st->prepared && !server_prepare(st))
        return DB_FAIL;
    for (int i = 0; i < st->nsent; i++) {
        const struct pg_param *p = &st->params[st->orig_of[i] - 1];
        st->values[i] = p->set ? p->buf : NULL;
        st->lens[i] = p->len;
        st->formats[i] = p->binary ? 1 : 0;
    }
    PGresult *r = PQexecPrepared(db->conn, st->name, st->nsent, st->values, st->lens,
                                 st->formats, 0);
    ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
        const char *n = PQcmdTuples(r);
        db->changes = *n ? atoll(n) : 0;
        if (db->changes > 0 && changes_rows(PQcmdStatus(r)))
            wrote_rows(db);
        st->res = r;
        st->nrows = s == PGRES_TUPLES_OK ? PQntuples(r) : 0;
        st->row = 0;
        if (st->nrows)
            return DB_ROW;
        st->row = st->nrows;
        return DB_DONE;
    }
    take_error(db, r);
    PQclear(r);
    trace(st, db);
    return DB_FAIL;
}

static void pg_reset(struct db_stmt *st) { clear_result(ST(st)); }

static int pg_column_count(struct db_stmt *st) { return ST(st)->res ? PQnfields(ST(st)->res) : 0; }

static bool in_row(struct pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < st->nrows && col >= 0 && col < PQnfields(st->res);
}

static bool pg_column_is_null(struct db_stmt *sp, int col)
{
    struct pg_stmt *st = ST(sp);
    return !in_row(st, col) || PQgetisnull(st->res, st->row, col);
}

static bool pg_column_is_int(struct db_stmt *sp, int col)
{
    struct pg_stmt *st = ST(sp);
    if (pg_column_is_null(sp, col))
        return false;
    Oid t = PQftype(st->res, col);
    if (t == OID_INT8 || t == OID_INT4 || t == OID_INT2 || t == OID_BOOL)
        return true;
    if (t == OID_NUMERIC) /* sum() of integers: an integer when it has no fraction */
        return !strpbrk(PQgetvalue(st->res, st->row, col), ".eEN");
    return false;
}

static long long pg_column_int(struct db_stmt *sp, int col)
{
    struct pg_stmt *st = ST(sp);
    if (pg_column_is_null(sp, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == OID_BOOL)
        return v[0] == 't';
    if (PQftype(st->res, col) == OID_NUMERIC && strpbrk(v, ".eE"))
        return (long long)strtod(v, NULL);
    return strtoll(v, NULL, 10);
}

static const char *pg_column_text(struct db_stmt *sp, int col, size_t *len)
{
    struct pg_stmt *st = ST(sp);
    if (pg_column_is_null(sp, col)) {
        if (len)
            *len = 0;
        return "";
    }
    const char *v = PQgetvalue(st->res, st->row, col);
    if (PQftype(st->res, col) == OID_BOOL)
        v = v[0] == 't' ? "1" : "0";
    if (len)
        *len = strlen(v);
    return v;
}

static const void *pg_column_blob(struct db_stmt *sp, int col, size_t *len)
{
    struct pg_stmt *st = ST(sp);
    *len = 0;
    if (pg_column_is_null(sp, col))
        return "";
    if (PQftype(st->res, col) != OID_BYTEA)
        return pg_column_text(sp, col, len);
    PQfreemem(st->blob);
    st->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(st->res, st->row, col), len);
    return st->blob ? (const void *)st->blob : "";
}

static const char *pg_errmsg(struct db *db) { return PG(db)->errmsg; }
static enum db_failure pg_failure(struct db *db) { return PG(db)->failure; }
static bool pg_conflicted(struct db *db) { return PG(db)->conflicted; }
static long long pg_changes(struct db *db) { return PG(db)->changes; }

static long long pg_last_id(struct db *dbp)
{
    /* the last value of a sequence this session took: the identity of the last INSERT */
    struct pg_db *db = PG(dbp);
    PGresult *r = PQexec(db->conn, "SELECT lastval()");
    long long id = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
                       ? strtoll(PQgetvalue(r, 0, 0), NULL, 10)
                       : 0;
    PQclear(r);
    return id;
}

/* A number that changes whenever a transaction that changed rows of this database commits, in
 * any server: the row bpmc_data_version, which each such transaction of bpmc raises with its
 * COMMIT (above). A database without it (before migration 0138) falls back to the text of the
 * current snapshot (xmin:xmax:running), hashed: every commit in the whole cluster moves it,
 * another database's too. */
static enum bp_err pg_data_version(struct db *dbp, long long *out)
{
    struct pg_db *db = PG(dbp);
    bool row = has_version_table(db);
    struct db_stmt *st;
    enum bp_err e = pg_prepare(dbp, row ? "SELECT version FROM bpmc_data_version"
                                        : "SELECT pg_current_snapshot()::text",
                               &st);
    if (e)
        return e;
    if (pg_step(st) != DB_ROW) {
        pg_reset(st);
        return BP_ERR_DB;
    }
    *out = row ? pg_column_int(st, 0) : (long long)(sql_hash(pg_column_text(st, 0, NULL)) >> 1);
    pg_reset(st);
    return BP_OK;
}

/* A value of a libpq keyword/value connection string: quoted, \ and ' escaped. */
static void conninfo_add(char *out, size_t size, const char *key, const char *value)
{
    if (!value || !*value)
        return;
    size_t len = strlen(out);
    int n = snprintf(out + len, size - len, "%s%s='", len ? " " : "", key);
    if (n < 0 || (size_t)n >= size - len)
        return;
    len += (size_t)n;
    for (const char *v = value; *v && len + 3 < size; v++) {
        if (*v == '\\' || *v == '\'')
            out[len++] = '\\';
        out[len++] = *v;
    }
    if (len + 2 <= size) {
        out[len++] = '\'';
        out[len] = '\0';
    }
}

/* The text of the first column of the first row of sql, into out ("" when none). */
static bool pg_query_text(struct pg_db *db, const char *sql, char *out, size_t size)
{
    PGresult *r = PQexec(db->conn, sql);
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    out[0] = '\0';
    if (ok && PQntuples(r) > 0)
        snprintf(out, size, "%s", PQgetvalue(r, 0, 0));
    if (!ok)
        take_error(db, r);
    PQclear(r);
    return ok;
}

/* pg_dump --format=custom of this database to path, in a snapshot this connection exports
 * (so the probe reads what the dump holds), the password passed in the environment. */
static enum bp_err pg_backup(struct db *dbp, const char *path, const char *probe, long long *probe_value)
{
    struct pg_db *db = PG(dbp);
    char snapshot[128], value[64], conninfo[2048] = "";
    enum bp_err e = BP_ERR_DB;
    PGresult *r = PQexec(db->conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    bool begun = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!begun)
        take_error(db, r);
    PQclear(r);
    if (!begun || !pg_query_text(db, "SELECT pg_export_snapshot()", snapshot, sizeof(snapshot)) ||
        (probe && !pg_query_text(db, probe, value, sizeof(value)))) {
        fprintf(stderr, "bpmc: backup failed: %s\n", db->errmsg);
        goto out;
    }
    if (probe)
        *probe_value = strtoll(value, NULL, 10);
    conninfo_add(conninfo, sizeof(conninfo), "host", PQhost(db->conn));
    conninfo_add(conninfo, sizeof(conninfo), "port", PQport(db->conn));
    conninfo_add(conninfo, sizeof(conninfo), "user", PQuser(db->conn));
    conninfo_add(conninfo, sizeof(conninfo), "dbname", PQdb(db->conn));
    const char *env = getenv("BPMC_PG_DUMP");
    char program[512], file_arg[1200], snapshot_arg[200];
    snprintf(program, sizeof(program), "%s", env && *env ? env : "pg_dump");
    snprintf(file_arg, sizeof(file_arg), "--file=%s", path);
    snprintf(snapshot_arg, sizeof(snapshot_arg), "--snapshot=%s", snapshot);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "bpmc: backup failed: cannot start %s: %s\n", program, strerror(errno));
        goto out;
    }
    if (pid == 0) {
        const char *password = PQpass(db->conn);
        if (password && *password)
            setenv("PGPASSWORD", password, 1);
        char *const args[] = {program, "--format=custom", "--no-password", file_arg,
                              snapshot_arg, "--dbname", conninfo, NULL};
        execvp(program, args);
        fprintf(stderr, "bpmc: backup failed: cannot run %s: %s\n", program, strerror(errno));
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        continue;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        e = BP_OK;
    else
        fprintf(stderr, "bpmc: backup failed: %s exited with status %d\n", program,
                WIFEXITED(status) ? WEXITSTATUS(status) : -1);
out:
    if (begun)
        PQclear(PQexec(db->conn, "ROLLBACK"));
    return e;
}

static bool pg_filename(struct db *db, char *out, size_t size)
{
    const char *dir = getenv("BPMC_PG_FILES");
    int n = snprintf(out, size, "%s/%s", dir && *dir ? dir : "data", PQdb(PG(db)->conn));
    return n > 0 && (size_t)n < size;
}

const struct db_ops db_pg_ops = {
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .read_only = pg_read_only,
    .durability = pg_durability,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .column_blob = pg_column_blob,
    .param_index = pg_param_index,
    .step = pg_step,
    .reset = pg_reset,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_is_int = pg_column_is_int,
    .column_int = pg_column_int,
    .column_text = pg_column_text,
    .errmsg = pg_errmsg,
    .failure = pg_failure,
    .conflicted = pg_conflicted,
    .changes = pg_changes,
    .last_id = pg_last_id,
    .data_version = pg_data_version,
    .backup = pg_backup,
    .filename = pg_filename,
};
