/*
 * search: index maintenance and queries over the FTS5 table "search" and its map "search_rows".
 */
#include "core/search.h"

#include <stdio.h>
#include <string.h>

#include "core/resource_int.h"
#include "core/tokens.h"
#include "core/banned.h"

#define MARK_OPEN '\x01'
#define MARK_CLOSE '\x02'

bool search_indexed(const struct resource *r)
{
    if (!r->title_field || (r->flags & R_OPERATOR_READ) || r->user_field)
        return false;
    for (const struct field *f = r->fields; f->name; f++)
        if ((f->flags & F_SEARCH) && f->type == FT_TEXT && !(f->flags & (F_PRIVATE | F_HIDDEN)))
            return true;
    return false;
}

/* SELECT title, body, org, visibility FROM the entry's table for one row. */
static enum bp_err row_sql(const struct resource *r, struct buf *sql)
{
    (void)buf_addf(sql, "SELECT coalesce(t.%s,''), ''", r->title_field);
    for (const struct field *f = r->fields; f->name; f++) {
        if ((f->flags & (F_PRIVATE | F_HIDDEN)) || strcmp(f->name, r->title_field) == 0)
            continue;
        if ((f->flags & F_SEARCH) && f->type == FT_TEXT)
            (void)buf_addf(sql, " || char(10) || coalesce(t.%s,'')", f->name);
        else if ((f->flags & F_SEARCH) && f->type == FT_LIST) /* synonyms and the like */
            (void)buf_addf(sql, " || char(10) || coalesce((SELECT group_concat(value, ' ') "
                                "FROM json_each(t.%s)),'')", f->name);
        else if (f->type == FT_TAGS) /* the fields' names and synonyms: 인공지능 finds AI */
            (void)buf_addf(sql, " || char(10) || coalesce((SELECT group_concat(g.name_ko || ' ' || "
                                "g.name_en || ' ' || coalesce((SELECT group_concat(s.value, ' ') "
                                "FROM json_each(g.synonyms) s),''), ' ') FROM json_each(t.%s) f "
                                "JOIN tags g ON g.slug=f.value),'')", f->name);
    }
    (void)buf_addf(sql, ", %s%s, %s%s FROM %s t", r->owner_field ? "t." : "",
                   r->owner_field ? r->owner_field : "NULL", r->visibility_field ? "t." : "",
                   r->visibility_field ? r->visibility_field : "'public'", r->table);
    return sql->failed ? BP_ERR_NOMEM : BP_OK;
}

enum bp_err search_remove_row(struct db *db, const struct resource *r, long long id)
{
    struct db_stmt *st;
    if (!search_indexed(r))
        return BP_OK;
    enum bp_err e = db_prepare(db,
                               "DELETE FROM search WHERE rowid = (SELECT rowid FROM search_rows "
                               "WHERE collection=?1 AND row_id=?2)",
                               &st);
    if (e)
        return e;
    db_bind_text(st, 1, r->name, strlen(r->name));
    db_bind_int(st, 2, id);
    enum db_step s = db_step(st);
    db_reset(st);
    if (s != DB_DONE || (e = db_prepare(db, "DELETE FROM search_rows WHERE collection=?1 AND row_id=?2", &st)))
        return e ? e : BP_ERR_DB;
    db_bind_text(st, 1, r->name, strlen(r->name));
    db_bind_int(st, 2, id);
    s = db_step(st);
    db_reset(st);
    return s == DB_DONE ? BP_OK : BP_ERR_DB;
}

enum bp_err search_index_row(struct db *db, const struct resource *r, long long id)
{
    if (!search_indexed(r))
        return BP_OK;
    enum bp_err e = search_remove_row(db, r, id);
    struct buf sql;
    struct db_stmt *st, *ins;
    buf_init(&sql, NULL, 4096);
    if (!e)
        e = row_sql(r, &sql);
    (void)buf_adds(&sql, " WHERE t.id=?1");
    if (e || (e = db_prepare(db, sql.data, &st)))
        goto out;
    db_bind_int(st, 1, id);
    if (db_step(st) != DB_ROW) {
        db_reset(st);
        goto out; /* gone: nothing to index */
    }
    if ((e = db_prepare(db, "INSERT INTO search_rows(collection,row_id,org_id,visibility) VALUES (?1,?2,?3,?4)", &ins)))
        goto out_reset;
    db_bind_text(ins, 1, r->name, strlen(r->name));
    db_bind_int(ins, 2, id);
    if (!db_column_is_null(st, 2))
        db_bind_int(ins, 3, db_column_int(st, 2));
    size_t len;
    const char *vis = db_column_text(st, 3, &len);
    db_bind_text(ins, 4, vis, len);
    e = db_step(ins) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(ins);
    long long rowid = db_last_id(db);
    if (e || (e = db_prepare(db, "INSERT INTO search(rowid,title,body) VALUES (?1,?2,?3)", &ins)))
        goto out_reset;
    db_bind_int(ins, 1, rowid);
    const char *title = db_column_text(st, 0, &len);
    db_bind_text(ins, 2, title, len);
    const char *body = db_column_text(st, 1, &len);
    db_bind_text(ins, 3, body, len);
    e = db_step(ins) == DB_DONE ? BP_OK : BP_ERR_DB;
    db_reset(ins);
out_reset:
    db_reset(st);
out:
    buf_release(&sql);
    return e;
}

enum bp_err search_fill_if_empty(struct db *db, long long *rows)
{
    long long n;
    *rows = 0;
    enum bp_err e = db_query_int(db, "SELECT count(*) FROM search_rows", 0, &n);
    if (e || n > 0)
        return e;
    for (const struct resource *const *r = resource_all(); *r && !e; r++) {
        if (!search_indexed(*r))
            continue;
        char sql[160];
        struct db_stmt *st;
        snprintf(sql, sizeof(sql), "SELECT id FROM %s ORDER BY id", (*r)->table);
        if ((e = db_prepare(db, sql, &st)))
            break;
        /* collect ids first: indexing runs other statements on the same connection */
        struct buf ids;
        buf_init(&ids, NULL, (size_t)1 << 30);
        while (db_step(st) == DB_ROW) {
            long long id = db_column_int(st, 0);
            (void)buf_add(&ids, &id, sizeof(id));
        }
        db_reset(st);
        for (size_t i = 0; !e && i + sizeof(long long) <= ids.len; i += sizeof(long long)) {
            long long id;
            memcpy(&id, ids.data + i, sizeof(id));
            e = search_index_row(db, *r, id);
            (*rows)++;
        }
        if (ids.failed && !e)
            e = BP_ERR_NOMEM;
        buf_release(&ids);
    }
    return e;
}

/* --- queries --- */

struct match_build {
    struct buf *expr;
    size_t n;
};

static int add_term(void *ctx, const char *tok, size_t len, size_t start, size_t end, bool prefix)
{
    struct match_build *m = ctx;
    (void)start;
    (void)end;
    if (m->n++ >= 32) /* enough words for any question */
        return 0;
    (void)buf_adds(m->expr, m->n > 1 ? " \"" : "\"");
    for (size_t i = 0; i < len; i++) {
        if (tok[i] == '"')
            (void)buf_addch(m->expr, '"');
        (void)buf_addch(m->expr, tok[i]);
    }
    (void)buf_adds(m->expr, prefix ? "\"*" : "\"");
    return 0;
}

static void scope_sql(const struct principal *who, struct buf *sql)
{
    if (who->user_id == 0)
        (void)buf_adds(sql, " AND m.visibility='public'");
    else if (!principal_is_operator(who))
        (void)buf_adds(sql, " AND (m.visibility<>'private' OR m.org_id=?100 OR EXISTS (SELECT 1 "
                            "FROM shares g WHERE g.collection=m.collection AND g.row_id=m.row_id "
                            "AND g.org_id=?100))");
}

/* The snippet as JSON string text: HTML-escaped, with the match markers as <mark>. */
static void add_snippet(struct buf *out, const char *s, size_t len)
{
    struct buf html;
    buf_init(&html, out->arena, len * 6 + 32);
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == MARK_OPEN && html.len >= 7 && memcmp(html.data + html.len - 7, "</mark>", 7) == 0)
            html.data[html.len -= 7] = '\0'; /* touching highlights become one */
        else if (c == MARK_OPEN)
            (void)buf_adds(&html, "<mark>");
        else if (c == MARK_CLOSE)
            (void)buf_adds(&html, "</mark>");
        else if (c == '<')
            (void)buf_adds(&html, "&lt;");
        else if (c == '>')
            (void)buf_adds(&html, "&gt;");
        else if (c == '&')
            (void)buf_adds(&html, "&amp;");
        else if (c == '\n')
            (void)buf_addch(&html, ' ');
        else
            (void)buf_addch(&html, c);
    }
    (void)buf_add_json_str(out, html.data, html.len);
    if (!out->arena)
        buf_release(&html);
}

enum bp_err search_query(struct db *db, struct str q, const struct resource *only, long long limit,
                         const struct principal *who, struct arena *arena, struct buf *out)
{
    struct buf expr, sql;
    buf_init(&expr, arena, 8192);
    struct match_build m = {&expr, 0};
    (void)tokens_split(q.ptr, q.len, TOKENS_QUERY, add_term, &m);
    if (m.n == 0 || expr.failed) {
        (void)buf_adds(out, "{\"items\":[],\"total\":0}");
        return out->failed ? BP_ERR_NOMEM : BP_OK;
    }
    buf_init(&sql, arena, 8192);
    (void)buf_adds(&sql,
                   "SELECT m.collection, m.row_id, search.title, "
                   "snippet(search, -1, char(1), char(2), '…', 14), "
                   "(SELECT json_object('id',o.id,'name',o.name) FROM orgs o WHERE o.id=m.org_id");
    if (who->user_id == 0)
        (void)buf_adds(&sql, " AND o.visibility='public'");
    else if (!principal_is_operator(who))
        (void)buf_adds(&sql, " AND (o.visibility<>'private' OR o.id=?100 OR EXISTS (SELECT 1 FROM "
                             "shares g WHERE g.collection='orgs' AND g.row_id=o.id AND g.org_id=?100))");
    (void)buf_adds(&sql, ") FROM search JOIN search_rows m ON m.rowid=search.rowid "
                         "WHERE search MATCH ?1");
    if (only)
        (void)buf_adds(&sql, " AND m.collection=?2");
    scope_sql(who, &sql);
    (void)buf_adds(&sql, " ORDER BY bm25(search, 10.0, 1.0) LIMIT ?3");
    struct db_stmt *st;
    enum bp_err e = sql.failed ? BP_ERR_NOMEM : db_prepare(db, sql.data, &st);
    if (e)
        return e;
    db_bind_text(st, 1, expr.data, expr.len);
    if (only)
        db_bind_text(st, 2, only->name, strlen(only->name));
    db_bind_int(st, 3, limit);
    resource_bind_scope(st, who);
    (void)buf_adds(out, "{\"items\":[");
    enum db_step s;
    size_t n = 0;
    while ((s = db_step(st)) == DB_ROW) {
        size_t len;
        const char *t;
        (void)buf_adds(out, n++ ? ",{\"collection\":" : "{\"collection\":");
        t = db_column_text(st, 0, &len);
        (void)buf_add_json_str(out, t, len);
        (void)buf_addf(out, ",\"id\":%lld,\"title\":", db_column_int(st, 1));
        t = db_column_text(st, 2, &len);
        (void)buf_add_json_str(out, t, len);
        (void)buf_adds(out, ",\"org\":");
        if (db_column_is_null(st, 4))
            (void)buf_adds(out, "null");
        else
            (void)buf_adds(out, db_column_text(st, 4, NULL));
        (void)buf_adds(out, ",\"snippet\":");
        t = db_column_text(st, 3, &len);
        add_snippet(out, t, len);
        (void)buf_addch(out, '}');
    }
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    /* the total counts what this caller may see, nothing else */
    struct buf count;
    buf_init(&count, arena, 8192);
    (void)buf_adds(&count, "SELECT count(*) FROM search JOIN search_rows m ON m.rowid=search.rowid "
                           "WHERE search MATCH ?1");
    if (only)
        (void)buf_adds(&count, " AND m.collection=?2");
    scope_sql(who, &count);
    if (count.failed || (e = db_prepare(db, count.data, &st)))
        return e ? e : BP_ERR_NOMEM;
    db_bind_text(st, 1, expr.data, expr.len);
    if (only)
        db_bind_text(st, 2, only->name, strlen(only->name));
    resource_bind_scope(st, who);
    long long total = db_step(st) == DB_ROW ? db_column_int(st, 0) : 0;
    db_reset(st);
    (void)buf_addf(out, "],\"total\":%lld}", total);
    return out->failed ? BP_ERR_TOO_LARGE : BP_OK;
}
