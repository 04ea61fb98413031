-- 0020_facilities: the support center's (고양 바이오 정밀의료 협력지원센터, org 12) shared facilities
-- as the seed plan names them (도입시설: 공용실험실, 융합·협력 커뮤니티 공간, R&D 연구소, 입주 공간) with
-- a few instruments, their bookings around the day the demo is loaded, a voucher program and two
-- leases. Everything here is demo data ([데모]): the plan names the facilities, not their
-- equipment, fees or tenants. Times are UTC; the opening hours are Seoul's.

INSERT INTO resources (id, name, kind, location, description, manager_org_id, hours_mon, hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun, slot_minutes, min_minutes, max_minutes, lead_days, requires_approval, requires_qualification, hourly_fee, capacity) VALUES
 (1, '공용실험실 A (세포배양실)', 'lab', '협력지원센터 3층 301호', '[데모] 입주기업이 함께 쓰는 공용실험실(BSL-2 세포배양, 클린벤치 4대, CO₂ 인큐베이터).', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 60, 480, 60, 0, 0, 20000, 8),
 (2, '융합·협력 커뮤니티 라운지', 'room', '협력지원센터 1층', '[데모] 입주기업·협력기관의 네트워킹과 세미나를 위한 커뮤니티 공간.', 12, '08:00-22:00', '08:00-22:00', '08:00-22:00', '08:00-22:00', '08:00-22:00', '10:00-17:00', NULL, 30, 30, 240, 30, 0, 0, 0, 40),
 (3, 'R&D 연구소 세미나실', 'room', '협력지원센터 5층 502호', '[데모] R&D 연구소의 회의·세미나실(화상회의 장비).', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 30, 180, 30, 0, 0, 10000, 16),
 (4, '차세대 염기서열 분석기 (NGS)', 'instrument', '협력지원센터 3층 공용장비실', '[데모] 유전체 분석용 차세대 시퀀서. 교육 이수자만 예약할 수 있으며 야간 런을 위해 24시간 운영합니다.', 12, '00:00-24:00', '00:00-24:00', '00:00-24:00', '00:00-24:00', '00:00-24:00', '00:00-24:00', '00:00-24:00', 60, 120, 2880, 60, 1, 1, 150000, NULL),
 (5, '공초점 레이저 주사 현미경', 'instrument', '협력지원센터 3층 이미징실', '[데모] 세포·조직 3D 형광 이미징용 공초점 현미경. 교육 이수 후 예약.', 12, '09:00-21:00', '09:00-21:00', '09:00-21:00', '09:00-21:00', '09:00-21:00', NULL, NULL, 30, 60, 240, 30, 0, 1, 60000, NULL),
 (6, '유세포 분석기 (Flow cytometer)', 'instrument', '협력지원센터 3층 공용장비실', '[데모] 면역세포·줄기세포 분석용 유세포 분석기. 관리자 승인 후 확정.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 30, 240, 45, 1, 0, 40000, NULL);

-- Bookings around the day the demo is loaded (01:00Z is 10:00 in Seoul).
INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, purpose, status, minutes, fee, company_part) VALUES
 (1, 101, strftime('%Y-%m-%dT01:00:00Z','now','+1 day'), strftime('%Y-%m-%dT04:00:00Z','now','+1 day'), '[데모] 세포주 계대배양', 'approved', 180, 60000, 60000),
 (1, 102, strftime('%Y-%m-%dT05:00:00Z','now','+1 day'), strftime('%Y-%m-%dT07:00:00Z','now','+1 day'), '[데모] 오가노이드 배양', 'approved', 120, 40000, 40000),
 (2, 105, strftime('%Y-%m-%dT06:00:00Z','now','+2 days'), strftime('%Y-%m-%dT08:00:00Z','now','+2 days'), '[데모] 입주기업 IR 세미나', 'approved', 120, 0, 0),
 (3, 103, strftime('%Y-%m-%dT02:00:00Z','now','+3 days'), strftime('%Y-%m-%dT03:30:00Z','now','+3 days'), '[데모] 공동연구 킥오프 회의', 'approved', 90, 15000, 15000),
 (4, 102, strftime('%Y-%m-%dT09:00:00Z','now','+2 days'), strftime('%Y-%m-%dT21:00:00Z','now','+2 days'), '[데모] 전장 유전체 시퀀싱 런', 'requested', 720, 1800000, 1800000),
 (5, 104, strftime('%Y-%m-%dT01:00:00Z','now','+1 day'), strftime('%Y-%m-%dT03:00:00Z','now','+1 day'), '[데모] 조직 절편 형광 이미징', 'approved', 120, 120000, 120000),
 (6, 106, strftime('%Y-%m-%dT02:00:00Z','now','+4 days'), strftime('%Y-%m-%dT04:00:00Z','now','+4 days'), '[데모] NK세포 표면마커 분석', 'requested', 120, 80000, 80000),
 (6, 101, strftime('%Y-%m-%dT01:00:00Z','now','-7 days'), strftime('%Y-%m-%dT02:00:00Z','now','-7 days'), '[데모] T세포 활성 분석', 'completed', 60, 40000, 40000),
 (5, 103, strftime('%Y-%m-%dT05:00:00Z','now','-3 days'), strftime('%Y-%m-%dT06:00:00Z','now','-3 days'), '[데모] 세포 형태 관찰', 'no-show', 60, 60000, 60000);

-- The center's spaces (입주 공간) and two leases to tenants.
INSERT INTO spaces (id, name, kind, floor, area_m2, monthly_rent, description) VALUES
 (1, '입주 사무실 401호', 'office', 4, 4550, 1200000, '[데모] 창업·벤처기업 입주 사무실 (6인)'),
 (2, '입주 사무실 402호', 'office', 4, 3300, 900000, '[데모] 창업·벤처기업 입주 사무실 (4인)'),
 (3, '입주 실험실 310호', 'lab', 3, 8200, 2500000, '[데모] 전용 습식 실험실(흄후드 2대)'),
 (4, '협력기관 입주실 601호', 'office', 6, 5000, 1500000, '[데모] 협력기관 입주 공간'),
 (5, '융합·협력 커뮤니티 공간', 'community', 1, 24000, NULL, '[데모] 공용 라운지 (예약: 장비·공간)');
INSERT INTO leases (space_id, org_id, starts_on, ends_on, monthly_rent, deposit, note) VALUES
 (1, 101, '2026-03-01', '2028-02-29', 1200000, 12000000, '[데모] 2년 입주 계약'),
 (4, 169, '2026-01-01', date('now','+60 days'), 1500000, 15000000, '[데모] VC 입주 계약 (만료 임박)');

-- A voucher program that pays 70 % of a company's booking fees, up to a yearly amount.
INSERT INTO vouchers (program, org_id, year, share_percent, yearly_cap, used) VALUES
 ('[데모] 첨단장비 활용 바우처', 105, CAST(strftime('%Y','now') AS INTEGER), 70, 5000000, 0),
 ('[데모] 첨단장비 활용 바우처', 104, CAST(strftime('%Y','now') AS INTEGER), 50, 3000000, 0);
