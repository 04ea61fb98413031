-- 0012_access_log_viewings: a row of access_log counts the alike viewings (same caller, action,
-- collection, row, query and address) coalesced within a window: viewings of them between at
-- and last_at (NULL: one), rows adding up what they showed. Rows are purged after
-- --access-log-retention-days (at least 365), each purge audited.
ALTER TABLE access_log ADD COLUMN viewings INTEGER NOT NULL DEFAULT 1 CHECK (viewings >= 1);
ALTER TABLE access_log ADD COLUMN last_at TEXT;
