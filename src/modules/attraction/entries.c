/*
 * attraction: the entries of the attraction pipeline and their workflow.
 *
 * Both collections are the city's working file: operators (admin and staff) read and write
 * them, nobody else sees them (R_OPERATOR_READ), not even a prospect that became a tenant (its
 * organisation is public, its pipeline is not). A prospect moves identified → contacted →
 * meeting → loi → mou → moved_in, or is dropped with a reason (rules.c says which moves are
 * allowed). The LOI and MOU stages need their dates; every move leaves an activity row written
 * through the engine in the same savepoint; moving in creates the organisation (or marks the
 * one named as a tenant) and the value-chain links to the organisations named up- and
 * downstream, all through the engine.
 */
#include "modules/attraction/attraction.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/problem.h"
#include "db/db.h"
#include "engine/resource.h"
#include "modules/attraction/rules.h"
#include "base/banned.h"

/* clang-format off */
static const struct enum_value prospect_kinds[] = {
    {"company",    "기업",     "Company"},
    {"hospital",   "의료기관", "Medical institution"},
    {"institute",  "연구기관", "Institute"},
    {"university", "대학",     "University"},
    END_VALUES,
};
static const struct enum_value prospect_sizes[] = {
    {"startup",     "스타트업",    "Start-up"},
    {"sme",         "중소기업",    "SME"},
    {"midsize",     "중견기업",    "Mid-sized"},
    {"large",       "대기업",      "Large"},
    {"global",      "글로벌 기업", "Global"},
    {"institution", "기관",        "Institution"},
    END_VALUES,
};
static const struct enum_value activity_kinds[] = {
    {"call",             "전화·메일",       "Call"},
    {"meeting",          "면담·회의",       "Meeting"},
    {"visit",            "방문",            "Visit"},
    {"investor_meeting", "투자사 미팅",     "Investor meeting"},
    {"attraction",       "유치 활동",       "Attraction activity"},
    {"loi",              "입주의향서(LOI)", "LOI"},
    {"mou",              "업무협약(MOU)",   "MOU"},
    {"event",            "행사·설명회",     "Event"},
    {"stage_change",     "단계 변경",       "Stage change"},
    {"other",            "기타",            "Other"},
    END_VALUES,
};
/* clang-format on */

#define FS (F_FILTER | F_SORT)
#define VALUE_CHAIN_MAX 20 /* organisations named up- or downstream of one prospect */

/* clang-format off */
static const struct field prospect_fields[] = {
    TEXT("name",               F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "기관명", "Name"),
    TEXT("name_en",            F_SORT | F_SEARCH, 0, 200, "영문명", "English name"),
    TEXT("country",            FS | F_SEARCH, 0, 60, "국가", "Country"),
    TAGS("fields",             F_FILTER, "분야", "Fields"),
    ENUM("kind",               prospect_kinds, F_REQUIRED | FS, "유형", "Kind"),
    BOOL("is_anchor",          FS, "앵커기업 후보", "Anchor candidate"),
    ENUM("size",               prospect_sizes, FS, "규모", "Size"),
    REF("owner_id",            "users", F_FILTER, "담당자", "Owner"),
    STATUS("stage",            prospect_stages, FS, "단계", "Stage"),
    DATE("identified_on",      FS, "발굴일", "Identified on"),
    DATE("expected_move_in",   FS, "입주 예정일", "Expected move-in"),
    DATE("loi_on",             FS, "입주의향서 일자", "LOI date"),
    REF("loi_file_id",         "files", 0, "입주의향서 파일", "LOI file"),
    DATE("mou_on",             FS, "MOU 체결일", "MOU date"),
    REF("mou_file_id",         "files", 0, "MOU 파일", "MOU file"),
    DATE("moved_in_on",        FS, "입주일", "Moved in on"),
    TEXT("drop_reason",        F_SEARCH, 0, 2000, "중단 사유", "Reason dropped"),
    ENUM("dropped_from",       prospect_open_stages, F_READONLY | F_FILTER, "중단 전 단계", "Dropped from"),
    REFS("upstream_org_ids",   "orgs", VALUE_CHAIN_MAX, F_FILTER, "후방 기업(공급·상류)", "Upstream organisations"),
    REFS("downstream_org_ids", "orgs", VALUE_CHAIN_MAX, F_FILTER, "전방 기업(수요·하류)", "Downstream organisations"),
    REF("org_id",              "orgs", F_FILTER, "입주 기관", "Organisation (moved in)"),
    TEXT("notes",              F_SEARCH, 0, 5000, "메모", "Notes"),
    BOOL("is_synthetic",       F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field activity_fields[] = {
    REF("prospect_id",   "prospects", F_FILTER, "유치 대상", "Prospect"),
    DATE("occurred_on",  FS, "일자", "Date"),
    ENUM_KEPT("kind",    activity_kinds, "stage_change", F_REQUIRED | FS, "종류", "Kind"),
    TEXT("summary",      F_REQUIRED | F_SORT | F_SEARCH, 1, 2000, "내용", "Summary"),
    TEXT("people",       F_SEARCH, 0, 1000, "참석자", "People"),
    REF("file_id",       "files", 0, "증빙 파일", "Evidence file"),
    ENUM("stage_from",   prospect_stages, F_READONLY | F_FILTER, "이전 단계", "Stage from"),
    ENUM("stage_to",     prospect_stages, F_READONLY | F_FILTER, "바뀐 단계", "Stage to"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};
/* clang-format on */

/* --- helpers of the hooks --- */

static void today_in_korea(char out[11])
{
    time_t t = time(NULL) + 9 * 3600;
    struct tm tm;
    if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) != 10)
        snprintf(out, 11, "1970-01-01");
}

/* The value field will have after op: op's (NULL when op clears it), else the row's (row_value,
 * "" meaning none). */
static const char *after_text(const struct write_op *op, const char *field, const char *row_value)
{
    const struct write_value *v = write_op_get(op, field);
    if (v)
        return v->kind == VAL_TEXT ? v->text : NULL;
    return row_value && row_value[0] ? row_value : NULL;
}

static long long after_int(const struct write_op *op, const char *field, long long row_value)
{
    const struct write_value *v = write_op_get(op, field);
    if (v)
        return v->kind == VAL_INT ? v->i : 0;
    return row_value;
}

/* Evidence of the pipeline is as private as the pipeline: a file named here must be a private
 * file of no organisation (uploaded by an operator with visibility=private). */
static enum bp_err check_file(struct db *db, const struct write_op *op, const char *field,
                              struct problem *p)
{
    long long id = write_op_get_int(op, field);
    if (!id)
        return BP_OK;
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "files", id, "visibility,org_id", &row);
    if (!e && row.found && (strcmp(row.text[0], "private") != 0 || row.i[1] != 0))
        problem_refuse(p, field, BP_ERR_INVALID,
                       "유치 파이프라인의 증빙은 기관 없이 비공개(private)로 올린 파일만 붙입니다",
                       "attach a private file of no organisation: the pipeline's evidence is as "
                       "private as the pipeline");
    resource_row_release(&row);
    return e;
}

/* Each id of a value-chain list names an organisation. */
static enum bp_err check_org_list(struct db *db, const struct write_op *op, const char *field,
                                  struct problem *p)
{
    const char *text = write_op_get_text(op, field);
    long long ids[VALUE_CHAIN_MAX];
    size_t n = 0;
    if (!text)
        return BP_OK;
    if (!prospect_org_ids(text, ids, VALUE_CHAIN_MAX, &n)) {
        problem_refuse(p, field, BP_ERR_INVALID, "기관 번호(양의 정수)를 20개까지 적습니다",
                       "list up to 20 organisation ids (positive integers)");
        return BP_OK;
    }
    for (size_t i = 0; i < n; i++) {
        struct resource_row row;
        enum bp_err e = resource_read_fields(db, "orgs", ids[i], "name", &row);
        bool found = row.found;
        resource_row_release(&row);
        if (e)
            return e;
        if (!found) {
            char ko[120], en[120];
            snprintf(ko, sizeof(ko), "없는 기관입니다: %lld", ids[i]);
            snprintf(en, sizeof(en), "no such organisation: %lld", ids[i]);
            problem_refuse(p, field, BP_ERR_INVALID, ko, en);
            return BP_OK;
        }
    }
    return BP_OK;
}

/* The owner of a prospect is one of the operators (staff of the support center or the city). */
static enum bp_err check_owner(struct db *db, const struct write_op *op, struct problem *p)
{
    long long id = write_op_get_int(op, "owner_id");
    if (!id)
        return BP_OK;
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "users", id, "role", &row);
    if (!e && row.found && strncmp(row.text[0], "operator-", 9) != 0)
        problem_refuse(p, "owner_id", BP_ERR_INVALID, "담당자는 운영기관 직원(운영자)이어야 합니다",
                       "the owner is an operator (support center or city staff)");
    resource_row_release(&row);
    return e;
}

/* The activity a move from stage from to stage to leaves (dated day, with file when the move
 * has one), written through the engine for the platform in the mover's name. */
static enum bp_err log_move(struct db *db, const struct write_op *op, const char *from,
                            const char *to, const char *day, long long file, struct problem *p)
{
    char summary[300];
    struct write_op w;
    struct principal sys = resource_system(op->who.user_id);
    prospect_change_summary(from, to, summary, sizeof(summary));
    if (!resource_write_begin(&w, "activities", WRITE_CREATE, 0, &sys) ||
        !write_op_int(&w, "prospect_id", op->id) || !write_op_text(&w, "occurred_on", day) ||
        !write_op_text(&w, "kind", prospect_change_kind(to)) ||
        !write_op_text(&w, "summary", summary) || !write_op_text(&w, "stage_from", from) ||
        !write_op_text(&w, "stage_to", to) || (file && !write_op_int(&w, "file_id", file))) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, p);
}

/* A value-chain link between two organisations (org-links), for the platform. */
static enum bp_err link_orgs(struct db *db, const struct write_op *op, long long up, long long down,
                             const char *name, struct problem *p)
{
    char text[300];
    struct write_op w;
    struct principal sys = resource_system(op->who.user_id);
    if (up == down)
        return BP_OK;
    snprintf(text, sizeof(text),
             "기업유치(%s) 때 기록한 가치사슬 / value chain recorded when %s "
             "moved in",
             name, name);
    if (!resource_write_begin(&w, "org-links", WRITE_CREATE, 0, &sys) ||
        !write_op_int(&w, "org_id", up) || !write_op_int(&w, "to_org_id", down) ||
        !write_op_text(&w, "kind", "supplies") || !write_op_text(&w, "description", text) ||
        !write_op_text(&w, "visibility", "cluster")) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, p);
}

/* Moving in: the organisation named (org_id) becomes a tenant, or a new public tenant
 * organisation is registered from the prospect; then the value chain is linked to it. op gets
 * the organisation's id. */
static enum bp_err move_in(struct db *db, struct write_op *op, long long org, struct problem *p)
{
    struct resource_row row;
    struct write_op w;
    struct principal sys = resource_system(op->who.user_id);
    enum bp_err e = resource_read_fields(
        db, "prospects", op->id,
        "name,name_en,kind,fields,is_anchor,upstream_org_ids,downstream_org_ids", &row);
    if (e || !row.found)
        goto out;
    const char *name = after_text(op, "name", row.text[0]);
    const char *name_en = after_text(op, "name_en", row.text[1]);
    const char *kind = after_text(op, "kind", row.text[2]);
    const char *fields = after_text(op, "fields", row.text[3]);
    bool anchor = after_int(op, "is_anchor", row.i[4]) != 0;
    if (!resource_write_begin(&w, "orgs", org ? WRITE_UPDATE : WRITE_CREATE, org, &sys)) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    bool ok = write_op_int(&w, "is_tenant", 1) && (!anchor || write_op_int(&w, "is_anchor", 1));
    if (!org)
        ok = ok && write_op_text(&w, "name", name ? name : "") &&
             (!name_en || write_op_text(&w, "name_en", name_en)) &&
             write_op_text(&w, "kind", kind ? kind : "company") &&
             (!fields || write_op_text(&w, "fields", fields)) &&
             write_op_text(&w, "visibility", "public");
    if (!ok) {
        write_op_free(&w);
        e = BP_ERR_NOMEM;
        goto out;
    }
    if ((e = resource_write(db, &w, org ? NULL : &org, p)))
        goto out;
    if (!write_op_set(op, "org_id", VAL_INT, org, NULL, 0)) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    long long ids[VALUE_CHAIN_MAX];
    size_t n = 0;
    if (prospect_org_ids(after_text(op, "upstream_org_ids", row.text[5]), ids, VALUE_CHAIN_MAX, &n))
        for (size_t i = 0; !e && i < n; i++)
            e = link_orgs(db, op, ids[i], org, name ? name : "", p);
    if (!e && prospect_org_ids(after_text(op, "downstream_org_ids", row.text[6]), ids,
                               VALUE_CHAIN_MAX, &n))
        for (size_t i = 0; !e && i < n; i++)
            e = link_orgs(db, op, org, ids[i], name ? name : "", p);
out:
    resource_row_release(&row);
    return e;
}

/* A move of stage: allowed, with what the stage needs; the activity it leaves; moving in. */
static enum bp_err prepare_move(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row;
    enum bp_err e = resource_read_fields(
        db, "prospects", op->id,
        "stage,loi_on,mou_on,drop_reason,org_id,loi_file_id,mou_file_id,moved_in_on", &row);
    if (e || !row.found)
        goto out;
    const char *from = row.text[0], *to = write_op_get_text(op, "stage");
    if (!to || strcmp(to, from) == 0)
        goto out;
    if (!prospect_step_allowed(from, to)) {
        char ko[200], en[200];
        snprintf(ko, sizeof(ko),
                 "%s 단계에서 %s 단계로 옮길 수 없습니다 (입주는 입주의향서나 MOU 뒤, "
                 "입주 뒤에는 옮기지 않습니다)",
                 from, to);
        snprintf(en, sizeof(en),
                 "a prospect cannot move from %s to %s (moving in follows an LOI "
                 "or MOU; a moved-in prospect stays)",
                 from, to);
        problem_refuse(p, "stage", BP_ERR_INVALID, ko, en);
        goto out;
    }
    static const char *const row_field[] = {"loi_on", "mou_on", "drop_reason"};
    const char *needs = prospect_stage_needs(to);
    for (size_t i = 0; needs && i < 3; i++) {
        if (strcmp(needs, row_field[i]) != 0)
            continue;
        const char *v = after_text(op, needs, row.text[i + 1]);
        /* a new drop needs its own reason, not the one of a drop before */
        if (i == 2 && !write_op_get_text(op, "drop_reason"))
            v = NULL;
        if (!v || !v[0])
            problem_refuse(p, needs, BP_ERR_INVALID,
                           i == 0 ? "입주의향서(LOI) 단계에는 입주의향서 일자(loi_on)가 필요합니다"
                           : i == 1 ? "MOU 단계에는 MOU 체결일(mou_on)이 필요합니다"
                                    : "중단할 때는 중단 사유(drop_reason)를 적습니다",
                           i == 0   ? "the LOI stage needs the LOI's date (loi_on)"
                           : i == 1 ? "the MOU stage needs the MOU's date (mou_on)"
                                    : "dropping a prospect needs a reason (drop_reason)");
    }
    if (p->err)
        goto out;
    char today[11];
    today_in_korea(today);
    const char *day = today;
    long long file = 0;
    int s = prospect_stage_index(to);
    if (s == STAGE_LOI) {
        day = after_text(op, "loi_on", row.text[1]);
        file = after_int(op, "loi_file_id", row.i[5]);
    } else if (s == STAGE_MOU) {
        day = after_text(op, "mou_on", row.text[2]);
        file = after_int(op, "mou_file_id", row.i[6]);
    } else if (s == STAGE_DROPPED) {
        if (!write_op_set(op, "dropped_from", VAL_TEXT, 0, from, strlen(from))) {
            e = BP_ERR_NOMEM;
            goto out;
        }
    } else if (s == STAGE_MOVED_IN) {
        const char *on = after_text(op, "moved_in_on", row.text[7]);
        if (!on && !write_op_text(op, "moved_in_on", today)) {
            e = BP_ERR_NOMEM;
            goto out;
        }
        day = on ? on : today;
        if ((e = move_in(db, op, after_int(op, "org_id", row.i[4]), p)))
            goto out;
    }
    if (prospect_stage_index(from) == STAGE_DROPPED && !write_op_null(op, "dropped_from")) {
        e = BP_ERR_NOMEM;
        goto out;
    }
    e = log_move(db, op, from, to, day, file, p);
out:
    resource_row_release(&row);
    return e ? e : p->err;
}

static enum bp_err prepare_prospect(struct db *db, struct write_op *op, struct problem *p)
{
    enum bp_err e;
    if ((e = check_owner(db, op, p)) || (e = check_file(db, op, "loi_file_id", p)) ||
        (e = check_file(db, op, "mou_file_id", p)) ||
        (e = check_org_list(db, op, "upstream_org_ids", p)) ||
        (e = check_org_list(db, op, "downstream_org_ids", p)))
        return e;
    if (p->err)
        return p->err;
    if (op->kind == WRITE_CREATE) {
        char today[11];
        today_in_korea(today);
        if (!write_op_get(op, "identified_on") && !write_op_text(op, "identified_on", today))
            return BP_ERR_NOMEM;
        return BP_OK;
    }
    return prepare_move(db, op, p);
}

/* A stage change is the server's record of a move: a client neither writes one nor turns an
 * activity into one. */
static enum bp_err prepare_activity(struct db *db, struct write_op *op, struct problem *p)
{
    enum bp_err e = check_file(db, op, "file_id", p);
    if (e)
        return e;
    const char *kind = write_op_get_text(op, "kind");
    if (kind && strcmp(kind, "stage_change") == 0 && !write_op_get_text(op, "stage_to")) {
        struct resource_row row = {0};
        bool recorded = false;
        if (op->kind == WRITE_UPDATE) {
            if ((e = resource_read_fields(db, "activities", op->id, "stage_to", &row)))
                return e;
            recorded = row.found && row.text[0][0];
            resource_row_release(&row);
        }
        if (!recorded)
            problem_refuse(p, "kind", BP_ERR_INVALID,
                           "단계 변경 기록은 유치 대상의 단계를 옮기면 서버가 남깁니다",
                           "stage changes are recorded by the server when a prospect moves");
    }
    return p->err;
}

/* --- entries --- */

/* The pipeline is the city's working file: operators only (R_OPERATOR_READ, written by
 * operators alone), and out of /search (R_NOT_INDEXED: its own lists' ?q= finds it). */
static const struct resource prospects = {
    .name = "prospects",
    .table = "prospects",
    .label_ko = "유치 대상",
    .label_en = "Prospects",
    .fields = prospect_fields,
    .title_field = "name",
    .status_field = "stage",
    .transitions = prospect_transitions,
    .flags = R_OPERATOR_READ | R_NOT_INDEXED,
    .default_sort = "-id",
    .prepare = prepare_prospect,
};
static const struct resource activities = {
    .name = "activities",
    .table = "activities",
    .label_ko = "유치 활동 기록",
    .label_en = "Activities",
    .fields = activity_fields,
    .title_field = "summary",
    .flags = R_OPERATOR_READ | R_NOT_INDEXED,
    .default_sort = "-occurred_on",
    .prepare = prepare_activity,
};

const struct resource *const attraction_entries[] = {&prospects, &activities, NULL};
