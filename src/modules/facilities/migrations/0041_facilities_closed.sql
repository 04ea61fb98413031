-- 0041_facilities_closed: the days and periods a resource cannot be booked, and how late its
-- booking organisation may still cancel.
--
-- holidays: Korean public holidays (관공서의 공휴일에 관한 규정: 국경일, 설날·추석 연휴,
-- 대체공휴일, election days), kept by operators; seeded here for 2026 and 2027 as reference data
-- (not demo). A resource with closed_on_holidays (the default) takes no booking touching one,
-- and its availability leaves them out. Weekend holidays are listed too: a resource open on
-- weekends is closed on them.
--
-- blackouts: maintenance and blackout periods of one resource, written by operators or the
-- resource's managing organisation (org_id: the resource's manager_org_id when written). A
-- booking sharing an instant with one is refused; a blackout over bookings that hold their time
-- is refused (409 naming them): they are cancelled or moved first.
--
-- cancel_hours: the booking organisation cancels up to this many hours before the start
-- (0: until the start); the manager and operators cancel at any time.

CREATE TABLE holidays (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    date        TEXT NOT NULL,               -- YYYY-MM-DD (Seoul)
    name_ko     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX holidays_date ON holidays(date);

INSERT INTO holidays (date, name_ko, name_en) VALUES
    ('2026-01-01', '신정', 'New Year''s Day'),
    ('2026-02-16', '설날 연휴', 'Seollal holiday'),
    ('2026-02-17', '설날', 'Seollal (Lunar New Year)'),
    ('2026-02-18', '설날 연휴', 'Seollal holiday'),
    ('2026-03-01', '삼일절', 'Independence Movement Day'),
    ('2026-03-02', '대체공휴일(삼일절)', 'Substitute holiday (Independence Movement Day)'),
    ('2026-05-05', '어린이날', 'Children''s Day'),
    ('2026-05-24', '부처님오신날', 'Buddha''s Birthday'),
    ('2026-05-25', '대체공휴일(부처님오신날)', 'Substitute holiday (Buddha''s Birthday)'),
    ('2026-06-03', '전국동시지방선거일', 'Local elections day'),
    ('2026-06-06', '현충일', 'Memorial Day'),
    ('2026-08-15', '광복절', 'Liberation Day'),
    ('2026-08-17', '대체공휴일(광복절)', 'Substitute holiday (Liberation Day)'),
    ('2026-09-24', '추석 연휴', 'Chuseok holiday'),
    ('2026-09-25', '추석', 'Chuseok'),
    ('2026-09-26', '추석 연휴', 'Chuseok holiday'),
    ('2026-10-03', '개천절', 'National Foundation Day'),
    ('2026-10-05', '대체공휴일(개천절)', 'Substitute holiday (National Foundation Day)'),
    ('2026-10-09', '한글날', 'Hangeul Day'),
    ('2026-12-25', '성탄절', 'Christmas Day'),
    ('2027-01-01', '신정', 'New Year''s Day'),
    ('2027-02-06', '설날 연휴', 'Seollal holiday'),
    ('2027-02-07', '설날', 'Seollal (Lunar New Year)'),
    ('2027-02-08', '설날 연휴', 'Seollal holiday'),
    ('2027-02-09', '대체공휴일(설날)', 'Substitute holiday (Seollal)'),
    ('2027-03-01', '삼일절', 'Independence Movement Day'),
    ('2027-05-05', '어린이날', 'Children''s Day'),
    ('2027-05-13', '부처님오신날', 'Buddha''s Birthday'),
    ('2027-06-06', '현충일', 'Memorial Day'),
    ('2027-08-15', '광복절', 'Liberation Day'),
    ('2027-08-16', '대체공휴일(광복절)', 'Substitute holiday (Liberation Day)'),
    ('2027-09-14', '추석 연휴', 'Chuseok holiday'),
    ('2027-09-15', '추석', 'Chuseok'),
    ('2027-09-16', '추석 연휴', 'Chuseok holiday'),
    ('2027-10-03', '개천절', 'National Foundation Day'),
    ('2027-10-04', '대체공휴일(개천절)', 'Substitute holiday (National Foundation Day)'),
    ('2027-10-09', '한글날', 'Hangeul Day'),
    ('2027-10-11', '대체공휴일(한글날)', 'Substitute holiday (Hangeul Day)'),
    ('2027-12-25', '성탄절', 'Christmas Day'),
    ('2027-12-27', '대체공휴일(성탄절)', 'Substitute holiday (Christmas Day)');

ALTER TABLE resources ADD COLUMN closed_on_holidays INTEGER NOT NULL DEFAULT 1 CHECK (closed_on_holidays IN (0,1));
ALTER TABLE resources ADD COLUMN cancel_hours INTEGER NOT NULL DEFAULT 0 CHECK (cancel_hours >= 0);

CREATE TABLE blackouts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id INTEGER NOT NULL REFERENCES resources(id),
    org_id      INTEGER REFERENCES orgs(id),      -- the resource's managing organisation
    kind        TEXT NOT NULL DEFAULT 'maintenance' CHECK (kind IN ('maintenance','blackout')),
    starts_at   TEXT NOT NULL,                    -- UTC YYYY-MM-DDTHH:MM:SSZ
    ends_at     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    version     INTEGER NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX blackouts_slot ON blackouts(resource_id, starts_at, ends_at);
CREATE INDEX blackouts_org ON blackouts(org_id);
