/*
 * commands: init, migrate, serve, user, backup, openapi, version. Each parses its flags (getopt_long),
 * opens what it needs and reports in one line.
 */
#include "cli/cli.h"

#include <fcntl.h>
#include <getopt.h>
#include <ini.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/platform.h"
#include "modules/modules.h"
#include "engine/audit.h"
#include "engine/access_log.h"
#include "base/limits.h"
#include "engine/resource.h"
#include "engine/search.h"
#include "base/validate.h"
#include "db/db.h"
#include "modules/accounts/credentials.h"
#include "http/server.h"
#include "db/dialect.h"
#include "base/banned.h"

#define BPMC_VERSION "0.1.0"

const char *cli_db_path(const char *flag)
{
    if (flag)
        return flag;
    const char *env = getenv("BPMC_DB");
    return env && *env ? env : "data/bpmc.db";
}

bool cli_db_exists(const char *path)
{
    /* a server's database is there or not when connecting says so */
    return db_kind_of(path) == DB_POSTGRES || access(path, F_OK) == 0;
}

static int usage_error(const char *cmd, const char *msg)
{
    fprintf(stderr, "bpmc %s: %s (see bpmc %s --help)\n", cmd, msg, cmd);
    return 2;
}

/* Fill the search index when it is empty (a new database, or one from before the index), in
 * one transaction. */
static enum bp_err fill_search(struct db *db)
{
    long long indexed;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e && !(e = search_fill_if_empty(db, &indexed)))
        e = db_exec(db, "COMMIT");
    if (e) {
        fprintf(stderr, "bpmc: cannot build the search index: %s\n", db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
    }
    return e;
}

/* The modules' entries, registered once per process. */
static BP_MUST_USE enum bp_err register_modules(void)
{
    static bool registered;
    if (registered)
        return BP_OK;
    enum bp_err e = modules_register();
    registered = e == BP_OK;
    return e;
}

/* Open and bring the schema up to date, the search index included. */
static enum bp_err open_migrated(const char *path, bool create, struct db **db, int *applied)
{
    enum bp_err e = db_open(path, DB_WRITE, create, db);
    if (e)
        return e;
    if ((e = register_modules()) || (e = db_migrate(*db, applied)) || (e = fill_search(*db)))
        goto out_fail;
    /* The audit chain's key, made on the first open of a database that has none (a new one,
     * or one from before the key: its rows are sealed by a first checkpoint). Writes say so
     * again if it cannot be made. */
    if (sodium_init() < 0 || audit_key_init(*db) || audit_checkpoint(*db))
        fprintf(stderr, "bpmc: cannot make or read the audit key of %s (docs/privacy.md)\n", path);
    return BP_OK;
out_fail:
    db_close(*db);
    *db = NULL;
    return e;
}

/* The demo cluster's operator: a fresh random password, printed once and kept beside the
 * database (owner-only) so that `make run` can show how to log in. */
static int demo_operator(struct db *db, const char *db_path)
{
    unsigned char raw[12];
    char password[64], hash[ACCOUNTS_HASH_SIZE], note[1200];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2base64(password, sizeof(password), raw, sizeof(raw),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    snprintf(password + strlen(password), sizeof(password) - strlen(password), "-Bp7");
    if (accounts_password_hash(password, hash))
        return 1;
    struct db_stmt *st;
    if (db_prepare(db, "INSERT INTO users(email,name,password_hash,role,org_id) VALUES "
                       "('admin@demo.bpmc.kr','데모 운영자',?1,'operator-admin',"
                       "(SELECT id FROM orgs WHERE name='고양 바이오 정밀의료 협력지원센터'))", &st))
        return 1;
    db_bind_text(st, 1, hash, strlen(hash));
    enum db_step s = db_step(st);
    db_reset(st);
    if (s != DB_DONE ||
        audit_record(db, 0, "create", "users", db_last_id(db), NULL,
                     (const struct audit_field[]){AUDIT_TEXT("email", "admin@demo.bpmc.kr"),
                                                  AUDIT_TEXT("role", "operator-admin"), AUDIT_END}))
        return 1;
    const char *slash = strrchr(db_path, '/');
    snprintf(note, sizeof(note), "%.*sdemo-login.txt", slash ? (int)(slash - db_path + 1) : 0, db_path);
    if (db_kind_of(db_path) == DB_POSTGRES) { /* no folder beside a server's database */
        printf("bpmc: demo operator admin@demo.bpmc.kr, password %s\n", password);
        sodium_memzero(password, sizeof(password));
        return 0;
    }
    FILE *f = fopen(note, "w");
    if (f) {
        fchmod(fileno(f), 0600);
        fprintf(f, "e-mail:   admin@demo.bpmc.kr\npassword: %s\n", password);
        fclose(f);
    }
    printf("bpmc: demo operator admin@demo.bpmc.kr, password %s (also in %s)\n", password, note);
    sodium_memzero(password, sizeof(password));
    return 0;
}

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"demo", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *db_flag = NULL;
    bool demo = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd')
            db_flag = optarg;
        else if (c == 'D')
            demo = true;
        else if (c == 'h') {
            printf("usage: bpmc init [--db PATH] [--demo]\n"
                   "Create the database or upgrade its schema; --demo loads the seed cluster\n"
                   "(its hospitals, universities, institutes, city contacts) and a marked\n"
                   "synthetic population, once, into an empty database.\n");
            return 0;
        } else
            return usage_error("init", "unknown option");
    }
    if (optind != argc)
        return usage_error("init", "unexpected argument");
    const char *path = cli_db_path(db_flag);
    struct db *db;
    int applied;
    if (open_migrated(path, true, &db, &applied))
        return 1;
    int rc = 0;
    char shown[1100];
    long long orgs = 0;
    if (sodium_init() < 0 || audit_key_init(db)) {
        fprintf(stderr, "bpmc init: cannot make the audit key beside %s\n", path);
        db_close(db);
        return 1;
    }
    if (demo && db_query_int(db, "SELECT count(*) FROM orgs", 0, &orgs) == BP_OK && orgs == 0) {
        if (sodium_init() < 0 || db_load_demo(db) || demo_operator(db, path) || fill_search(db)) {
            fprintf(stderr, "bpmc init: loading the demo cluster failed\n");
            rc = 1;
        } else if (db_query_int(db, "SELECT count(*) FROM orgs", 0, &orgs) == BP_OK) {
            printf("bpmc: demo cluster loaded into %s (%lld organisations)\n",
                   db_display(path, shown, sizeof(shown)), orgs);
        }
    } else if (demo) {
        printf("bpmc: %s already holds data; demo not loaded again\n", path);
    }
    if (audit_checkpoint(db)) {
        fprintf(stderr, "bpmc init: cannot write the audit checkpoint\n");
        rc = 1;
    }
    printf("bpmc: database %s ready (schema %d, %d migration%s applied)\n", db_display(path, shown, sizeof(shown)),
           db_schema_latest(), applied, applied == 1 ? "" : "s");
    db_close(db);
    return rc;
}

/* For commands whose only option is --db: the existing database's path in *path, or the exit
 * code (>= 0) to return at once (after --help, bad usage or a missing file). */
int cli_db_only_args(int argc, char **argv, const char *cmd, const char *help,
                     const char **path)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *db_flag = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd') {
            db_flag = optarg;
        } else if (c == 'h') {
            printf("usage: bpmc %s [--db PATH]\n%s\n", cmd, help);
            return 0;
        } else {
            return usage_error(cmd, "unknown option");
        }
    }
    if (optind != argc)
        return usage_error(cmd, "unexpected argument");
    *path = cli_db_path(db_flag);
    if (!cli_db_exists(*path)) {
        fprintf(stderr, "bpmc %s: %s does not exist (run bpmc init)\n", cmd, *path);
        return 1;
    }
    return -1;
}

int cmd_migrate(int argc, char **argv)
{
    const char *path;
    int rc = cli_db_only_args(argc, argv, "migrate",
                          "Apply pending schema migrations, each in one transaction.", &path);
    if (rc >= 0)
        return rc;
    struct db *db;
    int applied;
    if (open_migrated(path, false, &db, &applied))
        return 1;
    char shown[1100];
    printf("bpmc: %s at schema %d (%d applied)\n", db_display(path, shown, sizeof(shown)),
           db_schema_latest(), applied);
    db_close(db);
    return 0;
}

int cmd_reindex(int argc, char **argv)
{
    const char *path;
    int rc = cli_db_only_args(argc, argv, "reindex",
                              "Make the search index again from the rows, in one transaction (a\n"
                              "server may keep serving: its searches see the old index until the end).",
                              &path);
    if (rc >= 0)
        return rc;
    struct db *db;
    int applied;
    if (open_migrated(path, false, &db, &applied))
        return 1;
    long long rows = 0;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e && !(e = search_rebuild(db, &rows)))
        e = db_exec(db, "COMMIT");
    if (e) {
        fprintf(stderr, "bpmc reindex: cannot build the search index: %s\n", db_errmsg(db));
        err_ignore(db_exec(db, "ROLLBACK"));
    } else {
        char shown[1100];
        printf("bpmc: %s: search index made again, %lld row%s\n",
               db_display(path, shown, sizeof(shown)), rows, rows == 1 ? "" : "s");
    }
    db_close(db);
    return e ? 1 : 0;
}

static bool parse_int_arg(const char *s, long long min, long long max, long long *out)
{
    return str_to_i64(str_from(s), min, max, out);
}

struct ini_ctx {
    struct server_config *cfg;
    char listen[128];
    char db[1024];
    char log[1024];
    char smtp_url[1024], mail_from[256], public_url[512], metrics_from[64];
    bool bad;
};

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    struct ini_ctx *x = user;
    long long v;
    (void)section;
    if (strcmp(name, "listen") == 0) {
        snprintf(x->listen, sizeof(x->listen), "%s", value);
        x->cfg->listen = x->listen;
    } else if (strcmp(name, "db") == 0) {
        snprintf(x->db, sizeof(x->db), "%s", value);
        x->cfg->db_path = x->db;
    } else if (strcmp(name, "access_log") == 0) {
        snprintf(x->log, sizeof(x->log), "%s", value);
        x->cfg->access_log = x->log;
    } else if (strcmp(name, "threads") == 0 && parse_int_arg(value, 1, LOOPS_MAX, &v)) {
        x->cfg->threads = (int)v;
    } else if (strcmp(name, "body_max") == 0 && parse_int_arg(value, 1024, LIMIT_BODY_CEILING, &v)) {
        x->cfg->body_max = (size_t)v;
    } else if (strcmp(name, "max_connections") == 0 && parse_int_arg(value, 1, 1000000, &v)) {
        x->cfg->max_connections = (int)v;
    } else if (strcmp(name, "max_connections_per_address") == 0 && parse_int_arg(value, 0, 65535, &v)) {
        x->cfg->max_connections_per_address = (int)v;
    } else if (strcmp(name, "header_timeout") == 0 && parse_int_arg(value, 1, 300, &v)) {
        x->cfg->header_timeout_s = (int)v;
    } else if (strcmp(name, "anonymous_rate") == 0 && parse_int_arg(value, 0, 100000, &v)) {
        x->cfg->anonymous_rate = (int)v;
    } else if (strcmp(name, "session_idle_s") == 0 && parse_int_arg(value, 60, 86400, &v)) {
        x->cfg->session_idle_s = (int)v;
    } else if (strcmp(name, "session_absolute_s") == 0 && parse_int_arg(value, 60, 604800, &v)) {
        x->cfg->session_absolute_s = (int)v;
    } else if (strcmp(name, "smtp_url") == 0 && strlen(value) < sizeof(x->smtp_url)) {
        snprintf(x->smtp_url, sizeof(x->smtp_url), "%s", value);
        x->cfg->smtp_url = x->smtp_url;
    } else if (strcmp(name, "mail_from") == 0 && strlen(value) < sizeof(x->mail_from)) {
        snprintf(x->mail_from, sizeof(x->mail_from), "%s", value);
        x->cfg->mail_from = x->mail_from;
    } else if (strcmp(name, "public_url") == 0 && strlen(value) < sizeof(x->public_url)) {
        snprintf(x->public_url, sizeof(x->public_url), "%s", value);
        x->cfg->public_url = x->public_url;
    } else if (strcmp(name, "admin_totp_grace_days") == 0 && parse_int_arg(value, 0, 90, &v)) {
        x->cfg->admin_totp_grace_days = (int)v;
    } else if (strcmp(name, "access_log_retention_days") == 0 &&
               parse_int_arg(value, LIMIT_ACCESS_RETENTION_DAYS, 36500, &v)) {
        x->cfg->access_log_retention_days = (int)v;
    } else if (strcmp(name, "token_max_days") == 0 && parse_int_arg(value, 1, 3650, &v)) {
        x->cfg->token_max_days = (int)v;
    } else if (strcmp(name, "sweep_seconds") == 0 && parse_int_arg(value, 0, 86400, &v)) {
        x->cfg->sweep_seconds = (int)v;
    } else if (strcmp(name, "sla_hours") == 0 && parse_int_arg(value, 1, 240, &v)) {
        x->cfg->sla_hours = (int)v;
    } else if (strcmp(name, "metrics_from") == 0 && strlen(value) < sizeof(x->metrics_from)) {
        snprintf(x->metrics_from, sizeof(x->metrics_from), "%s", value);
        x->cfg->metrics_from = x->metrics_from;
    } else if (strcmp(name, "trust_proxy") == 0 &&
               (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)) {
        x->cfg->trust_proxy = strcmp(value, "true") == 0;
    } else {
        fprintf(stderr, "bpmc serve: config: bad setting %s = %s\n", name, value);
        x->bad = true;
        return 0;
    }
    return 1;
}

int cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"listen", required_argument, NULL, 'l'},
        {"config", required_argument, NULL, 'c'},   {"threads", required_argument, NULL, 't'},
        {"workers", required_argument, NULL, 'w'},  {"body-max", required_argument, NULL, 'b'},
        {"max-connections", required_argument, NULL, 'm'},
        {"max-connections-per-address", required_argument, NULL, 'C'},
        {"header-timeout", required_argument, NULL, 'H'},
        {"anonymous-rate", required_argument, NULL, 'N'},
        {"audit-key", required_argument, NULL, 'K'},
        {"audit-checkpoints", required_argument, NULL, 'Q'},
        {"access-log", required_argument, NULL, 'a'}, {"secure-cookies", no_argument, NULL, 's'},
        {"session-idle", required_argument, NULL, 'i'},
        {"session-absolute", required_argument, NULL, 'A'},
        {"trust-proxy", no_argument, NULL, 'P'},
        {"admin-totp-grace-days", required_argument, NULL, 'G'},
        {"smtp-url", required_argument, NULL, 'S'},
        {"mail-from", required_argument, NULL, 'F'},
        {"public-url", required_argument, NULL, 'U'},
        {"access-log-retention-days", required_argument, NULL, 'R'},
        {"token-max-days", required_argument, NULL, 'T'},
        {"sweep-seconds", required_argument, NULL, 'W'},
        {"sla-hours", required_argument, NULL, 'L'},
        {"metrics-from", required_argument, NULL, 'M'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    long procs = sysconf(_SC_NPROCESSORS_ONLN);
    const char *listen_env = getenv("BPMC_LISTEN");
    struct server_config cfg = {
        .db_path = NULL,
        .listen = listen_env && *listen_env ? listen_env : "127.0.0.1:8080",
        .access_log = "-",
        .threads = procs > 0 ? (int)procs : 1,
        .workers = 2,
        .body_max = LIMIT_BODY_DEFAULT,
        .max_connections = LIMIT_CONNECTIONS_DEFAULT,
        .max_connections_per_address = LIMIT_CONNECTIONS_PER_ADDRESS,
        .header_timeout_s = LIMIT_REQ_TIMEOUT_S,
        .anonymous_rate = LIMIT_ANONYMOUS_RATE,
        .session_idle_s = LIMIT_SESSION_IDLE_S,
        .session_absolute_s = LIMIT_SESSION_ABSOLUTE_S,
        .admin_totp_grace_days = LIMIT_ADMIN_TOTP_GRACE_DAYS,
        .access_log_retention_days = LIMIT_ACCESS_RETENTION_DAYS,
        .token_max_days = LIMIT_TOKEN_MAX_DAYS,
        .sweep_seconds = 60,
        .sla_hours = 4,
    };
    const char *db_flag = NULL, *listen_flag = NULL, *config = NULL;
    const char *audit_key_flag = getenv("BPMC_AUDIT_KEY"), *audit_checkpoints_flag = getenv("BPMC_AUDIT_CHECKPOINTS");
    struct ini_ctx ini = {.cfg = &cfg};
    long long v;
    int c;
    /* The config file first, so flags given on the command line win. */
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--config") == 0)
            config = argv[i + 1];
    if (config && (ini_parse(config, on_ini, &ini) != 0 || ini.bad)) {
        fprintf(stderr, "bpmc serve: cannot read config %s\n", config);
        return 1;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db_flag = optarg;
            break;
        case 'l':
            listen_flag = optarg;
            break;
        case 'c':
            break;
        case 't':
            if (!parse_int_arg(optarg, 1, LOOPS_MAX, &v))
                return usage_error("serve", "--threads must be 1..16");
            cfg.threads = (int)v;
            break;
        case 'w':
            if (!parse_int_arg(optarg, 1, WORKERS_MAX, &v))
                return usage_error("serve", "--workers must be 1..8");
            cfg.workers = (int)v;
            break;
        case 'b':
            if (!parse_int_arg(optarg, 1024, LIMIT_BODY_CEILING, &v))
                return usage_error("serve", "--body-max must be 1024..67108864 bytes");
            cfg.body_max = (size_t)v;
            break;
        case 'm':
            if (!parse_int_arg(optarg, 1, 1000000, &v))
                return usage_error("serve", "--max-connections must be 1..1000000");
            cfg.max_connections = (int)v;
            break;
        case 'C':
            if (!parse_int_arg(optarg, 0, 65535, &v))
                return usage_error("serve", "--max-connections-per-address must be 0..65535");
            cfg.max_connections_per_address = (int)v;
            break;
        case 'H':
            if (!parse_int_arg(optarg, 1, 300, &v))
                return usage_error("serve", "--header-timeout must be 1..300 seconds");
            cfg.header_timeout_s = (int)v;
            break;
        case 'N':
            if (!parse_int_arg(optarg, 0, 100000, &v))
                return usage_error("serve", "--anonymous-rate must be 0..100000 a second");
            cfg.anonymous_rate = (int)v;
            break;
        case 'K':
            audit_key_flag = optarg;
            break;
        case 'Q':
            audit_checkpoints_flag = optarg;
            break;
        case 'a':
            cfg.access_log = strcmp(optarg, "off") == 0 ? NULL : optarg;
            break;
        case 's':
            cfg.secure_cookies = 1;
            break;
        case 'P':
            cfg.trust_proxy = 1;
            break;
        case 'i':
            if (!parse_int_arg(optarg, 60, 86400, &v))
                return usage_error("serve", "--session-idle must be 60..86400 seconds");
            cfg.session_idle_s = (int)v;
            break;
        case 'A':
            if (!parse_int_arg(optarg, 60, 604800, &v))
                return usage_error("serve", "--session-absolute must be 60..604800 seconds");
            cfg.session_absolute_s = (int)v;
            break;
        case 'S':
            cfg.smtp_url = optarg;
            break;
        case 'F':
            cfg.mail_from = optarg;
            break;
        case 'U':
            cfg.public_url = optarg;
            break;
        case 'G':
            if (!parse_int_arg(optarg, 0, 90, &v))
                return usage_error("serve", "--admin-totp-grace-days must be 0..90");
            cfg.admin_totp_grace_days = (int)v;
            break;
        case 'R':
            if (!parse_int_arg(optarg, LIMIT_ACCESS_RETENTION_DAYS, 36500, &v))
                return usage_error("serve", "--access-log-retention-days must be 365..36500 "
                                            "(개인정보의 안전성 확보조치 기준: at least a year)");
            cfg.access_log_retention_days = (int)v;
            break;
        case 'T':
            if (!parse_int_arg(optarg, 1, 3650, &v))
                return usage_error("serve", "--token-max-days must be 1..3650");
            cfg.token_max_days = (int)v;
            break;
        case 'W':
            if (!parse_int_arg(optarg, 0, 86400, &v))
                return usage_error("serve", "--sweep-seconds must be 0..86400");
            cfg.sweep_seconds = (int)v;
            break;
        case 'L':
            if (!parse_int_arg(optarg, 1, 240, &v))
                return usage_error("serve", "--sla-hours must be 1..240");
            cfg.sla_hours = (int)v;
            break;
        case 'M':
            cfg.metrics_from = optarg;
            break;
        case 'h':
            printf("usage: bpmc serve [--db PATH] [--listen ADDR:PORT] [--config FILE]\n"
                   "  --threads N           event loops (default: cores)\n"
                   "  --workers N           worker threads for slow work (default 2)\n"
                   "  --body-max BYTES      largest request body (default 1 MiB)\n"
                   "  --max-connections N   open connections at once (default 4096)\n"
                   "  --max-connections-per-address N   from one client address; beyond it a\n"
                   "                        503 (default 256, 0: no limit; off with --trust-proxy)\n"
                   "  --header-timeout S    a request head must arrive within S seconds, and an\n"
                   "                        idle keep-alive closes after it (default 10)\n"
                   "  --audit-key PATH      the audit chain's key file (default DB.audit-key;\n"
                   "                        also $BPMC_AUDIT_KEY)\n"
                   "  --audit-checkpoints PATH   signed heads of the audit chain (default\n"
                   "                        DB.audit-checkpoints; also $BPMC_AUDIT_CHECKPOINTS)\n"
                   "  --anonymous-rate N    API requests a second from one address without\n"
                   "                        signing in; beyond it 429 (default 50, 0: no limit)\n"
                   "  --access-log PATH|-|off  JSON-lines access log (default stdout)\n"
                   "  --session-idle S, --session-absolute S   session timeouts (1800, 43200)\n"
                   "  --admin-totp-grace-days N   days an operator-admin may work before enrolling\n"
                   "                        a second factor (default 7)\n"
                   "  --smtp-url URL        e-mail the outbox (invitations, resets) through this\n"
                   "                        server: smtp://host:25 or smtps://user:pass@host:465\n"
                   "  --mail-from ADDR      sender address (default bpmc@localhost)\n"
                   "  --public-url URL      where people reach bpmc, put in front of links in\n"
                   "                        e-mails (default http://LISTEN)\n"
                   "  --access-log-retention-days N   days access_log keeps a viewing, then\n"
                   "                        purged (default and minimum 365)\n"
                   "  --token-max-days N    longest life of an API token (default 365)\n"
                   "  --sweep-seconds N     sweep this often: bookings not checked in become\n"
                   "                        no-shows, support requests near their SLA are\n"
                   "                        escalated, KPI reports due are reminded (default 60;\n"
                   "                        0: off, run bpmc noshow-sweep, sla-escalate, kpi-remind)\n"
                   "  --sla-hours N         escalate deadlines due within N hours (1..240, default 4)\n"
                   "  --metrics-from ADDR|none  this client address reads /metrics unsigned\n"
                   "                        (default loopback; operators and their tokens always)\n"
                   "  --secure-cookies      mark the session cookie Secure (behind TLS)\n"
                   "  --trust-proxy         behind a reverse proxy: the client's address is the\n"
                   "                        last X-Forwarded-For entry, X-Forwarded-Proto: https\n"
                   "                        counts as TLS (only if the proxy sets both)\n"
                   "Environment: BPMC_DB, BPMC_LISTEN. Config file: INI with the same names\n"
                   "(listen, db, access_log, threads, body_max, max_connections, ...).\n");
            return 0;
        default:
            return usage_error("serve", "unknown option");
        }
    }
    if (optind != argc)
        return usage_error("serve", "unexpected argument");
    audit_configure(audit_key_flag, audit_checkpoints_flag);
    if (db_flag || !cfg.db_path)
        cfg.db_path = cli_db_path(db_flag);
    if (listen_flag)
        cfg.listen = listen_flag;
    char public_url[160];
    if (!cfg.public_url) {
        snprintf(public_url, sizeof(public_url), "http://%s", cfg.listen);
        cfg.public_url = public_url;
    }
    if (!cfg.mail_from)
        cfg.mail_from = "bpmc@localhost";
    if (sodium_init() < 0) {
        fprintf(stderr, "bpmc serve: libsodium failed to start\n");
        return 1;
    }
    if (!cli_db_exists(cfg.db_path)) {
        fprintf(stderr, "bpmc serve: %s does not exist (run bpmc init --demo)\n", cfg.db_path);
        return 1;
    }
    struct db *db;
    int applied;
    if (open_migrated(cfg.db_path, false, &db, &applied))
        return 1;
    enum bp_err e = resource_init(db);
    db_close(db);
    if (e || api_openapi_build())
        return 1;
    e = server_run(&cfg);
    return e == BP_OK ? 0 : (e == BP_ERR_USAGE ? 2 : 1);
}

static int read_password(char *out, size_t size)
{
    if (!fgets(out, (int)size, stdin)) {
        fprintf(stderr, "bpmc user add: give the password on standard input\n");
        return 1;
    }
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

static int user_add(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},    {"email", required_argument, NULL, 'e'},
        {"name", required_argument, NULL, 'n'},  {"role", required_argument, NULL, 'r'},
        {"org", required_argument, NULL, 'o'},   {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_flag = NULL, *email_arg = NULL, *name = NULL, *role_arg = NULL, *org_arg = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db_flag = optarg; break;
        case 'e': email_arg = optarg; break;
        case 'n': name = optarg; break;
        case 'r': role_arg = optarg; break;
        case 'o': org_arg = optarg; break;
        case 'h':
            printf("usage: bpmc user add [--db PATH] --email E --name N --role ROLE [--org ID]\n"
                   "The password is read from standard input (one line).\n"
                   "Roles: operator-admin operator-staff org-admin org-member partner investor trainee\n");
            return 0;
        default:
            return usage_error("user add", "unknown option");
        }
    }
    if (optind != argc || !email_arg || !name || !role_arg)
        return usage_error("user add", "--email, --name and --role are required");
    enum role role;
    long long org = 0;
    char email[256];
    snprintf(email, sizeof(email), "%s", email_arg);
    accounts_normalize_email(email);
    if (!valid_email(email, strlen(email)))
        return usage_error("user add", "--email is not a valid e-mail address");
    if (!role_parse(role_arg, &role))
        return usage_error("user add", "unknown --role");
    if (strlen(name) == 0 || strlen(name) > 100 || !valid_utf8(name, strlen(name)))
        return usage_error("user add", "--name must be 1..100 bytes of UTF-8");
    if (org_arg && !parse_int_arg(org_arg, 1, INT64_MAX, &org))
        return usage_error("user add", "--org must be an organisation id");
    char password[1100], hash[ACCOUNTS_HASH_SIZE];
    if (read_password(password, sizeof(password)))
        return 1;
    struct problem p;
    problem_init(&p);
    if (accounts_password_policy(password, email, &p)) {
        fprintf(stderr, "bpmc user add: %s / %s\n", p.errors[0].ko, p.errors[0].en);
        return 1;
    }
    if (sodium_init() < 0 || accounts_password_hash(password, hash)) {
        fprintf(stderr, "bpmc user add: cannot hash the password\n");
        return 1;
    }
    sodium_memzero(password, sizeof(password));
    const char *path = cli_db_path(db_flag);
    if (!cli_db_exists(path)) {
        fprintf(stderr, "bpmc user add: %s does not exist (run bpmc init)\n", path);
        return 1;
    }
    struct db *db;
    int applied, rc = 1;
    if (open_migrated(path, false, &db, &applied))
        return 1;
    struct db_stmt *st;
    if (db_exec(db, "BEGIN IMMEDIATE"))
        goto out_close;
    if (org) {
        long long found;
        if (db_prepare(db, "SELECT count(*) FROM orgs WHERE id=?1", &st))
            goto out_rollback;
        db_bind_int(st, 1, org);
        found = db_step(st) == DB_ROW ? db_column_int(st, 0) : 0;
        db_reset(st);
        if (!found) {
            fprintf(stderr, "bpmc user add: no organisation with id %lld\n", org);
            goto out_rollback;
        }
    }
    if (db_prepare(db, "INSERT INTO users(email,name,password_hash,role,org_id) VALUES (?1,?2,?3,?4,?5)", &st))
        goto out_rollback;
    db_bind_text(st, 1, email, strlen(email));
    db_bind_text(st, 2, name, strlen(name));
    db_bind_text(st, 3, hash, strlen(hash));
    db_bind_text(st, 4, role_name(role), strlen(role_name(role)));
    if (org)
        db_bind_int(st, 5, org);
    enum db_step s = db_step(st);
    db_reset(st);
    if (s != DB_DONE) {
        fprintf(stderr, "bpmc user add: %s\n",
                db_failure(db) == DB_FAIL_UNIQUE ? "a user with this e-mail exists" : db_errmsg(db));
        goto out_rollback;
    }
    long long id = db_last_id(db);
    /* a member of the organisation, in that role (operators are members of none) */
    if (org && role != ROLE_OPERATOR_ADMIN && role != ROLE_OPERATOR_STAFF &&
        db_run(db, NULL, "INSERT INTO memberships(user_id,org_id,role) VALUES (?1,?2,?3)", "iit",
               id, org, role_name(role)))
        goto out_rollback;
    /* the audit row's image, in the database's JSON spelling (db/dialect.h) */
    struct buf q;
    static const char *const cols[] = {"id", "email", "name", "role", "org_id"};
    buf_init(&q, NULL, 512);
    (void)buf_adds(&q, "SELECT ");
    dialect_json_object_begin(&q);
    for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
        dialect_json_key(&q, cols[i], strlen(cols[i]), NULL, i == 0);
        (void)buf_adds(&q, cols[i]);
    }
    dialect_json_object_end(&q);
    (void)buf_adds(&q, " FROM users WHERE id=?1");
    bool prepared = !q.failed && db_prepare(db, q.data, &st) == BP_OK;
    buf_release(&q);
    if (!prepared)
        goto out_rollback;
    db_bind_int(st, 1, id);
    char after[1024];
    size_t after_len = 0;
    if (db_step(st) == DB_ROW)
        after_len = (size_t)snprintf(after, sizeof(after), "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    if (after_len == 0 || after_len >= sizeof(after) ||
        audit_append(db, 0, "create", "users", id, NULL, 0, after, after_len) ||
        db_exec(db, "COMMIT"))
        goto out_rollback;
    if (audit_checkpoint(db))
        fprintf(stderr, "bpmc user add: cannot write the audit checkpoint\n");
    printf("bpmc: user %lld <%s> added as %s\n", id, email, role_name(role));
    rc = 0;
    goto out_close;
out_rollback:
    err_ignore(db_exec(db, "ROLLBACK"));
out_close:
    db_close(db);
    return rc;
}

int cmd_user(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: bpmc user add [--db PATH] --email E --name N --role ROLE [--org ID]\n");
        return 0;
    }
    return usage_error("user", "expected: user add");
}

static int audit_verify_cmd(int argc, char **argv)
{
    const char *path;
    int rc = cli_db_only_args(argc, argv, "audit verify",
                          "Check the audit log's hash chain; exit 1 naming the first broken row.",
                          &path);
    if (rc >= 0)
        return rc;
    struct db *db;
    if (sodium_init() < 0 || db_open(path, DB_READ, false, &db))
        return 1;
    struct audit_verdict v;
    enum bp_err e = audit_verify_all(db, &v);
    db_close(db);
    if (e == BP_ERR_INVALID) {
        fprintf(stderr, "bpmc audit verify: chain broken at audit row %lld (after %lld good rows): %s\n",
                v.bad_id, v.rows, v.why);
        return 1;
    }
    if (e) {
        fprintf(stderr, "bpmc audit verify: cannot check the audit log%s%s\n", v.why[0] ? ": " : "",
                v.why);
        return 1;
    }
    printf("bpmc: audit chain ok (%lld rows); %lld checkpoints, the last at row %lld; %lld rows from "
           "before the key\n", v.rows, v.checkpoints, v.checkpoint_id, v.legacy);
    return 0;
}

/* `bpmc audit compact-checkpoints [--db PATH]`: what the server does every 1 024 checkpoints. */
static int compact_checkpoints_cmd(int argc, char **argv)
{
    const char *path;
    int rc = cli_db_only_args(argc, argv, "audit compact-checkpoints",
                              "Rewrite the audit checkpoint file keeping what verification needs: "
                              "the first and newest checkpoints, all of the last hour, then the "
                              "newest of each minute (a day), hour (30 days) and day.",
                              &path);
    if (rc >= 0)
        return rc;
    struct db *db;
    if (sodium_init() < 0 || db_open(path, DB_READ, false, &db))
        return 1;
    long long before = 0, after = 0;
    enum bp_err e = audit_compact_checkpoints(db, &before, &after);
    db_close(db);
    if (e) {
        fprintf(stderr, "bpmc audit compact-checkpoints: cannot compact the checkpoints of %s\n", path);
        return 1;
    }
    printf("bpmc: audit checkpoints compacted: %lld of %lld kept\n", after, before);
    return 0;
}

/* `bpmc audit purge-access-log [--db PATH] [--retention-days N]`: what the server does hourly. */
static int purge_access_log_cmd(int argc, char **argv)
{
    static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
                                         {"retention-days", required_argument, NULL, 'r'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *db_flag = NULL;
    long long days = LIMIT_ACCESS_RETENTION_DAYS;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd') {
            db_flag = optarg;
        } else if (c == 'r') {
            if (!parse_int_arg(optarg, LIMIT_ACCESS_RETENTION_DAYS, 36500, &days))
                return usage_error("audit purge-access-log", "--retention-days must be 365..36500");
        } else if (c == 'h') {
            printf("usage: bpmc audit purge-access-log [--db PATH] [--retention-days N]\n"
                   "Delete access_log rows older than N days (default and minimum 365), audited.\n");
            return 0;
        } else {
            return usage_error("audit purge-access-log", "unknown option");
        }
    }
    if (optind != argc)
        return usage_error("audit purge-access-log", "unexpected argument");
    const char *path = cli_db_path(db_flag);
    struct db *db;
    int applied;
    if (sodium_init() < 0 || open_migrated(path, false, &db, &applied))
        return 1;
    long long deleted = 0;
    enum bp_err e = db_exec(db, "BEGIN IMMEDIATE");
    if (!e)
        e = access_log_purge(db, (int)days, &deleted);
    e = e ? e : db_exec(db, "COMMIT");
    if (e)
        err_ignore(db_exec(db, "ROLLBACK"));
    else if (audit_checkpoint(db))
        fprintf(stderr, "bpmc audit purge-access-log: cannot write the audit checkpoint\n");
    db_close(db);
    if (e) {
        fprintf(stderr, "bpmc audit purge-access-log: cannot purge %s\n", path);
        return 1;
    }
    printf("bpmc: %lld access-log rows older than %lld days purged\n", deleted, days);
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return audit_verify_cmd(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "purge-access-log") == 0)
        return purge_access_log_cmd(argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "compact-checkpoints") == 0)
        return compact_checkpoints_cmd(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: bpmc audit verify [--db PATH]\n"
               "       bpmc audit purge-access-log [--db PATH] [--retention-days N]\n"
               "       bpmc audit compact-checkpoints [--db PATH]\n");
        return 0;
    }
    return usage_error("audit", "expected: audit verify | audit purge-access-log | audit "
                                "compact-checkpoints");
}

/* Copy the audit key to dest (--key-to), owner-only. */
static int backup_key(const char *db_file, const char *dest)
{
    char key[1100], cp[1100];
    audit_paths(db_file, key, sizeof(key), cp, sizeof(cp));
    FILE *in = fopen(key, "re");
    if (!in) {
        fprintf(stderr, "bpmc backup: cannot read the audit key %s\n", key);
        return 1;
    }
    int fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FILE *out = fd >= 0 && fchmod(fd, 0600) == 0 ? fdopen(fd, "w") : NULL;
    bool ok = out != NULL;
    char line[512];
    while (ok && fgets(line, sizeof(line), in))
        ok = fputs(line, out) >= 0;
    fclose(in);
    if (out) {
        ok = fflush(out) == 0 && fsync(fileno(out)) == 0 && ok;
        ok = fclose(out) == 0 && ok;
    } else if (fd >= 0) {
        close(fd);
    }
    sodium_memzero(line, sizeof(line));
    if (!ok)
        fprintf(stderr, "bpmc backup: cannot write %s\n", dest);
    return ok ? 0 : 1;
}

int cmd_backup(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'}, {"to", required_argument, NULL, 't'},
        {"key-to", required_argument, NULL, 'k'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *db_flag = NULL, *to = NULL, *key_to = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
        if (c == 'd')
            db_flag = optarg;
        else if (c == 't')
            to = optarg;
        else if (c == 'k')
            key_to = optarg;
        else if (c == 'h') {
            printf("usage: bpmc backup [--db PATH] --to FILE [--key-to KEYFILE]\n"
                   "A consistent copy of the database while bpmc serves: SQLite's online backup\n"
                   "(FILE is a database), or on PostgreSQL pg_dump's custom format in one\n"
                   "snapshot (restore with pg_restore, docs/postgresql.md). Uploaded files are\n"
                   "rows of the database. The audit checkpoints up to the copy's last row go\n"
                   "beside it (FILE.audit-checkpoints), never the audit key: --key-to copies\n"
                   "it to KEYFILE, a place kept apart from the backups (docs/privacy.md).\n");
            return 0;
        } else
            return usage_error("backup", "unknown option");
    }
    if (optind != argc || !to)
        return usage_error("backup", "--to FILE is required");
    const char *path = cli_db_path(db_flag);
    if (!cli_db_exists(path)) {
        fprintf(stderr, "bpmc backup: %s does not exist\n", path);
        return 1;
    }
    struct db *db;
    if (db_open(path, DB_READ, false, &db))
        return 1;
    char file[1024], shown[1100];
    long long upto = 0;
    bool named = db_filename(db, file, sizeof(file));
    enum bp_err e = named ? db_backup(db, to, "SELECT coalesce(max(id),0) FROM audit", &upto) : BP_ERR_IO;
    db_close(db);
    if (e)
        return 1;
    if (audit_copy_checkpoints(file, to, upto)) {
        fprintf(stderr, "bpmc backup: cannot copy the audit checkpoints beside %s\n", to);
        return 1;
    }
    if (key_to && backup_key(file, key_to))
        return 1;
    printf("bpmc: backup of %s written to %s (audit rows up to %lld)%s%s\n",
           db_display(path, shown, sizeof(shown)), to, upto, key_to ? "; the audit key to " : "",
           key_to ? key_to : "");
    return 0;
}

/* The document is made from the entries and the route table alone, so the web app's build can
 * generate its API types from a binary that has no database and no web app yet. */
int cmd_openapi(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: bpmc openapi\n"
               "Print the OpenAPI document that bpmc serve answers at /api/v1/openapi.json\n"
               "(JSON, one line). No database is opened.\n");
        return 0;
    }
    if (argc != 1)
        return usage_error("openapi", argv[1][0] == '-' ? "unknown option" : "unexpected argument");
    if (register_modules() || api_openapi_build()) {
        fprintf(stderr, "bpmc openapi: cannot build the document\n");
        return 1;
    }
    struct str doc = api_openapi_text();
    if (fwrite(doc.ptr, 1, doc.len, stdout) != doc.len || putchar('\n') == EOF || fflush(stdout)) {
        fprintf(stderr, "bpmc openapi: cannot write the document\n");
        return 1;
    }
    return 0;
}

int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("bpmc %s\n", BPMC_VERSION);
    return 0;
}
