/*
 * shares: a private record shared with named organisations (a need shown to the one hospital
 * that should see it, a data set to one partner). Grantees' members see the record as cluster
 * rows are seen: its personal fields stay with its own organisation. The organisation that owns
 * the record (its members who may change it) and operators list, add and remove grants; to
 * everyone else a record's grants are as invisible as the record may be (404).
 *
 *   GET    /api/v1/shares?collection=needs&row_id=5   {items:[{id,org_id,org_name,...}],total}
 *   POST   /api/v1/shares {collection,row_id,org_id}  201
 *   DELETE /api/v1/shares/{id}                         204
 */
#include "modules/accounts/accounts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/audit.h"
#include "engine/collections.h"
#include "engine/resource.h"
#include "base/banned.h"

/* The collection named, when its records can be shared; NULL after answering. */
static const struct resource *shareable(struct http_req *r, const char *name, size_t len)
{
    const struct resource *res = name ? resource_find(name, len) : NULL;
    if (!res || !access_shareable(res)) {
        http_refuse(r, BP_ERR_INVALID, "collection", "공유할 수 있는 컬렉션이 아닙니다",
               "records of this collection cannot be shared");
        return NULL;
    }
    if (!api_token_allows(r, resource_module(res))) {
        http_refuse(r, BP_ERR_FORBIDDEN, NULL, "이 API 토큰의 모듈 밖 컬렉션입니다",
                    "this collection is outside the API token's modules");
        return NULL;
    }
    return res;
}

/* Whether the caller may manage the grants of a record owned by owner: operators, and members
 * of the owner who may change its rows. */
static bool manages(const struct principal *who, const struct resource *res, long long owner)
{
    if (principal_is_operator(who))
        return true;
    return owner > 0 && owner == who->org_id && resource_may_write(res, who);
}

/* The owner of a record the caller can see (0: absent or invisible, -1: the database failed). */
static long long owner_of(struct db *db, const struct resource *res, long long row,
                          const struct principal *who)
{
    long long owner = 0;
    struct buf sql;
    struct db_stmt *st;
    buf_init(&sql, NULL, 4096);
    (void)buf_addf(&sql, "SELECT coalesce(t.%s,0) FROM %s t WHERE t.id=?1", res->owner_field,
                   res->table);
    bool failed = access_scope(res, who, "t", &sql) || db_prepare(db, sql.data, &st);
    buf_release(&sql);
    if (failed)
        return -1;
    db_bind_int(st, 1, row);
    access_bind(st, who);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        owner = db_column_int(st, 0);
    db_reset(st);
    return s == DB_FAIL ? -1 : owner;
}

void api_shares_list(struct http_req *r)
{
    struct str q = r->query, pair, coll = STR_NULL, row_text = STR_NULL;
    while (q.len) {
        q = str_cut(q, '&', &pair);
        struct str key;
        struct str value = str_cut(pair, '=', &key);
        if (str_eq_c(key, "collection"))
            coll = value;
        else if (str_eq_c(key, "row_id"))
            row_text = value;
    }
    long long row;
    if (!str_to_i64(row_text, 1, INT64_MAX, &row)) {
        http_refuse(r, BP_ERR_BAD_QUERY, "row_id", "row_id가 필요합니다", "row_id is required");
        return;
    }
    const struct resource *res = shareable(r, coll.ptr, coll.len);
    if (!res)
        return;
    long long owner = owner_of(http_db(r), res, row, &r->who);
    if (owner < 0) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    if (!owner || !manages(&r->who, res, owner)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 항목이거나 공유를 관리할 수 없습니다",
               "no such record, or you do not manage its sharing");
        return;
    }
    struct db_stmt *st;
    if (db_prepare(http_db(r),
                   DIALECT_SQL("SELECT {obj:id=g.id|collection=g.collection|row_id=g.row_id|"
                                "org_id=g.org_id|org_name=o.name|granted_by=g.granted_by|"
                                "created_at=g.created_at} FROM shares g JOIN orgs o ON "
                                "o.id=g.org_id WHERE g.collection=?1 AND g.row_id=?2 ORDER BY o.name"),
                   &st)) {
        http_reply_error(r, BP_ERR_DB);
        return;
    }
    db_bind_text(st, 1, res->name, strlen(res->name));
    db_bind_int(st, 2, row);
    long long n;
    (void)account_items(st, &r->ans.body, &n);
    http_reply_json(r, 200);
}

struct grant {
    const struct resource *res;
    long long row, org, id;
    struct principal who;
    bool remove;
    char location[64];
    char modules[256]; /* the API token's modules (a JSON array), "": all */
};

/* Taking a grant of a record back takes back the grants to the same organisation of the rows
 * inside it (an action item of a private meeting): they would outlive it and reach an
 * organisation that no longer reads the record. Each is audited as the grant is. */
static enum bp_err unshare_inside(struct db *db, const struct grant *g)
{
    enum bp_err e = BP_OK;
    const struct audit_field grant[] = {AUDIT_INT("org_id", g->org), AUDIT_END};
    for (const struct resource *const *c = resource_all(); *c && !e; c++) {
        if (!access_shareable(*c))
            continue;
        for (const struct field *f = (*c)->fields; f->name && !e; f++) {
            if (!(f->flags & F_WITHIN) || !f->ref || strcmp(f->ref, g->res->name) != 0)
                continue;
            char sql[256];
            snprintf(sql, sizeof(sql),
                     "SELECT g.row_id FROM shares g JOIN %s t ON t.id=g.row_id WHERE "
                     "g.collection=?1 AND g.org_id=?2 AND t.%s=?3 ORDER BY g.row_id",
                     (*c)->table, f->name);
            for (size_t n = LIMIT_SHARES_INSIDE; n == LIMIT_SHARES_INSIDE && !e;) {
                long long rows[LIMIT_SHARES_INSIDE]; /* a batch; the next reads what is left */
                struct db_stmt *st;
                if ((e = db_prepare(db, sql, &st)))
                    break;
                db_bind_text(st, 1, (*c)->name, strlen((*c)->name));
                db_bind_int(st, 2, g->org);
                db_bind_int(st, 3, g->row);
                enum db_step s;
                n = 0;
                while (n < LIMIT_SHARES_INSIDE && (s = db_step(st)) == DB_ROW)
                    rows[n++] = db_column_int(st, 0);
                db_reset(st);
                if (n < LIMIT_SHARES_INSIDE && s == DB_FAIL)
                    return BP_ERR_DB;
                for (size_t i = 0; i < n && !e; i++)
                    if (!(e = db_run(db, NULL,
                                     "DELETE FROM shares WHERE collection=?1 AND row_id=?2 AND org_id=?3",
                                     "tii", (*c)->name, rows[i], g->org)))
                        e = audit_record(db, g->who.user_id, "unshare", (*c)->name, rows[i], grant,
                                         NULL);
            }
        }
    }
    return e;
}

static enum bp_err run_grant(struct job *job, struct db *db)
{
    struct grant *g = job->payload;
    enum bp_err e;
    if (g->remove) { /* the grant's record, as the caller sees it, says who may remove it */
        struct db_stmt *st;
        char coll[64] = "";
        if ((e = db_prepare(db, "SELECT collection, row_id, org_id FROM shares WHERE id=?1", &st)))
            return e;
        db_bind_int(st, 1, g->id);
        enum db_step s = db_step(st);
        if (s == DB_ROW) {
            snprintf(coll, sizeof(coll), "%s", db_column_text(st, 0, NULL));
            g->row = db_column_int(st, 1);
            g->org = db_column_int(st, 2);
        }
        db_reset(st);
        if (s == DB_FAIL)
            return BP_ERR_DB;
        g->res = coll[0] ? resource_find(coll, strlen(coll)) : NULL;
        if (g->res && !api_modules_allow(str_from(g->modules), resource_module(g->res)))
            g->res = NULL; /* outside the token's modules: as if there were none */
    }
    long long owner = g->res ? owner_of(db, g->res, g->row, &g->who) : 0;
    if (owner < 0)
        return BP_ERR_DB;
    if (!owner || !g->res || !manages(&g->who, g->res, owner))
        return g->remove ? job_refuse(job, BP_ERR_NOT_FOUND, NULL, "없는 공유입니다", "no such share")
                         : job_refuse(job, BP_ERR_INVALID, "row_id",
                                      "없는 항목이거나 공유를 관리할 수 없습니다",
                                      "no such record, or you do not manage its sharing");
    const struct audit_field grant[] = {AUDIT_INT("org_id", g->org), AUDIT_END};
    if (g->remove) {
        if ((e = db_run(db, NULL, "DELETE FROM shares WHERE id=?1", "i", g->id)))
            return e;
        job->ans.status = 204;
        if ((e = audit_record(db, g->who.user_id, "unshare", g->res->name, g->row, grant, NULL)))
            return e;
        return unshare_inside(db, g);
    }
    /* An organisation the caller cannot see answers as one that does not exist, so sharing
     * does not tell whether a private organisation's id is taken (issue #10 item 13). */
    long long exists = 0;
    if ((e = db_run(db, &exists,
                    "SELECT id FROM orgs WHERE id=?1 AND (visibility<>'private' OR id=?2 OR ?3=1)",
                    "iii", g->org, g->who.org_id, (long long)principal_is_operator(&g->who))))
        return e;
    if (!exists)
        return job_refuse(job, BP_ERR_INVALID, "org_id", "없는 기관입니다", "no such organisation");
    if (g->org == owner)
        return job_refuse(job, BP_ERR_INVALID, "org_id", "자기 기관과는 공유할 필요가 없습니다",
                          "the owner sees its records already");
    char sql[256], vis[16] = "";
    struct db_stmt *st;
    snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE id=?1", g->res->visibility_field, g->res->table);
    if ((e = db_prepare(db, sql, &st)))
        return e;
    db_bind_int(st, 1, g->row);
    enum db_step s = db_step(st);
    if (s == DB_ROW)
        snprintf(vis, sizeof(vis), "%s", db_column_text(st, 0, NULL));
    db_reset(st);
    if (s == DB_FAIL)
        return BP_ERR_DB;
    if (strcmp(vis, "private") != 0)
        return job_refuse(job, BP_ERR_INVALID, "row_id",
                          "비공개(private) 항목만 공유합니다: 클러스터 공개 항목은 이미 모두가 봅니다",
                          "only private records are shared: cluster records are seen by all members");
    /* a row inside another (an action item inside a collaboration) reaches no organisation
     * that cannot read that one: the grant would make it wider than its parent */
    bool within = true;
    if ((e = access_parents_admit(db, g->res, g->row, g->org, &within)))
        return e;
    if (!within)
        return job_refuse(job, BP_ERR_INVALID, "org_id",
                          "이 항목은 그 기관이 볼 수 없는 상위 기록(협력, 비공개 회의) 안에 있어 "
                          "그 기관과 공유할 수 없습니다",
                          "this record is inside a record that organisation cannot read (a "
                          "collaboration, a private meeting): it is not shared beyond it");
    if ((e = db_run(db, &g->id,
                    "INSERT INTO shares(collection,row_id,org_id,granted_by) VALUES (?1,?2,?3,?4) "
                    "ON CONFLICT DO NOTHING RETURNING id",
                    "tiii", g->res->name, g->row, g->org, g->who.user_id)))
        return e;
    if (!g->id)
        return job_refuse(job, BP_ERR_CONFLICT, "org_id", "이미 이 기관과 공유했습니다",
                          "already shared with this organisation");
    if ((e = audit_record(db, g->who.user_id, "share", g->res->name, g->row, NULL, grant)))
        return e;
    snprintf(g->location, sizeof(g->location), "/api/v1/shares/%lld", g->id);
    http_add_header(&job->ans, "location", str_from(g->location));
    job->ans.status = 201;
    job->ans.content_type = "application/json; charset=utf-8";
    return buf_addf(&job->ans.body,
                    "{\"id\":%lld,\"collection\":\"%s\",\"row_id\":%lld,\"org_id\":%lld}", g->id,
                    g->res->name, g->row, g->org);
}

void api_share_create(struct http_req *r)
{
    static const char *const allowed[] = {"collection", "row_id", "org_id", NULL};
    struct problem p;
    problem_init(&p);
    json_t *j = account_body(r, allowed, &p);
    if (!j)
        return;
    const char *coll = account_string(j, "collection", 64, true, &p);
    json_t *row = json_object_get(j, "row_id"), *org = json_object_get(j, "org_id");
    if (!json_is_integer(row) || json_integer_value(row) < 1)
        problem_field(&p, BP_ERR_INVALID, "row_id", "항목 id여야 합니다", "must be a record id");
    if (!json_is_integer(org) || json_integer_value(org) < 1)
        problem_field(&p, BP_ERR_INVALID, "org_id", "기관 id여야 합니다", "must be an organisation id");
    const struct resource *res = coll ? resource_find(coll, strlen(coll)) : NULL;
    if (coll && (!res || !access_shareable(res)))
        problem_field(&p, BP_ERR_INVALID, "collection", "공유할 수 있는 컬렉션이 아닙니다",
                      "records of this collection cannot be shared");
    else if (res && !api_token_allows(r, resource_module(res)))
        problem_set(&p, BP_ERR_FORBIDDEN, "이 API 토큰의 모듈 밖 컬렉션입니다",
                    "this collection is outside the API token's modules");
    struct grant *g = p.err ? NULL : calloc(1, sizeof(*g));
    if (!g) {
        account_reject(r, j, &p);
        return;
    }
    g->res = res;
    g->row = (long long)json_integer_value(row);
    g->org = (long long)json_integer_value(org);
    g->who = r->who;
    json_decref(j);
    account_submit(r, JOB_WRITER, run_grant, g);
}

void api_share_delete(struct http_req *r)
{
    long long id;
    if (!str_to_i64(r->params[0], 1, INT64_MAX, &id)) {
        http_refuse(r, BP_ERR_NOT_FOUND, NULL, "없는 공유입니다", "no such share");
        return;
    }
    struct grant *g = calloc(1, sizeof(*g));
    if (g) {
        g->id = id;
        g->who = r->who;
        g->remove = true;
        if (r->bearer.len && r->token_modules.len < sizeof(g->modules))
            memcpy(g->modules, r->token_modules.ptr, r->token_modules.len);
        else if (r->bearer.len && r->token_modules.len)
            snprintf(g->modules, sizeof(g->modules), "[\"\"]"); /* too many to keep: none */
    }
    account_submit(r, JOB_WRITER, run_grant, g);
}
