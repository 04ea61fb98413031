// bench/search-queries.mjs: the uncached-search queries of bench/search-cpu-each.mjs and
// bench/search-same.mjs: bench/search-scale's words (Korean, English, typos), names, 초성 and
// issue #12's shapes (typos one jamo off, compounds without their space, questions, mixed words),
// 141, and 22 of two and three common words; MIX=pairs: those and the set's four pairs alone.
export const ko = ['유전체', '의료영상', '인공지능', '빅데이터', '신약', '세포치료제', '유전자치료', '디지털', '웨어러블',
  '체외진단', '바이오마커', '임상시험', '전임상', '독성시험', '동물실험', '인허가', '재생의료', '줄기세포', '면역항암제',
  '항체', '백신', '원격의료', '수술로봇', '초음파', '병리', '오가노이드', '마이크로바이옴', '방사성의약품', '액체생검',
  '동반진단', '보건의료', '만성질환', '치매', '뇌질환', '심혈관', '당뇨', '재활', '바이오프린팅', '약물전달', '엑소좀',
  '건강보험', '분석', '데이터를', '영상', '임상', '병원과', '협력', '연구', '장비', '자문', '공동연구', '진단'];
export const en = ['genome', 'imaging', 'diagnostics', 'big data', 'drug', 'cell therapy', 'gene therapy', 'therapeutics',
  'wearable', 'biomarker', 'clinical trial', 'preclinical', 'toxicology', 'animal', 'regenerative', 'stem cell',
  'oncology', 'antibody', 'vaccine', 'telemedicine', 'surgical', 'ultrasound', 'pathology', 'organoids', 'microbiome',
  'radiopharma', 'liquid biopsy', 'companion', 'healthcare', 'dementia', 'neurology', 'cardiovascular', 'diabetes',
  'rehabilitation', 'bioprinting', 'nanoparticle', 'exosomes', 'insurance', 'partner', 'equipment', 'validation', 'ai'];
export const typo = ['genme', 'imagng', 'diagnotics', 'theraphy', 'wearabel', 'biomarkr', 'toxicolgy', 'regenrative',
  'oncolgy', 'antibdy', 'telemedecine', 'ultrasond', 'patholgy', 'organiods', 'microbiom', 'demetia', 'neurolgy',
  'cardiovasculr', 'diabets', 'rehabilitaton', 'bioprintng', 'nanoparticel', 'exosmes', 'insurence', 'equipmnet'];
export const other = ['한빛바이오', '누리메디컬', 'hanbit bio', 'nuri medical', '김민준', '이서연', 'kim', 'lee min', 'ㅎㅂ', 'ㅁㄷㅋㅂ',
  'ㅇㅈㅈㄷ', '면역항암재', '바이오마거', '의약퓸', '항체신약개발', '임상시험을 맡겨', '유전체 분석해 주는 곳', '비임상',
  '유전체 imaging', '임상 genome', '임상 연구', '분석 협력'];
// two and three common words: the sparse intersection of long posting lists (임상 is in 190 000
// rows, 웨어러블 in 36 000, both in 1 600), Korean and English alike
export const pairs = ['임상 웨어러블', '세포치료제 액체생검', '임상 유전체', '연구 장비', '신약 임상시험', '병리 진단', '디지털 영상',
  '병리 diagnostics', '체외진단 clinical trial', '임상 wearable', '연구 genome', '데이터를 imaging', '웨어러블 oncology',
  'genome wearable', 'diagnostics imaging', 'drug antibody', 'healthcare partner', 'imaging validation',
  '임상 웨어러블 유전체', '병리 diagnostics imaging', 'genome imaging diagnostics', '연구 장비 협력'];
// MIX=pairs: the pairs alone (and the few of the set that are pairs too); QUERIES=<file>: the
// queries of a file, one a line (e.g. bench/search-mix.mjs's OUT, whose second column is the query)
import { readFileSync } from 'node:fs';
export const qs = process.env.QUERIES
  ? readFileSync(process.env.QUERIES, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t').at(l.includes('\t') ? 1 : 0))
  : process.env.MIX === 'pairs' ? [...pairs, '유전체 imaging', '임상 genome', '임상 연구', '분석 협력']
  : [...ko, ...en, ...typo, ...other, ...pairs];
