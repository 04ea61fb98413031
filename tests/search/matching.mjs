// Judged cases of explained matching (docs/matching.md), run by tests/search/run.mjs over the same
// two databases as the search sets: the demo (ids of the demo data) and the second corpus
// (second/corpus.mjs, refs). A case is [source, "target:grade …"]: for a need, the capabilities a
// person looking for a partner would be glad to see, and for a capability, the needs it could
// serve. Grades as for search: 3 covers what is asked (the field, the kind of help and the stage),
// 2 clearly able to help, 1 related; an unjudged candidate counts 0. Judged from the rows' text,
// not from bpmc's answers. Scored by nDCG@5 of GET /api/v1/{needs|capabilities}/{id}/matches?limit=5.
//
// To add a case: pick a need (or a capability), read the other side of the corpus
// (grep second/corpus.mjs for its words, fields and kind) and grade every row that could serve it.

/** Demo: need id → capabilities. */
export const demoNeeds = [
  [101, '2:3 107:1 115:1'], // 뇌 MR 영상 데이터로 AI 진단 모델 학습
  [102, '114:2 101:1'], // 암 조직 병리 슬라이드 디지털 이미지
  [104, '105:3 103:2 6:2 9:1 4:1'], // AI 발굴 항암 후보물질의 세포·동물 유효성 평가
  [105, '3:3 115:3 107:2'], // 건강보험 빅데이터 만성질환 위험예측
  [108, '105:3 103:1 6:1 4:1'], // ADC 전임상 독성시험
  [109, '4:2 106:2 5:1 104:1'], // 고형암 세포치료제 1상 협력병원
  [110, '101:2 106:2 4:1'], // 액체생검 진단키트 임상성능시험 검체
  [111, '5:3 104:1 4:1'], // 재생의료 임상연구 공동 수행
  [121, '112:3'], // 안저영상 AI 해외 인허가 컨설팅
  [123, '113:3 102:2 9:2 101:1 107:1'], // 암 환자 유전체·임상 통합 데이터 공동분석
  [124, '102:2 113:1 108:1'], // 희귀질환 유전체 패널 임상 검증
  [139, '101:3 9:2 115:1'], // 동반진단 바이오마커 코호트 검체
  [141, '105:3 103:2 4:1'], // 하이드로젤 창상피복재 전임상 유효성
];

/** Demo: capability id → needs. */
export const demoCapabilities = [
  [2, '101:3 120:1 133:1'], // 뇌 MR 영상데이터 지원
  [105, '104:3 108:3 141:3 112:1 117:1'], // 전임상 유효성·독성 평가 대행
  [106, '109:2 103:2 128:2 110:1 116:1'], // 임상시험 수탁(CRO)
  [101, '139:3 113:2 110:2 123:1'], // 정밀의료 코호트 바이오뱅크
  [112, '136:3 121:2'], // 의료기기 인허가 컨설팅
];

/** Second corpus: need ref → capabilities. */
export const secondNeeds = [
  ['n-gmp-nk', 'c-cart-gmp:3 c-aav:2 c-mab-gmp:1 c-fill:1 c-gmp-edu:1'],
  ['n-aav-tox', 'c-glp-tox:3 c-tk:2 c-safety-pharm:2 c-pk:1 c-organ-tox:1 c-liver-tox:1 c-insilico:1'],
  ['n-aav-vector', 'c-aav:3 c-cart-gmp:2 c-fill:1 c-mab-gmp:1'],
  ['n-phase1', 'c-phase1:3 c-global-ops:2 c-trial-center:2 c-dm:2 c-iit:1 c-stat:1 c-bispecific:1'],
  ['n-xeno', 'c-xenograft:3 c-pdo-screen:1 c-glp-tox:1'],
  ['n-car-gmp', 'c-cart-gmp:3 c-aav:1 c-cart-design:1 c-gmp-edu:1'],
  ['n-io-path', 'c-til:3 c-ihc:3 c-he-biomk:2 c-wsi-ai:1 c-spatial:1'],
  ['n-organoid-io', 'c-pdo-screen:3 c-gi-organoid:2 c-pdo-bank:2 c-cart-design:1 c-organoid-std:1'],
  ['n-wsi-data', 'c-path-data:3 c-label:2 c-scan:1 c-imaging-data:1 c-pseudo:1'],
  ['n-path-val', 'c-md-trial:3 c-trial-center:2 c-path-data:2 c-iit:1 c-wsi-ai:1'],
  ['n-label', 'c-label:3 c-mammo:1'],
  ['n-mammo-data', 'c-imaging-data:3 c-mammo:2 c-pseudo:1'],
  ['n-mri-trial', 'c-md-trial:3 c-trial-center:2 c-phase1:1 c-global-ops:1 c-brain-mri:1'],
  ['n-organ-seq', 'c-scrna:3 c-spatial:1 c-multiomics:1'],
  ['n-sc-seq', 'c-spatial:3 c-scrna:2'],
  ['n-wgs-cohort', 'c-wgs:3 c-biomk-discovery:2 c-sv:1 c-longread:1 c-multiomics:1'],
  ['n-path-ai', 'c-wsi-ai:3 c-he-biomk:1 c-ihc:1 c-remote:1'],
  ['n-microbiome-trial', 'c-phase1:3 c-trial-center:2 c-iit:1 c-global-ops:1 c-dm:1'],
  ['n-microbiome-cdmo', 'c-fill:3 c-strain:1'],
  ['n-ivd-perf', 'c-ivd-trial:3 c-mrd:1 c-md-trial:1'],
  ['n-ivd-invest', 'c-seriesb:3 c-crossborder:2 c-seed:1 c-accel:1'],
  ['n-adc-cdmo', 'c-adc-process:3 c-mab-gmp:2 c-cld:1 c-adc-linker:1'],
  ['n-stat', 'c-stat:3 c-dm:2'],
  ['n-seed', 'c-seed:3 c-accel:2 c-crossborder:1 c-incubate:1'],
  ['n-lab', 'c-lab-space:3 c-incubate:3 c-core:1'],
  ['n-ra-ind', 'c-pre-ind:3 c-ra-consult:2'],
  ['n-pk', 'c-pk:3 c-tk:3 c-glp-tox:1'],
  ['n-gcp-edu', 'c-trial-edu:3 c-gmp-edu:1'],
  ['n-scan', 'c-scan:3 c-remote:2 c-kdpa-edu:1'],
  ['n-cell-line', 'c-cld:3 c-ab-eng:1 c-mab-gmp:1'],
  ['n-strain-seq', 'c-wgs:2 c-sv:2 c-longread:2 c-microbank:1 c-strain:1'],
  ['n-patent', 'c-patent:3'],
  ['n-animal', 'c-glp-tox:3 c-safety-pharm:1 c-xenograft:1'],
];

/** Second corpus: capability ref → needs. */
export const secondCapabilities = [
  ['c-glp-tox', 'n-aav-tox:3 n-animal:3 n-tox-data:2 n-pk:1'],
  ['c-cart-gmp', 'n-car-gmp:3 n-gmp-nk:3 n-aav-vector:1'],
  ['c-scrna', 'n-organ-seq:3 n-sc-seq:2'],
  ['c-phase1', 'n-phase1:3 n-microbiome-trial:3 n-site:1 n-mri-trial:1'],
  ['c-path-data', 'n-wsi-data:3 n-slides:2 n-path-val:1'],
  ['c-seed', 'n-seed:3 n-ai-invest:2 n-nk-invest:1 n-ivd-invest:1 n-accel:1'],
  ['c-xenograft', 'n-xeno:3 n-drug-screen:1'],
  ['c-ivd-trial', 'n-ivd-perf:3 n-nonclin-ivd:1'],
  ['c-stat', 'n-stat:3 n-rwd:1'],
  ['c-pdo-screen', 'n-organoid-io:3 n-drug-screen:2 n-io-organoid:1'],
  ['c-imaging-data', 'n-mammo-data:2 n-data-hosp:2 n-wsi-data:1 n-echo-data:1'],
  ['c-label', 'n-label:3 n-wsi-data:1'],
  ['c-lab-space', 'n-lab:3'],
  ['c-pre-ind', 'n-ra-ind:3 n-fda:2'],
];
