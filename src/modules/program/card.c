/*
 * card: one program's project card read from the database (card.h). The card is for operators
 * (the route says so), so it reads every row of the program; only planned budget lines make the
 * 연도별 사업비 table, the executed ones are the budget view's.
 */
#include "modules/program/card.h"

#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "base/banned.h"

#define CARD_STR2(x) #x
#define CARD_STR(x) CARD_STR2(x)

const char *const card_source_ko[CARD_SOURCES] = {"국비", "도비", "시비", "기타"};
static const char *const source_values[CARD_SOURCES] = {"national", "provincial", "city", "other"};

/* A column's text copied into the arena; NULL for NULL or "". */
static const char *col(struct db_stmt *st, int i, struct arena *a)
{
    size_t n;
    if (db_column_is_null(st, i))
        return NULL;
    const char *t = db_column_text(st, i, &n);
    return n ? arena_strndup(a, t, n) : NULL;
}

static const char *kind_label(const char *kind)
{
    static const char *const labels[][2] = {
        {"mou", "업무협약(MOU)"}, {"meeting", "간담회·회의"}, {"investor_meeting", "투자사 미팅"},
        {"attraction", "기업 유치 활동"}, {"event", "행사"}, {"other", "기타"},
    };
    for (size_t i = 0; kind && i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strcmp(kind, labels[i][0]) == 0)
            return labels[i][1];
    return "";
}

static enum bp_err load_program(struct db *db, long long id, struct arena *a, struct card *c)
{
    static const char sql[] =
        "SELECT id, name, category, kind, total_cost, total_cost_note, overview, goal, structure, "
        "starts_on, ends_on, ongoing, department FROM pledge_projects "
        "WHERE id = ?1 OR (?1 = 0 AND id = (SELECT min(id) FROM pledge_projects))";
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        c->project_id = db_column_int(st, 0);
        c->name = col(st, 1, a);
        c->category = col(st, 2, a);
        size_t n;
        c->kind_ko = strcmp(db_column_text(st, 3, &n), "continuing") == 0 ? "계속" : "신규";
        c->total_cost = db_column_is_null(st, 4) ? -1 : db_column_int(st, 4);
        c->total_cost_note = col(st, 5, a);
        c->overview = col(st, 6, a);
        c->goal = col(st, 7, a);
        c->structure = col(st, 8, a);
        c->starts_on = col(st, 9, a);
        c->ends_on = col(st, 10, a);
        c->ongoing = db_column_int(st, 11) != 0;
        c->department = col(st, 12, a);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (s != DB_ROW)
        return BP_ERR_NOT_FOUND;
    c->nperiods = program_periods(c->starts_on, c->ends_on, c->periods, LIMIT_CARD_PERIODS);
    return c->nperiods ? BP_OK : BP_ERR_INVALID;
}

static enum bp_err load_units(struct db *db, struct arena *a, struct card *c)
{
    static const char sql_units[] =
        "SELECT id, name, description, detail_label, detail, note FROM unit_projects "
        "WHERE project_id = ? ORDER BY position, id LIMIT " CARD_STR(LIMIT_CARD_ROWS);
    static const char sql_marks[] =
        "SELECT starts_on, coalesce(ends_on, '9999-12-31') FROM schedule WHERE unit_project_id = ?";
    long long ids[LIMIT_CARD_ROWS];
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_units, &st);
    if (e)
        return e;
    db_bind_int(st, 1, c->project_id);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW && c->nunits < LIMIT_CARD_ROWS) {
        struct card_unit *u = &c->units[c->nunits];
        ids[c->nunits++] = db_column_int(st, 0);
        u->name = col(st, 1, a);
        u->description = col(st, 2, a);
        u->detail_label = col(st, 3, a);
        u->detail = col(st, 4, a);
        u->note = col(st, 5, a);
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    /* A mark covers every column its period overlaps. */
    for (size_t i = 0; i < c->nunits; i++) {
        if ((e = db_prepare(db, sql_marks, &st)))
            return e;
        db_bind_int(st, 1, ids[i]);
        while ((s = db_step(st)) == DB_ROW) {
            size_t n1, n2;
            const char *from = db_column_text(st, 0, &n1), *to = db_column_text(st, 1, &n2);
            for (size_t k = 0; k < c->nperiods; k++)
                if (strcmp(from, c->periods[k].to) <= 0 && strcmp(to, c->periods[k].from) >= 0)
                    c->units[i].active[k] = true;
        }
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
    }
    return BP_OK;
}

static enum bp_err load_budget(struct db *db, struct arena *a, struct card *c)
{
    static const char sql[] =
        "SELECT item, source, starts_on, amount FROM budget_lines "
        "WHERE project_id = ? AND kind = 'planned' ORDER BY min(id) OVER (PARTITION BY item), id";
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, c->project_id);
    enum db_step s;
    while ((s = db_step(st)) == DB_ROW) {
        size_t n;
        const char *item = db_column_text(st, 0, &n);
        size_t k = 0;
        while (k < c->nitems && strcmp(c->items[k].name, item) != 0)
            k++;
        if (k == c->nitems) {
            if (c->nitems == LIMIT_CARD_ROWS)
                continue;
            c->items[c->nitems++].name = col(st, 0, a);
            if (!c->items[k].name) {
                db_reset(st);
                return BP_ERR_NOMEM;
            }
        }
        const char *source = db_column_text(st, 1, &n);
        size_t src = 0;
        while (src < CARD_SOURCES && strcmp(source_values[src], source) != 0)
            src++;
        if (src == CARD_SOURCES)
            continue;
        size_t p = program_period_of(c->periods, c->nperiods, db_column_text(st, 2, &n));
        long long amount = db_column_int(st, 3);
        c->items[k].amount[src][p] += amount;
        c->items[k].total[src] += amount;
        c->period_total[p] += amount;
        c->grand_total += amount;
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

static enum bp_err load_rest(struct db *db, struct arena *a, struct card *c)
{
    static const char sql_ach[] =
        "SELECT theme, summary, kind, occurred_on FROM achievements WHERE project_id = ? "
        "ORDER BY position, coalesce(occurred_on, ''), id LIMIT " CARD_STR(LIMIT_CARD_ROWS);
    static const char sql_issues[] =
        "SELECT issue, detail, countermeasures FROM program_issues WHERE project_id = ? "
        "ORDER BY position, id LIMIT " CARD_STR(LIMIT_CARD_ROWS);
    static const char sql_contacts[] =
        "SELECT title, name, extension FROM contacts ORDER BY position, id LIMIT " CARD_STR(LIMIT_CARD_ROWS);
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, sql_ach, &st);
    enum db_step s;
    if (e)
        return e;
    db_bind_int(st, 1, c->project_id);
    while ((s = db_step(st)) == DB_ROW && c->nachievements < LIMIT_CARD_ROWS) {
        struct card_achievement *x = &c->achievements[c->nachievements++];
        x->theme = col(st, 0, a);
        x->summary = col(st, 1, a);
        size_t n;
        x->kind_ko = kind_label(db_column_text(st, 2, &n));
        x->occurred_on = col(st, 3, a);
    }
    db_reset(st);
    if (s == DB_FAIL || (e = db_prepare(db, sql_issues, &st)))
        return e ? e : BP_ERR_DB;
    db_bind_int(st, 1, c->project_id);
    while ((s = db_step(st)) == DB_ROW && c->nissues < LIMIT_CARD_ROWS) {
        struct card_issue *x = &c->issues[c->nissues++];
        x->issue = col(st, 0, a);
        x->detail = col(st, 1, a);
        x->countermeasures = col(st, 2, a);
    }
    db_reset(st);
    if (s == DB_FAIL || (e = db_prepare(db, sql_contacts, &st)))
        return e ? e : BP_ERR_DB;
    while ((s = db_step(st)) == DB_ROW && c->ncontacts < LIMIT_CARD_ROWS) {
        struct card_contact *x = &c->contacts[c->ncontacts++];
        x->title = col(st, 0, a);
        x->name = col(st, 1, a);
        x->extension = col(st, 2, a);
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

enum bp_err card_load(struct db *db, long long project_id, struct arena *arena, struct card *c)
{
    memset(c, 0, sizeof(*c));
    enum bp_err e = load_program(db, project_id, arena, c);
    if (!e)
        e = load_units(db, arena, c);
    if (!e)
        e = load_budget(db, arena, c);
    if (!e)
        e = load_rest(db, arena, c);
    return e;
}

void card_term(const struct card *c, char *out, size_t size)
{
    int sy = 0, sm = 0, ey = 0, em = 0;
    if (!c->starts_on || !c->ends_on || sscanf(c->starts_on, "%4d-%2d", &sy, &sm) != 2 ||
        sscanf(c->ends_on, "%4d-%2d", &ey, &em) != 2) {
        snprintf(out, size, "-");
        return;
    }
    snprintf(out, size, "%d년 %d. ~ %d년 %d.%s", sy, sm, ey, em, c->ongoing ? " (계속)" : "");
}
