-- 0042_facilities_series: recurring bookings. POST /api/v1/bookings with repeat_until books the
-- same hours every week up to that date (Seoul), all or nothing in one write transaction; every
-- booking of the series carries series_id, the id of its first booking.

ALTER TABLE bookings ADD COLUMN series_id INTEGER;
ALTER TABLE bookings ADD COLUMN repeat_until TEXT;    -- YYYY-MM-DD (Seoul), as asked
CREATE INDEX bookings_series ON bookings(series_id) WHERE series_id IS NOT NULL;
