// The judged queries of the second corpus (corpus.mjs), written apart from the demo's set: what a
// newcomer to the 송도·판교 cluster types, by category. A judgment is "collection/ref:grade"
// (3: what the query is for; 2: clearly relevant; 1: related; anything unjudged counts 0).
// To add one: pick its category, write the query as people type it, and judge every row of the
// corpus a person would be glad to see (grep corpus.mjs for the words and their synonyms).
export const categories = ['two-syllable', 'particles', 'endings', 'compounds', 'choseong', 'ko-en',
  'en-typos', 'ko-typos', 'questions', 'org-partials', 'people'];

const ORGANOID = 'tags/organoid:3 orgs/organmate:3 orgs/cellcube:2 capabilities/c-pdo-screen:3 capabilities/c-pdo-bank:3 orgs/minibrain:2 capabilities/c-organ-tox:2 capabilities/c-liver-tox:2 capabilities/c-brain-org:2 orgs/organoidpharm:2 capabilities/c-gi-organoid:2 capabilities/c-organoid-std:2 needs/n-io-organoid:2 needs/n-organ-seq:1 needs/n-organoid-io:1';
const SEQ = 'orgs/seqlab:3 capabilities/c-scrna:3 capabilities/c-longread:3 orgs/helix:2 capabilities/c-wgs:2 capabilities/c-methyl:2 tags/ngs:2 needs/n-organ-seq:2 needs/n-strain-seq:2 orgs/geninsight:1 capabilities/c-sv:1';
const CDMO = 'tags/cdmo:3 orgs/primecell:3 orgs/songdobio:3 orgs/biofill:3 capabilities/c-cart-gmp:3 capabilities/c-mab-gmp:2 capabilities/c-aav:2 capabilities/c-fill:2 needs/n-microbiome-cdmo:1 needs/n-aav-vector:1 needs/n-adc-cdmo:1';
const DPATH = 'tags/dpath:3 orgs/pathvision:3 orgs/kdpa:3 capabilities/c-path-data:3 capabilities/c-kdpa-edu:2 orgs/pangyomc:2 capabilities/c-wsi-ai:2 orgs/slidex:2 orgs/qpath:2 needs/n-io-path:2 needs/n-kdpa-edu:2 needs/n-scan:1';
const GLP = 'capabilities/c-glp-tox:3 orgs/acepre:3 capabilities/c-safety-pharm:2 capabilities/c-tk:2 tags/nonclinical:2 needs/n-aav-tox:1 needs/n-animal:1 orgs/animalcare:1';
const IO = 'tags/io:3 orgs/immunex:3 orgs/abcore:2 capabilities/c-til:2 needs/n-io-path:2 needs/n-xeno:2 needs/n-organoid-io:2 capabilities/c-bispecific:1 capabilities/c-cart-design:1';
const BIOMK = 'tags/biomarker:3 capabilities/c-biomk-discovery:3 orgs/geninsight:2 orgs/omicscore:2 capabilities/c-he-biomk:2 needs/n-biomk:1 orgs/liquidx:1 capabilities/c-ihc:1';
const MICROBIOME = 'tags/microbiome:3 orgs/microgen:3 capabilities/c-microbank:3 capabilities/c-strain:2 orgs/organoidpharm:2 orgs/kibio:2 needs/n-strain-seq:2 needs/n-microbiome-trial:2 needs/n-microbiome-cdmo:2';
const LIQUID = 'orgs/liquidx:3 needs/n-ivd-perf:3 orgs/dxone:2 capabilities/c-mrd:2 tags/biomarker:1';
const INVESTORS = 'orgs/saebom:3 orgs/daon:3 orgs/hangyeol:3 orgs/brightwave:2 orgs/accel:2 tags/invest:2 needs/n-accel:2';

const Q = [
  // two-syllable words
  ['two-syllable', '항체', 'antibodies: the field, antibody CDMO and engineering', 'tags/antibody:3 orgs/songdobio:3 capabilities/c-mab-gmp:3 capabilities/c-ab-eng:3 orgs/abcore:2 capabilities/c-bispecific:2 capabilities/c-cld:2 orgs/yonsan:2 needs/n-cell-line:2 orgs/pharmaon:1 capabilities/c-adc-process:1 needs/n-phase1:1'],
  ['two-syllable', '병리', 'pathology: digital pathology companies and data', 'orgs/pathvision:3 orgs/kdpa:3 capabilities/c-wsi-ai:3 capabilities/c-path-data:3 tags/dpath:2 orgs/slidex:2 orgs/qpath:2 capabilities/c-ihc:2 needs/n-path-val:2 needs/n-path-ai:2 needs/n-scan:2 capabilities/c-kdpa-edu:2 people/shin-dahye:1 people/p-탁민혁:1'],
  ['two-syllable', '투자', 'investment: investors and needs for investment', 'tags/invest:3 orgs/saebom:3 orgs/daon:3 orgs/hangyeol:3 orgs/brightwave:2 orgs/accel:2 capabilities/c-seed:2 capabilities/c-seriesb:2 needs/n-ivd-invest:2 needs/n-seed:2 needs/n-ai-invest:2 needs/n-accel:1 people/park-hanna:1'],
  ['two-syllable', '독성', 'toxicity testing', 'capabilities/c-glp-tox:3 orgs/acepre:3 capabilities/c-insilico:2 orgs/toxbase:2 capabilities/c-liver-tox:2 capabilities/c-organ-tox:2 capabilities/c-tk:2 needs/n-aav-tox:2 needs/n-tox-data:2 needs/n-animal:2 capabilities/c-ipsc:1 needs/n-cardio:1 tags/nonclinical:1'],
  ['two-syllable', '임상', 'clinical studies, not non-clinical ones', 'tags/clinical:3 orgs/hanbit:3 capabilities/c-phase1:3 capabilities/c-trial-center:3 capabilities/c-iit:2 orgs/kcro:2 orgs/foundation:2 capabilities/c-trial-edu:2 needs/n-site:2 needs/n-trial-sponsor:2 orgs/songdohosp:2 capabilities/c-md-trial:2 needs/n-phase1:2'],
  ['two-syllable', '진단', 'diagnostics', 'tags/ivd:3 orgs/dxone:3 capabilities/c-pcr-kit:3 capabilities/c-ivd-trial:2 orgs/genecare:2 capabilities/c-rare:2 needs/n-ivd-perf:2 needs/n-nonclin-ivd:2 orgs/deepscan:1'],
  ['two-syllable', '치매', 'dementia imaging', 'orgs/deepscan:3 capabilities/c-brain-mri:3 needs/n-mri-trial:3 needs/n-ai-invest:2'],
  ['two-syllable', '균주', 'microbial strains', 'capabilities/c-microbank:3 capabilities/c-strain:3 needs/n-strain-seq:3 orgs/microgen:2 needs/n-microbiome-cdmo:2 people/bae-sora:1 people/p-남궁민:1'],
  // particles
  ['particles', '오가노이드를', 'organoids', ORGANOID],
  ['particles', '시퀀싱으로', 'sequencing', SEQ],
  ['particles', '최예은의', 'a person whose name ends in a particle-like syllable', 'people/choi-yeeun:3'],
  ['particles', '병원에서', 'hospitals', 'orgs/songdohosp:3 orgs/pangyomc:3 orgs/incheonuh:3 needs/n-mrd-hospital:1 needs/n-data-hosp:1'],
  ['particles', '세포치료제를', 'cell therapies', 'tags/celltx:3 orgs/immunex:3 orgs/primecell:3 capabilities/c-cart-gmp:3 orgs/novacell:2 needs/n-gmp-nk:2 needs/n-animal:2 needs/n-car-gmp:2 orgs/acepre:1'],
  ['particles', '투자사와', 'investors', INVESTORS],
  ['particles', '액체생검은', 'liquid biopsy', LIQUID],
  ['particles', '데이터가', 'data sets to use', 'capabilities/c-path-data:3 capabilities/c-pseudo:3 orgs/medidata:3 capabilities/c-imaging-data:3 needs/n-wsi-data:2 needs/n-mammo-data:2 needs/n-data-hosp:2 capabilities/c-pdo-bank:1 orgs/songdohosp:1'],
  // verb and adnominal endings
  ['endings', '재발을 추적하는', 'recurrence tracking', 'orgs/liquidx:3 capabilities/c-mrd:3 needs/n-mrd-hospital:3'],
  ['endings', '독성을 예측하는', 'toxicity prediction', 'capabilities/c-insilico:3 orgs/toxbase:3 capabilities/c-liver-tox:3 orgs/cellcube:2 capabilities/c-organ-tox:2 needs/n-liver-validation:1'],
  ['endings', '임상시험을 맡겨', 'contract research for trials', 'orgs/hanbit:3 capabilities/c-phase1:3 orgs/kcro:3 capabilities/c-md-trial:2 capabilities/c-iit:2 tags/cro:2 orgs/nextpharm:1 capabilities/c-global-ops:1'],
  ['endings', '의뢰할 수 있는 독성시험', 'toxicology to order', GLP],
  ['endings', '생산하는 곳', 'manufacturers', CDMO],
  ['endings', '배양하는', 'culturing', 'orgs/organmate:3 orgs/organoidpharm:3 capabilities/c-organchip:3 capabilities/c-strain:2 capabilities/c-3dkit:2 orgs/cellcube:2 orgs/incheonuh:1'],
  ['endings', '시퀀싱해 주는', 'sequencing services', SEQ],
  ['endings', '투자하는', 'investors', 'orgs/saebom:3 orgs/daon:3 orgs/hangyeol:3 orgs/accel:2 capabilities/c-seed:2 capabilities/c-seriesb:2 orgs/brightwave:2'],
  // compounds and spacing
  ['compounds', '항체신약개발', 'antibody drug development', 'orgs/abcore:3 orgs/pharmaon:3 tags/antibody:2 capabilities/c-bispecific:2 orgs/songdobio:1'],
  ['compounds', '디지털병리', 'digital pathology, written with and without a space', DPATH],
  ['compounds', '임상 시험 센터', 'a trial centre, typed spaced', 'capabilities/c-trial-center:3 orgs/songdohosp:3 orgs/pangyomc:2 people/p-옥수진:2 people/p-방예은:2'],
  ['compounds', '위탁 생산', 'contract manufacturing, typed spaced', CDMO],
  ['compounds', '장내 미생물', 'gut microbes', MICROBIOME],
  ['compounds', '단일세포시퀀싱', 'single-cell sequencing, typed as one word', 'capabilities/c-scrna:3 needs/n-organ-seq:3 orgs/seqlab:2'],
  ['compounds', '공간 전사체', 'spatial transcriptomics', 'capabilities/c-spatial:3 needs/n-sc-seq:3 orgs/seqlab:2'],
  ['compounds', '뇌오가노이드', 'brain organoids', 'capabilities/c-brain-org:3 orgs/minibrain:3 people/p-탁서희:2'],
  ['compounds', '항암제감수성', 'drug sensitivity of cancer organoids', 'capabilities/c-pdo-screen:3 orgs/organmate:3'],
  // 초성
  ['choseong', 'ㅍㅅㅂㅈ', '패스비전', 'orgs/pathvision:3'],
  ['choseong', 'ㅅㄷㅂㅇㅇㄹㅈㅅ', '송도바이오로직스', 'orgs/songdobio:3'],
  ['choseong', 'ㅊㅇㅇ', '최예은', 'people/choi-yeeun:3'],
  ['choseong', 'ㅎㅂㅇㅅㅇㄱ', '한빛임상연구', 'orgs/hanbit:3'],
  ['choseong', 'ㅈㄴㅇㅅㅇㅌ', '지놈인사이트', 'orgs/geninsight:3'],
  ['choseong', 'ㄷㅇㅇㅂㅅㅌㅁㅌ', '다온인베스트먼트', 'orgs/daon:3'],
  ['choseong', 'ㅂㅅㄹ', '배소라', 'people/bae-sora:3'],
  ['choseong', 'ㅇㅁㄴㅅ', '이뮤넥스', 'orgs/immunex:3'],
  // Korean <-> English
  ['ko-en', 'organoid', 'organoids, in English', ORGANOID],
  ['ko-en', 'CDMO', 'contract manufacturers', CDMO],
  ['ko-en', 'pathology AI', 'pathology AI', 'capabilities/c-wsi-ai:3 orgs/pathvision:3 orgs/qpath:3 capabilities/c-he-biomk:2 tags/dpath:2 needs/n-path-ai:2 needs/n-path-val:2'],
  ['ko-en', 'toxicology', 'toxicology', GLP],
  ['ko-en', '시퀀싱', 'sequencing, Korean query finding English rows too', SEQ],
  ['ko-en', '벤처캐피탈', 'venture capital', 'orgs/saebom:3 orgs/brightwave:3 tags/invest:3 orgs/daon:2 orgs/hangyeol:2 needs/n-accel:2 capabilities/c-crossborder:1'],
  ['ko-en', 'NK세포', 'NK cells', 'orgs/novacell:3 needs/n-gmp-nk:3 needs/n-nk-invest:3 orgs/primecell:2 capabilities/c-cart-gmp:1'],
  ['ko-en', '면역항암', 'immuno-oncology', IO],
  ['ko-en', 'regulatory', 'regulatory affairs', 'tags/regulatory:3 orgs/nextpharm:3 needs/n-fda:3 capabilities/c-ra-consult:2 people/james-park:2 orgs/ifez:1 capabilities/c-pre-ind:2'],
  // English typos
  ['en-typos', 'organiod', 'organoid, letters swapped', ORGANOID],
  ['en-typos', 'sequncing', 'sequencing, a letter dropped', SEQ],
  ['en-typos', 'pathalogy', 'pathology, a letter replaced', 'orgs/qpath:3 tags/dpath:2 capabilities/c-kdpa-edu:2 capabilities/c-path-data:2 orgs/pathvision:2 capabilities/c-wsi-ai:2'],
  ['en-typos', 'toxicolgy', 'toxicology', GLP],
  ['en-typos', 'antibdoy', 'antibody', 'tags/antibody:3 capabilities/c-ab-eng:3 capabilities/c-mab-gmp:2 capabilities/c-bispecific:2 orgs/songdobio:2'],
  ['en-typos', 'pharmacogenomcs', 'pharmacogenomics', 'capabilities/c-pgx:3 orgs/helix:3 needs/n-pgx-trial:3'],
  ['en-typos', 'manufactring', 'manufacturing', 'capabilities/c-mab-gmp:3 capabilities/c-cart-gmp:3 capabilities/c-aav:3 people/emily-cho:2 orgs/novacell:2 tags/cdmo:2'],
  ['en-typos', 'fracure detection', 'fracture detection', 'capabilities/c-bone:3 orgs/radix:3 needs/n-us-sites:2'],
  // Korean typos, one jamo off
  ['ko-typos', '면역항암재', '면역항암제', IO],
  ['ko-typos', '바이오마거', '바이오마커', BIOMK],
  ['ko-typos', '오가노이두', '오가노이드', ORGANOID],
  ['ko-typos', '시퀸싱', '시퀀싱', SEQ],
  ['ko-typos', '위탁생샨', '위탁생산', CDMO],
  ['ko-typos', '액체생겁', '액체생검', LIQUID],
  ['ko-typos', '독성시엄', '독성시험', GLP],
  ['ko-typos', '디지털병니', '디지털병리', DPATH],
  ['ko-typos', '마이크로바이움', '마이크로바이옴', MICROBIOME],
  // questions as sentences
  ['questions', '오가노이드로 약물 스크리닝 해 줄 곳 있나요', 'organoid drug screening', 'capabilities/c-pdo-screen:3 orgs/organmate:3 capabilities/c-brain-org:2 capabilities/c-liver-tox:1 orgs/cellcube:1'],
  ['questions', '항체 임상 시료를 생산해 줄 CDMO를 찾고 있어요', 'antibody clinical supply', 'orgs/songdobio:3 capabilities/c-mab-gmp:3 capabilities/c-cld:1 orgs/primecell:1 tags/cdmo:1 capabilities/c-adc-process:1'],
  ['questions', '희귀질환 유전자 검사를 해 줄 병원이나 기관이 있을까요', 'rare disease genetic testing', 'orgs/geninsight:3 capabilities/c-rare:3 orgs/genecare:3 capabilities/c-newborn:2 capabilities/c-wgs:2'],
  ['questions', '병리 슬라이드를 디지털로 바꾸려면 어디에 문의하나요', 'slide scanning', 'orgs/slidex:3 capabilities/c-scan:3 orgs/kdpa:2 capabilities/c-kdpa-edu:2 needs/n-scan:1 capabilities/c-remote:1 orgs/pangyomc:1'],
  ['questions', '송도에서 실험실을 빌릴 수 있는 곳', 'lab space in Songdo', 'capabilities/c-incubate:3 capabilities/c-lab-space:2 orgs/ifez:2 orgs/seoulbio:2 needs/n-lab:1'],
  ['questions', '비임상 독성시험을 의뢰할 수 있는 기관은', 'GLP toxicology', GLP],
  ['questions', '초기 바이오 스타트업에 투자하는 VC', 'early-stage bio investors', 'orgs/saebom:3 orgs/accel:3 capabilities/c-seed:3 capabilities/c-accel:2 orgs/hangyeol:1 orgs/brightwave:1'],
  ['questions', '치매 진단에 쓰는 뇌 MRI 분석 소프트웨어가 있나요', 'dementia MRI software', 'capabilities/c-brain-mri:3 orgs/deepscan:3 needs/n-mri-trial:2 needs/n-ai-invest:2'],
  ['questions', '유전자 검사해 줄 병원', 'genetic testing', 'orgs/genecare:3 capabilities/c-newborn:3 orgs/geninsight:2 capabilities/c-rare:2 orgs/pangyomc:1'],
  ['questions', 'CAR-T 생산 맡길 곳', 'CAR-T manufacturing', 'orgs/primecell:3 capabilities/c-cart-gmp:3 needs/n-car-gmp:1 orgs/immunex:1'],
  // organisation-name partials
  ['org-partials', '지놈', '지놈인사이트', 'orgs/geninsight:3 people/choi-yeeun:1 people/p-조현석:1 people/p-류지민:1'],
  ['org-partials', '패스', '패스비전', 'orgs/pathvision:3'],
  ['org-partials', '송도바이오', '송도바이오로직스', 'orgs/songdobio:3 capabilities/c-cld:1 capabilities/c-mab-gmp:1 capabilities/c-adc-process:1 people/jung-minsu:1 people/p-표지훈:1 orgs/ifez:1'],
  ['org-partials', '한빛', '한빛임상연구', 'orgs/hanbit:3 people/choi-yejun:1 people/p-진소연:1 people/p-마동훈:1'],
  ['org-partials', '케이씨', '케이씨알오', 'orgs/kcro:3'],
  ['org-partials', '새봄', '새봄벤처파트너스', 'orgs/saebom:3 people/park-haneul:1 people/p-국서연:1'],
  ['org-partials', '오르간', '오르간메이트', 'orgs/organmate:3'],
  ['org-partials', 'Helix', 'Helix Omics', 'orgs/helix:3 people/daniel-kim:1 capabilities/c-pgx:1 capabilities/c-sv:1 needs/n-pgx-trial:1'],
  ['org-partials', 'Quantum', 'Quantum Pathology', 'orgs/qpath:3 people/sarah-lee:1'],
  ['org-partials', '임상지원', '한국임상지원재단', 'orgs/foundation:3 capabilities/c-iit-grant:1 capabilities/c-trial-edu:1'],
  ['org-partials', '판교의료원', 'an alias of 판교서울의료원', 'orgs/pangyomc:3'],
  // people
  ['people', '최예은', 'one person; not every 최예*', 'people/choi-yeeun:3'],
  ['people', '이은', 'a two-syllable name', 'people/lee-eun:3'],
  ['people', '김가은', 'a name ending in 은', 'people/kim-gaeun:3'],
  ['people', '박하늘', 'a person', 'people/park-haneul:3'],
  ['people', 'Daniel Kim', 'an English-only person', 'people/daniel-kim:3'],
  ['people', '오성민', 'a person (오승민 is another)', 'people/oh-sungmin:3'],
  ['people', '유전상담사', 'a job title', 'people/jeon-hayoung:3 capabilities/c-counsel:2'],
  ['people', '변리사', 'a job title', 'people/kwon-dohyun:3 orgs/kimlab:2'],
  ['people', '방예은', 'a person whose name ends in 은', 'people/p-방예은:3'],
  ['people', '황보람', 'a person (황보라 is another)', 'people/hwang-boram:3'],
  ['people', '남궁민', 'a two-syllable family name', 'people/p-남궁민:3'],
];

export const queries = Q.map(([category, q, intent, j]) => ({
  q, category, intent,
  judgments: j.split(/\s+/).map((s) => {
    const m = /^(\w+)\/(.+):([0-3])$/.exec(s);
    if (!m) throw new Error(`bad judgment ${s} in ${q}`);
    return { collection: m[1], ref: m[2], grade: Number(m[3]) };
  }),
}));
