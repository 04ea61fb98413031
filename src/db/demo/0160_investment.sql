-- 0160_investment: the investment module's part of the demo cluster. The seed (고양시 「바이오
-- 정밀의료클러스터 조성 추진」, 바이오 메디컬 전문 VC 유치) names who takes part — VC, 창투사, 금융기관,
-- 중소벤처기업진흥공단, 고양시 펀드 — and what for: 「클러스터내 성장가능성 높은 기업 발굴 및 투자,
-- 안정적 기술연구 개발 환경 제공, 사업화 촉진 등 기업성장을 위한 재정투자」. It gives no fund, no
-- ticket, no round and no deal: every row below is INVENTED (is_synthetic = 1, "[데모]"), the
-- profiles of the synthetic VCs of 0002_synthetic.sql (169–172) as their descriptions say, and one
-- for 고양시 펀드 (org 14, from the seed) whose thesis quotes the seed and whose figures are
-- invented. Dates are relative to the day the demo is loaded.

INSERT INTO investor_profiles (id, org_id, fund_name, fund_size, stages, fields, ticket_min, ticket_max, thesis, contact_name, contact_email, contact_phone, is_synthetic) VALUES
 (1, 169, '[데모] 고양바이오 초기기업 1호 투자조합', 40000000000, '["seed","pre-a","series-a"]', '["drug-discovery","medical-devices","precision-medicine","genomics"]', 300000000, 2000000000, '[데모] 바이오 정밀의료 초기기업 전문. 시드~시리즈A, 1건당 3억~20억원.', '[데모] 윤투자', 'ir@goyang-bio-investment.demo.invalid', '031-976-4028', 1),
 (2, 170, '[데모] 한강 디지털헬스 2호 펀드', 80000000000, '["series-a","series-b"]', '["digital-health","ai","big-data","medical-imaging"]', 1000000000, 5000000000, '[데모] 디지털헬스·의료 AI 중심. 시리즈A~B, 1건당 10억~50억원.', '[데모] 한심사', 'ir@hangang-healthcare-ventures.demo.invalid', '031-948-1774', 1),
 (3, 171, '[데모] 프리시전 항암·세포치료 펀드', 150000000000, '["series-b","series-c","pre-ipo"]', '["oncology","cell-therapy","biologics"]', 3000000000, 15000000000, '[데모] 항암·세포치료 임상단계 기업. 시리즈B 이후, 1건당 30억~150억원.', '[데모] 박파트너', 'ir@precision-capital-partners.demo.invalid', '031-988-2825', 1),
 (4, 172, '[데모] 메디브릿지 진단·의료기기 펀드', 60000000000, '["seed","pre-a","series-a","series-b","series-c","pre-ipo"]', '["diagnostics","genomics","medical-devices"]', 500000000, 8000000000, '[데모] 진단·의료기기 사업화 단계. 시드~프리IPO, 1건당 5억~80억원.', '[데모] 이심사역', 'ir@medibridge-partners.demo.invalid', '031-933-6787', 1),
 (5, 14, '[데모] 고양시 바이오 정밀의료 펀드', 50000000000, '["seed","pre-a","series-a"]', '["precision-medicine","drug-discovery","medical-devices","digital-health"]', 200000000, 3000000000, '클러스터내 성장가능성 높은 기업 발굴 및 투자, 안정적 기술연구 개발 환경 제공, 사업화 촉진 등 기업성장을 위한 재정투자 (출처: 고양시 「바이오 정밀의료클러스터 조성 추진」). [데모] 펀드 규모·투자 단계·규모는 지어낸 값입니다.', NULL, NULL, NULL, 1);

-- Rounds of synthetic companies: three open to investors, one draft, one closed.
INSERT INTO fundraisings (id, org_id, title, stage, amount_sought, use_of_funds, fields, status, audience, closes_on, is_synthetic) VALUES
 (1, 101, '[데모] 진로드바이오 시리즈 A', 'series-a', 2000000000, '[데모] 유전체 분석 파이프라인 고도화, 병원 공동연구 데이터 확보', '["genomics","precision-medicine"]', 'open', 1, date('now', '+9 hours', '+60 days'), 1),
 (2, 117, '[데모] 딥패솔로지 시리즈 B', 'series-b', 8000000000, '[데모] 디지털 병리 AI 식약처 허가 임상, 해외 인허가', '["ai","diagnostics","oncology","medical-imaging"]', 'open', 1, date('now', '+9 hours', '+45 days'), 1),
 (3, 108, '[데모] 메디웨이브 시리즈 B', 'series-b', 5000000000, '[데모] 웨어러블 의료기기 양산 설비, 수출 인증', '["medical-devices"]', 'open', 1, date('now', '+9 hours', '+30 days'), 1),
 (4, 119, '[데모] 큐어알고리즘 시드', 'seed', 500000000, '[데모] AI 신약 후보물질 탐색 플랫폼 시제품', '["ai","drug-discovery"]', 'draft', 0, NULL, 1),
 (5, 102, '[데모] 한빛유전체 프리 IPO', 'pre-ipo', 15000000000, '[데모] 진단키트 생산 증설', '["genomics","diagnostics"]', 'closed', 0, date('now', '+9 hours', '-20 days'), 1);

-- Deals along the pipeline (history lines as the workflow writes them).
INSERT INTO deals (id, title, investor_org_id, company_org_id, fundraising_id, stage, amount, invested_on, notes, history, is_synthetic) VALUES
 (1, '[데모] 고양바이오인베스트먼트 × 진로드바이오', 169, 101, 1, 'ir_meeting', NULL, NULL, '[데모] IR 미팅 일정 조율 중', date('now', '+9 hours', '-30 days') || ' sourced' || '
' || date('now', '+9 hours', '-21 days') || ' sourced → contacted' || '
' || date('now', '+9 hours', '-7 days') || ' contacted → ir_meeting', 1),
 (2, '[데모] 한강헬스케어벤처스 × 딥패솔로지', 170, 117, 2, 'due_diligence', NULL, NULL, '[데모] 기술 실사 진행', date('now', '+9 hours', '-60 days') || ' sourced' || '
' || date('now', '+9 hours', '-50 days') || ' sourced → contacted' || '
' || date('now', '+9 hours', '-35 days') || ' contacted → ir_meeting' || '
' || date('now', '+9 hours', '-10 days') || ' ir_meeting → due_diligence', 1),
 (3, '[데모] 메디브릿지파트너스 × 메디웨이브', 172, 108, 3, 'term_sheet', 3000000000, NULL, '[데모] 텀시트 협의', date('now', '+9 hours', '-90 days') || ' sourced' || '
' || date('now', '+9 hours', '-80 days') || ' sourced → contacted' || '
' || date('now', '+9 hours', '-60 days') || ' contacted → ir_meeting' || '
' || date('now', '+9 hours', '-40 days') || ' ir_meeting → due_diligence' || '
' || date('now', '+9 hours', '-5 days') || ' due_diligence → term_sheet', 1),
 (4, '[데모] 프리시전캐피탈파트너스 × 한빛유전체', 171, 102, 5, 'invested', 10000000000, date('now', '+9 hours', '-25 days'), '[데모] 프리 IPO 투자 완료', date('now', '+9 hours', '-150 days') || ' sourced' || '
' || date('now', '+9 hours', '-25 days') || ' term_sheet → invested', 1),
 (5, '[데모] 고양바이오인베스트먼트 × 큐어알고리즘', 169, 119, NULL, 'sourced', NULL, NULL, '[데모] 협력지원센터 소개로 발굴', date('now', '+9 hours', '-3 days') || ' sourced', 1),
 (6, '[데모] 한강헬스케어벤처스 × 메디웨이브', 170, 108, 3, 'declined', NULL, NULL, '[데모] 투자 분야 불일치로 중단', date('now', '+9 hours', '-40 days') || ' sourced' || '
' || date('now', '+9 hours', '-30 days') || ' sourced → declined', 1);

-- IR events at the cluster's support center (times in UTC: 05:00Z is 14:00 in Seoul).
INSERT INTO invest_events (id, title, kind, description, starts_at, ends_at, place, capacity, seats_taken, registration_opens_at, registration_closes_at, status, is_synthetic) VALUES
 (1, '[데모] 바이오 정밀의료 데모데이', 'demo_day', '[데모] 입주기업 8개사 발표, 투자기관 1:1 상담', date('now', '+21 days') || 'T05:00:00Z', date('now', '+21 days') || 'T09:00:00Z', '고양 바이오 정밀의료 협력지원센터 대강당', 80, 5, date('now', '-7 days') || 'T00:00:00Z', date('now', '+14 days') || 'T09:00:00Z', 'scheduled', 1),
 (2, '[데모] 디지털헬스 IR 라운드테이블', 'ir', '[데모] 시리즈 A~B 디지털헬스 기업 IR', date('now', '+45 days') || 'T06:00:00Z', date('now', '+45 days') || 'T08:00:00Z', '협력지원센터 세미나실 2', 20, 0, date('now', '+7 days') || 'T00:00:00Z', date('now', '+40 days') || 'T09:00:00Z', 'scheduled', 1),
 (3, '[데모] 고양시 펀드 투자 설명회', 'briefing', '[데모] 고양시 펀드 출자 구조와 신청 절차 안내', date('now', '-20 days') || 'T05:00:00Z', date('now', '-20 days') || 'T07:00:00Z', '고양시청 대회의실', 100, 3, NULL, NULL, 'held', 1);

INSERT INTO invest_registrations (id, event_id, org_id, seats, contact_name, note, status, is_synthetic) VALUES
 (1, 1, 101, 2, '[데모] 김대표', '[데모] 발표 희망', 'approved', 1),
 (2, 1, 169, 2, '[데모] 윤투자', NULL, 'requested', 1),
 (3, 1, 117, 1, '[데모] 최이사', NULL, 'requested', 1),
 (4, 3, 119, 1, '[데모] 정대표', NULL, 'attended', 1),
 (5, 3, 108, 2, '[데모] 오실장', NULL, 'attended', 1);
