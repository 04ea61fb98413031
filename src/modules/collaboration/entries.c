/*
 * collaboration: from a match to working together. A company asks a partner about one of its
 * capabilities for one of its needs (matches: a request); the partner accepts or declines with
 * a message; an accepted request becomes a collaboration of the two organisations, which keeps
 * its milestones and agreements (MOU, NDA, data use, joint research). The council (산학연병
 * 협의체) keeps meetings and action items. Value-chain links (org-links) say who supplies whom.
 *
 * Requests, collaborations and agreements belong to both organisations (owner and party) and
 * to no one else; the workflow is in the prepare and settle hooks of the entries: who may
 * change what, the rows an acceptance creates, and the notifications each step sends.
 */
#include "modules/accounts/accounts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/audit.h"
#include "engine/resource.h"
#include "base/banned.h"

static const char *const visibilities[] = {"private", "cluster", "public", NULL};
static const char *const match_states[] = {"requested", "accepted", "declined", "withdrawn", NULL};
static const char *const collaboration_states[] = {"active", "paused", "completed", "terminated", NULL};
static const char *const agreement_kinds[] = {"mou", "nda", "data-use", "joint-research", "service",
                                              "other", NULL};
static const char *const agreement_states[] = {"draft", "signed", "expired", "terminated", NULL};
static const char *const item_states[] = {"open", "done", "dropped", NULL};
static const char *const link_kinds[] = {"supplies", "services", "data", "research", "investment",
                                         "other", NULL};

#define FS (F_FILTER | F_SORT)

/* clang-format off */
static const struct field match_fields[] = {
    {"need_id",        FT_REF,  F_REQUIRED | F_IMMUTABLE | F_FILTER, 0, 0, NULL, "needs", CHECK_NONE, "수요", "Need"},
    {"capability_id",  FT_REF,  F_REQUIRED | F_IMMUTABLE | F_FILTER, 0, 0, NULL, "capabilities", CHECK_NONE, "역량", "Capability"},
    {"org_id",         FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "orgs", CHECK_NONE, "요청 기관", "Asking organisation"},
    {"partner_org_id", FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "orgs", CHECK_NONE, "상대 기관", "Partner"},
    {"message",        FT_TEXT, 0, 0, 2000, NULL, NULL, CHECK_NONE, "요청 내용", "Message"},
    {"response",       FT_TEXT, 0, 0, 2000, NULL, NULL, CHECK_NONE, "답변", "Response"},
    {"status",         FT_STATUS, FS, 0, 0, match_states, NULL, CHECK_NONE, "상태", "Status"},
    {"collaboration_id", FT_REF, F_READONLY | F_FILTER, 0, 0, NULL, "collaborations", CHECK_NONE, "협력", "Collaboration"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field collaboration_fields[] = {
    {"title",          FT_TEXT, F_REQUIRED | F_SORT, 1, 200, NULL, NULL, CHECK_NONE, "협력명", "Title"},
    {"description",    FT_TEXT, 0, 0, 5000, NULL, NULL, CHECK_NONE, "설명", "Description"},
    {"org_id",         FT_REF,  F_REQUIRED | F_IMMUTABLE | FS, 0, 0, NULL, "orgs", CHECK_NONE, "요청 기관", "Asking organisation"},
    {"partner_org_id", FT_REF,  F_REQUIRED | F_IMMUTABLE | FS, 0, 0, NULL, "orgs", CHECK_NONE, "상대 기관", "Partner"},
    {"need_id",        FT_REF,  F_IMMUTABLE | F_FILTER, 0, 0, NULL, "needs", CHECK_NONE, "수요", "Need"},
    {"capability_id",  FT_REF,  F_IMMUTABLE | F_FILTER, 0, 0, NULL, "capabilities", CHECK_NONE, "역량", "Capability"},
    {"status",         FT_STATUS, FS, 0, 0, collaboration_states, NULL, CHECK_NONE, "상태", "Status"},
    {"started_on",     FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "시작일", "Started on"},
    {"ends_on",        FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "종료 예정일", "Ends on"},
    {"milestones",     FT_LIST, 0, 0, 0, NULL, NULL, CHECK_NONE, "이정표", "Milestones"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field agreement_fields[] = {
    {"collaboration_id", FT_REF, F_REQUIRED | F_IMMUTABLE | F_FILTER, 0, 0, NULL, "collaborations", CHECK_NONE, "협력", "Collaboration"},
    {"org_id",         FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "orgs", CHECK_NONE, "요청 기관", "Asking organisation"},
    {"partner_org_id", FT_REF,  F_READONLY | F_FILTER, 0, 0, NULL, "orgs", CHECK_NONE, "상대 기관", "Partner"},
    {"kind",           FT_ENUM, F_REQUIRED | FS, 0, 0, agreement_kinds, NULL, CHECK_NONE, "종류", "Kind"},
    {"title",          FT_TEXT, F_REQUIRED | F_SORT, 1, 200, NULL, NULL, CHECK_NONE, "협약명", "Title"},
    {"status",         FT_STATUS, FS, 0, 0, agreement_states, NULL, CHECK_NONE, "상태", "Status"},
    {"signed_on",      FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "체결일", "Signed on"},
    {"starts_on",      FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "효력 시작일", "Starts on"},
    {"ends_on",        FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "만료일", "Ends on"},
    {"file_id",        FT_REF,  0, 0, 0, NULL, "files", CHECK_NONE, "파일", "File"},
    {"notes",          FT_TEXT, 0, 0, 5000, NULL, NULL, CHECK_NONE, "메모", "Notes"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field meeting_fields[] = {
    {"title",          FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 200, NULL, NULL, CHECK_NONE, "회의명", "Title"},
    {"org_id",         FT_REF,  F_REQUIRED | FS, 0, 0, NULL, "orgs", CHECK_NONE, "주관 기관", "Convened by"},
    {"collaboration_id", FT_REF, F_FILTER, 0, 0, NULL, "collaborations", CHECK_NONE, "협력", "Collaboration"},
    {"held_on",        FT_DATE, F_REQUIRED | FS, 0, 0, NULL, NULL, CHECK_NONE, "일자", "Held on"},
    {"place",          FT_TEXT, 0, 0, 200, NULL, NULL, CHECK_NONE, "장소", "Place"},
    {"attendees",      FT_LIST, F_SEARCH, 0, 0, NULL, NULL, CHECK_NONE, "참석자", "Attendees"},
    {"agenda",         FT_TEXT, F_SEARCH, 0, 5000, NULL, NULL, CHECK_NONE, "안건", "Agenda"},
    {"minutes",        FT_TEXT, F_SEARCH, 0, 20000, NULL, NULL, CHECK_NONE, "회의록", "Minutes"},
    {"visibility",     FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field action_item_fields[] = {
    {"title",          FT_TEXT, F_REQUIRED | F_SORT | F_SEARCH, 1, 200, NULL, NULL, CHECK_NONE, "할 일", "Action"},
    {"org_id",         FT_REF,  F_REQUIRED | FS, 0, 0, NULL, "orgs", CHECK_NONE, "담당 기관", "Organisation"},
    {"meeting_id",     FT_REF,  F_FILTER, 0, 0, NULL, "meetings", CHECK_NONE, "회의", "Meeting"},
    {"collaboration_id", FT_REF, F_FILTER, 0, 0, NULL, "collaborations", CHECK_NONE, "협력", "Collaboration"},
    {"owner_id",       FT_REF,  F_FILTER, 0, 0, NULL, "people", CHECK_NONE, "담당자", "Owner"},
    {"due_on",         FT_DATE, FS, 0, 0, NULL, NULL, CHECK_NONE, "기한", "Due on"},
    {"status",         FT_STATUS, FS, 0, 0, item_states, NULL, CHECK_NONE, "상태", "Status"},
    {"notes",          FT_TEXT, 0, 0, 5000, NULL, NULL, CHECK_NONE, "메모", "Notes"},
    {"visibility",     FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct field link_fields[] = {
    {"org_id",         FT_REF,  F_REQUIRED | F_IMMUTABLE | FS, 0, 0, NULL, "orgs", CHECK_NONE, "공급 기관(상류)", "Upstream"},
    {"to_org_id",      FT_REF,  F_REQUIRED | F_IMMUTABLE | FS, 0, 0, NULL, "orgs", CHECK_NONE, "수요 기관(하류)", "Downstream"},
    {"kind",           FT_ENUM, F_REQUIRED | FS, 0, 0, link_kinds, NULL, CHECK_NONE, "관계", "Kind"},
    {"description",    FT_TEXT, 0, 0, 2000, NULL, NULL, CHECK_NONE, "설명", "Description"},
    {"visibility",     FT_ENUM, F_FILTER, 0, 0, visibilities, NULL, CHECK_NONE, "공개 범위", "Visibility"},
    {NULL, 0, 0, 0, 0, NULL, NULL, CHECK_NONE, NULL, NULL},
};

static const struct transition match_transitions[] = {
    {"requested", "accepted"}, {"requested", "declined"}, {"requested", "withdrawn"},
    {NULL, NULL},
};
static const struct transition collaboration_transitions[] = {
    {"active", "paused"}, {"paused", "active"}, {"active", "completed"}, {"paused", "completed"},
    {"active", "terminated"}, {"paused", "terminated"},
    {NULL, NULL},
};
static const struct transition agreement_transitions[] = {
    {"draft", "signed"}, {"draft", "terminated"}, {"signed", "expired"}, {"signed", "terminated"},
    {NULL, NULL},
};
static const struct transition item_transitions[] = {
    {"open", "done"}, {"open", "dropped"}, {"done", "open"}, {"dropped", "open"},
    {NULL, NULL},
};
/* clang-format on */

/* --- helpers of the hooks --- */

static enum bp_err refuse(struct problem *p, const char *field, enum bp_err e, const char *ko,
                          const char *en)
{
    if (field)
        problem_field(p, e, field, ko, en);
    else
        problem_set(p, e, ko, en);
    return p->err;
}

static long long value_int(const struct write_op *op, const char *field)
{
    const struct write_value *v = write_op_get(op, field);
    return v && v->kind == VAL_INT ? v->i : 0;
}

static const char *value_text(const struct write_op *op, const char *field)
{
    const struct write_value *v = write_op_get(op, field);
    return v && v->kind == VAL_TEXT ? v->text : NULL;
}

/* Two integers and a text of one row (a row's organisations and status). */
struct row3 {
    long long a, b;
    char text[64];
    bool found;
};

static enum bp_err read3(struct db *db, const char *sql, long long id, struct row3 *out)
{
    struct db_stmt *st;
    memset(out, 0, sizeof(*out));
    enum bp_err e = db_prepare(db, sql, &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    if (s == DB_ROW) {
        out->found = true;
        out->a = db_column_int(st, 0);
        out->b = db_column_int(st, 1);
        snprintf(out->text, sizeof(out->text), "%s", db_column_text(st, 2, NULL));
    }
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* Tell an organisation's admins (or, without any, its members) in the app and by e-mail. */
static enum bp_err notify_org(struct db *db, long long org, const char *kind, const char *subject,
                              const char *body, const char *link)
{
    return db_run(db, NULL,
                  "INSERT INTO outbox(user_id,to_email,kind,subject,body,link) SELECT u.id, "
                  "u.email, ?2, ?3, ?4, ?5 FROM memberships m JOIN users u ON u.id=m.user_id "
                  "WHERE m.org_id=?1 AND m.active=1 AND u.active=1 AND (m.role='org-admin' OR NOT "
                  "EXISTS (SELECT 1 FROM memberships a WHERE a.org_id=?1 AND a.active=1 AND "
                  "a.role='org-admin'))",
                  "itttt", org, kind, subject, body, link);
}

static void today(char out[16])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* --- matches: requests on a match --- */

static enum bp_err prepare_match_create(struct db *db, struct write_op *op, struct problem *p)
{
    struct row3 need, cap = {0};
    long long need_id = value_int(op, "need_id"), cap_id = value_int(op, "capability_id");
    enum bp_err e = read3(db, "SELECT org_id, 0, status FROM needs WHERE id=?1", need_id, &need);
    if (!e)
        e = read3(db, "SELECT org_id, 0, status FROM capabilities WHERE id=?1", cap_id, &cap);
    if (e || !need.found || !cap.found)
        return e; /* absent references: check_refs names them */
    long long asking = value_int(op, "org_id");
    if (asking && asking != need.a)
        return refuse(p, "need_id", BP_ERR_INVALID, "소속 기관의 수요로만 요청할 수 있습니다",
                      "ask only for your own organisation's needs");
    if (strcmp(need.text, "open") != 0)
        return refuse(p, "need_id", BP_ERR_INVALID, "열려 있는 수요가 아닙니다", "the need is not open");
    if (strcmp(cap.text, "active") != 0)
        return refuse(p, "capability_id", BP_ERR_INVALID, "지금 제공되는 역량이 아닙니다",
                      "the capability is not offered now");
    if (cap.a == need.a)
        return refuse(p, "capability_id", BP_ERR_INVALID, "자기 기관의 역량에는 요청하지 않습니다",
                      "this capability is your own organisation's");
    const char *status = value_text(op, "status");
    if (status && strcmp(status, "requested") != 0)
        return refuse(p, "status", BP_ERR_INVALID, "새 요청은 requested 상태로 시작합니다",
                      "a new request starts as requested");
    if (write_op_get(op, "response"))
        return refuse(p, "response", BP_ERR_INVALID, "답변은 상대 기관이 합니다",
                      "the partner gives the response");
    long long open = 0;
    if ((e = db_run(db, &open,
                    "SELECT id FROM matches WHERE need_id=?1 AND capability_id=?2 AND status IN "
                    "('requested','accepted')",
                    "ii", need_id, cap_id)))
        return e;
    if (open)
        return refuse(p, "capability_id", BP_ERR_CONFLICT, "이 역량에는 이미 요청이 진행 중입니다",
                      "a request for this capability is already under way");
    if (!write_op_set(op, "org_id", VAL_INT, need.a, NULL, 0) ||
        !write_op_set(op, "partner_org_id", VAL_INT, cap.a, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* Who may change what: the asking side its message and withdrawal; the partner its answer. */
static enum bp_err start_collaboration(struct db *db, const struct write_op *op, long long id,
                                       long long *collab);

static enum bp_err prepare_match_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct row3 m;
    enum bp_err e = read3(db, "SELECT org_id, partner_org_id, status FROM matches WHERE id=?1",
                          op->id, &m);
    bool operator = principal_is_operator(&op->who);
    if (e || !m.found || (!operator && op->who.org_id != m.a && op->who.org_id != m.b))
        return e; /* not theirs: the change answers 404 */
    /* an acceptance creates the collaboration now, so the change itself records it */
    const char *status = value_text(op, "status");
    long long collab = 0;
    if (status && strcmp(status, "accepted") == 0 && strcmp(m.text, "requested") == 0 &&
        (operator || op->who.org_id == m.b)) {
        if ((e = start_collaboration(db, op, op->id, &collab)))
            return e;
        if (!write_op_set(op, "collaboration_id", VAL_INT, collab, NULL, 0))
            return BP_ERR_NOMEM;
    }
    if (operator)
        return BP_OK;
    bool partner = op->who.org_id == m.b;
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        const char *f = v->field->name;
        if (strcmp(f, "status") == 0) {
            bool ok = partner ? strcmp(v->text, "accepted") == 0 || strcmp(v->text, "declined") == 0
                              : strcmp(v->text, "withdrawn") == 0;
            if (!ok && strcmp(v->text, m.text) != 0)
                refuse(p, "status", BP_ERR_INVALID,
                       partner ? "상대 기관은 수락(accepted) 또는 거절(declined)만 합니다"
                               : "요청한 기관은 철회(withdrawn)만 합니다",
                       partner ? "the partner accepts or declines" : "the asking side may withdraw");
        } else if (strcmp(f, "response") == 0 && !partner) {
            refuse(p, f, BP_ERR_INVALID, "답변은 상대 기관이 합니다", "the partner gives the response");
        } else if (strcmp(f, "message") == 0 && partner) {
            refuse(p, f, BP_ERR_INVALID, "요청 내용은 요청한 기관이 씁니다",
                   "the asking side writes the message");
        }
    }
    return p->err;
}

static enum bp_err prepare_match(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_match_create(db, op, p) : prepare_match_update(db, op, p);
}

/* An accepted request becomes a collaboration of the two (*collab), and its need is matched. */
static enum bp_err start_collaboration(struct db *db, const struct write_op *op, long long id,
                                       long long *collab_id)
{
    struct db_stmt *st;
    long long need = 0, cap = 0, org = 0, partner = 0, collab = 0;
    char title[420] = "";
    enum bp_err e = db_prepare(db,
                               "SELECT m.need_id, m.capability_id, m.org_id, m.partner_org_id, "
                               "n.title || ' × ' || c.title FROM matches m JOIN needs n ON "
                               "n.id=m.need_id JOIN capabilities c ON c.id=m.capability_id WHERE m.id=?1",
                               &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    if (db_step(st) == DB_ROW) {
        need = db_column_int(st, 0);
        cap = db_column_int(st, 1);
        org = db_column_int(st, 2);
        partner = db_column_int(st, 3);
        snprintf(title, sizeof(title), "%.200s", db_column_text(st, 4, NULL));
    }
    db_reset(st);
    if (!need)
        return BP_ERR_NOT_FOUND;
    char day[16], after[600];
    today(day);
    if ((e = db_run(db, &collab,
                    "INSERT INTO collaborations(title,org_id,partner_org_id,need_id,capability_id,"
                    "started_on) VALUES (?1,?2,?3,?4,?5,?6) RETURNING id",
                    "tiiiit", title, org, partner, need, cap, day)))
        return e;
    snprintf(after, sizeof(after),
             "{\"match_id\":%lld,\"org_id\":%lld,\"partner_org_id\":%lld,\"need_id\":%lld,"
             "\"capability_id\":%lld}",
             id, org, partner, need, cap);
    long long actor = op->who.user_id > 0 ? op->who.user_id : 0;
    *collab_id = collab;
    if ((e = audit_append(db, actor, "create", "collaborations", collab, NULL, 0, after, strlen(after))))
        return e;
    long long changed = 0;
    if ((e = db_run(db, &changed,
                    "UPDATE needs SET status='matched', version=version+1, updated_at=strftime("
                    "'%Y-%m-%dT%H:%M:%fZ','now') WHERE id=?1 AND status='open' RETURNING 1",
                    "i", need)))
        return e;
    if (changed && (e = audit_append(db, actor, "update", "needs", need, "{\"status\":\"open\"}", 17,
                                     "{\"status\":\"matched\"}", 20)))
        return e;
    char link[64];
    snprintf(link, sizeof(link), "/collaborations/%lld", collab);
    return notify_org(db, org, "collaboration", "협력이 시작되었습니다 / A collaboration started",
                      "요청이 수락되어 협력이 시작되었습니다. / Your request was accepted: the "
                      "collaboration has started.",
                      link);
}

static enum bp_err settle_match(struct db *db, const struct write_op *op, long long id,
                                struct problem *p)
{
    (void)p;
    char link[64];
    snprintf(link, sizeof(link), "/matches/%lld", id);
    if (op->kind == WRITE_CREATE)
        return notify_org(db, value_int(op, "partner_org_id"), "match-request",
                          "협력 요청이 왔습니다 / A partnership request",
                          "귀 기관의 역량에 협력 요청이 왔습니다. 수락하거나 거절해 주세요. / "
                          "Your organisation received a request about one of its capabilities: "
                          "accept or decline it.",
                          link);
    const char *status = value_text(op, "status");
    if (!status)
        return BP_OK;
    struct row3 m;
    enum bp_err e = read3(db, "SELECT org_id, partner_org_id, status FROM matches WHERE id=?1", id, &m);
    if (e || !m.found)
        return e;
    if (strcmp(status, "declined") == 0)
        return notify_org(db, m.a, "match-declined", "협력 요청이 거절되었습니다 / Request declined",
                          "상대 기관이 요청을 거절했습니다. 답변을 확인하세요. / The partner declined "
                          "your request; see its response.",
                          link);
    if (strcmp(status, "withdrawn") == 0)
        return notify_org(db, m.b, "match-withdrawn", "협력 요청이 철회되었습니다 / Request withdrawn",
                          "요청한 기관이 요청을 철회했습니다. / The asking organisation withdrew its "
                          "request.",
                          link);
    return BP_OK;
}

/* --- collaborations and agreements --- */

static enum bp_err prepare_collaboration(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    if (op->kind == WRITE_CREATE && value_int(op, "partner_org_id") &&
        value_int(op, "partner_org_id") == value_int(op, "org_id"))
        return refuse(p, "partner_org_id", BP_ERR_INVALID, "다른 기관과의 협력이어야 합니다",
                      "a collaboration is with another organisation");
    return BP_OK;
}

/* An agreement belongs to its collaboration's two organisations. */
static enum bp_err prepare_agreement(struct db *db, struct write_op *op, struct problem *p)
{
    (void)p;
    if (op->kind != WRITE_CREATE)
        return BP_OK;
    struct row3 c;
    enum bp_err e = read3(db, "SELECT org_id, partner_org_id, status FROM collaborations WHERE id=?1",
                          value_int(op, "collaboration_id"), &c);
    if (e || !c.found)
        return e; /* check_refs names it */
    if (!principal_is_operator(&op->who) && op->who.org_id != c.a && op->who.org_id != c.b)
        return BP_OK; /* invisible to the caller: check_refs says "no such" */
    if (!write_op_set(op, "org_id", VAL_INT, c.a, NULL, 0) ||
        !write_op_set(op, "partner_org_id", VAL_INT, c.b, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

static enum bp_err settle_agreement(struct db *db, const struct write_op *op, long long id,
                                    struct problem *p)
{
    (void)p;
    const char *status = value_text(op, "status");
    if (op->kind == WRITE_CREATE || !status || strcmp(status, "signed") != 0)
        return BP_OK;
    struct row3 a;
    enum bp_err e = read3(db, "SELECT org_id, partner_org_id, status FROM agreements WHERE id=?1", id, &a);
    char link[64];
    snprintf(link, sizeof(link), "/agreements/%lld", id);
    for (int side = 0; !e && a.found && side < 2; side++)
        e = notify_org(db, side ? a.b : a.a, "agreement-signed", "협약이 체결되었습니다 / Agreement signed",
                       "협력의 협약이 체결됨으로 기록되었습니다. / An agreement of your collaboration "
                       "was recorded as signed.",
                       link);
    return e;
}

/* --- value chain --- */

static enum bp_err prepare_link(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    if (op->kind == WRITE_CREATE && value_int(op, "org_id") == value_int(op, "to_org_id"))
        return refuse(p, "to_org_id", BP_ERR_INVALID, "다른 기관이어야 합니다",
                      "links join two organisations");
    return BP_OK;
}

/* --- entries --- */

static const struct resource matches = {
    .name = "matches", .table = "matches", .label_ko = "협력 요청", .label_en = "Partnership requests",
    .fields = match_fields, .title_field = "message", .owner_field = "org_id",
    .party_field = "partner_org_id", .status_field = "status", .transitions = match_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-id",
    .prepare = prepare_match, .settle = settle_match,
};
static const struct resource collaborations = {
    .name = "collaborations", .table = "collaborations", .label_ko = "협력", .label_en = "Collaborations",
    .fields = collaboration_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .status_field = "status",
    .transitions = collaboration_transitions, .flags = R_ORG_WRITES | R_PRIVATE_ROWS,
    .default_sort = "-id", .prepare = prepare_collaboration,
};
static const struct resource agreements = {
    .name = "agreements", .table = "agreements", .label_ko = "협약", .label_en = "Agreements",
    .fields = agreement_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .status_field = "status", .transitions = agreement_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-id",
    .prepare = prepare_agreement, .settle = settle_agreement,
};
/* Rows inside a private record are private by default: a meeting or an action item saved
 * without a visibility within a collaboration (private to its two organisations), or within a
 * private meeting, is private, not the table's default (cluster). */
static enum bp_err prepare_within(struct db *db, struct write_op *op, struct problem *p)
{
    (void)p;
    if (op->kind != WRITE_CREATE || write_op_get(op, "visibility"))
        return BP_OK;
    long long meeting = value_int(op, "meeting_id"), inside = value_int(op, "collaboration_id") != 0;
    if (!inside && meeting) {
        enum bp_err e = db_run(db, &inside,
                               "SELECT 1 FROM meetings WHERE id=?1 AND (visibility='private' OR "
                               "collaboration_id IS NOT NULL)",
                               "i", meeting);
        if (e)
            return e;
    }
    if (inside && !write_op_add(op, "visibility", VAL_TEXT, 0, "private", 7))
        return BP_ERR_NOMEM;
    return BP_OK;
}

static const struct resource meetings = {
    .name = "meetings", .table = "meetings", .label_ko = "회의", .label_en = "Meetings",
    .fields = meeting_fields, .title_field = "title", .owner_field = "org_id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES,
    .default_sort = "-held_on", .prepare = prepare_within,
};
static const struct resource action_items = {
    .name = "action-items", .table = "action_items", .label_ko = "후속 조치", .label_en = "Action items",
    .fields = action_item_fields, .title_field = "title", .owner_field = "org_id",
    .visibility_field = "visibility", .status_field = "status", .transitions = item_transitions,
    .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "due_on", .prepare = prepare_within,
};
static const struct resource org_links = {
    .name = "org-links", .table = "org_links", .label_ko = "가치사슬 연결", .label_en = "Value-chain links",
    .fields = link_fields, .title_field = "kind", .owner_field = "org_id", .party_field = "to_org_id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "id",
    .prepare = prepare_link,
};

const struct resource *const api_collaboration_entries[] = {
    &matches, &collaborations, &agreements, &meetings, &action_items, NULL,
};
const struct resource *const api_value_chain_entries[] = {&org_links, NULL};
