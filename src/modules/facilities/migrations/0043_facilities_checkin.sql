-- 0043_facilities_checkin: check-in at the instrument (its QR code opens the check-in page) and
-- the no-show a booking not checked in becomes. noshow_minutes: a confirmed booking not checked
-- in this many minutes after its start is marked no-show by the sweep (bpmc serve every
-- --sweep-seconds, and `bpmc noshow-sweep`); 0: no check-in is asked for.

ALTER TABLE resources ADD COLUMN noshow_minutes INTEGER NOT NULL DEFAULT 0 CHECK (noshow_minutes >= 0);
ALTER TABLE bookings ADD COLUMN checked_in_at TEXT;                         -- UTC
ALTER TABLE bookings ADD COLUMN checked_in_by INTEGER REFERENCES users(id);
CREATE INDEX bookings_unchecked ON bookings(starts_at) WHERE status = 'approved' AND checked_in_at IS NULL;
