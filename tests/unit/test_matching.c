/*
 * test_matching: the pure rules of explained matching (domain/matching.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "modules/collaboration/matching.h"

static const char *const imaging[] = {"medical-imaging", "ai", "big-data"};

static void test_best_match(void **state)
{
    (void)state;
    struct match_need n = {"뇌 MR 영상 데이터로 AI 진단 모델을 학습하고 싶다", "rnd", imaging, 3, "open", NULL};
    struct match_capability c = {"뇌 MR 영상데이터 지원\nIRB 승인 필요", "data-set", imaging, 3, "active"};
    struct match_parts p;
    matching_score(&n, &c, 1.0, &p);
    assert_true(p.total > 0.999 && p.total < 1.001);
    assert_int_equal(p.nshared, 3);
    assert_true(p.kind_asked);
    assert_true(p.stage_fits);
    /* AI is in the need but not in this capability's text */
    const char *want[] = {"뇌", "MR", "영상", "데이터"};
    assert_int_equal(p.nwords, 4);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(p.words[i], want[i]);
}

static void test_parts_and_weights(void **state)
{
    (void)state;
    static const char *const one[] = {"ai"};
    struct match_need n = {"AI 분석 서비스가 필요", NULL, imaging, 3, "open", NULL};
    struct match_capability c = {"건강보험 빅데이터", "equipment", one, 1, "paused"};
    struct match_parts p;
    matching_score(&n, &c, 0.5, &p);
    assert_true(p.fields > 0.333 && p.fields < 0.334);
    assert_true(p.stage > 0.49 && p.stage < 0.51); /* no stage: neutral */
    assert_true(p.kind == 0);
    assert_true(p.availability > 0.29 && p.availability < 0.31);
    /* no word in common: the text part is thin evidence */
    assert_true(p.text > 0.5 * MATCH_ONE_WORD - 1e-9 && p.text < 0.5 * MATCH_ONE_WORD + 1e-9);
    double want = MATCH_W_TEXT * 0.5 * MATCH_ONE_WORD + MATCH_W_FIELDS * (1.0 / 3) + MATCH_W_STAGE * 0.5 +
                  MATCH_W_AVAILABILITY * 0.3;
    assert_true(p.total > want - 1e-9 && p.total < want + 1e-9);
}

static void test_unavailable(void **state)
{
    (void)state;
    struct match_need n = {"영상", "rnd", imaging, 3, "closed", NULL};
    struct match_capability c = {"영상", "data-set", imaging, 3, "active"};
    struct match_parts p;
    matching_score(&n, &c, 1, &p);
    assert_true(p.total == 0);
    n.status = "open";
    c.status = "retired";
    matching_score(&n, &c, 1, &p);
    assert_true(p.total == 0);
}

static void test_words(void **state)
{
    (void)state;
    struct match_need n = {"[데모] 건 뇌 영상을 검토 (긴급)", NULL, NULL, 0, "open", NULL};
    struct match_capability c = {"[데모] 건강보험 뇌 영상 검토", "data-set", NULL, 0, "active"};
    struct match_parts p;
    matching_score(&n, &c, 0, &p);
    /* "[데모]" is a note, "건" stands alone only in the need, "영상을" loses its particle */
    const char *want[] = {"뇌", "영상", "검토"};
    assert_int_equal(p.nwords, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(p.words[i], want[i]);
}

static void test_rules(void **state)
{
    (void)state;
    assert_true(matching_stage_fits("clinical", "clinical-trial"));
    assert_false(matching_stage_fits("clinical", "space"));
    assert_false(matching_stage_fits(NULL, "space"));
    assert_false(matching_stage_fits("rnd", "data"));
    assert_true(matching_kind_asked("임상 수행 기관", "clinical-trial"));
    assert_true(matching_kind_asked("We need IMAGING data", "data-set"));
    assert_false(matching_kind_asked("사무실", "equipment"));
    assert_string_equal(matching_kind_name("data-set", false), "데이터");
    assert_string_equal(matching_stage_name("rnd", true), "R&D");
}

/* A single shared keyword, however rare (the best BM25 of all), does not outrank a capability
 * that serves the need's fields, the kind it asks for and its stage, with no word in common. */
static void test_one_keyword_vs_fit(void **state)
{
    (void)state;
    static const char *const need_fields[] = {"nonclinical", "celltx"};
    static const char *const other[] = {"cdmo"};
    struct match_need n = {"비임상 독성 GLP 시험 의뢰\nCAR-T 세포치료제의 GLP 독성과 종양원성 시험을 의뢰하려 합니다.",
                           "rnd", need_fields, 2, "open", NULL};
    struct match_capability keyword = {"CAR-T 위탁생산\n자가 CAR-T 생산", "research-service", other, 1, "active"};
    struct match_capability fit = {"설치류 반복투여\n기준에 맞춰 수행합니다", "research-service", need_fields, 2,
                                   "active"};
    struct match_parts k, f;
    matching_score(&n, &keyword, 1.0, &k);
    matching_score(&n, &fit, 0.0, &f);
    assert_int_equal(k.nwords, 1);
    assert_true(k.kind == 1 && k.stage_fits); /* even of the kind asked, at the right stage */
    assert_true(f.total > k.total);
}

/* The kind a need asks for: its title says it (1), its description only in passing (0.5), and
 * a negated word asks for nothing: 비임상, 전임상, preclinical are not clinical trials. */
/* matching_bound and matching_rest_bound never fall below what matching_score gives, and a memo
 * changes no score. */
static void test_bounds(void **state)
{
    (void)state;
    static const char *const f1[] = {"medical-imaging", "ai"};
    static const char *const f2[] = {"ai", "genomics", "medical-imaging"};
    static const char *const f3[] = {"genomics"};
    const char *const texts[] = {"뇌 MR 영상 데이터로 AI 진단 모델을 학습하고 싶다",
                                 "비임상 독성 시험 의뢰\n임상 시료를 생산할 GMP 시설과 장비 자문",
                                 "[데모] 공간 입주\nlab space and consult", "clinical trial IRB 피험자 모집"};
    const char *const stages[] = {NULL, "rnd", "clinical", "marketing"};
    const char *const kinds[] = {"data-set", "clinical-trial", "research-service", "equipment",
                                 "expertise", "space", "other"};
    const char *const nstatus[] = {"open", "matched", "closed"}, *const cstatus[] = {"active", "paused", "retired"};
    const char *const *fields[] = {f1, f2, f3};
    const size_t nf[] = {2, 3, 1};
    for (size_t t = 0; t < 4; t++)
        for (size_t g = 0; g < 4; g++)
            for (size_t k = 0; k < 7; k++)
                for (size_t s = 0; s < 3; s++) {
                    struct match_memo memo = {0};
                    struct match_need n = {texts[t], stages[g], fields[s], nf[s], nstatus[s], NULL};
                    struct match_need nm = n, blind = n;
                    struct match_capability c = {texts[(t + 1) % 4], kinds[k], fields[(s + 1) % 3],
                                                 nf[(s + 1) % 3], cstatus[(k + s) % 3]};
                    struct match_capability rowonly = c;
                    struct match_parts p, pm;
                    nm.memo = &memo;
                    blind.text = NULL;
                    rowonly.text = NULL;
                    for (double rel = 0; rel <= 1.0; rel += 0.5) {
                        matching_score(&n, &c, rel, &p);
                        matching_score(&nm, &c, rel, &pm);
                        assert_true(p.total == pm.total && p.kind == pm.kind);
                        assert_true(matching_bound(&n, &rowonly, rel) + 1e-9 >= p.total);
                        assert_true(matching_bound(&blind, &rowonly, rel) + 1e-9 >= p.total);
                        double rest = p.total - MATCH_W_TEXT * p.text - MATCH_W_FIELDS * p.fields;
                        assert_true(matching_rest_bound(&n, NULL) + 1e-9 >= rest);
                        assert_true(matching_rest_bound(NULL, &c) + 1e-9 >= rest);
                    }
                }
}

static void test_kind_strength(void **state)
{
    (void)state;
    assert_true(matching_kind_strength("임상 1상 수행 기관\n설명", "clinical-trial") == 1);
    assert_true(matching_kind_strength("GMP 생산 파트너\n1상 임상 시료를 생산", "clinical-trial") ==
                MATCH_KIND_IN_TEXT);
    assert_true(matching_kind_strength("AAV 비임상 독성시험 기관", "clinical-trial") == 0);
    assert_true(matching_kind_strength("ADC 전임상 독성시험", "clinical-trial") == 0);
    assert_true(matching_kind_strength("Preclinical toxicology", "clinical-trial") == 0);
    assert_true(matching_kind_strength("Phase 1 clinical trial", "clinical-trial") == 1);
    assert_true(matching_kind_strength("시드 투자 유치", "expertise") == 1);
    assert_false(matching_kind_asked("비임상 독성시험", "clinical-trial"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_best_match), cmocka_unit_test(test_parts_and_weights),
        cmocka_unit_test(test_unavailable), cmocka_unit_test(test_words),
        cmocka_unit_test(test_rules), cmocka_unit_test(test_one_keyword_vs_fit),
        cmocka_unit_test(test_kind_strength), cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
