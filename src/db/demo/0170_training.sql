-- 0170_training: the training module's part of the demo cluster. The seed names the system
-- (전문인력 양성시스템: 혁신주체(입주기업, 대학, 연구기관)의 교육훈련 수요조사 → 업종별·수준별
-- 커리큘럼, 오픈캠퍼스, 스마트랩, PBL) but no course, date or figure: everything below is an
-- INVENTED population (is_synthetic = 1; free texts start with "[데모]") that shows the system
-- working: last spring's demand survey with its answers and this year's, open now; a curriculum
-- of courses by field and level run as cohorts (done, running, recruiting, planned); PBL
-- projects of tenant companies with university teams. Enrollments need users: 0230 invents
-- invited trainees (who cannot sign in) and their enrollments.

INSERT INTO surveys (id, title, description, opens_on, closes_on, fields, levels, status, is_synthetic) VALUES
 (1, '[데모] 2026 바이오 정밀의료 전문인력 교육훈련 수요조사', '[데모] 입주기업·대학·연구기관의 분야별·수준별 교육훈련 수요를 조사해 2026년 커리큘럼에 반영합니다.', date('now','-280 days'), date('now','-250 days'), '[]', '[]', 'closed', 1),
 (2, '[데모] 2027 교육훈련 수요조사', '[데모] 내년 오픈캠퍼스·스마트랩·PBL 과정 편성을 위한 수요조사입니다. 기관당 한 번, 가장 필요한 분야와 수준을 알려 주세요.', date('now','-7 days'), date('now','+21 days'), '[]', '[]', 'open', 1);

INSERT INTO survey_responses (survey_id, org_id, field, level, headcount, preferred_period, comment, is_synthetic) VALUES
 (1, 101, 'genomics', 'intermediate', 4, '2026 상반기', '[데모] NGS 데이터 분석 실무 인력이 부족합니다.', 1),
 (1, 102, 'genomics', 'advanced', 3, '2026 하반기', '[데모] 임상 유전체 해석 고급 과정이 필요합니다.', 1),
 (1, 105, 'genomics', 'basic', 6, '2026 상반기', '[데모] 신입 연구원 기초 교육', 1),
 (1, 108, 'medical-devices', 'intermediate', 5, '2026 하반기', '[데모] 의료기기 GMP·허가 실무', 1),
 (1, 109, 'medical-devices', 'basic', 3, NULL, '[데모] 의료기기 개발 입문', 1),
 (1, 116, 'ai-data', 'advanced', 4, '2026 하반기', '[데모] 의료영상 딥러닝 모델 검증', 1),
 (1, 124, 'ai-data', 'intermediate', 7, '2026 상반기', '[데모] 보건의료 빅데이터 분석 실무', 1),
 (1, 144, 'drug-discovery', 'intermediate', 5, '2026 하반기', '[데모] 바이오의약품 공정 개발', 1),
 (1, 149, 'clinical-regulatory', 'intermediate', 6, '2026 상반기', '[데모] 임상시험 코디네이터 양성', 1),
 (1, 7, 'ai-data', 'basic', 20, '2026 하반기', '[데모] 학부생 대상 의료 AI 입문 (오픈캠퍼스 희망)', 1),
 (1, 9, 'genomics', 'advanced', 5, NULL, '[데모] 연구소 연구원 심화 과정', 1),
 (2, 103, 'genomics', 'advanced', 2, '2027 상반기', '[데모] 유전자가위 전달체 설계 심화', 1),
 (2, 117, 'ai-data', 'intermediate', 4, '2027 상반기', '[데모] 디지털병리 데이터 라벨링·검증', 1),
 (2, 134, 'clinical-regulatory', 'advanced', 3, '2027 하반기', '[데모] 항암제 임상 2상 설계', 1);

INSERT INTO courses (id, title, field, level, kind, hours, instructor_id, description, is_synthetic) VALUES
 (1, '[데모] 유전체 데이터 분석 입문', 'genomics', 'basic', 'open-campus', 24, 150, '[데모] 대학·기업 누구나 듣는 오픈캠퍼스 강좌: 염기서열 데이터와 분석 도구의 기초.', 1),
 (2, '[데모] NGS 분석 실습', 'genomics', 'intermediate', 'smart-lab', 32, 151, '[데모] 협력지원센터 공용 NGS 장비로 라이브러리 제작부터 변이 분석까지.', 1),
 (3, '[데모] 임상 유전체 해석 심화', 'genomics', 'advanced', 'lecture', 20, 151, '[데모] 병원 전문의와 함께하는 임상 변이 해석 사례 중심 강의.', 1),
 (4, '[데모] 의료기기 개발 입문', 'medical-devices', 'basic', 'open-campus', 16, NULL, '[데모] 의료기기 개발 과정과 규제의 큰 그림.', 1),
 (5, '[데모] 의료기기 GMP·허가 실무', 'medical-devices', 'intermediate', 'lecture', 24, 153, '[데모] 식약처 허가 서류와 GMP 심사 대응.', 1),
 (6, '[데모] 의료 AI 입문', 'ai-data', 'basic', 'open-campus', 20, 152, '[데모] 의료 데이터와 머신러닝의 기초 (학부생·재직자).', 1),
 (7, '[데모] 보건의료 빅데이터 분석 실무', 'ai-data', 'intermediate', 'smart-lab', 30, 152, '[데모] 건강보험 청구 데이터 분석 환경에서의 실습.', 1),
 (8, '[데모] 의료영상 AI 모델 검증 PBL', 'ai-data', 'advanced', 'pbl', 40, 152, '[데모] 입주기업의 실제 과제를 대학 팀이 풀어 보는 PBL.', 1),
 (9, '[데모] 바이오의약품 공정 개발', 'drug-discovery', 'intermediate', 'smart-lab', 28, NULL, '[데모] 세포주 개발과 배양 공정 스케일업.', 1),
 (10, '[데모] 임상시험 코디네이터 양성', 'clinical-regulatory', 'intermediate', 'lecture', 36, 153, '[데모] ICH-GCP와 임상시험 실무.', 1),
 (11, '[데모] 항암제 임상시험 설계 심화', 'clinical-regulatory', 'advanced', 'pbl', 24, 153, '[데모] 병원 연구진과 함께 임상 2상 프로토콜을 설계합니다.', 1),
 (12, '[데모] 기술이전·사업화 기초', 'commercialization', 'basic', 'lecture', 12, NULL, '[데모] 특허, 기술가치평가, 라이선싱의 기초.', 1);

INSERT INTO cohorts (id, course_id, name, starts_on, ends_on, capacity, sessions, pass_percent, space_id, status, is_synthetic) VALUES
 (1, 1, '2026년 1기', date('now','-200 days'), date('now','-170 days'), 40, 8, 80, 5, 'done', 1),
 (2, 2, '2026년 1기', date('now','-150 days'), date('now','-110 days'), 12, 8, 80, NULL, 'done', 1),
 (3, 7, '2026년 1기', date('now','-20 days'), date('now','+20 days'), 15, 10, 80, NULL, 'running', 1),
 (4, 1, '2026년 2기', date('now','+14 days'), date('now','+45 days'), 40, 8, 80, 5, 'recruiting', 1),
 (5, 10, '2026년 1기', date('now','+21 days'), date('now','+70 days'), 20, 12, 75, NULL, 'recruiting', 1),
 (6, 6, '2027년 1기', date('now','+60 days'), date('now','+90 days'), 50, 10, 80, 5, 'planned', 1),
 (7, 8, '2027년 1기', date('now','+75 days'), date('now','+165 days'), 12, 12, 80, NULL, 'planned', 1);

INSERT INTO pbl_projects (title, problem, org_id, team_org_id, mentor_id, course_id, starts_on, ends_on, status, outcome, is_synthetic) VALUES
 ('[데모] 뇌MR 영상 병변 자동 분할', '[데모] 판독 보조 제품의 병변 분할 정확도를 높일 학습 데이터 전처리 방법이 필요합니다.', 116, 7, 152, 8, date('now','-60 days'), date('now','+30 days'), 'running', NULL, 1),
 ('[데모] 체외진단 시약 안정성 시험 설계', '[데모] 시약의 가속 안정성 시험 조건을 정하고 싶습니다.', 152, 8, 153, NULL, date('now','-200 days'), date('now','-120 days'), 'done', '[데모] 시험 프로토콜 초안과 3개월 가속 시험 결과 보고서', 1),
 ('[데모] 웨어러블 심전도 잡음 제거', '[데모] 착용 중 움직임 잡음을 줄이는 신호 처리 방법을 찾습니다.', 108, NULL, NULL, NULL, NULL, NULL, 'proposed', NULL, 1);
