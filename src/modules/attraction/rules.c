/*
 * attraction rules: the pipeline's stages and moves, what a stage needs, the activity a move
 * leaves, value-chain lists and the funnel's counts. Pure functions (rules.h).
 */
#include "modules/attraction/rules.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "base/banned.h"

/* clang-format off */
const struct enum_value prospect_stages[] = {
    {"identified", "발굴",             "Identified"},
    {"contacted",  "접촉",             "Contacted"},
    {"meeting",    "면담",             "Meeting"},
    {"loi",        "입주의향서(LOI)",  "LOI"},
    {"mou",        "업무협약(MOU)",    "MOU"},
    {"moved_in",   "입주",             "Moved in"},
    {"dropped",    "중단",             "Dropped"},
    END_VALUES,
};
const struct enum_value prospect_open_stages[] = {
    {"identified", "발굴",             "Identified"},
    {"contacted",  "접촉",             "Contacted"},
    {"meeting",    "면담",             "Meeting"},
    {"loi",        "입주의향서(LOI)",  "LOI"},
    {"mou",        "업무협약(MOU)",    "MOU"},
    END_VALUES,
};
const struct transition prospect_transitions[] = {
    {"identified", "contacted"}, {"identified", "meeting"}, {"identified", "loi"},
    {"identified", "mou"}, {"identified", "dropped"},
    {"contacted", "meeting"}, {"contacted", "loi"}, {"contacted", "mou"},
    {"contacted", "identified"}, {"contacted", "dropped"},
    {"meeting", "loi"}, {"meeting", "mou"}, {"meeting", "contacted"}, {"meeting", "dropped"},
    {"loi", "mou"}, {"loi", "moved_in"}, {"loi", "meeting"}, {"loi", "dropped"},
    {"mou", "moved_in"}, {"mou", "loi"}, {"mou", "dropped"},
    {"dropped", "identified"}, {"dropped", "contacted"}, {"dropped", "meeting"},
    {"dropped", "loi"}, {"dropped", "mou"},
    {NULL, NULL},
};
/* clang-format on */

int prospect_stage_index(const char *name)
{
    for (int i = 0; name && prospect_stages[i].value; i++)
        if (strcmp(prospect_stages[i].value, name) == 0)
            return i;
    return -1;
}

bool prospect_step_allowed(const char *from, const char *to)
{
    for (const struct transition *t = prospect_transitions; from && to && t->from; t++)
        if (strcmp(t->from, from) == 0 && strcmp(t->to, to) == 0)
            return true;
    return false;
}

const char *prospect_stage_needs(const char *to)
{
    switch (prospect_stage_index(to)) {
    case STAGE_LOI:
        return "loi_on";
    case STAGE_MOU:
        return "mou_on";
    case STAGE_DROPPED:
        return "drop_reason";
    default:
        return NULL;
    }
}

const char *prospect_change_kind(const char *to)
{
    switch (prospect_stage_index(to)) {
    case STAGE_LOI:
        return "loi";
    case STAGE_MOU:
        return "mou";
    default:
        return "stage_change";
    }
}

void prospect_change_summary(const char *from, const char *to, char *out, size_t size)
{
    int a = prospect_stage_index(from), b = prospect_stage_index(to);
    if (!size)
        return;
    if (a < 0 || b < 0) {
        snprintf(out, size, "단계 변경 / Stage changed");
        return;
    }
    snprintf(out, size, "단계 변경: %s → %s / Stage: %s → %s", prospect_stages[a].label_ko,
             prospect_stages[b].label_ko, prospect_stages[a].label_en, prospect_stages[b].label_en);
}

bool prospect_org_ids(const char *json, long long *ids, size_t max, size_t *n)
{
    *n = 0;
    json_t *a = json ? json_loads(json, JSON_DECODE_ANY, NULL) : NULL;
    bool ok = json_is_array(a) && json_array_size(a) <= max;
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v)
    {
        if (!ok)
            break;
        long long id = 0;
        if (json_is_integer(v)) {
            id = json_integer_value(v);
        } else if (json_is_string(v)) {
            const char *s = json_string_value(v);
            size_t len = strlen(s);
            ok = len > 0 && len <= 18 && strspn(s, "0123456789") == len;
            for (size_t k = 0; ok && k < len; k++)
                id = id * 10 + (s[k] - '0');
        } else {
            ok = false;
        }
        ok = ok && id > 0;
        if (ok)
            ids[(*n)++] = id;
    }
    json_decref(a);
    if (!ok)
        *n = 0;
    return ok;
}

void funnel_add(struct funnel *f, const char *stage, const char *dropped_from)
{
    int s = prospect_stage_index(stage);
    f->total++;
    if (s < 0)
        return;
    f->at[s]++;
    int top = s == STAGE_DROPPED ? prospect_stage_index(dropped_from) : s;
    if (top < 0 || top > STAGE_MOVED_IN)
        return;
    for (int i = 0; i <= top; i++)
        f->reached[i]++;
}

int funnel_conversion_permille(const struct funnel *f, int i)
{
    if (i < 0 || i >= STAGE_MOVED_IN || f->reached[i] == 0)
        return -1;
    return (int)((f->reached[i + 1] * 1000 + f->reached[i] / 2) / f->reached[i]);
}
