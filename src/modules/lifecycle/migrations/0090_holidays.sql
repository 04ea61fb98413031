-- 0090_holidays: the SLA clock of support requests counts working days from the holidays table
-- (facilities' migration 0041, kept by operators), the platform's one list of public holidays;
-- the list rules.c kept besides it is gone. What that list had and the table did not:
--   2025, for requests filed then (관공서의 공휴일에 관한 규정: 국경일, 설날·추석 연휴,
--   대체공휴일, the presidential election of 3 June and the temporary holiday of 27 January);
--   제헌절, a public holiday again from 2026 (공휴일에 관한 법률 amended: passed on 2026-01-29,
--   in force three months after its promulgation, before 17 July 2026).
-- 28 September 2026 is not added: 추석 2026 (24-26 September, Thursday to Saturday) touches no
-- Sunday, and a substitute day follows 설날 or 추석 only when one of its days is a Sunday or
-- another holiday (규정 §3). A day already in the table is left as it is.
INSERT INTO holidays (date, name_ko, name_en)
SELECT v.column1, v.column2, v.column3 FROM (VALUES
    ('2025-01-01', '신정', 'New Year''s Day'),
    ('2025-01-27', '임시공휴일', 'Temporary public holiday'),
    ('2025-01-28', '설날 연휴', 'Seollal holiday'),
    ('2025-01-29', '설날', 'Seollal (Lunar New Year)'),
    ('2025-01-30', '설날 연휴', 'Seollal holiday'),
    ('2025-03-01', '삼일절', 'Independence Movement Day'),
    ('2025-03-03', '대체공휴일(삼일절)', 'Substitute holiday (Independence Movement Day)'),
    ('2025-05-05', '어린이날·부처님오신날', 'Children''s Day and Buddha''s Birthday'),
    ('2025-05-06', '대체공휴일(어린이날·부처님오신날)', 'Substitute holiday (Children''s Day, Buddha''s Birthday)'),
    ('2025-06-03', '제21대 대통령선거일', 'Presidential election day'),
    ('2025-06-06', '현충일', 'Memorial Day'),
    ('2025-08-15', '광복절', 'Liberation Day'),
    ('2025-10-03', '개천절', 'National Foundation Day'),
    ('2025-10-05', '추석 연휴', 'Chuseok holiday'),
    ('2025-10-06', '추석', 'Chuseok'),
    ('2025-10-07', '추석 연휴', 'Chuseok holiday'),
    ('2025-10-08', '대체공휴일(추석)', 'Substitute holiday (Chuseok)'),
    ('2025-10-09', '한글날', 'Hangeul Day'),
    ('2025-12-25', '성탄절', 'Christmas Day'),
    ('2026-07-17', '제헌절', 'Constitution Day'),
    ('2027-07-17', '제헌절', 'Constitution Day')
) v WHERE NOT EXISTS (SELECT 1 FROM holidays h WHERE h.date = v.column1);
