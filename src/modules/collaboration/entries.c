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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/resource.h"
#include "modules/collaboration/rules.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value match_states[] = {
    {"requested", "요청됨", "Requested"},
    {"accepted",  "수락됨", "Accepted"},
    {"declined",  "거절됨", "Declined"},
    {"withdrawn", "철회됨", "Withdrawn"},
    END_VALUES,
};
static const struct enum_value collaboration_states[] = {
    {"proposed",   "확인 대기", "Awaiting confirmation"},
    {"active",     "진행 중",   "Active"},
    {"paused",     "일시 중지", "Paused"},
    {"completed",  "완료",      "Completed"},
    {"terminated", "중단",      "Terminated"},
    END_VALUES,
};
static const struct enum_value agreement_kinds[] = {
    {"mou",            "업무협약(MOU)",     "MOU"},
    {"nda",            "비밀유지계약(NDA)", "NDA"},
    {"data-use",       "데이터 이용 협약",  "Data use agreement"},
    {"joint-research", "공동연구 계약",     "Joint research agreement"},
    {"service",        "용역 계약",         "Service contract"},
    {"other",          "기타",              "Other"},
    END_VALUES,
};
static const struct enum_value agreement_states[] = {
    {"draft",      "초안", "Draft"},
    {"signed",     "체결", "Signed"},
    {"expired",    "만료", "Expired"},
    {"terminated", "해지", "Terminated"},
    END_VALUES,
};
static const struct enum_value item_states[] = {
    {"open",    "진행 중", "Open"},
    {"done",    "완료",    "Done"},
    {"dropped", "취소",    "Dropped"},
    END_VALUES,
};
static const struct enum_value link_kinds[] = {
    {"supplies",   "제품 공급", "Supplies"},
    {"services",   "서비스",    "Services"},
    {"data",       "데이터",    "Data"},
    {"research",   "연구",      "Research"},
    {"investment", "투자",      "Investment"},
    {"other",      "기타",      "Other"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)
#define TITLE_CHARS 200 /* a collaboration's title, also when an acceptance makes it up */

/* clang-format off */
static const struct field match_fields[] = {
    REF("need_id",          "needs", F_REQUIRED | F_IMMUTABLE | F_FILTER, "수요", "Need"),
    REF("capability_id",    "capabilities", F_REQUIRED | F_IMMUTABLE | F_FILTER, "역량", "Capability"),
    REF("org_id",           "orgs", F_READONLY | F_FILTER, "요청 기관", "Asking organisation"),
    REF("partner_org_id",   "orgs", F_READONLY | F_FILTER, "상대 기관", "Partner"),
    TEXT("message",         0, 0, 2000, "요청 내용", "Message"),
    TEXT("response",        0, 0, 2000, "답변", "Response"),
    STATUS("status",        match_states, FS, "상태", "Status"),
    REF("collaboration_id", "collaborations", F_READONLY | F_FILTER, "협력", "Collaboration"),
    TEXT("collaboration_title", 0, 1, TITLE_CHARS, "협력명", "Collaboration title"),
    END_FIELDS,
};

static const struct field collaboration_fields[] = {
    TEXT("title",         F_REQUIRED | F_SORT, 1, TITLE_CHARS, "협력명", "Title"),
    TEXT("description",   0, 0, 5000, "설명", "Description"),
    REF("org_id",         "orgs", F_REQUIRED | F_IMMUTABLE | FS, "요청 기관", "Asking organisation"),
    REF("partner_org_id", "orgs", F_REQUIRED | F_IMMUTABLE | FS, "상대 기관", "Partner"),
    REF("need_id",        "needs", F_IMMUTABLE | F_FILTER, "수요", "Need"),
    REF("capability_id",  "capabilities", F_IMMUTABLE | F_FILTER, "역량", "Capability"),
    STATUS("status",      collaboration_states, FS, "상태", "Status"),
    DATE("started_on",    FS, "시작일", "Started on"),
    DATE("ends_on",       FS, "종료 예정일", "Ends on"),
    DATETIME("org_confirmed_at",     F_READONLY, "요청 기관 확인", "Confirmed by the asking organisation"),
    DATETIME("partner_confirmed_at", F_READONLY, "상대 기관 확인", "Confirmed by the partner"),
    END_FIELDS,
};

static const struct field milestone_fields[] = {
    REF("collaboration_id", "collaborations", F_REQUIRED | F_IMMUTABLE | F_FILTER, "협력", "Collaboration"),
    REF("org_id",           "orgs", F_READONLY | F_FILTER, "요청 기관", "Asking organisation"),
    REF("partner_org_id",   "orgs", F_READONLY | F_FILTER, "상대 기관", "Partner"),
    TEXT("title",           F_REQUIRED | F_SORT, 1, 200, "이정표", "Milestone"),
    DATE("due_on",          FS, "기한", "Due on"),
    REF("owner_id",         "users", F_FILTER | F_REF_BY_HOOK | F_REF_NAMED, "담당자", "Owner"),
    BOOL("done",            F_FILTER, "완료", "Done"),
    END_FIELDS,
};

static const struct field agreement_fields[] = {
    REF("collaboration_id", "collaborations", F_REQUIRED | F_IMMUTABLE | F_FILTER, "협력", "Collaboration"),
    REF("org_id",           "orgs", F_READONLY | F_FILTER, "요청 기관", "Asking organisation"),
    REF("partner_org_id",   "orgs", F_READONLY | F_FILTER, "상대 기관", "Partner"),
    ENUM("kind",            agreement_kinds, F_REQUIRED | FS, "종류", "Kind"),
    TEXT("title",           F_REQUIRED | F_SORT, 1, 200, "협약명", "Title"),
    STATUS("status",        agreement_states, FS, "상태", "Status"),
    DATE("signed_on",       FS, "체결일", "Signed on"),
    DATE("starts_on",       FS, "효력 시작일", "Starts on"),
    DATE("ends_on",         FS, "만료일", "Ends on"),
    REF("file_id",          "files", 0, "파일", "File"),
    TEXT("notes",           0, 0, 5000, "메모", "Notes"),
    DATETIME("org_signed_at",     F_READONLY, "요청 기관 서명", "Signed by the asking organisation"),
    DATETIME("partner_signed_at", F_READONLY, "상대 기관 서명", "Signed by the partner"),
    END_FIELDS,
};

static const struct field meeting_fields[] = {
    TEXT("title",                F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "회의명", "Title"),
    REF("org_id",                "orgs", F_REQUIRED | FS, "주관 기관", "Convened by"),
    REF("collaboration_id",      "collaborations", F_FILTER | F_WITHIN, "협력", "Collaboration"),
    REF("partner_org_id",        "orgs", F_READONLY | F_FILTER, "협력 상대 기관", "Collaboration partner"),
    DATE("held_on",              F_REQUIRED | FS, "일자", "Held on"),
    DATETIME("starts_at",        FS, "시작 일시", "Starts at"),
    DURATION("duration_minutes", F_SORT, 24 * 60, "소요 시간(분)", "Duration (minutes)"),
    TEXT("place",                0, 0, 200, "장소", "Place"),
    LIST("attendees",            F_SEARCH, "참석자", "Attendees"),
    TEXT("agenda",               F_SEARCH, 0, 5000, "안건", "Agenda"),
    TEXT("minutes",              F_SEARCH, 0, 20000, "회의록", "Minutes"),
    ENUM("visibility",           resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    END_FIELDS,
};

static const struct field action_item_fields[] = {
    TEXT("title",           F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "할 일", "Action"),
    REF("org_id",           "orgs", F_REQUIRED | FS, "담당 기관", "Organisation"),
    REF("meeting_id",       "meetings", F_FILTER | F_WITHIN, "회의", "Meeting"),
    REF("collaboration_id", "collaborations", F_FILTER | F_WITHIN, "협력", "Collaboration"),
    REF("partner_org_id",   "orgs", F_READONLY | F_FILTER, "협력 상대 기관", "Collaboration partner"),
    REF("owner_id",         "users", F_FILTER | F_REF_BY_HOOK | F_REF_NAMED, "담당자", "Owner"),
    DATE("due_on",          FS, "기한", "Due on"),
    STATUS("status",        item_states, FS, "상태", "Status"),
    TEXT("notes",           0, 0, 5000, "메모", "Notes"),
    ENUM("visibility",      resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    END_FIELDS,
};

static const struct field link_fields[] = {
    REF("org_id",       "orgs", F_REQUIRED | F_IMMUTABLE | FS, "공급 기관(상류)", "Upstream"),
    REF("to_org_id",    "orgs", F_REQUIRED | F_IMMUTABLE | FS, "수요 기관(하류)", "Downstream"),
    ENUM("kind",        link_kinds, F_REQUIRED | FS, "관계", "Kind"),
    TEXT("description", 0, 0, 2000, "설명", "Description"),
    ENUM("visibility",  resource_visibilities, F_FILTER, "공개 범위", "Visibility"),
    END_FIELDS,
};

static const struct transition match_transitions[] = {
    {"requested", "accepted"}, {"requested", "declined"}, {"requested", "withdrawn"},
    {NULL, NULL},
};
static const struct transition collaboration_transitions[] = {
    {"proposed", "active"}, {"proposed", "terminated"},
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

/* A row's two organisations and status: a = org_id, b = the other side, status; when fields
 * names two more (the sides' confirmations), done_a and done_b (NULL: not yet; freed by
 * parties_release). */
struct parties {
    long long a, b;
    char status[32];
    char *done_a, *done_b;
    bool found;
};

static enum bp_err read_parties(struct db *db, const char *collection, const char *fields,
                                long long id, struct parties *out)
{
    struct resource_row row;
    memset(out, 0, sizeof(*out));
    enum bp_err e = resource_read_fields(db, collection, id, fields, &row);
    if (!e && row.found) {
        out->found = true;
        out->a = row.i[0];
        out->b = row.i[1];
        snprintf(out->status, sizeof(out->status), "%s", row.text[2]);
        if (row.n >= 5) {
            out->done_a = row.text[3] && row.text[3][0] ? strdup(row.text[3]) : NULL;
            out->done_b = row.text[4] && row.text[4][0] ? strdup(row.text[4]) : NULL;
        }
    }
    resource_row_release(&row);
    return e;
}

static void parties_release(struct parties *c)
{
    free(c->done_a);
    free(c->done_b);
}

#define LINK_MAX 64 /* "/collaborations/<id>": a notification's link */

/* --- matches: requests on a match --- */

/* A request for the same pair still under way. */
static const char sql_open_request[] =
    "SELECT id FROM matches WHERE need_id=?1 AND capability_id=?2 AND status IN "
    "('requested','accepted')";

static enum bp_err prepare_match_create(struct db *db, struct write_op *op, struct problem *p)
{
    struct parties need, cap = {0};
    long long need_id = write_op_get_int(op, "need_id");
    long long cap_id = write_op_get_int(op, "capability_id");
    enum bp_err e = read_parties(db, "needs", "org_id,org_id,status", need_id, &need);
    if (!e)
        e = read_parties(db, "capabilities", "org_id,org_id,status", cap_id, &cap);
    if (e || !need.found || !cap.found)
        return e; /* absent references: check_refs names them */
    long long asking = write_op_get_int(op, "org_id");
    if (asking && asking != need.a)
        return problem_refuse(p, "need_id", BP_ERR_INVALID, "소속 기관의 수요로만 요청할 수 있습니다",
                              "ask only for your own organisation's needs");
    if (strcmp(need.status, "open") != 0 && strcmp(need.status, "matched") != 0)
        return problem_refuse(p, "need_id", BP_ERR_INVALID, "종료된 수요에는 요청할 수 없습니다",
                              "the need is closed: it takes no new request");
    if (strcmp(cap.status, "active") != 0)
        return problem_refuse(p, "capability_id", BP_ERR_INVALID, "지금 제공되는 역량이 아닙니다",
                              "the capability is not offered now");
    if (cap.a == need.a)
        return problem_refuse(p, "capability_id", BP_ERR_INVALID, "자기 기관의 역량에는 요청하지 않습니다",
                              "this capability is your own organisation's");
    const char *status = write_op_get_text(op, "status");
    if (status && strcmp(status, "requested") != 0)
        return problem_refuse(p, "status", BP_ERR_INVALID, "새 요청은 requested 상태로 시작합니다",
                              "a new request starts as requested");
    if (write_op_get(op, "response"))
        return problem_refuse(p, "response", BP_ERR_INVALID, "답변은 상대 기관이 합니다",
                              "the partner gives the response");
    if (write_op_get(op, "collaboration_title"))
        return problem_refuse(p, "collaboration_title", BP_ERR_INVALID,
                              "협력명은 상대 기관이 수락하면서 정합니다",
                              "the partner names the collaboration when it accepts the request");
    long long open = 0;
    if ((e = db_run(db, &open, sql_open_request, "ii", need_id, cap_id)))
        return e;
    if (open)
        return problem_refuse(p, "capability_id", BP_ERR_CONFLICT, "이 역량에는 이미 요청이 진행 중입니다",
                              "a request for this capability is already under way");
    if (!write_op_set(op, "org_id", VAL_INT, need.a, NULL, 0) ||
        !write_op_set(op, "partner_org_id", VAL_INT, cap.a, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* --- consent: a collaboration is active, an agreement signed, only with both organisations ---
 *
 * Each side's confirmation is a time in the row (org_confirmed_at / partner_confirmed_at,
 * org_signed_at / partner_signed_at), set by the server only: by an org-admin or org-member of
 * that side asking for the status (active, signed). The status changes when both sides have;
 * until then the row waits (proposed, draft) and says which side did. Operators and other roles
 * confirm for no one. An accepted request is both sides' consent (the request, the answer). */

static void now_utc(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static bool confirm_both(struct write_op *op, const char *a, const char *b)
{
    char now[24];
    now_utc(now);
    return write_op_set(op, a, VAL_TEXT, 0, now, strlen(now)) &&
           write_op_set(op, b, VAL_TEXT, 0, now, strlen(now));
}

/* Whether who speaks for its organisation in a consent. */
static bool may_consent(const struct principal *who)
{
    return who->role == ROLE_ORG_ADMIN || who->role == ROLE_ORG_MEMBER;
}

/* The caller asks for `target` (active, signed) from `waiting` (proposed, draft) on a row of
 * organisations a and b whose confirmations are `mine_a`/`mine_b` (NULL: not yet). Records the
 * caller's side; keeps the status waiting until both have. */
static enum bp_err consent(struct write_op *op, const char *waiting, long long a, long long b,
                           const char *field_a, const char *field_b, const char *done_a,
                           const char *done_b, struct problem *p)
{
    long long side = op->who.org_id;
    if ((side != a && side != b) || !may_consent(&op->who))
        return problem_refuse(p, "status", BP_ERR_FORBIDDEN,
                              "두 기관의 기관 관리자 또는 구성원만 확인(서명)합니다",
                              "only an org-admin or org-member of each of the two organisations "
                              "confirms (signs)");
    bool mine_done = side == a ? done_a != NULL : done_b != NULL;
    bool other_done = side == a ? done_b != NULL : done_a != NULL;
    if (mine_done && !other_done)
        return problem_refuse(p, "status", BP_ERR_INVALID,
                              "이 기관은 이미 확인했습니다. 상대 기관의 확인을 기다립니다",
                              "your organisation has confirmed: waiting for the other organisation");
    char now[24];
    now_utc(now);
    if (!mine_done && !write_op_set(op, side == a ? field_a : field_b, VAL_TEXT, 0, now, strlen(now)))
        return BP_ERR_NOMEM;
    if (!other_done && !write_op_set(op, "status", VAL_TEXT, 0, waiting, strlen(waiting)))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* Whether a need in this status takes requests and acceptances: until its company closes it
 * (closed, withdrawn). A need marked matched by hand before stays as it was. */
static bool need_is_open(const char *status)
{
    return strcmp(status, "open") == 0 || strcmp(status, "matched") == 0;
}

/* An accepted request becomes a collaboration of the two (*collab), named as the partner asked
 * (collaboration_title) or "need — partner": written for the platform (it is not only the
 * accepting side's row), in the name of the one who accepted. The need stays as it is: its
 * company may have asked other partners too, and closes it itself. */
static enum bp_err start_collaboration(struct db *db, struct write_op *op,
                                       long long *collab, struct problem *p)
{
    struct resource_row m, need = {0}, partner = {0};
    struct write_op w;
    struct principal sys = resource_system(op->who.user_id);
    char title[TITLE_CHARS * 4 + 1], day[11], link[LINK_MAX];
    enum bp_err e = resource_read_fields(db, "matches", op->id,
                                         "need_id,capability_id,org_id,partner_org_id", &m);
    if (!e && !m.found)
        e = BP_ERR_NOT_FOUND;
    if (!e)
        e = resource_read_fields(db, "needs", m.i[0], "title,status", &need);
    if (!e)
        e = resource_read_fields(db, "orgs", m.i[3], "name", &partner);
    if (e || !need.found || !partner.found)
        goto out;
    if (!need_is_open(need.text[1])) {
        e = problem_refuse(p, "status", BP_ERR_INVALID,
                           "요청한 기관이 수요를 종료해 수락할 수 없습니다",
                           "the asking organisation has closed the need: it can no longer be accepted");
        goto out;
    }
    const char *asked = write_op_get_text(op, "collaboration_title");
    if (asked && *asked)
        snprintf(title, sizeof(title), "%s", asked);
    else
        collaboration_title(need.text[0], partner.text[0], TITLE_CHARS, title, sizeof(title));
    date_in_korea(time(NULL), day);
    if (!resource_write_begin(&w, "collaborations", WRITE_CREATE, 0, &sys) ||
        !write_op_text(&w, "title", title) || !write_op_int(&w, "org_id", m.i[2]) ||
        !write_op_int(&w, "partner_org_id", m.i[3]) || !write_op_int(&w, "need_id", m.i[0]) ||
        !write_op_int(&w, "capability_id", m.i[1]) || !write_op_text(&w, "started_on", day) ||
        !confirm_both(&w, "org_confirmed_at", "partner_confirmed_at")) {
        write_op_free(&w);
        e = BP_ERR_NOMEM;
        goto out;
    }
    if ((e = resource_write(db, &w, collab, p)))
        goto out;
    if (!write_op_get(op, "collaboration_title") &&
        !write_op_set(op, "collaboration_title", VAL_TEXT, 0, title, strlen(title))) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    snprintf(link, sizeof(link), "/collaborations/%lld", *collab);
    e = account_notify_org(db, m.i[2], "collaboration",
                           "협력이 시작되었습니다 / A collaboration started",
                           "요청이 수락되어 협력이 시작되었습니다. / Your request was accepted: the "
                           "collaboration has started.",
                           link);
out:
    resource_row_release(&m);
    resource_row_release(&need);
    resource_row_release(&partner);
    return e;
}

/* Who may change what: the asking side its message and withdrawal; the partner its answer. An
 * acceptance creates the collaboration now, so the change itself records it. */
static enum bp_err prepare_match_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct parties m;
    enum bp_err e = read_parties(db, "matches", "org_id,partner_org_id,status", op->id, &m);
    if (e || !m.found)
        return e;
    enum match_side side =
        match_side_of(principal_is_operator(&op->who), op->who.org_id, m.a, m.b);
    if (side == MATCH_OUTSIDER)
        return BP_OK; /* not theirs: the change answers 404 */
    const char *status = write_op_get_text(op, "status");
    long long collab = 0;
    if (status && match_starts_collaboration(side, m.status, status)) {
        if ((e = start_collaboration(db, op, &collab, p)))
            return e;
        if (!write_op_set(op, "collaboration_id", VAL_INT, collab, NULL, 0))
            return BP_ERR_NOMEM;
    }
    for (size_t i = 0; i < op->n; i++) {
        const struct write_value *v = &op->vals[i];
        const char *f = v->field->name;
        if (strcmp(f, "status") == 0 && v->kind == VAL_TEXT &&
            !match_may_set_status(side, m.status, v->text))
            problem_refuse(p, "status", BP_ERR_INVALID,
                           side == MATCH_PARTNER ? "상대 기관은 수락(accepted) 또는 거절(declined)만 합니다"
                                         : "요청한 기관은 철회(withdrawn)만 합니다",
                           side == MATCH_PARTNER ? "the partner accepts or declines"
                                         : "the asking side may withdraw");
        else if (strcmp(f, "response") == 0 && !match_may_write(side, f))
            problem_refuse(p, f, BP_ERR_INVALID, "답변은 상대 기관이 합니다",
                           "the partner gives the response");
        else if (strcmp(f, "message") == 0 && !match_may_write(side, f))
            problem_refuse(p, f, BP_ERR_INVALID, "요청 내용은 요청한 기관이 씁니다",
                           "the asking side writes the message");
        else if (strcmp(f, "collaboration_title") == 0 && !collab)
            problem_refuse(p, f, BP_ERR_INVALID, "협력명은 상대 기관이 수락하면서 정합니다",
                           "the partner names the collaboration when it accepts the request");
    }
    return p->err;
}

static enum bp_err prepare_match(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_match_create(db, op, p) : prepare_match_update(db, op, p);
}

static enum bp_err settle_match(struct db *db, const struct write_op *op, long long id,
                                struct problem *p)
{
    (void)p;
    char link[LINK_MAX];
    snprintf(link, sizeof(link), "/matches/%lld", id);
    if (op->kind == WRITE_CREATE)
        return account_notify_org(db, write_op_get_int(op, "partner_org_id"), "match-request",
                                  "협력 요청이 왔습니다 / A partnership request",
                                  "귀 기관의 역량에 협력 요청이 왔습니다. 수락하거나 거절해 주세요. / "
                                  "Your organisation received a request about one of its "
                                  "capabilities: accept or decline it.",
                                  link);
    const char *status = write_op_get_text(op, "status");
    if (!status)
        return BP_OK;
    struct parties m;
    enum bp_err e = read_parties(db, "matches", "org_id,partner_org_id,status", id, &m);
    if (e || !m.found)
        return e;
    if (strcmp(status, "declined") == 0)
        return account_notify_org(db, m.a, "match-declined",
                                  "협력 요청이 거절되었습니다 / Request declined",
                                  "상대 기관이 요청을 거절했습니다. 답변을 확인하세요. / The partner "
                                  "declined your request; see its response.",
                                  link);
    if (strcmp(status, "withdrawn") == 0)
        return account_notify_org(db, m.b, "match-withdrawn",
                                  "협력 요청이 철회되었습니다 / Request withdrawn",
                                  "요청한 기관이 요청을 철회했습니다. / The asking organisation "
                                  "withdrew its request.",
                                  link);
    return BP_OK;
}

/* --- collaborations and agreements --- */

static enum bp_err prepare_collaboration(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind == WRITE_CREATE && write_op_get_int(op, "partner_org_id") &&
        write_op_get_int(op, "partner_org_id") == write_op_get_int(op, "org_id"))
        return problem_refuse(p, "partner_org_id", BP_ERR_INVALID, "다른 기관과의 협력이어야 합니다",
                              "a collaboration is with another organisation");
    if (op->kind == WRITE_CREATE) {
        /* both confirmations come only from an accepted request (set by the server) */
        if (write_op_get(op, "org_confirmed_at") && write_op_get(op, "partner_confirmed_at"))
            return write_op_set(op, "status", VAL_TEXT, 0, "active", 6) ? BP_OK : BP_ERR_NOMEM;
        const char *status = write_op_get_text(op, "status");
        if (status && strcmp(status, "proposed") != 0)
            return problem_refuse(p, "status", BP_ERR_INVALID,
                                  "새 협력은 확인 대기(proposed)로 시작합니다: 상대 기관이 확인하면 진행됩니다",
                                  "a new collaboration starts as proposed: it becomes active when "
                                  "the other organisation confirms");
        if (!write_op_set(op, "status", VAL_TEXT, 0, "proposed", 8))
            return BP_ERR_NOMEM;
        long long a = write_op_get_int(op, "org_id"), b = write_op_get_int(op, "partner_org_id");
        if (may_consent(&op->who) && op->who.org_id && (op->who.org_id == a || op->who.org_id == b)) {
            char now[24];
            now_utc(now);
            if (!write_op_set(op, op->who.org_id == a ? "org_confirmed_at" : "partner_confirmed_at",
                              VAL_TEXT, 0, now, strlen(now)))
                return BP_ERR_NOMEM;
        }
        return BP_OK;
    }
    const char *status = write_op_get_text(op, "status");
    if (!status || strcmp(status, "active") != 0)
        return BP_OK;
    struct parties c;
    enum bp_err e = read_parties(db, "collaborations",
                                 "org_id,partner_org_id,status,org_confirmed_at,partner_confirmed_at",
                                 op->id, &c);
    if (!e && c.found && strcmp(c.status, "proposed") == 0)
        e = consent(op, "proposed", c.a, c.b, "org_confirmed_at", "partner_confirmed_at", c.done_a,
                    c.done_b, p);
    parties_release(&c);
    return e;
}

/* An agreement belongs to its collaboration's two organisations. */
static enum bp_err prepare_agreement(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind != WRITE_CREATE) {
        const char *status = write_op_get_text(op, "status");
        if (!status || strcmp(status, "signed") != 0)
            return BP_OK;
        struct parties c;
        enum bp_err e = read_parties(db, "agreements",
                                     "org_id,partner_org_id,status,org_signed_at,partner_signed_at",
                                     op->id, &c);
        if (!e && c.found && strcmp(c.status, "draft") == 0)
            e = consent(op, "draft", c.a, c.b, "org_signed_at", "partner_signed_at", c.done_a,
                        c.done_b, p);
        parties_release(&c);
        return e;
    }
    const char *status = write_op_get_text(op, "status");
    if (status && strcmp(status, "draft") != 0)
        return problem_refuse(p, "status", BP_ERR_INVALID,
                              "새 협약은 초안(draft)으로 시작합니다: 두 기관이 각각 서명(signed)하면 체결됩니다",
                              "a new agreement starts as a draft: it is signed when each of the two "
                              "organisations signs");
    struct parties c;
    enum bp_err e = read_parties(db, "collaborations", "org_id,partner_org_id,status",
                                 write_op_get_int(op, "collaboration_id"), &c);
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
    const char *status = write_op_get_text(op, "status");
    if (op->kind == WRITE_CREATE || !status || strcmp(status, "signed") != 0)
        return BP_OK; /* one side's signature alone leaves the status draft */
    struct parties a;
    enum bp_err e = read_parties(db, "agreements", "org_id,partner_org_id,status", id, &a);
    char link[LINK_MAX];
    snprintf(link, sizeof(link), "/agreements/%lld", id);
    for (int side = 0; !e && a.found && side < 2; side++)
        e = account_notify_org(db, side ? a.b : a.a, "agreement-signed",
                               "협약이 체결되었습니다 / Agreement signed",
                               "협력의 협약이 체결됨으로 기록되었습니다. / An agreement of your "
                               "collaboration was recorded as signed.",
                               link);
    return e;
}

/* --- the people of a collaboration: milestones and action items --- */

/* An owner (owner_id, a user) is someone of the organisations a and b (a == b: of one): an
 * active member of either. Anyone else is refused, naming owner_id. */
static enum bp_err check_owner(struct db *db, const struct write_op *op, long long a, long long b,
                               struct problem *p)
{
    const struct write_value *v = write_op_get(op, "owner_id");
    if (!v || v->kind != VAL_INT)
        return BP_OK;
    long long ok = 0;
    enum bp_err e = db_run(db, &ok,
                           "SELECT 1 FROM memberships m JOIN users u ON u.id=m.user_id "
                           "WHERE m.user_id=?1 AND m.active=1 AND u.active=1 AND m.org_id IN (?2,?3)",
                           "iii", v->i, a, b);
    if (e || ok)
        return e;
    if (a == b)
        return problem_refuse(p, "owner_id", BP_ERR_INVALID, "담당자는 담당 기관의 사용자여야 합니다",
                              "the owner must be a user of the organisation responsible");
    return problem_refuse(p, "owner_id", BP_ERR_INVALID,
                          "담당자는 협력하는 두 기관의 사용자여야 합니다",
                          "the owner must be a user of the collaboration's two organisations");
}

/* A milestone belongs to its collaboration's two organisations (as an agreement does); its
 * owner is a user of one of them. */
static enum bp_err prepare_milestone(struct db *db, struct write_op *op, struct problem *p)
{
    struct parties c;
    enum bp_err e;
    if (op->kind != WRITE_CREATE) {
        e = read_parties(db, "collaboration-milestones", "org_id,partner_org_id,title", op->id, &c);
        return e || !c.found ? e : check_owner(db, op, c.a, c.b, p);
    }
    e = read_parties(db, "collaborations", "org_id,partner_org_id,status",
                     write_op_get_int(op, "collaboration_id"), &c);
    if (e || !c.found)
        return e; /* check_refs names it */
    if (!principal_is_operator(&op->who) && op->who.org_id != c.a && op->who.org_id != c.b)
        return BP_OK; /* invisible to the caller: check_refs says "no such" */
    if (!write_op_set(op, "org_id", VAL_INT, c.a, NULL, 0) ||
        !write_op_set(op, "partner_org_id", VAL_INT, c.b, NULL, 0))
        return BP_ERR_NOMEM;
    return check_owner(db, op, c.a, c.b, p);
}

/* --- value chain --- */

static enum bp_err prepare_link(struct db *db, struct write_op *op, struct problem *p)
{
    (void)db;
    if (op->kind == WRITE_CREATE &&
        write_op_get_int(op, "org_id") == write_op_get_int(op, "to_org_id"))
        return problem_refuse(p, "to_org_id", BP_ERR_INVALID, "다른 기관이어야 합니다",
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
static const struct resource milestones = {
    .name = "collaboration-milestones", .table = "collaboration_milestones",
    .label_ko = "협력 이정표", .label_en = "Collaboration milestones",
    .fields = milestone_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .within = "collaboration_id",
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "due_on",
    .prepare = prepare_milestone,
};
static const struct resource agreements = {
    .name = "agreements", .table = "agreements", .label_ko = "협약", .label_en = "Agreements",
    .fields = agreement_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .status_field = "status", .transitions = agreement_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS, .default_sort = "-id",
    .prepare = prepare_agreement, .settle = settle_agreement,
};
/* --- rows inside a record: never seen by more people than it --- */

/* How widely a visibility shows a row: private 0, cluster 1, public 2 (NULL: private). */
static int vis_rank(const char *v)
{
    return !v ? 0 : strcmp(v, "public") == 0 ? 2 : strcmp(v, "cluster") == 0 ? 1 : 0;
}

/* A row inside a parent shown at most as widely as max (vis_rank): a visibility asked for
 * wider is refused (naming visibility, with ko / en); one left unsaid, stored (or the table's
 * default on create) wider, becomes the widest allowed. */
static enum bp_err keep_within(struct write_op *op, const char *stored, int max, struct problem *p,
                               const char *ko, const char *en)
{
    static const char *const names[] = {"private", "cluster", "public"};
    if (write_op_get(op, "visibility")) {
        const char *vis = write_op_get_text(op, "visibility");
        if (vis && vis_rank(vis) <= max)
            return BP_OK;
        return problem_refuse(p, "visibility", BP_ERR_INVALID, ko, en);
    }
    if (vis_rank(stored) <= max)
        return BP_OK;
    return write_op_add(op, "visibility", VAL_TEXT, 0, names[max], strlen(names[max]))
               ? BP_OK
               : BP_ERR_NOMEM;
}

/* Whether the private row id of collection has grants to other organisations (shares): a row
 * so shared is not moved inside a collaboration, whose two organisations alone read it. */
static enum bp_err has_shares(struct db *db, const char *collection, long long id, long long *n)
{
    *n = 0;
    return id ? db_run(db, n, "SELECT count(*) FROM shares WHERE collection=?1 AND row_id=?2",
                       "ti", collection, id)
              : BP_OK;
}

static enum bp_err refuse_shared(struct problem *p)
{
    return problem_refuse(p, "collaboration_id", BP_ERR_INVALID,
                          "다른 기관과 공유된 항목은 협력 안으로 옮길 수 없습니다: 공유를 먼저 거두세요",
                          "a record shared with other organisations cannot move inside a "
                          "collaboration: remove its shares first");
}

/* A meeting inside a collaboration is the collaboration's: convened by one of its two
 * organisations, read by both (partner_org_id, the other one, set here) and by nobody else
 * (private; shared with no one else: access_parents_admit). Its action items never reach
 * more people than it: a change that would leave one wider (a narrower visibility, another
 * collaboration or organisation) is refused until they are changed first. */
static enum bp_err prepare_meeting(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    struct parties c = {0};
    enum bp_err e = BP_OK;
    long long org = write_op_get_int(op, "org_id"), collab = write_op_get_int(op, "collaboration_id");
    bool moved = write_op_get(op, "org_id") || write_op_get(op, "collaboration_id");
    const char *stored = "cluster"; /* the table's default */
    if (op->kind != WRITE_CREATE) {
        if ((e = resource_read_fields(db, "meetings", op->id, "org_id,collaboration_id,visibility",
                                      &row)))
            return e;
        if (!row.found)
            goto out;
        if (!write_op_get(op, "org_id"))
            org = row.i[0];
        if (!write_op_get(op, "collaboration_id"))
            collab = row.i[1];
        stored = row.text[2];
    }
    if (collab) {
        if ((e = read_parties(db, "collaborations", "org_id,partner_org_id,status", collab, &c)) ||
            !c.found)
            goto out; /* check_refs names it */
        if (!principal_is_operator(&op->who) && op->who.org_id != c.a && op->who.org_id != c.b)
            goto out; /* invisible to the caller: check_refs says "no such" */
        long long other = org == c.a ? c.b : org == c.b ? c.a : 0;
        if (!other) {
            e = problem_refuse(p, "collaboration_id", BP_ERR_INVALID,
                               "회의를 연 기관이 이 협력의 두 기관 중 하나여야 합니다",
                               "the convening organisation must be one of the collaboration's two");
            goto out;
        }
        long long shared = 0;
        if (write_op_get(op, "collaboration_id") && (e = has_shares(db, "meetings", op->id, &shared)))
            goto out;
        if (shared) {
            e = refuse_shared(p);
            goto out;
        }
        if (moved && !write_op_set(op, "partner_org_id", VAL_INT, other, NULL, 0)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
        if ((e = keep_within(op, stored, 0, p, "협력 안의 회의는 비공개입니다: 협력하는 두 기관만 봅니다",
                             "a meeting inside a collaboration is private: only its two "
                             "organisations read it")) ||
            p->err)
            goto out;
    } else if (moved && !write_op_set(op, "partner_org_id", VAL_NULL, 0, NULL, 0)) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    if (op->kind == WRITE_CREATE)
        goto out;
    /* its action items, as the change leaves the meeting: inside the same collaboration; of its
     * organisation, and shared with none the meeting is not shared with, when it is private;
     * never more visible than it */
    const char *vis = write_op_get(op, "visibility") ? write_op_get_text(op, "visibility") : stored;
    long long wider = 0;
    if ((e = db_run(db, &wider,
                    "SELECT count(*) FROM action_items WHERE meeting_id=?1 AND ("
                    "(?2<>0 AND coalesce(collaboration_id,0)<>?2) OR "
                    "(?2=0 AND ?3=0 AND (org_id<>?4 OR collaboration_id IS NOT NULL OR EXISTS ("
                    "SELECT 1 FROM shares g WHERE g.collection='action-items' AND "
                    "g.row_id=action_items.id AND NOT EXISTS (SELECT 1 FROM shares h WHERE "
                    "h.collection='meetings' AND h.row_id=?1 AND h.org_id=g.org_id)))) OR "
                    "(CASE visibility WHEN 'public' THEN 2 WHEN 'cluster' THEN 1 ELSE 0 END)>?3)",
                    "iiii", op->id, collab, (long long)vis_rank(vis), org)))
        goto out;
    if (wider)
        e = problem_refuse(p,
                           write_op_get(op, "collaboration_id") ? "collaboration_id"
                           : write_op_get(op, "visibility")      ? "visibility"
                                                                 : "org_id",
                           BP_ERR_INVALID,
                           "이 회의의 후속 조치가 회의보다 넓게 공개됩니다: 후속 조치를 먼저 바꾸세요",
                           "the meeting's action items would be seen more widely than the meeting: "
                           "change them first");
out:
    parties_release(&c);
    resource_row_release(&row);
    return e;
}

/* An action item inside a collaboration belongs to one of its two organisations (org_id) and
 * is read by the other (partner_org_id, kept here), so both sides see it and the owner, a user
 * of either, can read and close it; it is private and done by a user of the two
 * organisations. An action item of a meeting is never more visible than the meeting: inside
 * the meeting's collaboration when it has one (filled in when unsaid), its organisation's and
 * private when the meeting is private. Any other item is its organisation's, done by one of
 * its users. */
static enum bp_err prepare_action_item(struct db *db, struct write_op *op, struct problem *p)
{
    enum bp_err e = BP_OK;
    struct resource_row row = {0}, mt = {0};
    struct parties c = {0};
    long long org = write_op_get_int(op, "org_id"), collab = write_op_get_int(op, "collaboration_id");
    long long meeting = write_op_get_int(op, "meeting_id");
    const char *stored = "cluster"; /* the table's default */
    if (op->kind != WRITE_CREATE) {
        if ((e = resource_read_fields(db, "action-items", op->id,
                                      "org_id,collaboration_id,meeting_id,visibility", &row)))
            return e;
        if (!row.found)
            goto out;
        if (!write_op_get(op, "org_id"))
            org = row.i[0];
        if (!write_op_get(op, "collaboration_id"))
            collab = row.i[1];
        if (!write_op_get(op, "meeting_id"))
            meeting = row.i[2];
        stored = row.text[3];
    }
    int max = 2; /* the widest visibility the item's parents allow */
    if (meeting) {
        if ((e = resource_read_fields(db, "meetings", meeting, "org_id,collaboration_id,visibility",
                                      &mt)) ||
            !mt.found)
            goto out; /* check_refs names it */
        if (mt.i[1] && !collab && !write_op_get(op, "collaboration_id")) {
            collab = mt.i[1]; /* the meeting's collaboration */
            if (!write_op_set(op, "collaboration_id", VAL_INT, collab, NULL, 0)) {
                e = BP_ERR_NOMEM;
                goto out;
            }
        }
        if (mt.i[1] ? collab != mt.i[1] : collab && vis_rank(mt.text[2]) == 0) {
            e = problem_refuse(p, "meeting_id", BP_ERR_INVALID,
                               "회의의 후속 조치는 회의가 속한 협력 안에만 둘 수 있습니다",
                               "an action item of a meeting belongs to the meeting's collaboration, "
                               "or to none when the meeting is private");
            goto out;
        }
        if (!mt.i[1] && vis_rank(mt.text[2]) == 0 && org != mt.i[0]) {
            e = problem_refuse(p, "org_id", BP_ERR_INVALID,
                               "비공개 회의의 후속 조치는 회의를 연 기관의 것이어야 합니다",
                               "an action item of a private meeting is the convening organisation's");
            goto out;
        }
        max = vis_rank(mt.text[2]);
    }
    bool moved = write_op_get(op, "org_id") || write_op_get(op, "collaboration_id");
    if (collab) {
        if ((e = read_parties(db, "collaborations", "org_id,partner_org_id,status", collab, &c)) ||
            !c.found)
            goto out; /* check_refs names it */
        long long other = org == c.a ? c.b : org == c.b ? c.a : 0;
        if (!other) {
            e = problem_refuse(p, "collaboration_id", BP_ERR_INVALID,
                               "담당 기관이 이 협력의 두 기관 중 하나여야 합니다",
                               "the organisation must be one of the collaboration's two");
            goto out;
        }
        long long shared = 0;
        if (write_op_get(op, "collaboration_id") &&
            (e = has_shares(db, "action-items", op->id, &shared)))
            goto out;
        if (shared) {
            e = refuse_shared(p);
            goto out;
        }
        if (moved && !write_op_set(op, "partner_org_id", VAL_INT, other, NULL, 0)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
        if (write_op_get(op, "owner_id") && ((e = check_owner(db, op, c.a, c.b, p)) || p->err))
            goto out;
        e = keep_within(op, stored, 0, p,
                        "협력 안의 후속 조치는 비공개입니다: 협력하는 두 기관만 봅니다",
                        "an action item inside a collaboration is private: only its two "
                        "organisations read it");
    } else {
        if (moved && !write_op_set(op, "partner_org_id", VAL_NULL, 0, NULL, 0)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
        if (write_op_get(op, "owner_id") && ((e = check_owner(db, op, org, org, p)) || p->err))
            goto out;
        e = keep_within(op, stored, max, p,
                        "회의의 후속 조치는 회의보다 넓게 공개할 수 없습니다",
                        "an action item is not shown more widely than its meeting");
    }
out:
    parties_release(&c);
    resource_row_release(&mt);
    resource_row_release(&row);
    return e;
}

static const struct resource meetings = {
    .name = "meetings", .table = "meetings", .label_ko = "회의", .label_en = "Meetings",
    .fields = meeting_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .visibility_field = "visibility",
    .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "-held_on", .prepare = prepare_meeting,
};
static const struct resource action_items = {
    .name = "action-items", .table = "action_items", .label_ko = "후속 조치", .label_en = "Action items",
    .fields = action_item_fields, .title_field = "title", .owner_field = "org_id",
    .party_field = "partner_org_id", .visibility_field = "visibility", .status_field = "status", .transitions = item_transitions,
    .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "due_on", .prepare = prepare_action_item,
};
static const struct resource org_links = {
    .name = "org-links", .table = "org_links", .label_ko = "가치사슬 연결", .label_en = "Value-chain links",
    .fields = link_fields, .title_field = "kind", .owner_field = "org_id", .party_field = "to_org_id",
    .visibility_field = "visibility", .flags = R_PUBLIC_READ | R_ORG_WRITES, .default_sort = "id",
    .prepare = prepare_link,
};

const struct resource *const api_collaboration_entries[] = {
    &matches, &collaborations, &milestones, &agreements, &meetings, &action_items, NULL,
};
const struct resource *const api_value_chain_entries[] = {&org_links, NULL};
