-- 0050_lifecycle: more of the INVENTED lifecycle history of the synthetic tenant companies
-- (is_synthetic = 1; free texts start with "[데모]"): program applications (selected, declined,
-- waiting), so that each program's before/after view and each company's timeline show the
-- support given; a KPI report submitted late; escalated support requests. The stage definitions
-- come with the schema (migration 0050). None of it describes a real company.

-- The due day and the late flag of the reports of 0030_lifecycle.sql (loaded after the
-- migration that added them).
UPDATE kpi_reports SET due_on = CASE quarter WHEN 4 THEN printf('%04d-01-20', year + 1)
    ELSE printf('%04d-%02d-20', year, quarter * 3 + 1) END WHERE due_on = '';

-- 크리스퍼랩 (103) reports late: its 2026-Q3 report came a week after the 20th.
INSERT INTO kpi_reports (org_id, year, quarter, period, revenue, employees, rnd_spend, patents, funding_raised, clinical_stage, export_revenue, notes, warnings, status, submitted_at, visibility, due_on, is_synthetic) VALUES (103, 2026, 2, '2026-Q2', 0, 12, 480000000, 4, 0, 'none', 0, '[데모] 분기 보고', '[]', 'accepted', '2026-07-14T02:00:00Z', 'private', '2026-07-20', 1);
INSERT INTO kpi_reports (org_id, year, quarter, period, revenue, employees, rnd_spend, patents, funding_raised, clinical_stage, export_revenue, notes, warnings, status, submitted_at, visibility, due_on, is_synthetic) VALUES (103, 2026, 3, '2026-Q3', 0, 13, 505000000, 5, 0, 'none', 0, '[데모] 분기 보고 (기한 후 제출)', '[]', 'submitted', '2026-10-27T06:30:00Z', 'private', '2026-10-20', 1);
UPDATE kpi_reports SET is_late = 1 WHERE submitted_at IS NOT NULL AND date(submitted_at, '+9 hours') > due_on;

-- Applications. 공용 장비·실험실 이용 지원 (6) selected three companies early in 2026: their
-- KPIs before and after. IP 진단 (2) selected 크리스퍼랩. The IR camp (5) and the MFDS
-- consulting (1) have applications waiting; the export voucher (4) declined one.
INSERT INTO program_applications (program_id, org_id, motivation, status, decision_note, decided_at, is_synthetic, created_at, updated_at) VALUES (6, 105, '[데모] 체외진단 시약 생산 검증에 공용 장비가 필요합니다.', 'selected', '[데모] 생산 검증 계획이 구체적임', '2026-02-10T05:00:00Z', 1, '2026-01-20T01:00:00Z', '2026-02-10T05:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, decision_note, decided_at, is_synthetic, created_at, updated_at) VALUES (6, 108, '[데모] 웨어러블 기기 신뢰성 시험 장비 이용을 신청합니다.', 'selected', '[데모] 해외 인증 일정과 연계됨', '2026-04-15T05:00:00Z', 1, '2026-04-01T01:00:00Z', '2026-04-15T05:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, decision_note, decided_at, is_synthetic, created_at, updated_at) VALUES (6, 143, '[데모] NK세포 배양 공정 개발에 GMP 인접 실험실이 필요합니다.', 'selected', '[데모] 임상 1상 시료 생산 준비', '2026-05-04T05:00:00Z', 1, '2026-04-20T01:00:00Z', '2026-05-04T05:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, decision_note, decided_at, is_synthetic, created_at, updated_at) VALUES (2, 103, '[데모] 유전자가위 원천특허의 해외 출원 전략 진단을 받고 싶습니다.', 'selected', '[데모] 기초연구 단계 우선 지원 대상', '2026-09-22T05:00:00Z', 1, '2026-09-05T01:00:00Z', '2026-09-22T05:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, decision_note, decided_at, is_synthetic, created_at, updated_at) VALUES (4, 108, '[데모] 동남아 유통사 발굴을 지원받고 싶습니다.', 'declined', '[데모] 이번 차수는 첫 수출 기업 우선', '2026-11-05T05:00:00Z', 1, '2026-10-20T01:00:00Z', '2026-11-05T05:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, is_synthetic, created_at, updated_at) VALUES (4, 105, '[데모] 태국 FDA 등록 이후 현지 전시회 참가를 준비합니다.', 'submitted', 1, '2026-11-12T01:00:00Z', '2026-11-12T01:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, is_synthetic, created_at, updated_at) VALUES (5, 107, '[데모] 시리즈 A 투자 유치를 위한 IR 자료를 다듬고 싶습니다.', 'submitted', 1, '2026-11-18T01:00:00Z', '2026-11-18T01:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, is_synthetic, created_at, updated_at) VALUES (5, 117, '[데모] 디지털병리 AI 사업화 단계의 밸류에이션 자문이 필요합니다.', 'submitted', 1, '2026-11-25T01:00:00Z', '2026-11-25T01:00:00Z');
INSERT INTO program_applications (program_id, org_id, motivation, status, is_synthetic, created_at, updated_at) VALUES (1, 117, '[데모] 디지털병리 AI의 식약처 허가 경로를 상담받고 싶습니다.', 'submitted', 1, '2026-11-26T01:00:00Z', '2026-11-26T01:00:00Z');

-- Escalated requests: 시퀀스원's export request (in progress, resolution overdue) and
-- 크리스퍼랩's urgent contract review (no first answer yet), as `bpmc sla-escalate` leaves them.
UPDATE support_requests SET escalated_at = '2026-10-28T05:00:00Z' WHERE org_id = 105 AND category = 'export' AND is_synthetic = 1;
UPDATE support_requests SET escalated_at = '2026-12-03T05:00:00Z' WHERE org_id = 103 AND category = 'consulting' AND is_synthetic = 1;
INSERT INTO sla_escalations (request_id, deadline, notified, created_at) SELECT id, 'resolution', 1, '2026-10-28T05:00:00Z' FROM support_requests WHERE org_id = 105 AND category = 'export' AND is_synthetic = 1;
INSERT INTO sla_escalations (request_id, deadline, notified, created_at) SELECT id, 'first-response', 1, '2026-12-03T05:00:00Z' FROM support_requests WHERE org_id = 103 AND category = 'consulting' AND is_synthetic = 1;
