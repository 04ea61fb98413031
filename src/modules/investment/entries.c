/*
 * investment: the entries of the investment module (바이오 메디컬 전문 VC 유치) and their
 * workflow hooks.
 *
 * Investor profiles are read by every signed-in member of the cluster and written by the
 * investor's org-admins (an organisation's official record: write_role), as a company's rounds
 * are by its org-admins. A round is private to its company and operators until it is
 * shown to investors (audience true, which opening the round sets): then the members of every
 * investor organisation read it too (the link table investor_audience, kept by triggers on
 * orgs). A deal is the pipeline between one investor organisation (owner) and one company
 * (party), theirs and operators' only; its stage moves by the allowed transitions, an
 * investment needs its amount and date, and each move is a line of its history. IR events are
 * public and kept by operators; an organisation registers for one within its registration
 * window and while seats are left (decided on the writer, in the registration's savepoint, so
 * two registrations never take the last seat twice); it cancels its own, operators approve,
 * reject and mark attendance. The events' seats_taken follows the registrations.
 */
#include "modules/investment/investment.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "db/dialect.h"
#include "engine/access.h"
#include "engine/resource.h"
#include "modules/investment/rules.h"
#include "base/banned.h"

#define FS (F_FILTER | F_SORT)
#define WON_MAX 100000000000000LL /* 100조원: bounds every amount */

/* clang-format off */
static const struct enum_value round_stages[] = {
    {"seed",     "시드",          "Seed"},
    {"pre-a",    "프리 A",        "Pre-A"},
    {"series-a", "시리즈 A",      "Series A"},
    {"series-b", "시리즈 B",      "Series B"},
    {"series-c", "시리즈 C 이상", "Series C+"},
    {"pre-ipo",  "프리 IPO",      "Pre-IPO"},
    END_VALUES,
};
static const struct enum_value round_states[] = {
    {"draft",  "작성 중", "Draft"},
    {"open",   "유치 중", "Open"},
    {"closed", "마감",    "Closed"},
    END_VALUES,
};
static const struct enum_value deal_stages[] = {
    {"sourced",       "발굴",       "Sourced"},
    {"contacted",     "접촉",       "Contacted"},
    {"ir_meeting",    "IR 미팅",    "IR meeting"},
    {"due_diligence", "실사",       "Due diligence"},
    {"term_sheet",    "텀시트",     "Term sheet"},
    {"invested",      "투자 완료",  "Invested"},
    {"declined",      "중단",       "Declined"},
    END_VALUES,
};
static const struct enum_value event_kinds[] = {
    {"ir",         "IR 행사",      "IR event"},
    {"demo_day",   "데모데이",     "Demo day"},
    {"networking", "투자 네트워킹", "Networking"},
    {"briefing",   "투자 설명회",  "Briefing"},
    END_VALUES,
};
static const struct enum_value event_states[] = {
    {"scheduled", "예정", "Scheduled"},
    {"held",      "개최", "Held"},
    {"cancelled", "취소", "Cancelled"},
    END_VALUES,
};
static const struct enum_value registration_states[] = {
    {"requested", "신청",     "Requested"},
    {"approved",  "승인",     "Approved"},
    {"attended",  "참석",     "Attended"},
    {"cancelled", "신청 취소", "Cancelled"},
    {"rejected",  "반려",     "Rejected"},
    END_VALUES,
};

static const struct field profile_fields[] = {
    REF("org_id",          "orgs", F_REQUIRED | F_IMMUTABLE | FS, "투자기관", "Investor"),
    TEXT("fund_name",      F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "펀드명", "Fund"),
    MONEY("fund_size",     FS, WON_MAX, "펀드 규모(원)", "Fund size (KRW)"),
    LIST("stages",         F_FILTER, "투자 단계", "Stages"),
    TAGS("fields",         F_FILTER, "투자 분야", "Fields"),
    MONEY("ticket_min",    FS, WON_MAX, "최소 투자 규모(원)", "Ticket from (KRW)"),
    MONEY("ticket_max",    FS, WON_MAX, "최대 투자 규모(원)", "Ticket up to (KRW)"),
    TEXT("thesis",         F_SEARCH, 0, 5000, "투자 방향", "Thesis"),
    TEXT("contact_name",   0, 0, 100, "담당자", "Contact"),
    EMAIL("contact_email", F_PRIVATE, "담당자 이메일", "Contact e-mail"),
    PHONE("contact_phone", F_PRIVATE, "담당자 전화", "Contact phone"),
    BOOL("is_synthetic",   F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field fundraising_fields[] = {
    REF("org_id",          "orgs", F_REQUIRED | F_IMMUTABLE | FS, "기업", "Company"),
    TEXT("title",          F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "제목", "Title"),
    ENUM("stage",          round_stages, F_REQUIRED | FS, "투자 단계", "Stage"),
    MONEY("amount_sought", F_REQUIRED | FS, WON_MAX, "유치 희망 금액(원)", "Amount sought (KRW)"),
    TEXT("use_of_funds",   F_SEARCH, 0, 5000, "자금 사용 계획", "Use of funds"),
    TAGS("fields",         F_FILTER, "분야", "Fields"),
    REF("deck_file_id",    "files", 0, "IR 자료", "Pitch deck"),
    STATUS("status",       round_states, FS, "상태", "Status"),
    BOOL("audience",       F_FILTER, "투자기관에 공개", "Shown to investors"),
    DATE("closes_on",      FS, "유치 마감일", "Closes on"),
    BOOL("is_synthetic",   F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field deal_fields[] = {
    TEXT("title",           F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "딜 이름", "Title"),
    REF("investor_org_id",  "orgs", F_REQUIRED | F_IMMUTABLE | FS, "투자기관", "Investor"),
    REF("company_org_id",   "orgs", F_REQUIRED | F_IMMUTABLE | FS, "기업", "Company"),
    REF("fundraising_id",   "fundraisings", F_FILTER, "투자 유치", "Fundraising"),
    STATUS("stage",         deal_stages, FS, "단계", "Stage"),
    MONEY("amount",         FS, WON_MAX, "투자 금액(원)", "Amount (KRW)"),
    DATE("invested_on",     FS, "투자일", "Invested on"),
    TEXT("notes",           0, 0, 5000, "메모", "Notes"),
    TEXT("history",         F_READONLY, 0, 0, "단계 이력", "Stage history"),
    BOOL("is_synthetic",    F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field event_fields[] = {
    TEXT("title",                      F_REQUIRED | F_SORT | F_SEARCH, 1, 200, "행사명", "Title"),
    ENUM("kind",                       event_kinds, F_REQUIRED | FS, "유형", "Kind"),
    TEXT("description",                F_SEARCH, 0, 5000, "설명", "Description"),
    DATETIME("starts_at",              F_REQUIRED | FS, "시작", "Starts at"),
    DATETIME("ends_at",                FS, "종료", "Ends at"),
    TEXT("place",                      0, 0, 200, "장소", "Place"),
    INT("capacity",                    F_REQUIRED | FS, 1, 100000, "정원", "Capacity"),
    INT("seats_taken",                 F_READONLY | FS, 0, 10000000, "신청 좌석", "Seats taken"),
    DATETIME("registration_opens_at",  FS, "신청 시작", "Registration opens"),
    DATETIME("registration_closes_at", FS, "신청 마감", "Registration closes"),
    STATUS("status",                   event_states, FS, "상태", "Status"),
    BOOL("is_synthetic",               F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct field registration_fields[] = {
    REF("event_id",      "events", F_REQUIRED | F_IMMUTABLE | FS, "행사", "Event"),
    REF("org_id",        "orgs", F_REQUIRED | F_IMMUTABLE | FS, "신청 기관", "Organisation"),
    INT("seats",         FS, 1, 50, "인원", "Seats"),
    TEXT("contact_name", 0, 0, 100, "참석자(대표)", "Attendee"),
    TEXT("note",         0, 0, 2000, "메모", "Note"),
    STATUS("status",     registration_states, FS, "상태", "Status"),
    BOOL("is_synthetic", F_FILTER | F_READONLY, "데모 데이터", "Synthetic demo data"),
    END_FIELDS,
};

static const struct transition round_transitions[] = {
    {"draft", "open"}, {"open", "closed"}, {"open", "draft"}, {"closed", "open"}, {NULL, NULL},
};
/* The pipeline moves on step by step, may go one step back (a meeting to hold again), ends
 * declined from any stage still open, and a declined deal may be taken up again. */
static const struct transition deal_transitions[] = {
    {"sourced", "contacted"}, {"contacted", "ir_meeting"}, {"ir_meeting", "due_diligence"},
    {"due_diligence", "term_sheet"}, {"term_sheet", "invested"},
    {"contacted", "sourced"}, {"ir_meeting", "contacted"}, {"due_diligence", "ir_meeting"},
    {"term_sheet", "due_diligence"},
    {"sourced", "declined"}, {"contacted", "declined"}, {"ir_meeting", "declined"},
    {"due_diligence", "declined"}, {"term_sheet", "declined"}, {"declined", "sourced"},
    {NULL, NULL},
};
static const struct transition event_transitions[] = {
    {"scheduled", "held"}, {"scheduled", "cancelled"}, {"cancelled", "scheduled"},
    {"held", "scheduled"}, {NULL, NULL},
};
static const struct transition registration_transitions[] = {
    {"requested", "approved"}, {"requested", "rejected"}, {"requested", "cancelled"},
    {"approved", "attended"}, {"approved", "cancelled"}, {"attended", "approved"},
    {"rejected", "requested"}, {NULL, NULL},
};

/* Investor profiles: every signed-in member of the cluster reads them, contacts included (a
 * company looks for an investor to call). */
static const struct reader profile_readers[] = {
    READ_ALL(.personal = true),
    READ_END,
};
/* A round: to its company, and to the members of every investor organisation once it is
 * shown to investors (audience true, stored 1, names them through investor_audience). */
static const struct reader fundraising_readers[] = {
    READ_ORG("org_id", .personal = true),
    READ_ORG("audience", .link = "investor_audience", .link_key = "audience",
             .link_member = "org_id"),
    READ_END,
};
/* clang-format on */

/* --- helpers --- */

/* Now in the stored form, YYYY-MM-DDTHH:MM:SSZ. */
static void now_utc(char out[24])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Today in Korea (UTC+9), YYYY-MM-DD. */
static void today_korea(char out[11])
{
    time_t t = time(NULL) + 9 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The kind of organisation id into kind (empty when there is none). */
static enum bp_err org_kind(struct db *db, long long id, char kind[32])
{
    struct resource_row row;
    kind[0] = '\0';
    enum bp_err e = resource_read_fields(db, "orgs", id, "kind", &row);
    if (!e && row.found)
        snprintf(kind, 32, "%s", row.text[0]);
    resource_row_release(&row);
    return e;
}

/* Whether organisation id is an investor: of kind investor, or one that keeps an investor
 * profile (a company's venture arm invests too). */
static enum bp_err org_invests(struct db *db, long long id, const char *kind, bool *out)
{
    *out = strcmp(kind, "investor") == 0;
    if (*out)
        return BP_OK;
    struct db_stmt *st;
    enum bp_err e = db_prepare(db, "SELECT 1 FROM investor_profiles WHERE org_id=?1 LIMIT 1", &st);
    if (e)
        return e;
    db_bind_int(st, 1, id);
    enum db_step s = db_step(st);
    *out = s == DB_ROW;
    db_reset(st);
    return s == DB_FAIL ? BP_ERR_DB : BP_OK;
}

/* The value a change leaves field with: op's when it carries one (NULL when it clears it),
 * else the row's (row_text, "" for none). */
static const char *after_text(const struct write_op *op, const char *field, const char *row_text)
{
    const struct write_value *v = write_op_get(op, field);
    if (!v)
        return row_text && *row_text ? row_text : NULL;
    return v->kind == VAL_TEXT ? v->text : NULL;
}

static bool after_set(const struct write_op *op, const char *field, const char *row_text)
{
    const struct write_value *v = write_op_get(op, field);
    if (!v)
        return row_text && *row_text;
    return v->kind != VAL_NULL;
}

static long long after_int(const struct write_op *op, const char *field, const char *row_text,
                           long long row_value)
{
    const struct write_value *v = write_op_get(op, field);
    if (!v)
        return row_text && *row_text ? row_value : -1;
    return v->kind == VAL_INT ? v->i : -1;
}

/* --- investor profiles --- */

static enum bp_err prepare_profile(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e = BP_OK;
    const char *stages = write_op_get_text(op, "stages");
    if (stages) {
        json_t *a = json_loads(stages, 0, NULL);
        size_t i;
        json_t *s;
        json_array_foreach(a, i, s) if (invest_stage_index(json_string_value(s)) < 0)
        {
            problem_refuse(p, "stages", BP_ERR_INVALID,
                           "투자 단계는 seed, pre-a, series-a, series-b, series-c, pre-ipo 중에서 고릅니다",
                           "stages are seed, pre-a, series-a, series-b, series-c, pre-ipo");
            break;
        }
        json_decref(a);
    }
    if (op->kind == WRITE_UPDATE &&
        (e = resource_read_fields(db, "investor-profiles", op->id, "ticket_min,ticket_max", &row)))
        return e;
    long long lo = after_int(op, "ticket_min", row.found ? row.text[0] : NULL, row.i[0]);
    long long hi = after_int(op, "ticket_max", row.found ? row.text[1] : NULL, row.i[1]);
    resource_row_release(&row);
    if (lo >= 0 && hi >= 0 && lo > hi)
        problem_refuse(p, "ticket_max", BP_ERR_INVALID, "최대 투자 규모는 최소 규모 이상이어야 합니다",
                       "the ticket's upper end is at least its lower end");
    return p->err;
}

/* --- fundraisings --- */

/* A round is a company's. Opening it shows it to investors, taking it back to a draft or
 * closing it hides it again (audience), unless the change says the audience itself. */
static enum bp_err prepare_fundraising(struct db *db, struct write_op *op, struct problem *p)
{
    if (op->kind == WRITE_CREATE) {
        char kind[32];
        enum bp_err e = org_kind(db, write_op_get_int(op, "org_id"), kind);
        if (e)
            return e;
        if (kind[0] && strcmp(kind, "company") != 0)
            return problem_refuse(p, "org_id", BP_ERR_INVALID, "투자 유치는 기업이 등록합니다",
                                  "a fundraising round is a company's");
    }
    const char *status = write_op_get_text(op, "status");
    if (status && !write_op_get(op, "audience") &&
        !write_op_set(op, "audience", VAL_INT, strcmp(status, "open") == 0, NULL, 0))
        return BP_ERR_NOMEM;
    return BP_OK;
}

/* --- deals --- */

static enum bp_err prepare_deal_create(struct db *db, struct write_op *op, struct problem *p)
{
    long long investor = write_op_get_int(op, "investor_org_id");
    long long company = write_op_get_int(op, "company_org_id");
    long long round = write_op_get_int(op, "fundraising_id");
    char kind[32];
    enum bp_err e;
    /* the investor side is an investor (orgs.kind 'investor', or an organisation that keeps an
     * investor profile): a company does not open a deal with itself, or another company, as its
     * investor */
    bool invests = false;
    if ((e = org_kind(db, investor, kind)) || (kind[0] && (e = org_invests(db, investor, kind, &invests))))
        return e;
    if (kind[0] && !invests)
        problem_refuse(p, "investor_org_id", BP_ERR_INVALID, "딜의 투자 측은 투자기관이거나 투자자 프로필이 있는 기관이어야 합니다",
                       "a deal's investor side is an investor organisation or one with an investor profile");
    if (investor && investor == company)
        problem_refuse(p, "company_org_id", BP_ERR_INVALID, "투자기관과 다른 기업이어야 합니다",
                       "the company is another organisation than the investor");
    else {
        if ((e = org_kind(db, company, kind)))
            return e;
        if (kind[0] && strcmp(kind, "company") != 0)
            problem_refuse(p, "company_org_id", BP_ERR_INVALID, "딜의 상대는 기업입니다",
                           "a deal is with a company");
    }
    if (round) {
        struct resource_row row;
        if ((e = resource_read_fields(db, "fundraisings", round, "org_id", &row)))
            return e;
        if (row.found && row.i[0] != company)
            problem_refuse(p, "fundraising_id", BP_ERR_INVALID, "그 기업의 투자 유치가 아닙니다",
                           "the fundraising round is not that company's");
        resource_row_release(&row);
    }
    if (p->err)
        return p->err;
    /* a new deal starts as sourced (the engine's rule for a status): its history's first line */
    char day[11], line[64];
    today_korea(day);
    snprintf(line, sizeof(line), "%s sourced", day);
    return write_op_set(op, "history", VAL_TEXT, 0, line, strlen(line)) ? BP_OK : BP_ERR_NOMEM;
}

/* A stage change: an investment needs its amount and date (given now or before); the move is a
 * line of the history ("2026-12-07 contacted → ir_meeting"). */
static enum bp_err prepare_deal_update(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "deals", op->id, "stage,amount,invested_on,history", &row);
    if (e || !row.found) {
        resource_row_release(&row);
        return e;
    }
    const char *to = write_op_get_text(op, "stage");
    const char *stage = to ? to : row.text[0];
    const char *missing = deal_missing_for(stage, after_set(op, "amount", row.text[1]),
                                           after_set(op, "invested_on", row.text[2]));
    if (missing)
        problem_refuse(p, missing, BP_ERR_INVALID, "투자 완료에는 투자 금액과 투자일이 있어야 합니다",
                       "an investment needs its amount and its date");
    if (!p->err && to && strcmp(to, row.text[0]) != 0) {
        char day[11];
        today_korea(day);
        size_t n = strlen(row.text[3]) + strlen(row.text[0]) + strlen(to) + 32;
        char *h = malloc(n);
        if (!h) {
            resource_row_release(&row);
            return BP_ERR_NOMEM;
        }
        int len = snprintf(h, n, "%s%s%s %s → %s", row.text[3], *row.text[3] ? "\n" : "", day,
                           row.text[0], to);
        bool ok = write_op_set(op, "history", VAL_TEXT, 0, h, (size_t)len);
        free(h);
        if (!ok)
            e = BP_ERR_NOMEM;
    }
    resource_row_release(&row);
    return e ? e : p->err;
}

static enum bp_err prepare_deal(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_deal_create(db, op, p) : prepare_deal_update(db, op, p);
}

/* --- events --- */

static enum bp_err prepare_event(struct db *db, struct write_op *op, struct problem *p)
{
    struct resource_row row = {0};
    enum bp_err e;
    if (op->kind == WRITE_UPDATE &&
        (e = resource_read_fields(db, "events", op->id,
                                  "starts_at,ends_at,registration_opens_at,registration_closes_at,"
                                  "capacity,seats_taken",
                                  &row)))
        return e;
    bool had = op->kind == WRITE_UPDATE && row.found;
    const char *starts = after_text(op, "starts_at", had ? row.text[0] : NULL);
    const char *ends = after_text(op, "ends_at", had ? row.text[1] : NULL);
    const char *opens = after_text(op, "registration_opens_at", had ? row.text[2] : NULL);
    const char *closes = after_text(op, "registration_closes_at", had ? row.text[3] : NULL);
    if (starts && ends && strcmp(ends, starts) < 0)
        problem_refuse(p, "ends_at", BP_ERR_INVALID, "종료는 시작 이후여야 합니다",
                       "an event ends after it starts");
    if (opens && closes && strcmp(closes, opens) < 0)
        problem_refuse(p, "registration_closes_at", BP_ERR_INVALID, "신청 마감은 신청 시작 이후여야 합니다",
                       "registration closes after it opens");
    if (had && write_op_get(op, "capacity") && write_op_get_int(op, "capacity") < row.i[5])
        problem_refuse(p, "capacity", BP_ERR_INVALID, "정원은 이미 신청된 좌석 수보다 작을 수 없습니다",
                       "the capacity cannot be below the seats already taken");
    resource_row_release(&row);
    return p->err;
}

/* --- registrations --- */

static const char sql_taken[] =
    "SELECT coalesce(sum(seats),0) FROM invest_registrations WHERE event_id=?1 AND id<>?2 AND "
    "status IN ('requested','approved','attended')";
static const char sql_registered[] =
    "SELECT id FROM invest_registrations WHERE event_id=?1 AND org_id=?2 AND id<>?3 AND "
    "status IN ('requested','approved','attended')";

/* The event's row, locked until the transaction ends (PostgreSQL: several writers, several
 * servers take turns at its seats; a statement after the lock counts the seats the other
 * committed). Nothing on SQLite, whose write lock serialises every write already. */
#define SQL_LOCK_EVENT "SELECT id FROM invest_events WHERE id=?1{forupdate}"

/* Whether seats more fit event (not counting registration self): a 409 naming seats when not. */
static enum bp_err check_seats(struct db *db, long long event, long long self, long long seats,
                               long long capacity, struct problem *p)
{
    long long taken = 0;
    enum bp_err e = db_run(db, &taken, sql_taken, "ii", event, self);
    if (e)
        return e;
    if (!registration_fits(capacity, taken, seats))
        return problem_refuse(p, "seats", BP_ERR_CONFLICT, "행사 정원이 찼습니다(남은 자리가 부족합니다)",
                              "the event is full: not enough seats are left");
    return BP_OK;
}

static enum bp_err prepare_registration_create(struct db *db, struct write_op *op,
                                               struct problem *p)
{
    long long event = write_op_get_int(op, "event_id"), org = write_op_get_int(op, "org_id");
    struct resource_row ev;
    enum bp_err e = db_run(db, NULL, DIALECT_SQL(SQL_LOCK_EVENT), "i", event);
    if (e)
        return e;
    e = resource_read_fields(
        db, "events", event, "status,capacity,starts_at,registration_opens_at,registration_closes_at",
        &ev);
    if (e || !ev.found) {
        resource_row_release(&ev);
        return e; /* an absent event: the reference check names it */
    }
    char now[24];
    now_utc(now);
    enum registration_window w = registration_window(now, ev.text[3], ev.text[4], ev.text[2]);
    long long seats = write_op_get(op, "seats") ? write_op_get_int(op, "seats") : 1;
    long long dup = 0;
    if (strcmp(ev.text[0], "scheduled") != 0)
        problem_refuse(p, "event_id", BP_ERR_INVALID, "예정된 행사에만 신청할 수 있습니다",
                       "only a scheduled event takes registrations");
    else if (w == WINDOW_NOT_YET)
        problem_refuse(p, "event_id", BP_ERR_INVALID, "아직 신청 기간이 아닙니다",
                       "registration has not opened yet");
    else if (w == WINDOW_CLOSED)
        problem_refuse(p, "event_id", BP_ERR_INVALID, "신청 기간이 끝났습니다", "registration has closed");
    else if (!(e = db_run(db, &dup, sql_registered, "iii", event, org, 0LL)) && dup)
        problem_refuse(p, "event_id", BP_ERR_CONFLICT, "이 기관은 이 행사에 이미 신청했습니다",
                       "this organisation has registered for this event already");
    else if (!e) /* a new registration starts as requested (the engine's rule): it holds seats */
        e = check_seats(db, event, 0, seats, ev.i[1], p);
    resource_row_release(&ev);
    return e ? e : p->err;
}

static enum bp_err prepare_registration_update(struct db *db, struct write_op *op,
                                               struct problem *p)
{
    struct resource_row row, ev = {0};
    enum bp_err e = resource_read_fields(db, "registrations", op->id, "event_id,org_id,seats,status", &row);
    if (e || !row.found) {
        resource_row_release(&row);
        return e;
    }
    bool operator = principal_is_operator(&op->who);
    const char *to = write_op_get_text(op, "status");
    const char *from = row.text[3];
    const char *status = to ? to : from;
    long long seats = write_op_get(op, "seats") ? write_op_get_int(op, "seats") : row.i[2];
    if (to && !registration_may_set(operator, from, to))
        problem_refuse(p, "status", BP_ERR_INVALID,
                       "신청 기관은 신청을 취소만 합니다. 승인·반려·참석은 운영자가 처리합니다",
                       "the registering organisation only cancels: operators approve, reject and "
                       "mark attendance");
    else if (!operator && (write_op_get(op, "seats") || write_op_get(op, "contact_name")) &&
             strcmp(from, "requested") != 0)
        problem_refuse(p, write_op_get(op, "seats") ? "seats" : "contact_name", BP_ERR_INVALID,
                       "승인된 신청의 인원과 참석자는 운영자가 바꿉니다",
                       "once approved, seats and attendee are changed by operators");
    else if (registration_holds_seats(status) &&
             (!registration_holds_seats(from) || seats > row.i[2])) {
        if (!(e = db_run(db, NULL, DIALECT_SQL(SQL_LOCK_EVENT), "i", row.i[0])) &&
            !(e = resource_read_fields(db, "events", row.i[0], "capacity", &ev)) && ev.found)
            e = check_seats(db, row.i[0], op->id, seats, ev.i[0], p);
    }
    resource_row_release(&row);
    resource_row_release(&ev);
    return e ? e : p->err;
}

static enum bp_err prepare_registration(struct db *db, struct write_op *op, struct problem *p)
{
    return op->kind == WRITE_CREATE ? prepare_registration_create(db, op, p)
                                    : prepare_registration_update(db, op, p);
}

/* The event's seats_taken, written again from its registrations (for the platform, in the
 * name of the one whose change moved it). */
static enum bp_err count_seats(struct db *db, long long actor, long long event, struct problem *p)
{
    long long taken = 0, now = 0;
    struct resource_row ev;
    enum bp_err e = db_run(db, NULL, DIALECT_SQL(SQL_LOCK_EVENT), "i", event);
    if (!e)
        e = db_run(db, &taken, sql_taken, "ii", event, 0LL);
    if (!e)
        e = resource_read_fields(db, "events", event, "seats_taken", &ev);
    if (e)
        return e;
    bool found = ev.found;
    now = ev.i[0];
    resource_row_release(&ev);
    if (!found || now == taken)
        return BP_OK;
    struct principal sys = resource_system(actor);
    struct write_op w;
    if (!resource_write_begin(&w, "events", WRITE_UPDATE, event, &sys) ||
        !write_op_int(&w, "seats_taken", taken)) {
        write_op_free(&w);
        return BP_ERR_NOMEM;
    }
    return resource_write(db, &w, NULL, p);
}

static enum bp_err settle_registration(struct db *db, const struct write_op *op, long long id,
                                       struct problem *p)
{
    struct resource_row row;
    enum bp_err e = resource_read_fields(db, "registrations", id, "event_id", &row);
    long long event = !e && row.found ? row.i[0] : 0;
    resource_row_release(&row);
    return e ? e : event ? count_seats(db, op->who.user_id, event, p) : BP_OK;
}

static enum bp_err deleted_registration(struct db *db, const struct write_op *op,
                                        const char *before, struct problem *p)
{
    json_t *row = json_loads(before, 0, NULL);
    long long event = json_integer_value(json_object_get(row, "event_id"));
    json_decref(row);
    return event ? count_seats(db, op->who.user_id, event, p) : BP_OK;
}

/* --- entries --- */

static const struct resource investor_profiles = {
    .name = "investor-profiles", .table = "investor_profiles", .label_ko = "투자자",
    .label_en = "Investors", .fields = profile_fields, .title_field = "fund_name",
    .owner_field = "org_id", .write_role = "org-admin", .readers = profile_readers,
    .flags = R_ORG_WRITES | R_NOT_INDEXED,
    .default_sort = "fund_name", .prepare = prepare_profile,
};
static const struct resource fundraisings = {
    .name = "fundraisings", .table = "fundraisings", .label_ko = "투자 유치", .label_en = "Fundraising",
    .fields = fundraising_fields, .title_field = "title", .owner_field = "org_id",
    .write_role = "org-admin", .readers = fundraising_readers, .status_field = "status",
    .transitions = round_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_fundraising,
};
static const struct resource deals = {
    .name = "deals", .table = "deals", .label_ko = "딜", .label_en = "Deals", .fields = deal_fields,
    .title_field = "title", .owner_field = "investor_org_id", .party_field = "company_org_id",
    .status_field = "stage", .transitions = deal_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_deal,
};
static const struct resource events = {
    .name = "events", .table = "invest_events", .label_ko = "IR 행사", .label_en = "IR events",
    .fields = event_fields, .title_field = "title", .status_field = "status",
    .transitions = event_transitions, .flags = R_PUBLIC_READ | R_SEARCH_AFTER,
    .default_sort = "starts_at",
    .prepare = prepare_event,
};
static const struct resource registrations = {
    .name = "registrations", .table = "invest_registrations", .label_ko = "참가 신청",
    .label_en = "Registrations", .fields = registration_fields, .title_field = "note",
    .owner_field = "org_id", .status_field = "status", .transitions = registration_transitions,
    .flags = R_ORG_WRITES | R_PRIVATE_ROWS | R_NOT_INDEXED, .default_sort = "-id",
    .prepare = prepare_registration, .settle = settle_registration,
    .deleted = deleted_registration,
};

const struct resource *const investment_entries[] = {
    &investor_profiles, &fundraisings, &deals, &events, &registrations, NULL,
};
