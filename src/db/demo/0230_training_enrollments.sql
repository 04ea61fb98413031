-- 0230_training_enrollments: the people of the demo's training (0170): who took this year's
-- courses. The city's document asks for 시장수요 맞춤형 인력양성 with 오픈캠퍼스, 스마트랩 and
-- PBL for the innovators (입주기업, 대학, 연구기관); it names no trainee, so these are INVENTED
-- (enrollments is_synthetic = 1, names and motivations marked "[데모]"), drawn from the
-- organisations whose staff answered last spring's demand survey.
--
-- A trainee is a user. The demo invents no one who can sign in: these users are invited and
-- have never set a password (password_hash '!', the accounts module's mark of an invitation not
-- yet taken up), so nobody logs in as them; an operator may send them their invitation again.
-- Their e-mails are on the demo's own domain (demo.bpmc.kr), as the demo operator's is.
--
-- What it shows: the first two cohorts done, most trainees completed with a certificate (the
-- number the module gives, BPMC-TR-<year>-<enrollment id>), one who fell short of the
-- attendance rule and one who cancelled; the running cohort half way with attendance recorded;
-- the two recruiting cohorts with applications waiting and a few approved.

INSERT INTO users (email, name, password_hash, role, org_id) VALUES
 ('trainee01@demo.bpmc.kr', '[데모] 김하늘', '!', 'trainee', 102),
 ('trainee02@demo.bpmc.kr', '[데모] 이도윤', '!', 'trainee', 102),
 ('trainee03@demo.bpmc.kr', '[데모] 박서연', '!', 'trainee', 105),
 ('trainee04@demo.bpmc.kr', '[데모] 최민준', '!', 'trainee', 101),
 ('trainee05@demo.bpmc.kr', '[데모] 정지우', '!', 'trainee', 7),
 ('trainee06@demo.bpmc.kr', '[데모] 강예린', '!', 'trainee', 7),
 ('trainee07@demo.bpmc.kr', '[데모] 조현우', '!', 'trainee', 9),
 ('trainee08@demo.bpmc.kr', '[데모] 윤수아', '!', 'trainee', 124),
 ('trainee09@demo.bpmc.kr', '[데모] 장태민', '!', 'trainee', 124),
 ('trainee10@demo.bpmc.kr', '[데모] 임채원', '!', 'trainee', 116),
 ('trainee11@demo.bpmc.kr', '[데모] 한지호', '!', 'trainee', 8),
 ('trainee12@demo.bpmc.kr', '[데모] 오유나', '!', 'trainee', 149),
 ('trainee13@demo.bpmc.kr', '[데모] 서준혁', '!', 'trainee', 149),
 ('trainee14@demo.bpmc.kr', '[데모] 신다은', '!', 'trainee', 144);

INSERT INTO memberships (user_id, org_id, role)
SELECT id, org_id, 'trainee' FROM users WHERE email LIKE 'trainee%@demo.bpmc.kr';

-- cohort 1: 유전체 데이터 분석 입문 2026년 1기 (8 sessions, 80%: 7 to complete), done
-- cohort 2: NGS 분석 실습 2026년 1기 (8 sessions, 80%), done
-- cohort 3: 보건의료 빅데이터 분석 실무 2026년 1기 (10 sessions), running for 20 of 40 days
-- cohort 4: 유전체 데이터 분석 입문 2026년 2기, recruiting; cohort 5: 임상시험 코디네이터 양성, recruiting
INSERT INTO enrollments (id, cohort_id, trainee_id, org_id, motivation, status, attended, decided_at, completed_on, certificate_no, is_synthetic, created_at, updated_at)
SELECT x.id, x.cohort_id, u.id, u.org_id, x.motivation, x.status, x.attended,
       CASE WHEN x.status = 'applied' THEN NULL ELSE x.decided_on || 'T01:00:00Z' END,
       x.completed_on,
       CASE WHEN x.completed_on IS NULL THEN NULL
            ELSE 'BPMC-TR-' || substr(x.completed_on, 1, 4) || '-' || x.cert END,
       1, a.applied_on || 'T00:30:00.000Z', coalesce(x.completed_on, x.decided_on, a.applied_on) || 'T09:00:00.000Z'
FROM (
 SELECT 1 AS id, 1 AS cohort_id, 'trainee01@demo.bpmc.kr' AS email, '[데모] NGS 데이터 분석 업무를 새로 맡았습니다.' AS motivation, 'completed' AS status, 8 AS attended, date('now','-205 days') AS decided_on, date('now','-170 days') AS completed_on, '00001' AS cert
 UNION ALL SELECT 2, 1, 'trainee03@demo.bpmc.kr', '[데모] 신입 연구원 기초 교육', 'completed', 7, date('now','-205 days'), date('now','-170 days'), '00002'
 UNION ALL SELECT 3, 1, 'trainee05@demo.bpmc.kr', '[데모] 학부 연구생으로 유전체 분석을 배우고 싶습니다.', 'completed', 8, date('now','-205 days'), date('now','-170 days'), '00003'
 UNION ALL SELECT 4, 1, 'trainee06@demo.bpmc.kr', '[데모] 졸업 과제에 필요합니다.', 'completed', 7, date('now','-205 days'), date('now','-170 days'), '00004'
 UNION ALL SELECT 5, 1, 'trainee07@demo.bpmc.kr', '[데모] 연구소 신규 과제 준비', 'approved', 5, date('now','-205 days'), NULL, NULL
 UNION ALL SELECT 6, 1, 'trainee04@demo.bpmc.kr', '[데모] 진단 키트 개발팀 역량 강화', 'completed', 8, date('now','-205 days'), date('now','-170 days'), '00006'
 UNION ALL SELECT 7, 2, 'trainee01@demo.bpmc.kr', '[데모] 입문 과정 수료 후 실습 과정을 이어서 듣습니다.', 'completed', 8, date('now','-158 days'), date('now','-110 days'), '00007'
 UNION ALL SELECT 8, 2, 'trainee02@demo.bpmc.kr', '[데모] 임상 유전체 해석 업무', 'completed', 7, date('now','-158 days'), date('now','-110 days'), '00008'
 UNION ALL SELECT 9, 2, 'trainee11@demo.bpmc.kr', '[데모] 대학원 연구에 NGS 실험이 필요합니다.', 'completed', 8, date('now','-158 days'), date('now','-110 days'), '00009'
 UNION ALL SELECT 10, 2, 'trainee03@demo.bpmc.kr', '[데모] 실습 장비를 다뤄 보고 싶습니다.', 'cancelled', 0, date('now','-158 days'), NULL, NULL
 UNION ALL SELECT 11, 3, 'trainee08@demo.bpmc.kr', '[데모] 청구 데이터 분석 서비스 개발', 'approved', 4, date('now','-27 days'), NULL, NULL
 UNION ALL SELECT 12, 3, 'trainee09@demo.bpmc.kr', '[데모] 데이터 엔지니어 직무 전환', 'approved', 5, date('now','-27 days'), NULL, NULL
 UNION ALL SELECT 13, 3, 'trainee10@demo.bpmc.kr', '[데모] 의료영상 외 임상 데이터도 다뤄야 합니다.', 'approved', 5, date('now','-27 days'), NULL, NULL
 UNION ALL SELECT 14, 3, 'trainee05@demo.bpmc.kr', '[데모] 의료 AI 대학원 진학 준비', 'approved', 3, date('now','-27 days'), NULL, NULL
 UNION ALL SELECT 15, 3, 'trainee14@demo.bpmc.kr', '[데모] 공정 데이터 분석을 배우고 싶습니다.', 'rejected', 0, date('now','-27 days'), NULL, NULL
 UNION ALL SELECT 16, 4, 'trainee02@demo.bpmc.kr', '[데모] 팀 신입 연구원과 함께 듣고 싶습니다.', 'approved', 0, date('now','-3 days'), NULL, NULL
 UNION ALL SELECT 17, 4, 'trainee14@demo.bpmc.kr', '[데모] 바이오의약품 품질관리에 유전체 분석 도입', 'applied', 0, NULL, NULL, NULL
 UNION ALL SELECT 18, 4, 'trainee06@demo.bpmc.kr', '[데모] 후배 연구생 추천으로 신청합니다.', 'applied', 0, NULL, NULL, NULL
 UNION ALL SELECT 19, 5, 'trainee12@demo.bpmc.kr', '[데모] 임상시험 코디네이터 신규 채용자 교육', 'approved', 0, date('now','-2 days'), NULL, NULL
 UNION ALL SELECT 20, 5, 'trainee13@demo.bpmc.kr', '[데모] 임상시험 코디네이터 신규 채용자 교육', 'applied', 0, NULL, NULL, NULL
 UNION ALL SELECT 21, 5, 'trainee07@demo.bpmc.kr', '[데모] 연구자 주도 임상 준비', 'applied', 0, NULL, NULL, NULL
) x JOIN users u ON u.email = x.email
-- when each cohort's applications came in (the list's 신청일)
JOIN (
 SELECT 1 AS cohort_id, date('now','-212 days') AS applied_on
 UNION ALL SELECT 2, date('now','-165 days')
 UNION ALL SELECT 3, date('now','-35 days')
 UNION ALL SELECT 4, date('now','-6 days')
 UNION ALL SELECT 5, date('now','-5 days')
) a ON a.cohort_id = x.cohort_id;
