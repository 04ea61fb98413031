/*
 * members: GET /api/v1/collaborations/{id}/members, the people of a collaboration's two
 * organisations, for the owner pickers of its milestones and action items. Names only (no
 * e-mail, no role): to the collaboration's two organisations and operators, who see the
 * collaboration; to anyone else it answers 404, as the collaboration does. The asking
 * organisation's people come first, then the partner's, each by name.
 */
#include "modules/collaboration/collaboration.h"

#include <stdint.h>
#include <stdio.h>

#include "db/dialect.h"
#include "engine/resource.h"
#include "base/banned.h"

static const char sql_members[] =
    "SELECT {obj:id=u.id|name=u.name|org_id=m.org_id} FROM memberships m "
    "JOIN users u ON u.id=m.user_id WHERE m.active=1 AND u.active=1 AND m.org_id IN (?1,?2) "
    "ORDER BY m.org_id<>?1, u.name, u.id";

void api_collaboration_members(struct http_req *r)
{
    struct problem p;
    problem_init(&p);
    long long id = 0, version;
    const struct resource *collabs = resource_find("collaborations", 14);
    struct buf row;
    buf_init(&row, NULL, 1 << 16);
    enum bp_err e = str_to_i64(r->params[0], 1, INT64_MAX, &id)
                        ? resource_get(http_db(r), collabs, id, &r->who, 0, &row, &version)
                        : BP_ERR_NOT_FOUND;
    buf_release(&row);
    if (e == BP_ERR_NOT_FOUND) { /* absent, or not the caller's to see */
        problem_set(&p, BP_ERR_NOT_FOUND, "없는 항목입니다", "no such record");
        http_reply_problem(r, &p);
        return;
    }
    if (e) { /* the database failed: not an absent collaboration */
        http_reply_error(r, e);
        return;
    }
    struct resource_row c;
    e = resource_read_fields(http_db(r), "collaborations", id, "org_id,partner_org_id", &c);
    if (!e && !c.found) /* gone since it was read */
        e = BP_ERR_NOT_FOUND;
    struct db_stmt *st = NULL;
    if (!e && !(e = db_prepare(http_db(r), DIALECT_SQL(sql_members), &st))) {
        db_bind_int(st, 1, c.i[0]);
        db_bind_int(st, 2, c.i[1]);
        long long n = 0;
        enum db_step s;
        (void)buf_adds(&r->ans.body, "{\"items\":[");
        while ((s = db_step(st)) == DB_ROW) {
            size_t len;
            const char *j = db_column_text(st, 0, &len);
            if (n++)
                (void)buf_addch(&r->ans.body, ',');
            (void)buf_add(&r->ans.body, j, len);
        }
        db_reset(st);
        (void)buf_addf(&r->ans.body, "],\"total\":%lld}", n);
        if (s == DB_FAIL)
            e = BP_ERR_DB;
    }
    resource_row_release(&c);
    if (e) {
        http_reply_error(r, e);
        return;
    }
    http_reply_json(r, 200);
}
