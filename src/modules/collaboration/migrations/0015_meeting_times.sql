-- 0015_meeting_times: when a council meeting starts and how long it runs, both optional.
-- starts_at is an instant stored in UTC as YYYY-MM-DDTHH:MM:SSZ (the engine's date-time type:
-- given with an offset, or in Korean time without one); held_on stays the day it is filed under.
-- duration_minutes is whole minutes (the engine's duration type, which also reads PT1H30M).
ALTER TABLE meetings ADD COLUMN starts_at TEXT;
ALTER TABLE meetings ADD COLUMN duration_minutes INTEGER CHECK (duration_minutes >= 0);
CREATE INDEX meetings_starts ON meetings(starts_at);
