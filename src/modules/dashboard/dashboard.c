/*
 * dashboard: GET /api/v1/dashboard (operators) and GET /api/v1/dashboard/public (anyone), each
 * a few statements whose one value each is a member of the answer, a JSON object or array built
 * by the database: the figures are counts and sums over every module's tables, grouped in the
 * database, so the answer costs a few scans however many rows there are (bench/dashboard.mjs:
 * the demo data × 100). The statements are written once, at the first answer, in the dialect of
 * the database (db/dialect.h: JSON objects and arrays, epoch seconds, the month of a time).
 *
 * Months and "this year" are Seoul's. The calendar is computed here, not in SQL (the dialects
 * spell date arithmetic differently): this month's first day, its bounds and the last twelve
 * months' bounds in UTC, and how many of each weekday the month has are bound as parameters.
 * Utilisation is this month's: the hours of bookings that were approved or completed, within
 * the month, over the hours each resource is open in the month (its weekly opening hours,
 * "HH:MM-HH:MM" per weekday, summed over the month's days); retired resources are left out.
 *
 * The public variant counts only public rows: tenants and new organisations whose visibility is
 * public, needs that are public and whose organisation is public, and the program's
 * achievements (public on the card). Nothing it answers is derived from a private or
 * cluster-only row: no matches, collaborations, bookings or budget.
 */
#include "modules/dashboard/dashboard.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "db/dialect.h"
#include "base/banned.h"

#define SEOUL_OFFSET_S (9 * 3600) /* Korea keeps no daylight saving time */
#define MONTHS 12

/* The parameters every statement declares (the same WITH for all): ?1 this month's first day
 * (Seoul, "YYYY-MM-01"), ?2 and ?3 its bounds in UTC, ?4 the start of the twelve months in UTC,
 * ?5 the year, ?6..?12 how many Sundays..Saturdays the month has, then per month of the twelve
 * (oldest first) its "YYYY-MM", start and end in UTC. */
#define P_FIRST 1
#define P_WEEKDAYS 6
#define P_MONTHS 13
#define P_COUNT (P_MONTHS + 3 * MONTHS - 1)

static void with_clause(struct buf *s)
{
    (void)buf_adds(s, "WITH q AS (SELECT CAST(?1 AS TEXT) AS mf, CAST(?2 AS TEXT) AS ms, "
                      "CAST(?3 AS TEXT) AS me, CAST(?4 AS TEXT) AS ws, CAST(?5 AS TEXT) AS year");
    for (int d = 0; d < 7; d++)
        (void)buf_addf(s, ", CAST(?%d AS INTEGER) AS w%d", P_WEEKDAYS + d, d);
    (void)buf_adds(s, "), months(m, ms, me) AS (VALUES ");
    for (int i = 0; i < MONTHS; i++) {
        int p = P_MONTHS + 3 * i;
        (void)buf_addf(s, "%s(CAST(?%d AS TEXT), CAST(?%d AS TEXT), CAST(?%d AS TEXT))",
                       i ? ", " : "", p, p + 1, p + 2);
    }
    (void)buf_adds(s, "), sources(s, o) AS (VALUES ('national', 1), ('provincial', 2), "
                      "('city', 3), ('other', 4)) ");
}

/* The end of object's pairs: a null pointer of the pairs' type (a bare NULL may be an int). */
#define PAIRS_END ((const char *)NULL)

/* A JSON object of key/expression pairs (PAIRS_END after the last). An expression that is NULL (a
 * part whose buffer failed) fails s. */
static void object(struct buf *s, ...)
{
    va_list ap;
    va_start(ap, s);
    dialect_json_object_begin(s);
    bool first = true;
    for (const char *key; (key = va_arg(ap, const char *)); first = false) {
        const char *value = va_arg(ap, const char *);
        dialect_json_key(s, key, strlen(key), NULL, first);
        if (value)
            (void)buf_adds(s, value);
        else
            s->failed = true;
    }
    dialect_json_object_end(s);
    va_end(ap);
}

/* Scratch text for the parts of one member (each used once, then reset): a..d, and x[] for
 * the rounded values. */
#define ROUNDED 4
struct parts {
    struct buf a, b, c, d, x[ROUNDED];
};

static void parts_reset(struct parts *p)
{
    buf_reset(&p->a);
    buf_reset(&p->b);
    buf_reset(&p->c);
    buf_reset(&p->d);
    for (int i = 0; i < ROUNDED; i++)
        buf_reset(&p->x[i]);
}

static void parts_reset_rounded(struct parts *p)
{
    for (int i = 0; i < ROUNDED; i++)
        buf_reset(&p->x[i]);
}

static bool parts_failed(const struct parts *p)
{
    bool failed = p->a.failed || p->b.failed || p->c.failed || p->d.failed;
    for (int i = 0; i < ROUNDED; i++)
        failed = failed || p->x[i].failed;
    return failed;
}

/* expr rounded to digits decimals as a JSON value (dialect_json_round), in x. */
static const char *rounded(struct buf *x, const char *expr, int digits)
{
    dialect_json_round(x, expr, digits);
    return x->data;
}

/* A ratio with four decimals, null when the denominator is 0, in x. */
static const char *rate(struct buf *x, const char *num, const char *den)
{
    struct buf ratio;
    buf_init(&ratio, NULL, 4096);
    (void)buf_addf(&ratio, "(%s) * 1.0 / (%s)", num, den);
    (void)buf_addf(x, "CASE WHEN (%s) > 0 THEN ", den);
    dialect_json_round(x, ratio.failed ? "" : ratio.data, 4);
    (void)buf_adds(x, " END");
    if (ratio.failed)
        x->failed = true;
    buf_release(&ratio);
    return x->data;
}

/* Minutes a resource is open on a day: its "HH:MM-HH:MM" of that weekday, 0 when closed. */
#define OPEN_MINUTES(h)                                                                            \
    "(CASE WHEN length(" h ") = 11 THEN (CAST(substr(" h ", 7, 2) AS INTEGER) * 60 + "             \
    "CAST(substr(" h ", 10, 2) AS INTEGER)) - (CAST(substr(" h ", 1, 2) AS INTEGER) * 60 + "        \
    "CAST(substr(" h ", 4, 2) AS INTEGER)) ELSE 0 END)"

/* Each resource's open minutes this month (how many of each weekday the month has, times the
 * minutes of that weekday's hours) and the booked seconds of its approved and completed
 * bookings within the month. Materialised: the answer reads it four times. */
static void util_cte(struct buf *s)
{
    (void)buf_adds(s, ", util AS MATERIALIZED (SELECT r.id, r.name, r.kind, "
                      "q.w0 * " OPEN_MINUTES("r.hours_sun") " + q.w1 * " OPEN_MINUTES("r.hours_mon")
                      " + q.w2 * " OPEN_MINUTES("r.hours_tue") " + q.w3 * " OPEN_MINUTES("r.hours_wed")
                      " + q.w4 * " OPEN_MINUTES("r.hours_thu") " + q.w5 * " OPEN_MINUTES("r.hours_fri")
                      " + q.w6 * " OPEN_MINUTES("r.hours_sat") " AS open_m, "
                      "(SELECT coalesce(sum(");
    dialect_epoch(s, "CASE WHEN b.ends_at < q.me THEN b.ends_at ELSE q.me END");
    (void)buf_adds(s, " - ");
    dialect_epoch(s, "CASE WHEN b.starts_at > q.ms THEN b.starts_at ELSE q.ms END");
    (void)buf_adds(s, "), 0) FROM bookings b WHERE b.resource_id = r.id "
                      "AND b.status IN ('approved', 'completed') AND b.starts_at < q.me "
                      "AND b.ends_at > q.ms) AS booked_s FROM resources r, q "
                      "WHERE r.status <> 'retired') ");
}

/* {total, by_status: [{status, count}]} of rows FROM ... WHERE cond. */
static void by_status(struct buf *s, struct parts *p, const char *from, const char *status,
                      const char *cond)
{
    (void)buf_addf(&p->a, "(SELECT count(*) FROM %s WHERE %s)", from, cond);
    object(&p->b, "status", "s", "count", "n", PAIRS_END);
    (void)buf_addf(&p->c, "(SELECT %s AS s, count(*) AS n FROM %s WHERE %s GROUP BY %s) a",
                   status, from, cond, status);
    dialect_json_array_agg(&p->d, p->b.data, p->c.data, "s");
    object(s, "total", p->a.data, "by_status", p->d.data, PAIRS_END);
}

/* tenants: pub filters orgs o */
static void tenants(struct buf *s, struct parts *p, const char *pub)
{
    struct buf field, stage;
    buf_init(&field, NULL, 1 << 14);
    buf_init(&stage, NULL, 1 << 14);
    object(&p->b, "field", "f", "ko", "ko", "en", "en", "count", "n", PAIRS_END);
    (void)buf_adds(&p->c, "(SELECT x.f, coalesce(t.name_ko, x.f) AS ko, coalesce(t.name_en, x.f) "
                          "AS en, x.n FROM (SELECT j.value AS f, count(*) AS n FROM orgs o, ");
    dialect_array_column_elements(&p->c, "o", "fields", "j");
    (void)buf_addf(&p->c, " WHERE o.is_tenant = 1 AND %s GROUP BY j.value) x "
                          "LEFT JOIN tags t ON t.slug = x.f) a", pub);
    dialect_json_array_agg(&field, p->b.data, p->c.data, "n DESC, f");
    parts_reset(p);
    object(&p->b, "stage", "s", "count", "n", PAIRS_END);
    (void)buf_addf(&p->c, "(SELECT o.stage AS s, count(*) AS n FROM orgs o WHERE o.is_tenant = 1 "
                          "AND %s GROUP BY o.stage) a", pub);
    dialect_json_array_agg(&stage, p->b.data, p->c.data, "n DESC, s NULLS FIRST");
    (void)buf_addf(&p->a, "(SELECT count(*) FROM orgs o WHERE o.is_tenant = 1 AND %s)", pub);
    object(s, "total", p->a.data, "by_field", field.data, "by_stage", stage.data, PAIRS_END);
    if (field.failed || stage.failed)
        s->failed = true;
    buf_release(&field);
    buf_release(&stage);
}

/* a count per month: a range of the created_at index each (the months' bounds in UTC) */
static void new_orgs(struct buf *s, struct parts *p, const char *pub)
{
    object(&p->a, "month", "m", "count", "n", PAIRS_END);
    (void)buf_addf(&p->b, "(SELECT months.m, (SELECT count(*) FROM orgs o WHERE "
                          "o.created_at >= months.ms AND o.created_at < months.me AND %s) AS n "
                          "FROM months) a", pub);
    dialect_json_array_agg(s, p->a.data, p->b.data, "m");
}

static void bookings_by_month(struct buf *s, struct parts *p)
{
    object(&p->a, "month", "m", "count", "n", "hours", rounded(&p->x[0], "h", 1), PAIRS_END);
    (void)buf_adds(&p->b, "(SELECT months.m, coalesce(c.n, 0) AS n, coalesce(c.h, 0) "
                          "AS h FROM months LEFT JOIN (SELECT ");
    dialect_local_month(&p->b, "starts_at");
    (void)buf_adds(&p->b, " AS m, count(*) AS n, sum(");
    dialect_epoch(&p->b, "ends_at");
    (void)buf_adds(&p->b, " - ");
    dialect_epoch(&p->b, "starts_at");
    (void)buf_adds(&p->b, ") / 3600.0 AS h FROM bookings WHERE starts_at >= (SELECT ws FROM q) "
                          "AND status NOT IN ('declined', 'cancelled') GROUP BY 1) c "
                          "ON c.m = months.m) a");
    dialect_json_array_agg(s, p->a.data, p->b.data, "m");
}

static void bookings_status(struct buf *s, struct parts *p)
{
    object(&p->a, "status", "s", "count", "n", PAIRS_END);
    dialect_json_array_agg(s, p->a.data,
                           "(SELECT b.status AS s, count(*) AS n FROM bookings b, q "
                           "WHERE b.starts_at >= q.ms AND b.starts_at < q.me "
                           "GROUP BY b.status) a",
                           "s");
}

static void utilisation(struct buf *s, struct parts *p)
{
    object(&p->a, "resource_id", "id", "name", "name", "kind", "kind", "open_hours",
           rounded(&p->x[0], "open_m / 60.0", 1), "booked_hours",
           rounded(&p->x[1], "booked_s / 3600.0", 1), "rate",
           rate(&p->x[2], "booked_s / 60.0", "open_m"), PAIRS_END);
    dialect_json_array_agg(&p->b, p->a.data, "util", "id");
    parts_reset_rounded(p);
    (void)buf_adds(&p->c, "(SELECT ");
    (void)rounded(&p->c, "coalesce(sum(open_m), 0) / 60.0", 1);
    (void)buf_adds(&p->c, " FROM util)");
    (void)buf_adds(&p->d, "(SELECT ");
    (void)rounded(&p->d, "coalesce(sum(booked_s), 0) / 3600.0", 1);
    (void)buf_adds(&p->d, " FROM util)");
    (void)buf_adds(&p->x[0], "(SELECT ");
    (void)rate(&p->x[0], "sum(booked_s) / 60.0", "sum(open_m)");
    (void)buf_adds(&p->x[0], " FROM util)");
    object(s, "month", "(SELECT substr(mf, 1, 7) FROM q)", "open_hours", p->c.data,
           "booked_hours", p->d.data, "rate", p->x[0].data, "by_resource", p->b.data, PAIRS_END);
}

static void budget(struct buf *s, struct parts *p)
{
    struct buf source;
    buf_init(&source, NULL, 1 << 14);
    object(&p->a, "source", "s", "planned", "pl", "executed", "ex", "rate",
           rate(&p->x[0], "ex", "pl"), PAIRS_END);
    dialect_json_array_agg(&source, p->a.data,
                           "(SELECT sources.s, sources.o, "
                           "coalesce(sum(CASE WHEN b.kind = 'planned' THEN b.amount END), 0) AS pl, "
                           "coalesce(sum(CASE WHEN b.kind = 'executed' THEN b.amount END), 0) AS ex "
                           "FROM sources LEFT JOIN budget_lines b ON b.source = sources.s "
                           "GROUP BY sources.s, sources.o) a",
                           "o");
    object(&p->b, "year", "y", "planned", "pl", "executed", "ex", "rate",
           rate(&p->x[1], "ex", "pl"), PAIRS_END);
    dialect_json_array_agg(&p->c, p->b.data,
                           "(SELECT CAST(substr(starts_on, 1, 4) AS INTEGER) AS y, "
                           "sum(CASE WHEN kind = 'planned' THEN amount ELSE 0 END) AS pl, "
                           "sum(CASE WHEN kind = 'executed' THEN amount ELSE 0 END) AS ex "
                           "FROM budget_lines GROUP BY 1) a",
                           "y NULLS FIRST");
    (void)buf_adds(&p->d, "(SELECT ");
    (void)rate(&p->d, "sum(CASE WHEN kind = 'executed' THEN amount ELSE 0 END)",
               "sum(CASE WHEN kind = 'planned' THEN amount ELSE 0 END)");
    (void)buf_adds(&p->d, " FROM budget_lines)");
    object(s, "planned",
           "(SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE kind = 'planned')",
           "executed",
           "(SELECT coalesce(sum(amount), 0) FROM budget_lines WHERE kind = 'executed')", "rate",
           p->d.data, "by_source", source.data, "by_year", p->c.data, PAIRS_END);
    if (source.failed)
        s->failed = true;
    buf_release(&source);
}

static void achievements(struct buf *s, struct parts *p)
{
    object(&p->a, "kind", "k", "count", "n", PAIRS_END);
    dialect_json_array_agg(&p->b, p->a.data,
                           "(SELECT a.kind AS k, count(*) AS n FROM achievements a, q "
                           "WHERE substr(a.occurred_on, 1, 4) = q.year GROUP BY a.kind) a",
                           "n DESC, k");
    object(s, "year", "(SELECT CAST(year AS INTEGER) FROM q)", "this_year",
           "(SELECT count(*) FROM achievements, q WHERE substr(occurred_on, 1, 4) = q.year)",
           "total", "(SELECT count(*) FROM achievements)", "by_kind", p->b.data, PAIRS_END);
}

#define ALL "true"
#define PUBLIC "o.visibility = 'public'"
#define PUBLIC_NEED "o.visibility = 'public' AND nd.visibility = 'public'"
#define NEEDS_ALL "needs nd"
#define NEEDS_JOINED "needs nd JOIN orgs o ON o.id = nd.org_id"

/* The members of the answers: their group (NULL: at the top) and key; members of a group are
 * consecutive. Their statements are in sql[], written once. */
enum member {
    OP_TENANTS, OP_NEW_ORGS, OP_NEEDS, OP_MATCHES, OP_COLLABORATIONS, OP_DEALS, OP_BOOKINGS_BY_MONTH,
    OP_BOOKINGS_STATUS, OP_UTILISATION, OP_BUDGET, OP_ACHIEVEMENTS, OP_ENROLLMENTS,
    PUB_TENANTS, PUB_NEW_ORGS, PUB_NEEDS, PUB_ACHIEVEMENTS, MEMBERS
};

struct section {
    const char *group, *key;
    enum member sql;
};

static const struct section operator_sections[] = {
    {NULL, "tenants", OP_TENANTS},
    {NULL, "new_orgs", OP_NEW_ORGS},
    {NULL, "needs", OP_NEEDS},
    {NULL, "matches", OP_MATCHES},
    {NULL, "collaborations", OP_COLLABORATIONS},
    {NULL, "deals", OP_DEALS},
    {"bookings", "by_month", OP_BOOKINGS_BY_MONTH},
    {"bookings", "this_month_by_status", OP_BOOKINGS_STATUS},
    {"bookings", "utilisation", OP_UTILISATION},
    {NULL, "budget", OP_BUDGET},
    {NULL, "achievements", OP_ACHIEVEMENTS},
    {NULL, "enrollments", OP_ENROLLMENTS},
    {NULL, NULL, MEMBERS},
};
static const struct section public_sections[] = {
    {NULL, "tenants", PUB_TENANTS},
    {NULL, "new_orgs", PUB_NEW_ORGS},
    {NULL, "needs", PUB_NEEDS},
    {NULL, "achievements", PUB_ACHIEVEMENTS},
    {NULL, NULL, MEMBERS},
};

static char *sql[MEMBERS];
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void write_member(enum member m, struct buf *s, struct parts *p)
{
    with_clause(s);
    if (m == OP_UTILISATION)
        util_cte(s);
    (void)buf_adds(s, "SELECT ");
    switch (m) {
    case OP_TENANTS: tenants(s, p, ALL); break;
    case PUB_TENANTS: tenants(s, p, PUBLIC); break;
    case OP_NEW_ORGS: new_orgs(s, p, ALL); break;
    case PUB_NEW_ORGS: new_orgs(s, p, PUBLIC); break;
    case OP_NEEDS: by_status(s, p, NEEDS_ALL, "nd.status", ALL); break;
    case PUB_NEEDS: by_status(s, p, NEEDS_JOINED, "nd.status", PUBLIC_NEED); break;
    case OP_MATCHES: by_status(s, p, "matches", "status", ALL); break;
    case OP_COLLABORATIONS: by_status(s, p, "collaborations", "status", ALL); break;
    case OP_DEALS: by_status(s, p, "deals", "stage", ALL); break; /* investment: by stage */
    case OP_BOOKINGS_BY_MONTH: bookings_by_month(s, p); break;
    case OP_BOOKINGS_STATUS: bookings_status(s, p); break;
    case OP_UTILISATION: utilisation(s, p); break;
    case OP_BUDGET: budget(s, p); break;
    case OP_ACHIEVEMENTS:
    case PUB_ACHIEVEMENTS: achievements(s, p); break;
    case OP_ENROLLMENTS: by_status(s, p, "enrollments", "status", ALL); break;
    case MEMBERS: break;
    }
}

static void write_sql(void)
{
    struct parts p;
    struct buf s;
    buf_init(&s, NULL, 1 << 16);
    buf_init(&p.a, NULL, 1 << 14);
    buf_init(&p.b, NULL, 1 << 14);
    buf_init(&p.c, NULL, 1 << 14);
    buf_init(&p.d, NULL, 1 << 14);
    for (int i = 0; i < ROUNDED; i++)
        buf_init(&p.x[i], NULL, 1 << 12);
    for (int m = 0; m < MEMBERS; m++) {
        buf_reset(&s);
        parts_reset(&p);
        write_member((enum member)m, &s, &p);
        bool failed = s.failed || parts_failed(&p);
        sql[m] = failed ? NULL : buf_detach(&s, NULL); /* NULL: the answer fails, 500 */
    }
    buf_release(&s);
    buf_release(&p.a);
    buf_release(&p.b);
    buf_release(&p.c);
    buf_release(&p.d);
    for (int i = 0; i < ROUNDED; i++)
        buf_release(&p.x[i]);
}

/* The calendar the statements are given (the parameters above), at now. */
struct calendar {
    char generated_at[32], month[16];
    char first[16], ms[32], me[32], ws[32], year[16];
    long long weekdays[7];
    char months[MONTHS][3][32];
};

static void utc_text(time_t t, char *out, size_t size)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The UTC instant of the first day of month (0-based, any integer: carried into the year) of
 * year at midnight in Seoul. */
static time_t seoul_month_start(int year, int month)
{
    struct tm tm = {.tm_year = year - 1900 + (month < 0 ? (month - 11) / 12 : month / 12),
                    .tm_mon = ((month % 12) + 12) % 12, .tm_mday = 1};
    return timegm(&tm) - SEOUL_OFFSET_S;
}

static void calendar_at(time_t now, struct calendar *c)
{
    struct tm tm;
    utc_text(now, c->generated_at, sizeof(c->generated_at));
    time_t local = now + SEOUL_OFFSET_S;
    gmtime_r(&local, &tm);
    int y = tm.tm_year + 1900, m = tm.tm_mon;
    strftime(c->month, sizeof(c->month), "%Y-%m", &tm);
    strftime(c->first, sizeof(c->first), "%Y-%m-01", &tm);
    strftime(c->year, sizeof(c->year), "%Y", &tm);
    time_t start = seoul_month_start(y, m), end = seoul_month_start(y, m + 1);
    utc_text(start, c->ms, sizeof(c->ms));
    utc_text(end, c->me, sizeof(c->me));
    utc_text(seoul_month_start(y, m - (MONTHS - 1)), c->ws, sizeof(c->ws));
    memset(c->weekdays, 0, sizeof(c->weekdays));
    for (time_t d = start + SEOUL_OFFSET_S; d < end + SEOUL_OFFSET_S; d += 86400) {
        gmtime_r(&d, &tm);
        c->weekdays[tm.tm_wday]++;
    }
    for (int i = 0; i < MONTHS; i++) {
        int k = m - (MONTHS - 1) + i;
        time_t a = seoul_month_start(y, k), la = a + SEOUL_OFFSET_S;
        gmtime_r(&la, &tm);
        strftime(c->months[i][0], sizeof(c->months[i][0]), "%Y-%m", &tm);
        utc_text(a, c->months[i][1], sizeof(c->months[i][1]));
        utc_text(seoul_month_start(y, k + 1), c->months[i][2], sizeof(c->months[i][2]));
    }
}

static void bind_calendar(struct db_stmt *st, const struct calendar *c)
{
    const char *texts[] = {c->first, c->ms, c->me, c->ws, c->year};
    for (int i = 0; i < 5; i++)
        db_bind_text(st, P_FIRST + i, texts[i], strlen(texts[i]));
    for (int d = 0; d < 7; d++)
        db_bind_int(st, P_WEEKDAYS + d, c->weekdays[d]);
    for (int i = 0; i < MONTHS; i++)
        for (int k = 0; k < 3; k++)
            db_bind_text(st, P_MONTHS + 3 * i + k, c->months[i][k], strlen(c->months[i][k]));
}

/* The first column of the member's one row appended to out. */
static enum bp_err add_value(struct db *db, enum member m, const struct calendar *c,
                             struct buf *out)
{
    struct db_stmt *st;
    if (!sql[m])
        return BP_ERR_NOMEM;
    enum bp_err e = db_prepare(db, sql[m], &st);
    if (e)
        return e;
    bind_calendar(st, c);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        size_t n;
        const char *json = db_column_text(st, 0, &n);
        e = buf_add(out, json, n);
    }
    db_reset(st);
    return s != DB_ROW ? BP_ERR_DB : e;
}

static enum bp_err build(struct db *db, const char *scope, const struct section *sec, struct buf *out)
{
    struct calendar c;
    enum bp_err e = BP_OK;
    pthread_once(&sql_once, write_sql);
    calendar_at(time(NULL), &c);
    (void)buf_addf(out, "{\"scope\":\"%s\",\"generated_at\":\"%s\",\"month\":\"%s\"", scope,
                   c.generated_at, c.month);
    const char *group = NULL;
    for (; !e && sec->key; sec++) {
        if (group && (!sec->group || strcmp(group, sec->group) != 0))
            (void)buf_adds(out, "}");
        if (sec->group && (!group || strcmp(group, sec->group) != 0))
            (void)buf_addf(out, ",\"%s\":{\"%s\":", sec->group, sec->key);
        else
            (void)buf_addf(out, ",\"%s\":", sec->key);
        group = sec->group;
        e = add_value(db, sec->sql, &c, out);
    }
    if (group)
        (void)buf_adds(out, "}");
    (void)buf_adds(out, "}");
    return e ? e : out->failed ? BP_ERR_NOMEM : BP_OK;
}
/* Answers are cached by the loop like search answers (the data version and the caller's scope)
 * and the minute: a month or a year turns without a write, and generated_at says when the
 * figures were computed. */
static void answer(struct http_req *r, const char *scope, const struct section *sec)
{
    unsigned long long version = http_data_version(r);
    struct buf key;
    http_answer_key(r, 'D', &key);
    (void)buf_addf(&key, "\x1f%lld", (long long)time(NULL) / 60);
    struct str cached;
    if (!key.failed && http_cache_get(r, buf_str(&key), &cached, NULL)) {
        http_reply(r, 200, "application/json; charset=utf-8", cached);
        return;
    }
    enum bp_err e = build(http_db(r), scope, sec, &r->ans.body);
    if (e) {
        buf_reset(&r->ans.body);
        http_reply_error(r, e);
        return;
    }
    if (!key.failed)
        http_cache_put(r, buf_str(&key), buf_str(&r->ans.body), 0, version);
    http_reply_json(r, 200);
}

static bool no_query(struct http_req *r)
{
    if (!r->query.len)
        return true;
    http_refuse(r, BP_ERR_BAD_QUERY, "query", "매개변수를 받지 않습니다", "takes no query parameters");
    return false;
}

void api_dashboard(struct http_req *r)
{
    if (no_query(r))
        answer(r, "operator", operator_sections);
}

void api_dashboard_public(struct http_req *r)
{
    if (no_query(r))
        answer(r, "public", public_sections);
}
