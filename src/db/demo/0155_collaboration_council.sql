-- 0155_collaboration_council: the council (산학연병 협의체) of the demo: its meetings with minutes
-- and the action items that follow from them, so that a new user's 협의체 page and search's 회의 /
-- 후속 조치 groups are not empty.
--
-- What is REAL (seed/000_e06babf696dea48d.txt, as in 0001_seed.sql): the council and each
-- member's role in it; under 그간 추진사항 「바이오 정밀의료클러스터 특화를 위한 관내 병원 간담회
-- 추진(2회)」; under 대책 「사업시행자 4자 실무협의체에 속도감 있는 사업 진행 요구」 and 「정부·경기도
-- 관계부서에 지속적인 협력지원센터 건립비 지원 요청」. Everything else is INVENTED: the dates, places,
-- attendance, agendas, minutes and action items; every meeting's minutes and every action item's
-- notes start with "[데모]", and a meeting the seed does not name has "[데모]" in its title.
-- Attendees are organisations, never people. No owner (owner_id) is named: the demo has no users.
--
-- Visibility as docs/collaboration.md has it: the first hospital round table is public (the plan
-- that reports it is); the council's other meetings and their action items are for the cluster's
-- members (cluster, the table's default); 동국대학교 일산병원's own preparation meeting and its action
-- item are private to that hospital (org 2).
-- The two round tables keep their dates (done, in 2023); the working meeting is three weeks
-- before the day the demo is loaded and the private one a week before, and the open action
-- items fall due after that day (date('now', '+9 hours'): today in Korea), so that a fresh demo
-- has nothing overdue.

INSERT INTO meetings (id, title, org_id, held_on, starts_at, duration_minutes, place, attendees, agenda, minutes, visibility) VALUES (1, '클러스터 특화 간담회 (1차)', 11, '2023-03-14', '2023-03-14T05:00:00Z', 120, '고양시청 중회의실', '["고양시 기업지원과","국립암센터","동국대학교 일산병원","국민건강보험 일산병원","명지병원","일산차병원","인제대학교 일산백병원"]', '1. 클러스터 조성 추진 계획 공유
2. 기관별 협력 가능 분야 의견 청취
3. 협의체 운영 방식', '[데모] 예시로 만든 회의록이다(계획서에는 간담회를 2회 추진했다는 사실만 있다).
- 고양시가 클러스터 조성 계획과 추진체계(협의체 ⇒ 협력지원센터 건립 ⇒ 입주기업 전주기 지원시스템)를 설명함.
- 참석 기관은 계획서에 적힌 각자의 역할을 확인함.
- 기관별 협력 창구(담당 부서)를 정해 고양시에 회신하기로 함.', 'public');
INSERT INTO meetings (id, title, org_id, held_on, starts_at, duration_minutes, place, attendees, agenda, minutes, visibility) VALUES (2, '클러스터 특화 간담회 (2차)', 11, '2023-09-12', '2023-09-12T05:00:00Z', 120, '고양시청 중회의실', '["고양시 기업지원과","국립암센터","동국대학교 일산병원","국민건강보험 일산병원","명지병원","일산차병원","인제대학교 일산백병원","동국대학교 바이오메디캠퍼스","국제암대학원대학교"]', '1. 1차 간담회 후속 조치 점검
2. 입주기업 지원 절차 안내 방안
3. 대학의 기술교류 참여', '[데모] 예시로 만든 회의록이다.
- 기관별 협력 창구 회신 결과를 공유함(1차 후속 조치 완료).
- 입주기업이 협업을 신청할 때 기관마다 심의·협약 절차가 달라 한 장짜리 안내서가 필요하다는 의견이 나옴.
- 제공 절차 안내서, 분석 지원 신청 양식, 협업 가능 품목과 조건 목록을 각 담당 기관이 마련하기로 함.', 'cluster');
INSERT INTO meetings (id, title, org_id, held_on, starts_at, duration_minutes, place, attendees, agenda, minutes, visibility) VALUES (3, '[데모] 협의체 실무회의: 협력지원센터 건립과 입주기업 지원', 11, date('now', '+9 hours', '-21 days'), date('now', '+9 hours', '-21 days') || 'T01:00:00Z', 90, '고양시청 소회의실(온라인 병행)', '["고양시 기업지원과","고양 바이오 정밀의료 협력지원센터","국립암센터","동국대학교 일산병원","국민건강보험 일산병원","명지병원","동국대학교 바이오메디캠퍼스","국립암센터 암연구소"]', '1. 협력지원센터 건립 추진 현황과 국·도비 확보
2. 입주기업이 함께 쓸 시설의 수요
3. 사업시행자 4자 실무협의체 일정', '[데모] 예시로 만든 회의록이다.
- 협력지원센터 건립비(총 사업비 1,200억원 예상)의 국·도비 확보를 위해 정부·경기도 관계부서에 지원을 다시 요청하기로 함.
- 입주기업이 함께 쓸 시설의 수요를 조사해 도입시설 계획에 반영하기로 함.
- 사업시행자 4자 실무협의체에 속도감 있는 사업 진행을 요구하고 다음 회의 일정을 앞당기기로 함.
- 대학은 입주기업 대상 기술교류회를 분기마다 열자고 제안함.', 'cluster');
INSERT INTO meetings (id, title, org_id, held_on, starts_at, duration_minutes, place, attendees, agenda, minutes, visibility) VALUES (4, '[데모] 외부 제공 준비 내부 회의', 2, date('now', '+9 hours', '-7 days'), date('now', '+9 hours', '-7 days') || 'T06:00:00Z', 60, '의학연구소 회의실', '["의학연구소","정보전략팀","연구지원팀"]', '1. 입주기업에 제공할 자료의 처리 방식
2. 병원 안의 분석 환경 준비', '[데모] 예시로 만든 회의록이다(병원 내부 회의: 이 병원만 본다).
- 입주기업에 제공할 자료는 병원 안의 분석 환경에서만 이용하게 하기로 함.
- 재식별 위험 점검을 마친 뒤 제공 절차 안내서에 반영하기로 함.', 'private');

-- Action items that follow from the meetings: done for the round tables' first steps, open for
-- the rest. partner_org_id stays empty: none is inside a collaboration.
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('협력 창구(담당 부서) 회신 정리', 11, 1, '2023-04-14', 'done', '[데모] 1차 간담회 후속: 여섯 병원의 협력 창구를 모아 2차 간담회에서 공유함.', 'public');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('협업 가능 품목과 조건 목록 작성', 4, 2, '2023-11-30', 'done', '[데모] 2차 간담회 후속: 명지병원의 개발제품 전임상·임상·유효성 협업 가능 품목과 조건.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('제공 절차 안내서(IRB·DUA) 작성', 2, 2, date('now', '+9 hours', '+24 days'), 'open', '[데모] 2차 간담회 후속: 입주기업이 뇌 MR 영상데이터를 신청할 때의 IRB 승인, 데이터 이용 협약(DUA), 가명처리 데이터 이용 환경을 한 장으로 안내.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('분석 지원 신청 양식 공유', 3, 2, date('now', '+9 hours', '+10 days'), 'open', '[데모] 2차 간담회 후속: 일산병원의 건강보험 빅데이터 분석 지원을 입주기업이 신청하는 양식.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('협력지원센터 건립비 국·도비 지원 요청 공문 발송', 11, 3, date('now', '+9 hours', '+7 days'), 'open', '[데모] 실무회의 후속: 정부·경기도 관계부서에 협력지원센터 건립비 지원을 다시 요청.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('입주기업 수요조사 설문 배포', 12, 3, date('now', '+9 hours', '+14 days'), 'open', '[데모] 실무회의 후속: 입주기업과 협의체 기관에 공용실험실 장비 수요를 묻는 설문.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('사업시행자 4자 실무협의체 일정 앞당기기 요청', 11, 3, date('now', '+9 hours', '+30 days'), 'open', '[데모] 실무회의 후속: 사업시행자 4자 실무협의체에 속도감 있는 사업 진행을 요구.', 'cluster');
INSERT INTO action_items (title, org_id, meeting_id, due_on, status, notes, visibility) VALUES ('제공 전 재식별 위험 점검', 2, 4, date('now', '+9 hours', '+21 days'), 'open', '[데모] 내부 회의 후속: 제공 전 가명처리 파이프라인의 재식별 위험을 점검.', 'private');
