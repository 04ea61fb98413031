/*
 * matching: rules and weights of explained matching between needs and capabilities.
 */
#include "modules/collaboration/matching.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/banned.h"

static const struct {
    const char *stage;
    const char *kinds; /* space-separated capability kinds that serve it */
} stage_kinds[] = {
    {"basic-research", " expertise research-service data-set equipment "},
    {"rnd", " data-set research-service equipment expertise space "},
    {"education", " expertise space "},
    {"clinical", " clinical-trial research-service data-set "},
    {"marketing", " expertise "},
    {"commercialization", " expertise clinical-trial "},
};

static const struct {
    const char *kind;
    const char *const words[12];
} kind_words[MATCH_KINDS] = {
    {"data-set", {"데이터", "영상", "코호트", "빅데이터", "data", "dataset", "cohort", "imaging", NULL}},
    {"clinical-trial", {"임상", "IRB", "피험자", "clinical", "trial", NULL}},
    {"research-service", {"분석", "평가", "시험", "검증", "측정", "서비스", "analysis", "assay", "test", "evaluation", NULL}},
    {"equipment", {"장비", "기기", "장치", "equipment", "instrument", "device", NULL}},
    {"expertise", {"자문", "컨설팅", "전문가", "기술이전", "공동연구", "투자", "consult", "expert", "advice", "invest", NULL}},
    {"space", {"공간", "실험실", "사무실", "입주", "lab", "space", "office", NULL}},
};

static const struct {
    const char *key, *ko, *en;
} names[] = {
    {"data-set", "데이터", "data set"},
    {"clinical-trial", "임상시험", "clinical trial"},
    {"research-service", "연구 서비스", "research service"},
    {"equipment", "장비", "equipment"},
    {"expertise", "전문 역량", "expertise"},
    {"space", "공간", "space"},
    {"basic-research", "기초연구", "basic research"},
    {"rnd", "연구개발", "R&D"},
    {"education", "교육", "education"},
    {"clinical", "임상", "clinical"},
    {"marketing", "마케팅", "marketing"},
    {"commercialization", "사업화", "commercialisation"},
};

static const char *name_of(const char *key, bool english)
{
    for (size_t i = 0; key && i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(names[i].key, key) == 0)
            return english ? names[i].en : names[i].ko;
    return key ? key : "";
}

const char *matching_kind_name(const char *kind, bool english) { return name_of(kind, english); }
const char *matching_stage_name(const char *stage, bool english) { return name_of(stage, english); }

bool matching_stage_fits(const char *stage, const char *kind)
{
    char k[48];
    if (!stage || !kind || strlen(kind) > 40)
        return false;
    snprintf(k, sizeof(k), " %s ", kind);
    for (size_t i = 0; i < sizeof(stage_kinds) / sizeof(stage_kinds[0]); i++)
        if (strcmp(stage_kinds[i].stage, stage) == 0)
            return strstr(stage_kinds[i].kinds, k) != NULL;
    return false;
}

static bool separator(char c) { return c && strchr(" \n\t,.;:!?()\"'/", c) != NULL; }

/* ASCII-case-insensitive substring search; Hangul compares byte for byte. */
static bool contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; n && *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            char a = hay[i], b = needle[i];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (char)(b + 32);
            if (a != b)
                break;
            i++;
        }
        if (i == n)
            return true;
    }
    return false;
}

static bool contains_word(const char *hay, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(hay, word); p; p = strstr(p + 1, word))
        if ((p == hay || separator(p[-1])) && (!p[n] || separator(p[n])))
            return true;
    return false;
}

/* Whether the word at p (in text) is negated or made "before" by the syllable in front of it:
 * 비임상 (non-clinical) and 전임상 (preclinical) do not ask for 임상; an English word counts
 * only from its start. */
static bool negated(const char *text, const char *p)
{
    static const char *const prefixes[] = {"비", "무", "미", "전", NULL};
    if (p > text && isalpha((unsigned char)p[0]) && isalpha((unsigned char)p[-1]))
        return true; /* not a word's start: preclinical, nonclinical are not clinical */
    if (p - text < 3 || (unsigned char)p[0] < 0xEA || (unsigned char)p[0] > 0xED)
        return false;
    for (const char *const *x = prefixes; *x; x++)
        if (memcmp(p - 3, *x, 3) == 0)
            return true;
    return false;
}

/* Where in text[0, len) a kind word occurs, not negated (ASCII case folded); NULL when nowhere. */
static const char *find_word(const char *text, size_t len, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n) {
            char a = text[i + k], b = word[k];
            if (a >= 'A' && a <= 'Z')
                a = (char)(a + 32);
            if (b >= 'A' && b <= 'Z')
                b = (char)(b + 32);
            if (a != b)
                break;
            k++;
        }
        if (k == n && !negated(text, text + i))
            return text + i;
    }
    return NULL;
}

static double kind_strength(const struct match_need *n, const char *kind)
{
    for (size_t i = 0; n->memo && kind && i < MATCH_KINDS; i++)
        if (strcmp(kind_words[i].kind, kind) == 0) {
            if (!n->memo->known[i]) {
                n->memo->kind[i] = matching_kind_strength(n->text, kind);
                n->memo->known[i] = true;
            }
            return n->memo->kind[i];
        }
    return matching_kind_strength(n->text, kind);
}

double matching_kind_strength(const char *need_text, const char *kind)
{
    if (!need_text || !kind)
        return 0;
    /* the title (the first line) says what is asked; the description often names other kinds
     * in passing (임상 시료를 생산할 GMP 시설: production, not a clinical trial) */
    const char *nl = strchr(need_text, '\n');
    size_t title = nl ? (size_t)(nl - need_text) : strlen(need_text), all = strlen(need_text);
    double best = 0;
    for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++) {
        if (strcmp(kind_words[i].kind, kind) != 0)
            continue;
        for (const char *const *w = kind_words[i].words; *w && best < 1; w++) {
            if (find_word(need_text, title, *w))
                best = 1;
            else if (find_word(need_text, all, *w))
                best = MATCH_KIND_IN_TEXT;
        }
    }
    return best;
}

bool matching_kind_asked(const char *need_text, const char *kind)
{
    return matching_kind_strength(need_text, kind) > 0;
}

/* One trailing Korean particle off a word of 2+ syllables (데이터로 → 데이터, 모델을 → 모델). */
static size_t without_particle(const char *w, size_t len)
{
    static const char *const particles[] = {"에서", "으로", "에게", "까지", "부터", "을", "를", "이",
                                            "가", "은", "는", "의", "에", "로", "과", "와", "도", NULL};
    for (const char *const *p = particles; *p; p++) {
        size_t n = strlen(*p);
        if (len >= n + 6 && memcmp(w + len - n, *p, n) == 0) /* keep >= 2 syllables */
            return len - n;
    }
    return len;
}

/* Characters (not bytes) in a UTF-8 word. */
static size_t chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* The need's words (particles off, 2+ characters) found in the capability. Bracketed notes
 * such as "[데모]" are not words. */
static void shared_words(const char *need, const char *cap, struct match_parts *out)
{
    const char *p = need;
    while (*p && out->nwords < MATCH_MAX_WORDS) {
        while (separator(*p))
            p++;
        if (*p == '[') {
            while (*p && *p != ']')
                p++;
            if (*p)
                p++;
            continue;
        }
        const char *start = p;
        while (*p && !separator(*p) && *p != '[')
            p++;
        size_t len = without_particle(start, (size_t)(p - start));
        size_t nchars = chars(start, len);
        if (nchars == 0 || len >= sizeof(out->words[0]) || (nchars == 1 && len < 3))
            continue;
        char w[64];
        memcpy(w, start, len);
        w[len] = '\0';
        bool dup = false;
        for (size_t i = 0; i < out->nwords && !dup; i++)
            dup = strcmp(out->words[i], w) == 0;
        /* a one-syllable word (뇌) must stand alone there too, not inside another (건강) */
        if (!dup && (nchars == 1 ? contains_word(cap, w) : contains(cap, w)))
            memcpy(out->words[out->nwords++], w, len + 1);
    }
}

static double cap_availability(const char *status)
{
    if (status && strcmp(status, "paused") == 0)
        return 0.3;
    return status && strcmp(status, "active") != 0 ? 0 : 1;
}

static double need_availability(const char *status)
{
    if (status && strcmp(status, "matched") == 0)
        return 0.5;
    return status && strcmp(status, "open") != 0 ? 0 : 1;
}

static double availability(const struct match_need *n, const struct match_capability *c)
{
    return cap_availability(c->status) * need_availability(n->status);
}

double matching_bound(const struct match_need *n, const struct match_capability *c,
                      double text_relevance)
{
    double a = availability(n, c), shared = 0;
    if (a == 0)
        return 0;
    for (size_t i = 0; i < n->nfields; i++)
        for (size_t j = 0; j < c->nfields; j++)
            if (strcmp(n->fields[i], c->fields[j]) == 0) {
                shared += shared < MATCH_MAX_FIELDS;
                break;
            }
    double text = text_relevance < 0 ? 0 : (text_relevance > 1 ? 1 : text_relevance);
    double fields = n->nfields ? shared / (double)n->nfields : 0;
    double kind = n->text ? kind_strength(n, c->kind) : 1;
    double stage = !n->stage ? 0.5 : (matching_stage_fits(n->stage, c->kind) ? 1 : 0);
    return MATCH_W_TEXT * text + MATCH_W_FIELDS * fields + MATCH_W_KIND * kind + MATCH_W_STAGE * stage +
           MATCH_W_AVAILABILITY * a;
}

double matching_rest_bound(const struct match_need *n, const struct match_capability *c)
{
    if (n) { /* the best kind for this need: what it asks for and what its stage uses */
        double best = 0;
        for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++) {
            const char *kind = kind_words[i].kind;
            double ks = MATCH_W_KIND * kind_strength(n, kind) +
                        MATCH_W_STAGE * (!n->stage ? 0.5 : (matching_stage_fits(n->stage, kind) ? 1 : 0));
            best = ks > best ? ks : best;
        }
        if (!n->stage) /* a kind of no list: stage 0.5 all the same */
            best = best > MATCH_W_STAGE * 0.5 ? best : MATCH_W_STAGE * 0.5;
        return best + MATCH_W_AVAILABILITY * need_availability(n->status);
    }
    /* a need may ask for any kind, at a stage this kind fits */
    return MATCH_W_KIND + MATCH_W_STAGE + MATCH_W_AVAILABILITY * (c ? cap_availability(c->status) : 1);
}

void matching_score(const struct match_need *n, const struct match_capability *c,
                    double text_relevance, struct match_parts *out)
{
    memset(out, 0, sizeof(*out));
    out->text = text_relevance < 0 ? 0 : (text_relevance > 1 ? 1 : text_relevance);
    for (size_t i = 0; i < n->nfields; i++)
        for (size_t j = 0; j < c->nfields; j++)
            if (strcmp(n->fields[i], c->fields[j]) == 0 && out->nshared < MATCH_MAX_FIELDS)
                out->shared_fields[out->nshared++] = n->fields[i];
    out->fields = n->nfields ? (double)out->nshared / (double)n->nfields : 0;
    out->kind = kind_strength(n, c->kind);
    out->kind_asked = out->kind > 0;
    out->stage_fits = matching_stage_fits(n->stage, c->kind);
    out->stage = !n->stage ? 0.5 : (out->stage_fits ? 1 : 0);
    out->availability = availability(n, c);
    shared_words(n->text, c->text, out);
    /* one word in common is thin evidence, however rare the word: it must not outrank a
     * partner that serves the need's field, kind and stage */
    if (out->nwords <= 1)
        out->text *= MATCH_ONE_WORD;
    out->total = MATCH_W_TEXT * out->text + MATCH_W_FIELDS * out->fields + MATCH_W_KIND * out->kind +
                 MATCH_W_STAGE * out->stage + MATCH_W_AVAILABILITY * out->availability;
    if (out->availability == 0)
        out->total = 0;
}
