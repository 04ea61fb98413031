-- 0045_facilities_money: the facilities' money in the demo (all of it [데모], synthetic): the
-- support center's other shared instruments (a dozen in all with 0020's), each with an hourly
-- fee per organisation class (tenant / cluster member / external); a month of bookings (last
-- month, Seoul, weekdays) across the instruments by tenants, non-tenant companies and council
-- members, each with its fee from the booked time and its organisation's class and the voucher
-- parts the demo vouchers pay (in order, until their caps); and last month's statements made
-- from them, as `bpmc statements generate` makes them (two of them issued).

INSERT INTO resources (name, kind, location, description, manager_org_id, hours_mon, hours_tue, hours_wed, hours_thu, hours_fri, hours_sat, hours_sun, slot_minutes, min_minutes, max_minutes, lead_days, requires_approval, requires_qualification, hourly_fee, hourly_fee_member, hourly_fee_external) VALUES
 ('질량분석기 (LC-MS/MS)', 'instrument', '협력지원센터 3층 분석장비실', '[데모] 단백질·대사체 정량 분석용 액체크로마토그래피-탠덤 질량분석기. 교육 이수 후 예약.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 60, 480, 60, 0, 1, 80000, 100000, 140000),
 ('실시간 PCR (qPCR)', 'instrument', '협력지원센터 3층 공용장비실', '[데모] 유전자 발현·진단 마커 정량용 실시간 중합효소연쇄반응 장비.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 30, 240, 45, 0, 0, 15000, 20000, 30000),
 ('디지털 PCR (ddPCR)', 'instrument', '협력지원센터 3층 공용장비실', '[데모] 희귀 변이·액체생검 절대정량용 디지털 PCR.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 30, 240, 45, 0, 0, 25000, 30000, 50000),
 ('표면 플라즈몬 공명 분석기 (SPR)', 'instrument', '협력지원센터 3층 분석장비실', '[데모] 항체·약물 후보의 결합 친화도(KD) 측정 장비. 관리자 승인 후 확정.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 60, 60, 480, 60, 1, 0, 50000, 60000, 90000),
 ('초원심분리기', 'instrument', '협력지원센터 3층 공용장비실', '[데모] 엑소좀·바이러스 벡터 분리용 초원심분리기.', 12, '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', '09:00-18:00', NULL, NULL, 30, 60, 480, 30, 0, 0, 20000, 25000, 40000),
 ('고함량 세포 이미징 시스템', 'instrument', '협력지원센터 3층 이미징실', '[데모] 약물 스크리닝용 자동 고함량 세포 이미징(HCS). 교육 이수 후 예약.', 12, '09:00-21:00', '09:00-21:00', '09:00-21:00', '09:00-21:00', '09:00-21:00', NULL, NULL, 30, 60, 240, 30, 0, 1, 45000, 55000, 80000);

-- A voucher of a company's fees in the year of last month (70 % and 50 % ones are in 0020 for
-- this year; in January last month is last year's).
INSERT INTO vouchers (program, org_id, year, share_percent, yearly_cap, used) VALUES
 ('[데모] 공동장비 이용 지원 바우처', 103, CAST(strftime('%Y', 'now', '+9 hours', 'start of month', '-1 month') AS INTEGER), 60, 2000000, 0);

-- Last month's weekdays (Seoul) × the instruments' usual slots; who books turns with the day.
WITH RECURSIVE
  first(d) AS (SELECT date('now', '+9 hours', 'start of month', '-1 month')),
  days(n, day) AS (SELECT 0, (SELECT d FROM first)
                   UNION ALL SELECT n + 1, date((SELECT d FROM first), '+' || (n + 1) || ' days') FROM days
                   WHERE n < 40 AND date((SELECT d FROM first), '+' || (n + 1) || ' days') < date((SELECT d FROM first), '+1 month')),
  slots(k, resource, hhmm, minutes, purpose) AS (VALUES
    (0, '차세대 염기서열 분석기 (NGS)', '19:00', 720, '[데모] 암 유전체 패널 시퀀싱 런'),
    (1, '공초점 레이저 주사 현미경', '10:00', 120, '[데모] 오가노이드 3D 형광 이미징'),
    (2, '유세포 분석기 (Flow cytometer)', '14:00', 120, '[데모] 면역세포 표현형 분석'),
    (3, '질량분석기 (LC-MS/MS)', '09:00', 240, '[데모] 혈장 단백체 정량 분석'),
    (4, '실시간 PCR (qPCR)', '13:00', 90, '[데모] 진단 마커 발현 정량'),
    (5, '디지털 PCR (ddPCR)', '10:00', 90, '[데모] 액체생검 변이 정량'),
    (6, '표면 플라즈몬 공명 분석기 (SPR)', '15:00', 120, '[데모] 항체 결합 친화도 측정'),
    (7, '초원심분리기', '09:00', 180, '[데모] 엑소좀 분리'),
    (8, '고함량 세포 이미징 시스템', '16:00', 90, '[데모] 약물 스크리닝 이미징')),
  who(i, org_id) AS (VALUES (0, 101), (1, 102), (2, 103), (3, 104), (4, 105), (5, 106), (6, 2), (7, 9), (8, 103), (9, 105)),
  picked AS (
    SELECT d.day, s.k, r.id AS resource_id, s.hhmm, s.minutes, s.purpose,
           (SELECT org_id FROM who WHERE i = (d.n * 3 + s.k * 7) % 10) AS org_id,
           CASE WHEN (d.n * 5 + s.k) % 17 = 0 THEN 'no-show' ELSE 'completed' END AS status,
           r.hourly_fee, r.hourly_fee_member, r.hourly_fee_external
    FROM days d CROSS JOIN slots s JOIN resources r ON r.name = s.resource
    WHERE strftime('%w', d.day) BETWEEN '1' AND '5'
      AND (d.n + s.k) % 3 <> 0                       -- not every instrument every day
      AND (s.k <> 0 OR strftime('%w', d.day) IN ('2', '4'))  -- sequencing runs twice a week
  ),
  classed AS (
    SELECT p.*, CASE WHEN o.is_tenant = 1 THEN 'tenant'
                     WHEN o.kind IN ('hospital','university','institute','public','association') THEN 'member'
                     ELSE 'external' END AS fee_class
    FROM picked p JOIN orgs o ON o.id = p.org_id
  )
INSERT INTO bookings (resource_id, org_id, starts_at, ends_at, purpose, status, minutes, fee_class, hourly_rate, fee, company_part)
SELECT resource_id, org_id,
       strftime('%Y-%m-%dT%H:%M:%SZ', day || ' ' || hhmm, '-9 hours'),
       strftime('%Y-%m-%dT%H:%M:%SZ', day || ' ' || hhmm, '-9 hours', '+' || minutes || ' minutes'),
       purpose, status, minutes, fee_class,
       CASE fee_class WHEN 'tenant' THEN hourly_fee WHEN 'member' THEN hourly_fee_member ELSE hourly_fee_external END,
       (minutes * CASE fee_class WHEN 'tenant' THEN hourly_fee WHEN 'member' THEN hourly_fee_member ELSE hourly_fee_external END + 59) / 60,
       (minutes * CASE fee_class WHEN 'tenant' THEN hourly_fee WHEN 'member' THEN hourly_fee_member ELSE hourly_fee_external END + 59) / 60
FROM classed ORDER BY day, k;

-- The vouchers pay their share of each booking of their organisation and year, in order, until
-- the cap: a part is what the running sum of shares adds below the cap (never below zero).
WITH mine AS (
  SELECT b.id, v.id AS voucher_id, v.yearly_cap AS cap, b.fee * v.share_percent / 100 AS raw,
         sum(b.fee * v.share_percent / 100) OVER (PARTITION BY v.id ORDER BY b.starts_at, b.id) AS run
  FROM bookings b
  JOIN vouchers v ON v.org_id = b.org_id AND v.status = 'active'
   AND v.year = CAST(strftime('%Y', b.starts_at, '+9 hours') AS INTEGER)
   AND v.id = (SELECT min(id) FROM vouchers x WHERE x.org_id = b.org_id AND x.status = 'active'
               AND x.year = CAST(strftime('%Y', b.starts_at, '+9 hours') AS INTEGER))
  WHERE b.purpose LIKE '[데모]%' AND b.voucher_id IS NULL AND b.status NOT IN ('declined','cancelled')
    AND b.fee > 0 AND b.starts_at < strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+9 hours', 'start of month'), '-9 hours')
),
parts AS (SELECT id, voucher_id, min(run, cap) - min(run - raw, cap) AS part FROM mine)
UPDATE bookings SET voucher_id = parts.voucher_id, voucher_part = parts.part, company_part = fee - parts.part
FROM parts WHERE bookings.id = parts.id AND parts.part > 0;

UPDATE vouchers SET used = (SELECT coalesce(sum(voucher_part), 0) FROM bookings
                            WHERE voucher_id = vouchers.id AND status NOT IN ('declined','cancelled'));

-- Last month's statements, one per organisation with billed bookings, a line per booking (the
-- totals follow the lines: 0045_facilities_fees.sql's triggers); two are issued.
INSERT INTO statements (org_id, title, month, status)
SELECT DISTINCT b.org_id,
       '[데모] ' || strftime('%Y', date('now', '+9 hours', 'start of month', '-1 month')) || '년 ' ||
       CAST(strftime('%m', date('now', '+9 hours', 'start of month', '-1 month')) AS INTEGER) || '월 장비·공간 이용료 정산서',
       strftime('%Y-%m', date('now', '+9 hours', 'start of month', '-1 month')), 'draft'
FROM bookings b
WHERE b.status IN ('approved','completed','no-show')
  AND b.starts_at >= strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+9 hours', 'start of month', '-1 month'), '-9 hours')
  AND b.starts_at < strftime('%Y-%m-%dT%H:%M:%SZ', date('now', '+9 hours', 'start of month'), '-9 hours')
ORDER BY b.org_id;

INSERT INTO statement_lines (statement_id, org_id, booking_id, resource_id, description, starts_at, ends_at, minutes,
                             fee_class, hourly_rate, fee, voucher_id, voucher_part, company_part)
SELECT s.id, b.org_id, b.id, b.resource_id, r.name, b.starts_at, b.ends_at, b.minutes, b.fee_class, b.hourly_rate,
       b.fee, b.voucher_id, b.voucher_part, b.company_part
FROM statements s
JOIN bookings b ON b.org_id = s.org_id AND b.status IN ('approved','completed','no-show')
 AND b.starts_at >= strftime('%Y-%m-%dT%H:%M:%SZ', s.month || '-01', '-9 hours')
 AND b.starts_at < strftime('%Y-%m-%dT%H:%M:%SZ', s.month || '-01', '+1 month', '-9 hours')
JOIN resources r ON r.id = b.resource_id
WHERE s.month = strftime('%Y-%m', date('now', '+9 hours', 'start of month', '-1 month'))
ORDER BY s.id, b.starts_at, b.id;

UPDATE statements SET status = 'issued'
WHERE month = strftime('%Y-%m', date('now', '+9 hours', 'start of month', '-1 month')) AND org_id IN (101, 102);
