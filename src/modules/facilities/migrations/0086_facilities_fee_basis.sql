-- 0086_facilities_fee_basis: the fee from booked or from used time (issue #13, item 5).
--
-- A resource's fee_basis says what its bookings are billed for: 'booked' (the default, as
-- before: the booked minutes) or 'used' (from check-in to check-out, within the booked time; the
-- booking's end when nobody checks out). A booking keeps the basis it was made under, like its
-- fee class and rate. checked_out_at/by: the check-out at the instrument's QR page.
-- billed_minutes: the used minutes once they are known (checked out, or the booking ended),
-- NULL while the booked minutes are what is billed. A statement line names the basis its
-- minutes and fee were billed on.

ALTER TABLE resources ADD COLUMN fee_basis TEXT NOT NULL DEFAULT 'booked' CHECK (fee_basis IN ('booked','used'));
ALTER TABLE bookings ADD COLUMN fee_basis TEXT NOT NULL DEFAULT 'booked' CHECK (fee_basis IN ('booked','used'));
ALTER TABLE bookings ADD COLUMN checked_out_at TEXT;                        -- UTC
ALTER TABLE bookings ADD COLUMN checked_out_by INTEGER REFERENCES users(id);
ALTER TABLE bookings ADD COLUMN billed_minutes INTEGER CHECK (billed_minutes >= 0);
ALTER TABLE statement_lines ADD COLUMN fee_basis TEXT CHECK (fee_basis IN ('booked','used'));
-- the used-time bookings still to bill (the statement generation's look-up)
CREATE INDEX bookings_unbilled ON bookings(ends_at) WHERE fee_basis = 'used' AND billed_minutes IS NULL;
